"""Sensitivity of an indicator to the assumptions, for one year or every year.

- :func:`tornado`: one at a time, each assumption at a low and a high quantile of its
  distribution, the others at their central values.
- :func:`sobol`: first- and total-order Sobol indices with SALib (Saltelli sampling, Jansen/Sobol
  estimators; Saltelli et al. 2010, Comput. Phys. Commun. 181), per year from one set of runs.

Both evaluate the model at chosen assumption values (``simulate(..., samples=...)``), every
point a draw of one vectorised run, split into chunks over ``executor``. Counting noise is off by
default so the indices describe the assumptions, not the small-number noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from ..engine import simulate
from ..extensions import component_sources
from ..progress import Progress
from ..scenario import Scenario
from .executors import SerialExecutor, prepare_worker, run_tasks

CHUNK = 20_000  # model points per simulate call (memory: years × indicators × CHUNK floats)
PROGRESS_STEPS, PROGRESS_CHUNK = 8, 1000  # with a progress bar: ~8 calls of at least 1,000 points


def uncertain_parameters(scenario: Scenario) -> list[str]:
    """Ids of the scenario's assumptions that have a distribution (not fixed)."""
    return [a.id for a in scenario.effective_assumptions().values() if a.dist.type != "fixed"]


def _years(scenario: Scenario, year: int | Sequence[int] | None) -> list[int]:
    plan = scenario.plan
    if year is None:
        return list(range(plan.base_year + 1, plan.end_year + 1))
    years = [int(year)] if np.ndim(year) == 0 else [int(y) for y in year]
    for y in years:
        if not plan.base_year <= y <= plan.end_year:
            raise ValueError(f"year {y} is outside {plan.base_year}–{plan.end_year}")
    return years


def _chunk_task(scenario: Scenario, samples: dict[str, np.ndarray], seed: int, noise: bool,
                indicator: str, years: list[int], sources: tuple) -> np.ndarray:
    prepare_worker(sources)
    n = len(next(iter(samples.values())))
    res = simulate(scenario, n, seed, noise=noise, samples=samples)
    return np.stack([res.value(indicator, y) for y in years], axis=1)


def chunks(n: int, progress: Progress | None, noise: bool) -> int:
    """Model points per simulate call: :data:`CHUNK`, or fewer so a progress bar moves (only
    without counting noise, whose random draws depend on the chunks: the numbers never depend on
    whether a bar is shown)."""
    if progress is None or not progress.enabled or noise:
        return CHUNK
    return min(CHUNK, max(PROGRESS_CHUNK, -(-n // PROGRESS_STEPS)))


def evaluate(scenario: Scenario, indicator: str, years: list[int], points: dict[str, np.ndarray],
             *, seed: int = 0, noise: bool = False, executor: Executor | None = None,
             progress: Progress | None = None) -> np.ndarray:
    """``indicator`` in ``years`` at given assumption values (arrays of one length; the other
    assumptions at their central values): array [points, years]. ``progress`` advances by one
    per chunk of points (its total must count :func:`chunks`)."""
    if indicator not in scenario.plan.indicators:
        raise ValueError(f"unknown indicator {indicator!r}")
    n = len(next(iter(points.values())))
    central = {a.id: np.full(n, a.central) for a in scenario.effective_assumptions().values()}
    full = {**central, **{k: np.asarray(v, dtype=float) for k, v in points.items()}}
    sources = component_sources(scenario.plan)
    size = chunks(n, progress, noise)
    items = [(scenario, {k: v[i:i + size] for k, v in full.items()}, seed, noise, indicator, years,
              sources) for i in range(0, n, size)]
    if executor is None and n <= CHUNK:  # one pool-sized chunk: no pool to start
        executor = SerialExecutor()
    return np.concatenate(run_tasks(_chunk_task, items, executor, progress or False, "sensitivity"))


def tornado(scenario: Scenario, indicator: str, year: int | Sequence[int] | None = None, *,
            parameters: Sequence[str] | None = None, quantiles: tuple[float, float] = (0.05, 0.95),
            seed: int = 0, noise: bool = False, executor: Executor | None = None) -> pd.DataFrame:
    """One-at-a-time swings: rows indicator, year, parameter, low, high (parameter values at the
    ``quantiles`` of its distribution), value_low, value_high, base, swing (|high − low| in the
    indicator's unit), largest swing first within each year. ``year`` None: every year."""
    years = _years(scenario, year)
    assumptions = scenario.effective_assumptions()
    params = list(parameters or uncertain_parameters(scenario))
    k = len(params)
    points = {p: np.full(2 * k + 1, assumptions[p].central) for p in params}
    ends = {}
    for j, p in enumerate(params):
        a = assumptions[p]
        ends[p] = a.dist.ppf(np.asarray(quantiles, dtype=float), a.central)
        points[p][1 + 2 * j:3 + 2 * j] = ends[p]
    y = evaluate(scenario, indicator, years, points, seed=seed, noise=noise, executor=executor)
    rows = [{"indicator": indicator, "year": yr, "parameter": p, "low": ends[p][0], "high": ends[p][1],
             "value_low": y[1 + 2 * j, t], "value_high": y[2 + 2 * j, t], "base": y[0, t],
             "swing": abs(y[2 + 2 * j, t] - y[1 + 2 * j, t])}
            for t, yr in enumerate(years) for j, p in enumerate(params)]
    df = pd.DataFrame(rows)
    return df.sort_values(["year", "swing"], ascending=[True, False], ignore_index=True)


def sobol(scenario: Scenario, indicator: str, year: int | Sequence[int] | None = None, *,
          parameters: Sequence[str] | None = None, n: int = 256, seed: int = 0,
          noise: bool = False, conf_level: float = 0.95, num_resamples: int = 100,
          executor: Executor | None = None, progress: bool | None = None) -> pd.DataFrame:
    """Sobol indices of ``indicator`` per year: rows indicator, year, parameter, S1, S1_conf,
    ST, ST_conf (bootstrap ``conf_level`` half-widths), largest ST first within each year.

    ``n`` (a power of 2) base samples give n·(k + 2) model points for k parameters; each is drawn
    on the unit cube by SALib and mapped through the assumption's own distribution. A year where
    the indicator does not vary gets NaN indices. ``year`` None: every simulated year.
    ``progress``: a bar over sampling, runs and the analysis of each year, in a notebook or on a
    terminal (None: where someone watches, once the call has lasted a second).
    """
    years = _years(scenario, year)
    assumptions = scenario.effective_assumptions()
    params = list(parameters or uncertain_parameters(scenario))
    problem = {"num_vars": len(params), "names": params, "bounds": [[0.0, 1.0]] * len(params)}
    points_n = n * (len(params) + 2)
    with Progress(None, "sobol", progress) as bar:
        bar.total = 1 + -(-points_n // chunks(points_n, bar, noise)) + len(years)
        u = sobol_sample.sample(problem, n, calc_second_order=False, scramble=True, seed=seed)
        bar.update()
        points = {p: assumptions[p].dist.ppf(u[:, j], assumptions[p].central)
                  for j, p in enumerate(params)}
        y = evaluate(scenario, indicator, years, points, seed=seed, noise=noise, executor=executor,
                     progress=bar)
        frames = _indices(problem, params, indicator, years, y, conf_level, num_resamples, seed, bar)
    df = pd.concat(frames, ignore_index=True)
    return df.sort_values(["year", "ST"], ascending=[True, False], ignore_index=True)


def _indices(problem: dict, params: list[str], indicator: str, years: list[int], y: np.ndarray,
             conf_level: float, num_resamples: int, seed: int, bar: Progress) -> list[pd.DataFrame]:
    """SALib's analysis of each year's outputs (NaN where the indicator does not vary)."""
    frames = []
    for t, yr in enumerate(years):
        if np.ptp(y[:, t]) <= 1e-12 * max(1.0, abs(y[:, t]).max()):
            idx = {k: np.full(len(params), np.nan) for k in ("S1", "S1_conf", "ST", "ST_conf")}
        else:
            idx = sobol_analyze.analyze(problem, y[:, t], calc_second_order=False,
                                        num_resamples=num_resamples, conf_level=conf_level, seed=seed)
        frames.append(pd.DataFrame({"indicator": indicator, "year": yr, "parameter": params,
                                    **{k: np.asarray(idx[k]) for k in ("S1", "S1_conf", "ST", "ST_conf")}}))
        bar.update()
    return frames
