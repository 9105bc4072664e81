"""Every kind of audit entry the app writes reads as one sentence, in Chinese and in English.

Two checks: the source itself (every ``action``/``entity`` code any service passes to the log
has a label), and a demo database after a day of real work (each entry, whatever the shape of
its changes, reads without JSON, braces or stored codes).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from exchange_support import write_book
from sqlalchemy import select

import chainchief
from chainchief.domain.agenda import AgendaItem
from chainchief.domain.enums import MeetingKind, UserRole
from chainchief.exchange.workbook_spec import SHEETS
from chainchief.i18n import _, set_language
from chainchief.services.actions.items import Resolution, create_action
from chainchief.services.actions.supervision import acknowledge, report_progress
from chainchief.services.admin import audit
from chainchief.services.admin.audit_words import ACTIONS, ENTITIES, describe_entry, entity_label
from chainchief.services.admin.settings import set_setting
from chainchief.services.admin.users import add_user, change_password
from chainchief.services.chains.pins import clear_pins, pin_segment
from chainchief.services.firms.ledger import delete_firm, update_firm
from chainchief.services.kernel.removals import restore
from chainchief.services.meetings.agenda import reset_agenda, save_agenda
from chainchief.services.meetings.meetings import edit_meeting, mark_held, save_minutes
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.services.workbooks.demo import load_demo
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database
from chainchief.store.models import Chain, Firm, Meeting, Segment

CHAIN = "新能源汽车"
WRITERS = {"record", "entry_values", "store_created", "log_changed", "take_away", "NamedKind"}
ENTITY_POSITION = {"store_created": 3, "log_changed": 4, "NamedKind": 2}
SOURCE = Path(chainchief.__file__).parent
CODE_CONSTANTS = ("ACTION", "USER_ENTITY", "ENTITY", "VISIT_ENTITY", "SNAPSHOT_ENTITY")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setenv("CHAINCHIEF_TODAY", "2027-01-04")


def _written_codes() -> Iterator[tuple[str, str]]:
    """``(keyword, code)`` for each literal action or entity a call writing the log passes."""
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield from _call_codes(node)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id in CODE_CONSTANTS:
                        kind = "action" if target.id == "ACTION" else "entity"
                        yield kind, str(node.value.value)


def _call_codes(call: ast.Call) -> Iterator[tuple[str, str]]:
    name = getattr(call.func, "attr", getattr(call.func, "id", ""))
    if name not in WRITERS:
        return
    for keyword in call.keywords:
        if keyword.arg in ("action", "entity") and isinstance(keyword.value, ast.Constant):
            yield keyword.arg, str(keyword.value.value)
    position = ENTITY_POSITION.get(name)
    if position is not None and len(call.args) > position:
        argument = call.args[position]
        if isinstance(argument, ast.Constant):
            yield "entity", str(argument.value)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_code_the_app_logs_has_a_label(language: str) -> None:
    codes = set(_written_codes())
    codes |= {("entity", sheet.alias) for sheet in SHEETS}  # an import's rows
    codes |= {("entity", "people"), ("entity", "departments"), ("entity", "workbook")}
    codes |= {("action", "undo"), ("action", "redo")}  # the UI's replays (ui/undo.py)
    assert ("entity", "firm") in codes and ("action", "issue") in codes, "the scan finds calls"
    set_language(language)
    try:
        labels = {_(label) for label in ENTITIES.values()}
        unlabelled = sorted(
            code
            for kind, code in codes
            if (code not in ACTIONS if kind == "action" else entity_label(code) not in labels)
        )
    finally:
        set_language("en")
    assert unlabelled == []


def _a_day_of_work(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One of each kind of change people make, through the services the app calls."""
    set_setting(db, "backup.keep", "4", actor="张三")
    action = create_action(db, CHAIN, Resolution("走访三家目标企业"), actor="李四")
    acknowledge(db, action, actor="李四")
    report_progress(db, action, "已走访两家", actor="李四")
    with db.transaction() as session:
        chain_id = session.scalar(select(Chain.id).where(Chain.name == CHAIN))
        segment_id = session.scalar(select(Segment.id).where(Segment.chain_id == chain_id))
        firm = session.scalars(select(Firm).where(Firm.uscc.is_not(None)).order_by(Firm.id)).first()
        assert firm is not None
    pin_segment(db, segment_id, 12.0, 34.0, actor="王五")
    clear_pins(db, chain_id, actor="王五")
    apply_plan(db, plan_meetings(db, 2027), actor="王五")
    with db.transaction() as session:
        meeting = session.scalars(
            select(Meeting).where(
                Meeting.kind == MeetingKind.DISPATCH.value, Meeting.chain_id == chain_id
            )
        ).first()
        assert meeting is not None
    save_agenda(db, meeting.id, [AgendaItem("other", "专题研究用地", [])], actor="王五")
    reset_agenda(db, meeting.id, actor="王五")
    edit_meeting(db, meeting.id, day=meeting.date, start=meeting.start, place="三楼", actor="王五")
    save_minutes(db, meeting.id, "议定三项", actor="王五")
    monkeypatch.setenv("CHAINCHIEF_TODAY", meeting.date.isoformat())
    mark_held(db, meeting.id, actor="王五")
    change = update_firm(
        db, firm.id, {"location": "in_city"}, actor="赵六", expected_version=firm.version
    )
    with audit.origin("undo"):
        update_firm(db, firm.id, change.before, actor="赵六", expected_version=change.version)
    removal = delete_firm(db, firm.id, actor="赵六", expected_version=None)
    restore(db, removal, actor="赵六")
    rows = [
        ["企业名称", "统一社会信用代码", "所在地", "从业人数"],
        [firm.name, firm.uscc, "区外", (firm.employees or 0) + 7],
        ["新来的企业有限公司", None, "区外", 12],
    ]
    import_workbook(db, write_book(tmp_path / "firms.xlsx", {"企业": rows}), actor="赵六")
    add_user(db, "boss", UserRole.ADMIN, "secret password", actor="os-user")
    change_password(db, "boss", "another password", actor="boss")
    load_demo(db, force=True, actor="boss")


def test_each_entry_of_a_day_of_work_reads_as_a_sentence(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _a_day_of_work(demo_db, tmp_path, monkeypatch)
    entries = audit.audit_entries(demo_db)
    kinds = {(entry.action, entry.entity) for entry in entries}
    assert {("undo", "firm"), ("delete", "firm"), ("replace", "database")} <= kinds
    assert {("import", "workbook"), ("import", "firms"), ("user", "user")} <= kinds
    unreadable = []
    for language in ("zh_CN", "en"):
        set_language(language)
        try:
            for entry in entries:
                sentence = describe_entry(entry.action, entry.entity, entry.key, entry.changes)
                words = re.sub(r"\S*/\S*", "", sentence.replace(entry.key, ""))  # no key, path
                codes = [*entry.changes, entry.action, entry.entity] if language == "zh_CN" else []
                if (
                    re.search(r"[{}\[\]\"]", sentence)
                    or any(re.search(rf"(?<!\w){re.escape(c)}(?!\w)", words) for c in codes)
                    or (language == "zh_CN" and re.search(r"[a-z]+_[a-z]+", words))
                ):
                    unreadable.append((language, entry.action, entry.entity, sentence))
        finally:
            set_language("en")
    assert unreadable == [], "\n".join(map(str, unreadable))


def test_a_firm_is_named_by_its_name_and_an_import_by_its_counts(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _a_day_of_work(demo_db, tmp_path, monkeypatch)
    set_language("zh_CN")
    try:
        said = [
            describe_entry(entry.action, entry.entity, entry.key, entry.changes)
            for entry in audit.audit_entries(demo_db, audit.AuditFilter(user="赵六"))
        ]
    finally:
        set_language("en")
    firm = next(line for line in said if line.startswith("修改 企业"))
    assert re.match(r"修改 企业「[^/」]*有限公司/[0-9A-Z]{18}」的 所在地：\S+ → 市内$", firm), firm
    assert any(line.startswith("撤销 企业「") for line in said)
    assert "导入 工作簿「firms.xlsx」的 企业：新增 1、更新 1" in said
    assert "导入新增 企业「新来的企业有限公司」" in said
