"""Nothing in the repository names a path of one machine (the repository's habits, issue 17).

A hard-coded home, /tmp or checkout folder works on the PC that wrote it and fails, or writes
somewhere unexpected, on every other; tests reach ../shared from the repository root and write
under ``tmp_path``.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MACHINE_PATH = re.compile(r"/(work|tmp|root|home)/[A-Za-z]")
CHECKED = [ROOT / "chainchief", ROOT / "tests", ROOT / ".ci", ROOT / "README.md"]


def _text_files() -> list[Path]:
    files: list[Path] = []
    for place in CHECKED:
        candidates = [place] if place.is_file() else sorted(place.rglob("*"))
        for path in candidates:
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            try:
                path.read_text("utf-8")
            except UnicodeDecodeError:
                continue  # binary: fixtures, compiled catalogs
            files.append(path)
    return files


def test_no_file_names_a_machine_path() -> None:
    files = _text_files()
    assert any(path.name == "README.md" for path in files)
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if MACHINE_PATH.search(line)
    ]
    assert found == []


def test_the_pattern_catches_what_it_is_for() -> None:
    # Built from parts, so that this file does not match itself.
    assert MACHINE_PATH.search("/".join(["Path(", "work", "shared", "fixtures", "x.xlsx"]))
    assert MACHINE_PATH.search("/".join(["Run: ", "home", "me", "venv", "bin", "python"]))
    assert not MACHINE_PATH.search("chainchief/services/workspace.py")
