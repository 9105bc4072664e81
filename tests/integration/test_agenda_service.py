"""Agendas built from the database, carried-over action items, and the edited agenda."""

from __future__ import annotations

import datetime as dt

import pytest
from meeting_support import MAIN, TODAY, build_city
from openpyxl import load_workbook

from chainchief.domain.agenda import AgendaItem
from chainchief.domain.dates_zh import chinese_date
from chainchief.domain.enums import MeetingKind
from chainchief.domain.errors import RuleViolation
from chainchief.domain.quarters import Quarter
from chainchief.exchange.meeting_workbook import write_meeting_workbook
from chainchief.services.actions.items import Resolution, create_action, list_actions
from chainchief.services.actions.supervision import cancel
from chainchief.services.meetings.agenda import agenda_for, reset_agenda, save_agenda
from chainchief.services.meetings.pack import quarter_pack
from chainchief.store.db import Database
from chainchief.store.models import Indicator, Meeting


@pytest.fixture
def city(db: Database, monkeypatch) -> tuple[Database, dict[str, int]]:
    monkeypatch.setenv("CHAINCHIEF_TODAY", TODAY.isoformat())
    return db, build_city(db)


def section(items: list[AgendaItem], code: str) -> list[str]:
    return next(item.lines for item in items if item.section == code)


def add_meeting(db: Database, chain_id: int, quarter: str, day: dt.date) -> int:
    with db.transaction() as session:
        meeting = Meeting(
            kind=MeetingKind.DISPATCH.value,
            chain_id=chain_id,
            quarter=quarter,
            date=day,
            start="09:00",
            end="11:30",
        )
        session.add(meeting)
        session.flush()
        return meeting.id


def test_dispatch_agenda_runs_actions_segments_targets_indicators_other(city):
    db, ids = city
    items = agenda_for(db, ids["meeting"])
    assert [item.section for item in items] == [
        "actions",
        "segments",
        "targets",
        "indicators",
        "other",
    ]
    assert items[0].title == "上次会议督办事项落实情况"


def test_open_actions_come_overdue_first_then_by_due_date(city):
    db, ids = city
    lines = section(agenda_for(db, ids["meeting"]), "actions")
    assert [line.split("（")[0] for line in lines] == [
        "【黄色督办·逾期10天】赴四川开展锂资源企业定向招商",
        "【蓝色提醒】推动LG新能源项目尽调",
        "统筹解决配套项目用地指标",
    ]


def test_open_items_carry_over_until_closed_and_not_into_their_own_meeting(city):
    db, ids = city
    decided_now = create_action(
        db,
        MAIN,
        Resolution("建立链长走访企业台账", owner="王昇", due=dt.date(2026, 8, 1)),
        actor="test",
        meeting_id=ids["meeting"],
    )
    next_meeting = add_meeting(db, ids["main"], "2026Q3", dt.date(2026, 8, 12))

    def carried(meeting_id: int) -> str:
        return "\n".join(section(agenda_for(db, meeting_id), "actions"))

    assert "建立链长走访企业台账" not in carried(ids["meeting"])
    assert "建立链长走访企业台账" in carried(next_meeting)
    assert "统筹解决配套项目用地指标" in carried(next_meeting)
    cancel(db, decided_now, "台账已并入走访计划", actor="test")
    assert "建立链长走访企业台账" not in carried(next_meeting)
    assert "组织供需对接会" not in carried(next_meeting)


def test_chokepoint_is_listed_with_its_fill_candidates(city):
    db, ids = city
    lines = section(agenda_for(db, ids["meeting"]), "segments")
    assert lines == [
        "【卡点】动力电池电芯（弱链）：补链候选 LG新能源（洽谈）",
        "【断点】锂矿资源→动力电池电芯：补链候选 +锂业集团（接洽）",
    ]


def test_pipeline_changes_since_the_previous_meeting_only(city):
    db, ids = city
    lines = section(agenda_for(db, ids["meeting"]), "targets")
    moves = [line for line in lines if not line.startswith("【重点推进")]
    assert moves == ["2026年3月20日 LG新能源（动力电池电芯）：接洽 → 洽谈"]


def test_targets_most_worth_pursuing_follow_by_value_with_the_reason(city):
    db, ids = city
    lines = section(agenda_for(db, ids["meeting"]), "targets")
    # Landing +锂业集团 closes a breakpoint and fills a missing segment: (3 + 2 + gain) × 0.7;
    # LG新能源 only lifts a weak one: (1 + gain) × 0.85. The richer one comes first.
    assert len(lines) == 3
    assert lines[1] == (
        "【重点推进·补链价值5.83】+锂业集团（锂矿资源，接洽）："
        "消除断点锂矿资源→动力电池电芯；锂矿资源缺链→弱链"
    )
    assert lines[2].startswith("【重点推进·补链价值")
    assert lines[2].endswith("LG新能源（动力电池电芯，洽谈）：动力电池电芯弱链→强链")


def test_indicators_against_target_with_year_on_year_growth(city):
    db, ids = city
    lines = section(agenda_for(db, ids["meeting"]), "indicators")
    assert lines[0] == (
        "主营业务收入(亿元)（2026年第二季度）：目标 180，实际 171，完成率 95.0%，同比增长 22.1%"
    )


def test_indicator_without_target_is_judged_against_last_year_plus_20_percent(city):
    db, ids = city
    with db.transaction() as session:
        session.add(Indicator(chain_id=ids["main"], quarter="2025Q2", name="产值", actual=100.0))
        session.add(Indicator(chain_id=ids["main"], quarter="2026Q2", name="产值", actual=126.0))
    lines = section(agenda_for(db, ids["meeting"]), "indicators")
    assert "产值（2026年第二季度）：目标 120（默认：上年同期×1.2），实际 126，完成率 105.0%" in (
        "\n".join(lines)
    )


def test_edited_agenda_is_kept_shown_in_the_workbook_and_can_be_reset(city, tmp_path):
    db, ids = city
    edited = [
        AgendaItem("actions", "督办事项", ["赴四川开展锂资源企业定向招商"]),
        AgendaItem("other", "研究2027年招商计划", []),
    ]
    save_agenda(db, ids["meeting"], edited, actor="test")
    assert agenda_for(db, ids["meeting"]) == edited
    path = tmp_path / "pack.xlsx"
    write_meeting_workbook(quarter_pack(db, Quarter(2026, 2), on=TODAY), path)
    texts = [c.value for row in load_workbook(path)[MAIN].iter_rows() for c in row if c.value]
    assert "（二）研究2027年招商计划" in texts
    assert "（一）上次会议督办事项落实情况" not in texts
    reset_agenda(db, ids["meeting"], actor="test")
    assert agenda_for(db, ids["meeting"])[0].title == "上次会议督办事项落实情况"


def test_held_meeting_agenda_cannot_be_edited(city):
    db, ids = city
    with pytest.raises(RuleViolation):
        save_agenda(db, ids["previous"], [AgendaItem("other", "x", [])], actor="test")


def test_team_leads_agenda_has_a_line_per_chain_and_flags_common_issues(city):
    db, ids = city
    items = agenda_for(db, ids["team_leads"])
    assert [item.section for item in items] == ["chains", "common_issues", "other"]
    chains = items[0].lines
    assert len(chains) == 6
    assert any(
        line.startswith(f"{MAIN}：完整度 66.7%；卡点 1 个；督办未完成 3 项，其中逾期 1 项")
        for line in chains
    )
    assert items[1].lines == [
        f"【{MAIN}】统筹解决配套项目用地指标（责任部门：投资促进局；责任人：王昇；"
        f"完成时限：{chinese_date(TODAY + dt.timedelta(days=60))}；状态：已交办）"
    ]
    assert sum(1 for row in list_actions(db) if row.common_issue) == 1
