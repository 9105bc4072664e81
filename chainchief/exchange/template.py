"""The whole import-layout workbook: 填写说明 first, then every sheet of §3 in order.

The template is this workbook without data rows, so a filled-in template, an export and the
importer can never disagree about the layout. 填写说明 explains each sheet and column, in
Chinese (files for people are always Chinese), with an example value for every column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from chainchief.exchange.progress import Tracker
from chainchief.exchange.workbook_spec import INSTRUCTIONS_SHEET, SHEETS, Kind
from chainchief.exchange.writer import (
    Row,
    discard,
    fit_widths,
    header_cells,
    new_workbook,
    save,
    write_sheet,
)

TITLE = "产业链链长制数据导入工作簿 · 填写说明"
GENERAL_NOTES = (
    "1. 每个工作表的第一行是表头，请勿修改、删除或合并；从第二行起每行一条记录。"
    "表头也可使用英文别名。",
    "2. 标“★”的是识别列，不能为空：导入时按识别列新增或更新记录，同一文件中不能重复。",
    "3. 工作表中没有的列保持系统中的原值；单元格留空则清空原值。"
    "层级、所在地、角色、阶段、状态、类型不能为空；最少本地企业数留空取默认值。",
    "4. 多个值（如专班成员、企业类型、不可用日期）用顿号“、”分隔，也可用逗号或分号。",
    "5. 日期可直接使用日期单元格，或写作 2027-03-31、2027/3/31、2027年3月31日；"
    "季度写作 2027Q1 或 2027年第一季度。",
    "6. 数字可带千位分隔符（如 12,500），不能为负数。",
    "7. 链长、专班成员、责任人等在“人员”表中没有的，导入时自动建立（仅有姓名）；部门同样自动建立。",
    "8. 导入前先检查全部数据：发现问题时不导入任何内容，并逐条列出问题位置（工作表!行:列）和原因。",
    "9. 本工作表（填写说明）导入时会被忽略。",
)
NOTE_WIDTH = 60
TABLE_HEADERS = ("工作表", "列名", "英文别名", "识别列", "类型", "说明", "示例")
KIND_WORDS = {
    Kind.TEXT: "文本",
    Kind.LIST: "多个值（顿号分隔）",
    Kind.DATE: "日期",
    Kind.DATE_LIST: "多个日期（顿号分隔）",
    Kind.NUMBER: "数字",
    Kind.INTEGER: "整数",
    Kind.QUARTER: "季度",
    Kind.ENUM: "下拉选择",
    Kind.YES_NO: "是/否",
    Kind.USCC: "统一社会信用代码",
}


def _instructions(workbook: Workbook) -> None:
    """General notes, then a table: per sheet a bold row with what it holds, then its columns."""
    worksheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    table: list[tuple[object, ...]] = []
    for spec in SHEETS:
        table.append((f"{spec.name}（{spec.english}）", None, None, None, None, spec.note, None))
        for column in spec.columns:
            kind = KIND_WORDS[column.kind]
            if column.choices:
                kind += "：" + "、".join(column.choices)
            star = "★" if column.identifying else None
            example = column.example or None
            table.append((None, column.header, column.alias, star, kind, column.note, example))
    fit_widths(worksheet, TABLE_HEADERS, table)
    worksheet.column_dimensions["F"].width = NOTE_WIDTH
    last = get_column_letter(len(TABLE_HEADERS))
    title = WriteOnlyCell(worksheet, value=TITLE)
    title.font = Font(name="黑体", bold=True, size=14, charset=134)
    worksheet.append([title])
    for note in GENERAL_NOTES:
        worksheet.append([note])
    for row in range(1, len(GENERAL_NOTES) + 2):
        worksheet.merged_cells.add(f"A{row}:{last}{row}")
    worksheet.append([])
    worksheet.append(header_cells(worksheet, TABLE_HEADERS))
    bold = Font(bold=True, charset=134)
    for values in table:
        if values[0] is None:
            worksheet.append(list(values))
            continue
        cells = [WriteOnlyCell(worksheet, value=value) for value in values]
        for cell in cells:
            cell.font = bold
        worksheet.append(cells)


def write_layout_workbook(
    path: str | Path, rows: Mapping[str, Sequence[Row]], tracker: Tracker | None = None
) -> None:
    """填写说明, then every sheet with the given rows (already in export order), atomically."""
    tracker = tracker or Tracker()
    workbook = new_workbook()
    try:
        _instructions(workbook)
        for spec in SHEETS:
            write_sheet(workbook, spec, rows.get(spec.alias, ()), tracker)
        tracker.check()
    except BaseException:
        discard(workbook)
        raise
    save(workbook, path)


def write_template(path: str | Path) -> None:
    """An empty import workbook: 填写说明, headers, drop-downs, frozen header rows."""
    write_layout_workbook(path, {})
