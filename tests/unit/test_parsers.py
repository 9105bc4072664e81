"""Cell parsers: every spelling §3 accepts, and a reason naming the value for the rest."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainchief.domain.enums import Location, Tier
from chainchief.domain.quarters import Quarter
from chainchief.exchange.parsers import (
    MAX_AMOUNT,
    MAX_INTEGER,
    CellValueError,
    parse_date,
    parse_date_list,
    parse_enum,
    parse_integer,
    parse_list,
    parse_number,
    parse_quarter,
    parse_text,
    parse_uscc,
    parse_yes_no,
)

SEPARATORS = ["、", ",", "，", ";", "；"]
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31))


def _reason(parse, value) -> str:
    with pytest.raises(CellValueError) as error:
        parse(value)
    return error.value.reason


@given(dates)
def test_every_written_form_of_a_date_reads_as_that_date(day: dt.date) -> None:
    forms = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}-{day.month}-{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f" {day.year}/{day.month:02d}/{day.day:02d} ",
        dt.datetime.combine(day, dt.time()),
        day,
    ]
    assert {parse_date(form) for form in forms} == {day}


@pytest.mark.parametrize("text", ["2027-02-30", "2027/13/1", "31/3/2027", "明天", "2027-3/31"])
def test_impossible_or_foreign_dates_are_refused_with_the_value(text: str) -> None:
    assert _reason(parse_date, text) == f"Not a date: {text} (write it like 2027-03-31)"


def test_a_number_in_a_date_column_is_not_a_date() -> None:
    assert _reason(parse_date, 46000) == "Not a date: 46000 (write it like 2027-03-31)"


@given(st.integers(min_value=1000, max_value=9999), st.integers(min_value=1, max_value=4))
def test_every_written_form_of_a_quarter_gives_its_code(year: int, number: int) -> None:
    numeral = "一二三四"[number - 1]
    forms = [
        f"{year}Q{number}",
        f"{year} Q{number}",
        f"{year}q{number}",
        f"{year}年第{numeral}季度",
        f"{year}年{number}季度",
    ]
    assert {parse_quarter(form) for form in forms} == {str(Quarter(year, number))}


@pytest.mark.parametrize("text", ["2027Q5", "2027年第五季度", "Q1 2027"])
def test_a_bad_quarter_is_refused(text: str) -> None:
    assert _reason(parse_quarter, text).startswith(f"Not a quarter: {text}")


@given(st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_whole_numbers_read_with_or_without_thousands_separators(number: int) -> None:
    forms = [number, float(number), str(number), f"{number:,}", f" {number:,} "]
    assert {parse_number(form) for form in forms} == {float(number)}
    if number <= MAX_INTEGER:
        assert parse_integer(f"{number:,}") == number
    else:
        assert _reason(parse_integer, f"{number:,}").startswith("Too large a whole number")


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_decimal_text_reads_as_its_value(number) -> None:
    assert parse_number(f"{number:,}") == float(number)


@given(st.integers(min_value=1, max_value=10**9))
def test_negative_numbers_are_refused(number: int) -> None:
    assert _reason(parse_number, -number) == f"Negative numbers are not allowed: {-number}"
    assert _reason(parse_number, f"-{number:,}") == (
        f"Negative numbers are not allowed: -{number:,}"
    )


@pytest.mark.parametrize("text", ["12,34", "1,2345", "十二", "1e5", "12 500", "NaN", "--1"])
def test_malformed_numbers_are_refused(text: str) -> None:
    assert _reason(parse_number, text) == f"Not a number: {text}"


@pytest.mark.parametrize("text", ["1000000000001", "1,000,000,000,001"])
def test_an_amount_over_a_trillion_is_refused(text: str) -> None:
    """Issue 18: no business figure comes near; a larger one is a slip or a hostile file."""
    assert _reason(parse_number, text) == f"Too large: {text} (at most 1,000,000,000,000)"


def test_a_fraction_is_not_a_whole_number() -> None:
    assert _reason(parse_integer, "2.5") == "Not a whole number: 2.5"


items = st.text(
    alphabet=st.characters(
        blacklist_characters="、,，;；",
        blacklist_categories=("Cs", "Cc", "Cf", "Z", "Mn", "Mc", "Me"),
    ),
    min_size=1,
    max_size=8,
).filter(lambda text: unicodedata.is_normalized("NFC", text))


@given(st.lists(items, min_size=1, max_size=6, unique=True), st.sampled_from(SEPARATORS))
def test_lists_split_on_every_separator(values: list[str], separator: str) -> None:
    assert parse_list(separator.join(values)) == values


@given(st.lists(items, min_size=2, max_size=6, unique=True), st.data())
def test_mixed_separators_and_spaces_around_items_are_fine(values: list[str], data) -> None:
    text = values[0]
    for value in values[1:]:
        text += data.draw(st.sampled_from(SEPARATORS)) + " " + value + " "
    assert parse_list(text) == values


def test_a_list_drops_empty_items_and_repeats() -> None:
    assert parse_list("王强、、刘洋,王强；") == ["王强", "刘洋"]
    assert parse_list(None) == [] and parse_list("  ") == []


def test_date_lists_are_sorted_and_unique() -> None:
    assert parse_date_list("2027/5/13、2027-05-12，2027年5月12日") == [
        dt.date(2027, 5, 12),
        dt.date(2027, 5, 13),
    ]


def test_text_keeps_formula_like_content_and_trims_spaces_only() -> None:
    assert parse_text('  =HYPERLINK("x")\u3000') == '=HYPERLINK("x")'
    assert parse_text("\tindented") == "\tindented"
    assert parse_text(13800000000) == "13800000000"
    assert parse_text(2.5) == "2.5"
    assert parse_text("   ") is None


def test_enumerations_accept_chinese_words_and_english_codes() -> None:
    assert parse_enum(Tier, "上游") == "upstream"
    assert parse_enum(Tier, "Upstream") == "upstream"
    assert parse_enum(Location, " in_zone ") == "in_zone"
    assert parse_enum(Tier, None) is None
    assert _reason(lambda v: parse_enum(Tier, v), "上中游") == "Not one of 上游、中游、下游: 上中游"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("是", True), ("否", False), ("yes", True), ("No", False), (True, True), (None, False)],
)
def test_yes_no_spellings(value, expected: bool) -> None:
    assert parse_yes_no(value) is expected


def test_uscc_is_checked_and_normalised() -> None:
    assert parse_uscc(" 91320505ma1w12340y ") == "91320505MA1W12340Y"
    assert _reason(parse_uscc, "91320505MA1W12340X").startswith("The check digit")
    assert _reason(parse_uscc, "9132").startswith("Not a unified social credit code")
