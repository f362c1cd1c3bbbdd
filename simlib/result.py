"""Results: draws × years × indicators, with the planner's questions as methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .summary import result_html, result_repr

if TYPE_CHECKING:
    from .plot import ResultPlot
    from .scenario import Scenario

BANDS = (0.05, 0.5, 0.95)
BAND_NAMES = ("p05", "median", "p95")
# P(target met) at or above MET counts as "met", below AT_RISK as "missed", between as "at risk".
MET, AT_RISK = 0.8, 0.2


def quantiles(data: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """Quantiles over the last axis, numpy's default 'linear' method, by one sort (faster than
    ``np.quantile`` for several quantiles of many short rows). Shape [len(qs), *data.shape[:-1]]."""
    n = data.shape[-1]
    ordered = np.sort(data, axis=-1)
    pos = np.asarray(qs) * (n - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    frac = pos - lo
    out = ordered[..., lo] * (1 - frac) + ordered[..., hi] * frac
    return np.moveaxis(out, -1, 0)


def status(p_met: float) -> str:
    """'met', 'at_risk' or 'missed' for a probability of meeting a target."""
    return "met" if p_met >= MET else "at_risk" if p_met >= AT_RISK else "missed"


def verdict(p_met: float, observed_met: bool | None, history: bool, reference: bool) -> str:
    """A target's status: from the observation when there is one; 'pending' for a year that is
    history but not yet observed (no scenario can change it); 'reference' for a target no
    provincial lever moves (never a red verdict); else from the probability (:func:`status`)."""
    if observed_met is not None:
        return "met" if observed_met else "missed"
    if history:
        return "pending"
    return "reference" if reference else status(p_met)


@dataclass
class Result:
    """An ensemble run: ``values[draw, year, indicator]`` plus what produced it.

    Stored as ``data[year, indicator, draw]`` (draws contiguous: fast quantiles); ``values`` is a
    view in the documented order.
    """

    scenario: Scenario
    data: np.ndarray
    years: np.ndarray
    indicators: tuple[str, ...]
    seed: int
    noise: bool
    _bands: np.ndarray | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return result_repr(self)

    def _repr_html_(self) -> str:
        """Notebook summary: scenario, draws, seed, targets per status, one row per target."""
        return result_html(self)

    @property
    def plot(self) -> ResultPlot:
        """Charts of this result: ``res.plot.trajectory("st_transfer_share")``,
        ``res.plot.attainment(2030)`` (Altair charts; ``lang=`` defaults to Vietnamese)."""
        from .plot import ResultPlot  # charts import Altair: only when a chart is asked for

        return ResultPlot(self)

    @property
    def plan(self):
        return self.scenario.plan

    @property
    def values(self) -> np.ndarray:
        """Array [draws, years, indicators] (a view)."""
        return np.moveaxis(self.data, -1, 0)

    @property
    def draws(self) -> int:
        return self.data.shape[-1]

    def series(self, indicator: str) -> np.ndarray:
        """Array [draws, years] for one indicator."""
        return self.data[:, self.indicators.index(indicator)].T

    def value(self, indicator: str, year: int) -> np.ndarray:
        """Array [draws]: one indicator in one year."""
        return self.data[self._year_index(year), self.indicators.index(indicator)]

    def _year_index(self, year: int) -> int:
        idx = np.flatnonzero(self.years == year)
        if not len(idx):
            raise KeyError(f"year {year} is outside {self.years[0]}–{self.years[-1]}")
        return int(idx[0])

    def bands_array(self) -> np.ndarray:
        """Array [3, years, indicators]: 5 %, 50 % and 95 % quantiles over draws (cached)."""
        if self._bands is None:
            self._bands = quantiles(self.data, BANDS)
        return self._bands

    def bands(self) -> pd.DataFrame:
        """Wide table: scenario, indicator, year, p05, median, p95, mean (one row per year)."""
        b = self.bands_array()
        n_years, n_ind = len(self.years), len(self.indicators)
        return pd.DataFrame({
            "scenario": self.scenario.name,
            "indicator": np.tile(np.array(self.indicators, dtype=object), n_years),
            "year": np.repeat(self.years, n_ind),
            **{name: b[k].ravel() for k, name in enumerate(BAND_NAMES)},
            "mean": self.data.mean(axis=-1).ravel(),
        })

    def to_frame(self, draws: bool = False) -> pd.DataFrame:
        """Tidy long table for Altair: scenario, indicator, year, stat (or draw), value."""
        if draws:
            n_years, n_ind, n = self.data.shape
            return pd.DataFrame({
                "scenario": self.scenario.name,
                "indicator": np.tile(np.repeat(np.array(self.indicators, dtype=object), n), n_years),
                "year": np.repeat(self.years, n_ind * n),
                "draw": np.tile(np.arange(n), n_years * n_ind),
                "value": self.data.ravel(),
            })
        wide = self.bands()
        return wide.melt(id_vars=["scenario", "indicator", "year"], var_name="stat",
                         value_name="value")

    def p_met(self, indicator: str, year: int, target) -> float:
        return float(np.mean(target.met(self.value(indicator, year), self.plan.about_tolerance)))

    def target_rows(self, lang: str = "en") -> list[dict]:
        """One dict per target: probability met, median and 5–95 % range (from the cached
        bands), observed value, status (:func:`verdict`). Where the target year has an
        observation, ``status`` follows the observation; ``p_met`` is always the model's
        probability. An ``each_year`` ("hàng năm") target also gets ``p_met_years`` (year →
        P(met) over the simulated years of its period, history excluded) and
        ``p_met_every_year`` (P(met in all of them)); its status judges the target year."""
        bands = self.bands_array()
        plan = self.plan
        tol = plan.about_tolerance
        rows = []
        for ind, t in plan.targets():
            yi, j = self._year_index(t.year), self.indicators.index(ind.id)
            v = self.data[yi, j]
            p = float(np.mean(t.met(v, tol)))
            obs = next((o.value for o in ind.observed if o.year == t.year), None)
            obs_met = None if obs is None else bool(t.met(np.array([obs]), tol)[0])
            history = plan.is_history(t.year)
            years = [y for y in plan.target_years(t) if not plan.is_history(y)]
            met_years = {y: t.met(self.data[self._year_index(y), j], tol) for y in years}
            period = plan.period_of(t.year)
            rows.append({
                "indicator": ind.id, "label": ind.label[lang], "block": ind.block,
                "year": t.year, "target": t.value, "compare": t.compare,
                "target_label": t.label(), "symbol": t.symbol, "plan": t.source,
                "national": self.plan.is_national(t),
                "p_met": p, "median": float(bands[1, yi, j]),
                "p05": float(bands[0, yi, j]), "p95": float(bands[2, yi, j]),
                "mean": float(v.mean()), "unit": ind.unit[lang],
                "observed": obs, "observed_met": obs_met,
                "history": history, "reference": t.reference, "each_year": t.each_year,
                "period": None if period is None else (period.first, period.last),
                "p_met_years": {y: float(np.mean(m)) for y, m in met_years.items()},
                "p_met_every_year": (float(np.mean(np.logical_and.reduce(list(met_years.values()))))
                                     if t.each_year and met_years else None),
                "status": verdict(p, obs_met, history, t.reference),
                "sentence": t.sentence,
            })
        return rows

    def attainment(self, lang: str = "en") -> pd.DataFrame:
        """DataFrame of :meth:`target_rows`: indicator, year, target, p_met, median, p05, p95,
        unit, observed, status, plan, national, sentence, …"""
        return pd.DataFrame(self.target_rows(lang))

    def diff(self, other: Result) -> Result:
        """Draw-by-draw difference self − other (same plan, draws and seed: common random
        numbers, so the difference isolates the scenarios' levers)."""
        if self.data.shape != other.data.shape or self.indicators != other.indicators:
            raise ValueError("results differ in draws, years or indicators; run both with the "
                             "same plan, draws and seed")
        from dataclasses import replace
        sc = self.scenario.renamed(f"{self.scenario.name}-minus-{other.scenario.name}"[:64])
        return replace(self, scenario=sc, data=self.data - other.data, _bands=None)
