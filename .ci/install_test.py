"""Install test of the .deb in a clean Debian root: ``python3 .ci/install_test.py [--no-build]
[--deb FILE] [--suite bookworm|bullseye] [--screenshot PNG]``.

Builds the bundle and the .deb (``package.py``) unless ``--no-build`` or ``--deb``, makes a
fresh minimal root of the suite (debootstrap's minbase: no Python, no X, no fonts; the first run
caches it as build/<suite>-minbase.tar), installs the .deb there with apt, which brings exactly
the declared dependencies, and then, chrooted, in the C locale, with a PATH holding only
/usr/bin and /bin:
- checks that no Python came with it and that every library the bundle loads is found;
- runs ``chainchief --version``, ``demo``, ``sheet --quarter``, ``render`` and ``circular`` (a
  .docx) with Chinese names, so UTF-8 mode is exercised with no LANG, and checks their files;
- exports the demo data and imports it into a new database (SQLite's RETURNING);
- starts ``chainchief-gui`` offscreen and requires it to be still running after 5 s, with no
  error output; with ``--screenshot``, also on an Xvfb display, and saves the screen.
Debian 12 (bookworm) is the default; Debian 11 (bullseye) has the glibc (2.31) of UOS 20 and
Kylin V10. Needs root (debootstrap, chroot, mount) and the Debian mirror of /etc/apt. Prints each
step's time. Standard library only.
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

from bootstrap import ROOT
from build_root import CHROOT_PROGRAM, debootstrap, mounted, remove_root

BUILD = ROOT / "build"
CLEAN_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/root", "QT_QPA_PLATFORM": "offscreen"}
GUI_SECONDS = 5
# The screenshot waits longer: on a busy machine the first paint can take more than 5 s.
SCREENSHOT_SECONDS = 12
# What Qt's offscreen platform itself prints for any window with a size limit (the same from a
# source checkout; the xcb platform does not): not an error of the app.
OFFSCREEN_NOTES = {"This plugin does not support propagateSizeHints()"}
SCREEN = "1366x768x24"


def step(title: str, started: float) -> None:
    print(f"== {title} ({time.monotonic() - started:.0f} s)", flush=True)


def base_root(suite: str) -> Path:
    tar = BUILD / f"{suite}-minbase.tar"
    if not tar.exists():
        staging = BUILD / f"{suite}-minbase"
        debootstrap(suite, staging)
        subprocess.run(["tar", "-C", str(staging), "-cf", str(tar), "."], check=True)
        remove_root(staging)
    return tar


def fresh_root(suite: str) -> Path:
    root = BUILD / f"install-root-{suite}"
    remove_root(root)
    root.mkdir(parents=True)
    subprocess.run(["tar", "-C", str(root), "-xf", str(base_root(suite))], check=True)
    return root


def chroot(
    root: Path, *command: str, check: bool = True, **kwargs
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHROOT_PROGRAM, str(root), *command],
        env=CLEAN_ENV,
        check=check,
        text=True,
        capture_output=True,
        **kwargs,
    )


def run_app(root: Path, *argv: str) -> str:
    """Run an installed command; fail on a non-zero exit, a traceback or a Qt warning (its
    notes to the user on stderr, such as a meeting not planned yet, are shown)."""
    result = chroot(root, *argv, check=False)
    noise = "Traceback" in result.stderr or re.search(
        r"^(qt\.|QStandardPaths|Qt )", result.stderr, re.M
    )
    if result.returncode != 0 or noise:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stderr}")
    print(f"$ {' '.join(argv)}\n{result.stdout}{result.stderr}", end="", flush=True)
    return result.stdout


def install(root: Path, deb: Path) -> None:
    shutil.copyfile(deb, root / "tmp" / deb.name)
    apt = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-q", "-y"]
    chroot(root, *apt, "update")
    result = chroot(
        root, *apt, "install", "--no-install-recommends", f"/tmp/{deb.name}", check=False
    )
    if result.returncode != 0:
        sys.exit(f"apt-get install failed:\n{result.stdout}\n{result.stderr}")


def check_installed(root: Path) -> None:
    for python in ("usr/bin/python3", "usr/bin/python"):
        if (root / python).exists():
            sys.exit(f"/{python} came with the package: the bundle must need no Python.")
    libraries = [
        "/" + str(path.relative_to(root))
        for path in (root / "opt" / "chainchief").rglob("*.so*")
        if path.is_file()
    ]
    internal = "/opt/chainchief/_internal"
    missing = set()
    for start in range(0, len(libraries), 200):
        result = chroot(
            root, "env", f"LD_LIBRARY_PATH={internal}", "ldd", *libraries[start : start + 200]
        )
        missing |= {line.split()[0] for line in result.stdout.splitlines() if "not found" in line}
    if missing:
        sys.exit(f"Libraries not found in the clean root: {', '.join(sorted(missing))}")


def current_quarter() -> str:
    today = dt.date.today()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def run_commands(root: Path) -> None:
    run_app(root, "chainchief", "--version")
    run_app(root, "chainchief", "demo")
    quarter = current_quarter()
    run_app(root, "chainchief", "sheet", "--quarter", quarter, "-o", "/root/调度会台账.xlsx")
    run_app(root, "chainchief", "render", "--chain", "集成电路", "-o", "/root/集成电路.png")
    # A .docx too: python-docx reads its own templates, which the bundle must carry.
    run_app(root, "chainchief", "circular", "--quarter", quarter, "-o", "/root/通报.docx")
    # The import inserts firms with RETURNING, which needs the bundle's SQLite (3.35 or newer).
    run_app(root, "chainchief", "export", "/root/全部数据.xlsx")
    run_app(root, "chainchief", "--db", "/root/导入.db", "import", "/root/全部数据.xlsx")
    for written in ("调度会台账.xlsx", "集成电路.png", "通报.docx", "导入.db"):
        path = root / "root" / written
        if not path.is_file() or path.stat().st_size < 1000:
            sys.exit(f"{written} was not written.")


def run_gui(root: Path, env: dict[str, str] | None = None) -> None:
    process = subprocess.Popen(
        [CHROOT_PROGRAM, str(root), "chainchief-gui"],
        env=env or CLEAN_ENV,
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


def screenshot(root: Path, png: Path) -> None:
    """The GUI of the installed bundle on an Xvfb screen (the xcb platform, as on a desktop),
    the screen saved after SCREENSHOT_SECONDS while it still runs."""
    display = ":87"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", SCREEN, "-nolisten", "tcp"])
    try:
        time.sleep(1)
        with mounted(root, {"/tmp/.X11-unix": Path("/tmp/.X11-unix")}):
            env = dict(CLEAN_ENV, DISPLAY=display, QT_QPA_PLATFORM="xcb")
            gui = subprocess.Popen([CHROOT_PROGRAM, str(root), "chainchief-gui"], env=env)
            time.sleep(SCREENSHOT_SECONDS)
            png.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["import", "-display", display, "-window", "root", str(png)], check=True)
            gui.terminate()
            gui.wait(30)
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="use the .deb already in dist/")
    parser.add_argument("--deb", type=Path, help="this .deb, not the newest in dist/")
    parser.add_argument("--suite", choices=("bookworm", "bullseye"), default="bookworm")
    parser.add_argument("--screenshot", type=Path, help="also save the GUI on Xvfb to this PNG")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("The install test needs root (debootstrap, chroot).")
    started = time.monotonic()
    if not args.no_build and not args.deb:
        subprocess.run([sys.executable, str(ROOT / ".ci" / "package.py")], check=True)
        step("bundle and .deb built", started)
    debs = sorted((ROOT / "dist").glob("chainchief_*.deb"), key=lambda p: p.stat().st_mtime)
    if args.deb:
        debs = [args.deb.resolve()]
    if not debs:
        sys.exit("No .deb in dist/: run .ci/package.py first.")
    root = fresh_root(args.suite)
    with mounted(root):
        step(f"clean {args.suite} root ready", started)
        install(root, debs[-1])
        step(f"{debs[-1].name} installed with its dependencies", started)
        check_installed(root)
        run_commands(root)
        step("chainchief --version, demo, sheet, render, circular, import ran", started)
        run_gui(root)
        step(f"chainchief-gui ran {GUI_SECONDS} s offscreen without errors", started)
    if args.screenshot:
        screenshot(root, args.screenshot)
        step(f"screenshot saved to {args.screenshot}", started)
    print(f"== install test passed in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
