"""Build the office-PC packages: ``python3 .ci/package.py [--no-deb]``.

From a fresh clone: a build venv under build/ with ChainChief's runtime dependencies and
PyInstaller (never the test extra), the app icon rendered from its SVG, the one-folder bundle
dist/ChainChief/ (``.ci/packaging/chainchief.spec``), a report of its largest parts, and on a
Debian-like system the .deb ``dist/chainchief_<version>_<arch>.deb`` (``.ci/deb.py``). The same
script builds the bundle on Windows, where the Inno Setup script takes over.

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

from bootstrap import QT_DEBIAN_PACKAGES, ROOT, ensure_debian_packages

BUILD = ROOT / "build"
DIST = ROOT / "dist"
BUNDLE = DIST / "ChainChief"
BUILD_VENV = BUILD / "package-venv"
PACKAGING = ROOT / ".ci" / "packaging"
BUILD_TOOLS = ["pyinstaller>=6.10", "pyinstaller-hooks-contrib>=2024.8"]
SIZE_LIMIT_MB = 200
# Names that must never reach the bundle: the test extra and development tools.
DEV_PACKAGES = ("pytest", "_pytest", "pytestqt", "hypothesis", "ruff", "importlinter", "pip")


def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def prepare_venv() -> Path:
    """The build venv with ChainChief installed as a user gets it (not editable), plus
    PyInstaller. setuptools builds in the tree, so its stale build/lib (modules since moved or
    deleted) is cleared first, or the wheel would carry them."""
    python = venv_python(BUILD_VENV)
    if not python.exists():
        venv.create(BUILD_VENV, with_pip=True)
    for stale in [BUILD / "lib", *BUILD.glob("bdist.*")]:
        shutil.rmtree(stale, ignore_errors=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, *BUILD_TOOLS, str(ROOT)], check=True)
    # A local folder with an unchanged version counts as installed: reinstall it every time.
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(ROOT)], check=True)
    return python


def render_icons(python: Path) -> Path:
    folder = BUILD / "icons"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run(
        [str(python), str(PACKAGING / "render_icons.py"), str(folder)], check=True, env=env
    )
    return folder


def build_bundle(python: Path) -> None:
    subprocess.run(
        [
            str(python),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={BUILD / 'pyinstaller'}",
            str(PACKAGING / "chainchief.spec"),
        ],
        check=True,
        cwd=BUILD,
    )


def size_report(bundle: Path, shown: int = 15) -> int:
    """Print the bundle's total and its largest parts (files, and folders of the Qt plugins and
    Python packages taken whole); return the total in bytes."""
    parts: dict[str, int] = {}
    total = 0
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        size = path.stat().st_size
        total += size
        relative = path.relative_to(bundle)
        depth = 4 if relative.parts[1:3] == ("PySide6", "Qt") else 2
        key = "/".join(relative.parts[:depth])
        parts[key] = parts.get(key, 0) + size
    print(f"Bundle {bundle}: {total / 1e6:.1f} MB unpacked; largest parts:")
    for key, size in sorted(parts.items(), key=lambda item: -item[1])[:shown]:
        print(f"  {size / 1e6:7.1f} MB  {key}")
    return total


def check_contents(bundle: Path) -> None:
    internal = bundle / "_internal"
    found = sorted(
        path.name
        for path in internal.iterdir()
        if path.name.split(".")[0].split("-")[0] in DEV_PACKAGES
    )
    if found:
        sys.exit(f"Development packages in the bundle: {', '.join(found)}")
    for program in ("chainchief", "chainchief-gui"):
        if not (bundle / (program + (".exe" if os.name == "nt" else ""))).is_file():
            sys.exit(f"{program} is missing from {bundle}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-deb", action="store_true", help="build the bundle only")
    args = parser.parse_args()
    started = time.monotonic()
    ensure_debian_packages(QT_DEBIAN_PACKAGES)
    python = prepare_venv()
    print(f"== build venv ready ({time.monotonic() - started:.0f} s)", flush=True)
    icons = render_icons(python)
    build_bundle(python)
    print(f"== bundle built ({time.monotonic() - started:.0f} s)", flush=True)
    check_contents(BUNDLE)
    total = size_report(BUNDLE)
    if total > SIZE_LIMIT_MB * 1e6:
        sys.exit(f"The bundle is larger than {SIZE_LIMIT_MB} MB.")
    if not args.no_deb and shutil.which("dpkg-deb"):
        from deb import build_deb

        deb = build_deb(BUNDLE, icons, DIST)
        print(f"== {deb.name} built ({time.monotonic() - started:.0f} s)", flush=True)
    print(f"== done in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
