import os
import stat
from pathlib import Path

from chainchief.fileio import atomic_path


def test_new_files_get_the_usual_mode_not_owner_only(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    target = tmp_path / "台账.xlsx"
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    target = tmp_path / "map.png"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == b"new"
