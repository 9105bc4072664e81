"""Every coded enum member has its own Chinese file value and label.

The values sit in dicts keyed by member, and members of two StrEnums with the same code are
equal keys: a new enum reusing a code (``reserve``) silently replaces the other's 储备.
"""

from __future__ import annotations

import chainchief.domain.enums as enums
from chainchief.domain.enums import CodedEnum


def _coded() -> list[type[CodedEnum]]:
    return [
        value
        for value in vars(enums).values()
        if isinstance(value, type) and issubclass(value, CodedEnum) and value is not CodedEnum
    ]


def test_each_member_keeps_its_own_file_value() -> None:
    for enum in _coded():
        for member in enum:
            assert enum.parse(member.file_value) is member, member


def test_only_codes_meaning_the_same_word_are_shared_between_enums() -> None:
    owners: dict[str, list[str]] = {}
    for enum in _coded():
        for member in enum:
            owners.setdefault(member.value, []).append(enum.__name__)
    shared = {code: names for code, names in owners.items() if len(names) > 1}
    # Stage.SIGNED and ProjectStage.SIGNED are both 签约, so sharing one entry is harmless.
    assert shared == {"signed": ["Stage", "ProjectStage"]}
