"""Budget allocation: split a yearly total across the funding levers to meet the most targets.

The score is the expected number of targets met, Σ P(met), or a weighted sum. With common random
numbers it is a deterministic step function of the split, so a derivative-free global optimiser
(``scipy.optimize.differential_evolution``) searches the simplex of splits, starting from the
scenario's own proportions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import differential_evolution

from ..engine import simulate
from ..extensions import component_sources
from ..progress import Progress
from ..result import Result
from ..scenario import Scenario
from .executors import prepare_worker, task_map


def funding_levers(scenario: Scenario) -> list[str]:
    """Levers the plan declares ``role: funding`` (money per year)."""
    return [lv.id for lv in scenario.plan.levers.values() if lv.role == "funding"]


def split(shares: np.ndarray, total: float, caps: np.ndarray) -> np.ndarray:
    """``total`` divided in proportion to ``shares``, no lever above its cap (the excess goes to
    the others in proportion, water-filling)."""
    shares = np.maximum(np.asarray(shares, dtype=float), 0)
    if shares.sum() <= 0:
        shares = np.ones_like(shares)
    out = np.zeros_like(shares)
    free = np.ones(len(shares), dtype=bool)
    left = float(total)
    for _ in range(len(shares)):
        w = np.where(free, shares, 0)
        if w.sum() <= 0:
            w = free.astype(float)
        give = left * w / w.sum()
        over = free & (out + give > caps)
        if not over.any():
            return out + give
        out[over] = caps[over]
        free &= ~over
        left = total - out.sum()
    return out


class _Score:
    """Expected (weighted) number of targets met for a split, evaluated with common draws."""

    def __init__(self, scenario: Scenario, levers: list[str], total: float,
                 weights: Mapping[tuple[str, int], float], draws: int, seed: int):
        self.scenario, self.levers, self.total = scenario, levers, total
        self.weights, self.draws, self.seed = dict(weights), draws, seed
        self.caps = np.array([scenario.plan.levers[lv].range[1] for lv in levers])
        self.sources = component_sources(scenario.plan)

    def allocation(self, shares: np.ndarray) -> dict[str, float]:
        return dict(zip(self.levers, split(shares, self.total, self.caps).tolist(), strict=True))

    def result(self, allocation: Mapping[str, float]) -> Result:
        return simulate(self.scenario.with_levers(**allocation), self.draws, self.seed)

    def score(self, res: Result) -> float:
        return sum(w * res.p_met(ind, yr, t) for ind, t in _targets(res)
                   for (i, yr), w in self.weights.items() if i == ind and yr == t.year)

    def __call__(self, shares: np.ndarray) -> float:
        prepare_worker(self.sources)
        return -self.score(self.result(self.allocation(shares)))


def _targets(res: Result):
    return [(ind.id, t) for ind, t in res.plan.targets()]


@dataclass(frozen=True)
class Allocation:
    """Result of :func:`allocate`: the best split found and what it buys against the scenario's
    own split scaled to the same total (``own``) and the scenario as it stands (``current``).

    ``table``: lever, current (mean over the simulated years), own, optimised (bn VND/yr).
    ``targets``: indicator, year, target, weight, p_current, p_own, p_optimised.
    """

    total: float
    optimised: dict[str, float]
    own: dict[str, float]
    score_optimised: float
    score_own: float
    score_current: float
    table: pd.DataFrame
    targets: pd.DataFrame
    evaluations: int

    def scenario(self, base: Scenario, name: str) -> Scenario:
        """``base`` with the optimised split (held over the plan period)."""
        return base.with_levers(**self.optimised).renamed(name)


def allocate(scenario: Scenario, total: float, *, levers: Sequence[str] | None = None,
             weights: Mapping[str | tuple[str, int], float] | None = None, draws: int = 300,
             seed: int = 0, maxiter: int = 15, popsize: int = 6,
             executor: Executor | None = None, progress: bool | None = None) -> Allocation:
    """Split ``total`` (bn VND/yr, held over the plan period) across ``levers`` (default: every
    funding lever) to maximise Σ weight × P(target met).

    ``weights`` maps an indicator id (all its targets) or (indicator, year) to a weight; default 1
    for every target. Evaluations: about popsize × len(levers) × (maxiter + 1), each one ensemble
    of ``draws``; ``executor`` (e.g. a process pool or a dask client's executor) evaluates each
    generation in parallel. ``progress``: a bar over the generations, in a notebook or on a
    terminal (None: where someone watches, once the call has lasted a second).
    """
    levers = list(levers or funding_levers(scenario))
    plan = scenario.plan
    for lv in levers:
        if lv not in plan.levers or plan.levers[lv].kind != "value":
            raise ValueError(f"{lv!r} is not a value lever of plan {plan.id!r}")
    caps = np.array([plan.levers[lv].range[1] for lv in levers])
    if not 0 <= total <= caps.sum():
        raise ValueError(f"total {total:g} must be within 0–{caps.sum():g} (the levers' upper limits)")
    w = _weights(scenario, weights)
    score = _Score(scenario, levers, total, w, draws, seed)
    years = plan.years[1:].astype(float)
    current = {lv: float(np.mean(scenario.lever_at(lv, years))) for lv in levers}
    own_shares = np.array([current[lv] for lv in levers])
    dim = len(levers)
    x0 = split(own_shares, 1.0, np.full(dim, np.inf))
    workers = task_map(executor) if executor is not None else 1
    with Progress(maxiter + 2, "allocate", progress) as bar:  # initial population, generations, end
        bar.update()  # counted when the first generation ends: the initial population is in it
        best = differential_evolution(score, [(0.0, 1.0)] * dim, x0=x0, seed=seed, maxiter=maxiter,
                                      popsize=popsize, polish=False, tol=0, init="sobol",
                                      updating="deferred" if executor is not None else "immediate",
                                      workers=workers, callback=lambda *_: bar.update())
        optimised = score.allocation(best.x)
        own = score.allocation(own_shares)
        res = {"current": simulate(scenario, draws, seed), "own": score.result(own),
               "optimised": score.result(optimised)}
        bar.update(bar.total - bar.done)
    if score.score(res["optimised"]) < score.score(res["own"]):  # the start point was best
        optimised, res["optimised"] = own, res["own"]
    table = pd.DataFrame({"lever": levers, "current": [current[lv] for lv in levers],
                          "own": [own[lv] for lv in levers],
                          "optimised": [optimised[lv] for lv in levers]})
    rows = [{"indicator": ind, "year": t.year, "target": t.label(), "weight": w.get((ind, t.year), 0.0),
             **{f"p_{k}": r.p_met(ind, t.year, t) for k, r in res.items()}}
            for ind, t in _targets(res["current"])]
    return Allocation(total, optimised, own, score.score(res["optimised"]), score.score(res["own"]),
                      score.score(res["current"]), table, pd.DataFrame(rows), int(best.nfev))


def _weights(scenario: Scenario, weights) -> dict[tuple[str, int], float]:
    targets = [(ind.id, t.year) for ind, t in scenario.plan.targets()]
    if weights is None:
        return dict.fromkeys(targets, 1.0)
    out = {}
    for key, value in weights.items():
        matched = [k for k in targets if k == key or k[0] == key]
        if not matched:
            raise ValueError(f"weights: {key!r} is not a target (indicator id or (indicator, year))")
        out.update(dict.fromkeys(matched, float(value)))
    return out
