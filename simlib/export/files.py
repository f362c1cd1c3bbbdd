"""Write a presenter's exports to a folder: every chart in each format, and the report."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..result import Result
from .figures import iter_figures, stem
from .report import report_html
from .static import FORMATS, render_many

ALL_FORMATS = (*FORMATS, "html")  # html = the workshop report


def write_exports(results: Sequence[Result], out: Path, *, formats: Sequence[str] = ALL_FORMATS,
                  lang: str = "vi", theme: str = "presentation",
                  indicators: Sequence[str] | None = None, baseline: Result | None = None,
                  date: dt.date | None = None, handout: bool = True,
                  handout_levers: Sequence[str] | None = None) -> list[Path]:
    """Write ``<scenario>.<indicator>.<lang>.<fmt>`` for every chart of :func:`figures` and
    ``<scenarios>.report.<lang>.html`` (with the key-lever handout unless ``handout`` is False);
    return the paths written. Files are replaced atomically."""
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r} (allowed: {', '.join(ALL_FORMATS)})")
    out.mkdir(parents=True, exist_ok=True)
    chart_formats = tuple(f for f in FORMATS if f in formats)
    written = []
    if chart_formats:
        # Workers draw the first charts while the next ones are built: two passes over one stream.
        figs, charts = itertools.tee(iter_figures(results, lang, theme=theme, indicators=indicators,
                                                  baseline=baseline, date=date))
        # Files go to slides and paper: no per-mark screen-reader text (the report keeps it).
        drawn = render_many((f.chart for f in charts), chart_formats, lang=lang, theme=theme, aria=False)
        for fig, files in zip(figs, drawn, strict=True):
            written += [_write(out / f"{fig.stem}.{lang}.{fmt}", data) for fmt, data in files.items()]
    if "html" in formats:
        html = report_html(results, lang, theme=theme, indicators=indicators, baseline=baseline,
                           date=date, handout=handout, handout_levers=handout_levers)
        written.append(_write(out / f"{stem(results, 'report')}.{lang}.html", html.encode("utf-8")))
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
