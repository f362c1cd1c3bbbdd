"""One formatting module: vi-VN and English numbers, percentages, years and plain numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from simlib import fields, i18n
from simlib.formatting import (
    fmt_date,
    fmt_number,
    fmt_percent,
    fmt_plain,
    fmt_raw,
    fmt_value,
    fmt_year,
    plain_number,
)


@pytest.mark.parametrize("x, decimals, vi, en", [
    (66.666, 1, "66,7", "66.7"),
    (1234, 0, "1.234", "1,234"),
    (1234.5, 1, "1.234,5", "1,234.5"),
    (1_234_567.891, 2, "1.234.567,89", "1,234,567.89"),
    (3.0, 2, "3", "3"),
    (-0.25, 3, "-0,25", "-0.25"),
    (float("nan"), 1, "–", "–"),
    (None, 1, "–", "–"),
])
def test_numbers_follow_the_language(x, decimals, vi, en):
    assert fmt_number(x, "vi", decimals) == vi
    assert fmt_number(x, "en", decimals) == en


def test_values_percentages_years_and_dates():
    assert [fmt_value(x, "vi") for x in (0.007, 0.15, 4.45, 25.5, 1234.4)] == \
        ["0,007", "0,15", "4,45", "25,5", "1.234"]
    assert fmt_percent(0.314, "vi") == "31%" and fmt_percent(1, "en") == "100%"
    assert fmt_year(2030) == "2030" and fmt_year(2030.0) == "2030"  # never "2.030"
    assert fmt_date(dt.date(2025, 11, 28), "vi") == "28/11/2025"
    assert fmt_date(dt.date(2025, 11, 28), "en") == "2025-11-28"


def test_plain_numbers_as_declared():
    assert fmt_plain(100_000, "vi") == "100.000" and fmt_plain(100_000, "en") == "100,000"
    assert fmt_plain(0.25, "vi") == "0,25" and fmt_plain(1234.5, "en") == "1,234.5"
    assert fmt_plain(3.0, "en") == "3"
    assert fmt_raw(2030.0) == "2030" and fmt_raw(0.25) == "0.25" and fmt_raw(100_000) == "100000"
    assert plain_number(3.0) == 3 and isinstance(plain_number(3.0), int)
    assert plain_number(2.5) == 2.5


def test_older_names_are_the_same_functions():
    assert i18n.fmt_number is fmt_number and i18n.fmt_percent is fmt_percent
    assert i18n.fmt_value is fmt_value and i18n.fmt_date is fmt_date
    assert fields.fmt is fmt_raw
