"""Install test of the .deb in a clean Debian 12 root: ``python3 .ci/install_test.py [--no-build]``.

Builds the bundle and the .deb (``package.py``) unless ``--no-build``, makes a fresh minimal
Debian 12 root (debootstrap's minbase: no Python, no X, no fonts; the first run caches it as
build/debian12-minbase.tar), installs the .deb there with apt, which brings exactly the declared
dependencies, and then, chrooted, in the C locale, with a PATH holding only /usr/bin and /bin:
- checks that no Python came with it and that every library the bundle loads is found;
- runs ``chainchief --version``, ``demo``, ``sheet --quarter``, ``render`` and ``circular`` (a
  .docx) with Chinese names, so UTF-8 mode is exercised with no LANG, and checks their files;
- starts ``chainchief-gui`` offscreen and requires it to be still running after 5 s, with no
  error output.
Needs root (debootstrap, chroot, mount) and the Debian mirror of /etc/apt. Prints each step's
time. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bootstrap import ROOT, ensure_debian_packages

BUILD = ROOT / "build"
BASE_TAR = BUILD / "debian12-minbase.tar"
CHROOT = BUILD / "install-root"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
CLEAN_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/root", "QT_QPA_PLATFORM": "offscreen"}
GUI_SECONDS = 5
# What Qt's offscreen platform itself prints for any window with a size limit (the same from a
# source checkout; the xcb platform does not): not an error of the app.
OFFSCREEN_NOTES = {"This plugin does not support propagateSizeHints()"}
# Looked up on this machine's PATH: the commands inside the root get only CLEAN_ENV's.
CHROOT_PROGRAM = shutil.which("chroot") or "/usr/sbin/chroot"


def step(title: str, started: float) -> None:
    print(f"== {title} ({time.monotonic() - started:.0f} s)", flush=True)


def debian_mirror() -> str:
    """The Debian mirror this machine's apt uses (deb822 or one-line sources)."""
    sources = [*Path("/etc/apt").glob("sources.list.d/*.sources"), Path("/etc/apt/sources.list")]
    for source in sources:
        if not source.is_file():
            continue
        text = source.read_text(encoding="utf-8", errors="replace")
        found = re.search(r"^URIs:\s*(\S+/debian)/?\s*$", text, re.MULTILINE) or re.search(
            r"^deb\s+(?:\[[^]]*\]\s+)?(\S+/debian)/?\s+\S+", text, re.MULTILINE
        )
        if found:
            return found[1]
    return DEFAULT_MIRROR


def base_root() -> Path:
    if not BASE_TAR.exists():
        ensure_debian_packages(["debootstrap"])
        staging = BUILD / "debootstrap"
        shutil.rmtree(staging, ignore_errors=True)
        subprocess.run(
            ["debootstrap", "--variant=minbase", "bookworm", str(staging), debian_mirror()],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(["tar", "-C", str(staging), "-cf", str(BASE_TAR), "."], check=True)
        shutil.rmtree(staging)
    return BASE_TAR


def fresh_root() -> Path:
    unmount(CHROOT / "proc")
    shutil.rmtree(CHROOT, ignore_errors=True)
    CHROOT.mkdir(parents=True)
    subprocess.run(["tar", "-C", str(CHROOT), "-xf", str(base_root())], check=True)
    shutil.copyfile("/etc/resolv.conf", CHROOT / "etc" / "resolv.conf")
    subprocess.run(["mount", "-t", "proc", "proc", str(CHROOT / "proc")], check=True)
    return CHROOT


def unmount(path: Path) -> None:
    if path.is_mount():
        subprocess.run(["umount", "-l", str(path)], check=True)


def chroot(*command: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHROOT_PROGRAM, str(CHROOT), *command],
        env=CLEAN_ENV,
        check=check,
        text=True,
        capture_output=True,
        **kwargs,
    )


def run_app(*argv: str) -> str:
    """Run an installed command; fail on a non-zero exit, a traceback or a Qt warning (its
    notes to the user on stderr, such as a meeting not planned yet, are shown)."""
    result = chroot(*argv, check=False)
    noise = "Traceback" in result.stderr or re.search(
        r"^(qt\.|QStandardPaths|Qt )", result.stderr, re.M
    )
    if result.returncode != 0 or noise:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stderr}")
    print(f"$ {' '.join(argv)}\n{result.stdout}{result.stderr}", end="", flush=True)
    return result.stdout


def install(deb: Path) -> None:
    shutil.copyfile(deb, CHROOT / "tmp" / deb.name)
    apt = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-q", "-y"]
    chroot(*apt, "update")
    result = chroot(*apt, "install", "--no-install-recommends", f"/tmp/{deb.name}", check=False)
    if result.returncode != 0:
        sys.exit(f"apt-get install failed:\n{result.stdout}\n{result.stderr}")


def check_installed() -> None:
    for python in ("usr/bin/python3", "usr/bin/python"):
        if (CHROOT / python).exists():
            sys.exit(f"/{python} came with the package: the bundle must need no Python.")
    libraries = [
        "/" + str(path.relative_to(CHROOT))
        for path in (CHROOT / "opt" / "chainchief").rglob("*.so*")
        if path.is_file()
    ]
    internal = "/opt/chainchief/_internal"
    missing = set()
    for start in range(0, len(libraries), 200):
        result = chroot(
            "env", f"LD_LIBRARY_PATH={internal}", "ldd", *libraries[start : start + 200]
        )
        missing |= {line.split()[0] for line in result.stdout.splitlines() if "not found" in line}
    if missing:
        sys.exit(f"Libraries not found in the clean root: {', '.join(sorted(missing))}")


def current_quarter() -> str:
    today = dt.date.today()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def run_commands() -> None:
    run_app("chainchief", "--version")
    run_app("chainchief", "demo")
    run_app("chainchief", "sheet", "--quarter", current_quarter(), "-o", "/root/调度会台账.xlsx")
    run_app("chainchief", "render", "--chain", "集成电路", "-o", "/root/集成电路.png")
    # A .docx too: python-docx reads its own templates, which the bundle must carry.
    run_app("chainchief", "circular", "--quarter", current_quarter(), "-o", "/root/通报.docx")
    for written in ("调度会台账.xlsx", "集成电路.png", "通报.docx"):
        path = CHROOT / "root" / written
        if not path.is_file() or path.stat().st_size < 1000:
            sys.exit(f"{written} was not written.")


def run_gui() -> None:
    process = subprocess.Popen(
        [CHROOT_PROGRAM, str(CHROOT), "chainchief-gui"],
        env=CLEAN_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        process.wait(GUI_SECONDS)
    except subprocess.TimeoutExpired:
        process.terminate()
        _out, errors = process.communicate(timeout=30)
        errors = "\n".join(line for line in errors.splitlines() if line not in OFFSCREEN_NOTES)
        if errors.strip():
            sys.exit(f"chainchief-gui wrote errors:\n{errors}")
        return
    sys.exit(f"chainchief-gui ended within {GUI_SECONDS} s:\n{process.communicate()[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="use the .deb already in dist/")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("The install test needs root (debootstrap, chroot).")
    started = time.monotonic()
    if not args.no_build:
        subprocess.run([sys.executable, str(ROOT / ".ci" / "package.py")], check=True)
        step("bundle and .deb built", started)
    debs = sorted((ROOT / "dist").glob("chainchief_*.deb"), key=lambda p: p.stat().st_mtime)
    if not debs:
        sys.exit("No .deb in dist/: run .ci/package.py first.")
    fresh_root()
    try:
        step("clean Debian 12 root ready", started)
        install(debs[-1])
        step(f"{debs[-1].name} installed with its dependencies", started)
        check_installed()
        run_commands()
        step("chainchief --version, demo, sheet, render, circular ran", started)
        run_gui()
        step(f"chainchief-gui ran {GUI_SECONDS} s offscreen without errors", started)
    finally:
        unmount(CHROOT / "proc")
    print(f"== install test passed in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
