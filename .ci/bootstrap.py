"""Set up ChainChief on a fresh machine: system packages Qt needs (Linux), a venv, the package.

Used by ``start.py`` (run the app) and ``test.py`` (run the whole test suite); standard library
only, because it runs before anything is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(os.environ.get("CHAINCHIEF_VENV", ROOT / ".venv"))

# Shared libraries the Qt wheels load on Debian/Ubuntu (xcb for a real window, EGL/GL, fonts).
QT_DEBIAN_PACKAGES = [
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libdbus-1-3",
    "libglib2.0-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-image0",
]


def missing_debian_packages(packages: list[str]) -> list[str]:
    missing = []
    for package in packages:
        status = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
        )
        if "install ok installed" not in status.stdout:
            missing.append(package)
    return missing


def ensure_debian_packages(packages: list[str]) -> None:
    """Install missing packages when we are root on a Debian-like system; otherwise name them."""
    if not sys.platform.startswith("linux") or shutil.which("dpkg-query") is None:
        return
    missing = missing_debian_packages(packages)
    if not missing:
        return
    if os.geteuid() != 0:
        print("Please install these system packages first:", " ".join(missing), file=sys.stderr)
        return
    print("Installing system packages:", " ".join(missing), flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def ensure_venv(extras: str = "") -> Path:
    """Create the venv when missing and install ChainChief (editable) into it."""
    if sys.version_info < (3, 11):
        sys.exit("ChainChief needs Python 3.11 or newer.")
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    target = f"{ROOT}[{extras}]" if extras else str(ROOT)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-e", target],
        check=True,
    )
    return python
