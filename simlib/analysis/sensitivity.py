"""Sensitivity of indicators to the assumptions, in three steps (as SALib's ProblemSpec):

1. :func:`design` — where to run the model: assumption values per model point, either
   one at a time (``"tornado"``: each assumption at a low and a high quantile of its
   distribution, the others central) or Saltelli's sample for Sobol indices (``"sobol"``).
2. :func:`evaluate` — run the model at those points, every point a draw of one vectorised run,
   split into chunks over any ``concurrent.futures`` executor; each chunk keeps only the
   requested indicator-years, so one ensemble serves every indicator and year.
3. :func:`analyse` — swings (tornado) or first- and total-order Sobol indices (SALib, Jansen/Sobol
   estimators; Saltelli et al. 2010, Comput. Phys. Commun. 181) per indicator and year.

:func:`tornado` and :func:`sobol` do all three. Counting noise is off by default so the indices
describe the assumptions, not the small-number noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from scipy.stats import qmc

from ..engine import simulate
from ..extensions import component_sources
from ..progress import Progress
from ..scenario import Scenario
from .executors import SerialExecutor, prepare_worker, run_tasks

CHUNK = 50_000  # most model points per simulate call (memory: years × indicators × CHUNK floats)
PROGRESS_STEPS, PROGRESS_CHUNK = 8, 1000  # with a progress bar: ~8 calls of at least 1,000 points
ANALYSIS_WORK = 120_000  # base samples × parameters per analysis task: ~0.5 s of SALib bootstrap
INDEX_COLUMNS = ["indicator", "year", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
SWING_COLUMNS = ["indicator", "year", "parameter", "low", "high", "value_low", "value_high", "base",
                 "swing"]
Method = Literal["sobol", "tornado"]
Output = tuple[str, int]  # (indicator id, year)


def uncertain_parameters(scenario: Scenario) -> list[str]:
    """Ids of the scenario's assumptions that have a distribution (not fixed)."""
    return [a.id for a in scenario.effective_assumptions().values() if a.dist.type != "fixed"]


def targeted_indicators(scenario: Scenario) -> list[str]:
    """Ids of the plan's indicators that carry at least one target, in plan order."""
    return [ind.id for ind in scenario.plan.indicators.values() if ind.targets]


@dataclass(frozen=True)
class Rows:
    """Model points ``lo``–``hi`` of a design, as a worker receives them: for Sobol, the base
    samples they are built from (rows ``first``… of Saltelli's A and B halves on the unit cube,
    a few kB), else the parameter values themselves."""

    parameters: tuple[str, ...]
    lo: int
    hi: int
    first: int = 0
    a: np.ndarray | None = None
    b: np.ndarray | None = None
    values: dict[str, np.ndarray] | None = None

    def unit(self) -> np.ndarray:
        """Saltelli's sample (SALib's order, without second order) for these rows: [rows, k].
        Base sample i gives k + 2 rows: A_i, A_i with column j from B_i (j = 1…k), B_i."""
        k = len(self.parameters)
        r = np.arange(self.lo, self.hi)
        i, m = r // (k + 2) - self.first, r % (k + 2)
        u = self.a[i].copy()
        mixed = (m >= 1) & (m <= k)
        u[mixed, m[mixed] - 1] = self.b[i[mixed], m[mixed] - 1]
        last = m == k + 1
        u[last] = self.b[i[last]]
        return u

    def samples(self, scenario: Scenario) -> dict[str, np.ndarray]:
        """Every assumption's value at these points: the parameters' (mapped through their own
        distributions), the others central."""
        assumptions = scenario.effective_assumptions()
        n = self.hi - self.lo
        out = {a.id: np.full(n, a.central) for a in assumptions.values()}
        if self.values is not None:
            out.update({p: np.asarray(v, dtype=float) for p, v in self.values.items()})
            return out
        u = self.unit()
        for j, p in enumerate(self.parameters):
            out[p] = assumptions[p].dist.ppf(u[:, j], assumptions[p].central)
        return out


@dataclass(frozen=True, eq=False)
class Design:
    """Step 1: the model points of a sensitivity study, one assumption value per parameter per
    point; the other assumptions stay at their central values.

    ``"sobol"``: ``n`` base samples (scrambled Sobol' sequence, as ``SALib.sample.sobol``) give
    n·(k + 2) points for k parameters, held as the two halves ``a``, ``b`` [n, k] of the unit
    sample and built chunk by chunk where they run. ``"tornado"``: point 0 is all-central and
    points 1 + 2j, 2 + 2j are parameter j at its ``quantiles`` (``values``).
    """

    scenario: Scenario
    method: Method
    parameters: tuple[str, ...]
    seed: int
    n: int = 0
    quantiles: tuple[float, float] = (0.05, 0.95)
    a: np.ndarray | None = None
    b: np.ndarray | None = None
    values: dict[str, np.ndarray] | None = None

    @property
    def size(self) -> int:
        """Number of model points."""
        if self.values is not None:
            return 2 * len(self.parameters) + 1
        return self.n * (len(self.parameters) + 2)

    @property
    def problem(self) -> dict:
        """SALib's problem dict: the parameters on the unit cube (mapped through their own
        distributions when the points are made)."""
        k = len(self.parameters)
        return {"num_vars": k, "names": list(self.parameters), "bounds": [[0.0, 1.0]] * k}

    def rows(self, lo: int, hi: int) -> Rows:
        """Points ``lo``–``hi`` (exclusive) in the compact form a worker receives."""
        if self.values is not None:
            return Rows(self.parameters, lo, hi, values={p: v[lo:hi] for p, v in self.values.items()})
        k = len(self.parameters)
        first, last = lo // (k + 2), -(-hi // (k + 2))
        return Rows(self.parameters, lo, hi, first, self.a[first:last], self.b[first:last])

    @cached_property
    def points(self) -> dict[str, np.ndarray]:
        """Every parameter's value at every point (computed on first use)."""
        if self.values is not None:
            return self.values
        return {p: v for p, v in self.rows(0, self.size).samples(self.scenario).items()
                if p in self.parameters}


def design(scenario: Scenario, method: Method = "sobol", *, parameters: Sequence[str] | None = None,
           n: int = 256, seed: int = 0, quantiles: tuple[float, float] = (0.05, 0.95)) -> Design:
    """Step 1: the model points for ``method`` over ``parameters`` (default: every uncertain
    assumption). ``n`` (a power of 2): Sobol base samples; ``quantiles``: tornado ends."""
    assumptions = scenario.effective_assumptions()
    params = tuple(parameters or uncertain_parameters(scenario))
    unknown = [p for p in params if p not in assumptions]
    if unknown:
        raise ValueError(f"unknown assumption(s) {', '.join(unknown)}")
    k = len(params)
    if method == "tornado":
        values = {p: np.full(2 * k + 1, assumptions[p].central) for p in params}
        for j, p in enumerate(params):
            values[p][1 + 2 * j:3 + 2 * j] = assumptions[p].dist.ppf(np.asarray(quantiles, dtype=float),
                                                                      assumptions[p].central)
        return Design(scenario, method, params, seed, 0, tuple(quantiles), values=values)
    if method != "sobol":
        raise ValueError(f"method must be 'sobol' or 'tornado', got {method!r}")
    base = qmc.Sobol(d=2 * k, scramble=True, seed=seed).random(n)  # as SALib.sample.sobol
    return Design(scenario, method, params, seed, n, tuple(quantiles), a=base[:, :k], b=base[:, k:])


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Step 2: the model at a design's points. ``y[i, j]`` is output ``outputs[j]`` (indicator,
    year) at point i, in the indicator's unit (float32 for Sobol designs: the indices' bootstrap
    intervals are wider than its rounding by many orders of magnitude)."""

    design: Design
    outputs: tuple[Output, ...]
    y: np.ndarray

    def column(self, indicator: str, year: int) -> np.ndarray:
        """The model values of ``indicator`` in ``year`` at every point."""
        return self.y[:, self.outputs.index((indicator, int(year)))]


def _indicators(scenario: Scenario, indicator: str | Sequence[str] | None) -> list[str]:
    if indicator is None:
        return targeted_indicators(scenario)
    ids = [indicator] if isinstance(indicator, str) else list(indicator)
    for i in ids:
        if i not in scenario.plan.indicators:
            raise ValueError(f"unknown indicator {i!r}")
    return ids


def _years(scenario: Scenario, year: int | Sequence[int] | None) -> list[int]:
    plan = scenario.plan
    if year is None:
        return list(range(plan.base_year + 1, plan.end_year + 1))
    years = [int(year)] if np.ndim(year) == 0 else [int(y) for y in year]
    for y in years:
        if not plan.base_year <= y <= plan.end_year:
            raise ValueError(f"year {y} is outside {plan.base_year}–{plan.end_year}")
    return years


def _chunk_task(scenario: Scenario, rows: Rows, seed: int, noise: bool, outputs: tuple[Output, ...],
                dtype: str, sources: tuple) -> np.ndarray:
    """Build one chunk of points and simulate it in a worker, keeping only ``outputs``:
    [points, outputs]."""
    prepare_worker(sources)
    res = simulate(scenario, rows.hi - rows.lo, seed, noise=noise, samples=rows.samples(scenario))
    return np.stack([res.value(ind, y) for ind, y in outputs], axis=1).astype(dtype)


def chunks(n: int, progress: Progress | None, noise: bool) -> int:
    """Model points per simulate call: ``n`` split into equal chunks of at most :data:`CHUNK`
    (so workers get equal shares), or fewer points so a progress bar moves (only without counting
    noise, whose random draws depend on the chunks: the numbers never depend on whether a bar is
    shown)."""
    even = -(-n // max(1, -(-n // CHUNK)))
    if progress is None or not progress.enabled or noise:
        return even
    return min(even, max(PROGRESS_CHUNK, -(-n // PROGRESS_STEPS)))


def analysis_batch(plan_design: Design) -> int:
    """Outputs per analysis task: about :data:`ANALYSIS_WORK` of bootstrap work each (one
    output a task at n = 4,096 with 60 parameters)."""
    return max(1, -(-ANALYSIS_WORK // max(1, plan_design.n * len(plan_design.parameters))))


def evaluate(plan_design: Design, indicator: str | Sequence[str] | None = None,
             year: int | Sequence[int] | None = None, *, noise: bool = False,
             executor: Executor | None = None, progress: Progress | bool | None = None) -> Evaluation:
    """Step 2: run the model at ``plan_design``'s points and keep ``indicator`` (one id, a list,
    or None: every targeted indicator) in ``year`` (one, a list, or None: every simulated year).

    Points go to ``executor`` in chunks of :data:`CHUNK`; each worker returns only the requested
    outputs (4 bytes a value for Sobol designs), never whole results. ``progress``: a bar of its
    own (True/None as in :func:`sobol`) or a larger job's bar advanced once per chunk.
    """
    sc = plan_design.scenario
    outputs = tuple((ind, y) for ind in _indicators(sc, indicator) for y in _years(sc, year))
    n = plan_design.size
    dtype = "float32" if plan_design.method == "sobol" else "float64"
    sources = component_sources(sc.plan)
    own = not isinstance(progress, Progress)
    bar = Progress(None, "sensitivity", progress) if own else progress
    try:
        size = chunks(n, bar, noise)
        items = [(sc, plan_design.rows(i, min(i + size, n)), plan_design.seed, noise, outputs, dtype,
                  sources) for i in range(0, n, size)]
        if own:
            bar.total = len(items)
        if executor is None and len(items) <= 1:  # one pool-sized chunk: no pool to start
            executor = SerialExecutor()
        y = np.concatenate(run_tasks(_chunk_task, items, executor, bar, "sensitivity"))
    finally:
        if own:
            bar.close()
    return Evaluation(plan_design, outputs, y)


def _sobol_task(problem: dict, outputs: Sequence[Output], y: np.ndarray, conf_level: float,
                num_resamples: int, seed: int) -> pd.DataFrame:
    """SALib's analysis of some outputs' columns (NaN where an output does not vary)."""
    frames = []
    for (ind, yr), col in zip(outputs, np.asarray(y, dtype=float).T, strict=True):
        if np.ptp(col) <= 1e-12 * max(1.0, np.abs(col).max()):
            idx = {k: np.full(problem["num_vars"], np.nan) for k in INDEX_COLUMNS[3:]}
        else:
            idx = sobol_analyze.analyze(problem, col, calc_second_order=False,
                                        num_resamples=num_resamples, conf_level=conf_level, seed=seed)
        frames.append(pd.DataFrame({"indicator": ind, "year": yr, "parameter": problem["names"],
                                    **{k: np.asarray(idx[k]) for k in INDEX_COLUMNS[3:]}}))
    return pd.concat(frames, ignore_index=True)


def _swings(ev: Evaluation) -> pd.DataFrame:
    d = ev.design
    rows = []
    for j, (ind, yr) in enumerate(ev.outputs):
        y = ev.y[:, j]
        for k, p in enumerate(d.parameters):
            lo, hi = d.points[p][1 + 2 * k], d.points[p][2 + 2 * k]
            rows.append((ind, yr, p, lo, hi, y[1 + 2 * k], y[2 + 2 * k], y[0],
                         abs(y[2 + 2 * k] - y[1 + 2 * k])))
    return pd.DataFrame(rows, columns=SWING_COLUMNS)


def analyse(ev: Evaluation, *, conf_level: float = 0.95, num_resamples: int = 100,
            executor: Executor | None = None, progress: Progress | bool | None = None) -> pd.DataFrame:
    """Step 3: a tidy table per indicator, year and parameter, most influential first within
    each indicator-year.

    Sobol designs: S1, S1_conf, ST, ST_conf (bootstrap ``conf_level`` half-widths; NaN where
    the output does not vary), analysed in batches of :func:`analysis_batch` outputs on
    ``executor`` (serial by default). Tornado designs: low, high (parameter values),
    value_low, value_high, base, swing (|value_high − value_low| in the indicator's unit).
    """
    d = ev.design
    order = {ind: i for i, ind in enumerate(dict.fromkeys(ind for ind, _ in ev.outputs))}
    if d.method == "tornado":
        df, key = _swings(ev), "swing"
    else:
        step = analysis_batch(d)
        items = [(d.problem, ev.outputs[i:i + step], ev.y[:, i:i + step], conf_level, num_resamples,
                  d.seed) for i in range(0, len(ev.outputs), step)]
        parts = run_tasks(_sobol_task, items, executor or SerialExecutor(), progress, "sobol")
        df, key = pd.concat(parts, ignore_index=True), "ST"
    df = df.assign(_order=df.indicator.map(order))
    df = df.sort_values(["_order", "year", key], ascending=[True, True, False], ignore_index=True)
    return df.drop(columns="_order")


def tornado(scenario: Scenario, indicator: str | Sequence[str] | None,
            year: int | Sequence[int] | None = None, *, parameters: Sequence[str] | None = None,
            quantiles: tuple[float, float] = (0.05, 0.95), seed: int = 0, noise: bool = False,
            executor: Executor | None = None) -> pd.DataFrame:
    """One-at-a-time swings of ``indicator`` (an id, a list, or None: every targeted one) in
    ``year`` (None: every year): rows indicator, year, parameter, low, high (parameter values
    at the ``quantiles`` of its distribution), value_low, value_high, base, swing (in the
    indicator's unit), largest swing first within each indicator-year."""
    d = design(scenario, "tornado", parameters=parameters, seed=seed, quantiles=quantiles)
    return analyse(evaluate(d, indicator, year, noise=noise, executor=executor, progress=False))


def sobol(scenario: Scenario, indicator: str | Sequence[str] | None, year: int | Sequence[int] | None = None,
          *, parameters: Sequence[str] | None = None, n: int = 256, seed: int = 0,
          noise: bool = False, conf_level: float = 0.95, num_resamples: int = 100,
          executor: Executor | None = None, progress: bool | None = None) -> pd.DataFrame:
    """Sobol indices of ``indicator`` (an id, a list, or None: every targeted indicator) per
    year, from one ensemble: rows indicator, year, parameter, S1, S1_conf, ST, ST_conf
    (bootstrap ``conf_level`` half-widths), largest ST first within each indicator-year.

    ``n`` (a power of 2) base samples give n·(k + 2) model points for k parameters; each is drawn
    on the unit cube by SALib and mapped through the assumption's own distribution. An output
    that does not vary gets NaN indices. ``year`` None: every simulated year. ``executor`` runs
    both the model chunks and the analysis batches. ``progress``: a bar over sampling, runs and
    analysis, in a notebook or on a terminal (None: where someone watches, after a second).
    """
    with Progress(None, "sobol", progress) as bar:
        d = design(scenario, "sobol", parameters=parameters, n=n, seed=seed)
        n_outputs = len(_indicators(scenario, indicator)) * len(_years(scenario, year))
        bar.total = 1 + -(-d.size // chunks(d.size, bar, noise)) + -(-n_outputs // analysis_batch(d))
        bar.update()
        ev = evaluate(d, indicator, year, noise=noise, executor=executor, progress=bar)
        return analyse(ev, conf_level=conf_level, num_resamples=num_resamples, executor=executor,
                       progress=bar)
