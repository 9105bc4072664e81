"""An overview of the whole map in the view's corner, with the visible area outlined.

The picture is rendered from the scene once per map (not per repaint); only the outline of the
visible area moves as the view pans and zooms. Clicking or dragging in it moves the view there.
It is rendered just after the map itself painted: rendering a city's chain costs a few tens of
milliseconds, which the first map on the screen does not wait for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from chainchief.i18n import _

if TYPE_CHECKING:
    from chainchief.ui.map.view import ChainView

LONG_SIDE = 220
FRAME = QColor(0x1F, 0x4E, 0x9A)


class Minimap(QWidget):
    def __init__(self, view: ChainView) -> None:
        super().__init__(view)
        self._view = view
        self._picture = QPixmap()
        self._source = QRectF()
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(_("Overview: click or drag to move the view"))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._render_soon = QTimer(self)
        self._render_soon.setSingleShot(True)
        self._render_soon.setInterval(0)
        self._render_soon.timeout.connect(self.refresh)
        view.visible_area_changed.connect(self.follow_view)
        view.map_scene.redrawn.connect(self._redrawn)
        self.hide()

    def _redrawn(self) -> None:
        """The scene changed: hide the old picture now, render the new one after the paint."""
        self._picture = QPixmap()
        self.hide()
        self._render_soon.start()

    def sizeHint(self) -> QSize:
        source = self._source if not self._source.isEmpty() else QRectF(0, 0, 4, 3)
        ratio = source.height() / source.width()
        if ratio <= 1:
            return QSize(LONG_SIDE, max(40, round(LONG_SIDE * ratio)))
        return QSize(max(40, round(LONG_SIDE / ratio)), LONG_SIDE)

    def refresh(self) -> None:
        """Render the scene anew (after a new map, view or filter)."""
        scene = self._view.map_scene
        self._source = scene.map_rect()
        if self._source.isEmpty():
            self._picture = QPixmap()
            self.hide()
            return
        size = self.sizeHint()
        ratio = self.devicePixelRatioF()
        picture = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.white)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scene.render(painter, QRectF(0, 0, size.width(), size.height()), self._source)
        painter.end()
        self._picture = picture
        self.resize(size)
        self._view.place_minimap()
        self.follow_view()

    def follow_view(self) -> None:
        """Show only while part of the map is out of view, outlining what is visible."""
        if self._picture.isNull():
            self.hide()
            return
        whole = self._view.visible_scene_rect().contains(self._source.adjusted(8, 8, -8, -8))
        self.setVisible(not whole)
        self.update()

    def scale(self) -> float:
        return self.width() / self._source.width() if not self._source.isEmpty() else 1.0

    def to_minimap(self, rect: QRectF) -> QRectF:
        """A scene rectangle in the minimap's own coordinates."""
        factor = self.scale()
        return QRectF(
            (rect.left() - self._source.left()) * factor,
            (rect.top() - self._source.top()) * factor,
            rect.width() * factor,
            rect.height() * factor,
        )

    def to_scene(self, point: QPointF) -> QPointF:
        factor = self.scale()
        return QPointF(
            self._source.left() + point.x() / factor, self._source.top() + point.y() / factor
        )

    def visible_rect(self) -> QRectF:
        """The outlined area, in scene coordinates (what the view shows, clipped to the map)."""
        return self._view.visible_scene_rect().intersected(self._source)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.drawPixmap(0, 0, self._picture)
        painter.setPen(QPen(QColor(0x99, 0xA3, 0xAD), 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        frame = self.to_minimap(self.visible_rect())
        painter.setPen(QPen(FRAME, 2))
        painter.setBrush(QColor(0x1F, 0x4E, 0x9A, 40))
        painter.drawRect(frame.adjusted(1, 1, -1, -1))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._view.pan_to(self.to_scene(event.position()))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._view.pan_to(self.to_scene(event.position()))
        event.accept()
