"""Set up and start ChainChief: ``python3 .ci/start.py [--db FILE] [--lang zh_CN|en]``."""

from __future__ import annotations

import subprocess
import sys

from bootstrap import QT_DEBIAN_PACKAGES, ensure_debian_packages, ensure_venv

if __name__ == "__main__":
    ensure_debian_packages(QT_DEBIAN_PACKAGES)
    python = ensure_venv()
    sys.exit(subprocess.call([str(python), "-m", "chainchief", *sys.argv[1:]]))
