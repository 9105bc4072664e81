"""Every map a user meets routes its links between cards: the demo city, the public fixture
and the big synthetic chain, walked piece by piece, with an arrowhead end on every link."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainchief.services.chains.chain_map import ChainMap, build_map, chain_map
from chainchief.services.chains.lists import list_chains
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database
from tests.benchmarks.synthetic import big_chain, graph_from_rows
from tests.route_support import route_problems, shared_ends

FIXTURE = Path(__file__).resolve().parents[2].parent / "shared/fixtures/semiconductor_public.xlsx"


def map_problems(chain: ChainMap) -> list[str]:
    cards = {card.segment_id: (card.x, card.y, card.width, card.height) for card in chain.cards}
    routes = {(link.upstream, link.downstream): link.points for link in chain.links}
    assert len(routes) == len(chain.links)
    return route_problems(cards, routes) + shared_ends(routes)


def all_maps(db: Database) -> list[ChainMap]:
    return [chain_map(db, row.id) for row in list_chains(db)]


def test_every_demo_chain_routes_between_its_cards(demo_db: Database) -> None:
    maps = all_maps(demo_db)
    assert len(maps) >= 3
    # Some demo links span columns: their routes pass through virtual nodes (two bends each).
    assert any(len(link.points) > 4 for chain in maps for link in chain.links)
    for chain in maps:
        assert map_problems(chain) == [], chain.chain


@pytest.mark.skipif(not FIXTURE.exists(), reason="needs the shared public fixture")
def test_the_public_fixture_routes_between_its_cards(db: Database) -> None:
    import_workbook(db, FIXTURE, actor="tester")
    maps = all_maps(db)
    assert maps
    for chain in maps:
        assert map_problems(chain) == [], chain.chain


def test_the_big_synthetic_chain_routes_between_its_cards() -> None:
    rows = big_chain(seed=1)
    chain = build_map(graph_from_rows(rows, str(rows["chains"][0]["chain"])))
    assert len(chain.links) > 5000
    assert map_problems(chain) == []
