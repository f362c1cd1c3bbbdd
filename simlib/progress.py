"""Progress of long runs: a bar updated in place in a notebook, a text bar on a terminal.

In a Jupyter kernel the bar is an HTML ``<progress>`` element in the cell's output, updated
through a display handle (no widget extension needed, nothing on stderr, so Lab draws no warning
box); on a terminal it is one line on stderr, rewritten. ``show=None`` (the default of the
analysis functions) shows it only where someone watches (a kernel or a terminal) and only once
the run has lasted ``delay`` seconds; ``True`` shows it at once; ``False`` never.
"""

from __future__ import annotations

import html
import sys
import time

DELAY = 1.0  # seconds before an automatic bar appears (shorter runs show nothing)
WIDTH = 30  # characters of the terminal bar


def in_kernel() -> bool:
    """True inside a Jupyter kernel (JupyterLab, the notebook, Voilà, nbclient)."""
    if "ipykernel" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


class Progress:
    """``total`` steps of work labelled ``label`` (``total=None``: a count without an end).

    Use as a context manager, calling :meth:`update` after each step."""

    def __init__(self, total: int | None, label: str, show: bool | None = None, *,
                 delay: float = DELAY):
        self.total, self.label, self.done = total, label, 0
        self.kernel = in_kernel()
        watched = self.kernel or sys.stderr.isatty()
        self.enabled = bool(show) or (show is None and watched)
        self.delay = 0.0 if show else delay
        self.start = time.monotonic()
        self._handle = None
        self._drawn = False
        if self.enabled and self.delay == 0:
            self._draw()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.enabled and (self._drawn or time.monotonic() - self.start >= self.delay):
            self._draw()

    def close(self) -> None:
        if self._drawn and not self.kernel:
            print(file=sys.stderr, flush=True)

    def text(self) -> str:
        seconds = f"{time.monotonic() - self.start:.0f} s"
        if self.total:
            bar = "#" * (WIDTH * self.done // self.total)
            return f"{self.label} [{bar:<{WIDTH}}] {self.done}/{self.total} · {seconds}"
        return f"{self.label}: {self.done} · {seconds}"

    def html(self) -> str:
        value = f'value="{self.done}" max="{self.total}"' if self.total else ""
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        return (f'<div style="font-family:monospace"><progress {value} style="width:18em"></progress>'
                f" {html.escape(self.label)} {count} · {time.monotonic() - self.start:.0f} s</div>")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": self.text(), "text/html": self.html()}

    def _draw(self) -> None:
        self._drawn = True
        if self.kernel:
            from IPython.display import display

            if self._handle is None:
                self._handle = display(self, display_id=True)
            else:
                self._handle.update(self)
        else:
            print(f"\r{self.text()}", end="", file=sys.stderr, flush=True)
