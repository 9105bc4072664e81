"""Origin normalisation on the free text people write in 所在地区."""

from __future__ import annotations

import pytest

from chainchief.domain.regions import Origin, normalise


@pytest.mark.parametrize(
    ("text", "province", "city"),
    [
        ("深圳", "广东省", "深圳市"),
        ("广东省深圳市", "广东省", "深圳市"),
        ("上海浦东", "上海市", "上海市"),
        ("江西宜春", "江西省", "宜春市"),
        ("江苏苏州", "江苏省", "苏州市"),
        ("浙江", "浙江省", None),
        ("北京", "北京市", "北京市"),
        ("苏州工业园区", "江苏省", "苏州市"),
    ],
)
def test_free_text_regions_are_placed(text: str, province: str, city: str | None) -> None:
    assert normalise(text) == Origin(province, city)


@pytest.mark.parametrize("text", ["海外", "德国慕尼黑", "  "])
def test_text_naming_no_known_place_is_unknown(text: str) -> None:
    origin = normalise(text)

    assert origin == Origin(None, None) and not origin.known
