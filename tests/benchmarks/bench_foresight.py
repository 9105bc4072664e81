"""Speed of the foresight computations on the synthetic city and on one very large chain.

Run: PYTHONPATH=. .venv/bin/python -m tests.benchmarks.bench_foresight
Prints, for the largest chain of each data set, the time of a first whatif (a leading firm
leaves; it builds the chain's indexes and critical segments once), of ranking every open target
(one whatif each) and of the 风险 list (one whatif per leading firm), all in the domain,
without the database.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from chainchief.domain.enums import Location, Role, Stage, Tier
from chainchief.domain.graph import ChainGraph
from chainchief.domain.ranking import ValueWeights, rank_targets
from chainchief.domain.risk import departure_risks
from chainchief.domain.scenario import ChainTarget, RemoveFirm, ScenarioChain, Stake, run_scenario
from tests.benchmarks.figures import Figure
from tests.benchmarks.run import Run
from tests.benchmarks.synthetic import Rows, big_chain, graph_from_rows, synthetic_city


def chain_state(rows: Rows, chain: str) -> tuple[ScenarioChain, list[ChainTarget]]:
    """The chain's graph, memberships and targets as the services would load them."""
    graph: ChainGraph = graph_from_rows(rows, chain)
    ids = {segment.name: segment.id for segment in graph.segments}
    firms = {row["firm"]: row for row in rows["firms"]}
    firm_ids = {name: index for index, name in enumerate(firms, start=1)}
    stakes = []
    for row in rows["firm_segments"]:
        if row["chain"] != chain:
            continue
        firm = firms[row["firm"]]
        stakes.append(
            Stake(
                firm_id=firm_ids[row["firm"]],
                firm=str(row["firm"]),
                segment_id=ids[str(row["segment"])],
                role=Role.parse(str(row["role"])),  # type: ignore[arg-type]
                in_zone=firm["location"] == Location.IN_ZONE.file_value,
                revenue=float(firm["revenue"]) if firm.get("revenue") else None,
            )
        )
    tiers = {segment.id: segment.tier for segment in graph.segments}
    targets = [
        ChainTarget(
            index,
            str(row["firm"]),
            ids[str(row["segment"])],
            str(row["segment"]),
            tiers.get(ids[str(row["segment"])], Tier.UPSTREAM),
            Stage.parse(str(row["stage"])),  # type: ignore[arg-type]
        )
        for index, row in enumerate(rows["targets"])
        if row["chain"] == chain
    ]
    return ScenarioChain(graph, tuple(stakes)), targets


def timed(job: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = job()
    return time.perf_counter() - start, result


def report(title: str, rows: Rows) -> dict[str, float]:
    """Print and return the seconds of a first whatif, of ranking and of the risk list."""
    chains = [str(row["chain"]) for row in rows["chains"]]
    sizes = {chain: sum(1 for r in rows["segments"] if r["chain"] == chain) for chain in chains}
    chain = max(chains, key=sizes.__getitem__)
    state, targets = chain_state(rows, chain)
    leader = next(s for s in state.stakes if s.in_zone and s.role is Role.LEADING)
    one, _ = timed(lambda: run_scenario(state, [RemoveFirm(leader.firm_id, leader.firm)]))
    ranked_time, ranked = timed(
        lambda: rank_targets(state, targets, ValueWeights.from_texts(), rank=True)
    )
    risk_time, risks = timed(lambda: departure_risks(state))
    print(f"{title}: chain {chain}: {sizes[chain]} segments, {len(state.stakes)} memberships")
    print(f"  first whatif, one firm leaves (builds the chain's indexes): {one * 1000:.1f} ms")
    print(f"  targets --rank: {len(ranked)} open targets in {ranked_time:.2f} s")  # type: ignore[arg-type]
    print(f"  risk list: {len(risks)} risky leading firms in {risk_time:.2f} s")  # type: ignore[arg-type]
    return {"whatif": one, "rank": ranked_time, "risk": risk_time}


def figures(run: Run) -> list[Figure]:
    """The runner's rows (no goals: figures to watch), the big chain left out in quick mode."""
    sets = [("city", synthetic_city(seed=run.seed))]
    if not run.quick:
        sets.append(("big chain", big_chain(seed=run.seed)))
    rows = []
    for title, data in sets:
        seconds = report(title, data)
        rows += [
            Figure("foresight", f"first whatif, {title}", "ms", seconds["whatif"] * 1000),
            Figure("foresight", f"targets --rank, {title}", "s", seconds["rank"]),
            Figure("foresight", f"risk list, {title}", "s", seconds["risk"]),
        ]
    return rows


def main() -> None:
    report("synthetic city (12 chains)", synthetic_city())
    report("one big chain", big_chain())


if __name__ == "__main__":
    main()
