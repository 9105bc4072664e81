"""The audit log in the reader's words (issue 18, item 8); ``audit --json`` keeps the codes."""

from __future__ import annotations

import pytest

from chainchief.i18n import set_language
from chainchief.services.admin.audit_words import describe_entry


@pytest.fixture
def chinese():
    set_language("zh_CN")
    yield
    set_language("en")


def test_a_change_reads_as_a_sentence_in_chinese(chinese) -> None:
    entry = describe_entry(
        "edit", "firm", "华东绝缘材料有限公司", {"location": ["in_city", "in_zone"]}
    )
    assert entry == "修改 企业「华东绝缘材料有限公司」的 所在地：市内 → 区内"


def test_the_same_change_in_english_uses_labels_not_codes() -> None:
    entry = describe_entry("edit", "firms", "华东绝缘材料有限公司", {"location": ["in_city", None]})
    assert entry == "change firm “华东绝缘材料有限公司”: location: In city → (empty)"


def test_an_unknown_field_or_kind_is_shown_as_stored(chinese) -> None:
    entry = describe_entry("frobnicate", "widgets", "x", {"width": [10, 4]})
    assert entry == "frobnicate widgets「x」的 width：10 → 4"


def test_a_server_trigger_entry_reads_like_an_app_one(chinese) -> None:
    """A secured server logs the table and marks edits made outside the app ``sql``."""
    entry = describe_entry("sql", "action_items", "12", {"status": ["assigned", "done"]})
    assert entry.startswith("直接修改数据库 督办事项「12」的 ")
