"""An import shows what it will change in stored rows: every field, old → new (issue 18, 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chainchief import cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.run(["--lang", "zh_CN", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def edited_export(capsys: pytest.CaptureFixture[str], database: Path, folder: Path) -> Path:
    """The demo's own export with a new chief for its first chain and a firm moved in zone."""
    exported = folder / "export.xlsx"
    assert run(capsys, "--db", str(database), "export", str(exported))[0] == 0
    book = load_workbook(exported)
    chains, firms = book["产业链"], book["企业"]
    chains["B2"].value = "赵华"
    firms["C2"].value = "区内" if firms["C2"].value != "区内" else "市内"
    edited = folder / "edited.xlsx"
    book.save(edited)
    return edited


def test_dry_run_json_lists_every_changed_field(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, tmp_path: Path
) -> None:
    edited = edited_export(capsys, demo_db_path, tmp_path)
    book = load_workbook(tmp_path / "export.xlsx", read_only=True)
    chain, old_chief = next(book["产业链"].iter_rows(min_row=2, max_col=2, values_only=True))
    firm = next(book["企业"].iter_rows(min_row=2, max_col=1, values_only=True))[0]
    book.close()

    code, out, err = run(
        capsys, "--db", str(demo_db_path), "import", str(edited), "--dry-run", "--json"
    )

    assert (code, err) == (0, "")
    report = json.loads(out)
    assert set(report) == {"added", "updated", "unchanged"}
    assert set(report["added"].values()) == {0}
    changed = {
        (item["sheet"], item["row"], item["key"], item["field"]) for item in report["updated"]
    }
    assert changed == {("产业链", 2, chain, "chief"), ("企业", 2, firm, "location")}
    chief = next(item for item in report["updated"] if item["field"] == "chief")
    assert (chief["new"], chief["old"]) == ("赵华", old_chief)
    assert old_chief != "赵华"
    assert report["unchanged"] > 100


def test_a_real_import_prints_the_changes_it_made(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, tmp_path: Path
) -> None:
    edited = edited_export(capsys, demo_db_path, tmp_path)

    code, out, _err = run(capsys, "--db", str(demo_db_path), "import", str(edited))

    assert code == 0
    lines = out.splitlines()
    assert "已更新的原有记录（2 处）：" in lines
    assert any(
        line.startswith("  产业链!2 ") and "链长：" in line and "→ 赵华" in line for line in lines
    )
    assert any(line.startswith("  企业!2 ") and "所在地：" in line for line in lines)
