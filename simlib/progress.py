"""A plain progress bar for long runs: an ipywidgets bar in a notebook, a text bar on a terminal.

    with Progress(74, "export") as bar:
        for chart in charts:
            ...
            bar.update()

``show=None`` (auto) shows it in a Jupyter kernel or when stderr is a terminal, and nowhere else
(no output in logs, tests or CI); ``True`` forces a bar (text on stderr outside a notebook);
``False`` hides it. In a notebook the bar is a widget, not text on stderr (which Jupyter draws
as a pink warning box).
"""

from __future__ import annotations

import sys
import time
from types import TracebackType

WIDTH = 30


def in_notebook() -> bool:
    """True inside a Jupyter kernel (JupyterLab, Notebook, Voilà) with ipywidgets available."""
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()
    except AttributeError:
        return False
    if ip is None or not hasattr(ip, "kernel"):
        return False
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


class Progress:
    """``total`` steps labelled ``label``; :meth:`update` advances, :meth:`close` finishes."""

    def __init__(self, total: int, label: str = "", *, show: bool | None = None, stream=None) -> None:
        self.total, self.label, self.done = max(int(total), 0), label, 0
        self.stream = stream or sys.stderr
        self._widget = self._bar = None
        self._start = time.perf_counter()
        notebook = in_notebook()
        if show is None:
            show = notebook or _isatty(self.stream)
        self.show = bool(show) and self.total > 0
        if self.show and notebook:
            import ipywidgets as w
            from IPython.display import display

            self._bar = w.IntProgress(value=0, min=0, max=self.total, description=label,
                                      layout=w.Layout(width="420px"))
            self._text = w.Label(f"0/{self.total}")
            self._widget = w.HBox([self._bar, self._text])
            display(self._widget)
        elif self.show:
            self._draw()

    def update(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        if not self.show:
            return
        if self._bar is not None:
            self._bar.value = self.done
            self._text.value = f"{self.done}/{self.total}"
        else:
            self._draw()

    def close(self) -> None:
        """End the bar: the widget says it is done; the text bar ends its line."""
        if not self.show:
            return
        if self._bar is not None:
            self._bar.bar_style = "success" if self.done >= self.total else ""
            self._text.value = f"{self.done}/{self.total} · {time.perf_counter() - self._start:.1f} s"
        else:
            print(file=self.stream, flush=True)
        self.show = False

    def _draw(self) -> None:
        bar = "#" * (WIDTH * self.done // self.total)
        print(f"\r{self.label} [{bar:<{WIDTH}}] {self.done}/{self.total}", end="", file=self.stream,
              flush=True)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
