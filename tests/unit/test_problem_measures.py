"""拟采取措施 of a 问题清单 row: landed targets first, then the open ones by value (issue 27)."""

from __future__ import annotations

from decimal import Decimal

from chainchief.domain.enums import Stage
from chainchief.domain.graph import TargetRef
from chainchief.domain.problems import by_value

CANDIDATES = (  # the analysis' order: most advanced stage first, then firm
    TargetRef("落地甲", Stage.LANDED),
    TargetRef("签约乙", Stage.SIGNED),
    TargetRef("洽谈丙", Stage.NEGOTIATING),
    TargetRef("储备丁", Stage.RESERVE),
)


def test_open_candidates_go_by_value_after_the_landed_ones():
    values = {
        ("隔膜", "签约乙"): Decimal("1.00"),
        ("隔膜", "洽谈丙"): Decimal("4.96"),
        ("隔膜", "储备丁"): Decimal("2.92"),
    }
    ordered = by_value(CANDIDATES, "隔膜", values)
    assert [target.firm for target in ordered] == ["落地甲", "洽谈丙", "储备丁", "签约乙"]


def test_equal_values_keep_the_most_advanced_stage_first():
    values = {("隔膜", firm.firm): Decimal("2.00") for firm in CANDIDATES[1:]}
    assert by_value(CANDIDATES, "隔膜", values) == list(CANDIDATES)
    assert by_value(CANDIDATES, "隔膜", {}) == list(CANDIDATES)
