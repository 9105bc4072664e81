"""The cycle collector is paused while the program starts and resumed once it runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from chainchief.startup import pause_collection, resume_collection


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_resuming_after_a_pause_collects_again_without_the_start_up_objects() -> None:
    pause_collection()
    assert not gc.isenabled()
    kept = [object() for _ in range(1000)]
    resume_collection()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0, "what start-up allocated is left out of collections"
    del kept


def test_resuming_without_a_pause_changes_nothing() -> None:
    frozen = gc.get_freeze_count()
    resume_collection()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_a_command_runs_with_the_collector_on(tmp_path) -> None:
    from chainchief.cli import run

    pause_collection()
    assert run(["--db", str(tmp_path / "x.db"), "stats"]) == 0
    assert gc.isenabled()


def test_a_command_resumes_collecting_when_it_reaches_for_its_database(tmp_path) -> None:
    """Not before: the handler's own imports (SQLAlchemy, the models) run without it."""
    from chainchief.cli.context import CliContext

    pause_collection()
    context = CliContext(db_target=str(tmp_path / "x.db"), user=None)
    assert not gc.isenabled()
    assert context.target == str(tmp_path / "x.db")
    assert gc.isenabled()


def test_pyside_is_told_which_modules_use_it_without_reading_them(monkeypatch) -> None:
    import types

    from shibokensupport import feature  # type: ignore[import-not-found]

    from chainchief.startup import skip_pyside_source_scan

    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)
    skip_pyside_source_scan()
    answer = feature._mod_uses_pyside
    read: list[str] = []
    monkeypatch.setattr("inspect.getsource", lambda module: read.append(module.__name__) or "")
    assert answer(types.ModuleType("chainchief.ui.pages.tables.firms"))
    assert answer(types.ModuleType("PySide6.QtSvg"))
    assert not answer(types.ModuleType("chainchief.services.firms.ledger"))
    assert not answer(types.ModuleType("sqlalchemy.orm"))
    assert read == []
