"""The progress bar: text on a terminal, nothing in a log or a test, a widget in a notebook."""

from __future__ import annotations

import io

from simlib.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_text_bar_on_a_terminal():
    out = Terminal()
    with Progress(4, "export", stream=out) as bar:
        for _ in range(4):
            bar.update()
    frames = out.getvalue().split("\r")
    assert frames[1] == f"export [{' ' * 30}] 0/4"
    assert frames[-1] == f"export [{'#' * 30}] 4/4\n"


def test_nothing_when_not_a_terminal_unless_asked():
    out = io.StringIO()
    with Progress(3, "export", stream=out) as bar:
        bar.update(3)
    assert out.getvalue() == ""
    with Progress(2, "simulate", stream=out, show=True) as bar:
        bar.update(5)  # never past the total
    assert out.getvalue().endswith("2/2\n")


def test_a_widget_in_a_notebook(monkeypatch):
    shown = []
    monkeypatch.setattr("simlib.progress.in_notebook", lambda: True)
    monkeypatch.setattr("IPython.display.display", shown.append)
    out = Terminal()
    with Progress(5, "export", stream=out) as bar:
        bar.update(2)
        (box,) = shown
        progress, label = box.children
        assert (progress.value, progress.max, label.value) == (2, 5, "2/5")
        bar.update(3)
    assert progress.bar_style == "success" and label.value.startswith("5/5")
    assert out.getvalue() == ""  # no text on stderr (Jupyter would draw it as a pink box)
