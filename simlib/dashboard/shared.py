"""Widgets whose ``Layout`` and style models are shared.

Every ipywidget brings a ``Layout`` model and most a style model of their own; on the planner's
page these were 2/3 of the 682 models a page view sent and the browser created (issue 12). Widgets
whose layout and style the program never changes afterwards share one model per distinct set of
values here. A widget whose layout changes later (``display`` toggled) must get its own
``w.Layout``: a change to a shared one changes every widget using it.
"""

from __future__ import annotations

import ipywidgets as w

_SHARED: dict[tuple, w.Widget] = {}


def _shared(cls: type[w.Widget], **values) -> w.Widget:
    key = (cls, tuple(sorted(values.items())))
    model = _SHARED.get(key)
    if model is None or model.comm is None:  # none yet, or closed
        model = _SHARED[key] = cls(**values)
    return model


def layout(**values) -> w.Layout:
    """A shared, never-changed ``Layout`` with these values."""
    return _shared(w.Layout, **values)


def style(widget: type[w.DOMWidget], **values) -> w.Widget:
    """A shared, never-changed style model for widgets of class ``widget``."""
    return _shared(widget.class_traits()["style"].klass, **values)


def html(value: str = "", **layout_values) -> w.HTML:
    return w.HTML(value, layout=layout(**layout_values), style=style(w.HTML))


def button(**kw) -> w.Button:
    """A button of natural width (``layout=`` for another)."""
    kw.setdefault("layout", layout(width="auto"))
    return w.Button(style=style(w.Button), **kw)


def toggle(**kw) -> w.ToggleButton:
    kw.setdefault("layout", layout(width="auto"))
    return w.ToggleButton(style=style(w.ToggleButton), **kw)


def vbox(children=(), **layout_values) -> w.VBox:
    return w.VBox(list(children), layout=layout(**layout_values))


def hbox(children=(), **layout_values) -> w.HBox:
    return w.HBox(list(children), layout=layout(**layout_values))
