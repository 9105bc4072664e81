"""High-DPI (Windows' 125 %, 150 % and 200 % display scaling, as QT_SCALE_FACTOR): the tool
bar's icons are drawn from SVG at the screen's resolution, the map is painted at device
pixels (so its text stays crisp, not an enlarged low-resolution picture), and nothing in the
window or the settings dialog is clipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CHECK = Path(__file__).with_name("high_dpi_check.py")


@pytest.mark.parametrize("factor", ["1.25", "1.5", "2"])
def test_scaled_displays_are_sharp_and_nothing_is_clipped(demo_db_path, factor) -> None:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": factor,
        "PYTHONPATH": os.pathsep.join([str(CHECK.parent), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, str(CHECK), str(demo_db_path), "en"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    ratio = float(factor)
    assert report["ratio"] == pytest.approx(ratio)
    assert report["blurry_icons"] == []
    width, height, pixel_ratio = report["map_pixels"]
    logical_width, logical_height = report["map_logical"]
    assert pixel_ratio == pytest.approx(ratio)
    assert width >= round(logical_width * ratio) - 1 and height >= round(logical_height * ratio) - 1
    assert report["problems"] == []
