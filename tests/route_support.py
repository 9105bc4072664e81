"""Geometry checks of link routes, written independently of the layout's own code: exact
orientation tests on every route piece against every nearby card."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction

Point = tuple[float, float]
Rect = tuple[float, float, float, float]
"""Left, top, width, height."""
Route = tuple[Point, ...]
CELL = 200.0


def orient(a: Point, b: Point, c: Point) -> int:
    ax, ay, bx, by, cx, cy = (Fraction(v) for v in (*a, *b, *c))
    value = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    return (value > 0) - (value < 0)


def segments_meet(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """Closed segments share a point (touching counts)."""

    def on(a: Point, b: Point, c: Point) -> bool:
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(
            a[1], b[1]
        )

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True
    return (
        (d1 == 0 and on(q1, q2, p1))
        or (d2 == 0 and on(q1, q2, p2))
        or (d3 == 0 and on(p1, p2, q1))
        or (d4 == 0 and on(p1, p2, q2))
    )


def piece_crosses_card(start: Point, end: Point, rect: Rect) -> bool:
    """The piece reaches inside the card: the card shrunk by half a pixel is touched, so a
    route along a border or ending on it does not count, one passing under the card does."""
    left, top = rect[0] + 0.5, rect[1] + 0.5
    right, bottom = rect[0] + rect[2] - 0.5, rect[1] + rect[3] - 0.5
    if max(start[0], end[0]) < left or min(start[0], end[0]) > right:
        return False
    if max(start[1], end[1]) < top or min(start[1], end[1]) > bottom:
        return False
    if any(left <= x <= right and top <= y <= bottom for x, y in (start, end)):
        return True
    sides = [((left, top), (right, top)), ((right, top), (right, bottom)),
             ((right, bottom), (left, bottom)), ((left, bottom), (left, top))]  # fmt: skip
    return any(segments_meet(start, end, a, b) for a, b in sides)


def _cells(left: float, top: float, right: float, bottom: float) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i in range(int(left // CELL), int(right // CELL) + 1)
        for j in range(int(top // CELL), int(bottom // CELL) + 1)
    ]


def route_problems(cards: Mapping[int, Rect], routes: Mapping[tuple[int, int], Route]) -> list[str]:
    """Everything wrong with the routes, as readable lines (empty when all is well): a route
    must start on its upstream card's right side, end on its downstream card's left side with
    a last piece pointing right into it (where the arrowhead goes), and pass under no card."""
    buckets: dict[tuple[int, int], list[int]] = {}
    for card, (x, y, w, h) in cards.items():
        for cell in _cells(x, y, x + w, y + h):
            buckets.setdefault(cell, []).append(card)
    problems = []
    for (up, down), route in routes.items():
        ux, uy, uw, uh = cards[up]
        dx, dy, _dw, dh = cards[down]
        first, last, before = route[0], route[-1], route[-2]
        if first[0] != ux + uw or not uy < first[1] < uy + uh:
            problems.append(f"{up}→{down} does not start on {up}'s right side")
        if last[0] != dx or not dy < last[1] < dy + dh:
            problems.append(f"{up}→{down} does not end on {down}'s left side")
        if before[1] != last[1] or before[0] >= last[0]:
            problems.append(f"{up}→{down} does not arrive pointing right into {down}")
        for start, end in itertools.pairwise(route):
            box = (min(start[0], end[0]), min(start[1], end[1]),
                   max(start[0], end[0]), max(start[1], end[1]))  # fmt: skip
            near = {card for cell in _cells(*box) for card in buckets.get(cell, ())}
            for card in sorted(near - {up, down}):
                if piece_crosses_card(start, end, cards[card]):
                    problems.append(f"{up}→{down} passes under {card}")
    return problems


def shared_ends(routes: Mapping[tuple[int, int], Route]) -> list[str]:
    """Two links must not share a point on a card side."""
    starts = [route[0] for route in routes.values()]
    ends = [route[-1] for route in routes.values()]
    problems = []
    for label, points in (("start", starts), ("end", ends)):
        if len(set(points)) != len(points):
            problems.append(f"two links {label} at the same point")
    return problems
