"""Calibration: fit chosen assumptions to observed values with ``scipy.optimize.least_squares``.

Observations are reached by hindcasts (:mod:`simlib.validation`): each series is run from its
first observation (or from the base year when all of them are later), so the observations after
it can be fitted; the one at the start is the run's starting point, not data to fit.

Honest about small data: every observation's residual is reported; standard errors come from the
Jacobian at the fit; a parameter is *not identified*, left at its prior and not written out, when
the observations do not move with it, when it is confounded with others, or when its standard
error is no smaller than the spread of its prior. The fit is then repeated without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from ..engine import simulate
from ..progress import Progress
from ..scenario import Scenario
from ..schema import Plan
from ..storage import save_scenario
from ..validation import Hindcast, hindcast, series_start
from .executors import call_many

PRIOR_SD_UNIT = 1 / np.sqrt(12)  # sd of a uniform prior on [0, 1]: the spread data must beat
CONDITION_LIMIT = 1e6            # singular values below s_max / CONDITION_LIMIT: confounded
FLAT = 1e-8                      # residual change over the whole prior range: no information
STEP = 1e-4                      # finite-difference step, as a share of the prior range
_FLAT_NOTE = "the observations do not depend on it"


def observed_table(plan: Plan) -> pd.DataFrame:
    """The plan's observations: indicator, year, value, source, confidence."""
    rows = [{"indicator": ind.id, "year": o.year, "value": o.value, "source": o.source,
             "confidence": o.confidence} for ind in plan.indicators.values() for o in ind.observed]
    return pd.DataFrame(rows, columns=["indicator", "year", "value", "source", "confidence"])


@dataclass(frozen=True)
class Calibration:
    """Result of :func:`calibrate`.

    ``parameters``: parameter, prior, low, high, estimate (NaN when not identified), std_error,
    identified, note. ``residuals``: indicator, start_year (of its run), year, observed, sd,
    prior_fit, fitted, residual (observed − fitted). ``excluded``: observations not fitted, with
    the reason (a run's starting point, a start value carried to another year, before the start
    year or after the end year). ``starts``: the observations the runs start from (start_year,
    indicator, value, from_year, carried: taken from another year, source).
    """

    parameters: pd.DataFrame
    residuals: pd.DataFrame
    excluded: pd.DataFrame
    correlation: pd.DataFrame
    chi2: float
    dof: int
    message: str
    starts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["start_year", "indicator", "value", "from_year", "carried", "source"]))

    def estimates(self) -> dict[str, float]:
        """Identified parameters and their fitted values."""
        ok = self.parameters[self.parameters.identified]
        return dict(zip(ok.parameter, ok.estimate.astype(float), strict=True))

    def scenario(self, base: Scenario, name: str, uncertainty: bool = False) -> Scenario:
        """``base`` with the identified estimates as assumption overrides: fixed values, or with
        ``uncertainty`` normal distributions (mean = estimate, sd = standard error)."""
        values: dict[str, object] = {}
        for row in self.parameters[self.parameters.identified].itertuples():
            values[row.parameter] = ({"type": "normal", "mean": row.estimate, "sd": row.std_error}
                                     if uncertainty else row.estimate)
        return base.with_assumptions(**values).renamed(name)

    def save_scenario(self, base: Scenario, path: str | Path, uncertainty: bool = False,
                      overwrite: bool = False) -> Path:
        """Write :meth:`scenario` as ``NAME.yaml`` in ``path``'s folder, NAME being ``path``'s stem,
        with :func:`simlib.storage.save_scenario` (atomic; never overwrites unless asked; keeps
        the previous file as a numbered backup)."""
        path = Path(path)
        return save_scenario(self.scenario(base, path.stem, uncertainty), path.stem, path.parent,
                             overwrite=overwrite)


class _Model:
    """Weighted residuals (observed − model)/sd at parameters z in [0, 1] (scaled to the prior);
    each observation is read from the hindcast starting at its ``start_year``."""

    def __init__(self, scenario: Scenario, params: list[str], obs: pd.DataFrame, seed: int,
                 runs: dict[int, Hindcast], bar: Progress | None = None):
        self.bar = bar
        self.assumptions = scenario.effective_assumptions()
        self.scenario, self.params, self.obs, self.seed, self.runs = scenario, params, obs, seed, runs
        self.low = np.array([_prior_bounds(self.assumptions[p])[0] for p in params])
        self.high = np.array([_prior_bounds(self.assumptions[p])[1] for p in params])
        self.sd = obs.sd.to_numpy(dtype=float)

    def prior_z(self) -> np.ndarray:
        """The central values of the parameters, scaled to [0, 1]."""
        central = np.array([self.assumptions[p].central for p in self.params])
        return np.clip((central - self.low) / (self.high - self.low), 0, 1)

    def x(self, z: np.ndarray) -> np.ndarray:
        return self.low + np.asarray(z) * (self.high - self.low)

    def fitted_many(self, z: np.ndarray) -> np.ndarray:
        """Model values at the observations for each row of ``z``: one vectorised run."""
        x = self.x(np.atleast_2d(z))
        n = len(x)
        samples = {a.id: np.full(n, a.central) for a in self.assumptions.values()}
        samples.update({p: x[:, j] for j, p in enumerate(self.params)})
        out = np.empty((n, len(self.obs)))
        for start, rows in self.obs.groupby("start_year").groups.items():
            res = simulate(self.runs[start].scenario, n, self.seed, noise=False, samples=samples)
            for k in rows:
                out[:, k] = res.value(self.obs.indicator[k], self.obs.year[k])
        if self.bar is not None:
            self.bar.update()
        return out

    def fitted(self, z: np.ndarray) -> np.ndarray:
        return self.fitted_many(z)[0]

    def __call__(self, z: np.ndarray) -> np.ndarray:
        return (self.obs.value.to_numpy() - self.fitted(z)) / self.sd

    def jac(self, z: np.ndarray) -> np.ndarray:
        """d residual / dz by one-sided differences (inward at the bounds), all in one run."""
        h = np.where(z + STEP <= 1, STEP, -STEP)
        f = self.fitted_many(np.vstack([z, z + np.diag(h)]))
        return -((f[1:] - f[0]).T / h) / self.sd[:, None]


def _prior_bounds(a) -> tuple[float, float]:
    """Where the fit may look: the support of a bounded distribution, else the declared range."""
    lo, hi = a.dist.support()
    return (float(lo), float(hi)) if np.isfinite([lo, hi]).all() and hi > lo else a.range


def calibrate(scenario: Scenario, parameters: Sequence[str], observations: pd.DataFrame | None = None,
              *, relative_sd: float = 0.1, seed: int = 0, start_year: int | None = None,
              progress: bool | None = None) -> Calibration:
    """Fit ``parameters`` (assumption ids) so the central run matches ``observations``.

    ``observations`` has columns indicator, year, value and optionally sd (same unit as the
    indicator); default: the plan's observed values, with sd = ``relative_sd`` × |value|.
    Each indicator's observations are read from a hindcast (:func:`simlib.validation.hindcast`)
    started at ``start_year`` or, by default, at the indicator's earliest observation (the base
    year when all are later). An observation at its run's start year is the starting point and
    is not fitted, nor is one carried to a start year as a start value; those before the start
    year or after the end year cannot be; all are listed in ``excluded`` with the reason. Runs
    are deterministic (central values, no counting noise); levers are the scenario's (business as
    usual through the plan's history). ``progress``: a count of model runs, in a notebook or on
    a terminal (None: where someone watches, once the call has lasted a second).
    """
    plan = scenario.plan
    assumptions = scenario.effective_assumptions()
    unknown = [p for p in parameters if p not in assumptions]
    if unknown:
        raise ValueError(f"unknown assumption(s): {', '.join(unknown)}")
    obs = observed_table(plan) if observations is None else observations.copy()
    bad = sorted(set(obs.indicator) - set(plan.indicators))
    if bad:
        raise ValueError(f"observations of undeclared indicator(s): {', '.join(bad)}")
    if start_year is not None and not 1990 <= start_year <= plan.base_year:
        raise ValueError(f"start year {start_year} must be 1990–{plan.base_year} (the base year)")
    if "sd" not in obs:
        obs["sd"] = relative_sd * obs.value.abs().clip(lower=1e-9)
    obs["year"] = obs.year.astype(int)
    obs["start_year"] = (int(start_year) if start_year is not None else obs.groupby("indicator").year
                         .transform(lambda years: series_start(plan, list(years))))
    later = obs.year.between(obs.start_year + 1, plan.end_year)
    runs = {int(y): hindcast(scenario, y) for y in sorted(set(obs.start_year[later]))}
    starts = [v for h in runs.values() for v in h.start_values]
    used = {(v.year, v.indicator, v.from_year) for v in starts if v.carried}
    obs["reason"] = [_excluded(r, plan.end_year, used) for r in obs.itertuples()]
    excluded = obs[obs.reason != ""].drop(columns="start_year")
    obs = obs[obs.reason == ""].drop(columns="reason").reset_index(drop=True)
    free, notes = list(parameters), {}
    with Progress(None, "calibrate: runs", progress) as bar:
        while True:
            fit = _fit(scenario, free, obs, seed, runs, bar) if free and len(obs) else None
            dropped = (_unidentified(fit, free, len(obs)) if fit
                       else {p: _no_data(len(obs)) for p in free})
            notes.update(dropped)
            if not dropped or not free:
                break
            free = [p for p in free if p not in dropped]
    starts_table = pd.DataFrame([{"start_year": v.year, "indicator": v.indicator, "value": v.value,
                                  "from_year": v.from_year, "carried": v.carried, "source": v.source}
                                 for v in starts],
                                columns=["start_year", "indicator", "value", "from_year", "carried",
                                         "source"]).astype({"carried": bool})
    return _report(scenario, list(parameters), free, fit, obs, excluded, notes, assumptions, seed,
                   runs, starts_table)


def _excluded(row, end_year: int, carried: set[tuple[int, str, int]]) -> str:
    """Why an observation is not fitted ('' when it is)."""
    if row.year < row.start_year:
        return f"before the start year {row.start_year}"
    if row.year == row.start_year:
        return f"the starting point of the run from {row.start_year}"
    if row.year > end_year:
        return f"after the end year {end_year}"
    if (row.start_year, row.indicator, row.year) in carried:
        return f"carried to {row.start_year} as the start value of its run"
    return ""


def _no_data(n_obs: int) -> str:
    return "no observations after the start of their runs" if n_obs == 0 else "not identified"


def _fit(scenario: Scenario, params: list[str], obs: pd.DataFrame, seed: int,
         runs: dict[int, Hindcast], bar: Progress | None = None) -> dict:
    model = _Model(scenario, params, obs, seed, runs, bar)
    z0 = model.prior_z()
    jac = model.jac(z0)
    if (np.linalg.norm(jac, axis=0) < FLAT).any():  # drop those first: they would only slow the fit
        return {"model": model, "z": z0, "jac": jac}
    sol = least_squares(model, z0, jac=model.jac, bounds=(0, 1), x_scale=1.0)
    return {"model": model, "z": sol.x, "jac": sol.jac}


def _unidentified(fit: dict, params: list[str], n_obs: int) -> dict[str, str]:
    """Parameters the observations cannot pin down, with the reason."""
    jac = fit["jac"]
    norms = np.linalg.norm(jac, axis=0)
    flat = {p: _FLAT_NOTE for j, p in enumerate(params) if norms[j] < FLAT}
    if flat:
        return flat
    if n_obs < len(params):  # too few points: keep the most influential, one per observation
        keep = set(np.argsort(-norms)[:n_obs])
        return {p: f"{n_obs} observation(s) cannot identify {len(params)} parameters"
                for j, p in enumerate(params) if j not in keep}
    _, s, vt = np.linalg.svd(jac, full_matrices=False)
    weak = s < s[0] / CONDITION_LIMIT
    if weak.any():
        involved = np.abs(vt[weak]).max(axis=0) > 0.1
        names = [p for j, p in enumerate(params) if involved[j]]
        return {p: "confounded with " + ", ".join(n for n in names if n != p) for p in names}
    se = np.sqrt(np.diag(np.linalg.inv(jac.T @ jac)))
    return {p: "the data narrow it no more than its prior range" for j, p in enumerate(params)
            if se[j] >= PRIOR_SD_UNIT}


def _report(scenario, params, free, fit, obs, excluded, notes, assumptions, seed, runs,
            starts) -> Calibration:
    model = fit["model"] if fit and free else _Model(scenario, free, obs, seed, runs)
    z = fit["z"] if fit and free else np.zeros(0)
    jac = fit["jac"] if fit and free else np.zeros((len(obs), 0))
    cov_z = np.linalg.inv(jac.T @ jac) if free else np.zeros((0, 0))
    scale = model.high - model.low
    se = np.sqrt(np.diag(cov_z)) * scale
    x = model.x(z)
    held = _held_alongside(scenario, params, free, obs, seed, runs, notes)
    rows = []
    for p in params:
        a = assumptions[p]
        lo, hi = _prior_bounds(a)
        j = free.index(p) if p in free else None
        rows.append({"parameter": p, "prior": a.central, "low": lo, "high": hi,
                     "estimate": x[j] if j is not None else np.nan,
                     "std_error": se[j] if j is not None else np.nan,
                     "identified": j is not None,
                     "note": (_fitted_note(z[j], held.get(p, [])) if j is not None
                              else notes.get(p, "not identified"))})
    fitted = model.fitted(z) if len(obs) else np.zeros(0)
    prior_fit = _Model(scenario, [], obs, seed, runs).fitted(np.zeros(0)) if len(obs) else np.zeros(0)
    residuals = pd.DataFrame({"indicator": obs.indicator, "start_year": obs.start_year,
                              "year": obs.year, "observed": obs.value, "sd": obs.sd,
                              "prior_fit": prior_fit, "fitted": fitted,
                              "residual": obs.value - fitted})
    d = np.sqrt(np.diag(cov_z)) if free else np.ones(0)
    corr = pd.DataFrame(cov_z / np.outer(d, d) if free else np.zeros((0, 0)), index=free, columns=free)
    chi2 = float(np.sum((residuals.residual / residuals.sd) ** 2))
    dof = len(obs) - len(free)
    carried = starts[starts.carried]
    message = (f"{len(free)} of {len(params)} parameter(s) identified from {len(obs)} observation(s)"
               f" ({len(excluded)} not fitted: starting points or outside the runs); runs start at "
               f"{', '.join(map(str, runs)) or '–'}"
               + (f"; {len(carried)} start value(s) carried from another year" if len(carried) else "")
               + f"; chi² = {chi2:.3g} on {dof} dof")
    return Calibration(pd.DataFrame(rows), residuals, excluded.reset_index(drop=True), corr, chi2, dof,
                       message, starts)


def _held_alongside(scenario, params, free, obs, seed, runs, notes) -> dict[str, list[str]]:
    """For each fitted parameter, the unfitted ones that move the same observations (at the
    prior): its estimate holds only with those at their prior values."""
    held = [p for p in params if p not in free and notes.get(p) != _FLAT_NOTE]
    if not held or not free or not len(obs):
        return {}
    model = _Model(scenario, [*free, *held], obs, seed, runs)
    moves = np.abs(model.jac(model.prior_z())) > FLAT
    k = len(free)
    return {p: [q for m, q in enumerate(held) if (moves[:, j] & moves[:, k + m]).any()]
            for j, p in enumerate(free)}


def _fitted_note(z: float, held: list[str]) -> str:
    """What qualifies an estimate: the edge of its prior, parameters the data also depend on but
    could not separate (held at their priors)."""
    notes = ["at the edge of its prior range: the data push beyond it" if min(z, 1 - z) < 1e-3 else "",
             f"given {', '.join(held)} at the prior" if held else ""]
    return "; ".join(n for n in notes if n)


def calibrate_many(requests: Iterable[Mapping[str, Any]], *, executor: Executor | None = None,
                   progress: bool | None = None) -> list[Calibration]:
    """:func:`calibrate` for each mapping of its keyword arguments (scenarios, parameter sets,
    observation tables or start years), run on ``executor`` (default: a process pool on a
    multi-core machine; a dask client's executor for a cluster)."""
    return call_many(calibrate, requests, executor, progress, "calibrate")
