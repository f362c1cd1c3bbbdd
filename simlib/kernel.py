"""simlib in a Jupyter kernel: Altair charts drawn offline unless the analyst chose a renderer.

Altair's default renderer loads Vega from a CDN, so without internet every chart in a new notebook
fails ("Error loading script"). ``import simlib`` in a kernel switches Altair, when it is still on
that default, to the ``svg`` renderer (vl-convert draws the chart in the kernel; nothing is
fetched). A renderer the analyst enabled, or set with ``ALTAIR_RENDERER``, is never changed.
Altair is not imported for this (it costs a second or two): the switch happens when Altair is
first imported, by whoever imports it.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
from collections.abc import Callable

from .progress import in_kernel

OFFLINE_RENDERER = "svg"


def offline_altair() -> bool:
    """Enable :data:`OFFLINE_RENDERER` if Altair is still on its CDN default; True if it did."""
    alt = sys.modules["altair"]
    if alt.renderers.active != "default" or os.environ.get("ALTAIR_RENDERER"):
        return False
    alt.renderers.enable(OFFLINE_RENDERER)
    return True


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs ``callback`` once, right after module ``name`` has been imported (first in
    ``sys.meta_path``; it finds the module with the other finders and wraps its loader)."""

    def __init__(self, name: str, callback: Callable[[], object]):
        self.name, self.callback = name, callback

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def exec_then_call(module) -> None:
            exec_module(module)
            self.callback()

        spec.loader.exec_module = exec_then_call
        return spec


def after_import(name: str, callback: Callable[[], object]) -> None:
    """``callback()`` now if ``name`` is imported, else right after its first import."""
    if name in sys.modules:
        callback()
    elif not any(isinstance(f, _AfterImport) and f.name == name for f in sys.meta_path):
        sys.meta_path.insert(0, _AfterImport(name, callback))


def setup() -> None:
    """What ``import simlib`` does in a kernel (nothing elsewhere)."""
    if in_kernel():
        after_import("altair", offline_altair)
