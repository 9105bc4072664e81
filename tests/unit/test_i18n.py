"""Both shipped languages are complete and the compiled catalogs match their sources."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from chainchief import i18n
from chainchief.domain.enums import Tier

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> set[str | tuple[str, ...]]:
    return {
        message
        for _f, _l, message, _c, _x in extract_from_dir(str(ROOT / "chainchief"), keywords=KEYWORDS)
    }


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    with open(Path(i18n.locale_dir()) / language / "LC_MESSAGES" / "chainchief.po", "rb") as f:
        catalog = read_po(f, locale=language)
    untranslated = []
    for message in source_messages():
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        strings = entry.string if entry is not None else None
        incomplete = not strings or (isinstance(strings, tuple) and not all(strings))
        if incomplete or (entry is not None and entry.fuzzy):
            untranslated.append(key)
    assert untranslated == [], f"untranslated in {language}: {untranslated[:20]}"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_compiled_catalog_matches_its_source(language: str) -> None:
    folder = Path(i18n.locale_dir()) / language / "LC_MESSAGES"
    with open(folder / "chainchief.po", "rb") as f:
        catalog = read_po(f, locale=language)
    with open(folder / "chainchief.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)
    for message in catalog:
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string


def test_a_known_message_shows_in_each_language() -> None:
    i18n.set_language("zh_CN")
    assert Tier.UPSTREAM.label == "上游"
    assert i18n._("ChainChief") == "链长制工作台"
    i18n.set_language("en")
    assert Tier.UPSTREAM.label == "Upstream"
    assert i18n._("ChainChief") == "ChainChief"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [("zh_CN.UTF-8", "zh_CN"), ("zh_TW.UTF-8", "zh_CN"), ("en_US.UTF-8", "en"), ("de_DE", "en")],
)
def test_system_locale_chooses_the_language(monkeypatch, environment: str, expected: str) -> None:
    monkeypatch.setenv("LANG", environment)
    assert i18n.set_language(None) == expected


def test_explicit_language_overrides_the_system(monkeypatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.set_language("zh-CN") == "zh_CN"
