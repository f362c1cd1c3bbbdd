"""Charts to PNG, SVG and PDF bytes in memory: vl-convert through Altair's ``save``, no browser.

A chart is drawn once to SVG (``chart.save(format="svg")`` under the chosen theme, with the d3
number locale of the language); PNG and PDF are converted from that SVG by vl-convert, exactly
as its own ``vegalite_to_png``/``_pdf`` do, so the three formats always agree.
"""

from __future__ import annotations

import io
import json
from collections import OrderedDict

import altair as alt
import vl_convert as vlc

from ..charts import THEMES
from ..i18n import D3_LOCALES
from .fonts import register_fonts

FORMATS = ("png", "svg", "pdf")
SCALE = 2  # PNG pixels per chart pixel: a presentation-theme chart is ≥ 1600 px wide
_CACHE: OrderedDict[str, str] = OrderedDict()  # spec → SVG, so a report reuses exported charts
_CACHE_SIZE = 128


def chart_svg(chart: alt.TopLevelMixin, *, lang: str = "vi", theme: str = "presentation") -> str:
    """The chart as SVG text (numbers in the ``lang`` format, fonts of ``theme``)."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r} (allowed: {', '.join(THEMES)})")
    register_fonts()
    with alt.theme.enable(theme):
        key = json.dumps([lang, chart.to_dict()], sort_keys=True, ensure_ascii=False)
        if key not in _CACHE:
            buf = io.StringIO()
            chart.save(buf, format="svg", embed_options={"formatLocale": D3_LOCALES[lang]})
            _CACHE[key] = buf.getvalue()
            if len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    return _CACHE[key]


def render(chart: alt.TopLevelMixin, formats: tuple[str, ...] = FORMATS, *, lang: str = "vi",
           theme: str = "presentation", scale: float = SCALE) -> dict[str, bytes]:
    """The chart in each of ``formats`` ('png', 'svg', 'pdf') as bytes, drawn once."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r} (allowed: {', '.join(FORMATS)})")
    svg = chart_svg(chart, lang=lang, theme=theme)
    convert = {"svg": lambda: svg.encode(), "png": lambda: vlc.svg_to_png(svg, scale=scale),
               "pdf": lambda: vlc.svg_to_pdf(svg)}
    return {f: convert[f]() for f in formats}


def chart_bytes(chart: alt.TopLevelMixin, fmt: str, *, lang: str = "vi",
                theme: str = "presentation", scale: float = SCALE) -> bytes:
    """One chart as PNG, SVG or PDF bytes (what a "download" button serves)."""
    return render(chart, (fmt,), lang=lang, theme=theme, scale=scale)[fmt]
