"""Shared hypothesis pieces for the robust tests: hostile values, example counts, problem checks."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from simlib.errors import SimlibValidationError
from simlib.loader import load_plan
from simlib.scenario import _KEYS

PLAN = load_plan()
LEVERS = sorted(PLAN.levers)
ASSUMPTIONS = sorted(PLAN.assumptions)
SCALE = float(os.environ.get("SIMLIB_FUZZ_SCALE", "1"))  # e.g. 50 for a long local hunt


def examples(n: int) -> settings:
    return settings(max_examples=int(n * SCALE), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


numbers = st.one_of(
    st.integers(-10**6, 10**6), st.floats(), st.integers(2015, 2035),
    st.sampled_from([10**400, -(10**30), 1e308, -0.0, 5e-324, float("nan"), float("inf")]))
words = st.one_of(st.text(max_size=12), st.sampled_from(
    [*LEVERS, *ASSUMPTIONS, "plan", "baseline", "../plan", "/etc/passwd", "uniform", "normal", "yes",
     "a\nfuzz.yaml: ok", "x\u202ey", "\x85", "\u2028"]))
scalars = st.one_of(st.none(), st.booleans(), numbers, words)
keys = st.one_of(st.sampled_from([*_KEYS, *LEVERS, *ASSUMPTIONS, "type", "low", "high", "mode", "mean",
                                  "sd", "vi", "en"]), st.integers(2015, 2035), words, st.booleans())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=12)


def check_problems(exc: SimlibValidationError, file: str, text: str | bytes) -> None:
    """Every problem names ``file``, a line inside ``text`` and fits on one printable line."""
    # YAML also breaks lines at a lone \r, \x85 and \u2028/9, as str.splitlines does
    n_lines = len((text.decode("utf-8", "replace") if isinstance(text, bytes) else text).splitlines())
    assert exc.problems
    for p in exc.problems:
        assert p.file == file and p.message.strip()
        assert p.line is None or 1 <= p.line <= n_lines + 1
        assert str(p).isprintable()  # one line per problem, no terminal tricks
