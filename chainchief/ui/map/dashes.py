"""The visible piece of a dashed link curve, so Qt dashes only what is on screen.

Qt dashes a whole curve before clipping it, which costs milliseconds per long link: a big chain
zoomed in showed hundreds of breakpoint curves crossing the screen and a repaint took seconds.
A link curve leaves and enters horizontally, so both its x and y change monotonically along it;
the part inside the exposed area is then one parameter interval, found by bisection and cut out
with de Casteljau's construction. The dash offset is the length of the part cut away in front,
so the pattern does not crawl when the view scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

Point = tuple[float, float]
Cubic = tuple[Point, Point, Point, Point]
BISECTION_STEPS = 16


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def split(curve: Cubic, t: float) -> tuple[Cubic, Cubic]:
    """The curve before and after parameter ``t`` (de Casteljau)."""
    p0, p1, p2, p3 = curve
    p01, p12, p23 = _lerp(p0, p1, t), _lerp(p1, p2, t), _lerp(p2, p3, t)
    p012, p123 = _lerp(p01, p12, t), _lerp(p12, p23, t)
    middle = _lerp(p012, p123, t)
    return (p0, p01, p012, middle), (middle, p123, p23, p3)


def _coordinate(curve: Cubic, axis: int, t: float) -> float:
    u = 1 - t
    p0, p1, p2, p3 = (point[axis] for point in curve)
    return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3


def _monotone(curve: Cubic, axis: int) -> bool:
    values = [point[axis] for point in curve]
    return values == sorted(values) or values == sorted(values, reverse=True)


def _parameter_at(curve: Cubic, axis: int, value: float) -> float:
    """The t where a monotone coordinate reaches ``value`` (clamped to [0, 1])."""
    low, high = 0.0, 1.0
    rising = curve[3][axis] >= curve[0][axis]
    for _step in range(BISECTION_STEPS):
        middle = (low + high) / 2
        if (_coordinate(curve, axis, middle) < value) == rising:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _interval(curve: Cubic, axis: int, low: float, high: float) -> tuple[float, float]:
    a, b = _parameter_at(curve, axis, low), _parameter_at(curve, axis, high)
    return (min(a, b), max(a, b))


def path_of(curve: Cubic) -> QPainterPath:
    path = QPainterPath(QPointF(*curve[0]))
    path.cubicTo(QPointF(*curve[1]), QPointF(*curve[2]), QPointF(*curve[3]))
    return path


def visible_piece(curve: Cubic, area: QRectF) -> tuple[QPainterPath, float] | None:
    """The part of the curve inside ``area`` and the arc length before it; None if outside.

    A curve that is not monotone in both coordinates (a card pinned left of its supplier) is
    returned whole, with no offset.
    """
    if not (_monotone(curve, 0) and _monotone(curve, 1)):
        return path_of(curve), 0.0
    x0, x1 = _interval(curve, 0, area.left(), area.right())
    y0, y1 = _interval(curve, 1, area.top(), area.bottom())
    start, end = max(x0, y0), min(x1, y1)
    if start >= end:
        return None
    head, rest = split(curve, start)
    piece, _tail = split(rest, (end - start) / (1 - start)) if start < 1 else (rest, rest)
    return path_of(piece), path_of(head).length() if start > 0 else 0.0
