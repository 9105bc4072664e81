"""``chainchief whatif`` on the demo city and the public fixture: every scenario's "after" is the
analysis of the chain really edited in the database, and bad names are refused with exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from chainchief import cli
from chainchief.domain.enums import Location, Role
from chainchief.services.admin.stats import row_counts
from chainchief.services.chains.gaps import analyse_chains
from chainchief.services.foresight import StepKind, StepRequest, chain_risks, whatif
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database, open_database
from chainchief.store.models import Chain, Firm, Membership, Segment, Target

PUBLIC_FIXTURE = (
    Path(__file__).resolve().parents[3] / "shared" / "fixtures" / ("semiconductor_public.xlsx")
)


@pytest.fixture
def public_db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "public.db")
    import_workbook(database, PUBLIC_FIXTURE, actor="test")
    return database


def leading_firms(db: Database, chain: str) -> list[str]:
    with db.transaction() as session:
        return sorted(
            set(
                session.scalars(
                    select(Firm.name)
                    .join(Membership, Membership.firm_id == Firm.id)
                    .join(Segment, Segment.id == Membership.segment_id)
                    .join(Chain, Chain.id == Segment.chain_id)
                    .where(
                        Chain.name == chain,
                        Membership.role.in_([Role.LEADING.value, Role.CORE.value]),
                        Firm.location == Location.IN_ZONE.value,
                    )
                )
            )
        )


def remove_for_real(db: Database, chain: str, firm: str) -> None:
    with db.transaction() as session:
        segment_ids = select(Segment.id).join(Chain).where(Chain.name == chain)
        firm_id = session.scalar(select(Firm.id).where(Firm.name == firm))
        session.execute(
            delete(Membership).where(
                Membership.firm_id == firm_id, Membership.segment_id.in_(segment_ids)
            )
        )


def land_for_real(db: Database, chain: str, firm: str, segment: str) -> None:
    with db.transaction() as session:
        segment_id = session.scalar(
            select(Segment.id).join(Chain).where(Chain.name == chain, Segment.name == segment)
        )
        stored = session.scalars(select(Firm).where(Firm.name == firm).order_by(Firm.id)).first()
        if stored is None:
            stored = Firm(name=firm, location=Location.IN_ZONE.value)
            session.add(stored)
            session.flush()
        stored.location = Location.IN_ZONE.value
        held = session.scalar(
            select(Membership.id).where(
                Membership.firm_id == stored.id, Membership.segment_id == segment_id
            )
        )
        if held is None:
            session.add(
                Membership(firm_id=stored.id, segment_id=segment_id, role=Role.SUPPORTING.value)
            )


def copy_of(db_file: Path, tmp_path: Path, name: str) -> Database:
    target = tmp_path / name
    shutil.copyfile(db_file, target)
    return open_database(target)


def check_scenarios_against_real_edits(db_file: Path, tmp_path: Path) -> int:
    """Every leading firm leaving and every target landing, each compared with the real edit."""
    source = open_database(db_file)
    checked = 0
    try:
        chains = [analysis.chain for analysis in analyse_chains(source)]
        for chain in chains:
            for firm in leading_firms(source, chain)[:4]:
                result = whatif(source, chain, [StepRequest(StepKind.REMOVE_FIRM, firm)])
                edited = copy_of(db_file, tmp_path, f"edit{checked}.db")
                remove_for_real(edited, chain, firm)
                assert analyse_chains(edited, chain) == [result.after], (chain, firm)
                edited.dispose()
                checked += 1
            with source.transaction() as session:
                targets = session.execute(
                    select(Target.firm_name, Segment.name)
                    .join(Segment, Segment.id == Target.segment_id)
                    .join(Chain, Chain.id == Segment.chain_id)
                    .where(Chain.name == chain)
                    .order_by(Target.id)
                    .limit(3)
                ).all()
            for firm, segment in targets:
                request = StepRequest(StepKind.LAND_TARGET, f"{firm}@{segment}")
                result = whatif(source, chain, [request])
                edited = copy_of(db_file, tmp_path, f"edit{checked}.db")
                land_for_real(edited, chain, firm, segment)
                assert analyse_chains(edited, chain) == [result.after], (chain, firm)
                edited.dispose()
                checked += 1
    finally:
        source.dispose()
    return checked


def test_demo_scenarios_equal_the_real_edits(demo_db_path: Path, tmp_path: Path) -> None:
    assert check_scenarios_against_real_edits(demo_db_path, tmp_path) > 20


def test_public_fixture_scenarios_equal_the_real_edits(public_db: Database, tmp_path) -> None:
    path = Path(public_db.engine.url.database or "")
    public_db.dispose()
    assert check_scenarios_against_real_edits(path, tmp_path) > 3


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_whatif_json_keeps_the_order_of_the_steps(capsys, demo_db_path: Path) -> None:
    code, out, err = run(
        capsys,
        "whatif",
        "--db",
        str(demo_db_path),
        "--chain",
        "新能源汽车",
        "--land-target",
        "宜春昇锂矿业有限公司",
        "--remove-firm",
        "南京宁容动力电池有限公司",
        "--json",
    )
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert list(document) == [
        "chain",
        "scenario",
        "completeness",
        "segments",
        "breakpoints",
        "chokepoints",
        "revenue_at_risk",
    ]
    assert document["scenario"] == [
        {"land_target": "宜春昇锂矿业有限公司"},
        {"remove_firm": "南京宁容动力电池有限公司"},
    ]
    assert document["completeness"]["from"] < document["completeness"]["to"]
    assert ["锂矿资源", "正极材料"] in document["breakpoints"]["removed"]
    assert {"segment": "锂矿资源", "from": "missing", "to": "weak"} in document["segments"]
    assert document["revenue_at_risk"] == 1250000.0


def test_nothing_is_saved(capsys, demo_db_path: Path) -> None:
    def state() -> tuple[object, ...]:
        database = open_database(demo_db_path)
        try:
            return (row_counts(database), analyse_chains(database, "新能源汽车"))
        finally:
            database.dispose()

    before = state()
    code, _out, _err = run(
        capsys,
        "whatif",
        "--db",
        str(demo_db_path),
        "--chain",
        "新能源汽车",
        "--remove-firm",
        "南京宁容动力电池有限公司",
        "--land-target",
        "宜春昇锂矿业有限公司",
    )
    assert code == 0
    assert state() == before


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (["--remove-firm", "不存在的企业"], "不存在的企业"),
        (["--remove-firm", "南京宁容动力电池有限公司", "--chain", "集成电路"], "集成电路"),
        (["--land-target", "不存在的目标"], "不存在的目标"),
        (["--land-target", "宜春昇锂矿业有限公司@整车制造"], "整车制造"),
        (["--chain", "没有这条链", "--remove-firm", "x"], "没有这条链"),
        ([], "--remove-firm"),
    ],
)
def test_bad_names_are_refused_naming_them(capsys, demo_db_path, flags, named) -> None:
    chain = [] if "--chain" in flags else ["--chain", "新能源汽车"]
    code, out, err = run(capsys, "whatif", "--db", str(demo_db_path), *chain, *flags)
    assert code == 2
    assert out == ""
    assert named in err


def test_a_target_in_two_segments_needs_its_segment(capsys, demo_db_path: Path) -> None:
    database = open_database(demo_db_path)
    with database.transaction() as session:
        chain_id = session.scalar(select(Chain.id).where(Chain.name == "新能源汽车"))
        segments = session.scalars(
            select(Segment.id).where(Segment.chain_id == chain_id).order_by(Segment.name)
        ).all()
        for segment_id in segments[:2]:
            session.add(Target(segment_id=segment_id, firm_name="两头企业", stage="contact"))
    database.dispose()
    base = ["whatif", "--db", str(demo_db_path), "--chain", "新能源汽车", "--json"]
    code, _out, err = run(capsys, *base, "--land-target", "两头企业")
    assert code == 2
    assert "两头企业@" in err
    with open_database(demo_db_path).transaction() as session:
        first = session.scalar(select(Segment.name).where(Segment.id == segments[0]))
    code, out, _err = run(capsys, *base, "--land-target", f"两头企业@{first}")
    assert code == 0
    assert json.loads(out)["scenario"] == [{"land_target": "两头企业"}]


def test_the_risk_list_holds_exactly_the_leading_firms_whose_departure_opens_gaps(
    demo_db_path: Path,
) -> None:
    database = open_database(demo_db_path)
    try:
        risks = {chain.chain: chain for chain in chain_risks(database)}
        assert sorted(risks) == [analysis.chain for analysis in analyse_chains(database)]
        for chain, found in risks.items():
            listed = {risk.firm for risk in found.risks}
            for firm in leading_firms(database, chain):
                result = whatif(database, chain, [StepRequest(StepKind.REMOVE_FIRM, firm)])
                hurts = bool(
                    result.breakpoints_added
                    or result.chokepoints_added
                    or any(change.after.value == "missing" for change in result.segments)
                )
                assert (firm in listed) == hurts, (chain, firm)
            revenues = [risk.result.revenue_at_risk or 0.0 for risk in found.risks]
            assert revenues == sorted(revenues, reverse=True)
        assert sum(len(chain.risks) for chain in risks.values()) > 8
    finally:
        database.dispose()
