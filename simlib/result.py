"""Results: draws × years × indicators, with the planner's questions as methods."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Self

import numpy as np
import pandas as pd

from .summary import difference_repr, labelled, result_html, result_repr

if TYPE_CHECKING:
    import altair as alt

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


def _pick(have: Iterable, want: Iterable | None, what: str) -> list[int]:
    """Positions of ``want`` in ``have``, in ``want``'s order (all of ``have`` when None)."""
    have = list(have)
    if want is None:
        return list(range(len(have)))
    want = [want] if isinstance(want, str | int | np.integer) else list(dict.fromkeys(want))
    missing = [w for w in want if w not in have]
    if missing:
        raise KeyError(f"no {what} {', '.join(map(str, missing))}; this result has: "
                       f"{', '.join(map(str, have))}")
    return [have.index(w) for w in want]


@dataclass
class Draws:
    """An ensemble's draws: ``data[year, indicator, draw]`` (draws contiguous: fast quantiles).
    What :class:`Result` and :class:`Difference` share: selection, quantiles and tidy tables."""

    data: np.ndarray
    years: np.ndarray
    indicators: tuple[str, ...]

    @property
    def draws(self) -> int:
        return self.data.shape[-1]

    @property
    def name(self) -> str:
        """What the draws are of (a scenario's name, or 'a − b')."""
        raise NotImplementedError

    def _year_index(self, year: int) -> int:
        idx = np.flatnonzero(self.years == year)
        if not len(idx):
            raise KeyError(f"year {year} is outside {self.years[0]}–{self.years[-1]}")
        return int(idx[0])

    def _indicator_index(self, indicator: str) -> int:
        try:
            return self.indicators.index(indicator)
        except ValueError:
            raise KeyError(f"no indicator {indicator!r} in this result; it has: "
                           f"{', '.join(self.indicators)}") from None

    def series(self, indicator: str) -> np.ndarray:
        """Array [draws, years] for one indicator."""
        return self.data[:, self._indicator_index(indicator)].T

    def value(self, indicator: str, year: int) -> np.ndarray:
        """Array [draws]: one indicator in one year."""
        return self.data[self._year_index(year), self._indicator_index(indicator)]

    def _subset(self, indicators: Iterable[str] | str | None, years: Iterable[int] | int | None):
        """(year positions, indicator positions, the data they select)."""
        yi = sorted(_pick(self.years.tolist(), years, "year"))  # years stay in order
        ii = _pick(self.indicators, indicators, "indicator")
        return yi, ii, self.data[np.ix_(yi, ii)]

    def filter(self, indicators: Iterable[str] | str | None = None,
               years: Iterable[int] | int | None = None) -> Self:
        """The same draws for some indicators (in the order given) and/or years only (a copy of
        the same type; a Result still judges the targets that remain)."""
        yi, ii, data = self._subset(indicators, years)
        return replace(self, data=data, years=self.years[yi],
                       indicators=tuple(self.indicators[k] for k in ii), **self._filtered(yi, ii))

    def _filtered(self, yi: list[int], ii: list[int]) -> dict:
        return {}

    def quantiles(self, qs: Iterable[float] = BANDS) -> pd.DataFrame:
        """Tidy table: scenario, indicator, year, quantile, value (one row per quantile)."""
        qs = tuple(float(q) for q in qs)
        if not all(0 <= q <= 1 for q in qs):
            raise ValueError(f"quantiles must be within 0–1, got {qs}")
        q = quantiles(self.data, qs)  # [qs, years, indicators]
        n_years, n_ind = len(self.years), len(self.indicators)
        return pd.DataFrame({
            "scenario": self.name,
            "indicator": np.tile(np.array(self.indicators, dtype=object), n_years * len(qs)),
            "year": np.tile(np.repeat(self.years, n_ind), len(qs)),
            "quantile": np.repeat(qs, n_years * n_ind),
            "value": q.ravel(),
        })


@dataclass(kw_only=True)
class Result(Draws):
    """An ensemble run: ``data[year, indicator, draw]`` plus what produced it.

    ``res.filter(indicators=..., years=...)`` keeps a part (its targets still judged),
    ``res.quantiles([0.1, 0.9])`` is a tidy table, ``res.attainment()`` judges every target,
    ``res.diff(other)`` pairs the draws of two scenarios (:class:`Difference`) and ``res.plot``
    draws the charts.
    """

    scenario: Scenario
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
    def name(self) -> str:
        return self.scenario.name

    @property
    def values(self) -> np.ndarray:
        """Deprecated: the draws as [draws, years, indicators]; use ``data``, the one array
        [years, indicators, draws]."""
        warnings.warn("Result.values is deprecated: use Result.data (axes year, indicator, draw)",
                      DeprecationWarning, stacklevel=2)
        return np.moveaxis(self.data, -1, 0)

    def _filtered(self, yi: list[int], ii: list[int]) -> dict:
        return {"_bands": None if self._bands is None else self._bands[:, yi][:, :, ii]}

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

    def target_rows(self, lang: str | None = None) -> list[dict]:
        """One dict per target of the indicators and years in this result: probability met,
        median and 5–95 % range (from the cached bands), observed value, status (:func:`verdict`).
        Where the target year has an observation, ``status`` follows the observation; ``p_met``
        is always the model's probability. An ``each_year`` ("hàng năm") target also gets
        ``p_met_years`` (year → P(met) over the simulated years of its period in this result,
        history excluded) and ``p_met_every_year`` (P(met in all of them)); its status judges
        the target year. Data only: labels and units are the renderers' (``lang`` is
        deprecated; given, it adds ``label`` and ``unit`` in that language)."""
        bands = self.bands_array()
        plan = self.plan
        tol = plan.about_tolerance
        present = set(self.years.tolist())
        rows = []
        for ind, t in plan.targets():
            if ind.id not in self.indicators or t.year not in present:
                continue
            yi, j = self._year_index(t.year), self.indicators.index(ind.id)
            v = self.data[yi, j]
            p = float(np.mean(t.met(v, tol)))
            obs = next((o.value for o in ind.observed if o.year == t.year), None)
            obs_met = None if obs is None else bool(t.met(np.array([obs]), tol)[0])
            history = plan.is_history(t.year)
            years = [y for y in plan.target_years(t) if not plan.is_history(y) and y in present]
            met_years = {y: t.met(self.data[self._year_index(y), j], tol) for y in years}
            period = plan.period_of(t.year)
            rows.append({
                "indicator": ind.id, "block": ind.block,
                "year": t.year, "target": t.value, "compare": t.compare,
                "target_label": t.label(), "symbol": t.symbol, "plan": t.source,
                "national": self.plan.is_national(t),
                "p_met": p, "median": float(bands[1, yi, j]),
                "p05": float(bands[0, yi, j]), "p95": float(bands[2, yi, j]),
                "mean": float(v.mean()),
                "observed": obs, "observed_met": obs_met,
                "history": history, "reference": t.reference, "each_year": t.each_year,
                "period": None if period is None else (period.first, period.last),
                "p_met_years": {y: float(np.mean(m)) for y, m in met_years.items()},
                "p_met_every_year": (float(np.mean(np.logical_and.reduce(list(met_years.values()))))
                                     if t.each_year and met_years else None),
                "status": verdict(p, obs_met, history, t.reference),
                "sentence": t.sentence,
            })
        if lang is not None:
            warnings.warn("target_rows(lang) is deprecated: rows are data; render labels with "
                          "simlib.summary.labelled(rows, plan, lang)", DeprecationWarning,
                          stacklevel=2)
            rows = labelled(rows, plan, lang)
        return rows

    def attainment(self, lang: str = "en") -> pd.DataFrame:
        """The targets as a table for people (:meth:`target_rows` with the indicator's ``label``
        and ``unit`` in ``lang``): indicator, label, year, target, p_met, median, p05, p95, unit,
        observed, status, plan, national, sentence, …"""
        return pd.DataFrame(labelled(self.target_rows(), self.plan, lang))

    def diff(self, other: Result) -> Difference:
        """Draw-by-draw difference self − other (same plan, draws and seed: common random
        numbers, so the difference isolates the scenarios' levers)."""
        if self.data.shape != other.data.shape or self.indicators != other.indicators:
            raise ValueError("results differ in draws, years or indicators; run both with the "
                             "same plan, draws and seed")
        return Difference(data=self.data - other.data, years=self.years,
                          indicators=self.indicators, result=self, other=other)


@dataclass(kw_only=True, repr=False)
class Difference(Draws):
    """Paired per-draw differences ``result − other`` of two scenarios run with the same seed.

    ``median()``, ``quantiles(qs)``, ``p_positive()`` (P(difference > 0)) per indicator and
    year, ``summary()`` (all in one table), ``plot(indicator)``. No P(target met): a
    difference has no targets.
    """

    result: Result
    other: Result

    @property
    def plan(self):
        return self.result.plan

    @property
    def name(self) -> str:
        return f"{self.result.scenario.name} − {self.other.scenario.name}"

    def __repr__(self) -> str:
        return difference_repr(self)

    def _filtered(self, yi: list[int], ii: list[int]) -> dict:
        keep = {"indicators": [self.indicators[k] for k in ii], "years": self.years[yi].tolist()}
        return {"result": self.result.filter(**keep), "other": self.other.filter(**keep)}

    def median(self) -> pd.DataFrame:
        """Wide table indicator × year of the median difference."""
        q = self.quantiles([0.5])
        return q.pivot(index="indicator", columns="year", values="value").loc[list(self.indicators)]

    def p_positive(self) -> pd.DataFrame:
        """Wide table indicator × year: the share of draws where ``result`` is above ``other``."""
        return pd.DataFrame((self.data > 0).mean(axis=-1).T, index=pd.Index(self.indicators,
                            name="indicator"), columns=pd.Index(self.years, name="year"))

    def summary(self) -> pd.DataFrame:
        """One row per indicator and year: median, p05, p95, mean and p_positive."""
        b = quantiles(self.data, BANDS)
        n_years, n_ind = len(self.years), len(self.indicators)
        return pd.DataFrame({
            "indicator": np.tile(np.array(self.indicators, dtype=object), n_years),
            "year": np.repeat(self.years, n_ind),
            **{name: b[k].ravel() for k, name in enumerate(BAND_NAMES)},
            "mean": self.data.mean(axis=-1).ravel(),
            "p_positive": (self.data > 0).mean(axis=-1).ravel(),
        })

    def plot(self, indicator: str, lang: str | None = None, *, width: int = 520,
             height: int = 260) -> alt.LayerChart:
        """The difference's median and 5–95 % band over the years, with a zero line."""
        from .plot import difference

        return difference(self, indicator, lang, width=width, height=height)
