"""The one translation helper of ChainChief (gettext catalogs under resources/locale).

Every layer calls ``_()`` at the moment a message is shown, so switching the language with
``set_language`` takes effect everywhere without re-importing anything.
"""

from __future__ import annotations

import gettext
import locale
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

DOMAIN = "chainchief"
LANGUAGES = ("zh_CN", "en")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
PEOPLE_LANGUAGE = "zh_CN"
"""Files written for people (maps, workbooks, documents) are Chinese whatever the UI speaks."""
_override = threading.local()


def locale_dir() -> str:
    """The folder holding ``<lang>/LC_MESSAGES/chainchief.mo`` inside the installed package."""
    return str(resources.files("chainchief.resources") / "locale")


def system_language() -> str:
    """zh_CN when the system locale is Chinese, otherwise en."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    code = locale.getlocale()[0] or ""
    return "zh_CN" if code.lower().startswith(("zh", "chinese")) else "en"


def normalise(lang: str | None) -> str | None:
    """Map user spellings (zh, zh-CN, zh_CN.UTF-8, en_US…) to a shipped language, or None."""
    if not lang:
        return None
    lowered = lang.replace("-", "_").lower()
    if lowered.startswith("zh"):
        return "zh_CN"
    if lowered.startswith("en"):
        return "en"
    return None


def set_language(lang: str | None) -> str:
    """Switch every later ``_()`` to ``lang`` (None: the system language); returns the choice."""
    global _translations, _language
    _language = normalise(lang) or system_language()
    _translations = gettext.translation(
        DOMAIN, localedir=locale_dir(), languages=[_language], fallback=True
    )
    return _language


def current_language() -> str:
    return _language


@contextmanager
def files_for_people() -> Iterator[None]:
    """Inside the block, ``_()`` on this thread speaks PEOPLE_LANGUAGE; other threads (the
    window, while an export runs on a worker) keep the user's language."""
    previous = getattr(_override, "translations", None)
    _override.translations = gettext.translation(
        DOMAIN, localedir=locale_dir(), languages=[PEOPLE_LANGUAGE], fallback=True
    )
    try:
        yield
    finally:
        _override.translations = previous


def _active() -> gettext.NullTranslations:
    return getattr(_override, "translations", None) or _translations


def _(message: str) -> str:
    return _active().gettext(message)


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().ngettext(singular, plural, n)
