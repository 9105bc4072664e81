"""Twenty hostile workbooks, each imported by the real command in its own process.

For each: exit 2, the refusal names a cell (工作表!行:列) or the file, the database is exactly as
before, and the process stays under 300 MB resident (its VmHWM) and 10 s of CPU (RLIMIT_CPU kills
it past that, and its own user + system time is asserted). CPU time, not wall time: the test
machines are shared, and a loaded one stretches Python's start-up alone past 10 s of wall time.
A wall-clock timeout still catches a process that blocks (a FIFO opened for reading), and the
address space is capped, so a runaway allocation fails instead of swapping.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from exchange_support import MAIN_NS, handmade_xlsx, inline_rows, worksheet

CPU_SECONDS = 10
BLOCKED_SECONDS = 120
PEAK_MB = 300
ADDRESS_SPACE_MB = 2048
CHAINS = [
    "产业链名称",
    "链长",
    "专班负责人",
    "专班成员",
    "牵头部门",
    "配合部门",
    "最少本地企业数",
    "说明",
]
SEGMENTS = ["产业链名称", "环节名称", "层级", "关键环节", "说明"]
FIRMS = ["企业名称", "统一社会信用代码", "所在地", "所属园区", "企业类型", "主营业务收入(万元)"]
CELL = re.compile(r"^\S+!\d+:[A-Z]{1,3} ", re.MULTILINE)

CHILD = """
import json, resource, sys
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
seconds = int(sys.argv[4])
resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
from chainchief import cli
code = cli.run(["--lang", "zh_CN", "--db", sys.argv[2], "import", sys.argv[3]])
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
used = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"code": code, "peak_mb": peak / 1024, "cpu": used.ru_utime + used.ru_stime}))
"""


def _segment_row(cell: str) -> str:
    """Header row, then row 2 with A (chain) and C (tier) plain and ``cell`` in column B."""
    return worksheet(
        inline_rows([SEGMENTS[:3]])
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>新能源汽车</t></is></c>'
        + cell
        + '<c r="C2" t="inlineStr"><is><t>上游</t></is></c></row>'
    )


def _firm_revenue(value: str) -> str:
    rows = inline_rows([FIRMS, ["远景动力", None, "区内"]])
    return worksheet(rows[: -len("</row>")] + f'<c r="F2"><v>{value}</v></c></row>')


def _chains(*names: str) -> dict[str, str]:
    return {"产业链": worksheet(inline_rows([CHAINS[:1], *[[name] for name in names]]))}


def _book(path: Path, sheets: dict[str, str], **kwargs: object) -> Path:
    return handmade_xlsx(path, sheets, **kwargs)  # type: ignore[arg-type]


def _shared(text_length: int) -> str:
    return f'<sst xmlns="{MAIN_NS}"><si><t>{"长" * text_length}</t></si></sst>'


def _zip_bomb(path: Path) -> Path:
    """A sheet of 300 MB of empty cells that packs to well under 1 MB."""
    body = '<c r="A2"/>' * (300 * 1024 * 1024 // 10)
    return _book(path, {"环节": worksheet(inline_rows([SEGMENTS]) + f'<row r="2">{body}</row>')})


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _entity_bomb(path: Path) -> Path:
    prolog = (
        '<!DOCTYPE lolz [<!ENTITY lol "lollollollol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    body = inline_rows([SEGMENTS[:3], ["新能源汽车", "x", "上游"]]).replace("x", "&lol2;")
    return _book(path, {"环节": worksheet(body, prolog=prolog)})


def _ole2(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    return path


def _text(path: Path) -> Path:
    path.write_text("产业链名称,链长\n新能源汽车,张三\n", encoding="utf-8")
    return path


def _giant_attribute(path: Path) -> Path:
    attribute = "A" * (4 * 1024 * 1024)
    sheet = worksheet(inline_rows([SEGMENTS[:3]]) + f'<row r="2" spans="{attribute}"></row>')
    return _book(path, {"环节": sheet})


def _wide_row(path: Path) -> Path:
    cells = "".join(f'<c r="{_letters(index)}2"/>' for index in range(1, 2000))
    return _book(path, {"环节": worksheet(inline_rows([SEGMENTS]) + f'<row r="2">{cells}</row>')})


def _letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _missing_part(path: Path) -> Path:
    sheets = {"环节": _segment_row('<c r="B2" t="inlineStr"><is><t>电芯</t></is></c>')}
    sheets |= _chains("新能源汽车")
    return _book(path, sheets, missing=frozenset({"环节"}))


def _not_zip_inside(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return path


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "formula with a cached value": lambda p: _book(
        p, {"环节": _segment_row('<c r="B2" t="str"><f>"电"&amp;"芯"</f><v>电芯</v></c>')}
    ),
    "formula with an empty cached value": lambda p: _book(
        p, {"环节": _segment_row('<c r="B2" t="str"><f>"电"&amp;"芯"</f><v/></c>')}
    ),
    "formula without a cached value": lambda p: _book(
        p, {"环节": _segment_row('<c r="B2"><f>1+1</f></c>')}
    ),
    "row two billion": lambda p: _book(
        p,
        {
            "环节": worksheet(
                inline_rows([SEGMENTS[:3]])
                + '<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c>'
                "</row>"
            )
        },
    ),
    "column beyond XFD": lambda p: _book(
        p, {"环节": _segment_row('<c r="XFE2" t="inlineStr"><is><t>电芯</t></is></c>')}
    ),
    "inline cell over 32,767 characters": lambda p: _book(
        p, {"环节": _segment_row(f'<c r="B2" t="inlineStr"><is><t>{"长" * 40_000}</t></is></c>')}
    ),
    "shared string over 32,767 characters": lambda p: _book(
        p, {"环节": _segment_row('<c r="B2" t="s"><v>0</v></c>')}, shared_strings=_shared(40_000)
    ),
    "300 MB of empty cells packed small": _zip_bomb,
    "a FIFO named .xlsx": _fifo,
    "a data sheet without its part": _missing_part,
    "NaN amount": lambda p: _book(p, {"企业": _firm_revenue("NaN")}),
    "infinite amount": lambda p: _book(p, {"企业": _firm_revenue("1e999")}),
    "amount over 10^12": lambda p: _book(p, {"企业": _firm_revenue("2000000000000")}),
    "entity declarations": _entity_bomb,
    "encrypted or .xls": _ole2,
    "text renamed .xlsx": _text,
    "zip that is no workbook": _not_zip_inside,
    "look-alike chains (BOM, zero-width, bidi)": lambda p: _book(
        p, _chains("人工智能", "\ufeff人工智能", "人工\u200b智能", "\u202e人工智能\u202c")
    ),
    "chains differing in case and width": lambda p: _book(p, _chains("AI 芯片", "ａｉ芯片")),
    "line feed inside a chain name": lambda p: _book(p, _chains("人工\n智能")),
    "attribute of 4 MB": _giant_attribute,
    "2,000 cells in a row": _wide_row,
}


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_workbook_is_refused_naming_its_place_in_bounded_time_and_memory(
    demo_db_path: Path, tmp_path: Path, kind: str
) -> None:
    path = HOSTILE[kind](tmp_path / "hostile.xlsx")
    assert path.stat().st_size <= 10 * 1024 * 1024 or not path.is_file()
    before = _dump(demo_db_path)

    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(ADDRESS_SPACE_MB),
            str(demo_db_path),
            str(path),
            str(CPU_SECONDS),
        ],
        capture_output=True,
        text=True,
        timeout=BLOCKED_SECONDS,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["code"] == 2, done.stderr
    assert CELL.search(done.stderr) or path.name in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert outcome["peak_mb"] < PEAK_MB
    assert outcome["cpu"] < CPU_SECONDS
    assert _dump(demo_db_path) == before
