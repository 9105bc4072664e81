"""Helpers for the quarter's GUI tests: the demo city planned, whole-database snapshots, and
message boxes recorded instead of shown (a modal box would stop an offscreen test)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from chainchief.domain.enums import MeetingKind
from chainchief.services.meetings.meetings import list_meetings
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.store.db import Database
from chainchief.store.models import Base

SPRING = "2026-04-01"
"""Planning day of the tests: the first quarter of 2026 lies in the past."""


def plan_2026(db: Database) -> None:
    apply_plan(db, plan_meetings(db, 2026), actor="planner")


def dispatch_id(db: Database, chain: str, quarter: str = "2026Q2") -> int:
    return next(
        row.id
        for row in list_meetings(db, int(quarter[:4]))
        if row.kind is MeetingKind.DISPATCH and row.chain == chain and row.quarter == quarter
    )


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, audit log included: equal snapshots mean nothing was written."""
    found = {}
    with db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(select(table)).all()
            found[table.name] = sorted(tuple(str(value) for value in row) for row in rows)
    return found


def record_message_boxes(monkeypatch, *, answer: bool = True, overwrite: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    """Replace QMessageBox's static dialogs by a list of the messages they would show; a
    question is answered Yes (or No with ``answer=False``), the conflict question 重新加载
    (or 仍然覆盖 with ``overwrite=True``)."""
    from chainchief.ui import forms

    shown: list[str] = []

    def conflict(_parent: object, text: str) -> bool:
        shown.append(text)
        return overwrite

    monkeypatch.setattr(forms, "ask_overwrite", conflict)

    def record(_parent: object, _title: str, text: str, *_args: object) -> object:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    def ask(_parent: object, _title: str, text: str, *_args: object) -> object:
        shown.append(text)
        return QMessageBox.StandardButton.Yes if answer else QMessageBox.StandardButton.No

    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(ask))
    return shown
