"""The .deb for 信创 Linux desktops (UOS, Kylin, Debian), made from the PyInstaller bundle.

``build_deb`` lays out the package tree and runs ``dpkg-deb --root-owner-group --build``:
- the bundle under /opt/chainchief, with /usr/bin/chainchief and /usr/bin/chainchief-gui links;
- a desktop entry in the Office (办公) menu, named in Chinese and English, and the icon at
  48–256 px in the hicolor theme;
- a MIME type for ChainChief backups (``<db>-<hash>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.db``), so
  double-clicking one opens it in the app, read-only.
The menu, icon and MIME caches are refreshed by the dpkg triggers of desktop-file-utils,
hicolor-icon-theme and shared-mime-info, so there are no maintainer scripts, and removing (even
purging) the package never touches the users' data in their home folders.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bootstrap import ROOT

PACKAGE = "chainchief"
# System libraries the bundle loads that it does not carry (Qt's xcb platform, EGL/GL, fonts,
# D-Bus, GLib, the C++ runtime). The floors are Debian 10's versions, which UOS 20 and Kylin V10
# are built on, and every one of them is in Debian 11 and 12; none is below what
# ``dpkg-shlibdeps`` finds from Debian 11's symbols files for the bundle's files. The glibc floor
# is measured on the bundle (``glibc_floor``): the newest symbol version libpython, the Python
# extension modules, Qt and the bundled libraries ask for; package.py builds them in a Debian 11
# root and keeps it at Debian 10's 2.28.
DEPENDS = [
    "libegl1 (>= 1.1.0)",
    "libgl1 (>= 1.1.0)",
    "libopengl0 (>= 1.1.0)",
    "libfontconfig1 (>= 2.13)",
    "libfreetype6 (>= 2.9)",
    "libdbus-1-3 (>= 1.12)",
    "libglib2.0-0 (>= 2.58) | libglib2.0-0t64",
    "libx11-6 (>= 2:1.6.7)",
    "libx11-xcb1 (>= 2:1.6.7)",
    "libxkbcommon0 (>= 0.8.2)",
    "libxkbcommon-x11-0 (>= 0.8.2)",
    "libxcb1 (>= 1.13)",
    "libxcb-glx0 (>= 1.13)",
    "libxcb-render0 (>= 1.13)",
    "libxcb-util1 (>= 0.4.0)",
    "libxcb-cursor0 (>= 0.1.1)",
    "libxcb-icccm4 (>= 0.4.1)",
    "libxcb-image0 (>= 0.4.0)",
    "libxcb-keysyms1 (>= 0.4.0)",
    "libxcb-randr0 (>= 1.13)",
    "libxcb-render-util0 (>= 0.3.9)",
    "libxcb-shape0 (>= 1.13)",
    "libxcb-shm0 (>= 1.13)",
    "libxcb-sync1 (>= 1.13)",
    "libxcb-xfixes0 (>= 1.13)",
    "libxcb-xinerama0 (>= 1.13)",
    "libxcb-xkb1 (>= 1.13)",
    # Qt's C++ runtime; Debian 11 renamed libgcc1 to libgcc-s1.
    "libstdc++6 (>= 7)",
    "libgcc-s1 (>= 4.2) | libgcc1 (>= 1:4.2)",
]

DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Version=1.0
Name=ChainChief
Name[zh_CN]=链长制工作台
GenericName=Industrial chain chief workbench
GenericName[zh_CN]=产业链链长制工作台
Comment=Chain maps, quarterly dispatch meetings and action items of a development zone
Comment[zh_CN]=梳理产业链图谱，准备季度链长调度会，跟踪督办事项
Exec=/usr/bin/chainchief-gui %f
Icon=chainchief
Terminal=false
Categories=Office;
MimeType=application/x-chainchief-backup;
Keywords=chain;industry;meeting;链长;产业链;调度会;督办;
StartupWMClass=chainchief-gui
"""

MIME_INFO = """\
<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="application/x-chainchief-backup">
    <sub-class-of type="application/vnd.sqlite3"/>
    <comment>ChainChief backup</comment>
    <comment xml:lang="zh_CN">链长制工作台备份</comment>
    <icon name="chainchief"/>
    <glob pattern="*-????????-??????-??????-*.db" weight="60"/>
  </mime-type>
</mime-info>
"""


def version() -> str:
    text = (ROOT / "chainchief" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert found is not None, "chainchief/__init__.py names no __version__"
    return found[1]


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], check=True, capture_output=True, text=True
    ).stdout.strip()


def folder_size_kib(folder: Path) -> int:
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) // 1024 + 1


def glibc_floor(bundle: Path) -> str:
    """The newest glibc symbol version any file of the bundle asks for (``objdump -T``)."""
    newest = (2, 17)
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink() or not _is_elf(path):
            continue
        symbols = subprocess.run(
            ["objdump", "-T", str(path)], capture_output=True, text=True
        ).stdout
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", symbols):
            newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}"


def control(installed_kib: int, libc: str) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version()}\n"
        f"Architecture: {architecture()}\n"
        "Maintainer: ChainChief developers <chainchief@localhost>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: libc6 (>= {libc}), {', '.join(DEPENDS)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: 链长制工作台 — industrial-chain chief workbench\n"
        " Desktop workbench for the industrial-chain chief system (链长制) of a\n"
        " development zone: chain maps and gaps, target firms and projects,\n"
        " quarterly dispatch meetings and their action items. Self-contained: it\n"
        " needs no Python. The data lives in each user's home folder and is kept\n"
        " when the package is removed.\n"
    )


def write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def build_deb(bundle: Path, icons: Path, dist: Path) -> Path:
    """Build ``dist/chainchief_<version>_<arch>.deb`` from ``bundle`` and the rendered icons."""
    tree = ROOT / "build" / "deb"
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(bundle, tree / "opt" / PACKAGE, symlinks=True)
    (tree / "usr" / "bin").mkdir(parents=True)
    for program in ("chainchief", "chainchief-gui"):
        (tree / "usr" / "bin" / program).symlink_to(f"/opt/{PACKAGE}/{program}")
    share = tree / "usr" / "share"
    write(share / "applications" / f"{PACKAGE}.desktop", DESKTOP_ENTRY)
    write(share / "mime" / "packages" / f"{PACKAGE}.xml", MIME_INFO)
    for size_folder in sorted(p for p in icons.iterdir() if p.is_dir()):
        target = share / "icons" / "hicolor" / f"{size_folder.name}x{size_folder.name}" / "apps"
        target.mkdir(parents=True)
        shutil.copyfile(size_folder / "chainchief.png", target / f"{PACKAGE}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copyfile(icons / "chainchief.svg", scalable / f"{PACKAGE}.svg")
    for path in tree.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or _executable(path) else 0o644)
    write(tree / "DEBIAN" / "control", control(folder_size_kib(tree), glibc_floor(bundle)))
    deb = dist / f"{PACKAGE}_{version()}_{architecture()}.deb"
    # gzip, not xz: xz took 3–5 minutes of the build on a shared two-core machine for a package a
    # quarter smaller (60 MB against 79 MB); every dpkg reads both.
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(tree), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return deb


def _executable(path: Path) -> bool:
    return (path.suffix == "" and path.stat().st_mode & 0o111 != 0) or ".so" in path.suffixes


def _is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"\x7fELF"
