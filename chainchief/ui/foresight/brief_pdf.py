"""The chief's one-page brief as PDF: one A4 portrait page per chain, drawn with Qt's PDF writer.

Every list is already cut by the service (另有 N 项) and every line is elided to the page's width,
so the page holds whatever the data: the layout is a fixed budget of lines, checked as it is
drawn. The map thumbnail is the status map the window and ``render`` draw, and the words are
Chinese whatever the user's language, since the brief is a file for people.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from chainchief.domain.quarters import Quarter
from chainchief.fileio import atomic_path
from chainchief.i18n import current_language, set_language
from chainchief.services.foresight import ChainBrief, RedItem
from chainchief.ui.fonts import register_bundled_font
from chainchief.ui.map.export import offscreen_scene
from chainchief.ui.map.headless import offscreen_application
from chainchief.ui.map.scene import MapMode

DPI = 300
PAGE_MM = (210.0, 297.0)
MARGIN_MM = 15.0
MAP_HEIGHT_MM = 70.0
LINE_MM = 5.6
HEADING_MM = 7.5
INK = QColor("#1f1f1f")
GREY = QColor("#666666")
RED = QColor("#c00000")
RULE = QColor("#999999")
BOX_FILL = QColor("#f3f6fa")
WEEKDAYS = "一二三四五六日"


class PageOverflow(RuntimeError):
    """The fixed layout ran past the page: a bug in the budget, never the user's data."""


@contextlib.contextmanager
def chinese() -> Iterator[None]:
    """Draw in Chinese (the map's words too), then give the user back their language."""
    previous = current_language()
    set_language("zh_CN")
    try:
        yield
    finally:
        set_language(previous)


def mm(value: float) -> float:
    return value * DPI / 25.4


def brief_font(points: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(register_bundled_font())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def short(text: str, limit: int = 12) -> str:
    """A name cut to ``limit`` characters, so what follows it on the line stays visible."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def lateness(item: RedItem) -> str:
    """Why the item is red: days overdue, or (not yet overdue) the extensions it took."""
    if item.days_overdue:
        return f"逾期 {item.days_overdue} 天"
    return f"已延期 {item.extensions} 次"


def chain_title(chain: str) -> str:
    return chain if chain.endswith("产业链") else f"{chain}产业链"


def date_text(day: dt.date | None) -> str:
    if day is None:
        return "待定"
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


class PageWriter:
    """Draws one brief on the current page, top to bottom, with a cursor in millimetres."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        self.left = MARGIN_MM
        self.width = PAGE_MM[0] - 2 * MARGIN_MM
        self.bottom = PAGE_MM[1] - MARGIN_MM - 6.0
        self.y = MARGIN_MM

    def text(
        self,
        text: str,
        points: float,
        *,
        bold: bool = False,
        colour: QColor = INK,
        height: float = LINE_MM,
        indent: float = 0.0,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        """One line, elided to the width, then the cursor moves down by ``height``."""
        if self.y + height > self.bottom:
            raise PageOverflow(text)
        painter = self.painter
        painter.setFont(brief_font(points, bold=bold))
        painter.setPen(colour)
        rect = QRectF(mm(self.left + indent), mm(self.y), mm(self.width - indent), mm(height))
        shown = painter.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, int(rect.width())
        )
        painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), shown)
        self.y += height

    def rule(self, gap: float = 2.0) -> None:
        self.painter.setPen(QPen(RULE, mm(0.2)))
        y = mm(self.y + gap / 2)
        self.painter.drawLine(QPointF(mm(self.left), y), QPointF(mm(self.left + self.width), y))
        self.y += gap

    def map_thumbnail(self, brief: ChainBrief) -> None:
        box = QRectF(mm(self.left), mm(self.y), mm(self.width), mm(MAP_HEIGHT_MM))
        scene = offscreen_scene(brief.map, MapMode.STATUS)
        source = scene.map_rect()
        painter = self.painter
        painter.save()
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        painter.fillRect(box, scene.backgroundBrush())
        if source.width() > 0 and source.height() > 0:
            scale = min(box.width() / source.width(), box.height() / source.height())
            target = QRectF(0, 0, source.width() * scale, source.height() * scale)
            target.moveCenter(box.center())
            scene.render(painter, target, source)
        painter.setPen(QPen(RULE, mm(0.2)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box)
        painter.restore()
        self.y += MAP_HEIGHT_MM + 3.0

    def figures(self, boxes: Sequence[tuple[str, str, str]]) -> None:
        """Three boxes side by side: the number, what it counts, the change since last time."""
        gap = 4.0
        width = (self.width - gap * (len(boxes) - 1)) / len(boxes)
        height = 23.0
        painter = self.painter
        for index, (value, label, change) in enumerate(boxes):
            x = self.left + index * (width + gap)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BOX_FILL)
            painter.drawRect(QRectF(mm(x), mm(self.y), mm(width), mm(height)))
            lines = (
                (value, 18.0, True, INK, 11.0),
                (label, 9.0, False, INK, 6.0),
                (change, 8.0, False, GREY, 5.0),
            )
            top = self.y + 1.0
            for text, points, bold, colour, line in lines:
                painter.setFont(brief_font(points, bold=bold))
                painter.setPen(colour)
                painter.drawText(
                    QRectF(mm(x), mm(top), mm(width), mm(line)),
                    int(Qt.AlignmentFlag.AlignCenter),
                    text,
                )
                top += line
        self.y += height + 4.0

    def section(
        self, title: str, lines: Sequence[str | tuple[str, str]], more: str, empty: str = "无"
    ) -> None:
        """A heading, its lines (a pair adds a grey second line), then 另有 N 项 if cut."""
        self.text(title, 11.0, bold=True, height=HEADING_MM)
        for line in lines or [empty]:
            first, second = (line, "") if isinstance(line, str) else line
            self.text(first, 9.5, indent=4.0)
            if second:
                self.text(second, 8.5, colour=GREY, indent=8.0, height=LINE_MM - 0.6)
        if more:
            self.text(more, 9.0, colour=GREY, indent=4.0)


def since_text(brief: ChainBrief, value: float | int | None, unit: str) -> str:
    if value is None:
        return brief.since.note
    sign = "+" if value > 0 else ""
    return f"较上次会议 {sign}{value}{unit}" if value else "较上次会议 持平"


def draw_brief(painter: QPainter, brief: ChainBrief) -> None:
    page = PageWriter(painter)
    page.text(f"{chain_title(brief.chain)}链长简报", 17.0, bold=True, height=9.0)
    people = "　".join(
        [
            f"{brief.quarter.chinese}",
            f"链长：{brief.chief or '未设'}",
            f"专班负责人：{brief.team_lead or '未设'}",
            f"调度会：{date_text(brief.meeting)}",
        ]
    )
    page.text(people, 9.0, colour=GREY)
    page.rule()
    page.map_thumbnail(brief)
    since = brief.since
    page.figures(
        [
            (f"{brief.completeness}%", "产业链完整度", since_text(brief, since.completeness, "%")),
            (
                f"{brief.advanced_targets} 家",
                "洽谈及以上目标企业",
                since_text(brief, since.advanced_targets, " 家"),
            ),
            (f"{brief.red_count} 项", "红灯督办事项", since_text(brief, since.red_items, " 项")),
        ]
    )
    page.section(
        "一、突出问题",
        [f"{n}. 【{p.kind}】{p.name}：{p.detail}" for n, p in enumerate(brief.problems.shown, 1)],
        brief.problems.more_text,
    )
    page.section(
        "二、建议链长亲自走访的目标企业",
        [
            (
                f"{n}. {v.target.firm}（{v.target.segment}·{v.target.stage.file_value}，"
                f"价值 {v.value}）",
                v.reason(),
            )
            for n, v in enumerate(brief.visits.shown, 1)
        ],
        brief.visits.more_text,
    )
    page.section(
        "三、红灯督办事项及责任部门",
        [
            f"{n}. 【{short(r.department or '未定部门')}】{lateness(r)}：{r.item}"
            for n, r in enumerate(brief.red.shown, 1)
        ],
        brief.red.more_text,
    )
    page.section(
        "四、需链长协调事项",
        [f"{n}. {text}" for n, text in enumerate(brief.decisions.shown, 1)],
        brief.decisions.more_text,
    )
    painter.setFont(brief_font(7.5))
    painter.setPen(GREY)
    footer = QRectF(mm(MARGIN_MM), mm(PAGE_MM[1] - MARGIN_MM - 5), mm(page.width), mm(5))
    painter.drawText(
        footer,
        int(Qt.AlignmentFlag.AlignCenter),
        f"内部资料 注意保存　·　ChainChief 生成于 {brief.made_on.isoformat()}",
    )


def write_brief_pdf(briefs: Sequence[ChainBrief], path: str | Path, quarter: Quarter) -> Path:
    """Write one page per brief to ``path`` atomically; returns the path."""
    with chinese(), atomic_path(path) as temporary:
        writer = QPdfWriter(str(temporary))
        writer.setTitle(f"链长简报 {quarter.chinese}")
        writer.setCreator("ChainChief")
        writer.setResolution(DPI)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        painter = QPainter(writer)
        try:
            for index, brief in enumerate(briefs):
                if index:
                    writer.newPage()
                draw_brief(painter, brief)
        finally:
            painter.end()
    return Path(path)


def write_brief_headless(briefs: Sequence[ChainBrief], path: str | Path, quarter: Quarter) -> Path:
    """``chainchief brief``: the same PDF from an offscreen application (no display needed)."""
    offscreen_application()
    return write_brief_pdf(briefs, path, quarter)
