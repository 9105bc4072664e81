import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainchief.domain.quarters import Quarter

quarters = st.builds(Quarter, st.integers(1990, 2200), st.integers(1, 4))


@pytest.mark.parametrize(
    "text",
    ["2027Q1", "2027 Q1", "2027q1", " 2027Q1 ", "2027年第一季度", "2027年1季度", "2027年第1季度"],
)
def test_parse_accepts_the_workbook_spellings(text: str) -> None:
    assert Quarter.parse(text) == Quarter(2027, 1)


@pytest.mark.parametrize(
    "text",
    ["", "2027", "2027Q5", "2027Q0", "Q1 2027", "2027年第五季度", "2027-03", "27Q1", "2027Q12"],
)
def test_parse_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="Not a quarter"):
        Quarter.parse(text)


def test_quarter_number_must_be_one_to_four() -> None:
    with pytest.raises(ValueError):
        Quarter(2027, 5)


def test_text_forms() -> None:
    assert str(Quarter(2027, 3)) == "2027Q3"
    assert Quarter(2027, 3).chinese == "2027年第三季度"
    assert Quarter(2027, 4).chinese == "2027年第四季度"


def test_days_and_months() -> None:
    quarter = Quarter(2028, 1)
    assert quarter.months == (1, 2, 3)
    assert quarter.first_day == dt.date(2028, 1, 1)
    assert quarter.last_day == dt.date(2028, 3, 31)
    assert len(quarter.days()) == 31 + 29 + 31
    assert Quarter(2027, 2).last_day == dt.date(2027, 6, 30)
    assert Quarter(2027, 4).months == (10, 11, 12)


def test_previous_and_next_cross_the_year() -> None:
    assert Quarter(2027, 1).previous == Quarter(2026, 4)
    assert Quarter(2026, 4).next == Quarter(2027, 1)
    assert Quarter(2027, 2).next == Quarter(2027, 3)


def test_ordering_is_chronological() -> None:
    unordered = [Quarter(2027, 2), Quarter(2026, 4), Quarter(2027, 1)]
    assert sorted(unordered) == [Quarter(2026, 4), Quarter(2027, 1), Quarter(2027, 2)]


@given(quarters)
def test_both_spellings_round_trip(quarter: Quarter) -> None:
    assert Quarter.parse(str(quarter)) == quarter
    assert Quarter.parse(quarter.chinese) == quarter
    assert quarter.next.previous == quarter


@given(st.dates(dt.date(1990, 1, 1), dt.date(2200, 12, 31)))
def test_of_gives_the_quarter_containing_the_day(day: dt.date) -> None:
    quarter = Quarter.of(day)
    assert quarter.first_day <= day <= quarter.last_day
    assert quarter.contains(day)
    assert not quarter.next.contains(day)


@given(st.integers(1990, 2200))
def test_the_four_quarters_tile_the_year(year: int) -> None:
    days = [day for quarter in Quarter.all_of(year) for day in quarter.days()]
    first = dt.date(year, 1, 1)
    assert days == [
        first + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - first).days)
    ]
