"""The fill-in pack file on its own (no database): what a clerk may type, what is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from chainchief.domain.errors import ImportRefused
from chainchief.exchange import feedback_pack as pack
from chainchief.i18n import set_language

SECRET = "ab" * 32
TODAY = dt.date(2026, 5, 20)
HEADER = pack.PackHeader("p-1", "db-1", "投资促进局", "2026Q2", TODAY)
ITEMS = (
    pack.PackItem(7, 3, "新能源汽车", "=推动签约", dt.date(2026, 6, 30), "办理中"),
    pack.PackItem(9, 1, "集成电路", "走访企业", None, "已交办"),
)


@pytest.fixture(autouse=True)
def chinese():  # type: ignore[no-untyped-def]
    set_language("zh_CN")
    yield
    set_language("en")


def written(tmp_path: Path, cells: dict[str, object]) -> Path:
    path = tmp_path / "pack.xlsx"
    pack.write_feedback_pack(HEADER, ITEMS, SECRET, path, reply_by=TODAY, return_to="链长办")
    book = openpyxl.load_workbook(path)
    for coordinate, value in cells.items():
        book[pack.ITEMS_SHEET][coordinate] = value
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        (dt.date(2026, 5, 18), dt.date(2026, 5, 18)),
        ("2026/5/18", dt.date(2026, 5, 18)),
        ("2026年5月18日", dt.date(2026, 5, 18)),
        ("2026.05.18", dt.date(2026, 5, 18)),
    ],
)
def test_dates_are_read_as_people_type_them(tmp_path: Path, typed: object, day: dt.date) -> None:
    path = written(tmp_path, {"F2": "已签约", "G2": "申请办结", "H2": typed})
    returned = pack.read_feedback_pack(path, TODAY)
    assert [(r.item_id, r.state, r.done_on) for r in returned.rows] == [(7, "申请办结", day)]
    assert pack.signature_holds(returned, SECRET)
    assert not pack.signature_holds(returned, "cd" * 32)


def test_a_key_text_starting_with_equals_stays_text_and_signed(tmp_path: Path) -> None:
    path = written(tmp_path, {})
    assert openpyxl.load_workbook(path)[pack.ITEMS_SHEET]["C2"].data_type == "s"
    returned = pack.read_feedback_pack(path, TODAY)
    assert returned.rows == () and returned.items == ITEMS
    assert pack.signature_holds(returned, SECRET)


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        (
            {"H2": "2026-02-30", "G2": "申请办结", "F2": "x"},
            "督办事项!2:H 不是日期（请写成 2026-06-30）",
        ),
        ({"F2": "字" * 2001}, "督办事项!2:F 不超过 2000 字"),
        ({"I3": dt.date(2026, 9, 1)}, "督办事项!3:I 只有“申请延期”才填写延期至"),
        ({"A5": "多出的一行"}, "督办事项!5:A 反馈表中不得增加行"),
        ({"B3": "人工智能"}, "督办事项!3:B 关键列被改动（原为“集成电路”）"),
    ],
)
def test_each_bad_cell_is_named(tmp_path: Path, cells: dict[str, object], error: str) -> None:
    with pytest.raises(ImportRefused) as refused:
        pack.read_feedback_pack(written(tmp_path, cells), TODAY)
    assert [str(e) for e in refused.value.errors] == [error]


def test_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("hello")
    with pytest.raises(ImportRefused):
        pack.read_feedback_pack(path, TODAY)
