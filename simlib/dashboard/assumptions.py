"""Which assumptions a planner sees first, and the range of their sliders.

An assumption's slider spans its declared distribution's 5–95 % range (not the hard bounds of
the plan file: "Số thôn" 1–100.000 became unusable). The few that move the plan's targets most
come first: each assumption is set to its 5 % and its 95 % value, every other one held at its
central value, in one vectorised deterministic run (no counting noise), and scored by how far
that moves the indicators with a target in the plan's end year, relative to each target.
"""

from __future__ import annotations

import numpy as np

from ..engine import simulate
from ..scenario import Scenario
from ..schema import Assumption

FIRST = 8  # assumptions shown before "thêm"


def slider_range(a: Assumption) -> tuple[float, float]:
    """The 5 % and 95 % values of ``a``'s distribution, within its declared range and always
    containing its central value; the declared range for a ``fixed`` one."""
    if a.dist.type == "fixed":
        return a.range
    low, high = (float(v) for v in a.dist.ppf(np.array([0.05, 0.95]), a.central))
    low, high = max(min(low, a.central), a.range[0]), min(max(high, a.central), a.range[1])
    return (low, high) if high > low else a.range


_CACHE: dict[tuple, tuple[str, ...]] = {}


def _ranking(scenario: Scenario) -> tuple[str, ...]:
    plan = scenario.plan
    ids = [a.id for a in plan.assumptions.values() if a.dist.type != "fixed"]
    draws = 2 * len(ids)
    effective = scenario.effective_assumptions()
    samples = {aid: np.full(draws, float(a.central)) for aid, a in effective.items()}
    for k, aid in enumerate(ids):
        samples[aid][2 * k], samples[aid][2 * k + 1] = slider_range(plan.assumptions[aid])
    res = simulate(scenario, draws=draws, seed=0, noise=False, samples=samples)
    year = plan.end_year
    score = np.zeros(len(ids))
    for ind, target in plan.targets():
        if target.year != year or plan.is_national(target):
            continue
        v = res.value(ind.id, year)
        scale = abs(target.value) or 1.0
        score += np.abs(v[1::2] - v[0::2]) / scale
    order = np.argsort(-score, kind="stable")
    fixed = [a.id for a in plan.assumptions.values() if a.dist.type == "fixed"]
    return tuple([ids[i] for i in order] + fixed)


def ranked(scenario: Scenario) -> list[str]:
    """Assumption ids, the ones moving the end-year targets most first (cached per scenario
    file and its assumption overrides)."""
    key = (scenario.plan.id, scenario.name, str(scenario.path),
           tuple(sorted((k, repr(v)) for k, v in scenario.assumptions.items())))
    if key not in _CACHE:
        _CACHE[key] = _ranking(scenario)
    return list(_CACHE[key])
