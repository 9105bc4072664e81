"""``chainchief brief``: one A4 portrait page per chain, whatever the data, with its contents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from chainchief import cli
from chainchief.domain.brief import ranked_problems
from chainchief.domain.enums import ActionStatus
from chainchief.services.chains.gaps import analyse_chains
from chainchief.store.db import open_database
from chainchief.store.models import (
    ActionItem,
    Chain,
    Department,
    Firm,
    Link,
    Membership,
    Segment,
    Target,
)


def pdf_pages(path: Path) -> list[tuple[str, tuple[float, float]]]:
    """Each page's text and size in points, read back with Qt's own PDF reader."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    pages = []
    for index in range(document.pageCount()):
        size = document.pagePointSize(index)
        pages.append((document.getAllText(index).text(), (size.width(), size.height())))
    document.close()
    return pages


def brief(capsys, db: Path, out: Path, *extra: str) -> tuple[int, str]:
    code = cli.run(["brief", "--quarter", "2026Q4", "-o", str(out), "--db", str(db), *extra])
    return code, capsys.readouterr().err


def test_one_a4_page_per_demo_chain(capsys, demo_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    code, err = brief(capsys, demo_db_path, out)
    assert (code, err) == (0, "")
    database = open_database(demo_db_path)
    analyses = analyse_chains(database)
    database.dispose()
    pages = pdf_pages(out)
    assert len(pages) == len(analyses) == 8
    for (text, (width, height)), analysis in zip(pages, analyses, strict=True):
        assert (round(width), round(height)) == (595, 842)
        assert f"{analysis.chain}产业链链长简报" in text.replace("\n", "")
        assert f"{analysis.completeness}%" in text
        assert "首次调度会" in text
        first = ranked_problems(analysis)[0]
        assert first.name in text.replace("\n", "")


def test_one_chain_only(capsys, demo_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "one.pdf"
    code, _err = brief(capsys, demo_db_path, out, "--chain", "智能电网")
    assert code == 0
    (text, _size), *rest = pdf_pages(out)
    assert rest == []
    assert "智能电网产业链链长简报" in text.replace("\n", "")


def crowd_a_chain(path: Path) -> None:
    """A chain with far more of everything than a page holds, in long words."""
    database = open_database(path)
    long = "长" * 2000
    with database.transaction() as session:
        chain = Chain(name="拥挤测试链", min_local_firms=2)
        department = Department(name="部门" * 40)
        session.add_all([chain, department])
        session.flush()
        segments = [
            Segment(chain_id=chain.id, name=f"上游环节{n:02d}" + "名" * 60, tier="upstream")
            for n in range(12)
        ] + [
            Segment(chain_id=chain.id, name=f"下游环节{n:02d}", tier="downstream")
            for n in range(12)
        ]
        session.add_all(segments)
        session.flush()
        firm = Firm(name="本地企业", location="in_zone")
        session.add(firm)
        session.flush()
        for up, down in zip(segments[:12], segments[12:], strict=True):
            session.add(Link(chain_id=chain.id, upstream_id=up.id, downstream_id=down.id))
            session.add(Membership(firm_id=firm.id, segment_id=down.id, role="leading"))
            for n in range(3):
                session.add(Target(segment_id=up.id, firm_name=f"目标{n}" + long, stage="contact"))
        for n in range(20):
            session.add(
                ActionItem(
                    chain_id=chain.id,
                    item=f"{n}" + long,
                    department_id=department.id,
                    due=dt.date(2026, 1, 1),
                    status=ActionStatus.ASSIGNED.value,
                    needs_chief=True,
                )
            )
    database.dispose()


def test_a_crowded_chain_still_fits_on_one_page(capsys, db_path: Path, tmp_path: Path) -> None:
    open_database(db_path).dispose()
    crowd_a_chain(db_path)
    out = tmp_path / "crowded.pdf"
    code, err = brief(capsys, db_path, out)
    assert (code, err) == (0, "")
    pages = pdf_pages(out)
    assert len(pages) == 1
    text = pages[0][0].replace("\n", "")
    assert text.count("另有 33 项") == 2  # 36 problems and 36 targets, three of each shown
    assert "另有 16 项" in text  # 20 red items, four shown
    assert "另有 18 项" in text  # 20 flagged items and the problems nobody owns, three shown
    assert "【部门部门部门部门部门部…】逾期" in text
    assert "内部资料" in text  # the footer is still on the page


def test_unknown_chain_and_wrong_suffix_are_refused(capsys, demo_db_path, tmp_path) -> None:
    code, err = brief(capsys, demo_db_path, tmp_path / "x.pdf", "--chain", "无此链")
    assert code == 2
    assert "无此链" in err
    code, err = brief(capsys, demo_db_path, tmp_path / "x.docx")
    assert code == 2
    assert "x.docx" in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("quarter", ["2026Q5", "明年"])
def test_a_bad_quarter_is_refused(capsys, demo_db_path: Path, tmp_path, quarter) -> None:
    code = cli.run(
        ["brief", "--quarter", quarter, "-o", str(tmp_path / "b.pdf"), "--db", str(demo_db_path)]
    )
    assert code == 2
    assert capsys.readouterr().err


def test_the_database_is_not_changed(capsys, demo_db_path: Path, tmp_path: Path) -> None:
    database = open_database(demo_db_path)
    with database.transaction() as session:
        before = session.scalars(select(Target.stage).order_by(Target.id)).all()
    brief(capsys, demo_db_path, tmp_path / "b.pdf")
    with database.transaction() as session:
        assert session.scalars(select(Target.stage).order_by(Target.id)).all() == before
    database.dispose()
