"""Exact count of link crossings on a drawn map: straight segments between card centres.

The count must agree with a pair-by-pair geometric check, yet a city map has thousands of links,
so the plane is cut into vertical slabs at every distinct endpoint x. Inside a slab each link is
a straight piece, and two pieces cross exactly when their order at the slab's left edge is the
reverse of their order at its right edge: an inversion count. Crossings that fall exactly on a
slab edge (common on a grid) are counted there. Interpolated heights are exact fractions, so
ties are real ties and nothing is counted twice.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

from chainchief.domain.graph import LinkEdge

Number = int | Fraction
Point = tuple[float, float]
Segment = tuple[int, int, int, int]
MAX_COMMON_BITS = 256


def count_crossings(
    positions: Mapping[int, Point],
    card_size: tuple[float, float],
    links: Iterable[LinkEdge | tuple[int, int]],
) -> int:
    """Pairs of links whose centre-to-centre segments properly intersect.

    ``positions`` are top-left corners of equally sized cards. Links that only touch (a shared
    segment, an endpoint on the other link) or overlap along a line do not count.
    """
    pairs = [
        (link.upstream, link.downstream) if isinstance(link, LinkEdge) else link for link in links
    ]
    used = {node for pair in pairs for node in pair}
    exact = {node: _centre(positions[node], card_size) for node in used}
    scale = math.lcm(1, *(value.denominator for point in exact.values() for value in point))
    centres = {node: (int(x * scale), int(y * scale)) for node, (x, y) in exact.items()}
    sloped: list[Segment] = []
    upright: list[tuple[int, int, int]] = []
    for upstream, downstream in pairs:
        start, end = centres[upstream], centres[downstream]
        if start > end:
            start, end = end, start
        if start[0] == end[0]:
            if start[1] != end[1]:
                upright.append((start[0], start[1], end[1]))
        else:
            sloped.append((start[0], start[1], end[0], end[1]))
    return _sloped_crossings(sloped) + _upright_crossings(upright, sloped)


def _centre(corner: Point, card_size: tuple[float, float]) -> tuple[Fraction, Fraction]:
    return (
        Fraction(corner[0]) + Fraction(card_size[0]) / 2,
        Fraction(corner[1]) + Fraction(card_size[1]) / 2,
    )


def _sloped_crossings(segments: list[Segment]) -> int:
    xs = sorted({x for s in segments for x in (s[0], s[2])})
    index = {x: i for i, x in enumerate(xs)}
    spans = {s[2] - s[0] for s in segments if index[s[2]] - index[s[0]] > 1}
    common = math.lcm(1, *spans)
    height = _scaled_height(common) if common.bit_length() <= MAX_COMMON_BITS else _exact_height
    slabs: dict[int, list[tuple[Number, Number]]] = defaultdict(list)
    on_edge: dict[tuple[int, Number], list[Segment]] = defaultdict(list)
    for segment in segments:
        first, last = index[segment[0]], index[segment[2]]
        heights = [height(segment, xs[i]) for i in range(first, last + 1)]
        for offset in range(last - first):
            slabs[first + offset].append((heights[offset], heights[offset + 1]))
        for offset in range(1, last - first):
            on_edge[(first + offset, heights[offset])].append(segment)
    total = sum(_inversions(pieces) for pieces in slabs.values())
    for crossing in on_edge.values():
        if len(crossing) > 1:
            slopes = Counter(Fraction(y2 - y1, x2 - x1) for x1, y1, x2, y2 in crossing)
            same = sum(n * (n - 1) // 2 for n in slopes.values())
            total += len(crossing) * (len(crossing) - 1) // 2 - same
    return total


def _scaled_height(common: int) -> Callable[[Segment, int], Number]:
    """Heights times ``common`` (a multiple of every span): exact integers, fast to compare."""

    def height(segment: Segment, x: int) -> Number:
        x1, y1, x2, y2 = segment
        if x == x1:
            return y1 * common
        if x == x2:
            return y2 * common
        return (y1 * (x2 - x) + y2 * (x - x1)) * (common // (x2 - x1))

    return height


def _exact_height(segment: Segment, x: int) -> Number:
    """The same order as _scaled_height, as fractions, when the spans share no small multiple."""
    x1, y1, x2, y2 = segment
    return Fraction(y1 * (x2 - x) + y2 * (x - x1), x2 - x1)


def _inversions(pieces: list[tuple[Number, Number]]) -> int:
    """Pairs strictly ordered one way on the left edge and strictly the other way on the right."""
    if len(pieces) < 2:
        return 0
    pieces.sort()
    ranks = sorted({right for _, right in pieces})
    size = len(ranks)
    tree = [0] * (size + 1)
    total = 0
    for seen, (_, right) in enumerate(pieces):
        rank = bisect_left(ranks, right) + 1
        not_above, position = 0, rank
        while position > 0:
            not_above += tree[position]
            position -= position & -position
        total += seen - not_above
        while rank <= size:
            tree[rank] += 1
            rank += rank & -rank
    return total


def _upright_crossings(upright: list[tuple[int, int, int]], sloped: list[Segment]) -> int:
    """Vertical links (equal x, e.g. pinned cards) against sloped ones; verticals never cross."""
    total = 0
    for x, low, high in upright:
        for segment in sloped:
            if segment[0] < x < segment[2] and low < _exact_height(segment, x) < high:
                total += 1
    return total
