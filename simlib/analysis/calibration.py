"""Calibration: fit chosen assumptions to observed values with ``scipy.optimize.least_squares``.

Honest about small data: every observation's residual is reported; standard errors come from the
Jacobian at the fit; a parameter is *not identified*, left at its prior and not written out, when
the observations do not move with it, when it is confounded with others, or when its standard
error is no smaller than the spread of its prior. The fit is then repeated without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from ..engine import simulate
from ..progress import Progress
from ..scenario import Scenario
from ..schema import Plan

PRIOR_SD_UNIT = 1 / np.sqrt(12)  # sd of a uniform prior on [0, 1]: the spread data must beat
CONDITION_LIMIT = 1e6            # singular values below s_max / CONDITION_LIMIT: confounded
FLAT = 1e-8                      # residual change over the whole prior range: no information
STEP = 1e-4                      # finite-difference step, as a share of the prior range


def observed_table(plan: Plan) -> pd.DataFrame:
    """The plan's observations: indicator, year, value, source, confidence."""
    rows = [{"indicator": ind.id, "year": o.year, "value": o.value, "source": o.source,
             "confidence": o.confidence} for ind in plan.indicators.values() for o in ind.observed]
    return pd.DataFrame(rows, columns=["indicator", "year", "value", "source", "confidence"])


@dataclass(frozen=True)
class Calibration:
    """Result of :func:`calibrate`.

    ``parameters``: parameter, prior, low, high, estimate (NaN when not identified), std_error,
    identified, note. ``residuals``: indicator, year, observed, sd, prior_fit, fitted, residual
    (observed − fitted). ``excluded``: observations outside the simulated years, with the reason.
    """

    parameters: pd.DataFrame
    residuals: pd.DataFrame
    excluded: pd.DataFrame
    correlation: pd.DataFrame
    chi2: float
    dof: int
    message: str

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
        from ..storage import save_scenario

        path = Path(path)
        return save_scenario(self.scenario(base, path.stem, uncertainty), path.stem, path.parent,
                             overwrite=overwrite)


class _Model:
    """Weighted residuals (observed − model)/sd at parameters z in [0, 1] (scaled to the prior)."""

    def __init__(self, scenario: Scenario, params: list[str], obs: pd.DataFrame, seed: int,
                 bar: Progress | None = None):
        self.bar = bar
        self.assumptions = scenario.effective_assumptions()
        self.scenario, self.params, self.obs, self.seed = scenario, params, obs, seed
        self.low = np.array([_prior_bounds(self.assumptions[p])[0] for p in params])
        self.high = np.array([_prior_bounds(self.assumptions[p])[1] for p in params])
        self.sd = obs.sd.to_numpy(dtype=float)

    def x(self, z: np.ndarray) -> np.ndarray:
        return self.low + np.asarray(z) * (self.high - self.low)

    def fitted_many(self, z: np.ndarray) -> np.ndarray:
        """Model values at the observations for each row of ``z``: one vectorised run."""
        x = self.x(np.atleast_2d(z))
        n = len(x)
        samples = {a.id: np.full(n, a.central) for a in self.assumptions.values()}
        samples.update({p: x[:, j] for j, p in enumerate(self.params)})
        res = simulate(self.scenario, n, self.seed, noise=False, samples=samples)
        if self.bar is not None:
            self.bar.update()
        return np.stack([res.value(i, y) for i, y in zip(self.obs.indicator, self.obs.year, strict=True)],
                        axis=1)

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
              *, relative_sd: float = 0.1, seed: int = 0, progress: bool | None = None) -> Calibration:
    """Fit ``parameters`` (assumption ids) so the central run matches ``observations``.

    ``observations`` has columns indicator, year, value and optionally sd (same unit as the
    indicator); default: the plan's observed values, with sd = ``relative_sd`` × |value|.
    Observations outside the simulated years (base year to end year) cannot be fitted and are
    listed in ``excluded``. Runs are deterministic (central values, no counting noise).
    ``progress``: a count of model runs, in a notebook or on a terminal (None: where someone
    watches, once the call has lasted a second).
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
    if "sd" not in obs:
        obs["sd"] = relative_sd * obs.value.abs().clip(lower=1e-9)
    inside = obs.year.between(plan.base_year, plan.end_year)
    excluded = obs[~inside].assign(reason=f"before {plan.base_year} or after {plan.end_year}: "
                                          "outside the simulated years")
    obs = obs[inside].reset_index(drop=True)
    free, notes = list(parameters), {}
    with Progress(None, "calibrate: runs", progress) as bar:
        while True:
            fit = _fit(scenario, free, obs, seed, bar) if free and len(obs) else None
            dropped = _unidentified(fit, free, len(obs)) if fit else {p: _no_data(len(obs)) for p in free}
            notes.update(dropped)
            if not dropped or not free:
                break
            free = [p for p in free if p not in dropped]
    return _report(scenario, list(parameters), free, fit, obs, excluded, notes, assumptions, seed)


def _no_data(n_obs: int) -> str:
    return "no observations in the simulated years" if n_obs == 0 else "not identified"


def _fit(scenario: Scenario, params: list[str], obs: pd.DataFrame, seed: int,
         bar: Progress | None = None) -> dict:
    model = _Model(scenario, params, obs, seed, bar)
    a = scenario.effective_assumptions()
    z0 = np.clip([(a[p].central - lo) / (hi - lo) for p, lo, hi in zip(params, model.low, model.high,
                                                                           strict=True)], 0, 1)
    jac = model.jac(z0)
    if (np.linalg.norm(jac, axis=0) < FLAT).any():  # drop those first: they would only slow the fit
        return {"model": model, "z": z0, "jac": jac}
    sol = least_squares(model, z0, jac=model.jac, bounds=(0, 1), x_scale=1.0)
    return {"model": model, "z": sol.x, "jac": sol.jac}


def _unidentified(fit: dict, params: list[str], n_obs: int) -> dict[str, str]:
    """Parameters the observations cannot pin down, with the reason."""
    jac = fit["jac"]
    norms = np.linalg.norm(jac, axis=0)
    flat = {p: "the observations do not depend on it" for j, p in enumerate(params) if norms[j] < FLAT}
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


def _report(scenario, params, free, fit, obs, excluded, notes, assumptions, seed) -> Calibration:
    model = fit["model"] if fit and free else _Model(scenario, free, obs, seed)
    z = fit["z"] if fit and free else np.zeros(0)
    jac = fit["jac"] if fit and free else np.zeros((len(obs), 0))
    cov_z = np.linalg.inv(jac.T @ jac) if free else np.zeros((0, 0))
    scale = model.high - model.low
    se = np.sqrt(np.diag(cov_z)) * scale
    x = model.x(z)
    rows = []
    for p in params:
        a = assumptions[p]
        lo, hi = _prior_bounds(a)
        j = free.index(p) if p in free else None
        rows.append({"parameter": p, "prior": a.central, "low": lo, "high": hi,
                     "estimate": x[j] if j is not None else np.nan,
                     "std_error": se[j] if j is not None else np.nan,
                     "identified": j is not None,
                     "note": (_bound_note(z[j]) if j is not None else notes.get(p, "not identified"))})
    fitted = model.fitted(z) if len(obs) else np.zeros(0)
    prior_fit = _Model(scenario, [], obs, seed).fitted(np.zeros(0)) if len(obs) else np.zeros(0)
    residuals = pd.DataFrame({"indicator": obs.indicator, "year": obs.year, "observed": obs.value,
                              "sd": obs.sd, "prior_fit": prior_fit, "fitted": fitted,
                              "residual": obs.value - fitted})
    d = np.sqrt(np.diag(cov_z)) if free else np.ones(0)
    corr = pd.DataFrame(cov_z / np.outer(d, d) if free else np.zeros((0, 0)), index=free, columns=free)
    chi2 = float(np.sum((residuals.residual / residuals.sd) ** 2))
    dof = len(obs) - len(free)
    message = (f"{len(free)} of {len(params)} parameter(s) identified from {len(obs)} observation(s)"
               f" ({len(excluded)} outside the simulated years); chi² = {chi2:.3g} on {dof} dof")
    return Calibration(pd.DataFrame(rows), residuals, excluded.reset_index(drop=True), corr, chi2, dof,
                       message)


def _bound_note(z: float) -> str:
    return "at the edge of its prior range: the data push beyond it" if min(z, 1 - z) < 1e-3 else ""
