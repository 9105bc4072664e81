"""The wheel ships every package of the tree (pyproject lists them explicitly)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed_for_the_wheel() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "chainchief").rglob("__init__.py")
    }
    assert on_disk <= listed
    assert "chainchief.resources" in listed
    folders = {
        ".".join(folder.relative_to(ROOT).parts)
        for folder in (ROOT / "chainchief").rglob("*")
        if folder.is_dir() and any(folder.glob("*.py"))
    }
    assert folders <= listed, "a folder of modules without __init__.py would miss the wheel"
