"""The engine: orders a plan's components, steps time and vectorises over draws."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .model import State, ordered_components
from .result import Result
from .sampling import sample_assumptions
from .scenario import Scenario


def step_times(base_year: int, end_year: int, steps_per_year: int) -> np.ndarray:
    """Start time (decimal year) of each step, from the start of ``base_year + 1``."""
    n = (end_year - base_year) * steps_per_year
    return base_year + 1 + np.arange(n) / steps_per_year


def simulate(scenario: Scenario, draws: int = 1000, seed: int = 0, *, noise: bool | None = None,
             steps_per_year: int | None = None,
             samples: Mapping[str, np.ndarray] | None = None) -> Result:
    """Run ``scenario`` as an ensemble of ``draws`` Latin-hypercube draws of the assumptions.

    ``draws == 1`` is the central, deterministic run. ``noise`` (default: on for ensembles) adds
    small-number counting noise to annual counts. A pure function of (plan, scenario, draws,
    seed): nothing is cached that a run could change. ``samples`` gives chosen values (arrays of
    shape [draws]) for some assumptions in place of sampled ones, so sensitivity analysis and
    calibration evaluate many points of their own in one vectorised run.
    """
    if not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a whole number ≥ 1, got {draws!r}")
    plan = scenario.plan
    spy = steps_per_year or plan.steps_per_year
    noise = draws > 1 if noise is None else noise
    times = step_times(plan.base_year, plan.end_year, spy)
    state = State(
        plan=plan, n=int(draws),
        a=_with_samples(sample_assumptions(scenario.effective_assumptions(), int(draws), int(seed)),
                        samples, int(draws)),
        x={},
        lever_paths={lid: scenario.lever_at(lid, times) for lid in plan.levers},
        rng=np.random.default_rng([int(seed), 7]),
        noise=noise, dt=1.0 / spy,
    )
    components = [cls() for cls in ordered_components(plan)]
    ids = tuple(plan.indicators)
    years = plan.years
    out = np.empty((len(years), len(ids), draws))
    for c in components:
        c.init(state)
    _record(out, 0, state.x, ids)
    for y in range(1, len(years)):
        state.year = int(years[y])
        for k in range(spy):
            state.step_index = (y - 1) * spy + k
            state.t = float(times[state.step_index])
            for c in components:
                c.step(state)
        for c in components:
            c.year_end(state)
        _record(out, y, state.x, ids)
    return Result(scenario=scenario, data=out, years=years, indicators=ids, seed=int(seed),
                  noise=noise)


def _record(out: np.ndarray, year_index: int, x: dict[str, np.ndarray], ids: tuple[str, ...]) -> None:
    for j, ind in enumerate(ids):
        out[year_index, j] = x[ind]


def _with_samples(a: dict[str, np.ndarray], samples: Mapping[str, np.ndarray] | None,
                  draws: int) -> dict[str, np.ndarray]:
    if not samples:
        return a
    for aid, values in samples.items():
        if aid not in a:
            raise ValueError(f"samples: {aid!r} is not a declared assumption")
        if np.shape(values) != (draws,):
            raise ValueError(f"samples: {aid!r} has shape {np.shape(values)}, expected ({draws},)")
    return {**a, **{aid: np.asarray(v, dtype=float) for aid, v in samples.items()}}
