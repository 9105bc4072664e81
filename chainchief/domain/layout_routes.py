"""Link routes on a chain map: polylines from a port on the upstream card's right side,
through the link's virtual nodes, to a port on the downstream card's left side.

Every card side spreads its link ends evenly, ordered by where each link goes next, so links
leaving or entering one card do not cross at it and each end is distinct. Routes leave and
arrive horizontally (a short stub), so the arrowhead at the downstream end points into the card.
Between columns there are no free cards, and inside a column a route passes in its own slot, so
a route meets no card but its two ends; only a pinned card dropped into a gap can stand in the
way, and the route then bends around it.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

Point = tuple[float, float]
Route = tuple[Point, ...]
Rect = tuple[float, float, float, float]
"""Left, top, right, bottom."""
DETOUR_DEPTH = 6


def route_links(
    positions: Mapping[int, Point],
    card: tuple[float, float],
    links: Sequence[tuple[int, int]],
    passes: Sequence[Sequence[Point]],
    *,
    stub: float,
    clearance: float,
    pinned: bool,
) -> dict[tuple[int, int], Route]:
    """Routes of ``links`` (upstream, downstream ids); ``passes[i]`` are the left ends of the
    slots the i-th link takes in the columns it crosses, each a card width long. With
    ``pinned`` cards on the map, every piece is checked against the cards and bent around."""
    width, height = card
    outgoing: dict[int, list[tuple[float, int, int]]] = {}
    incoming: dict[int, list[tuple[float, int, int]]] = {}
    for index, ((up, down), slots) in enumerate(zip(links, passes, strict=True)):
        after = slots[0][1] if slots else positions[down][1] + height / 2
        before = slots[-1][1] if slots else positions[up][1] + height / 2
        outgoing.setdefault(up, []).append((after, down, index))
        incoming.setdefault(down, []).append((before, up, index))
    start_y = _ports(outgoing, positions, height)
    end_y = _ports(incoming, positions, height)
    cards = _Cards(positions, card) if pinned else None
    routes: dict[tuple[int, int], Route] = {}
    for index, ((up, down), slots) in enumerate(zip(links, passes, strict=True)):
        ux, _uy = positions[up]
        dx, _dy = positions[down]
        points: list[Point] = [(ux + width, start_y[index]), (ux + width + stub, start_y[index])]
        for x, y in slots:
            points += [(x, y), (x + width, y)]
        points += [(dx - stub, end_y[index]), (dx, end_y[index])]
        if cards is not None:
            points = _around(points, cards, (up, down), clearance)
        routes[(up, down)] = tuple(points)
    return routes


def _ports(
    sides: dict[int, list[tuple[float, int, int]]], positions: Mapping[int, Point], height: float
) -> dict[int, float]:
    """Link index → height of its end on the card side, spread evenly in order of the heights
    the links come from or go to."""
    ends: dict[int, float] = {}
    for card, members in sides.items():
        top = positions[card][1]
        members.sort()
        step = height / (len(members) + 1)
        for slot, (_y, _other, index) in enumerate(members):
            ends[index] = top + round(step * (slot + 1), 1)
    return ends


class _Cards:
    """Card rectangles bucketed on a coarse grid, so a short route piece meets only its
    neighbourhood."""

    def __init__(self, positions: Mapping[int, Point], card: tuple[float, float]) -> None:
        self._cell = max(card)
        self._buckets: dict[tuple[int, int], list[tuple[int, Rect]]] = {}
        for key, (x, y) in positions.items():
            rect = (x, y, x + card[0], y + card[1])
            for cell in self._cells(rect):
                self._buckets.setdefault(cell, []).append((key, rect))

    def _cells(self, rect: Rect) -> list[tuple[int, int]]:
        size = self._cell
        return [
            (i, j)
            for i in range(int(rect[0] // size), int(rect[2] // size) + 1)
            for j in range(int(rect[1] // size), int(rect[3] // size) + 1)
        ]

    def near(self, start: Point, end: Point, ends: tuple[int, int]) -> list[Rect]:
        box = (min(start[0], end[0]), min(start[1], end[1]),
               max(start[0], end[0]), max(start[1], end[1]))  # fmt: skip
        found: dict[int, Rect] = {}
        for cell in self._cells(box):
            for key, rect in self._buckets.get(cell, ()):
                if key not in ends:
                    found[key] = rect
        return [found[key] for key in sorted(found)]


def _around(
    points: list[Point], cards: _Cards, ends: tuple[int, int], clearance: float
) -> list[Point]:
    """The route with bends added wherever a piece of it crosses a card but its own two."""
    result = [points[0]]
    for end in points[1:]:
        result += _piece_around(result[-1], end, cards, ends, clearance, DETOUR_DEPTH)
    return result


def _piece_around(
    start: Point,
    end: Point,
    cards: _Cards,
    ends: tuple[int, int],
    clearance: float,
    depth: int,
) -> list[Point]:
    """Points after ``start`` up to ``end``: round the first card in the way, either side."""
    rects = cards.near(start, end, ends)
    hit = next((r for r in rects if segment_hits_rect(start, end, r)), None)
    if hit is None or depth == 0:
        return [end]
    route: list[Point] = []
    previous = start
    for point in [*_round_corners(start, end, hit, clearance), end]:
        route += _piece_around(previous, point, cards, ends, clearance, depth - 1)
        previous = point
    return route


def _round_corners(start: Point, end: Point, rect: Rect, clearance: float) -> list[Point]:
    """The shortest way from ``start`` to ``end`` past ``rect`` through corners of the rect
    grown by ``clearance``, going round it either way (none of its pieces crosses the rect)."""
    left, top, right, bottom = rect
    corners = [
        (left - clearance, top - clearance),
        (right + clearance, top - clearance),
        (right + clearance, bottom + clearance),
        (left - clearance, bottom + clearance),
    ]
    best: list[Point] = []
    best_length = float("inf")
    for first in range(4):
        for turn in (1, -1):
            for count in range(1, 5):
                path = [corners[(first + turn * step) % 4] for step in range(count)]
                points = [start, *path, end]
                pairs = list(itertools.pairwise(points))
                if any(segment_hits_rect(a, b, rect) for a, b in pairs):
                    continue
                length = sum(((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5 for a, b in pairs)
                if length < best_length:
                    best, best_length = path, length
                break
    return best


def segment_hits_rect(start: Point, end: Point, rect: Rect) -> bool:
    """Whether the segment passes through the open rectangle (touching its border is not)."""
    left, top, right, bottom = rect
    (x0, y0), (x1, y1) = start, end
    low, high = 0.0, 1.0
    for delta, near, far in ((x1 - x0, left - x0, right - x0), (y1 - y0, top - y0, bottom - y0)):
        if delta == 0:
            if not near < 0 < far:
                return False
            continue
        t_near, t_far = near / delta, far / delta
        if t_near > t_far:
            t_near, t_far = t_far, t_near
        low, high = max(low, t_near), min(high, t_far)
        if low >= high:
            return False
    return True
