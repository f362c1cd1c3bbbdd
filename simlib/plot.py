"""Charts from results in one call, for notebooks: ``res.plot.trajectory(indicator)``,
``res.plot.attainment(year)`` and ``simlib.plot.compare([r1, r2], indicator)``.

Each returns an Altair chart built by :mod:`simlib.charts` (the dashboard's and the exports'
definitions), with a title and every mark in the legend; x-axes start at the indicator's first
observation. ``lang`` defaults to Vietnamese (the plans' language); ``lang="en"`` for English.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt

from . import charts
from .result import Result
from .summary import default_lang

__all__ = ["ResultPlot", "attainment", "compare", "trajectory"]


def trajectory(results: Sequence[Result], indicator: str, lang: str | None = None, *,
               baseline: Result | None = None, width: int = 520,
               height: int = 260) -> alt.LayerChart:
    """Observed values, the 5–95 % band and median of each result, ``baseline``'s median (dashed)
    and the targets (diamonds), from the indicator's first observation to the plan's end year."""
    lang = default_lang(lang)
    if not results:
        raise ValueError("no results to draw")
    plan = results[0].plan
    if indicator not in plan.indicators:
        raise KeyError(f"unknown indicator {indicator!r}; the plan has: {', '.join(plan.indicators)}")
    dashed = None if baseline is None else charts.bands_frame([baseline], indicator, lang)
    return charts.trajectory_chart(plan, indicator, lang, charts.bands_frame(results, indicator, lang),
                                   dashed, width=width, height=height, legend=True,
                                   start=charts.first_year(plan, indicator))


def compare(results: Sequence[Result], indicator: str, lang: str | None = None, *,
            baseline: Result | None = None, width: int = 520, height: int = 260) -> alt.LayerChart:
    """Several scenarios' trajectories of one indicator on one chart (:func:`trajectory`)."""
    return trajectory(results, indicator, lang, baseline=baseline, width=width, height=height)


def attainment(results: Sequence[Result], year: int, lang: str | None = None, *,
               indicators: Sequence[str] | None = None) -> alt.LayerChart:
    """Probability of meeting each target of ``year``, one bar per result, worst first."""
    lang = default_lang(lang)
    years = {tg.year for _, tg in results[0].plan.targets()}
    if year not in years:
        raise ValueError(f"no target in {year}; target years: {', '.join(map(str, sorted(years)))}")
    return charts.attainment_chart(results, year, lang, indicators=indicators)


class ResultPlot:
    """``Result.plot``: the charts of one result."""

    def __init__(self, result: Result):
        self._result = result

    def __repr__(self) -> str:
        return (f"<plots of {self._result.scenario.name!r}: trajectory(indicator, lang=None), "
                "attainment(year, lang=None)>")

    def trajectory(self, indicator: str, lang: str | None = None, *, baseline: Result | None = None,
                   width: int = 520, height: int = 260) -> alt.LayerChart:
        """This result's trajectory of ``indicator`` (see :func:`simlib.plot.trajectory`)."""
        return trajectory([self._result], indicator, lang, baseline=baseline, width=width,
                          height=height)

    def attainment(self, year: int, lang: str | None = None, *,
                   indicators: Sequence[str] | None = None) -> alt.LayerChart:
        """Probability of meeting each target of ``year`` (see :func:`simlib.plot.attainment`)."""
        return attainment([self._result], year, lang, indicators=indicators)
