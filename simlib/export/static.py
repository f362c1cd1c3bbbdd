"""Charts to PNG, SVG and PDF bytes in memory with vl-convert: no browser, no Node, no network.

A chart is drawn once to SVG under the chosen theme with the d3 number locale of the language
(what ``chart.save(fp, format="svg", embed_options={"formatLocale": ...})`` does, minus a second
schema validation: charts are validated by the tests); PNG and PDF are converted from that SVG by
vl-convert, exactly as its own ``vegalite_to_png``/``_pdf`` do, so the three formats agree.
"""

from __future__ import annotations

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
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def chart_svg(chart: alt.TopLevelMixin, *, lang: str = "vi", theme: str = "presentation") -> str:
    """The chart as SVG text (numbers in the ``lang`` format, fonts of ``theme``)."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r} (allowed: {', '.join(THEMES)})")
    register_fonts()
    with alt.theme.enable(theme):
        spec = chart.to_dict(validate=False)
    key = json.dumps([lang, spec], sort_keys=True, ensure_ascii=False)
    if key not in _CACHE:
        _CACHE[key] = vlc.vegalite_to_svg(spec, vl_version=VL_VERSION, format_locale=D3_LOCALES[lang])
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
