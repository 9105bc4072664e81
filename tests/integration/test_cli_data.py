"""The CLI skeleton: global options anywhere, exit codes, demo and stats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chainchief import __version__, cli

STATS_KEYS = [
    "chains",
    "segments",
    "links",
    "firms",
    "memberships",
    "targets",
    "projects",
    "people",
    "departments",
    "indicators",
    "meetings",
    "actions",
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_stats_json_has_the_documented_keys_in_order(capsys, db_path: Path) -> None:
    code, out, _err = run(capsys, "stats", "--db", str(db_path), "--json")
    assert code == 0
    counts = json.loads(out)
    assert list(counts) == STATS_KEYS
    assert set(counts.values()) == {0}


def test_demo_loads_a_realistic_city(capsys, db_path: Path) -> None:
    assert run(capsys, "--db", str(db_path), "demo")[0] == 0
    code, out, _err = run(capsys, "stats", "--json", "--db", str(db_path))
    counts = json.loads(out)
    assert code == 0
    assert counts["chains"] == 8
    assert counts["firms"] >= 150
    for key in ("people", "departments", "targets", "projects", "indicators", "actions"):
        assert counts[key] > 0, key


def test_demo_refuses_a_database_that_is_not_empty(capsys, demo_db_path: Path) -> None:
    before = demo_db_path.stat().st_size
    code, _out, err = run(capsys, "demo", "--db", str(demo_db_path))
    assert code == 2
    assert "--force" in err
    assert "Traceback" not in err
    assert demo_db_path.stat().st_size >= before


def test_demo_force_replaces_all_data(capsys, demo_db_path: Path) -> None:
    _code, before, _err = run(capsys, "stats", "--json", "--db", str(demo_db_path))
    assert run(capsys, "demo", "--force", "--db", str(demo_db_path))[0] == 0
    _code, after, _err = run(capsys, "stats", "--json", "--db", str(demo_db_path))
    assert json.loads(after) == json.loads(before)


def test_messages_follow_lang_given_after_the_command(capsys, demo_db_path: Path) -> None:
    _code, _out, err = run(capsys, "demo", "--db", str(demo_db_path), "--lang", "zh_CN")
    assert "--force" in err
    assert any("\u4e00" <= char <= "\u9fff" for char in err)


def test_unexpected_errors_name_the_log_file_without_traceback(
    capsys, db_path: Path, monkeypatch
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("chainchief.services.admin.stats.row_counts", explode)
    code, _out, err = run(capsys, "stats", "--db", str(db_path))
    assert code == 1
    assert "Traceback" not in err and "boom" not in err
    assert "chainchief.log" in err


def test_version_and_console_entry_point(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chainchief", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert __version__ in result.stdout


@pytest.mark.parametrize("argv", [["stats", "--bogus"], ["no-such-command"]])
def test_bad_arguments_exit_2(capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.run(argv)
    assert exit_info.value.code == 2
