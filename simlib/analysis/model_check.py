"""The model check: how well the model reproduces what was observed, as data (:class:`ModelCheck`);
:mod:`simlib.analysis.model_check_page` renders it as the validation page.

Every series observed more than once is hindcast from its first observation (business-as-usual
levers; central run and the 5–95 % band of an ensemble) and set against each later observation.
Single observations only set a starting point; context series are listed with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..result import BANDS, Result, quantiles
from ..scenario import Scenario
from ..schema import Plan
from ..validation import Hindcast, hindcast, series_start

DRAWS, SEED = 1000, 1


@dataclass(frozen=True)
class ModelCheck:
    """What :func:`model_check` found; numbers in each indicator's unit.

    ``checks``: indicator, start_year, year, observed, central, median, p05, p95, error
    (central − observed), relative_error (error / |observed|), inside (p05 ≤ observed ≤ p95),
    source, confidence. ``starts``: indicator, start_year, observed, model (central start
    value), start (``observation``, ``carried`` or ``assumptions``: where the model's start value
    comes from), from_year. ``single``: series with nothing to check (indicator, year, observed,
    start, source, confidence). ``carried``: start values carried from another year (start_year,
    indicator, value, from_year, source). ``context``: observed-only series (id, relates_to,
    year, value, source, confidence).
    """

    plan: Plan
    checks: pd.DataFrame
    starts: pd.DataFrame
    single: pd.DataFrame
    carried: pd.DataFrame
    context: pd.DataFrame
    draws: int
    seed: int

    @property
    def inside(self) -> int:
        """How many later observations fall inside the 5–95 % band."""
        return int(self.checks.inside.sum())


def _how(h: Hindcast, indicator: str) -> tuple[str, int | None]:
    """Where the hindcast's start value of ``indicator`` comes from, and the observation's year."""
    v = h.reads(indicator)
    if v is None:
        return "assumptions", None
    return ("carried" if v.carried else "observation"), v.from_year


def model_check(plan_or_scenario: Plan | Scenario, draws: int = DRAWS, seed: int = SEED) -> ModelCheck:
    """Hindcast every series with observations after its start (see
    :func:`simlib.validation.series_start`) and compare; a plan is run with business-as-usual
    levers (no lever or assumption overrides). Observations after the end year are left out."""
    sc = (plan_or_scenario if isinstance(plan_or_scenario, Scenario)
          else Scenario(name="business-as-usual", plan=plan_or_scenario))
    plan = sc.plan
    checks, starts, single, carried = [], [], [], {}
    hindcasts: dict[int, Hindcast] = {}
    runs: dict[int, tuple[Result, Result]] = {}  # start year → central run, ensemble
    for ind in plan.indicators.values():
        obs = sorted((o for o in ind.observed if o.year <= plan.end_year), key=lambda o: o.year)
        if not obs:
            continue
        start = series_start(plan, [o.year for o in obs])
        if start not in hindcasts:
            hindcasts[start] = hindcast(sc, start)
        h = hindcasts[start]
        how, from_year = _how(h, ind.id)
        later = [o for o in obs if o.year > start]
        if not later:
            single += [{"indicator": ind.id, "year": o.year, "observed": o.value, "start": how,
                        "source": o.source, "confidence": o.confidence} for o in obs]
            continue
        if start not in runs:
            runs[start] = (h.simulate(1), h.simulate(draws, seed))
            carried.update({(start, v.indicator): v for v in h.carried})
        central, ensemble = runs[start]
        starts.append({"indicator": ind.id, "start_year": start,
                       "observed": obs[0].value if obs[0].year == start else np.nan,
                       "model": float(central.value(ind.id, start)[0]), "start": how,
                       "from_year": from_year})
        for o in later:
            p05, median, p95 = quantiles(ensemble.value(ind.id, o.year), BANDS)
            c = float(central.value(ind.id, o.year)[0])
            checks.append({"indicator": ind.id, "start_year": start, "year": o.year,
                           "observed": o.value, "central": c, "median": median, "p05": p05,
                           "p95": p95, "error": c - o.value,
                           "relative_error": (c - o.value) / abs(o.value) if o.value else np.nan,
                           "inside": bool(p05 <= o.value <= p95), "source": o.source,
                           "confidence": o.confidence})
    context = [{"id": c.id, "relates_to": c.relates_to, "year": o.year, "value": o.value,
                "source": o.source, "confidence": o.confidence}
               for c in plan.context for o in c.observed]
    carried_rows = [{"start_year": y, "indicator": v.indicator, "value": v.value,
                     "from_year": v.from_year, "source": v.source}
                    for (y, _), v in sorted(carried.items(), key=lambda kv: kv[0][0])]
    cols = {
        "checks": ["indicator", "start_year", "year", "observed", "central", "median", "p05", "p95",
                   "error", "relative_error", "inside", "source", "confidence"],
        "starts": ["indicator", "start_year", "observed", "model", "start", "from_year"],
        "single": ["indicator", "year", "observed", "start", "source", "confidence"],
        "carried": ["start_year", "indicator", "value", "from_year", "source"],
        "context": ["id", "relates_to", "year", "value", "source", "confidence"],
    }
    return ModelCheck(plan, *(pd.DataFrame(rows, columns=cols[k]) for k, rows in (
        ("checks", checks), ("starts", starts), ("single", single), ("carried", carried_rows),
        ("context", context))), draws=int(draws), seed=int(seed))
