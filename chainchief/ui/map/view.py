"""The map's viewport: wheel zoom under the mouse, drag to pan, fit, the corner minimap.

The view also tells the scene whether cards are big enough on screen to carry text (level of
detail), so a city-sized chain zoomed out draws plain boxes instead of thousands of unreadable
labels.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from chainchief.ui.map import palette
from chainchief.ui.map.minimap import Minimap
from chainchief.ui.map.scene import ChainScene

MIN_SCALE = 0.01
MAX_SCALE = 4.0
WHEEL_BASE = 1.0015
STEP = 1.25
MINIMAP_MARGIN = 12


class ChainView(QGraphicsView):
    zoom_changed = Signal(float)
    visible_area_changed = Signal()

    def __init__(self, scene: ChainScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(palette.BACKGROUND)
        self.horizontalScrollBar().valueChanged.connect(self.visible_area_changed)
        self.verticalScrollBar().valueChanged.connect(self.visible_area_changed)
        self.minimap = Minimap(self)
        self._keep_fitted = False
        self._fit: Callable[[], None] = self.fit
        """The fit the view keeps while resized: the whole map, or its width."""
        self._scroll_at_press = (0, 0)

    def scale_factor(self) -> float:
        return self.transform().m11()

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def zoom_by(self, factor: float, *, under_mouse: bool = False) -> None:
        self._keep_fitted = False
        target = min(MAX_SCALE, max(MIN_SCALE, self.scale_factor() * factor))
        if target == self.scale_factor():
            return
        anchor = self.transformationAnchor()
        if not under_mouse:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(target / self.scale_factor(), target / self.scale_factor())
        self.setTransformationAnchor(anchor)
        self._transform_changed()

    def zoom_in(self) -> None:
        self.zoom_by(STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / STEP)

    def fit(self) -> None:
        """Show the whole map (never enlarged past 100%); it stays whole as the view resizes."""
        rect = self.map_scene.map_rect()
        if rect.isEmpty():
            return
        self.resetTransform()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.scale_factor() > 1.0:
            self.resetTransform()
            self.centerOn(rect.center())
        self._transform_changed()
        self._keep_fitted = True
        self._fit = self.fit

    def fit_width(self) -> None:
        """The default view: the chain's width across the view (never enlarged past 100 %, never
        below READABLE_SCALE so card names stay 10 pt), from the top; taller maps scroll
        vertically. It keeps fitting the width as the view resizes."""
        rect = self.map_scene.map_rect()
        if rect.isEmpty():
            return
        width = max(self.viewport().width(), 1)
        scale = min(1.0, max(palette.READABLE_SCALE, width / rect.width()))
        self.resetTransform()
        self.scale(scale, scale)
        visible = self.visible_scene_rect()
        self.centerOn(
            QPointF(rect.center().x(), rect.top() + min(visible.height(), rect.height()) / 2)
        )
        self._transform_changed()
        self._keep_fitted = True
        self._fit = self.fit_width

    def pan_to(self, point: QPointF) -> None:
        self._keep_fitted = False
        self.centerOn(point)

    def centre_on_segment(self, segment_id: int) -> None:
        """Bring the card into the middle, zooming in first if its text would be unreadable."""
        if self.scale_factor() < palette.READABLE_SCALE:
            self.zoom_by(palette.READABLE_SCALE / self.scale_factor())
        self.pan_to(self.map_scene.card_rect(segment_id).center())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.angleDelta().y():
            self.zoom_by(WHEEL_BASE ** event.angleDelta().y(), under_mouse=True)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A fitted map stays whole when the window or a dock changes the view's size."""
        super().resizeEvent(event)
        if self._keep_fitted:
            self._fit()
        self.place_minimap()
        self.visible_area_changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._scroll_at_press = self._scroll_position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._scroll_position() != self._scroll_at_press:
            self._keep_fitted = False

    def _scroll_position(self) -> tuple[int, int]:
        return (self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def place_minimap(self) -> None:
        area = self.viewport().geometry()
        size = self.minimap.sizeHint()
        self.minimap.setGeometry(
            area.right() - size.width() - MINIMAP_MARGIN,
            area.bottom() - size.height() - MINIMAP_MARGIN,
            size.width(),
            size.height(),
        )

    def _transform_changed(self) -> None:
        self.map_scene.set_detailed(self.scale_factor() >= palette.DETAIL_SCALE)
        self.zoom_changed.emit(self.scale_factor())
        self.visible_area_changed.emit()
