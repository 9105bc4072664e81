"""The department fill-in pack (督办反馈表): one workbook per department, written and read back.

The file goes to people outside the app (by e-mail, WeChat, USB) and comes back edited, so the
file itself carries what the merge needs: a very-hidden sheet names the pack, the database, the
department, the quarter and each item's id and version, copies the key cells, and ends with an
HMAC over all of it keyed by the database's secret. The key columns are locked (sheet
protection without a password: it guides, the HMAC protects); the fill-in columns are unlocked
and validated. No database access here: the service passes the secret in and judges the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from chainchief.domain.errors import CellError, ImportRefused
from chainchief.exchange.reader import MAX_UNPACKED_BYTES, open_xlsx_file
from chainchief.i18n import _

GUIDE_SHEET = "填写说明"
ITEMS_SHEET = "督办事项"
KEY_SHEET = "校验信息"
COLUMNS = (
    "编号",
    "产业链",
    "事项",
    "完成时限",
    "当前状态",
    "本期进展",
    "办理状态",
    "完成日期",
    "延期至",
    "延期理由",
    "填报人",
)
KEY_COLUMNS = 5
"""编号 to 当前状态: written by the app, locked, signed."""
WIDTHS = (6, 10, 28, 11, 9, 32, 10, 11, 11, 18, 12)
"""Column widths that fit A4 landscape at about 80 %: the form prints legibly."""
ROW_HEIGHT = 48
"""Points: room for three lines of text, or to write by hand on a printout."""
STATES = ("办理中", "申请办结", "申请延期")
IN_PROGRESS, REQUEST_COMPLETION, REQUEST_EXTENSION = STATES
MAX_PROGRESS = 2000
MAX_REASON = 500
MAX_REPORTER = 50
MAX_ITEMS = 5000
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
_HEADER_FILL = PatternFill("solid", fgColor="FFD9D9D9")
_INPUT_FILL = PatternFill("solid", fgColor="FFFFF2CC")
_THIN = Side(style="thin", color="FF808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "宋体"
_DATE_FORMAT = "yyyy-mm-dd"
_DATE_TEXT = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")


class PackRefused(ImportRefused):
    """A returned pack refused once its hidden sheet named the department it is for."""

    def __init__(self, message: str, errors: list[CellError], department: str) -> None:
        super().__init__(message, errors)
        self.department = department


@dataclass(frozen=True)
class PackItem:
    """One open item as the pack shows it; ``version`` is what a conflict is judged by."""

    id: int
    version: int
    chain: str
    item: str
    due: dt.date | None
    status: str
    """The status word (已交办, 办理中…) when the pack was written."""

    def key_cells(self) -> tuple[str, ...]:
        """The five key cells as compared and signed: plain text, dates in ISO form."""
        return (str(self.id), self.chain, self.item, _iso(self.due), self.status)


@dataclass(frozen=True)
class PackHeader:
    pack_id: str
    database_id: str
    department: str
    quarter: str
    written_on: dt.date


@dataclass(frozen=True)
class FilledRow:
    """What a department wrote on one item's row; blank rows are not read into these."""

    row: int
    item_id: int
    version: int
    progress: str
    state: str | None
    done_on: dt.date | None
    extend_to: dt.date | None
    reason: str
    reporter: str


@dataclass(frozen=True)
class ReturnedPack:
    header: PackHeader
    items: tuple[PackItem, ...]
    signature: str
    rows: tuple[FilledRow, ...]


def file_name(department: str, quarter: str) -> str:
    return f"督办反馈_{department}_{quarter}.xlsx"


def sign(header: PackHeader, items: Sequence[PackItem], secret: str) -> str:
    """HMAC-SHA256 over the header, every item's id and version and its key cells."""
    body = {
        "pack": [
            header.pack_id,
            header.database_id,
            header.department,
            header.quarter,
            header.written_on.isoformat(),
        ],
        "items": [[item.id, item.version, *item.key_cells()] for item in items],
    }
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(bytes.fromhex(secret), data, hashlib.sha256).hexdigest()


def signature_holds(pack: ReturnedPack, secret: str) -> bool:
    return hmac.compare_digest(sign(pack.header, pack.items, secret), pack.signature)


def write_feedback_pack(
    header: PackHeader,
    items: Sequence[PackItem],
    secret: str,
    target: Path,
    *,
    reply_by: dt.date,
    return_to: str,
) -> None:
    """The workbook at ``target`` (a temporary path the caller renames into place)."""
    book = openpyxl.Workbook()
    guide = book.active
    assert guide is not None
    guide.title = GUIDE_SHEET
    _write_guide(guide, header, len(items), reply_by, return_to)
    _write_items(book.create_sheet(ITEMS_SHEET), items)
    _write_key(book.create_sheet(KEY_SHEET), header, items, sign(header, items, secret))
    book.security = WorkbookProtection(lockStructure=True)
    book.active = 1
    book.save(target)


def _write_guide(
    sheet: Worksheet, header: PackHeader, count: int, reply_by: dt.date, return_to: str
) -> None:
    lines = [
        f"{header.department} 督办事项反馈表（{header.quarter}）",
        "",
        f"本表列出贵单位牵头的 {count} 项未办结督办事项，逾期事项在前。",
        f"请于 {_chinese_day(reply_by)} 前填好“{ITEMS_SHEET}”工作表，发回：{return_to}。",
        "",
        "填写要求：",
        "1. 编号、产业链、事项、完成时限、当前状态五列由系统生成，已锁定，请勿改动；"
        "改动后本表将无法导入。",
        f"2. 本期进展：本季度的办理情况，{MAX_PROGRESS} 字以内。",
        "3. 办理状态：从下拉列表选择“办理中”“申请办结”或“申请延期”。",
        "4. 申请办结：须填写本期进展（作为办结报告）和完成日期（不晚于汇总当日）。",
        f"5. 申请延期：须填写延期至（晚于现完成时限）和延期理由（{MAX_REASON} 字以内）。",
        "6. 填报人：填写人姓名及联系电话。",
        "7. 没有进展的事项整行留空即可；请勿增删行、改动工作表名称或另存为其他格式。",
        "",
        f"生成日期：{_chinese_day(header.written_on)}",
    ]
    for number, line in enumerate(lines, start=1):
        cell = sheet.cell(row=number, column=1)
        _put(cell, line)
        cell.font = Font(name=_FONT, size=16 if number == 1 else 12, bold=number == 1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110
    _page_setup(sheet)


def _write_items(sheet: Worksheet, items: Sequence[PackItem]) -> None:
    for column, (title, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=1, column=column)
        _put(cell, title)
        cell.font = Font(name=_FONT, size=11, bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    last = len(items) + 1
    for row, item in enumerate(items, start=2):
        sheet.row_dimensions[row].height = ROW_HEIGHT
        values: list[Any] = [item.id, item.chain, item.item, item.due, item.status]
        for column in range(1, len(COLUMNS) + 1):
            cell = sheet.cell(row=row, column=column)
            if column <= KEY_COLUMNS:
                _put(cell, values[column - 1])
            else:
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT_FILL
            if column in (4, 8, 9):
                cell.number_format = _DATE_FORMAT
            cell.font = Font(name=_FONT, size=11)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    _validations(sheet, last)
    sheet.freeze_panes = "B2"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    sheet.print_title_rows = "1:1"
    _page_setup(sheet)


def _validations(sheet: Worksheet, last: int) -> None:
    def add(column: str, validation: DataValidation) -> None:
        validation.showErrorMessage = True
        validation.showInputMessage = True
        validation.errorTitle = "填写有误"
        validation.add(f"{column}2:{column}{max(last, 2)}")
        sheet.add_data_validation(validation)

    states = DataValidation(type="list", formula1='"' + ",".join(STATES) + '"', allow_blank=True)
    states.error = "请从下拉列表选择：" + "、".join(STATES)
    states.promptTitle, states.prompt = "办理状态", "办理中 / 申请办结 / 申请延期"
    add("G", states)
    for column, title in (("H", "完成日期"), ("I", "延期至")):
        dates = DataValidation(
            type="date",
            operator="between",
            formula1=str(_excel_serial(FIRST_DAY)),
            formula2=str(_excel_serial(LAST_DAY)),
            allow_blank=True,
        )
        dates.error = "请填写日期，例如 2026-06-30"
        dates.promptTitle, dates.prompt = title, "日期，例如 2026-06-30"
        add(column, dates)
    for column, title, limit in (
        ("F", "本期进展", MAX_PROGRESS),
        ("J", "延期理由", MAX_REASON),
        ("K", "填报人", MAX_REPORTER),
    ):
        text = DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(limit), allow_blank=True
        )
        text.error = f"{title}不超过 {limit} 字"
        text.promptTitle, text.prompt = title, f"{limit} 字以内"
        add(column, text)


def _write_key(
    sheet: Worksheet, header: PackHeader, items: Sequence[PackItem], signature: str
) -> None:
    rows: list[list[Any]] = [
        ["pack_id", header.pack_id],
        ["database_id", header.database_id],
        ["department", header.department],
        ["quarter", header.quarter],
        ["written_on", header.written_on.isoformat()],
        ["items", len(items)],
    ]
    rows += [[item.id, item.version, *item.key_cells()] for item in items]
    rows.append(["hmac", signature])
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _put(sheet.cell(row=number, column=column), value)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def _page_setup(sheet: Worksheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_setup.firstPageNumber = 1
    sheet.page_setup.useFirstPageNumber = True
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "第 &P 页"


def _put(cell: Any, value: Any) -> None:
    """A literal value: text that starts with '=' stays text, never becomes a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def read_feedback_pack(path: Path, today: dt.date) -> ReturnedPack:
    """Read a returned pack; refuse it with every problem found (``文件 工作表!行:列 原因``).

    Checked here: the file is a readable workbook, the key sheet is there and complete, the
    key cells match their signed copies, no formulas, rows not added, the fill-in cells valid.
    Whether the signature holds and the pack belongs here is the service's to judge.
    """
    with open_xlsx_file(path) as handle:
        try:
            with zipfile.ZipFile(handle) as archive:
                if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                    raise ImportRefused(
                        _("The workbook is too large once unpacked; split it into smaller ones.")
                    )
            handle.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(
                    handle, read_only=True, data_only=False, keep_links=False
                )
                try:
                    return _read_book(book, today)
                finally:
                    book.close()
        except ImportRefused:
            raise
        except Exception:
            raise ImportRefused(_("The workbook is damaged and cannot be read.")) from None


def _read_book(book: Any, today: dt.date) -> ReturnedPack:
    errors: list[CellError] = []
    if KEY_SHEET not in book.sheetnames:
        raise _refused(KEY_SHEET, 1, 1, _("the hidden check sheet is missing"))
    if ITEMS_SHEET not in book.sheetnames:
        raise _refused(ITEMS_SHEET, 1, 1, _("the sheet of action items is missing"))
    key_rows = _values(book[KEY_SHEET], errors, limit=MAX_ITEMS + 8)
    header, items, signature = _parse_key(key_rows)
    item_rows = _values(book[ITEMS_SHEET], errors, limit=MAX_ITEMS + 2)
    header_row = tuple(
        _text(value) for value in (item_rows[0] if item_rows else ())[: len(COLUMNS)]
    )
    if header_row != COLUMNS:
        errors.append(CellError(ITEMS_SHEET, 1, "A", _("the column headings were changed")))
    filled = []
    for index, item in enumerate(items):
        number = index + 2
        values = _padded(item_rows[index + 1] if index + 1 < len(item_rows) else ())
        for column, (found, signed) in enumerate(
            zip((_key_text(v) for v in values[:KEY_COLUMNS]), item.key_cells(), strict=True),
            start=1,
        ):
            if found != signed:
                errors.append(
                    CellError(
                        ITEMS_SHEET,
                        number,
                        get_column_letter(column),
                        _("a key cell was edited (it read “{signed}”)").format(signed=signed),
                    )
                )
        row = _filled(number, item, values[KEY_COLUMNS:], today, errors)
        if row is not None:
            filled.append(row)
    for index in range(len(items) + 1, len(item_rows)):
        if any(value not in (None, "") for value in item_rows[index]):
            errors.append(
                CellError(ITEMS_SHEET, index + 1, "A", _("rows may not be added to the pack"))
            )
    if errors:
        raise PackRefused(_("The returned pack was not merged."), errors, header.department)
    return ReturnedPack(header, tuple(items), signature, tuple(filled))


def _values(sheet: Any, errors: list[CellError], *, limit: int) -> list[tuple[Any, ...]]:
    """Cell values of a sheet; a formula cell is an error at its cell (DESIGN §6)."""
    rows: list[tuple[Any, ...]] = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > limit:
            errors.append(CellError(sheet.title, number, "A", _("the sheet has too many rows")))
            break
        values: list[Any] = []
        for column, cell in enumerate(cells, start=1):
            if getattr(cell, "data_type", None) == "f":
                errors.append(
                    CellError(
                        sheet.title,
                        number,
                        get_column_letter(column),
                        _("formulas are not accepted; type the value"),
                    )
                )
                values.append(None)
            else:
                values.append(getattr(cell, "value", None))
        rows.append(tuple(values))
    return rows


def _parse_key(rows: list[tuple[Any, ...]]) -> tuple[PackHeader, list[PackItem], str]:
    """The hidden sheet's content; anything out of shape refuses the file at that cell."""
    names = ("pack_id", "database_id", "department", "quarter", "written_on", "items")
    fields: dict[str, str] = {}
    for number, name in enumerate(names, start=1):
        values = _padded(rows[number - 1] if number <= len(rows) else (), 2)
        if values[0] != name or values[1] in (None, ""):
            raise _altered(number)
        fields[name] = str(values[1])
    try:
        count = int(fields["items"])
        written_on = dt.date.fromisoformat(fields["written_on"])
    except ValueError:
        raise _altered(5) from None
    if not 0 <= count <= MAX_ITEMS or len(rows) < len(names) + count + 1:
        raise _altered(6)
    items = []
    for number in range(len(names) + 1, len(names) + count + 1):
        values = _padded(rows[number - 1], 7)
        try:
            due = dt.date.fromisoformat(str(values[5])) if values[5] not in (None, "") else None
            items.append(
                PackItem(
                    id=int(values[0]),
                    version=int(values[1]),
                    chain=_text(values[3]),
                    item=_text(values[4]),
                    due=due,
                    status=_text(values[6]),
                )
            )
        except (TypeError, ValueError):
            raise _altered(number) from None
        if str(values[2]) != str(items[-1].id):
            raise _altered(number)
    last = _padded(rows[len(names) + count], 2)
    if last[0] != "hmac" or not isinstance(last[1], str):
        raise _altered(len(names) + count + 1)
    header = PackHeader(
        pack_id=fields["pack_id"],
        database_id=fields["database_id"],
        department=fields["department"],
        quarter=fields["quarter"],
        written_on=written_on,
    )
    return header, items, last[1]


def _filled(
    number: int, item: PackItem, values: Sequence[Any], today: dt.date, errors: list[CellError]
) -> FilledRow | None:
    """The fill-in cells of one row checked; None when the row was left blank."""
    progress_cell, state_cell, done_cell, extend_cell, reason_cell, reporter_cell = values[:6]
    if all(value in (None, "") or str(value).strip() == "" for value in values[:5]):
        return None
    start = len(errors)

    def error(column: int, reason: str) -> None:
        errors.append(CellError(ITEMS_SHEET, number, get_column_letter(column), reason))

    progress = _limited(progress_cell, MAX_PROGRESS, 6, error)
    reason = _limited(reason_cell, MAX_REASON, 10, error)
    reporter = _limited(reporter_cell, MAX_REPORTER, 11, error)
    state = _text(state_cell).strip() or None
    if state is not None and state not in STATES:
        error(7, _("choose one of {states}").format(states="、".join(STATES)))
    done_on = _date(done_cell, 8, error)
    extend_to = _date(extend_cell, 9, error)
    if done_on is not None and done_on > today:
        error(8, _("the completion date may not be after today ({day})").format(day=today))
    if state == REQUEST_COMPLETION:
        if not progress:
            error(6, _("a completion request needs the report in 本期进展"))
        if done_on is None and done_cell in (None, ""):
            error(8, _("a completion request needs the completion date"))
    elif done_cell not in (None, ""):
        error(8, _("a completion date goes with 申请办结 only"))
    if state == REQUEST_EXTENSION:
        if extend_to is None and extend_cell in (None, ""):
            error(9, _("an extension request needs the new deadline"))
        if not reason:
            error(10, _("an extension request needs its reason"))
    else:
        if extend_cell not in (None, ""):
            error(9, _("a new deadline goes with 申请延期 only"))
        if reason:
            error(10, _("a reason for delay goes with 申请延期 only"))
    if len(errors) > start:
        return None
    return FilledRow(
        row=number,
        item_id=item.id,
        version=item.version,
        progress=progress,
        state=state,
        done_on=done_on,
        extend_to=extend_to,
        reason=reason,
        reporter=reporter,
    )


def _limited(value: Any, limit: int, column: int, error: Any) -> str:
    text = _text(value).strip()
    if len(text) > limit:
        error(column, _("at most {limit} characters").format(limit=limit))
    return text


def _date(value: Any, column: int, error: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    day: dt.date | None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        match = _DATE_TEXT.fullmatch(str(value).strip())
        try:
            day = dt.date(*(int(part) for part in match.groups())) if match else None
        except ValueError:
            day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        error(column, _("not a date (write it like 2026-06-30)"))
        return None
    return day


def _key_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _padded(values: Sequence[Any], width: int = len(COLUMNS)) -> tuple[Any, ...]:
    return tuple(values[:width]) + (None,) * max(0, width - len(values))


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _chinese_day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _excel_serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


def _altered(row: int) -> ImportRefused:
    return _refused(KEY_SHEET, row, 1, _("the hidden check sheet was altered"))


def _refused(sheet: str, row: int, column: int, reason: str) -> ImportRefused:
    error = CellError(sheet, row, get_column_letter(column), reason)
    return ImportRefused(_("The returned pack was not merged."), [error])
