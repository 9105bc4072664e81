"""Debian roots for packaging: the Debian 11 root the Linux bundle is built in, and the clean
roots the install test installs the .deb into.

The bundle carries libpython and the Python extension modules, so the oldest glibc it runs on is
the one they were built against. They are built on Debian 11 (glibc 2.31, against 2.36 on this
machine's Debian 12), with the few newer symbol versions avoided (GLIBC_228_HEADER), so the
bundle runs with glibc 2.28: UOS 20 and Kylin V10 desktops too. The root is made once with
``debootstrap`` and kept under the package cache (``$CHAINCHIEF_PACKAGE_CACHE``, by default
~/.cache/chainchief-package), with CPython and SQLite compiled there from Debian 12's source
tarballs: Debian 11 ships no Python 3.11, and its SQLite (3.34) has no RETURNING, which the
workbook import needs (SQLAlchemy refuses INSERT…RETURNING of many rows without it).

Needs root (debootstrap, chroot, mount) and Debian's mirror. Standard library only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bootstrap import QT_DEBIAN_PACKAGES, ensure_debian_packages

CACHE = Path(
    os.environ.get("CHAINCHIEF_PACKAGE_CACHE") or Path.home() / ".cache" / "chainchief-package"
)
DEFAULT_MIRROR = "http://deb.debian.org/debian"
CHROOT_PROGRAM = shutil.which("chroot") or "/usr/sbin/chroot"

BUILD_SUITE = "bullseye"
# What the build needs in the root: a C compiler and the headers of the libraries CPython's
# standard modules link (ssl, ctypes, lzma, bz2, zlib, readline, uuid), Tcl for SQLite's build,
# binutils for PyInstaller, the CA certificates for pip, and the libraries Qt loads (PyInstaller
# follows them, the icons are rendered with Qt).
BUILD_PACKAGES = [
    "gcc",
    "make",
    "libc6-dev",
    "pkg-config",
    "binutils",
    "tcl",
    "ca-certificates",
    "libssl-dev",
    "libffi-dev",
    "zlib1g-dev",
    "libbz2-dev",
    "liblzma-dev",
    "libreadline-dev",
    "uuid-dev",
    *QT_DEBIAN_PACKAGES,
    # Libraries Qt's plugins load that the test machine's list takes for granted.
    "libopengl0",
    "libfreetype6",
    "libx11-xcb1",
    "libxcb-xkb1",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-xfixes0",
]

POOL = "http://deb.debian.org/debian/pool/main"
# Debian 12's CPython and SQLite sources (the sha256 sums are those of bookworm's Sources index).
PYTHON_SOURCE = (
    f"{POOL}/p/python3.11/python3.11_3.11.2.orig.tar.gz",
    "2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849",
)
SQLITE_SOURCE = (
    f"{POOL}/s/sqlite3/sqlite3_3.40.1.orig.tar.xz",
    "aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655",
)
# Both install under one prefix, whose lib/ is libpython's run path: _sqlite3 finds the new
# SQLite there before the system's, and PyInstaller collects it from there.
PREFIX = "/opt/cpython"
PYTHON = f"{PREFIX}/bin/python3.11"
# Debian 11's glibc (2.31) gave exp, log, pow, exp2 and log2 new symbol versions in 2.29 (the
# same functions without the old error-handling wrapper) and added sem_clockwait in 2.30; these
# five and CPython's optional use of sem_clockwait are all that would lift the bundle above the
# glibc 2.28 of UOS 20 and Debian 10. The header, included in every C file compiled here, binds
# the five to their first versions; sem_timedwait stands in for sem_clockwait.
GLIBC_228_HEADER = "".join(
    f'__asm__(".symver {name},{name}@GLIBC_2.2.5");\n'
    for name in ("exp", "log", "pow", "exp2", "log2")
)
# Kept in the root: CPython remembers its CFLAGS for the extensions built with it later.
COMPAT_HEADER = "/usr/local/include/glibc-2.28-symbols.h"
COMPAT_CFLAGS = f"-include {COMPAT_HEADER}"
PYTHON_CONFIGURE = (
    f"--prefix={PREFIX} --enable-shared --with-ensurepip=install --disable-test-modules "
    "ac_cv_func_sem_clockwait=no"
)
# Debian's own SQLite options that a program may rely on, and the column metadata Python's
# sqlite3 module asks for.
SQLITE_CFLAGS = (
    "-O2 -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS5 "
    "-DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_SECURE_DELETE "
    "-DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_MAX_VARIABLE_NUMBER=250000"
)
# The standard modules whose C libraries must have been found, and the SQLite the app needs.
PYTHON_CHECK = (
    "import ssl, sqlite3, ctypes, lzma, bz2, zlib, readline, uuid, _ctypes;"
    "assert sqlite3.sqlite_version_info >= (3, 35), sqlite3.sqlite_version;"
    "print('Python', __import__('sys').version.split()[0], 'SQLite', sqlite3.sqlite_version,"
    " ssl.OPENSSL_VERSION)"
)


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


def require_root() -> None:
    if os.geteuid() != 0:
        sys.exit("Building the Linux bundle needs root (debootstrap, chroot, mount).")


def debootstrap(suite: str, folder: Path, packages: list[str] = ()) -> None:
    """A minimal root of ``suite`` in ``folder`` (made in a staging folder, so an interrupted
    run leaves nothing that looks finished)."""
    ensure_debian_packages(["debootstrap"])
    staging = folder.with_name(folder.name + ".staging")
    remove_root(staging)
    include = [f"--include={','.join(packages)}"] if packages else []
    subprocess.run(
        ["debootstrap", "--variant=minbase", *include, suite, str(staging), debian_mirror()],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    remove_root(folder)
    staging.rename(folder)


def mount_points() -> list[Path]:
    """Everything mounted now. ``Path.is_mount`` cannot tell a bind mount from the same
    filesystem (the source tree, the X11 sockets) from a plain folder; /proc/mounts can."""
    with open("/proc/mounts", encoding="utf-8") as mounts:
        fields = (line.split()[1] for line in mounts)
        return [Path(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), f)) for f in fields]


def unmount(path: Path) -> None:
    while path.resolve() in mount_points():
        subprocess.run(["umount", "-l", str(path)], check=True)


def remove_root(root: Path) -> None:
    """Delete a root folder, never following a mount inside it into the host's files."""
    inside = [point for point in mount_points() if point.is_relative_to(root.resolve())]
    for point in sorted(inside, key=lambda p: len(p.parts), reverse=True):
        unmount(point)
    if any(point.is_relative_to(root.resolve()) for point in mount_points()):
        sys.exit(f"Something is still mounted in {root}: not deleting it.")
    shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def mounted(root: Path, binds: dict[str, Path] | None = None) -> Iterator[Path]:
    """/proc and /dev in ``root``, and host folders bound at the given paths inside it, for as
    long as the block runs; the host's DNS and CA certificates copied in (pip downloads)."""
    shutil.copyfile("/etc/resolv.conf", root / "etc" / "resolv.conf")
    certificates = Path("/etc/ssl/certs/ca-certificates.crt")
    if certificates.is_file() and (root / "etc" / "ssl" / "certs").is_dir():
        shutil.copyfile(certificates, root / "etc" / "ssl" / "certs" / "host-ca.crt")
    points = [(None, root / "proc"), (Path("/dev"), root / "dev")]
    points += [(source, root / inside.lstrip("/")) for inside, source in (binds or {}).items()]
    done: list[Path] = []
    try:
        for source, point in points:
            point.mkdir(parents=True, exist_ok=True)
            unmount(point)
            if source is None:
                subprocess.run(["mount", "-t", "proc", "proc", str(point)], check=True)
            else:
                subprocess.run(["mount", "--bind", str(source), str(point)], check=True)
            done.append(point)
        yield root
    finally:
        for point in reversed(done):
            unmount(point)


def chroot(
    root: Path, script: str, env: dict[str, str] | None = None, log: str | None = None
) -> None:
    """Run a shell script in ``root``, failing the build on an error. Its output is shown, or
    written to ``log`` in the root (a compiler's pages of warnings) and its end shown on an
    error."""
    if log:
        script = f"{{ {script}; }} >{log} 2>&1 || {{ tail -n 40 {log}; exit 1; }}"
    environment = {
        "PATH": f"{PREFIX}/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        **(env or {}),
    }
    subprocess.run(
        [CHROOT_PROGRAM, str(root), "/bin/sh", "-euc", script], env=environment, check=True
    )


def download(url: str, sha256: str) -> Path:
    """A source tarball in the cache, checked against its sum."""
    target = CACHE / "sources" / url.rsplit("/", 1)[1]
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with urllib.request.urlopen(url, timeout=120) as response, partial.open("wb") as file:
            shutil.copyfileobj(response, file)
        partial.rename(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if digest != sha256:
        target.unlink()
        sys.exit(f"{target.name}: sha256 {digest}, expected {sha256}")
    return target


def build_root() -> Path:
    """The Debian 11 build root with CPython and SQLite compiled in it, made on first use."""
    root = CACHE / f"{BUILD_SUITE}-build-root"
    packages_marker = root / "etc" / "chainchief-build-packages"
    if not packages_marker.is_file():
        print(f"== making the {BUILD_SUITE} build root {root} (debootstrap)", flush=True)
        debootstrap(BUILD_SUITE, root, BUILD_PACKAGES)
        packages_marker.write_text("\n".join(BUILD_PACKAGES) + "\n", encoding="utf-8")
    elif packages_marker.read_text(encoding="utf-8").split() != BUILD_PACKAGES:
        with mounted(root):
            chroot(
                root,
                "apt-get -q update >/dev/null && apt-get install -q -y --no-install-recommends "
                + " ".join(BUILD_PACKAGES),
                {"DEBIAN_FRONTEND": "noninteractive"},
            )
        packages_marker.write_text("\n".join(BUILD_PACKAGES) + "\n", encoding="utf-8")
    compile_python(root)
    return root


def compile_python(root: Path) -> None:
    """SQLite's library (not its shell, which would compile it a second time), then CPython
    (shared libpython, no PGO/LTO: minutes, not most of an hour) under PREFIX in the root, unless
    the same sources are already built there."""
    marker = root / PREFIX.lstrip("/") / "chainchief-built"
    sources = "\n".join(
        [PYTHON_SOURCE[1], SQLITE_SOURCE[1], SQLITE_CFLAGS, PYTHON_CONFIGURE, GLIBC_228_HEADER]
    )
    if marker.is_file() and marker.read_text(encoding="utf-8") == sources:
        return
    print(f"== compiling SQLite and CPython in {root}", flush=True)
    source_folder = root / "usr" / "src" / "chainchief"
    shutil.rmtree(source_folder, ignore_errors=True)
    shutil.rmtree(root / PREFIX.lstrip("/"), ignore_errors=True)
    source_folder.mkdir(parents=True)
    for url, sha256 in (PYTHON_SOURCE, SQLITE_SOURCE):
        with tarfile.open(download(url, sha256)) as archive:
            # Python 3.11.2 (Debian 12's) predates extraction filters.
            safe = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}
            archive.extractall(source_folder, **safe)
    (root / COMPAT_HEADER.lstrip("/")).write_text(GLIBC_228_HEADER, encoding="utf-8")
    jobs = str(os.cpu_count() or 2)
    with mounted(root):
        chroot(
            root,
            f"cd /usr/src/chainchief/sqlite3-3.40.1 && "
            f"./configure -q --prefix={PREFIX} --disable-static --disable-tcl "
            f"CFLAGS='{SQLITE_CFLAGS} {COMPAT_CFLAGS}' && "
            f"make -s -j{jobs} libsqlite3.la && make -s lib_install && "
            f"mkdir -p {PREFIX}/include && "
            f"install -m 644 sqlite3.h src/sqlite3ext.h {PREFIX}/include/",
            log="/var/log/sqlite-build.log",
        )
        chroot(
            root,
            f"cd /usr/src/chainchief/Python-3.11.2 && "
            f"./configure -q {PYTHON_CONFIGURE} CFLAGS='{COMPAT_CFLAGS}' "
            f"CPPFLAGS=-I{PREFIX}/include "
            f"LDFLAGS='-L{PREFIX}/lib -Wl,-rpath,{PREFIX}/lib' && "
            f"make -s -j{jobs} && make -s install",
            log="/var/log/cpython-build.log",
        )
        chroot(root, f'{PYTHON} -c "{PYTHON_CHECK}"')
    shutil.rmtree(source_folder)
    marker.write_text(sources, encoding="utf-8")
