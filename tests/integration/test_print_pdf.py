"""The meeting workbook as printed: LibreOffice turns it into a PDF, poppler reads it back.

Each chain sheet must fit one page wide: every page that shows the left end of row 2 (链长) also
shows its right end (会议地点), which fails as soon as LibreOffice splits a sheet across pages
sideways. Text must stay readable after fitting (median word height) and the Chinese title must
come out as text, not boxes.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from pathlib import Path

import pytest

from chainchief.cli import run

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")
POPPLER = shutil.which("pdftotext")
pytestmark = [
    pytest.mark.skipif(
        OFFICE is None,
        reason="LibreOffice is not installed (Debian: libreoffice-calc-nogui); .ci/run installs it",
    ),
    pytest.mark.skipif(POPPLER is None, reason="poppler-utils (pdftotext) is not installed"),
]
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """The demo's 2026Q4 workbook (meetings planned) converted to PDF once for the module."""
    folder = tmp_path_factory.mktemp("print")
    database = folder / "demo.db"
    shutil.copyfile(demo_template, database)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHAINCHIEF_TODAY", "2026-11-27")
        db = ["--db", str(database)]
        assert run([*db, "schedule", "--year", "2026", "--apply", "--json"]) == 0
        assert run([*db, "sheet", "--quarter", "2026Q4", "-o", str(folder / "pack.xlsx")]) == 0
    profile = (folder / "office-profile").as_uri()
    subprocess.run(
        [
            OFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "pack.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / "pack.pdf"


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        [POPPLER, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def test_pdf_carries_the_chinese_titles(printed):
    text = "".join(page_texts(printed))
    assert "新能源汽车产业链2026年第四季度链长调度会工作台账" in text
    assert "2026年第四季度链长调度会工作台账总表" in text


def test_every_chain_sheet_fits_one_page_wide(printed):
    pages = page_texts(printed)
    chain_pages = [page for page in pages if "链长：" in page or "会议地点：" in page]
    assert len(chain_pages) >= 8
    for page in chain_pages:
        assert "链长：" in page and "会议地点：" in page
        assert "季度链长调度会工作台账" in page


def test_summary_fits_one_page_wide(printed):
    """The summary's columns, 产业链 to 指标完成率, print on one page; its team-leads part may
    add pages below, numbered within the sheet."""
    summary = [page for page in page_texts(printed) if "工作台账总表" in page]
    assert summary
    assert "产业链" in summary[0] and "指标完成率" in summary[0]
    assert f"总表 第 {len(summary)} 页 共 {len(summary)} 页" in summary[-1]


def test_text_stays_readable_after_fitting(printed, tmp_path):
    boxes = tmp_path / "boxes.html"
    subprocess.run([POPPLER, "-bbox", str(printed), str(boxes)], check=True, timeout=60)
    heights = [
        float(y_max) - float(y_min)
        for _x0, y_min, _x1, y_max in WORD.findall(boxes.read_text(encoding="utf-8"))
    ]
    assert heights
    assert statistics.median(heights) >= 7.0
