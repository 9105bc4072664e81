"""Set up and run the whole test suite: ``python3 .ci/test.py [pytest args]``.

Runs ruff, the import-linter layering contracts, mypy (configured in pyproject.toml), the
translation-catalog check and pytest (Qt headless with QT_QPA_PLATFORM=offscreen). Exit code
is non-zero when any of them fails.
"""

from __future__ import annotations

import os
import subprocess
import sys

from bootstrap import QT_DEBIAN_PACKAGES, ROOT, VENV, ensure_debian_packages, ensure_venv

TEST_DEBIAN_PACKAGES = [*QT_DEBIAN_PACKAGES, "fonts-wqy-microhei", "graphviz", "poppler-utils"]


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
    failures += step("pytest", [str(python), "-m", "pytest", *sys.argv[1:]], env) != 0
    print(f"== {'FAILED' if failures else 'OK'} (venv: {VENV})", flush=True)
    sys.exit(1 if failures else 0)
