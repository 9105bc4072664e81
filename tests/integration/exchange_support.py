"""Shared helpers of the Excel exchange tests: a small valid city, workbook builders, dumps.

Tests change one cell of ``small_city()`` to break one rule, so each rule's test states only
what differs from a workbook that imports cleanly.
"""

from __future__ import annotations

import copy
import datetime as dt
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from chainchief.store.db import Database
from chainchief.store.models import Base

Sheets = dict[str, list[list[Any]]]

USCC_A = "91320505MA1W12340Y"
USCC_B = "91360902511634144N"
USCC_C = "91320192MA559C7Y5Y"

_SMALL_CITY: Sheets = {
    "产业链": [
        [
            "产业链名称",
            "链长",
            "专班负责人",
            "专班成员",
            "牵头部门",
            "配合部门",
            "最少本地企业数",
            "说明",
        ],
        [
            "新能源汽车",
            "张伟",
            "李娜",
            "王强、刘洋",
            "经济发展局",
            "投资促进局、财政局",
            3,
            "首位产业",
        ],
        ["集成电路", "张伟", "陈静", None, "科技创新局", None, None, None],
    ],
    "环节": [
        ["产业链名称", "环节名称", "层级", "关键环节", "说明"],
        ["新能源汽车", "正极材料", "上游", "是", "三元与磷酸铁锂"],
        ["新能源汽车", "动力电池", "中游", "否", None],
        ["新能源汽车", "整车", "下游", "是", None],
        ["集成电路", "晶圆制造", "中游", "是", None],
        ["集成电路", "封装测试", "中游", "否", None],
    ],
    "上下游关系": [
        ["产业链名称", "上游环节", "下游环节"],
        ["新能源汽车", "正极材料", "动力电池"],
        ["新能源汽车", "动力电池", "整车"],
        ["集成电路", "晶圆制造", "封装测试"],
    ],
    "企业": [
        [
            "企业名称",
            "统一社会信用代码",
            "所在地",
            "所属园区",
            "企业类型",
            "主营业务收入(万元)",
            "从业人数",
            "联系人",
            "联系电话",
        ],
        ["华瑞新能源", USCC_A, "区内", "高新园", "规上、专精特新", 12500, 320, "陈静", "025-1234"],
        ["远航锂电", USCC_B, "区外", None, None, None, None, None, None],
        ["芯联科技", None, "区内", "智造园", "上市", "1,200.5", "80", None, None],
    ],
    "企业环节": [
        ["企业名称", "产业链名称", "环节名称", "角色", "主要产品", "统一社会信用代码"],
        ["华瑞新能源", "新能源汽车", "动力电池", "链主", "电芯", None],
        ["华瑞新能源", "新能源汽车", "正极材料", "骨干", None, USCC_A],
        ["芯联科技", "集成电路", "封装测试", "配套", "封装", None],
    ],
    "目标企业": [
        [
            "产业链名称",
            "环节名称",
            "企业名称",
            "所在地区",
            "阶段",
            "责任人",
            "计划投资(万元)",
            "下一步",
        ],
        ["新能源汽车", "正极材料", "远方材料", "江苏苏州", "洽谈", "王强", 50000, "实地考察"],
        ["集成电路", "晶圆制造", "晶圆集团", "上海", "接洽", "赵敏", None, None],
    ],
    "招商项目": [
        [
            "产业链名称",
            "项目名称",
            "环节名称",
            "投资方",
            "总投资(万元)",
            "阶段",
            "签约日期",
            "责任人",
        ],
        [
            "新能源汽车",
            "电芯项目",
            "动力电池",
            "远航锂电",
            200000,
            "开工",
            dt.date(2027, 3, 31),
            "刘洋",
        ],
    ],
    "人员": [
        ["姓名", "职务", "部门", "联系电话", "邮箱", "不可用日期"],
        ["张伟", "副区长", "区政府", "13800000000", None, "2027-05-12、2027/5/13"],
        ["李娜", "局长", "经济发展局", None, "lina@example.com", None],
    ],
    "指标": [
        ["产业链名称", "季度", "指标", "目标值", "实际值"],
        ["新能源汽车", "2027Q1", "产值", 120000, 98500],
        ["新能源汽车", "2027年第二季度", "产值", 130000, None],
    ],
    "督办事项": [
        ["产业链名称", "事项", "责任部门", "责任人", "完成时限", "状态", "完成说明", "共性问题"],
        [
            "新能源汽车",
            "协调用地",
            "自然资源局",
            "王强",
            dt.date(2027, 6, 30),
            "推进中",
            None,
            "是",
        ],
        ["集成电路", "人才公寓", "人社局", "陈静", "2027年7月1日", "已完成", None, "否"],
    ],
    "节假日": [
        ["日期", "类型", "说明"],
        [dt.date(2027, 10, 9), "班", "国庆调休"],
    ],
}


def small_city() -> Sheets:
    """A fresh copy of a small city that imports without a problem."""
    return copy.deepcopy(_SMALL_CITY)


def write_book(path: Path, sheets: Sheets) -> Path:
    """An .xlsx holding ``sheets`` in the given order (values written as given)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def read_cells(path: Path) -> dict[str, list[list[Any]]]:
    """Every cell value of every sheet, as openpyxl reads it."""
    book = load_workbook(path)
    return {
        sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
        for sheet in book.worksheets
    }


def dump_database(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """All rows of all tables, in a stable order: equal dumps mean nothing changed."""
    with db.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def sheet_xml(path: Path) -> dict[str, str]:
    """The raw XML of every worksheet part, to look for <f> elements."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        }


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def inline_rows(rows: list[list[str | None]]) -> str:
    """<sheetData> rows of inline-string cells (None leaves a cell out)."""
    out = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{get_column_letter(index)}{number}" t="inlineStr">'
            f"<is><t>{escape(value)}</t></is></c>"
            for index, value in enumerate(row, start=1)
            if value is not None
        )
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def worksheet(body: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<worksheet xmlns="{MAIN_NS}"><sheetData>{body}</sheetData></worksheet>'
    )


def handmade_xlsx(
    path: Path,
    sheets: dict[str, str],
    *,
    shared_strings: str | None = None,
    workbook_prolog: str = "",
    hidden: frozenset[str] = frozenset(),
    missing: frozenset[str] = frozenset(),
) -> Path:
    """A minimal .xlsx zipped by hand, so tests can put anything in its XML; sheets named in
    ``hidden`` are hidden, those in ``missing`` are listed without their part."""
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{BOOK_TYPE}"/>']
    relations = []
    entries = []
    for index, title in enumerate(sheets, start=1):
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{index}.xml" ContentType="{SHEET_TYPE}"/>'
        )
        relations.append(
            f'<Relationship Id="rId{index}" Type="{REL_NS}/worksheet" '
            f'Target="worksheets/sheet{index}.xml"/>'
        )
        state = ' state="hidden"' if title in hidden else ""
        entries.append(f'<sheet name="{title}" sheetId="{index}"{state} r:id="rId{index}"/>')
    if shared_strings is not None:
        overrides.append(
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
        )
        relations.append(
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL_NS}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(overrides)
            + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE_REL_NS}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>{workbook_prolog}'
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            + "".join(entries)
            + "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE_REL_NS}">' + "".join(relations) + "</Relationships>",
        )
        for index, (title, xml) in enumerate(sheets.items(), start=1):
            if title not in missing:
                archive.writestr(f"xl/worksheets/sheet{index}.xml", xml)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return path
