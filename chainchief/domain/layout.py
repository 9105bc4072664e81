"""Where each segment card goes on a chain map: three swimlanes, columns, rows, pins, routes.

Lanes run left to right (upstream, midstream, downstream) and a segment never leaves its lane.
Inside a lane, a segment's column is the longest path to it over same-lane links; a lane's
columns start after the previous lane's, so every link points right. A link spanning several
columns passes each column it crosses through a virtual node (Sugiyama): a slot between two
cards of that column, kept in the column's order like a card of no height, so its route runs
between cards and never under one. Rows come from the crossing minimisation of
``layout_order`` (the best order of each search it ran); two ways of turning each into heights
are then measured with the exact crossing count and the best kept (never worse than plain name
order), and only that one is routed. Pinned cards stay exactly where the user put them; the
others and the virtual nodes move down out of their way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chainchief.domain.enums import Tier
from chainchief.domain.graph import ChainGraph, SegmentNode
from chainchief.domain.layout_crossings import count_crossings
from chainchief.domain.layout_order import LayeredGraph, build_layers, minimise_crossings
from chainchief.domain.layout_routes import Route, route_links

__all__ = ["LAYOUT_VERSION", "Layout", "Route", "count_crossings", "layout_chain"]

Point = tuple[float, float]
LAYOUT_VERSION = 2
"""Raise whenever the same chain would be laid out differently: layouts cached on disk under an
older version are then computed again."""
ALIGN_SWEEPS = 6
ROUTE_GAP = 8.0
"""Vertical distance between two routes passing the same column side by side."""


@dataclass(frozen=True)
class Layout:
    """Top-left corners of cards, the lanes' x ranges, the crossings of the drawing (straight
    lines between card centres, the yardstick shared with dot) and every link's route."""

    positions: dict[int, Point]
    card_size: tuple[float, float]
    lanes: dict[Tier, tuple[float, float]]
    crossings: int
    routes: dict[tuple[int, int], Route] = field(default_factory=dict)


@dataclass(frozen=True)
class _Frame:
    """Everything about a chain that does not depend on row order."""

    nodes: list[SegmentNode]
    column: list[int]
    lane_columns: dict[Tier, range]
    edges: list[tuple[int, int]]
    layered: LayeredGraph
    card: tuple[float, float]
    column_gap: float
    row_gap: float

    def half(self, node: int) -> float:
        """Half the height a node takes in its column: a card's, or nothing for a route."""
        return self.card[1] / 2 if node < self.layered.real else 0.0

    def clearance(self, node: int) -> float:
        """The free space a node keeps around it: the row gap for cards, less for routes."""
        return self.row_gap if node < self.layered.real else self.row_gap / 2

    def separation(self, above: int, below: int) -> float:
        """Centre-to-centre distance of two neighbours in a column."""
        real = self.layered.real
        if above >= real and below >= real:
            return ROUTE_GAP
        gap = self.row_gap if above < real and below < real else self.row_gap / 2
        return self.half(above) + self.half(below) + gap


def layout_chain(
    graph: ChainGraph,
    *,
    card_size: tuple[float, float] = (160.0, 64.0),
    column_gap: float = 80.0,
    row_gap: float = 24.0,
    optimise: bool = True,
) -> Layout:
    """The chain's map. ``optimise=False`` gives the plain start: rows in name order."""
    frame = _frame(graph, card_size, column_gap, row_gap)
    layered = frame.layered
    pinned = {i for i, node in enumerate(frame.nodes) if node.pinned is not None}
    candidates: list[dict[int, float]] = []
    if optimise and frame.edges:
        for order in minimise_crossings(layered):
            rows = [[n for n in layer if n not in pinned] for layer in order]
            candidates += [_aligned(frame, rows), _packed(frame, rows)]
    candidates.append(_packed(frame, _name_order(frame, pinned)))
    links = [(frame.nodes[s].id, frame.nodes[t].id) for s, t in frame.edges]
    chosen: _Placement | None = None
    for heights in candidates:
        placement = _place(frame, heights)
        placement.crossings = count_crossings(placement.positions, frame.card, links)
        if chosen is None or placement.crossings < chosen.crossings:
            chosen = placement
        if chosen.crossings == 0:
            break
    assert chosen is not None  # the name order is always a candidate
    return _routed(frame, chosen)


def _frame(
    graph: ChainGraph, card: tuple[float, float], column_gap: float, row_gap: float
) -> _Frame:
    nodes = sorted(graph.segments, key=lambda s: (s.name, s.id))
    index = {segment.id: i for i, segment in enumerate(nodes)}
    edges = sorted({(index[ln.upstream], index[ln.downstream]) for ln in graph.links})
    successors: list[list[int]] = [[] for _ in nodes]
    indegree = [0] * len(nodes)
    for source, target in edges:
        if nodes[source].tier is nodes[target].tier:
            successors[source].append(target)
            indegree[target] += 1
    depth = [0] * len(nodes)
    ready = [node for node in range(len(nodes)) if indegree[node] == 0]
    while ready:
        node = ready.pop()
        for nxt in successors[node]:
            depth[nxt] = max(depth[nxt], depth[node] + 1)
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    if any(indegree):
        raise ValueError(f"chain {graph.chain_id} has a cycle: validate links before layout")
    lane_columns: dict[Tier, range] = {}
    start = 0
    for tier in Tier:
        width = 1 + max((depth[n] for n in range(len(nodes)) if nodes[n].tier is tier), default=0)
        lane_columns[tier] = range(start, start + width)
        start += width
    column = [lane_columns[node.tier].start + depth[i] for i, node in enumerate(nodes)]
    layered = build_layers(column, edges, start)
    return _Frame(nodes, column, lane_columns, edges, layered, card, column_gap, row_gap)


def _name_order(frame: _Frame, pinned: set[int]) -> list[list[int]]:
    """Cards in name order, then the routes passing the column, ordered by where they start."""
    layered = frame.layered
    rows: list[list[int]] = [[] for _ in layered.layers]
    for node in range(layered.real):
        if node not in pinned:
            rows[layered.column[node]].append(node)
    for chain in layered.chains:  # in edge order: by source, then target, in name order
        for dummy in chain:
            rows[layered.column[dummy]].append(dummy)
    return rows


def _offsets(frame: _Frame, column: list[int]) -> list[float]:
    """Each node's centre below the first one's when the column is packed tight."""
    offsets, total = [], 0.0
    for index, node in enumerate(column):
        if index:
            total += frame.separation(column[index - 1], node)
        offsets.append(total)
    return offsets


def _packed(frame: _Frame, rows: list[list[int]]) -> dict[int, float]:
    """Columns packed tight from the top, each centred on the tallest one (centre heights)."""
    extents = [
        (_offsets(frame, col)[-1] + frame.half(col[0]) + frame.half(col[-1])) if col else 0.0
        for col in rows
    ]
    tallest = max(extents, default=0.0)
    heights: dict[int, float] = {}
    for col, extent in zip(rows, extents, strict=True):
        if not col:
            continue
        top = float(round((tallest - extent) / 2)) + frame.half(col[0])
        for node, offset in zip(col, _offsets(frame, col), strict=True):
            heights[node] = top + offset
    return heights


def _aligned(frame: _Frame, rows: list[list[int]]) -> dict[int, float]:
    """Centre heights pulled toward linked nodes, order and spacing kept (isotonic regression).

    A card level with its neighbours and routes level with their ends keep links short and
    straight; the row order from the crossing minimisation is never changed.
    """
    layered = frame.layered
    neighbours = layered.neighbours
    offsets = [_offsets(frame, col) for col in rows]
    heights = {node: offset for col, offs in zip(rows, offsets, strict=True)
               for node, offset in zip(col, offs, strict=True)}  # fmt: skip
    pins = {
        i: node.pinned[1] + frame.card[1] / 2
        for i, node in enumerate(frame.nodes)
        if node.pinned is not None
    }
    heights.update(pins)
    for sweep in range(ALIGN_SWEEPS):
        order = range(len(rows)) if sweep % 2 == 0 else range(len(rows) - 1, -1, -1)
        for index in order:
            col = rows[index]
            targets = [
                sum(heights[n] for n in neighbours[node]) / len(neighbours[node])
                if neighbours[node]
                else heights[node]
                for node in col
            ]
            for node, height in zip(col, _spaced_fit(targets, offsets[index]), strict=True):
                heights[node] = height
    # Without pins the map starts at the top; with pins, moving free cards would misalign them.
    lowest = 0.0 if pins else min((heights[col[0]] - frame.half(col[0]) for col in rows if col),
                                  default=0.0)  # fmt: skip
    for col in rows:
        previous: int | None = None
        for node in col:
            height = float(round(heights[node] - lowest))
            if previous is not None:
                height = max(height, heights[previous] + frame.separation(previous, node))
            heights[node] = height
            previous = node
    return heights


def _spaced_fit(targets: list[float], offsets: list[float]) -> list[float]:
    """Closest heights (least squares) to ``targets`` that keep order with ``offsets`` apart.

    Subtracting each node's packed offset turns the spacing into plain monotonicity: pool
    adjacent violators.
    """
    blocks: list[list[float]] = []
    for target, offset in zip(targets, offsets, strict=True):
        blocks.append([target - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    fitted: list[float] = []
    for total, count in blocks:
        fitted.extend([total / count] * int(count))
    return [value + offset for value, offset in zip(fitted, offsets, strict=True)]


@dataclass
class _Placement:
    """A candidate drawing before routing: cards, lanes, and where each virtual node sits."""

    positions: dict[int, Point]
    lanes: dict[Tier, tuple[float, float]]
    column_x: dict[int, float]
    centres: dict[int, float]
    crossings: int = 0


def _place(frame: _Frame, heights: dict[int, float]) -> _Placement:
    """Final positions: lanes shifted right past pinned cards, free cards and routes moved off
    pins."""
    width, height = frame.card
    step_x = width + frame.column_gap
    column_x: dict[int, float] = {}
    lanes: dict[Tier, tuple[float, float]] = {}
    shift, previous_end = 0.0, None
    for tier, columns in frame.lane_columns.items():
        natural = columns.start * step_x + shift
        if previous_end is not None and natural < previous_end + frame.column_gap:
            shift += previous_end + frame.column_gap - natural
        for col in columns:
            column_x[col] = col * step_x + shift
        pins = [n.pinned[0] for n in frame.nodes if n.tier is tier and n.pinned is not None]
        x0 = min([column_x[columns.start], *pins])
        x1 = max([column_x[columns.stop - 1] + width] + [x + width for x in pins])
        lanes[tier] = (x0, x1)
        previous_end = x1
    pinned_boxes = [node.pinned for node in frame.nodes if node.pinned is not None]
    positions: dict[int, Point] = {
        node.id: node.pinned for node in frame.nodes if node.pinned is not None
    }
    centres: dict[int, float] = {}
    by_column: dict[int, list[int]] = {}
    free = [n for n in heights if n >= frame.layered.real or frame.nodes[n].pinned is None]
    for node in sorted(free, key=lambda n: (heights[n], n)):
        by_column.setdefault(frame.layered.column[node], []).append(node)
    for col, members in by_column.items():
        x = column_x[col]
        reach = width + frame.column_gap  # a pinned card nearer than a column gap also blocks
        blocking = sorted(py for px, py in pinned_boxes if px < x + reach and x < px + reach)
        previous: int | None = None
        for node in members:
            y = heights[node]
            if previous is not None:
                y = max(y, centres[previous] + frame.separation(previous, node))
            half = frame.half(node)
            y = _clear_of(y - half, blocking, 2 * half, height, frame.clearance(node)) + half
            centres[node] = y
            previous = node
            if node < frame.layered.real:
                positions[frame.nodes[node].id] = (x, y - half)
    return _Placement(positions, lanes, column_x, centres)


def _routed(frame: _Frame, placement: _Placement) -> Layout:
    """The chosen drawing with its links routed through their virtual nodes (only the chosen
    one: routing is a good part of a candidate's cost and does not change its crossings)."""
    ids = [node.id for node in frame.nodes]
    column, centres = frame.layered.column, placement.centres
    routes = route_links(
        placement.positions,
        frame.card,
        [(ids[s], ids[t]) for s, t in frame.edges],
        [[(placement.column_x[column[d]], centres[d]) for d in chain]
         for chain in frame.layered.chains],
        stub=min(frame.column_gap / 4, frame.row_gap),
        clearance=frame.row_gap / 2,
        pinned=any(node.pinned is not None for node in frame.nodes),
    )  # fmt: skip
    return Layout(placement.positions, frame.card, placement.lanes, placement.crossings, routes)


def _clear_of(y: float, blocking: list[float], size: float, height: float, gap: float) -> float:
    """The first top at or below ``y`` whose box of ``size`` keeps ``gap`` from every pinned
    card (each ``height`` tall, tops in ``blocking``)."""
    moved = True
    while moved:
        moved = False
        for top in blocking:
            if top - gap < y + size and y < top + height + gap:
                y = top + height + gap
                moved = True
    return y
