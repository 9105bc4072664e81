"""The on-disk layout cache: a hit gives the same geometry, any changed input misses, a broken or
foreign file is ignored and rewritten, and an unwritable folder only costs the computation."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from chainchief.domain.enums import Tier
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode
from chainchief.domain.layout import layout_chain
from chainchief.services.chains import layout_cache
from chainchief.services.chains.layout_cache import SUFFIX, cached_layout, layout_folder

SIZES: dict[str, Any] = {"card_size": (164.0, 80.0), "column_gap": 60.0, "row_gap": 20.0}


def chain(
    segments: int = 30,
    links: int = 45,
    seed: int = 3,
    pinned: tuple[float, float] | None = None,
    renamed: str | None = None,
) -> ChainGraph:
    """A chain past the cache's size floor: tiers in id order, links pointing downstream."""
    rng = random.Random(seed)
    tiers = list(Tier)
    nodes = [
        SegmentNode(i, f"环节{i:03d}", tiers[min(2, 3 * i // segments)]) for i in range(segments)
    ]
    nodes[5] = SegmentNode(5, nodes[5].name, nodes[5].tier, pinned=pinned)
    nodes[7] = SegmentNode(7, renamed or nodes[7].name, nodes[7].tier)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < links:
        up, down = sorted(rng.sample(range(segments), 2))
        pairs.add((up, down))
    return ChainGraph(
        1, "测试链", 2, tuple(nodes), tuple(LinkEdge(*pair) for pair in sorted(pairs))
    )


def files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{SUFFIX}"))


def test_a_hit_gives_the_computed_geometry_exactly(tmp_path: Path) -> None:
    graph = chain()
    first = cached_layout(graph, folder=tmp_path, **SIZES)
    assert len(files(tmp_path)) == 1
    second = cached_layout(graph, folder=tmp_path, **SIZES)
    assert second == first == layout_chain(graph, **SIZES)
    assert second.routes == first.routes and second.lanes == first.lanes


def test_the_default_folder_is_the_users_cache(tmp_path: Path) -> None:
    assert layout_folder().is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))
    cached_layout(chain(), **SIZES)
    assert len(files(layout_folder())) == 1


@pytest.mark.parametrize(
    "changed",
    [
        {"pinned": (900.0, 40.0)},
        {"renamed": "改名环节"},
        {"links": 46},
        {"sizes": {"card_size": (160.0, 64.0), "column_gap": 60.0, "row_gap": 20.0}},
    ],
    ids=["pin", "name", "link", "card size"],
)
def test_a_changed_input_misses(tmp_path: Path, changed: dict[str, object]) -> None:
    cached_layout(chain(), folder=tmp_path, **SIZES)
    sizes = changed.pop("sizes", SIZES)
    graph = chain(**changed)
    layout = cached_layout(graph, folder=tmp_path, **sizes)
    assert layout == layout_chain(graph, **sizes)
    assert len(files(tmp_path)) == 2


@pytest.mark.parametrize(
    "content",
    [b"", b'{"version": 1, "key": ', b"\xff\xfe garbage", b"[]", b'{"version": -1}'],
    ids=["empty", "cut short", "not text", "wrong shape", "other version"],
)
def test_an_unreadable_file_is_ignored_and_rewritten(tmp_path: Path, content: bytes) -> None:
    graph = chain()
    expected = cached_layout(graph, folder=tmp_path, **SIZES)
    (path,) = files(tmp_path)
    good = path.read_bytes()
    path.write_bytes(content)
    assert cached_layout(graph, folder=tmp_path, **SIZES) == expected
    assert path.read_bytes() == good


def test_a_file_that_does_not_fit_the_chain_is_not_used(tmp_path: Path) -> None:
    """Same key (as after a hash collision or a hand edit) but another chain's geometry."""
    graph = chain()
    cached_layout(graph, folder=tmp_path, **SIZES)
    (path,) = files(tmp_path)
    data = json.loads(path.read_text())
    data["positions"][0][0] = 9999
    path.write_text(json.dumps(data))
    assert cached_layout(graph, folder=tmp_path, **SIZES) == layout_chain(graph, **SIZES)
    assert json.loads(path.read_text())["positions"][0][0] != 9999


def test_an_unwritable_folder_still_gives_the_layout(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    graph = chain()
    layout = cached_layout(graph, folder=blocked / "layouts", **SIZES)
    assert layout == layout_chain(graph, **SIZES)
    assert list(tmp_path.iterdir()) == [blocked]


def test_the_least_recently_used_go_when_the_folder_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graphs = [chain(seed=seed) for seed in range(4)]
    paths = []
    for graph in graphs[:3]:
        cached_layout(graph, folder=tmp_path, **SIZES)
        (path,) = set(files(tmp_path)) - set(paths)
        paths.append(path)
    for path, used in zip(paths, (1000, 3000, 2000), strict=True):
        os.utime(path, (used, used))
    cached_layout(graphs[0], folder=tmp_path, **SIZES)  # a hit: now the most recently used
    monkeypatch.setattr(layout_cache, "MAX_BYTES", int(max(p.stat().st_size for p in paths) * 2.5))
    cached_layout(graphs[3], folder=tmp_path, **SIZES)
    assert paths[0] in files(tmp_path) and len(files(tmp_path)) == 2
    assert not list(tmp_path.glob(".*.tmp"))


def test_small_chains_are_not_cached(tmp_path: Path) -> None:
    graph = chain(segments=10, links=12)
    assert cached_layout(graph, folder=tmp_path, **SIZES) == layout_chain(graph, **SIZES)
    assert files(tmp_path) == []
