"""What can be done to a segment of the shown chain, as undoable commands through the services.

The map's gestures, the card menu, the inspector's bar and the Edit menu all end here. Each
method either opens a dialog whose OK runs the command, or runs it at once; a refusal reaches
the user with the service's own message. Deleting asks first and says what goes with it.
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from chainchief.domain.enums import Tier
from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.chains.chain_map import MapCard
from chainchief.services.chains.editing import (
    add_link,
    add_segment,
    delete_link,
    delete_segment,
    segment_deletion_summary,
    segment_values,
    update_segment,
)
from chainchief.services.directory.people import people_names
from chainchief.services.firms.ledger import create_firm, delete_firm, firm_choices
from chainchief.services.firms.memberships import (
    MembershipRow,
    attach_firm,
    detach_firm,
    segment_memberships,
)
from chainchief.services.firms.targets import add_target, delete_target
from chainchief.ui.forms import confirm
from chainchief.ui.icons import icon
from chainchief.ui.labels import literal
from chainchief.ui.map.host import MapHost
from chainchief.ui.map.segment_dialog import SegmentDialog
from chainchief.ui.map.segment_work import AttachFirmDialog, TargetDialog
from chainchief.ui.models.collation import compare_names
from chainchief.ui.undo import CreateCommand, DeleteCommand, Editor, MacroCommand, UpdateCommand


class SegmentCommands(QObject):
    def __init__(self, host: MapHost, editor: Editor) -> None:
        window = host.window()
        super().__init__(window)
        self.host = host
        self.window = window
        self.editor = editor
        self.db = editor.db
        self.actor = editor.actor
        self.dialog: QDialog | None = None
        """The dialog last opened (kept so it lives while open, and for tests)."""
        self._focus: int | None = None
        host.map_loaded.connect(self._map_loaded)

    def _map_loaded(self, _chain_id: int) -> None:
        if self._focus is not None and self._focus in self.host.scene.card_ids():
            self.host.focus_segment(self._focus)
        self._focus = None

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    def _name(self, segment_id: int) -> str:
        return self.host.scene.card(segment_id).name

    # --- segments ------------------------------------------------------------------------

    def add_segment(
        self, tier: Tier, *, supplies: int | None = None, supplied_by: int | None = None
    ) -> None:
        """The segment dialog for a new segment; linked to a neighbour when one is given."""
        if self.host.chain_id is None:
            return
        title = _("Add a segment")
        if supplies is not None:
            title = _("Add a segment that supplies {segment}").format(segment=self._name(supplies))
        elif supplied_by is not None:
            title = _("Add a segment supplied by {segment}").format(segment=self._name(supplied_by))
        values = {"tier": tier.value}
        self._open(
            SegmentDialog(
                self.window,
                title,
                values,
                lambda given: self.create_segment(
                    given, supplies=supplies, supplied_by=supplied_by
                ),
            )
        )

    def create_segment(
        self,
        values: dict[str, Any],
        *,
        supplies: int | None = None,
        supplied_by: int | None = None,
    ) -> str | None:
        """Add the segment (and its link, as one undo step); the refusal's message or None."""
        chain_id = self.host.chain_id
        if chain_id is None:
            return _("Choose a chain first.")
        name = (values.get("name") or "").strip()
        create = CreateCommand(
            self.editor,
            _("Add segment {segment}").format(segment=name),
            lambda: add_segment(self.db, chain_id, values, actor=self.actor),
            lambda ref: delete_segment(
                self.db, ref.id, actor=self.actor, expected_version=ref.version
            ),
        )
        if supplies is None and supplied_by is None:
            message = self.editor.attempt(create)
        else:
            message = self.editor.attempt_macro(
                create.text(),
                lambda _macro: create,
                lambda _macro: self._link_new(create, supplies, supplied_by),
            )
        if message is None and create.ref is not None:
            self._focus = create.ref.id
        return message

    def _link_new(
        self, create: CreateCommand, supplies: int | None, supplied_by: int | None
    ) -> CreateCommand:
        assert create.ref is not None
        new = create.ref.id
        upstream, downstream = (new, supplies) if supplies is not None else (supplied_by, new)
        assert upstream is not None and downstream is not None
        return self._link_command(upstream, downstream)

    def edit_segment(self, segment_id: int) -> None:
        try:
            version, values = segment_values(self.db, segment_id)
        except UserError as error:
            self.editor.refused.emit(error.message)
            return
        self._open(
            SegmentDialog(
                self.window,
                _("Edit segment {segment}").format(segment=values["name"]),
                values,
                lambda given: self.change_segment(segment_id, version, given),
            )
        )

    def change_segment(self, segment_id: int, version: int, values: dict[str, Any]) -> str | None:
        return self.editor.attempt(
            UpdateCommand(
                self.editor,
                _("Edit segment {segment}").format(segment=self._name(segment_id)),
                lambda given, expected: update_segment(
                    self.db, segment_id, given, actor=self.actor, expected_version=expected
                ),
                values,
                version,
            )
        )

    def delete_segment(self, segment_id: int) -> bool:
        """Ask (saying what goes with it), then delete; True when deleted."""
        name = self._name(segment_id)
        try:
            version, _values = segment_values(self.db, segment_id)
            goes = segment_deletion_summary(self.db, segment_id)
        except UserError as error:
            self.editor.refused.emit(error.message)
            return False
        details = [_("These go with it:"), *goes] if goes else []
        if not confirm(
            self.window,
            _("Delete segment"),
            _("Delete the segment {segment}? You can undo it with Ctrl+Z.").format(segment=name),
            details,
        ):
            return False
        return self.editor.run(
            DeleteCommand(
                self.editor,
                _("Delete segment {segment}").format(segment=name),
                lambda: delete_segment(
                    self.db, segment_id, actor=self.actor, expected_version=version
                ),
            )
        )

    # --- links ---------------------------------------------------------------------------

    def _link_command(self, upstream: int, downstream: int) -> CreateCommand:
        names = {
            "upstream": self._name_or_new(upstream),
            "downstream": self._name_or_new(downstream),
        }
        return CreateCommand(
            self.editor,
            _("Link {upstream} → {downstream}").format(**names),
            lambda: add_link(self.db, upstream, downstream, actor=self.actor),
            lambda _ref: delete_link(self.db, upstream, downstream, actor=self.actor),
        )

    def _name_or_new(self, segment_id: int) -> str:
        if segment_id in self.host.scene.card_ids():
            return self._name(segment_id)
        return segment_values(self.db, segment_id)[1]["name"]

    def add_link(self, upstream: int, downstream: int) -> bool:
        """Link two cards; a cycle or a link against tier order is refused and shown."""
        return self.editor.run(self._link_command(upstream, downstream))

    def delete_link(self, upstream: int, downstream: int) -> bool:
        names = {"upstream": self._name(upstream), "downstream": self._name(downstream)}
        return self.editor.run(
            DeleteCommand(
                self.editor,
                _("Remove link {upstream} → {downstream}").format(**names),
                lambda: delete_link(self.db, upstream, downstream, actor=self.actor),
            )
        )

    # --- firms and targets ---------------------------------------------------------------

    def attach_firm(self, segment_id: int) -> None:
        name = self._name(segment_id)
        self._open(
            AttachFirmDialog(
                self.window,
                name,
                firm_choices(self.db),
                lambda values: self.attach(segment_id, values),
            )
        )

    def attach(self, segment_id: int, values: dict[str, Any]) -> str | None:
        """Attach a firm of the ledger, or create the firm and attach it (one undo step)."""
        segment = self._name(segment_id)
        role = {"role": values["role"], "product": values.get("product")}
        firm_id = values.get("firm_id")
        names = {"firm": values["name"], "segment": segment}
        if firm_id is not None:
            return self.editor.attempt(self._attach_command(firm_id, segment_id, role, names))
        firm_values = {k: values.get(k) for k in ("name", "location", "uscc")}
        create = CreateCommand(
            self.editor,
            _("Add firm {firm}").format(firm=values["name"]),
            lambda: create_firm(self.db, firm_values, actor=self.actor),
            lambda ref: delete_firm(
                self.db, ref.id, actor=self.actor, expected_version=ref.version
            ),
        )

        def attach_created(_macro: MacroCommand) -> CreateCommand:
            assert create.ref is not None
            return self._attach_command(create.ref.id, segment_id, role, names)

        return self.editor.attempt_macro(
            _("Attach new firm {firm} to {segment}").format(**names),
            lambda _macro: create,
            attach_created,
        )

    def _attach_command(
        self, firm_id: int, segment_id: int, role: dict[str, Any], names: dict[str, str]
    ) -> CreateCommand:
        return CreateCommand(
            self.editor,
            _("Attach {firm} to {segment}").format(**names),
            lambda: attach_firm(self.db, firm_id, segment_id, role, actor=self.actor),
            lambda ref: detach_firm(
                self.db, ref.id, actor=self.actor, expected_version=ref.version
            ),
        )

    def detach(self, segment_id: int, membership: MembershipRow) -> bool:
        names = {"firm": membership.firm, "segment": self._name(segment_id)}
        return self.editor.run(
            DeleteCommand(
                self.editor,
                _("Detach {firm} from {segment}").format(**names),
                lambda: detach_firm(
                    self.db, membership.id, actor=self.actor, expected_version=membership.version
                ),
            )
        )

    def add_target(self, segment_id: int) -> None:
        name = self._name(segment_id)
        self._open(
            TargetDialog(
                self.window,
                name,
                people_names(self.db),
                lambda values: self.create_target(segment_id, values),
            )
        )

    def create_target(self, segment_id: int, values: dict[str, Any]) -> str | None:
        names = {"firm": (values.get("firm") or "").strip(), "segment": self._name(segment_id)}
        return self.editor.attempt(
            CreateCommand(
                self.editor,
                _("Add target {firm} to {segment}").format(**names),
                lambda: add_target(self.db, segment_id, values, actor=self.actor),
                lambda ref: delete_target(
                    self.db, ref.id, actor=self.actor, expected_version=ref.version
                ),
            )
        )

    # --- the card's menu -----------------------------------------------------------------

    def card_menu(self, segment_id: int, parent: QWidget) -> QMenu:
        """Everything that can be done to one card."""
        menu = QMenu(parent)
        card = self.host.scene.card(segment_id)

        def add(text: str, slot: Any, name: str, icon_name: str | None = None) -> None:
            action = menu.addAction(text, slot)
            action.setObjectName(name)
            if icon_name:
                action.setIcon(icon(icon_name))

        add(_("Edit segment…"), lambda: self.edit_segment(segment_id), "edit_segment", "edit")
        add(_("Add a target firm…"), lambda: self.add_target(segment_id), "add_target", "target")
        add(_("Attach a firm…"), lambda: self.attach_firm(segment_id), "attach_firm", "firm")
        detach = menu.addMenu(_("Detach a firm"))
        detach.setObjectName("detach_firm")
        for membership in segment_memberships(self.db, segment_id):
            where = f"{membership.location.label} · {membership.role.label}"
            detach.addAction(
                literal(f"{membership.firm}（{where}）"),
                functools.partial(self.detach, segment_id, membership),
            )
        detach.setEnabled(not detach.isEmpty())
        menu.addSeparator()
        add(
            _("Add a segment that supplies this one…"),
            lambda: self.add_segment(_tier_before(card.tier), supplies=segment_id),
            "add_upstream",
        )
        add(
            _("Add a segment this one supplies…"),
            lambda: self.add_segment(_tier_after(card.tier), supplied_by=segment_id),
            "add_downstream",
        )
        self._link_menus(menu, segment_id)
        menu.addSeparator()
        add(
            _("Delete segment…"),
            lambda: self.delete_segment(segment_id),
            "delete_segment",
            "delete",
        )
        return menu

    def _link_menus(self, menu: QMenu, segment_id: int) -> None:
        chain = self.host.scene.chain
        assert chain is not None
        supplied = set(chain.successors.get(segment_id, ()))
        others = sorted(
            (c for c in chain.cards if c.segment_id != segment_id and c.segment_id not in supplied),
            key=functools.cmp_to_key(compare_names(_card_name)),
        )
        others.sort(key=lambda c: c.tier.rank)
        supplies = menu.addMenu(_("Supplies to"))
        supplies.setObjectName("supplies")
        for other in others:
            supplies.addAction(
                literal(f"{other.name}（{other.tier.label}）"),
                functools.partial(self.add_link, segment_id, other.segment_id),
            )
        supplies.setEnabled(not supplies.isEmpty())
        remove = menu.addMenu(_("Remove a link"))
        remove.setObjectName("remove_link")
        for link in chain.links:
            if segment_id in (link.upstream, link.downstream):
                names = {
                    "upstream": self._name(link.upstream),
                    "downstream": self._name(link.downstream),
                }
                remove.addAction(
                    literal(_("{upstream} → {downstream}").format(**names)),
                    functools.partial(self.delete_link, link.upstream, link.downstream),
                )
        remove.setEnabled(not remove.isEmpty())


def _tier_before(tier: Tier) -> Tier:
    return list(Tier)[max(0, tier.rank - 1)]


def _tier_after(tier: Tier) -> Tier:
    return list(Tier)[min(len(Tier) - 1, tier.rank + 1)]


def _card_name(card: MapCard) -> str:
    return card.name
