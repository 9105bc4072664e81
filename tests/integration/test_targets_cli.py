"""``chainchief targets`` on the demo and the public fixture: each value is the documented formula
applied to the target's own ``whatif --land-target``, in the documented order."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from chainchief import cli
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import open_database

PUBLIC_FIXTURE = (
    Path(__file__).resolve().parents[3] / "shared" / "fixtures" / ("semiconductor_public.xlsx")
)
STAGE_ORDER = ["signed", "negotiating", "contact", "reserve"]
DEFAULT_STAGES = {"reserve": "0.5", "contact": "0.7", "negotiating": "0.85", "signed": "1.0"}


def run_json(capsys, *argv: str) -> dict:
    code = cli.run(list(argv))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def expected_value(whatif: dict, stage_weight: str) -> Decimal:
    lifted_missing = sum(1 for s in whatif["segments"] if s["from"] == "missing")
    lifted_weak = sum(1 for s in whatif["segments"] if s["from"] == "weak" and s["to"] == "strong")
    gain = Decimal(str(whatif["completeness"]["to"])) - Decimal(str(whatif["completeness"]["from"]))
    raw = (
        3 * len(whatif["breakpoints"]["removed"]) + 2 * lifted_missing + lifted_weak + gain / 10
    ) * Decimal(stage_weight)
    return raw.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_city(capsys, db: str, stages: dict[str, str] = DEFAULT_STAGES) -> int:
    chains = [c["chain"] for c in run_json(capsys, "gaps", "--json", "--db", db)["chains"]]
    checked = 0
    for chain in chains:
        ranked = run_json(capsys, "targets", "--db", db, "--chain", chain, "--rank", "--json")
        assert list(ranked) == ["chain", "targets"]
        assert ranked["chain"] == chain
        keys = [(-t["value"], STAGE_ORDER.index(t["stage"]), t["firm"]) for t in ranked["targets"]]
        assert keys == sorted(keys)
        for item in ranked["targets"]:
            assert list(item) == ["firm", "segment", "stage", "value", "closes"]
            whatif = run_json(
                capsys,
                "whatif",
                "--db",
                db,
                "--chain",
                chain,
                "--land-target",
                f"{item['firm']}@{item['segment']}",
                "--json",
            )
            assert Decimal(str(item["value"])) == expected_value(whatif, stages[item["stage"]])
            assert item["closes"]["breakpoints"] == whatif["breakpoints"]["removed"]
            checked += 1
        by_stage = run_json(capsys, "targets", "--db", db, "--chain", chain, "--json")
        assert sorted(map(json.dumps, by_stage["targets"])) == sorted(
            map(json.dumps, ranked["targets"])
        )
        stages_listed = [STAGE_ORDER.index(t["stage"]) for t in by_stage["targets"]]
        assert stages_listed == sorted(stages_listed)
    return checked


def test_demo_targets_are_valued_by_their_whatif(capsys, demo_db_path: Path) -> None:
    assert check_city(capsys, str(demo_db_path)) > 30


def test_public_fixture_targets_are_valued_by_their_whatif(capsys, tmp_path: Path) -> None:
    path = tmp_path / "public.db"
    database = open_database(path)
    import_workbook(database, PUBLIC_FIXTURE, actor="test")
    database.dispose()
    assert check_city(capsys, str(path)) > 0


def test_stage_weights_come_from_the_settings(capsys, demo_db_path: Path) -> None:
    db = str(demo_db_path)
    assert cli.run(["settings", "set", "foresight.stage_weights", "1,1,1,1", "--db", db]) == 0
    capsys.readouterr()
    flat = dict.fromkeys(DEFAULT_STAGES, "1")
    assert check_city(capsys, db, flat) > 30


@pytest.mark.parametrize("value", ["3,2,1", "a,b,c,d", "3,2,1,-0.1"])
def test_bad_weights_are_refused(capsys, demo_db_path: Path, value: str) -> None:
    code = cli.run(["settings", "set", "foresight.value_weights", value, "--db", str(demo_db_path)])
    assert code == 2
    assert "foresight.value_weights" in capsys.readouterr().err


def test_unknown_chain_is_refused(capsys, demo_db_path: Path) -> None:
    assert cli.run(["targets", "--db", str(demo_db_path), "--chain", "无此链"]) == 2
    assert "无此链" in capsys.readouterr().err
