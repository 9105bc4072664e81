"""Where a target firm comes from: 省份 and 城市 read from the free text of 所在地区.

People write 深圳, 广东省深圳市, 上海浦东 or 江西宜春; the table of China's divisions (see
``resources/regions/SOURCE.md``) turns these into a province and a prefecture-level city
(a municipality is its own city). It is read on first use only. Text naming no known place
(海外, a foreign city) is kept as written and reported as unknown.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

MUNICIPALITIES = ("11", "12", "31", "50")
_SUFFIXES = re.compile(
    r"(维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|自治州|新区|地区|省|市|盟|区|县)$"
)


@dataclass(frozen=True)
class Origin:
    """A province and city (either may be None); ``known`` is False when nothing matched."""

    province: str | None
    city: str | None

    @property
    def known(self) -> bool:
        return self.province is not None


@dataclass(frozen=True)
class _Place:
    code: str
    name: str
    short: str


@dataclass(frozen=True)
class _Table:
    provinces: dict[str, _Place]
    cities: dict[str, _Place]
    districts: list[_Place]


def _short(name: str) -> str:
    short = _SUFFIXES.sub("", name)
    return short if len(short) >= 2 else name


@cache
def _table() -> _Table:
    path = resources.files("chainchief.resources") / "regions" / "adcodes.csv"
    provinces: dict[str, _Place] = {}
    cities: dict[str, _Place] = {}
    districts: list[_Place] = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code, name = row["adcode"], row["name"]
            place = _Place(code, name, _short(name))
            if code[2:] == "0" * 10:
                provinces[code[:2]] = place
            elif code[4:] == "0" * 8:
                cities[code[:4]] = place
            else:
                districts.append(place)
    return _Table(provinces, cities, districts)


def _city_of(table: _Table, code: str) -> str | None:
    if code[:2] in MUNICIPALITIES:
        return table.provinces[code[:2]].name
    city = table.cities.get(code[:4])
    return city.name if city else None


def _found(text: str, place: _Place) -> int:
    """Where ``place`` is named in ``text`` (full name first, then short), else -1."""
    at = text.find(place.name)
    return at if at >= 0 else text.find(place.short)


def normalise(region: str | None) -> Origin:
    """The province and city a free-text region names; Origin(None, None) when unknown."""
    text = (region or "").strip()
    if not text:
        return Origin(None, None)
    table = _table()
    province = next(
        (code for code, place in table.provinces.items() if _found(text, place) == 0), None
    )
    candidates = [
        (code, place)
        for code, place in table.cities.items()
        if (province is None or code[:2] == province) and _found(text, place) >= 0
    ]
    if len(candidates) == 1:
        code = candidates[0][0]
        return Origin(table.provinces[code[:2]].name, table.cities[code].name)
    districts = [
        place
        for place in table.districts
        if (province is None or place.code[:2] == province) and place.name in text
    ]
    cities = {_city_of(table, place.code) for place in districts}
    if len(cities) == 1 and None not in cities:
        code = districts[0].code
        return Origin(table.provinces[code[:2]].name, cities.pop())
    if province is not None:
        municipal = province in MUNICIPALITIES
        name = table.provinces[province].name
        return Origin(name, name if municipal else None)
    return Origin(None, None)


def province_names() -> dict[str, str]:
    """Every province-level division's name by the two-digit code the map outlines use."""
    return {code: place.name for code, place in sorted(_table().provinces.items())}
