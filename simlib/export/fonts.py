"""The font shipped with simlib (DejaVu Sans VN: Latin + Vietnamese), registered with vl-convert."""

from __future__ import annotations

import functools
from pathlib import Path

import vl_convert as vlc

FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"

# Every code point the shipped font covers; tools/subset_font.py cuts DejaVu Sans to exactly these
# and tests/export/test_font_coverage.py checks that chart text never needs another one.
# Vietnamese letters only as precomposed (NFC) characters: the font keeps no combining marks and
# no mark positioning.
COVERAGE = ",".join((
    "U+0020-007E",  # ASCII
    "U+00A0-00FF",  # Latin-1: À Á Â Ã È É Ê Ì Í Ò Ó Ô Õ Ù Ú Ý (and lower case), NBSP, ° ± × ÷ § · µ ²
    "U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0",  # Ă Đ Ĩ Ũ Ơ Ư
    "U+1EA0-1EF9",  # Vietnamese letters with dot below, hook above or two marks (Ạ … ỹ)
    "U+0391-03A9,U+03B1-03C9",  # Greek letters (model parameters in plan sources: β λ Δ)
    "U+2013-2014,U+2018-2019,U+201C-201D,U+2022,U+2026,U+2030",  # – — ‘ ’ “ ” • … ‰
    "U+20AB,U+20AC",  # ₫ €
    "U+2190-2193",  # ← ↑ → ↓
    "U+2212,U+2248,U+2260,U+2264-2265",  # − (d3-format's minus) ≈ ≠ ≤ ≥
    "U+2500,U+2504,U+2591,U+25C6,U+25CF",  # ─ ┄ ░ ◆ ● (the trajectory footer's key)
))


@functools.cache
def register_fonts() -> Path:
    """Make vl-convert find the shipped font (once per process); returns the font folder."""
    vlc.register_font_directory(str(FONT_DIR))
    return FONT_DIR
