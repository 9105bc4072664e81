"""Chain-map layouts kept on disk, so a big chain opens without laying it out again.

A layout is a pure function of the chain's segments (ids, names, tiers, pins), its links, the
card size and the gaps, and of the layout algorithm (``LAYOUT_VERSION``). The file name is a
hash of exactly those inputs, so any edit or pin gives another file and nothing needs
invalidating. Laying out the 2,000-segment benchmark chain takes seconds; reading its file back
takes milliseconds, and the GUI and ``render`` share the files.

The cache only ever saves time: a file that cannot be read, was written by another version or
does not fit the chain is ignored and written again, and a folder that cannot be written leaves
the layout computed each time. Files are written whole (a temporary file, then renamed), and
the least recently used go once the folder holds more than ``MAX_BYTES``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from chainchief.domain.enums import Tier
from chainchief.domain.graph import ChainGraph
from chainchief.domain.layout import LAYOUT_VERSION, Layout, layout_chain
from chainchief.store import paths

MIN_SEGMENTS = 30
"""Smaller chains lay out in a few milliseconds: a file would cost as much as it saves."""
MAX_BYTES = 64 * 1024 * 1024
SUFFIX = ".layout.json"


def layout_folder() -> Path:
    """Where layouts are kept by default: the per-user cache folder."""
    return paths.cache_dir() / "layouts"


def cached_layout(
    graph: ChainGraph,
    *,
    card_size: tuple[float, float],
    column_gap: float,
    row_gap: float,
    folder: Path | None = None,
) -> Layout:
    """``layout_chain`` of these inputs, read from ``folder`` when it was computed before."""
    if len(graph.segments) < MIN_SEGMENTS:
        return layout_chain(graph, card_size=card_size, column_gap=column_gap, row_gap=row_gap)
    folder = layout_folder() if folder is None else folder
    key = layout_key(graph, card_size, column_gap, row_gap)
    path = folder / f"{key}{SUFFIX}"
    layout = _read(path, key, graph)
    if layout is None:
        layout = layout_chain(graph, card_size=card_size, column_gap=column_gap, row_gap=row_gap)
        _write(folder, path, _encode(key, layout))
    return layout


def layout_key(
    graph: ChainGraph, card_size: tuple[float, float], column_gap: float, row_gap: float
) -> str:
    """Hash of everything the layout depends on, and of nothing else (not the firms, status or
    chain name, which change what a card shows, not where it goes)."""
    inputs = [
        LAYOUT_VERSION,
        list(card_size),
        column_gap,
        row_gap,
        sorted(
            [node.id, node.name, node.tier.value, list(node.pinned) if node.pinned else None]
            for node in graph.segments
        ),
        sorted([link.upstream, link.downstream] for link in graph.links),
    ]
    text = json.dumps(inputs, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _encode(key: str, layout: Layout) -> str:
    return json.dumps(
        {
            "version": LAYOUT_VERSION,
            "key": key,
            "card_size": list(layout.card_size),
            "crossings": layout.crossings,
            "positions": [[node, x, y] for node, (x, y) in layout.positions.items()],
            "lanes": [[tier.value, left, right] for tier, (left, right) in layout.lanes.items()],
            # One flat list a route (up, down, x, y, x, y...): far fewer objects to decode.
            "routes": [
                [up, down, *(value for point in route for value in point)]
                for (up, down), route in layout.routes.items()
            ],
        },
        separators=(",", ":"),
    )


def _read(path: Path, key: str, graph: ChainGraph) -> Layout | None:
    """The layout in ``path`` if it is whole, of this version and key, and fits the chain."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["version"] != LAYOUT_VERSION or data["key"] != key:
            return None
        width, height = data["card_size"]
        layout = Layout(
            positions={int(node): (float(x), float(y)) for node, x, y in data["positions"]},
            card_size=(float(width), float(height)),
            lanes={Tier(tier): (float(left), float(right)) for tier, left, right in data["lanes"]},
            crossings=int(data["crossings"]),
            routes={
                (int(up), int(down)): tuple(zip(values[::2], values[1::2], strict=True))
                for up, down, *values in data["routes"]
            },
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None
    fits = layout.positions.keys() == {node.id for node in graph.segments} and (
        layout.routes.keys() == {(link.upstream, link.downstream) for link in graph.links}
    )
    if not fits:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to be evicted
    return layout


def _write(folder: Path, path: Path, text: str) -> None:
    """Write the whole file or nothing (a reader never sees half of it), then trim the folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _evict(folder)
    except OSError:
        return


def _evict(folder: Path) -> None:
    """Delete the least recently used layouts until the folder holds at most ``MAX_BYTES``."""
    files = []
    for entry in folder.glob(f"*{SUFFIX}"):
        with contextlib.suppress(OSError):
            status = entry.stat()
            files.append((status.st_mtime, status.st_size, entry))
    total = sum(size for _time, size, _entry in files)
    for _time, size, entry in sorted(files, key=lambda item: (item[0], item[2].name)):
        if total <= MAX_BYTES:
            break
        with contextlib.suppress(OSError):
            entry.unlink()
        total -= size
