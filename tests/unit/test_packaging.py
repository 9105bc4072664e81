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


def test_bundle_pins_a_qt_release_the_app_allows() -> None:
    """The Linux bundle pins PySide6 to the last release built for glibc 2.28
    (.ci/packaging/bundle-constraints.txt); pyproject must keep allowing it, or the bundle's
    build could not resolve."""
    from packaging.requirements import Requirement

    requirements = {
        requirement.name.lower(): requirement.specifier
        for requirement in map(
            Requirement,
            tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"],
        )
    }
    lines = (ROOT / ".ci" / "packaging" / "bundle-constraints.txt").read_text("utf-8")
    pins = [Requirement(line) for line in lines.splitlines() if line.strip() and line[0] != "#"]
    assert {pin.name.lower() for pin in pins} == {"pyside6-essentials", "pyside6-addons"}
    for pin in pins:
        (pinned,) = pin.specifier
        release = pinned.version.removesuffix(".*") + ".0"
        assert release in requirements[pin.name.lower()], f"{pin} is excluded by pyproject"
