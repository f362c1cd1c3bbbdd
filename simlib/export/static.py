"""Charts to PNG, SVG and PDF bytes in memory with vl-convert: no browser, no Node, no network.

A chart is drawn once to SVG under the chosen theme with the d3 number locale of the language
(what ``chart.save(fp, format="svg", embed_options={"formatLocale": ...})`` does, minus a second
schema validation: charts are validated by the tests); PNG and PDF are converted from that SVG by
vl-convert, exactly as its own ``vegalite_to_png``/``_pdf`` do, so the three formats agree. Many
charts are drawn by worker processes in parallel (:mod:`.pool`).
"""

from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence

import altair as alt

from ..charts import THEMES
from ..formatting import D3_LOCALES
from .converter import convert
from .fonts import FONT_DIR, register_fonts
from .pool import MIN_CHARTS, RenderPool, workers_for

FORMATS = ("png", "svg", "pdf")
SCALE = 2  # PNG pixels per chart pixel: a presentation-theme chart is ≥ 1600 px wide
_CACHE: OrderedDict[str, str] = OrderedDict()  # spec → SVG, so a report reuses exported charts
_CACHE_SIZE = 128
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def render_many(charts: Iterable[alt.TopLevelMixin], formats: Sequence[str] = FORMATS, *,
                lang: str = "vi", theme: str = "presentation", scale: float = SCALE,
                aria: bool = True) -> Iterator[dict[str, bytes]]:
    """Each chart in each of ``formats`` ('png', 'svg', 'pdf') as bytes, in order; drawn by
    worker processes when there are many charts and several CPUs. ``charts`` may be a generator:
    workers start drawing while the next charts are built. ``aria=False`` leaves out the
    screen-reader description of every mark, which only an SVG inline in a web page exposes
    (Vega writes it for ~15 % of the drawing time)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r} (allowed: {', '.join(FORMATS)})")
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r} (allowed: {', '.join(THEMES)})")
    font_dir = str(register_fonts())
    charts = iter(charts)
    first = list(itertools.islice(charts, MIN_CHARTS))  # enough to choose in-process or workers
    workers = workers_for(len(first))
    pool: RenderPool | None = None  # started at the first chart that needs drawing
    try:
        pending = []
        for chart in itertools.chain(first, charts):
            with alt.theme.enable(theme):
                spec = chart.to_dict(validate=False)
            if not aria:
                spec.setdefault("config", {})["aria"] = False
            key = json.dumps([lang, spec], sort_keys=True, ensure_ascii=False)
            svg = _CACHE.get(key)
            job = (spec, svg, tuple(formats), D3_LOCALES[lang], scale, VL_VERSION, font_dir)
            if workers and (svg is None or set(formats) - {"svg"}):
                pool = pool or RenderPool(workers)
                pending.append((key, pool.submit(job)))
            else:  # drawn here (or only its cached SVG is wanted)
                pending.append((key, job))
        for key, work in pending:
            out = convert(*work) if isinstance(work, tuple) else work.result()
            _remember(key, out["svg"].decode("utf-8"))
            yield {f: out[f] for f in formats}
    finally:
        if pool:
            pool.close()


def _remember(key: str, svg: str) -> None:
    _CACHE[key] = svg
    _CACHE.move_to_end(key)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)


def render(chart: alt.TopLevelMixin, formats: Sequence[str] = FORMATS, *, lang: str = "vi",
           theme: str = "presentation", scale: float = SCALE) -> dict[str, bytes]:
    """The chart in each of ``formats`` ('png', 'svg', 'pdf') as bytes, drawn once."""
    return next(render_many([chart], formats, lang=lang, theme=theme, scale=scale))


def chart_svg(chart: alt.TopLevelMixin, *, lang: str = "vi", theme: str = "presentation") -> str:
    """The chart as SVG text (numbers in the ``lang`` format, fonts of ``theme``)."""
    return render(chart, ("svg",), lang=lang, theme=theme)["svg"].decode("utf-8")


def chart_bytes(chart: alt.TopLevelMixin, fmt: str, *, lang: str = "vi",
                theme: str = "presentation", scale: float = SCALE) -> bytes:
    """One chart as PNG, SVG or PDF bytes (what a "download" button serves)."""
    return render(chart, (fmt,), lang=lang, theme=theme, scale=scale)[fmt]


def warm_up() -> None:
    """Start vl-convert's JavaScript runtime and load the fonts of its PNG and PDF drawing (~1.5 s
    the first time in a process), so a later "download" button answers in a fraction of a second.
    The dashboard's kernels call it before anyone asks for the page."""
    from .converter import convert

    register_fonts()
    chart = alt.Chart(alt.Data(values=[{"x": 1, "t": "Tỷ lệ 1.234,5"}]), title="Đạt").mark_text().encode(
        x="x:Q", text="t:N")
    with alt.theme.enable("presentation"):  # the fonts, weights and sizes of the exported charts
        spec = chart.to_dict(validate=False)
    convert(spec, None, ("png", "pdf"), D3_LOCALES["vi"], SCALE, VL_VERSION, str(FONT_DIR))
