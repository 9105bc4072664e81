"""A chain map written to PNG, SVG or PDF with the same scene the window shows.

Used by the window's Export and by ``chainchief render``. It builds its own offscreen scene, so
it may run on a worker thread while the window keeps its own. PNG is drawn at twice the scene's
size for sharp print and high-DPI screens (less for maps so large that the image would not fit
in memory); SVG keeps text as ``<text>``; PDF is vector with its fonts embedded.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from chainchief.domain.errors import UserError
from chainchief.fileio import atomic_path
from chainchief.i18n import _, files_for_people
from chainchief.services.chains.chain_map import ChainMap
from chainchief.services.chains.map_files import map_title, write_map_graphml
from chainchief.ui.map.png import fast_png
from chainchief.ui.map.scene import ChainScene, MapMode

FORMATS = ("png", "svg", "pdf", "graphml")
PAPERS = {"a4": QPageSize.PageSizeId.A4, "a3": QPageSize.PageSizeId.A3}
PAGE_MARGIN_MM = 10.0
TITLE_PIXELS = 15.0
"""Card titles' size in scene units (``CardLook.name_font``), at 96 per inch."""
MIN_TITLE_POINTS = 8.0
PNG_SCALE = 2.0
PNG_MAX_SIDE = 16000
PDF_DPI = 96


def export_format(path: str | Path) -> str:
    """The format named by the file's suffix; UserError for anything else."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UserError(
            _(
                "Cannot write {path}: the file name must end in .png, .svg, .pdf or .graphml."
            ).format(path=path)
        )
    return suffix


def offscreen_scene(chain: ChainMap, view: MapMode, *, gaps_only: bool = False) -> ChainScene:
    scene = ChainScene()
    scene.for_paper = True
    scene.view = view
    scene.gaps_only = gaps_only
    scene.show_map(chain)
    return scene


def export_map(
    chain: ChainMap,
    view: MapMode,
    path: str | Path,
    *,
    gaps_only: bool = False,
    paper: str | None = None,
) -> Path:
    """Write the map to ``path`` (format from its suffix), atomically; returns the path.

    The file is for people, so it is drawn in Chinese whatever language the user works in.
    ``paper`` (a4 or a3) forces the PDF's sheet; by default the smaller that keeps titles
    legible. GraphML carries the same cards and routes as the picture.
    """
    kind = export_format(path)
    if kind == "graphml":
        return write_map_graphml(chain, view.value, path)
    with files_for_people(), atomic_path(path) as temporary:
        scene = offscreen_scene(chain, view, gaps_only=gaps_only)
        source = scene.map_rect()
        if kind == "png":
            _write_png(scene, source, temporary)
        elif kind == "svg":
            _write_svg(scene, source, temporary, title=map_title(chain, view.value))
        else:
            title = map_title(chain, view.value)
            _write_pdf(scene, source, temporary, title=title, paper=paper)
    return Path(path)


def png_scale(source: QRectF) -> float:
    return min(PNG_SCALE, PNG_MAX_SIDE / _longest(source))


def _paint(scene: ChainScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    painter.fillRect(target, scene.backgroundBrush())
    scene.render(painter, target, source)


def png_bytes(chain: ChainMap, view: MapMode, dpi: int) -> bytes:
    """The map as PNG file contents drawn at ``dpi`` (the scene is laid out at 96 dpi), in
    Chinese like every exported map."""
    with files_for_people():
        scene = offscreen_scene(chain, view)
        source = scene.map_rect()
        image = _png_image(scene, source, min(dpi / PDF_DPI, PNG_MAX_SIDE / _longest(source)))
    return fast_png(image)


def _longest(source: QRectF) -> float:
    return max(source.width(), source.height(), 1.0)


def _png_image(scene: ChainScene, source: QRectF, scale: float) -> QImage:
    size = QSize(round(source.width() * scale), round(source.height() * scale))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(PDF_DPI * scale / 0.0254))
    image.setDotsPerMeterY(round(PDF_DPI * scale / 0.0254))
    painter = QPainter(image)
    try:
        _paint(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    return image


def _write_png(scene: ChainScene, source: QRectF, path: Path) -> None:
    image = _png_image(scene, source, png_scale(source))
    path.write_bytes(fast_png(image))  # atomic_path reports a failed write


def _write_svg(scene: ChainScene, source: QRectF, path: Path, *, title: str) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(round(source.width()), round(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setResolution(PDF_DPI)
    generator.setTitle(title)
    painter = QPainter(generator)
    try:
        _paint(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
    finally:
        painter.end()
    _drop_xml_invalid(path)


XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _drop_xml_invalid(path: Path) -> None:
    """Qt's SVG writer copies control characters of laid-out text (met with zero-width joiners
    and emoji it cannot shape) into the file, which then is not XML; they draw nothing."""
    text = path.read_text(encoding="utf-8")
    cleaned = XML_INVALID.sub("", text)
    if cleaned != text:
        path.write_text(cleaned, encoding="utf-8")


def pdf_paper(source: QRectF, paper: str | None) -> tuple[str, float]:
    """The sheet (a4 or a3, landscape) and the scale from scene units to points on it: the
    smaller sheet whose fit keeps card titles at least MIN_TITLE_POINTS, else A3."""
    if paper:
        return paper, _fit_scale(source, paper)
    small = _fit_scale(source, "a4")
    if TITLE_PIXELS * small >= MIN_TITLE_POINTS:
        return "a4", small
    return "a3", _fit_scale(source, "a3")


def _fit_scale(source: QRectF, paper: str) -> float:
    """Points per scene unit that fit ``source`` inside the sheet's margins, at most 96 dpi."""
    sheet = QPageSize(PAPERS[paper]).size(QPageSize.Unit.Point).transposed()
    margin = PAGE_MARGIN_MM * 72 / 25.4
    room = QSizeF(sheet.width() - 2 * margin, sheet.height() - 2 * margin)
    widest = 72 / PDF_DPI
    return min(
        widest, room.width() / max(source.width(), 1), room.height() / max(source.height(), 1)
    )


def _write_pdf(
    scene: ChainScene, source: QRectF, path: Path, *, title: str, paper: str | None
) -> None:
    name, scale = pdf_paper(source, paper)
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("ChainChief")
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(PAPERS[name]),
            QPageLayout.Orientation.Landscape,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter(writer)
    try:
        page = QRectF(0, 0, writer.width(), writer.height())
        painter.fillRect(page, scene.backgroundBrush())
        units = PDF_DPI / 72  # device pixels per point
        size = QSizeF(source.width() * scale * units, source.height() * scale * units)
        target = QRectF(
            (page.width() - size.width()) / 2,
            (page.height() - size.height()) / 2,
            size.width(),
            size.height(),
        )
        _paint(scene, painter, target, source)
    finally:
        painter.end()
