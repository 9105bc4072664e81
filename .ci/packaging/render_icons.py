"""Render the app icon (resources/icons/chain.svg) for the installers: ``render_icons.py OUT``.

Writes ``OUT/<size>/chainchief.png`` for the Linux icon theme sizes, ``OUT/chainchief.svg``
and ``OUT/chainchief.ico`` for Windows. Run with the build venv's Python (it has PySide6) and
QT_QPA_PLATFORM=offscreen, so no drawing program is needed.
"""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def main(out: Path) -> None:
    _app = QGuiApplication(sys.argv[:1])
    svg = resources.files("chainchief.resources") / "icons" / "chain.svg"
    renderer = QSvgRenderer(svg.read_bytes())
    if not renderer.isValid():
        sys.exit(f"cannot read {svg}")
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        folder = out / str(size)
        folder.mkdir(exist_ok=True)
        if not render(renderer, size).save(str(folder / "chainchief.png")):
            sys.exit(f"cannot write the {size} px icon")
    if not render(renderer, 256).save(str(out / "chainchief.ico")):
        sys.exit("cannot write chainchief.ico")
    with resources.as_file(svg) as source:
        shutil.copyfile(source, out / "chainchief.svg")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
