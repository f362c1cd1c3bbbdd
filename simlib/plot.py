"""Charts from results in one call, for notebooks: ``res.plot.trajectory(indicator)``,
``res.plot.attainment(year)``, ``simlib.plot.compare([r1, r2], indicator)`` and
``res.diff(base).plot(indicator)``.

Each returns an Altair chart built by :mod:`simlib.charts` (the dashboard's and the exports'
definitions), with a title and every mark in the legend; x-axes start at the indicator's first
observation. ``lang`` defaults to Vietnamese (the plans' language); ``lang="en"`` for English.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from . import charts
from .i18n import t, text
from .result import Difference, Result
from .summary import default_lang

__all__ = ["ResultPlot", "attainment", "compare", "difference", "trajectory"]


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
    years = {r["year"] for r in results[0].target_rows()}
    if year not in years:
        raise ValueError(f"no target in {year}; target years: {', '.join(map(str, sorted(years)))}")
    return charts.attainment_chart(results, year, lang, indicators=indicators)


def difference(d: Difference, indicator: str, lang: str | None = None, *, width: int = 520,
               height: int = 260) -> alt.LayerChart:
    """Paired difference of two scenarios for ``indicator``: median and 5–95 % band of the
    per-draw differences year by year, and the zero line (no difference)."""
    lang = default_lang(lang)
    ind = d.plan.indicators[indicator]
    df = d.filter(indicators=[indicator]).summary()
    x = alt.X("year:Q", title=t("year", lang), axis=alt.Axis(format="d", tickMinStep=1))
    y_title = f"{t('difference', lang)} ({text(ind.unit, lang)})"
    band = alt.Chart(df).mark_area(color=charts.COLORS[0], fillOpacity=0.22).encode(
        x, alt.Y("p05:Q", title=y_title), alt.Y2("p95:Q"))
    line = alt.Chart(df).mark_line(color=charts.COLORS[0]).encode(
        x, alt.Y("median:Q"), tooltip=[alt.Tooltip("year:Q", format="d"),
                                       alt.Tooltip("median:Q", format=",.2f"),
                                       alt.Tooltip("p_positive:Q", format=".0%")])
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#495057", strokeDash=[4, 3]) \
        .encode(y="zero:Q")
    subtitle = f"{charts.scenario_label(d.result, lang)} − {charts.scenario_label(d.other, lang)}"
    return alt.layer(band, line, zero).properties(
        title=alt.TitleParams(text(ind.label, lang), subtitle=subtitle, anchor="start"),
        width=width, height=height)


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
