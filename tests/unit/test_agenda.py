import datetime as dt
from decimal import Decimal

from chainchief.domain.agenda import (
    AgendaActionItem,
    AgendaItem,
    AgendaStageChange,
    ChainOverview,
    DispatchAgendaInput,
    FillCandidate,
    IndicatorFigure,
    SegmentConcern,
    build_dispatch_agenda,
    build_team_leads_agenda,
    default_target,
)
from chainchief.domain.enums import ActionStatus, SegmentStatus, Stage
from chainchief.domain.lights import Light
from chainchief.domain.quarters import Quarter

AS_OF = dt.date(2027, 4, 20)
OPEN = ActionStatus.ASSIGNED
MISSING, WEAK, STRONG = SegmentStatus.MISSING, SegmentStatus.WEAK, SegmentStatus.STRONG


def action(
    item: str, due: dt.date | None, status: ActionStatus = OPEN, **extra
) -> AgendaActionItem:
    return AgendaActionItem(item, "发改局", "张三", due, status, **extra)


def section(items: list[AgendaItem], code: str) -> list[str]:
    return next(item.lines for item in items if item.section == code)


def dispatch(**fields) -> list[AgendaItem]:
    return build_dispatch_agenda(
        DispatchAgendaInput(chain="新能源汽车", as_of=AS_OF, previous_meeting=None, **fields)
    )


def test_sections_come_in_the_order_of_the_meeting() -> None:
    agenda = dispatch(other_business=["研究下季度招商活动"])
    assert [(item.section, item.title) for item in agenda] == [
        ("actions", "上次会议督办事项落实情况"),
        ("segments", "卡点及缺链弱链环节补链招商"),
        ("targets", "目标企业招商进展"),
        ("indicators", "主要指标完成情况"),
        ("other", "其他事项"),
    ]
    assert section(agenda, "actions") == ["无"]
    assert section(agenda, "other") == ["研究下季度招商活动"]


def test_open_items_carry_over_overdue_first_then_by_due_date() -> None:
    actions = [
        action("无期限事项", None),
        action("五月事项", dt.date(2027, 5, 31)),
        action("已完成事项", dt.date(2027, 1, 1), ActionStatus.DONE),
        action("已取消事项", dt.date(2027, 1, 1), ActionStatus.CANCELLED),
        action("三月事项", dt.date(2027, 3, 31), ActionStatus.IN_PROGRESS),
        action("二月事项", dt.date(2027, 2, 28)),
        action("今天到期", AS_OF),
    ]
    lines = section(dispatch(actions=actions), "actions")
    assert [line.split("（")[0] for line in lines] == [
        "【逾期51天】二月事项",
        "【逾期20天】三月事项",
        "今天到期",
        "五月事项",
        "无期限事项",
    ]
    assert lines[1] == (
        "【逾期20天】三月事项（责任部门：发改局；责任人：张三；完成时限：2027-03-31；状态：办理中）"
    )
    assert lines[-1].endswith("完成时限：未定；状态：已交办）")


def test_chokepoints_then_weak_key_segments_with_fill_candidates() -> None:
    segments = [
        SegmentConcern("电池包", WEAK, chokepoint=True, key=False),
        SegmentConcern(
            "电芯",
            MISSING,
            chokepoint=True,
            key=True,
            fill_candidates=(
                FillCandidate("宁德时代", Stage.NEGOTIATING),
                FillCandidate("比亚迪", Stage.CONTACT),
            ),
        ),
        SegmentConcern("隔膜", WEAK, chokepoint=False, key=True),
        SegmentConcern("正极材料", MISSING, chokepoint=False, key=True),
        SegmentConcern("整车", STRONG, chokepoint=False, key=True),
        SegmentConcern("电解液", MISSING, chokepoint=False, key=False),
    ]
    assert section(dispatch(segments=segments), "segments") == [
        "【卡点】电芯（缺链）：补链候选 宁德时代（洽谈）、比亚迪（接洽）",
        "【卡点】电池包（弱链）：补链候选 暂无",
        "【关键环节】正极材料（缺链）：补链候选 暂无",
        "【关键环节】隔膜（弱链）：补链候选 暂无",
    ]


def test_pipeline_changes_since_the_previous_meeting() -> None:
    changes = [
        AgendaStageChange(
            "甲公司", "电芯", Stage.CONTACT, Stage.NEGOTIATING, dt.datetime(2027, 3, 2, 9)
        ),
        AgendaStageChange("乙公司", None, None, Stage.RESERVE, dt.datetime(2027, 1, 15, 16)),
        AgendaStageChange(
            "丙公司", "隔膜", Stage.RESERVE, Stage.CONTACT, dt.datetime(2027, 1, 14, 23)
        ),
    ]
    agenda = build_dispatch_agenda(
        DispatchAgendaInput(
            chain="新能源汽车",
            as_of=AS_OF,
            previous_meeting=dt.date(2027, 1, 15),
            stage_changes=changes,
        )
    )
    assert section(agenda, "targets") == [
        "2027-01-15 乙公司：新增 → 储备",
        "2027-03-02 甲公司（电芯）：接洽 → 洽谈",
    ]


def test_indicators_against_target_with_year_on_year_growth() -> None:
    quarter = Quarter(2027, 1)
    figures = [
        IndicatorFigure("主营业务收入", quarter, Decimal("200"), Decimal("150"), Decimal("120")),
        IndicatorFigure("产值", quarter, None, Decimal("132"), Decimal("100")),
        IndicatorFigure("新引进项目", quarter, None, Decimal("3"), None),
        IndicatorFigure("固定资产投资", quarter, Decimal("50"), None, Decimal("40")),
    ]
    assert section(dispatch(indicators=figures), "indicators") == [
        "主营业务收入（2027年第一季度）：目标 200，实际 150，完成率 75.0%，同比增长 25.0%",
        "产值（2027年第一季度）：目标 120（默认：上年同期×1.2），实际 132，完成率 110.0%，"
        "同比增长 32.0%",
        "固定资产投资（2027年第一季度）：目标 50，实际 未填报",
        "新引进项目（2027年第一季度）：目标 未设定，实际 3",
    ]


def test_default_target_is_twenty_percent_over_last_year() -> None:
    figure = IndicatorFigure("产值", Quarter(2027, 2), None, None, Decimal("12.5"))
    assert default_target(figure) == Decimal("15.00")
    assert default_target(IndicatorFigure("产值", Quarter(2027, 2), Decimal("9"), None, None)) == 9


def test_team_leads_agenda_has_a_line_per_chain_and_the_common_issues() -> None:
    chains = [
        ChainOverview(
            "集成电路",
            62.5,
            1,
            [
                action(
                    "人才公寓",
                    dt.date(2027, 3, 1),
                    common_issue=True,
                    chain="集成电路",
                    light=Light.RED,
                ),
                action("已办结", dt.date(2027, 3, 1), ActionStatus.DONE, common_issue=True),
            ],
        ),
        ChainOverview(
            "新能源汽车",
            75.0,
            2,
            [
                action("用地指标", dt.date(2027, 6, 30), common_issue=True, chain="新能源汽车"),
                action("专项基金", dt.date(2027, 4, 1), chain="新能源汽车"),
            ],
        ),
    ]
    agenda = build_team_leads_agenda(chains, AS_OF)
    assert [item.section for item in agenda] == ["chains", "common_issues", "other"]
    assert section(agenda, "chains") == [
        "新能源汽车：完整度 75.0%；卡点 2 个；督办未完成 2 项，其中逾期 1 项、红色督办 0 项",
        "集成电路：完整度 62.5%；卡点 1 个；督办未完成 1 项，其中逾期 1 项、红色督办 1 项",
    ]
    assert [line.split("（")[0] for line in section(agenda, "common_issues")] == [
        "【集成电路】【红色督办·逾期50天】人才公寓",
        "【新能源汽车】用地指标",
    ]


def test_empty_team_leads_agenda_says_so() -> None:
    agenda = build_team_leads_agenda([], AS_OF)
    assert section(agenda, "chains") == ["无"]
    assert section(agenda, "common_issues") == ["无"]
