"""The import workbook of DESIGN.md §3: sheets, headers, aliases, identifying columns, kinds.

The reader, the row parser, the writer, the template and the importer all take the layout from
here, so a header or an enumeration is spelled in exactly one place. Header and sheet names are
a file contract with people, so they are fixed Chinese and never translated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from chainchief.domain.enums import (
    ActionStatus,
    CodedEnum,
    CultivationTier,
    HolidayKind,
    Location,
    ProjectStage,
    Role,
    Stage,
    Tier,
    YesNo,
)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELL_CHARS = 32_767
NAME_LENGTH = 200
USCC_LENGTH = 18
INSTRUCTIONS_SHEET = "填写说明"
LIST_SEPARATOR = "、"


class Kind(StrEnum):
    """How a column's cells are read and written."""

    TEXT = "text"
    LIST = "list"
    DATE = "date"
    DATE_LIST = "date_list"
    NUMBER = "number"
    INTEGER = "integer"
    QUARTER = "quarter"
    ENUM = "enum"
    YES_NO = "yes_no"
    USCC = "uscc"


@dataclass(frozen=True)
class SheetColumn:
    """One column: its Chinese header, English alias, kind and what 填写说明 says about it.

    ``max_length`` bounds the cell, ``item_length`` each item of a list (names of people and
    departments fit the database's name columns).
    """

    header: str
    alias: str
    kind: Kind = Kind.TEXT
    note: str = ""
    example: str = ""
    identifying: bool = False
    enum: type[CodedEnum] | None = None
    max_length: int = MAX_CELL_CHARS
    item_length: int = MAX_CELL_CHARS

    @property
    def choices(self) -> list[str]:
        """The Chinese values of an enumerated column (drop-downs, error messages)."""
        return self.enum.choices() if self.enum is not None else []

    @property
    def must_not_be_empty(self) -> bool:
        """Identifying and enumerated (except yes/no) cells may never be empty (§3)."""
        return self.identifying or self.kind is Kind.ENUM


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the workbook, its columns in file order."""

    name: str
    alias: str
    english: str
    note: str
    columns: tuple[SheetColumn, ...] = field(default_factory=tuple)

    @cached_property
    def by_alias(self) -> dict[str, SheetColumn]:
        return {column.alias: column for column in self.columns}

    @property
    def identifying(self) -> tuple[SheetColumn, ...]:
        return tuple(column for column in self.columns if column.identifying)

    def column_for_header(self, header: str) -> SheetColumn | None:
        """The column a header cell names, by Chinese header or English alias (loosely)."""
        return _HEADER_INDEX[self.alias].get(fold(header))


def _text(header: str, alias: str, note: str, example: str = "", **kw: object) -> SheetColumn:
    return SheetColumn(header, alias, Kind.TEXT, note, example, **kw)  # type: ignore[arg-type]


def _name(header: str, alias: str, note: str, example: str, *, key: bool = False) -> SheetColumn:
    return SheetColumn(header, alias, Kind.TEXT, note, example, key, max_length=NAME_LENGTH)


def _enum(header: str, alias: str, enum: type[CodedEnum], note: str, example: str) -> SheetColumn:
    return SheetColumn(header, alias, Kind.ENUM, note, example, enum=enum)


def _yes_no(header: str, alias: str, note: str, example: str) -> SheetColumn:
    return SheetColumn(header, alias, Kind.YES_NO, note, example, enum=YesNo)


def _of(kind: Kind, header: str, alias: str, note: str, example: str, **kw: object) -> SheetColumn:
    return SheetColumn(header, alias, kind, note, example, **kw)  # type: ignore[arg-type]


CHAIN = _name("产业链名称", "chain", "产业链的名称，须与“产业链”表一致", "新能源汽车", key=True)
PERSON_LIST = "多人用顿号“、”分隔"
FIRM = _name("企业名称", "firm", "须在“企业”表中", "华瑞新能源科技有限公司", key=True)
DEPARTMENT_LIST = "多个部门用顿号“、”分隔"

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        "产业链",
        "chains",
        "Chains",
        "区内的重点产业链，每条链一行；链长、专班负责人、成员和部门未在“人员”表出现时自动建立",
        (
            _name("产业链名称", "chain", "产业链的名称（唯一）", "新能源汽车", key=True),
            _name("链长", "chief", "负责本链的区领导", "张伟"),
            _name("专班负责人", "team_lead", "工作专班负责人", "李娜"),
            _of(
                Kind.LIST,
                "专班成员",
                "team_members",
                "工作专班成员，" + PERSON_LIST,
                "王强、刘洋",
                item_length=NAME_LENGTH,
            ),
            _name("牵头部门", "lead_department", "牵头部门", "经济发展局"),
            _of(
                Kind.LIST,
                "配合部门",
                "supporting_departments",
                "配合部门，" + DEPARTMENT_LIST,
                "投资促进局、科技创新局",
                item_length=NAME_LENGTH,
            ),
            _of(
                Kind.INTEGER,
                "最少本地企业数",
                "min_local_firms",
                "区内企业少于此数的环节为弱链；整数，至少为 1，留空取系统默认值（2）",
                "2",
            ),
            _text("说明", "description", "备注说明", "本区首位产业"),
        ),
    ),
    SheetSpec(
        "环节",
        "segments",
        "Segments",
        "产业链的各个环节，每个环节一行",
        (
            CHAIN,
            _name("环节名称", "segment", "环节的名称（同一条链内唯一）", "动力电池", key=True),
            _enum("层级", "tier", Tier, "上游、中游或下游，不能为空", "中游"),
            _yes_no("关键环节", "key", "是否为关键环节：是 或 否", "是"),
            _text("说明", "description", "环节说明", "电芯与电池包"),
        ),
    ),
    SheetSpec(
        "上下游关系",
        "links",
        "Links",
        "上游环节供应下游环节，每条关系一行；不得成环，不得由下游指向上游",
        (
            CHAIN,
            _name("上游环节", "upstream", "供应方环节，须在“环节”表中", "正极材料", key=True),
            _name("下游环节", "downstream", "需求方环节，须在“环节”表中", "动力电池", key=True),
        ),
    ),
    SheetSpec(
        "企业",
        "firms",
        "Firms",
        "企业名录，每家企业一行；有统一社会信用代码时以代码识别，否则以名称识别",
        (
            _name("企业名称", "firm", "企业全称", "华瑞新能源科技有限公司", key=True),
            _of(
                Kind.USCC,
                "统一社会信用代码",
                "uscc",
                "18 位统一社会信用代码（校验位须正确）",
                "91320505MA1W12340Y",
                max_length=USCC_LENGTH,
            ),
            _enum("所在地", "location", Location, "区内、市内或区外，不能为空", "区内"),
            _name("所属园区", "park", "企业所在园区", "高新园"),
            _of(
                Kind.LIST,
                "企业类型",
                "tags",
                "规上、上市、高新技术企业、专精特新等，多个用顿号“、”分隔",
                "规上、专精特新",
            ),
            _of(Kind.NUMBER, "主营业务收入(万元)", "revenue", "数字，不能为负", "12,500"),
            _of(Kind.INTEGER, "从业人数", "employees", "整数，不能为负", "320"),
            _name("联系人", "contact", "企业联系人", "陈静"),
            _name("联系电话", "phone", "联系电话", "0512-12345678"),
        ),
    ),
    SheetSpec(
        "企业环节",
        "firm_segments",
        "FirmSegments",
        "企业在某条链某个环节中的角色，每个“企业×环节”一行",
        (
            _name("企业名称", "firm", "须在“企业”表中", "华瑞新能源科技有限公司", key=True),
            CHAIN,
            _name("环节名称", "segment", "须在该链的“环节”表中", "动力电池", key=True),
            _enum("角色", "role", Role, "链主、骨干或配套，不能为空", "链主"),
            _text("主要产品", "product", "企业在该环节的主要产品", "磷酸铁锂电芯"),
            _of(
                Kind.USCC,
                "统一社会信用代码",
                "uscc",
                "仅用于区分同名企业，可留空",
                "",
                max_length=USCC_LENGTH,
            ),
        ),
    ),
    SheetSpec(
        "目标企业",
        "targets",
        "Targets",
        "招引目标企业库：为补链强链而招引的区外企业，每个“环节×企业”一行",
        (
            CHAIN,
            _name("环节名称", "segment", "须在该链的“环节”表中", "正极材料", key=True),
            _name(
                "企业名称",
                "firm",
                "目标企业名称（可不在“企业”表中）",
                "远航锂电股份有限公司",
                key=True,
            ),
            _name("所在地区", "region", "目标企业所在地区", "江苏苏州"),
            _enum("阶段", "stage", Stage, "储备、接洽、洽谈、签约、落地或终止，不能为空", "洽谈"),
            _name("责任人", "owner", "跟进责任人", "王强"),
            _of(Kind.NUMBER, "计划投资(万元)", "investment", "数字，不能为负", "50,000"),
            _text("下一步", "next_step", "下一步工作", "安排实地考察"),
            _name("省份", "province", "目标企业所在省份；留空时由“所在地区”识别", "江苏省"),
            _name("城市", "city", "目标企业所在城市；留空时由“所在地区”识别", "苏州市"),
        ),
    ),
    SheetSpec(
        "招商项目",
        "projects",
        "Projects",
        "招商项目库，每个项目一行",
        (
            CHAIN,
            _name(
                "项目名称", "project", "项目名称（同一条链内唯一）", "年产10GWh电芯项目", key=True
            ),
            _name("环节名称", "segment", "项目所属环节，须在该链的“环节”表中", "动力电池"),
            _name("投资方", "investor", "投资方名称", "远航锂电股份有限公司"),
            _of(Kind.NUMBER, "总投资(万元)", "investment", "数字，不能为负", "200,000"),
            _enum("阶段", "stage", ProjectStage, "签约、开工或投产，不能为空", "开工"),
            _of(Kind.DATE, "签约日期", "signed_on", "日期，如 2027-03-31", "2027-03-31"),
            _name("责任人", "owner", "项目责任人", "刘洋"),
        ),
    ),
    SheetSpec(
        "人员",
        "people",
        "People",
        "链长、专班负责人、成员及责任人，每人一行",
        (
            _name("姓名", "name", "姓名（唯一）", "张伟", key=True),
            _name("职务", "title", "职务", "副区长"),
            _name("部门", "department", "所在部门", "区政府"),
            _name("联系电话", "phone", "联系电话", "13800000000"),
            _name("邮箱", "email", "电子邮箱", "zhangwei@example.gov.cn"),
            _of(
                Kind.DATE_LIST,
                "不可用日期",
                "unavailable",
                "不能参会的日期，多个用顿号“、”分隔",
                "2027-05-12、2027-05-13",
            ),
        ),
    ),
    SheetSpec(
        "指标",
        "indicators",
        "Indicators",
        "各产业链按季度的指标，每条链每季度每个指标一行",
        (
            CHAIN,
            _of(
                Kind.QUARTER,
                "季度",
                "quarter",
                "如 2027Q1 或 2027年第一季度",
                "2027Q1",
                identifying=True,
            ),
            _name("指标", "indicator", "指标名称，如 主营业务收入、产值", "主营业务收入", key=True),
            _of(Kind.NUMBER, "目标值", "target", "数字，不能为负", "120,000"),
            _of(Kind.NUMBER, "实际值", "actual", "数字，不能为负", "98,500"),
        ),
    ),
    SheetSpec(
        "督办事项",
        "actions",
        "Actions",
        "调度会议定的督办事项，每项一行",
        (
            CHAIN,
            _text(
                "事项",
                "item",
                "督办事项内容（同一条链内唯一）",
                "协调解决电池项目用地",
                identifying=True,
            ),
            _name("责任部门", "department", "责任部门", "自然资源局"),
            _name("责任人", "owner", "责任人", "王强"),
            _of(Kind.DATE, "完成时限", "due", "日期，如 2027-06-30", "2027-06-30"),
            _enum(
                "状态",
                "status",
                ActionStatus,
                "已交办、已签收、办理中、申请办结、已办结或已取消，不能为空"
                "（旧表的未开始、推进中、已完成也可用）",
                "办理中",
            ),
            _text("完成说明", "completion_note", "完成情况说明", ""),
            _yes_no("共性问题", "common_issue", "是否提交专班负责人会议：是 或 否", "否"),
        ),
    ),
    SheetSpec(
        "节假日",
        "holidays",
        "Holidays",
        "对法定节假日和调休的补充或更正，优先于系统日历",
        (
            _of(Kind.DATE, "日期", "date", "日期，如 2027-10-09", "2027-10-09", identifying=True),
            _enum("类型", "kind", HolidayKind, "休（放假）或 班（调休上班），不能为空", "班"),
            _text("说明", "note", "说明", "国庆调休"),
        ),
    ),
    SheetSpec(
        "企业指标",
        "firm_figures",
        "FirmFigures",
        "企业分季度指标（当季数，非累计），每家企业每季度一行；链的营业收入、税收由此汇总",
        (
            FIRM,
            _of(
                Kind.USCC,
                "统一社会信用代码",
                "uscc",
                "可留空；填写时须与该企业一致",
                "",
                max_length=USCC_LENGTH,
            ),
            _of(
                Kind.QUARTER,
                "季度",
                "quarter",
                "如 2027Q1 或 2027年第一季度",
                "2027Q1",
                identifying=True,
            ),
            _of(Kind.NUMBER, "营业收入(万元)", "revenue", "当季数，数字，不能为负", "3,200"),
            _of(Kind.NUMBER, "税收(万元)", "tax", "当季数，数字，不能为负", "180"),
            _of(
                Kind.NUMBER,
                "固定资产投资(万元)",
                "fixed_investment",
                "当季数，数字，不能为负",
                "1,500",
            ),
            _of(Kind.INTEGER, "从业人数", "employees", "季末人数，整数，不能为负", "320"),
        ),
    ),
    SheetSpec(
        "培育企业",
        "cultivated_firms",
        "CultivatedFirms",
        "龙头企业培育库（全区），每家企业一行；企业所属产业链由“企业环节”表体现",
        (
            FIRM,
            _enum("梯队", "tier", CultivationTier, "链主、重点培育或后备，不能为空", "重点培育"),
            _name("服务专员", "officer", "一对一服务的专员（一人）", "王强"),
            _of(Kind.DATE, "入库日期", "since", "日期，如 2027-01-15", "2027-01-15"),
            _text("说明", "note", "备注说明", "拟申报省级专精特新"),
        ),
    ),
    SheetSpec(
        "走访记录",
        "visits",
        "Visits",
        "服务专员走访企业的记录，每次走访一行；转督办为“是”时企业诉求转为所属产业链的督办事项",
        (
            FIRM,
            _of(
                Kind.DATE, "走访日期", "date", "日期，如 2027-03-12", "2027-03-12", identifying=True
            ),
            _of(
                Kind.LIST,
                "走访人",
                "visitors",
                "走访人员，" + PERSON_LIST + "；第一人与企业、日期一起识别本次走访，不能为空",
                "王强、刘洋",
                identifying=True,
                item_length=NAME_LENGTH,
            ),
            _text("交流内容", "content", "交流的主要内容", "了解二期扩产进度"),
            _text("企业诉求", "demand", "企业提出的诉求", "协调解决二期项目用电增容"),
            _yes_no("转督办", "escalate", "是否将企业诉求转为督办事项：是 或 否", "是"),
        ),
    ),
)

SHEETS_BY_ALIAS: dict[str, SheetSpec] = {sheet.alias: sheet for sheet in SHEETS}

_FOLD_DROP = re.compile(r"[\s_\-\u3000]+")
_FOLD_MAP = str.maketrans({"（": "(", "）": ")"})


def fold(text: str) -> str:
    """A header or sheet name as compared: case, spaces, underscores and bracket width ignored."""
    return _FOLD_DROP.sub("", text.translate(_FOLD_MAP)).lower()


_SHEET_INDEX: dict[str, SheetSpec] = {}
for _sheet in SHEETS:
    _SHEET_INDEX[fold(_sheet.name)] = _sheet
    _SHEET_INDEX[fold(_sheet.alias)] = _sheet

_HEADER_INDEX: dict[str, dict[str, SheetColumn]] = {
    sheet.alias: {
        **{fold(column.alias): column for column in sheet.columns},
        **{fold(column.header): column for column in sheet.columns},
    }
    for sheet in SHEETS
}


def sheet_for_title(title: str) -> SheetSpec | None:
    """The sheet a workbook tab names, by Chinese name or English alias (loosely); else None."""
    return _SHEET_INDEX.get(fold(title))
