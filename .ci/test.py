"""Set up and run the whole test suite: ``python3 .ci/test.py [pytest args]``.

Runs ruff, the import-linter layering contracts, mypy (configured in pyproject.toml), the
translation-catalog check and pytest (Qt headless with QT_QPA_PLATFORM=offscreen). Exit code
is non-zero when any of them fails.

pytest runs on every core (pytest-xdist ``-n auto``), whole test files to a worker
(``--dist loadfile``) so a module's fixtures are built once. Each worker is its own process
with its own Qt application, temporary folders and PostgreSQL databases (their names carry
the process id). Pass ``-n 0`` (or ``-p no:xdist``) to run in one process, ``-n N`` or
``--dist`` to choose otherwise; ``--randomly-seed`` and ``-p no:randomly`` work as usual
(every worker shuffles with the same seed).
"""

from __future__ import annotations

import os
import subprocess
import sys

from bootstrap import QT_DEBIAN_PACKAGES, ROOT, VENV, ensure_debian_packages, ensure_venv

TEST_DEBIAN_PACKAGES = [*QT_DEBIAN_PACKAGES, "fonts-wqy-microhei", "graphviz", "poppler-utils"]


def pytest_arguments(given: list[str]) -> list[str]:
    """``given``, run on every core whole files to a worker unless it says otherwise."""
    if any(arg.startswith(("-n", "--numprocesses")) or arg.endswith("no:xdist") for arg in given):
        return given
    dist = [] if any(arg.startswith("--dist") for arg in given) else ["--dist", "loadfile"]
    return ["-n", "auto", *dist, *given]


def step(title: str, command: list[str], env: dict[str, str]) -> int:
    print(f"== {title}", flush=True)
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    ensure_debian_packages(TEST_DEBIAN_PACKAGES)
    python = ensure_venv(extras="test")
    # Bytecode is cached on purpose: hundreds of tests start `python -m chainchief`, and without
    # the cache each of them compiles every module it imports again.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bin_dir = python.parent
    failures = 0
    failures += step("ruff", [str(bin_dir / "ruff"), "check", "chainchief", "tests"], env) != 0
    failures += step("import-linter", [str(bin_dir / "lint-imports")], env) != 0
    failures += step("mypy", [str(bin_dir / "mypy")], env) != 0
    pytest = [str(python), "-m", "pytest", *pytest_arguments(sys.argv[1:])]
    failures += step("pytest", pytest, env) != 0
    print(f"== {'FAILED' if failures else 'OK'} (venv: {VENV})", flush=True)
    sys.exit(1 if failures else 0)
