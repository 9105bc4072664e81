"""The bundled user guide: every chapter in Chinese and English, every link and picture found."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chainchief.ui.help.chapters import CHAPTERS, GUIDE_LANGUAGE, chapter_file, help_root

PICTURE_LIMIT = 200_000
"""Bytes: the pictures ship in every package, so they are kept small."""


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[str] = []
        self.ids: set[str] = set()
        self.title = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if tag == "img":
            self.images.append(str(values.get("src")))
        self._in_h1 = tag == "h1"

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_h1 = self._in_h1 and tag != "h1"


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


PAGES = sorted(help_root().glob("*/*.html"))
LANGUAGES = ("zh_CN", "en")


def test_every_chapter_exists_in_both_languages_with_its_title() -> None:
    titles = {
        "quickstart": "快速上手", "map": "产业链图", "gaps": "缺链分析的口径",
        "meetings": "季度调度会", "supervision": "督办", "exchange": "导入导出",
        "safety": "数据安全与备份", "faq": "常见问题",
    }  # fmt: skip
    assert [chapter.name for chapter in CHAPTERS] == list(titles)
    for chapter in CHAPTERS:
        chinese = help_root() / GUIDE_LANGUAGE / f"{chapter.name}.html"
        english = help_root() / "en" / f"{chapter.name}.html"
        assert parsed(chinese).title == titles[chapter.name]
        assert parsed(english).title == chapter.title
    for language in LANGUAGES:
        pages = {page.stem for page in (help_root() / language).glob("*.html")}
        assert pages == {"index", *titles}, language


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_links_and_pictures_resolve_in_the_pages_own_language(page: Path) -> None:
    links = parsed(page)
    for href in links.hrefs:
        target, _hash, anchor = href.partition("#")
        assert re.fullmatch(r"[a-z]+\.html", target), href
        found = page.parent / target
        assert found.is_file(), href
        assert chapter_file(target.removesuffix(".html"), page.parent.name) == found
        if anchor:
            assert anchor in parsed(found).ids, href
    for source in links.images:
        picture = (page.parent / source).resolve()
        assert picture.is_file(), source
        assert picture.stat().st_size < PICTURE_LIMIT, source


@pytest.mark.parametrize("name", ["index", *(chapter.name for chapter in CHAPTERS)])
def test_the_english_chapter_has_the_chinese_ones_anchors_links_and_pictures(name: str) -> None:
    chinese = parsed(help_root() / GUIDE_LANGUAGE / f"{name}.html")
    english = parsed(help_root() / "en" / f"{name}.html")
    assert english.ids == chinese.ids
    assert english.hrefs == chinese.hrefs
    assert english.images == chinese.images


def test_the_gap_chapter_states_the_design_definitions() -> None:
    text = (help_root() / GUIDE_LANGUAGE / "gaps.html").read_text(encoding="utf-8")
    for words in ("所在地为“区内”", "区内企业数为 0", "默认 2", "每一条", "不参与这项计算",
                  "不是强链", "上游环节是缺链", "至少有一家区内企业", "链主”或“骨干",
                  "逢五进一", "记为 0.0", "落地、签约、洽谈、接洽、储备"):  # fmt: skip
        assert words in text, words
