"""Where each segment card goes on a chain map: three swimlanes, columns, rows, pins.

Lanes run left to right (upstream, midstream, downstream) and a segment never leaves its lane.
Inside a lane, a segment's column is the longest path to it over same-lane links; a lane's
columns start after the previous lane's, so every link points right. Rows come from the
crossing minimisation of ``layout_order``; two ways of turning rows into heights are then
measured with the exact crossing count and the better kept (never worse than plain name order).
Pinned cards stay exactly where the user put them; the others move down out of their way.
"""

from __future__ import annotations

from dataclasses import dataclass

from chainchief.domain.enums import Tier
from chainchief.domain.graph import ChainGraph, SegmentNode
from chainchief.domain.layout_crossings import count_crossings
from chainchief.domain.layout_order import build_layers, minimise_crossings

__all__ = ["Layout", "count_crossings", "layout_chain"]

Point = tuple[float, float]
ALIGN_SWEEPS = 6


@dataclass(frozen=True)
class Layout:
    """Top-left corners of cards, the lanes' x ranges and the crossings of the drawing."""

    positions: dict[int, Point]
    card_size: tuple[float, float]
    lanes: dict[Tier, tuple[float, float]]
    crossings: int


@dataclass(frozen=True)
class _Frame:
    """Everything about a chain that does not depend on row order."""

    nodes: list[SegmentNode]
    column: list[int]
    lane_columns: dict[Tier, range]
    edges: list[tuple[int, int]]
    card: tuple[float, float]
    column_gap: float
    row_gap: float


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
    column_count = max(r.stop for r in frame.lane_columns.values())
    free = [i for i, node in enumerate(frame.nodes) if node.pinned is None]
    by_name = [[node for node in free if frame.column[node] == col] for col in range(column_count)]
    candidates: list[dict[int, float]] = []
    if optimise and frame.edges:
        layered = build_layers(frame.column, frame.edges, column_count)
        best = minimise_crossings(layered)
        pinned = set(range(len(frame.nodes))) - set(free)
        rows = [[n for n in layer if n < layered.real and n not in pinned] for layer in best]
        candidates += [_aligned(frame, rows), _packed(frame, rows)]
    candidates.append(_packed(frame, by_name))
    chosen = _place(frame, candidates[0])
    for heights in candidates[1:]:
        if chosen.crossings == 0:
            break
        layout = _place(frame, heights)
        if layout.crossings < chosen.crossings:
            chosen = layout
    return chosen


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
    return _Frame(nodes, column, lane_columns, edges, card, column_gap, row_gap)


def _packed(frame: _Frame, rows: list[list[int]]) -> dict[int, float]:
    """Rows stacked from the top, each column centred on the tallest one (half-row steps)."""
    step = frame.card[1] + frame.row_gap
    tallest = max((len(col) for col in rows), default=0)
    heights: dict[int, float] = {}
    for col in rows:
        offset = (tallest - len(col)) // 2 * step + (tallest - len(col)) % 2 * step / 2
        for row, node in enumerate(col):
            heights[node] = offset + row * step
    return heights


def _aligned(frame: _Frame, rows: list[list[int]]) -> dict[int, float]:
    """Heights pulled toward linked cards, order and spacing kept (isotonic regression).

    Long links are drawn straight, so a card level with its neighbours keeps them from cutting
    across other columns; the row order from the crossing minimisation is never changed.
    """
    step = frame.card[1] + frame.row_gap
    neighbours: list[list[int]] = [[] for _ in frame.nodes]
    for source, target in frame.edges:
        neighbours[source].append(target)
        neighbours[target].append(source)
    heights = {node: row * step for col in rows for row, node in enumerate(col)}
    pins = {i: node.pinned[1] for i, node in enumerate(frame.nodes) if node.pinned is not None}
    heights.update(pins)
    for sweep in range(ALIGN_SWEEPS):
        order = rows if sweep % 2 == 0 else rows[::-1]
        for col in order:
            targets = [
                sum(heights[n] for n in neighbours[node]) / len(neighbours[node])
                if neighbours[node]
                else heights[node]
                for node in col
            ]
            for node, height in zip(col, _spaced_fit(targets, step), strict=True):
                heights[node] = height
    # Without pins the map starts at the top; with pins, moving free cards would misalign them.
    lowest = 0.0 if pins else min(heights.values(), default=0.0)
    for col in rows:
        previous: float | None = None
        for node in col:
            height = float(round(heights[node] - lowest))
            if previous is not None:
                height = max(height, previous + step)
            heights[node] = previous = height
    return heights


def _spaced_fit(targets: list[float], step: float) -> list[float]:
    """Closest heights (least squares) to ``targets`` that keep order with ``step`` between.

    Subtracting i·step turns the spacing into plain monotonicity: pool adjacent violators.
    """
    blocks: list[list[float]] = []
    for index, target in enumerate(targets):
        blocks.append([target - index * step, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    fitted: list[float] = []
    for total, count in blocks:
        fitted.extend([total / count] * int(count))
    return [value + index * step for index, value in enumerate(fitted)]


def _place(frame: _Frame, heights: dict[int, float]) -> Layout:
    """Final positions: lanes shifted right past pinned cards, free cards moved off pins."""
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
    by_column: dict[int, list[int]] = {}
    free = [n for n in heights if frame.nodes[n].pinned is None]
    for node in sorted(free, key=lambda n: (heights[n], n)):
        by_column.setdefault(frame.column[node], []).append(node)
    for col, members in by_column.items():
        x = column_x[col]
        blocking = sorted(
            (py for px, py in pinned_boxes if px < x + width and x < px + width),
        )
        floor: float | None = None
        for node in members:
            y = heights[node] if floor is None else max(heights[node], floor)
            y = _clear_of(y, blocking, height, frame.row_gap)
            positions[frame.nodes[node].id] = (x, y)
            floor = y + height + frame.row_gap
    links = [(frame.nodes[s].id, frame.nodes[t].id) for s, t in frame.edges]
    return Layout(positions, frame.card, lanes, count_crossings(positions, frame.card, links))


def _clear_of(y: float, blocking: list[float], height: float, gap: float) -> float:
    """The first height at or below ``y`` whose card keeps ``gap`` from every pinned card."""
    moved = True
    while moved:
        moved = False
        for top in blocking:
            if top - gap < y + height and y < top + height + gap:
                y = top + height + gap
                moved = True
    return y
