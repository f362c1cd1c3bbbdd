"""The shipped fonts cover every character simlib's charts can draw, and nothing else.

The fonts are cut to ``simlib.export.fonts.COVERAGE`` (tools/subset_font.py) and hold no
combining accents: Vietnamese text must reach them precomposed (NFC).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
import yaml
from fontTools import subset
from fontTools.ttLib import TTFont

from simlib.charts import caption, trajectory_key
from simlib.export.fonts import COVERAGE, FONT_DIR
from simlib.i18n import D3_LOCALES, LANGS, STRINGS, fmt_date, fmt_number, fmt_percent
from simlib.schema import COMPARISONS, Target

ROOT = Path(__file__).resolve().parents[2]
FONTS = {"DejaVuSansVN.ttf": ("DejaVu Sans VN", "DejaVuSansVN"),
         "DejaVuSansVN-Bold.ttf": ("DejaVu Sans VN", "DejaVuSansVN-Bold")}


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(k) + _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def source_texts() -> dict[str, list[str]]:
    """Interface strings and every string of the shipped plans and scenarios, by where they are."""
    out = {"simlib/i18n.py STRINGS": [s for v in STRINGS.values() for s in v.values()]}
    for path in sorted([*ROOT.glob("simlib/plans/*.yaml"), *ROOT.glob("simlib/scenarios/*.yaml")]):
        out[str(path.relative_to(ROOT))] = _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def formatted_texts() -> list[str]:
    """Numbers, percents, dates and target labels as charts and footers show them."""
    out = []
    for lang in LANGS:
        for x in (0, -0.5, 3.25, 1234.5, -98765.4321, 1e9):
            out += [fmt_number(x, lang), fmt_number(x, lang, 0), fmt_number(x, lang, 3)]
        out += [fmt_number(float("nan"), lang), fmt_percent(0.314, lang), fmt_percent(1, lang),
                fmt_date(dt.date(2025, 11, 28), lang), *D3_LOCALES[lang]["currency"]]
    out += [Target(2030, v, c, "p", "").label() for c in COMPARISONS for v in (60, 0.5, 1e6)]
    out += ["−1,5", "−1.5", "1.5k", "2µ"]  # d3-format: U+2212 minus sign, SI prefixes
    return out


def chart_texts(results, baseline) -> list[str]:
    """The footers (key, source, scenario and date lines) of real exported charts."""
    inds = results[0].indicators
    out = []
    for lang in LANGS:
        out.append(trajectory_key(lang, baseline=True, targets=True, observed=True))
        out += caption(results, inds, lang, dt.date(2025, 11, 28))
        out += caption([baseline], inds, lang, observed=False)
    return out


def cmap(name: str) -> set[int]:
    return set(TTFont(FONT_DIR / name)["cmap"].getBestCmap())


@pytest.fixture(scope="module")
def all_texts(results, baseline) -> dict[str, list[str]]:
    return {**source_texts(), "formatted numbers": formatted_texts(),
            "chart footers": chart_texts(results, baseline)}


@pytest.mark.parametrize("name", FONTS)
def test_every_chart_character_is_in_the_font(name, all_texts):
    have = cmap(name)
    missing = {where: sorted({f"U+{ord(c):04X} {c}" for s in texts for c in s if ord(c) not in have})
               for where, texts in all_texts.items()}
    assert not {k: v for k, v in missing.items() if v}


def test_texts_are_precomposed(all_texts):
    """NFC: the font has Vietnamese letters only precomposed (no combining accents, no mark
    positioning), so a decomposed 'ệ' (e + U+0323 + U+0302) would rely on the shaper recomposing."""
    bad = {where: [s for s in texts if unicodedata.normalize("NFC", s) != s]
           for where, texts in all_texts.items()}
    assert not {k: v for k, v in bad.items() if v}


@pytest.mark.parametrize("name", FONTS)
def test_font_is_cut_to_coverage(name):
    """Exactly the code points of COVERAGE that DejaVu Sans has (a change to COVERAGE means
    rebuilding the fonts with tools/subset_font.py)."""
    wanted = set(subset.parse_unicodes(COVERAGE))
    have = cmap(name)
    assert have <= wanted
    assert sorted(wanted - have) == [0x03A2]  # the one unassigned code point in the Greek range


@pytest.mark.parametrize("name", FONTS)
def test_names_and_licence_notices_are_kept(name):
    family, postscript = FONTS[name]
    font = TTFont(FONT_DIR / name)
    names = font["name"]
    assert names.getDebugName(1) == family
    assert names.getDebugName(6) == postscript
    assert "Bitstream" in names.getDebugName(0) and "Tavmjong Bah" in names.getDebugName(0)
    assert "Permission is hereby granted" in names.getDebugName(13)
    assert names.getDebugName(14)
    assert not {"fpgm", "prep", "cvt ", "MATH"} & set(font.keys())  # what the cut drops
