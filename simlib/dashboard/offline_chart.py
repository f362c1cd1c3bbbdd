"""``alt.JupyterChart.enable_offline()`` with vl-convert's JavaScript bundle kept on disk.

Altair's ``enable_offline`` asks vl-convert to bundle the chart widget's JavaScript with vega,
vega-lite and vega-embed (~0.9 MB) every time a process starts: ~1.2 s of CPU in each
dashboard kernel, three kernels at once when the server starts (two pre-heated ones and the
first page's refill). The bundle depends only on the widget's source and the versions of
Altair and vl-convert, so the first kernel writes it to a cache file and the next ones read it.

The cache is ``$SIMLIB_CACHE_DIR`` or ``$XDG_CACHE_HOME/simlib`` or ``~/.cache/simlib``; a
directory that cannot be written only means each kernel bundles again, as Altair does.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import altair as alt
from altair.jupyter import jupyter_chart

CACHE_ENV = "SIMLIB_CACHE_DIR"


def cache_dir() -> Path:
    """Where simlib keeps files it can rebuild (see the module docstring)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "simlib"


def bundle_path() -> Path:
    """The cache file of the offline bundle for the installed Altair and vl-convert."""
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    key = "\n".join([alt.__version__, vl_convert.__version__, vl_version_for_vl_convert(),
                     jupyter_chart.load_js_src()])
    return cache_dir() / f"jupyter-chart-{hashlib.sha256(key.encode()).hexdigest()[:20]}.js"


def enable_offline() -> None:
    """Make ``alt.JupyterChart`` load vega from its own state, never from a CDN (as Altair's
    ``enable_offline``), reading the bundle from the cache when it is there."""
    chart = alt.JupyterChart
    if getattr(chart, "_is_offline", False):
        return
    if not hasattr(chart, "_is_offline"):  # another Altair: leave the job to it
        chart.enable_offline()
        return
    path = bundle_path()
    try:
        bundle = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        bundle = ""
    if bundle:
        chart._esm = bundle
        chart._is_offline = True
        return
    chart.enable_offline()
    _write_atomically(path, chart._esm)


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file: a kernel reading at the same
    moment sees the old file or the whole new one. Errors are ignored (no cache, no harm)."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         prefix=path.name, suffix=".tmp", delete=False) as f:
            tmp = Path(f.name)
            f.write(text)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
