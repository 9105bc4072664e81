"""The words of the supervision documents: the quarterly 通报 and the 督办通知单.

Built from plain facts the services gather (no database here) into an ``OfficialDocument``
that ``official_document`` lays out. Files for people are always Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from chainchief.domain.lights import LIGHT_WORDS, Light
from chainchief.domain.quarters import Quarter
from chainchief.domain.scores import ScoreRow, Weights
from chainchief.exchange.official_text import DocTable, Heading, OfficialDocument, Text

NOTICE_TITLES = {Light.BLUE: "蓝色提醒单", Light.YELLOW: "黄色督办单", Light.RED: "红色督办单"}
UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class Masthead:
    issuer: str
    number: str
    day: dt.date


@dataclass(frozen=True)
class LitItem:
    """An open item with a light, as the documents list it."""

    chain: str
    item: str
    department: str | None
    due: dt.date | None
    original_due: dt.date | None
    days_overdue: int
    extensions: int
    light: Light


@dataclass(frozen=True)
class ChainStanding:
    name: str
    items_due: int
    done_on_time: int
    on_time_rate: float | None
    completeness: float
    completeness_change: float | None
    red_now: int


@dataclass(frozen=True)
class CircularFacts:
    quarter: Quarter
    as_of: dt.date
    weights: Weights
    totals: ScoreRow
    chains: tuple[ChainStanding, ...]
    departments: tuple[ScoreRow, ...]
    red_items: tuple[LitItem, ...]


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def document_number(prefix: str, year: int, number: int) -> str:
    return f"{prefix}〔{year}〕{number}号"


def notice_file_name(department: str, day: dt.date) -> str:
    """督办通知单_{部门}_{YYYY-MM-DD}.docx, the department made safe for every file system."""
    safe = UNSAFE_IN_FILE_NAMES.sub("_", department).strip("._") or "未定部门"
    return f"督办通知单_{safe}_{day.isoformat()}.docx"


def circular_title(quarter: Quarter) -> str:
    return f"关于{quarter.chinese}链长制督办事项办理情况的通报"


def _rate(value: float | None) -> str:
    return f"{value:.1f}%" if value is not None else "—"


def _due(item: LitItem) -> str:
    if item.due is None:
        return "未定"
    text = item.due.isoformat()
    if item.original_due is not None and item.original_due != item.due:
        text += f"（原{item.original_due.isoformat()}）"
    return text


def _late(item: LitItem) -> str:
    if item.days_overdue:
        return f"{item.days_overdue}天"
    if item.extensions:
        return f"未逾期（已延期{item.extensions}次）"
    return "未逾期"


def _ranks(values: list[float | None]) -> list[str]:
    """Ranks of values already sorted best first (ties share one); none for missing values."""
    ranks: list[str] = []
    for position, value in enumerate(values, start=1):
        if value is None:
            ranks.append("—")
        elif position > 1 and values[position - 2] == value:
            ranks.append(ranks[-1])
        else:
            ranks.append(str(position))
    return ranks


def circular_document(facts: CircularFacts, masthead: Masthead) -> OfficialDocument:
    """The quarterly 通报: totals, chains, departments, red items, praise and criticism."""
    totals = facts.totals
    as_of = chinese_date(facts.as_of)
    blocks = [
        Text(
            f"为推动链长制调度会议定事项落地见效，{masthead.issuer}对{facts.quarter.chinese}"
            "督办事项办理情况进行了梳理考评。现将有关情况通报如下："
        ),
        Heading("一、总体情况"),
        Text(
            f"{facts.quarter.chinese}到期督办事项{totals.items_due}项，按期办结"
            f"{totals.done_on_time}项，按期办结率{_rate(totals.on_time_rate)}。截至{as_of}，"
            f"尚未办结事项{totals.open_now}项，其中逾期{totals.overdue_now}项、"
            f"红色督办{totals.red_now}项；本季度到期事项累计批准延期{totals.extensions}次。"
        ),
        Heading("二、各产业链办理情况"),
        Text(_chain_order_sentence(facts.chains)),
        _chain_grid(facts.chains),
        Heading("三、各部门办理情况"),
        Text("各责任部门按按期办结率排序，办结率相同的按考评得分排序；考评得分的计算方法见附注。"),
        _department_grid(facts.departments),
        Heading("四、红色督办事项"),
        *_red_blocks(facts.red_items, as_of),
        Heading("五、表扬和通报批评"),
        *_praise_and_criticism(facts),
        Heading("六、下一步工作要求"),
        Text(
            "各责任部门要对照督办事项清单，逐项明确责任人和完成时限，按时报送办理进展；"
            "对亮黄灯、红灯的事项，要在收到督办通知单后按期书面反馈办理情况；"
            "确需延期的，须在完成时限前提出延期申请，经批准后方可调整时限。"
        ),
    ]
    return OfficialDocument(
        issuer=masthead.issuer,
        number=masthead.number,
        title=circular_title(facts.quarter).replace("督办事项", "督办事项\n", 1),
        addressee="各产业链工作专班，各有关部门",
        blocks=tuple(blocks),
        signature=masthead.issuer,
        date_text=chinese_date(masthead.day),
        note=_formula(facts.weights),
    )


def _chain_order_sentence(chains: tuple[ChainStanding, ...]) -> str:
    if chains and all(chain.completeness_change is None for chain in chains):
        return (
            "产业链按按期办结率排序。上季度产业链完整度数据尚未留存，"
            "办结率相同的按本季度产业链完整度排序。"
        )
    return "产业链按按期办结率排序，办结率相同的按产业链完整度较上季度的变化排序。"


def _chain_grid(chains: tuple[ChainStanding, ...]) -> DocTable:
    ranks = _ranks([chain.on_time_rate for chain in chains])
    rows = tuple(
        (
            rank,
            chain.name,
            str(chain.items_due),
            str(chain.done_on_time),
            _rate(chain.on_time_rate),
            f"{chain.completeness:.1f}%"
            + (
                f"（{chain.completeness_change:+.1f}）"
                if chain.completeness_change is not None
                else ""
            ),
            str(chain.red_now),
        )
        for rank, chain in zip(ranks, chains, strict=True)
    )
    return DocTable(
        ("排名", "产业链", "到期事项", "按期办结", "按期办结率", "完整度", "红色督办"),
        rows,
        (14, 36, 20, 20, 24, 24, 18),
    )


def _department_grid(departments: tuple[ScoreRow, ...]) -> DocTable:
    ranks = _ranks([row.on_time_rate for row in departments])
    rows = tuple(
        (
            rank,
            row.name,
            str(row.items_due),
            str(row.done_on_time),
            _rate(row.on_time_rate),
            str(row.overdue_now),
            str(row.red_now),
            f"{row.score:.1f}",
        )
        for rank, row in zip(ranks, departments, strict=True)
    )
    return DocTable(
        ("排名", "责任部门", "到期事项", "按期办结", "按期办结率", "逾期未办", "红色督办", "得分"),
        rows,
        (12, 37, 17, 17, 22, 17, 17, 17),
    )


def _red_blocks(items: tuple[LitItem, ...], as_of: str) -> list[Text | DocTable]:
    if not items:
        return [Text(f"截至{as_of}，没有亮红灯的督办事项。")]
    rows = tuple(
        (
            str(number),
            item.item,
            item.department or "未定",
            item.chain,
            _due(item),
            _late(item),
        )
        for number, item in enumerate(items, start=1)
    )
    return [
        Text(f"截至{as_of}，以下{len(items)}项督办事项亮红灯，请责任部门限期办结："),
        DocTable(
            ("序号", "督办事项", "责任部门", "产业链", "完成时限", "逾期"),
            rows,
            (12, 48, 30, 22, 26, 18),
        ),
    ]


def _praise_and_criticism(facts: CircularFacts) -> list[Heading | Text]:
    praised = [row.name for row in facts.departments if row.on_time_rate == 100.0]
    criticised = [row.name for row in facts.departments if row.red_now]
    return [
        Heading("（一）表扬", level=2),
        Text(
            f"{'、'.join(praised)}{facts.quarter.chinese}到期督办事项全部按期办结，予以通报表扬。"
            if praised
            else f"{facts.quarter.chinese}没有到期督办事项全部按期办结的部门。"
        ),
        Heading("（二）通报批评", level=2),
        Text(
            f"{'、'.join(criticised)}有亮红灯的督办事项，予以通报批评，请认真分析原因，限期整改到位。"
            if criticised
            else "本季度没有亮红灯的督办事项。"
        ),
    ]


def _formula(weights: Weights) -> str:
    return (
        f"附注：考评得分＝{weights.on_time}×按期办结率＋{weights.not_overdue}×"
        f"（1－逾期未办结事项数÷未办结事项数）＋{weights.no_extension}×"
        "（1－批准延期次数÷到期事项数），分母为0时该项按满分计；"
        f"权重{weights.on_time}、{weights.not_overdue}、{weights.no_extension}"
        "分别对应按期办结、未逾期、未延期"
    )


def notice_document(
    department: str, items: tuple[LitItem, ...], reply_by: dt.date, masthead: Masthead
) -> OfficialDocument:
    """A 督办通知单 to one department; its title carries the worst light of its items."""
    worst = max((item.light for item in items), key=lambda light: light.severity)
    if worst is Light.BLUE:
        situation, action = "即将到期", "提醒"
    else:
        situation, action = "已逾期或多次延期", "督办"
    rows = tuple(
        (
            str(number),
            item.chain,
            item.item,
            _due(item),
            _late(item),
            LIGHT_WORDS[item.light],
        )
        for number, item in enumerate(items, start=1)
    )
    blocks = (
        Text(
            f"根据链长制督办工作安排，你单位承办的以下{len(items)}项督办事项{situation}，"
            f"现予{action}。请抓紧推进，并于{chinese_date(reply_by)}前将办理情况书面报送"
            f"{masthead.issuer}。"
        ),
        DocTable(
            ("序号", "产业链", "督办事项", "完成时限", "逾期", "督办等级"),
            rows,
            (12, 24, 50, 28, 20, 22),
        ),
        Text("特此通知。"),
    )
    return OfficialDocument(
        issuer=masthead.issuer,
        number=masthead.number,
        title=NOTICE_TITLES[worst],
        addressee=department,
        blocks=blocks,
        signature=masthead.issuer,
        date_text=chinese_date(masthead.day),
    )
