"""Build the office-PC packages: ``python3 .ci/package.py [--no-deb] [--host]``.

From a fresh clone: ChainChief's wheel and its runtime dependencies with PyInstaller (never the
test extra) in a build venv, the app icon rendered from its SVG, the one-folder bundle
dist/ChainChief/ (``.ci/packaging/chainchief.spec``), a report of its largest parts, and on a
Debian-like system the .deb ``dist/chainchief_<version>_<arch>.deb`` (``.ci/deb.py``).

On Linux the venv and the bundle are made in a Debian 11 root (``build_root.py``) with the five
libm functions whose symbols glibc 2.29 re-versioned bound to their old versions, so the bundle
needs glibc 2.28 at most and the .deb installs on UOS 20 and Kylin V10 as well as Debian 11 and
12; the wheels are those built for glibc 2.28 or older (``.ci/packaging/bundle-constraints.txt``
pins the Qt release that still is). Run as root. With ``--host``, and on Windows, where the Inno
Setup script takes over, the bundle is built with the Python running this script.

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import os
import platform
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
# UOS 20 (on Debian 10) has glibc 2.28, Kylin V10 (on Ubuntu 20.04) 2.31: no file of the
# bundle may need a newer one than 2.28.
GLIBC_CEILING = (2, 28)
# Where the build root sees the source tree and the wheel cache, and keeps its build venv.
ROOT_SOURCE = "/src"
ROOT_WHEELS = "/wheelhouse"
ROOT_VENV = "/opt/chainchief-build-venv"
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


def wheel_platforms() -> list[str]:
    """The manylinux tags of glibc 2.28 and older: ``pip download`` takes exactly the tags it is
    given, so the older ones (and their legacy names) are listed too."""
    machine = platform.machine()
    tags = [f"manylinux_2_{minor}_{machine}" for minor in range(28, 16, -1)]
    return [*tags, *(f"manylinux{name}_{machine}" for name in ("2014", "2010", "1"))]


def build_in_root() -> Path:
    """Wheels, venv, icons and bundle made in the Debian 11 build root, which sees the source
    tree at /src (so the bundle lands in dist/) and the cached wheels at /wheelhouse. Returns the
    icons folder."""
    from build_root import CACHE, PYTHON, build_root, chroot, mounted, require_root

    require_root()
    root = build_root()
    wheels = CACHE / "wheelhouse"
    wheels.mkdir(parents=True, exist_ok=True)
    for stale in [BUILD / "lib", *BUILD.glob("bdist.*")]:
        shutil.rmtree(stale, ignore_errors=True)
    for old_wheel in wheels.glob("chainchief-*.whl"):
        old_wheel.unlink()
    BUILD.mkdir(exist_ok=True)
    pip = f"{ROOT_VENV}/bin/python -m pip"
    tools = " ".join(f"'{tool}'" for tool in BUILD_TOOLS)
    constraints = f"-c {ROOT_SOURCE}/.ci/packaging/bundle-constraints.txt"
    platforms = " ".join(f"--platform {tag}" for tag in wheel_platforms())
    from_cache = f"-q --no-index --find-links {ROOT_WHEELS} {constraints}"
    script = f"""
        test -x {ROOT_VENV}/bin/python || {PYTHON} -m venv {ROOT_VENV}
        {pip} wheel -q --no-deps -w {ROOT_WHEELS} {ROOT_SOURCE}
        {pip} download -q -d {ROOT_WHEELS} --only-binary=:all: {platforms} \
            --python-version 3.11 --implementation cp --abi cp311 --abi abi3 --abi none \
            {constraints} {ROOT_WHEELS}/chainchief-*.whl {tools}
        {pip} install {from_cache} chainchief {tools}
        {pip} install {from_cache} --force-reinstall --no-deps chainchief
        cd {ROOT_SOURCE}/build
        QT_QPA_PLATFORM=offscreen {ROOT_VENV}/bin/python \
            {ROOT_SOURCE}/.ci/packaging/render_icons.py {ROOT_SOURCE}/build/icons
        {ROOT_VENV}/bin/python -m PyInstaller --noconfirm --clean --log-level=WARN \
            --distpath={ROOT_SOURCE}/dist --workpath={ROOT_SOURCE}/build/pyinstaller \
            {ROOT_SOURCE}/.ci/packaging/chainchief.spec
    """
    environment = {"PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    with mounted(root, {ROOT_SOURCE: ROOT, ROOT_WHEELS: wheels}):
        # This machine's CA certificates (mounted() copies them in), which may include a proxy's.
        if (root / "etc" / "ssl" / "certs" / "host-ca.crt").is_file():
            environment["PIP_CERT"] = "/etc/ssl/certs/host-ca.crt"
        chroot(root, script, environment)
    return BUILD / "icons"


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
    parser.add_argument(
        "--host", action="store_true", help="build with this Python, not in the Debian 11 root"
    )
    args = parser.parse_args()
    started = time.monotonic()
    if sys.platform.startswith("linux") and not args.host:
        icons = build_in_root()
    else:
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
        from deb import build_deb, glibc_floor

        newest = glibc_floor(BUNDLE)
        print(f"Newest glibc symbol version the bundle needs: {newest}")
        if not args.host and tuple(map(int, newest.split("."))) > GLIBC_CEILING:
            sys.exit(f"The bundle needs glibc {newest}, newer than UOS 20 has.")

        deb = build_deb(BUNDLE, icons, DIST)
        print(f"== {deb.name} built ({time.monotonic() - started:.0f} s)", flush=True)
    print(f"== done in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
