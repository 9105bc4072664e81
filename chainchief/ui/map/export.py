"""A chain map written to PNG, SVG or PDF with the same scene the window shows.

Used by the window's Export and by ``chainchief render``. It builds its own offscreen scene, so
it may run on a worker thread while the window keeps its own. PNG is drawn at twice the scene's
size for sharp print and high-DPI screens (less for maps so large that the image would not fit
in memory); SVG keeps text as ``<text>``; PDF is vector with its fonts embedded.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from chainchief.domain.errors import UserError
from chainchief.fileio import atomic_path
from chainchief.i18n import _
from chainchief.services.chains.chain_map import ChainMap
from chainchief.ui.map.scene import ChainScene, MapMode

FORMATS = ("png", "svg", "pdf")
PNG_SCALE = 2.0
PNG_MAX_SIDE = 16000
PDF_DPI = 96


def export_format(path: str | Path) -> str:
    """The format named by the file's suffix; UserError for anything else."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UserError(
            _("Cannot write {path}: the file name must end in .png, .svg or .pdf.").format(
                path=path
            )
        )
    return suffix


def offscreen_scene(chain: ChainMap, view: MapMode, *, gaps_only: bool = False) -> ChainScene:
    scene = ChainScene()
    scene.view = view
    scene.gaps_only = gaps_only
    scene.show_map(chain)
    return scene


def export_map(
    chain: ChainMap, view: MapMode, path: str | Path, *, gaps_only: bool = False
) -> Path:
    """Write the map to ``path`` (format from its suffix), atomically; returns the path."""
    kind = export_format(path)
    scene = offscreen_scene(chain, view, gaps_only=gaps_only)
    source = scene.map_rect()
    with atomic_path(path) as temporary:
        if kind == "png":
            _write_png(scene, source, temporary)
        elif kind == "svg":
            _write_svg(scene, source, temporary, title=scene_title(chain, view))
        else:
            _write_pdf(scene, source, temporary, title=scene_title(chain, view))
    return Path(path)


def scene_title(chain: ChainMap, view: MapMode) -> str:
    label = _("Local status map") if view is MapMode.STATUS else _("Panorama")
    return _("{chain} · {view}").format(chain=chain.chain, view=label)


def png_scale(source: QRectF) -> float:
    longest = max(source.width(), source.height(), 1.0)
    return min(PNG_SCALE, PNG_MAX_SIDE / longest)


def _paint(scene: ChainScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    painter.fillRect(target, scene.backgroundBrush())
    scene.render(painter, target, source)


def _write_png(scene: ChainScene, source: QRectF, path: Path) -> None:
    scale = png_scale(source)
    size = QSize(round(source.width() * scale), round(source.height() * scale))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(PDF_DPI * scale / 0.0254))
    image.setDotsPerMeterY(round(PDF_DPI * scale / 0.0254))
    painter = QPainter(image)
    try:
        _paint(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    if not image.save(str(path), "PNG"):
        raise UserError(_("Could not write {path}.").format(path=path))


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


def _write_pdf(scene: ChainScene, source: QRectF, path: Path, *, title: str) -> None:
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("ChainChief")
    writer.setResolution(PDF_DPI)
    points = QSizeF(source.width() * 72 / PDF_DPI, source.height() * 72 / PDF_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(points, QPageSize.Unit.Point, title, QPageSize.SizeMatchPolicy.ExactMatch),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter(writer)
    try:
        page = QRectF(0, 0, writer.width(), writer.height())
        _paint(scene, painter, page, source)
    finally:
        painter.end()
