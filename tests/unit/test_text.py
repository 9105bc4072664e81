"""Invisible characters dropped, one Unicode form, one key per name (domain/text.py)."""

from __future__ import annotations

import unicodedata

import pytest

from chainchief.domain.text import clean, name_key


@pytest.mark.parametrize(
    "written",
    [
        "\ufeff人工智能",
        "人工\u200b智能",
        "\u202e人工智能\u202c",
        "人工智能\u200f ",
        "\u3000人工智能",
    ],
)
def test_invisible_and_direction_marks_are_dropped(written: str) -> None:
    assert clean(written) == "人工智能"


def test_text_is_brought_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Café 咖啡")
    assert decomposed != "Café 咖啡"
    assert clean(decomposed) == "Café 咖啡"


def test_line_breaks_inside_a_text_are_kept() -> None:
    assert clean(" 第一行\n第二行 ") == "第一行\n第二行"


@pytest.mark.parametrize("other", ["ai 芯片", "ＡＩ芯片", "A I芯片", "\u200bAI芯片"])
def test_names_differing_in_case_width_or_spaces_share_a_key(other: str) -> None:
    assert name_key(other) == name_key("AI芯片")


def test_different_names_keep_different_keys() -> None:
    assert name_key("人工智能") != name_key("人工智慧")
