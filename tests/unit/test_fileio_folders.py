"""A file whose folder is missing or cannot be made is a user error naming the path."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from chainchief.domain.errors import FileWriteFailed
from chainchief.fileio import atomic_path, write_failure


def test_a_file_where_the_folder_should_be_is_a_write_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("not a folder")
    for target in (blocker / "台账.xlsx", blocker / "2025" / "台账.xlsx"):
        with pytest.raises(FileWriteFailed) as failure, atomic_path(target):
            pytest.fail("the block must not run")
        assert str(target) in failure.value.message
        assert failure.value.path == str(target)
    assert blocker.read_text() == "not a folder"
    assert sorted(tmp_path.iterdir()) == [blocker]


def test_a_folder_that_cannot_be_created_is_a_write_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on a drive that is not there: making the folder fails with ENOENT."""

    def no_such_drive(self: Path, *args: object, **kwargs: object) -> None:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(self))

    monkeypatch.setattr(Path, "mkdir", no_such_drive)
    target = tmp_path / "gone" / "map.png"
    with pytest.raises(FileWriteFailed) as failure, atomic_path(target):
        pytest.fail("the block must not run")
    assert str(target) in failure.value.message
    assert "folder does not exist" in failure.value.message
    assert not target.parent.exists()


def test_a_folder_removed_while_writing_is_a_write_failure(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    target = folder / "sheet.xlsx"
    with pytest.raises(FileWriteFailed) as failure, atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        shutil.rmtree(folder)
    assert str(target) in failure.value.message
    assert not folder.exists()


def test_a_missing_file_read_inside_the_block_is_not_a_write_failure(tmp_path: Path) -> None:
    """Only the destination's own folder counts: other code's missing files stay bugs."""
    target = tmp_path / "sheet.xlsx"
    with pytest.raises(FileNotFoundError), atomic_path(target):
        (tmp_path / "no-template.xlsx").read_bytes()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code", [errno.ENOENT, errno.ENOTDIR, errno.EEXIST])
def test_missing_folder_reasons_are_plain_words(code: int, tmp_path: Path) -> None:
    target = tmp_path / "none" / "a.xlsx"
    failure = write_failure(OSError(code, "x"), target)
    assert "folder" in failure.message and str(target) in failure.message
