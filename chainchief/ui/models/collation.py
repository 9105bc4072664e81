"""Chinese names in pinyin order (DESIGN.md §4): the one ordering of every list and table.

QCollator does what Python's ``sorted`` cannot (pinyin, not code points); the models sort by
its keys and the pages sort their choices with ``compare_names``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCollator, QLocale

T = TypeVar("T")


def chinese_collator() -> QCollator:
    """Chinese names in pinyin order (DESIGN.md §4), the order every list of chains uses."""
    return QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))


def compare_names(name_of: Callable[[T], str]) -> Callable[[T, T], int]:
    """A comparison of items by their names in pinyin order, for ``functools.cmp_to_key``."""
    collator = chinese_collator()
    return lambda left, right: collator.compare(name_of(left), name_of(right))
