"""Writing into a folder that is not there: a user error (exit 2) naming the path, no file."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from chainchief import cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_into_a_path_blocked_by_a_file_exits_2_in_the_users_language(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "exports"
    blocker.write_text("a file, not a folder")
    target = blocker / "2025" / "ledger.xlsx"
    code, out, err = run(
        capsys, "--db", str(demo_db_path), "--lang", "zh_CN", "export", str(target)
    )
    assert code == 2
    assert f"无法写入 {target}：" in err
    assert "原有文件（如有）保持不变" in err
    assert "Traceback" not in err and "Unexpected error" not in err
    assert out == ""
    assert blocker.read_text() == "a file, not a folder"
    assert sorted(tmp_path.iterdir()) == sorted([blocker, demo_db_path])


def test_export_into_a_folder_that_cannot_be_created_exits_2(
    capsys: pytest.CaptureFixture[str],
    demo_db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ENOENT while making the folder (a drive or share that is not there)."""
    target = tmp_path / "nonexistent" / "dir" / "x.xlsx"
    real_mkdir = Path.mkdir

    def refuse_outside(self: Path, *args: object, **kwargs: object) -> None:
        if self == target.parent:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", refuse_outside)
    code, out, err = run(capsys, "--db", str(demo_db_path), "--lang", "en", "export", str(target))
    assert code == 2
    assert f"Could not write {target}: its folder does not exist" in err
    assert out == ""
    assert not (tmp_path / "nonexistent").exists()
