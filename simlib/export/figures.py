"""The set of charts a presenter exports, each with its footer (source, scenario(s), date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import altair as alt

from ..charts import (
    SIZES,
    attainment_chart,
    bands_frame,
    caption,
    captioned,
    trajectory_chart,
    trajectory_key,
)
from ..result import Result


@dataclass(frozen=True)
class Figure:
    """A captioned chart and its file stem: ``<scenario[+scenario…]>.<indicator or view>``."""

    stem: str
    chart: alt.VConcatChart


def stem(results: Sequence[Result], what: str) -> str:
    return "+".join(r.scenario.name for r in results) + "." + what


def target_years(results: Sequence[Result], indicators: Sequence[str] | None = None) -> list[int]:
    """Years with targets (of ``indicators``, default all)."""
    return sorted({tg.year for ind, tg in results[0].plan.targets()
                   if not indicators or ind.id in indicators})


def indicator_figure(results: Sequence[Result], indicator: str, lang: str, *,
                     theme: str = "presentation", baseline: Result | None = None,
                     date: dt.date | None = None) -> Figure:
    """Trajectory of one indicator: one scenario (with the baseline median dashed, unless it is
    the baseline), or several compared on one chart."""
    plan = results[0].plan
    dashed = None
    if baseline is not None and len(results) == 1 and results[0].scenario.name != baseline.scenario.name:
        dashed = bands_frame([baseline], indicator, lang)
    width, height = SIZES[theme]
    chart = trajectory_chart(plan, indicator, lang, bands_frame(results, indicator, lang), dashed,
                             width=width, height=height)
    ind = plan.indicators[indicator]
    key = trajectory_key(lang, baseline=dashed is not None, targets=bool(ind.targets),
                         observed=bool(ind.observed))
    lines = [key, *caption(results, [indicator], lang, date)]
    return Figure(stem(results, indicator), captioned(chart, lines))


def attainment_figure(results: Sequence[Result], year: int, lang: str, *,
                      theme: str = "presentation", indicators: Sequence[str] | None = None,
                      date: dt.date | None = None) -> Figure:
    """Probability of meeting each target of ``year`` (of ``indicators``, default all), for every
    scenario."""
    plan = results[0].plan
    width, _ = SIZES[theme]
    chart = attainment_chart(results, year, lang, indicators=indicators, width=width // 2,
                             bar=16 if theme == "presentation" else 12)
    inds = [ind.id for ind, tg in plan.targets()
            if tg.year == year and (not indicators or ind.id in indicators)]
    return Figure(stem(results, f"attainment-{year}"),
                  captioned(chart, caption(results, inds, lang, date, observed=False)))


def iter_figures(results: Sequence[Result], lang: str, *, theme: str = "presentation",
                 indicators: Sequence[str] | None = None, baseline: Result | None = None,
                 date: dt.date | None = None) -> Iterator[Figure]:
    """Every exported chart, built one at a time: each indicator for each scenario, each indicator
    with the scenarios compared (when several), and target attainment for each target year."""
    inds = list(indicators or results[0].indicators)
    for r in results:
        for i in inds:
            yield indicator_figure([r], i, lang, theme=theme, baseline=baseline, date=date)
    if len(results) > 1:
        for i in inds:
            yield indicator_figure(results, i, lang, theme=theme, date=date)
    for y in target_years(results, indicators):
        yield attainment_figure(results, y, lang, theme=theme, indicators=indicators, date=date)


def figures(results: Sequence[Result], lang: str, *, theme: str = "presentation",
            indicators: Sequence[str] | None = None, baseline: Result | None = None,
            date: dt.date | None = None) -> list[Figure]:
    """Every exported chart (see :func:`iter_figures`) as a list."""
    return list(iter_figures(results, lang, theme=theme, indicators=indicators, baseline=baseline,
                             date=date))


def simlib_version() -> str:
    """The installed simlib's version (what the deck and the workbook say made them)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("simlib")
    except PackageNotFoundError:
        return "dev"
