"""What each lever moves: every indicator with the lever at either end of its range.

Each lever is held at the low and at the high end of its declared range from the first year
after history (start-year levers: the earliest start and "not within the plan period"), all
other levers as in the scenario, with the same draws and seed (common random numbers), so the
difference is the lever's own effect. Goal-seek, the dashboard's hints and the handout's key
levers read this table instead of trusting declarations.
"""

from __future__ import annotations

from concurrent.futures import Executor

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .executors import SerialExecutor, simulate_many

COLUMNS = ["indicator", "lever", "year", "target", "value_low", "value_high", "p_met_low",
           "p_met_high", "median_low", "median_high"]
MIN_P_CHANGE = 0.10       # a lever "moves" a target when P(met) changes at least this much
MIN_MEDIAN_CHANGE = 0.05  # ... or its median by at least this share of the target value


def lever_effects(scenario: Scenario, year: int = 2030, draws: int = 1000, seed: int = 0, *,
                  levers: list[str] | None = None,
                  executor: Executor | None = None) -> pd.DataFrame:
    """Tidy table, one row per (indicator, lever): the lever's two end values, and the median and
    P(target met) of the indicator in ``year`` at each (P is NaN where the indicator has no
    target in ``year``). ``2 × len(levers)`` simulations of ``draws`` (serial unless an
    ``executor`` is given)."""
    plan = scenario.plan
    levers = list(levers or plan.levers)
    runs = [scenario.with_levers(**{lid: end}) for lid in levers for end in plan.levers[lid].range]
    results = simulate_many(runs, draws, seed, executor=executor or SerialExecutor())
    targets = {ind.id: t for ind, t in plan.targets() if t.year == year}
    rows = []
    for k, lid in enumerate(levers):
        low, high = results[2 * k], results[2 * k + 1]
        for ind in plan.indicators:
            t = targets.get(ind)
            lo_v, hi_v = low.value(ind, year), high.value(ind, year)
            rows.append({
                "indicator": ind, "lever": lid, "year": year,
                "target": np.nan if t is None else t.value,
                "value_low": plan.levers[lid].range[0], "value_high": plan.levers[lid].range[1],
                "p_met_low": np.nan if t is None else low.p_met(ind, year, t),
                "p_met_high": np.nan if t is None else high.p_met(ind, year, t),
                "median_low": float(np.median(lo_v)), "median_high": float(np.median(hi_v)),
            })
    return pd.DataFrame(rows, columns=COLUMNS)


def levers_moving_target(effects: pd.DataFrame, indicator: str) -> list[str]:
    """Levers that move ``indicator``'s target (P(met) by ≥ 0.10, or the median by ≥ 5 % of the
    target), strongest first; for an indicator without a target, any lever moving its median."""
    rows = effects[effects.indicator == indicator]
    dp = (rows.p_met_high - rows.p_met_low).abs().fillna(0.0)
    scale = rows.target.abs().where(rows.target.notna() & (rows.target != 0),
                                    rows[["median_low", "median_high"]].abs().max(axis=1))
    dm = ((rows.median_high - rows.median_low).abs() / scale.where(scale > 0, 1.0)).fillna(0.0)
    moving = rows[(dp >= MIN_P_CHANGE) | (dm >= MIN_MEDIAN_CHANGE)]
    order = (dp + dm)[moving.index].sort_values(ascending=False, kind="stable")
    return list(moving.loc[order.index, "lever"])
