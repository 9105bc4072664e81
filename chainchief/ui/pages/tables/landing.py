"""落地 in the UI: moving a target to 落地 offers 挂接为区内企业, one undo step.

Accepted, the step is ``land_target_as_firm`` (stage, firm and 配套 membership together) and
its undo ``undo_landing``; declined, the target just changes stage like any other edit.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from chainchief.i18n import _
from chainchief.services.firms.landing import Landing, land_target_as_firm, undo_landing
from chainchief.ui.undo import Editor, ServiceCommand


def offer_landing(parent: QWidget | None, firm: str, segment: str) -> bool:
    """Ask whether the landed firm becomes a local firm of the segment (the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Target landed"), "", parent=parent)
    box.setObjectName("offer_landing")
    box.setText(
        _("{firm} has landed. Attach it to {segment} as a local firm (配套)?").format(
            firm=firm, segment=segment
        )
    )
    box.setInformativeText(
        _("An existing firm of the same name is reused; otherwise a new local firm is made.")
    )
    attach = box.addButton(_("Attach as local firm"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Only change the stage"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(attach)
    box.exec()
    return box.clickedButton() is attach


class LandCommand(ServiceCommand):
    """The target lands as a local firm of its segment; undo takes all of it back."""

    def __init__(self, editor: Editor, text: str, target_id: int, version: int) -> None:
        super().__init__(editor, text)
        self._target_id = target_id
        self._version: int | None = version
        self.landing: Landing | None = None

    def apply(self) -> None:
        self.landing = land_target_as_firm(
            self.editor.db,
            self._target_id,
            actor=self.editor.actor,
            expected_version=self._version,
        )
        self._version = self.landing.target.version

    def revert(self) -> None:
        assert self.landing is not None
        undo_landing(self.editor.db, self.landing, actor=self.editor.actor)
        self._version = None
