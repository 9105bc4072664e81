"""新建产业链: a short wizard for a first chain — its name and people, then its segments tier
by tier (one name a line).

Every field is checked as typed by the services' own checks; on Finish the chain and its
segments are created through the editor as one undo step, and a refusal (the chief is also
the team lead, a name taken twice…) is shown on the last page with the wizard still open, so
nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from chainchief.domain.enums import Tier
from chainchief.i18n import _
from chainchief.services.chains.editing import add_segment, delete_segment, segment_problem
from chainchief.services.chains.roles import chain_problem, create_chain, delete_chain
from chainchief.ui.forms import CheckedLineEdit, error_label, name_box, show_error
from chainchief.ui.help_topic import set_help_topic
from chainchief.ui.undo import CreateCommand, Editor, MacroCommand, ServiceCommand


@dataclass(frozen=True)
class NewChain:
    """What the wizard collected: the chain's fields and its segments in tier order."""

    values: dict[str, Any]
    segments: tuple[tuple[Tier, str], ...]


def create_new_chain(editor: Editor, chain: NewChain) -> tuple[str | None, int | None]:
    """Create the chain and its segments as one undo step: (refusal or None, new chain id)."""
    db, actor = editor.db, editor.actor
    created: list[CreateCommand] = []

    def chain_step(_macro: MacroCommand) -> ServiceCommand:
        command = CreateCommand(
            editor,
            _("New chain {chain}").format(chain=chain.values["name"]),
            lambda: create_chain(db, chain.values, actor=actor),
            lambda ref: delete_chain(db, ref.id, actor=actor, expected_version=ref.version),
        )
        created.append(command)
        return command

    def segment_step(tier: Tier, name: str) -> Callable[[MacroCommand], ServiceCommand]:
        def step(_macro: MacroCommand) -> ServiceCommand:
            chain_ref = created[0].ref
            assert chain_ref is not None
            return CreateCommand(
                editor,
                _("Add segment {segment}").format(segment=name),
                lambda: add_segment(
                    db, chain_ref.id, {"name": name, "tier": tier.value}, actor=actor
                ),
                lambda ref: delete_segment(db, ref.id, actor=actor, expected_version=ref.version),
            )

        return step

    text = _("New chain {chain}").format(chain=chain.values["name"])
    steps = [chain_step, *(segment_step(tier, name) for tier, name in chain.segments)]
    message = editor.attempt_macro(text, *steps)
    if message is not None:
        return message, None
    ref = created[0].ref
    return None, None if ref is None else ref.id


class RolesPage(QWizardPage):
    """The chain's name, chief, team lead and lead department."""

    def __init__(self, people: Sequence[str], departments: Sequence[str]) -> None:
        super().__init__()
        self.setTitle(_("The chain and who carries it"))
        self.setSubTitle(_("A name nobody entered before becomes a new person or department."))
        self.name = CheckedLineEdit(lambda text: chain_problem("name", text), self)
        self.name.setObjectName("wizard_chain_name")
        self.name.setPlaceholderText(_("e.g. 新能源汽车"))
        self.chief = name_box(people, None, lambda t: chain_problem("chief", t), self)
        self.team_lead = name_box(people, None, lambda t: chain_problem("team_lead", t), self)
        self.department = name_box(
            departments, None, lambda t: chain_problem("lead_department", t), self
        )
        self.problem = error_label(self)
        form = QFormLayout(self)
        for label, field, described in (
            (_("Chain name"), self.name, _("The industry chain, e.g. 新能源汽车")),
            (_("Chain chief"), self.chief, _("The zone leader accountable for the chain")),
            (_("Team lead"), self.team_lead, _("Leads the chain's work team")),
            (_("Lead department"), self.department, _("The department leading the chain's work")),
        ):
            field.setAccessibleName(label)
            field.setAccessibleDescription(described)
            form.addRow(label, field)
        form.addRow(self.problem)
        self.name.problem_changed.connect(lambda _problem: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return bool(self.name.text().strip()) and self.name.problem is None

    def values(self) -> dict[str, Any]:
        given = {
            "name": self.name.text().strip(),
            "chief": self.chief.currentText().strip(),
            "team_lead": self.team_lead.currentText().strip(),
            "lead_department": self.department.currentText().strip(),
        }
        return {field: value for field, value in given.items() if value}


def segment_lines(text: str) -> list[str]:
    """The segment names typed one a line (blank lines skipped)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class TierPage(QWizardPage):
    """The segments of one tier, one name a line."""

    def __init__(self, tier: Tier) -> None:
        super().__init__()
        self.tier = tier
        self.setTitle(_("{tier} segments").format(tier=tier.label))
        self.setSubTitle(_("One segment a line; leave empty to add them later on the map."))
        self.names = QPlainTextEdit(self)
        self.names.setObjectName(f"wizard_{tier.value}")
        self.names.setTabChangesFocus(True)
        self.names.setAccessibleName(_("{tier} segments").format(tier=tier.label))
        self.names.setAccessibleDescription(_("One segment name a line"))
        self.problem = error_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Segment names"), self))
        layout.addWidget(self.names)
        layout.addWidget(self.problem)
        self.names.textChanged.connect(self._check)

    def _problem(self) -> str | None:
        for name in segment_lines(self.names.toPlainText()):
            problem = segment_problem("name", name)
            if problem:
                return f"{name}: {problem}"
        return None

    def _check(self) -> None:
        show_error(self.problem, self._problem())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._problem() is None

    def segments(self) -> list[tuple[Tier, str]]:
        return [(self.tier, name) for name in segment_lines(self.names.toPlainText())]


class NewChainWizard(QWizard):
    """Finish hands the chain to ``submit``; a refusal keeps the wizard open and says why."""

    def __init__(
        self,
        parent: QWidget | None,
        people: Sequence[str],
        departments: Sequence[str],
        submit: Callable[[NewChain], str | None],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("new_chain_wizard")
        self.setWindowTitle(_("New chain"))
        set_help_topic(self, "quickstart", "start")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self._submit = submit
        self.roles = RolesPage(people, departments)
        self.tiers = [TierPage(tier) for tier in Tier]
        self.addPage(self.roles)
        for page in self.tiers:
            self.addPage(page)
        self.resize(560, 420)

    def new_chain(self) -> NewChain:
        segments = tuple(pair for page in self.tiers for pair in page.segments())
        return NewChain(self.roles.values(), segments)

    def accept(self) -> None:
        message = self._submit(self.new_chain())
        if message:
            show_error(self.tiers[-1].problem, message)
            return
        super().accept()
