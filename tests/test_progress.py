"""The progress bar: text on a terminal, nothing in a log or a test, an HTML bar in a notebook."""

from __future__ import annotations

import io
import sys

from simlib import progress
from simlib.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_text_bar_on_a_terminal(monkeypatch):
    out = Terminal()
    monkeypatch.setattr(sys, "stderr", out)
    with Progress(4, "export", delay=0) as bar:
        for _ in range(4):
            bar.update()
    frames = out.getvalue().split("\r")
    assert frames[1].startswith(f"export [{' ' * 30}] 0/4")
    assert frames[-1].startswith(f"export [{'#' * 30}] 4/4") and frames[-1].endswith("\n")


def test_nothing_when_not_a_terminal_unless_asked(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(sys, "stderr", out)
    with Progress(3, "export") as bar:
        bar.update(3)
    assert out.getvalue() == ""
    with Progress(2, "simulate", show=True) as bar:
        bar.update(2)
    assert "2/2" in out.getvalue() and out.getvalue().endswith("\n")


def test_an_html_bar_in_a_notebook_never_stderr(monkeypatch):
    shown = []

    class Handle:
        def update(self, obj):
            shown.append(obj.html())

    monkeypatch.setattr(progress, "in_kernel", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda obj, display_id: shown.append(obj.html())
                        or Handle())
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    with Progress(5, "export", show=True) as bar:
        bar.update(2)
        bar.update(3)
    assert '<progress value="5" max="5"' in shown[-1] and "export 5/5" in shown[-1]
    assert err.getvalue() == ""  # Jupyter would draw stderr as a pink warning box
