"""Everything of the main window the first map does not need: editing, the quarter's pages,
the registers, scenarios, the welcome page, help and the keyboard order.

A user waits for the chain map; importing and building these before it showed cost about a
sixth of a second of CPU on every start. The window builds them right after it painted its
first screen, or at once when something asks for one of them earlier (``MainWindow.editing``
and its siblings). The order is the one the menus, tool bar and page tabs always had; the
keyboard order comes last, as it runs through the inspector's buttons that editing adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from chainchief.ui.foresight.preview import ScenarioController, install_foresight
from chainchief.ui.pages.audit_menu import install_audit_view
from chainchief.ui.shell.accessibility import install_accessibility
from chainchief.ui.shell.editing import Editing, install_editing
from chainchief.ui.shell.help_menu import HelpCommands, install_help
from chainchief.ui.shell.quarter import QuarterWorkspace, install_quarter_workspace
from chainchief.ui.shell.registers_tabs import install_registers
from chainchief.ui.shell.welcome import Welcome, install_welcome

if TYPE_CHECKING:
    from chainchief.ui.shell.main_window import MainWindow


@dataclass(frozen=True)
class Workbench:
    audit_action: QAction
    quarter: QuarterWorkspace
    editing: Editing
    foresight: ScenarioController
    welcome: Welcome
    help: HelpCommands


def build_workbench(window: MainWindow) -> Workbench:
    audit_action = install_audit_view(window.menus.file, window, window.db)
    quarter = install_quarter_workspace(window)
    editing = install_editing(window)
    install_registers(window)
    foresight = install_foresight(window)
    welcome = install_welcome(window, quarter.files)
    help_commands = install_help(window)
    install_accessibility(window)
    return Workbench(audit_action, quarter, editing, foresight, welcome, help_commands)
