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
