"""The template, import and export commands: exit codes, error lines, summary, no traceback."""

from __future__ import annotations

from pathlib import Path

from exchange_support import dump_database, small_city, write_book

from chainchief import cli
from chainchief.services.admin.stats import row_counts
from chainchief.services.workbooks.demo import load_demo
from chainchief.store.db import open_database


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_template_writes_an_empty_workbook(capsys, tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"

    code, stdout, _err = run(capsys, "template", str(out), "--db", str(tmp_path / "x.db"))

    assert code == 0 and out.is_file()
    assert str(out) in stdout


def test_import_prints_a_summary_per_sheet_and_the_people_created(
    capsys, db_path: Path, tmp_path: Path
) -> None:
    path = write_book(tmp_path / "city.xlsx", small_city())

    code, out, err = run(capsys, "import", str(path), "--db", str(db_path))

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["Sheet", "Added", "Updated", "Unchanged"]
    assert lines[1].split() == ["产业链", "2", "0", "0"]
    assert "People created with just their name (4): 王强、刘洋、陈静、赵敏" in lines


def test_dry_run_prints_the_same_summary_and_writes_nothing(
    capsys, db_path: Path, tmp_path: Path
) -> None:
    path = write_book(tmp_path / "city.xlsx", small_city())
    database = open_database(db_path)
    before = dump_database(database)

    code, out, _err = run(capsys, "--db", str(db_path), "import", "--dry-run", str(path))

    assert code == 0
    assert out.splitlines()[1].split() == ["产业链", "2", "0", "0"]
    assert out.splitlines()[-1] == "Dry run: nothing was written."
    assert dump_database(database) == before
    database.dispose()


def test_a_refused_import_prints_each_problem_on_its_line_and_exits_2(
    capsys, db_path: Path, tmp_path: Path
) -> None:
    sheets = small_city()
    sheets["环节"][2][2] = "上中游"
    sheets["企业"][1][5] = -3
    path = write_book(tmp_path / "broken.xlsx", sheets)

    code, out, err = run(capsys, "import", str(path), "--db", str(db_path))

    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "环节!3:C Not one of 上游、中游、下游: 上中游",
        "企业!2:F Negative numbers are not allowed: -3",
        "The import was refused: 2 problems; nothing was changed.",
    ]
    database = open_database(db_path)
    assert set(row_counts(database).values()) == {0}
    database.dispose()


def test_a_hostile_file_gets_one_line_and_no_traceback(
    capsys, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a workbook", encoding="utf-8")

    code, _out, err = run(capsys, "import", str(path), "--db", str(db_path))

    assert code == 2
    assert err.splitlines() == ["The file is not an Excel workbook (.xlsx)."]


def test_a_missing_file_is_a_clear_refusal(capsys, db_path: Path, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "import", str(tmp_path / "nowhere.xlsx"), "--db", str(db_path))

    assert code == 2
    assert err.startswith("Cannot read nowhere.xlsx")


def test_export_writes_every_row(capsys, db_path: Path, tmp_path: Path) -> None:
    database = open_database(db_path)
    load_demo(database, force=False, actor="test")
    database.dispose()
    out = tmp_path / "export.xlsx"

    code, stdout, _err = run(capsys, "export", str(out), "--db", str(db_path))

    assert code == 0 and out.is_file()
    # 941 rows of the chain sheets, 765 of the registers (749 figures, 8 library firms, 8 visits)
    # and the 4 action items the visits' 转督办 created
    assert stdout.startswith("Exported 1710 rows to ")
