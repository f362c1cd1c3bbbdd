"""Write a presenter's exports to a folder: every chart in each format, the report, the deck and
the workbook."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..progress import Progress
from ..result import Result
from .figures import iter_figures, stem, target_years
from .report import report_html
from .static import FORMATS, render_many

# html = the workshop report, pptx = the deck, xlsx = the workbook
ALL_FORMATS = (*FORMATS, "html", "pptx", "xlsx")
DEFAULT_FORMATS = (*FORMATS, "html")
DOCUMENTS = ("html", "pptx", "xlsx")


def write_exports(results: Sequence[Result], out: Path, *, formats: Sequence[str] = DEFAULT_FORMATS,
                  lang: str = "vi", theme: str = "presentation",
                  indicators: Sequence[str] | None = None, baseline: Result | None = None,
                  date: dt.date | None = None, progress: bool | None = None, handout: bool = True,
                  handout_levers: Sequence[str] | None = None) -> list[Path]:
    """Write ``<scenario>.<indicator>.<lang>.<fmt>`` for every chart of :func:`figures`,
    ``<scenarios>.report.<lang>.html`` (the report, with the key-lever handout unless ``handout``
    is False), ``<scenarios>.deck.<lang>.pptx`` (the deck) and ``<scenarios>.data.<lang>.xlsx``
    (the workbook), as ``formats`` asks; return the paths written. Files are replaced atomically.
    ``progress``: a bar (:class:`simlib.progress.Progress`; default: in a notebook or on a
    terminal)."""
    from .deck import deck_bytes, deck_indicators

    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r} (allowed: {', '.join(ALL_FORMATS)})")
    out.mkdir(parents=True, exist_ok=True)
    date = date or dt.date.today()
    chart_formats = tuple(f for f in FORMATS if f in formats)
    inds = list(indicators or results[0].indicators)
    n_charts = (len(results) + (len(results) > 1)) * len(inds) + len(target_years(results, indicators))
    # the charts of the deck's indicator slides (deck.deck_figures): reused when exported as PNG
    deck_stems = ({stem(results, i) for i in deck_indicators(results, indicators)}
                  if "pptx" in formats else set())
    total = (n_charts if chart_formats else 0) + len(deck_stems) + sum(f in formats for f in DOCUMENTS)
    written = []
    pictures: dict[str, bytes] = {}  # exported PNGs the deck can reuse
    with Progress(total, "simlib export", show=progress) as bar:
        if chart_formats:
            # Workers draw the first charts while the next ones are built: two passes over one stream.
            figs, charts = itertools.tee(iter_figures(results, lang, theme=theme, indicators=indicators,
                                                      baseline=baseline, date=date))
            # Files go to slides and paper: no per-mark screen-reader text (the report keeps it).
            drawn = render_many((f.chart for f in charts), chart_formats, lang=lang, theme=theme,
                                aria=False)
            for fig, files in zip(figs, drawn, strict=True):
                written += [_write(out / f"{fig.stem}.{lang}.{fmt}", data) for fmt, data in files.items()]
                if fig.stem in deck_stems and "png" in files and theme == "presentation":
                    pictures[fig.stem] = files["png"]
                bar.update()
        if "html" in formats:
            html = report_html(results, lang, theme=theme, indicators=indicators, baseline=baseline,
                               date=date, handout=handout, handout_levers=handout_levers)
            written.append(_write(out / f"{stem(results, 'report')}.{lang}.html", html.encode("utf-8")))
            bar.update()
        if "pptx" in formats:
            deck = deck_bytes(results, lang, indicators=indicators, baseline=baseline, date=date,
                              pictures=pictures, progress=bar.update)
            written.append(_write(out / f"{stem(results, 'deck')}.{lang}.pptx", deck))
            bar.update()
        if "xlsx" in formats:
            from .workbook import workbook_bytes

            data = workbook_bytes(results, lang, indicators=indicators, date=date)
            written.append(_write(out / f"{stem(results, 'data')}.{lang}.xlsx", data))
            bar.update()
    return written


def _write(path: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path
