"""``chainchief render`` on the demo city: PNG, SVG and PDF, headless, and its refusals."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from chainchief import cli
from chainchief.domain.enums import SegmentStatus
from chainchief.services.chains.gaps import analyse_chains
from chainchief.store.db import open_database

CHAIN = "集成电路"
FILLS = {
    SegmentStatus.MISSING: (0xFF, 0xC7, 0xCE),
    SegmentStatus.WEAK: (0xFF, 0xEB, 0x9C),
    SegmentStatus.STRONG: (0xC6, 0xEF, 0xCE),
}


def render(capsys, db: Path, out: Path, *extra: str) -> tuple[int, str]:
    code = cli.run(["render", "--chain", CHAIN, "-o", str(out), "--db", str(db), *extra])
    return code, capsys.readouterr().err


def segment_names(db_path: Path) -> list[str]:
    database = open_database(db_path)
    try:
        return [segment.name for segment in analyse_chains(database, CHAIN)[0].segments]
    finally:
        database.dispose()


def colour_counts(path: Path) -> dict[tuple[int, int, int], int]:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(image.constBits())
    stride, width = image.bytesPerLine(), image.width()
    counts: dict[tuple[int, int, int], int] = {}
    wanted = set(FILLS.values())
    for row in range(0, image.height(), 2):
        line = data[row * stride : row * stride + width * 3]
        for column in range(0, width * 3, 6):
            pixel = (line[column], line[column + 1], line[column + 2])
            if pixel in wanted:
                counts[pixel] = counts.get(pixel, 0) + 1
    return counts


def test_png_has_red_amber_and_green_cards_at_twice_the_size(
    capsys, demo_db, demo_db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "map.png"
    code, err = render(capsys, demo_db_path, out)
    assert code == 0, err
    assert {s.status for s in analyse_chains(demo_db, CHAIN)[0].segments} == set(SegmentStatus)
    counts = colour_counts(out)
    for status in SegmentStatus:
        assert counts.get(FILLS[status], 0) > 2000, status

    from PySide6.QtGui import QImage

    from chainchief.services.chains.chain_map import chain_map_by_name
    from chainchief.ui.map.export import offscreen_scene
    from chainchief.ui.map.scene import MapMode

    scene = offscreen_scene(chain_map_by_name(demo_db, CHAIN), MapMode.STATUS)
    assert QImage(str(out)).width() == round(scene.map_rect().width() * 2)


def test_panorama_png_shows_no_status_colours(capsys, demo_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "panorama.png"
    code, err = render(capsys, demo_db_path, out, "--view", "panorama")
    assert code == 0, err
    assert colour_counts(out) == {}


def test_svg_keeps_every_segment_name_as_text(capsys, demo_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    code, err = render(capsys, demo_db_path, out)
    assert code == 0, err
    lines: list[tuple[str, str]] = []
    for element in ElementTree.parse(out).iter("{http://www.w3.org/2000/svg}text"):
        y, text = element.get("y") or "", element.text or ""
        if lines and lines[-1][0] == y:
            lines[-1] = (y, lines[-1][1] + text)
        else:
            lines.append((y, text))
    texts = {text.strip() for _y, text in lines}
    for name in segment_names(demo_db_path):
        assert any(text == name or text.endswith(name) for text in texts), name


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")
def test_pdf_is_vector_with_its_chinese_font_embedded(
    capsys, demo_db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "map.pdf"
    code, err = render(capsys, demo_db_path, out)
    assert code == 0, err
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    compact = "".join(text.split())
    for name in segment_names(demo_db_path):
        assert name in compact, name


def test_unknown_chain_is_refused_with_the_known_chains(
    capsys, demo_db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.png"
    code = cli.run(["render", "--chain", "不存在的链", "-o", str(out), "--db", str(demo_db_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "不存在的链" in err and CHAIN in err and "新能源汽车" in err
    assert not out.exists()


def test_unknown_format_is_refused(capsys, demo_db_path: Path, tmp_path: Path) -> None:
    code, err = render(capsys, demo_db_path, tmp_path / "map.jpg")
    assert code == 2
    assert ".png" in err


def test_render_needs_no_display(demo_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "chainchief", "render", "--chain", CHAIN, "-o", str(out),
         "--db", str(demo_db_path), "--lang", "en"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000
    assert not list(tmp_path.glob("*.part"))


def test_map_files_are_chinese_whatever_the_language(
    capsys, demo_db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "map.svg"
    code, err = render(capsys, demo_db_path, out, "--lang", "en")
    assert code == 0, err
    texts = "".join(e.text or "" for e in ElementTree.parse(out).iter() if e.text)
    assert "本地企业" in texts
    assert "Local firms" not in texts


def test_png_bytes_for_embedding_follow_the_dpi(demo_db) -> None:
    from PySide6.QtGui import QImage

    from chainchief.services.chains.chain_map import chain_map_by_name
    from chainchief.ui.map.headless import render_png_bytes

    chain = chain_map_by_name(demo_db, CHAIN)
    small, large = render_png_bytes(chain, "status", 96), render_png_bytes(chain, "status", 192)
    assert small.startswith(b"\x89PNG") and large.startswith(b"\x89PNG")
    assert abs(QImage.fromData(large).width() - 2 * QImage.fromData(small).width()) <= 1


YED = "{http://www.yworks.com/xml/graphml}"
GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"


def test_graphml_is_the_chain_in_yed_form(
    capsys, demo_db, demo_db_path: Path, tmp_path: Path
) -> None:
    import networkx as nx
    from defusedxml import ElementTree as SafeTree

    from chainchief.services.chains.chain_map import chain_map_by_name

    out = tmp_path / "map.graphml"
    code, err = render(capsys, demo_db_path, out, "--lang", "en")
    assert code == 0, err
    chain = chain_map_by_name(demo_db, CHAIN)
    names = {card.segment_id: card.name for card in chain.cards}
    graph = nx.read_graphml(out)
    assert graph.is_directed()
    assert sorted(graph.nodes[node]["label"] for node in graph.nodes) == sorted(names.values())
    edges = {(graph.nodes[u]["label"], graph.nodes[v]["label"]) for u, v in graph.edges}
    assert edges == {(names[ln.upstream], names[ln.downstream]) for ln in chain.links}
    assert graph.graph["chain"] == CHAIN
    for node in graph.nodes:
        assert graph.nodes[node]["tier"] in {"上游", "中游", "下游"}
        assert graph.nodes[node]["status"] in {"缺链", "弱链", "强链"}

    root = SafeTree.parse(out).getroot()
    cards = {card.name: card for card in chain.cards}
    fills = {"缺链": "#FFC7CE", "弱链": "#FFEB9C", "强链": "#C6EFCE"}
    centres = {}
    for node in root.iter(f"{GRAPHML_NS}node"):
        shape = node.find(f".//{YED}ShapeNode")
        name = shape.find(f"{YED}NodeLabel").text
        card = cards[name]
        geometry = shape.find(f"{YED}Geometry").attrib
        assert [float(geometry[k]) for k in ("x", "y", "width", "height")] == [
            card.x, card.y, card.width, card.height]  # fmt: skip
        status = next(d.text for d in node.iter(f"{GRAPHML_NS}data") if d.get("key") == "status")
        assert shape.find(f"{YED}Fill").get("color") == fills[status]
        centres[node.get("id")] = (card.x + card.width / 2, card.y + card.height / 2)
    links = {(f"n{ln.upstream}", f"n{ln.downstream}"): ln for ln in chain.links}
    dashed = 0
    for edge in root.iter(f"{GRAPHML_NS}edge"):
        line = edge.find(f".//{YED}PolyLineEdge")
        link = links[(edge.get("source"), edge.get("target"))]
        path = line.find(f"{YED}Path")
        bends = [(float(p.get("x")), float(p.get("y"))) for p in path.iter(f"{YED}Point")]
        assert bends == [(round(x, 2), round(y, 2)) for x, y in link.points[1:-1]]
        sx, sy = centres[edge.get("source")]
        assert abs(float(path.get("sx")) - (link.points[0][0] - sx)) < 0.01
        assert abs(float(path.get("sy")) - (link.points[0][1] - sy)) < 0.01
        assert (
            abs(float(path.get("ty")) - (link.points[-1][1] - centres[edge.get("target")][1]))
            < 0.01
        )
        assert line.find(f"{YED}Arrows").get("target") == "standard"
        style = line.find(f"{YED}LineStyle")
        assert (style.get("type") == "dashed") == link.breakpoint
        dashed += link.breakpoint
    assert dashed == chain.breakpoints > 0


def pdf_page_mm(path: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    size = next(line for line in info.stdout.splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in size.split()[2:5:2])
    return round(width * 25.4 / 72), round(height * 25.4 / 72)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_pdf_is_on_a4_landscape_unless_a3_is_asked_for(
    capsys, demo_db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "map.pdf"
    code, err = render(capsys, demo_db_path, out)
    assert code == 0, err
    assert pdf_page_mm(out) == (297, 210)
    code, err = render(capsys, demo_db_path, out, "--paper", "a3")
    assert code == 0, err
    assert pdf_page_mm(out) == (420, 297)


def test_a_map_too_big_for_a4_goes_on_a3() -> None:
    from PySide6.QtCore import QRectF

    from chainchief.ui.map.export import MIN_TITLE_POINTS, TITLE_PIXELS, pdf_paper

    assert pdf_paper(QRectF(0, 0, 1100, 700), None)[0] == "a4"
    paper, scale = pdf_paper(QRectF(0, 0, 2000, 1200), None)
    assert paper == "a3" and TITLE_PIXELS * scale >= MIN_TITLE_POINTS
    assert pdf_paper(QRectF(0, 0, 2000, 1200), "a4")[0] == "a4"
