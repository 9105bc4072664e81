"""A small city for the meeting-pack tests: every case the workbook, ICS and agenda must handle.

One chain (新能源汽车) has a missing, a weak (chokepoint) and a strong segment, a formula-like
firm name, targets with a stage history, action items in every colour and indicators of two
years; the other chains exist for their names: too long, clashing after cutting, with
characters Excel forbids, ending in 产业链, and one called 总表.
"""

from __future__ import annotations

import datetime as dt

from chainchief.domain.enums import ActionStatus, Location, MeetingKind, Role, Stage, Tier
from chainchief.store.db import Database
from chainchief.store.models import (
    ActionItem,
    Chain,
    Department,
    Firm,
    Indicator,
    Link,
    Meeting,
    MeetingAttendee,
    Membership,
    Person,
    ProgressNote,
    Segment,
    StageChange,
    Target,
)

TODAY = dt.date(2026, 5, 6)
MAIN = "新能源汽车"
LONG = "长三角一体化高质量发展先进制造业集群新一代信息技术与人工智能融合应用"
LONG_TWIN = LONG + "二期"
FORBIDDEN = "医药/生命[健康]"
ENDS_WITH_CHAIN = "集成电路产业链"
FORMULA_FIRM = '=HYPERLINK("http://x","点我")科技有限公司'
MEETING_DAY = dt.date(2026, 5, 13)
PREVIOUS_MEETING_DAY = dt.date(2026, 2, 11)


def build_city(db: Database) -> dict[str, int]:
    """Store the city; returns ids tests need (chain and meeting ids by short name)."""
    with db.transaction() as session:
        department = Department(name="投资促进局")
        chen = Person(name="陈立新", title="管委会主任", email="chen@etdz.example.com")
        zhao = Person(name="赵鹏", title="经发局局长", email="zhao@etdz.example.com")
        wang = Person(name="王昇", title="科长")
        session.add_all([department, chen, zhao, wang])
        session.flush()
        main = Chain(
            name=MAIN,
            chief_id=chen.id,
            team_lead_id=zhao.id,
            min_local_firms=2,
            lead_department_id=department.id,
            description="新能源汽车整车及核心零部件",
        )
        others = [
            Chain(name=name, chief_id=chen.id, team_lead_id=wang.id)
            for name in (LONG, LONG_TWIN, FORBIDDEN, ENDS_WITH_CHAIN, "总表")
        ]
        session.add_all([main, *others])
        session.flush()
        mine = Segment(chain_id=main.id, name="锂矿资源", tier=Tier.UPSTREAM.value)
        cells = Segment(
            chain_id=main.id, name="动力电池电芯", tier=Tier.MIDSTREAM.value, is_key=True
        )
        cars = Segment(chain_id=main.id, name="整车制造", tier=Tier.DOWNSTREAM.value)
        session.add_all([mine, cells, cars])
        session.flush()
        session.add_all(
            [
                Link(chain_id=main.id, upstream_id=mine.id, downstream_id=cells.id),
                Link(chain_id=main.id, upstream_id=cells.id, downstream_id=cars.id),
            ]
        )
        formula = Firm(
            name=FORMULA_FIRM,
            location=Location.IN_ZONE.value,
            tags=["规上", "高新技术企业"],
            revenue=1234567.0,
            park="龙潭新城",
        )
        car_a = Firm(
            name="南京宁驰汽车有限公司",
            location=Location.IN_ZONE.value,
            tags=["规上"],
            revenue=2500000.0,
        )
        car_b = Firm(name="南京驰骋汽车零部件有限公司", location=Location.IN_ZONE.value)
        outside = Firm(name="宜春昇锂矿业有限公司", location=Location.OUTSIDE.value)
        session.add_all([formula, car_a, car_b, outside])
        session.flush()
        session.add_all(
            [
                Membership(
                    firm_id=formula.id,
                    segment_id=cells.id,
                    role=Role.LEADING.value,
                    product="动力电池电芯",
                ),
                Membership(firm_id=car_a.id, segment_id=cars.id, role=Role.CORE.value),
                Membership(firm_id=car_b.id, segment_id=cars.id, role=Role.SUPPORTING.value),
                Membership(firm_id=outside.id, segment_id=mine.id, role=Role.LEADING.value),
            ]
        )
        lg = Target(
            segment_id=cells.id,
            firm_name="LG新能源",
            stage=Stage.NEGOTIATING.value,
            owner_id=zhao.id,
            region="韩国首尔",
            investment=500000.0,
            next_step="安排链长会见",
        )
        lithium = Target(
            segment_id=mine.id,
            firm_name="+锂业集团",
            stage=Stage.CONTACT.value,
            owner_id=wang.id,
            next_step="-赴成都拜访",
        )
        dropped = Target(segment_id=mine.id, firm_name="青海察锂资源", stage=Stage.DROPPED.value)
        session.add_all([lg, lithium, dropped])
        session.flush()
        shanghai = dt.timezone(dt.timedelta(hours=8))
        session.add_all(
            [
                StageChange(
                    target_id=lg.id,
                    from_stage=Stage.CONTACT.value,
                    to_stage=Stage.NEGOTIATING.value,
                    changed_at=dt.datetime(2026, 3, 20, 10, tzinfo=shanghai),
                    changed_by="赵鹏",
                ),
                StageChange(
                    target_id=lithium.id,
                    from_stage=Stage.RESERVE.value,
                    to_stage=Stage.CONTACT.value,
                    changed_at=dt.datetime(2026, 1, 5, 10, tzinfo=shanghai),
                    changed_by="王昇",
                ),
            ]
        )
        previous = Meeting(
            kind=MeetingKind.DISPATCH.value,
            chain_id=main.id,
            quarter="2026Q1",
            date=PREVIOUS_MEETING_DAY,
            start="09:00",
            end="11:30",
            status="held",
            chair_id=chen.id,
        )
        meeting = Meeting(
            kind=MeetingKind.DISPATCH.value,
            chain_id=main.id,
            quarter="2026Q2",
            date=MEETING_DAY,
            start="14:30",
            end="17:00",
            chair_id=chen.id,
            place="管委会三楼会议室",
            sequence=1,
        )
        leads = Meeting(
            kind=MeetingKind.TEAM_LEADS.value,
            chain_id=None,
            quarter="2026Q2",
            date=dt.date(2026, 5, 20),
            start="09:00",
            end="11:30",
            chair_id=zhao.id,
        )
        session.add_all([previous, meeting, leads])
        session.flush()
        session.add_all(
            [
                MeetingAttendee(meeting_id=meeting.id, person_id=zhao.id),
                MeetingAttendee(meeting_id=meeting.id, person_id=wang.id),
                MeetingAttendee(meeting_id=leads.id, person_id=wang.id),
            ]
        )
        actions = [
            (
                "赴四川开展锂资源企业定向招商",
                TODAY - dt.timedelta(days=10),
                ActionStatus.ASSIGNED,
                None,
                None,
            ),
            (
                "推动LG新能源项目尽调",
                TODAY + dt.timedelta(days=7),
                ActionStatus.IN_PROGRESS,
                None,
                None,
            ),
            (
                "统筹解决配套项目用地指标",
                TODAY + dt.timedelta(days=60),
                ActionStatus.ASSIGNED,
                None,
                None,
            ),
            (
                "组织供需对接会",
                TODAY - dt.timedelta(days=30),
                ActionStatus.DONE,
                "已召开对接会",
                dt.date(2026, 4, 2),
            ),
            (
                "编制2025年产业链发展报告",
                dt.date(2026, 1, 31),
                ActionStatus.DONE,
                "已印发",
                dt.date(2026, 1, 20),
            ),
        ]
        for item, due, status, note, closed in actions:
            session.add(
                ActionItem(
                    chain_id=main.id,
                    item=item,
                    department_id=department.id,
                    owner_id=wang.id,
                    due=due,
                    status=status.value,
                    completion_note=note,
                    closed_on=closed,
                    common_issue=item.startswith("统筹"),
                    meeting_id=previous.id,
                )
            )
        session.flush()
        progressed = session.query(ActionItem).filter_by(item="推动LG新能源项目尽调").one()
        session.add(
            ProgressNote(action_id=progressed.id, day=dt.date(2026, 4, 28), text="已完成初步尽调")
        )
        for quarter, target, actual in (("2025Q2", 150.0, 140.0), ("2026Q2", 180.0, 171.0)):
            session.add(
                Indicator(
                    chain_id=main.id,
                    quarter=quarter,
                    name="主营业务收入(亿元)",
                    target=target,
                    actual=actual,
                )
            )
        session.add(
            Indicator(
                chain_id=main.id, quarter="2026Q2", name="新引进项目数(个)", target=4, actual=5
            )
        )
        return {
            "main": main.id,
            "meeting": meeting.id,
            "team_leads": leads.id,
            "previous": previous.id,
        }
