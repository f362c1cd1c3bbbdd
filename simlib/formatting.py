"""Numbers as people read them, in Vietnamese (vi-VN: 1.234,5) or English (1,234.5).

The one place simlib turns a number into text: the report, the deck, the workbook, the handout,
the dashboard, the model reference and the messages of scenario files all call these.
Years are never grouped ("2030", not "2.030"). Charts follow the same convention through
:data:`D3_LOCALES` (Vega's d3-format).
"""

from __future__ import annotations

import datetime as dt
import math

__all__ = ["D3_LOCALES", "LOCALES", "fmt_date", "fmt_number", "fmt_percent", "fmt_plain", "fmt_raw",
           "fmt_value", "fmt_year", "plain_number"]

LOCALES = {"vi": "vi-VN", "en": "en-GB"}  # language tags of documents (spelling, screen readers)
# d3-format locales for Vega (axis labels, tooltips) so charts follow the same convention.
D3_LOCALES = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " VND"]},
}


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_number(x: float | None, lang: str, decimals: int = 1) -> str:
    """1.234,5 in Vietnamese, 1,234.5 in English; trailing zeros of the decimals dropped;
    '–' for a missing value."""
    if _missing(x):
        return "–"
    s = f"{x:,.{decimals}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if lang == "vi":
        s = s.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return s


def fmt_value(x: float | None, lang: str) -> str:
    """A model value to three significant digits below 100 (0,007; 0,15; 4,45; 25,5), whole
    numbers above (1.234), in the language's format (:func:`fmt_number`)."""
    if _missing(x):
        return "–"
    decimals = 0 if abs(x) >= 100 else 1 if x == 0 else max(1, 2 - math.floor(math.log10(abs(x))))
    return fmt_number(x, lang, decimals)


def fmt_plain(x: float, lang: str) -> str:
    """A declared number exactly as written, in the language's format: 100.000 / 0,25 (vi),
    100,000 / 0.25 (en) — for ranges, defaults and bounds in tables."""
    x = plain_number(x)
    if isinstance(x, int):
        return fmt_number(x, lang, 0)
    digits = repr(x)
    if "e" in digits:  # 1e-07: no fixed-point form worth printing
        return digits if lang == "en" else digits.replace(".", ",")
    return fmt_number(x, lang, len(digits.split(".")[1]))


def fmt_raw(x: float) -> str:
    """A number in a message or a file, as Python writes it, no grouping: 2030, 0.25, 100000."""
    return str(plain_number(x))


def fmt_percent(p: float, lang: str) -> str:
    """A probability 0–1 as a whole percent: '31%' (both languages)."""
    return f"{fmt_number(100 * p, lang, 0)}%"


def fmt_year(year: float) -> str:
    """A calendar year without a thousands separator: '2030'."""
    return str(int(year))


def fmt_date(d: dt.date, lang: str) -> str:
    """28/11/2025 in Vietnamese, 2025-11-28 in English."""
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def plain_number(v: float) -> float | int:
    """A whole number as ``int`` (for YAML and messages: 3, not 3.0), any other as ``float``."""
    return int(v) if float(v).is_integer() else float(v)
