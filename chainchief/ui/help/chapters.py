"""The guide's chapters and where their HTML lies: resources/help/<language>/<chapter>.html.

The guide is written in Chinese and translated whole into English (a test holds the two to the
same chapters, anchors, links and pictures); a language without a translation reads Chinese.
Pictures live once, in resources/help/images, made by ``screenshots``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from chainchief.i18n import N_, _, current_language

GUIDE_LANGUAGE = "zh_CN"
"""The language every chapter exists in."""
INDEX = "index"


@dataclass(frozen=True)
class Chapter:
    name: str
    title: str
    """The msgid of its title (快速上手, 产业链图…)."""

    @property
    def label(self) -> str:
        return _(self.title)


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("quickstart", N_("Getting started")),
    Chapter("map", N_("The chain map")),
    Chapter("gaps", N_("How gaps are counted")),
    Chapter("meetings", N_("Quarterly dispatch meetings")),
    Chapter("supervision", N_("Action items and supervision")),
    Chapter("exchange", N_("Import and export")),
    Chapter("safety", N_("Data safety and backups")),
    Chapter("faq", N_("Questions")),
)


def help_root() -> Path:
    return Path(str(resources.files("chainchief.resources") / "help"))


def chapter_file(name: str, language: str | None = None) -> Path:
    """The chapter's page in ``language`` (the user's by default), else in Chinese."""
    wanted = help_root() / (language or current_language()) / f"{name}.html"
    return wanted if wanted.is_file() else help_root() / GUIDE_LANGUAGE / f"{name}.html"


def chapter_names() -> list[str]:
    return [INDEX, *(chapter.name for chapter in CHAPTERS)]
