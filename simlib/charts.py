"""How simlib charts look: one definition for the dashboard, the notebooks and the exports.

Charts read tidy frames built from :class:`~simlib.result.Result`; they know nothing of widgets.
The projection layer reads the named dataset ``BANDS`` so a live view can swap its rows in place.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .i18n import t, text
from .result import Result
from .schema import Plan

BANDS = "bands"
BASELINE = "baseline"
COLORS = ("#1f5aa6", "#d9480f", "#2b8a3e")  # up to three compared scenarios
TARGET_COLOR = "#c92a2a"
NATIONAL_COLOR = "#868e96"


def scenario_label(result: Result, lang: str) -> str:
    return text(result.scenario.title, lang) or result.scenario.name


def bands_frame(results: Sequence[Result], indicator: str, lang: str) -> pd.DataFrame:
    """Rows year, p05, median, p95, scenario (label) for one indicator over several results."""
    frames = []
    for res in results:
        j = res.indicators.index(indicator)
        b = res.bands_array()
        frames.append(pd.DataFrame({"year": res.years, "p05": b[0, :, j], "median": b[1, :, j],
                                    "p95": b[2, :, j], "scenario": scenario_label(res, lang)}))
    return pd.concat(frames, ignore_index=True)


def observed_frame(plan: Plan, indicator: str) -> pd.DataFrame:
    obs = plan.indicators[indicator].observed
    return pd.DataFrame({"year": [o.year for o in obs], "value": [o.value for o in obs],
                         "source": [o.source for o in obs],
                         "confidence": [o.confidence for o in obs]})


def targets_frame(plan: Plan, indicator: str, lang: str) -> pd.DataFrame:
    rows = [{"year": tg.year, "value": tg.value, "label": tg.label(),
             "national": plan.is_national(tg), "plan": text(plan.plans[tg.plan], lang)}
            for tg in plan.indicators[indicator].targets]
    return pd.DataFrame(rows, columns=["year", "value", "label", "national", "plan"])


def records(df: pd.DataFrame) -> list[dict]:
    """JSON-ready rows (what a live chart's dataset is swapped for)."""
    return df.to_dict(orient="records")


def trajectory_chart(plan: Plan, indicator: str, lang: str, bands: pd.DataFrame,
                     baseline: pd.DataFrame | None = None, *, width: int = 520,
                     height: int = 260, title: bool = True) -> alt.LayerChart:
    """Observed points, the 5–95 % band and median of each scenario, the baseline median (dashed)
    and the targets (diamonds; grey when national reference values) from the first observation
    to the plan's end year."""
    ind = plan.indicators[indicator]
    unit = text(ind.unit, lang)
    scenarios = list(dict.fromkeys(bands["scenario"]))
    x = alt.X("year:Q", title=t("year", lang),
              scale=alt.Scale(domain=[min(plan.history_from, plan.base_year), plan.end_year],
                              nice=False),
              axis=alt.Axis(format="d", tickMinStep=1))
    color = alt.Color("scenario:N", title=t("scenario", lang),
                      scale=alt.Scale(domain=scenarios, range=list(COLORS[:len(scenarios)])),
                      legend=alt.Legend(orient="bottom") if len(scenarios) > 1 else None)
    base = alt.Chart(alt.Data(values=records(bands), name=BANDS))
    tip = [alt.Tooltip("scenario:N", title=t("scenario", lang)),
           alt.Tooltip("year:Q", title=t("year", lang), format="d"),
           alt.Tooltip("median:Q", title=t("median", lang), format=",.1f"),
           alt.Tooltip("p05:Q", title="5%", format=",.1f"),
           alt.Tooltip("p95:Q", title="95%", format=",.1f")]
    layers: list[alt.Chart] = [
        base.mark_area(opacity=0.22).encode(x, alt.Y("p05:Q", title=unit), alt.Y2("p95:Q"), color),
        base.mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=30)).encode(
            x, alt.Y("median:Q"), color, tooltip=tip),
    ]
    if baseline is not None and len(baseline):
        layers.append(alt.Chart(alt.Data(values=records(baseline), name=BASELINE))
                      .mark_line(strokeDash=[5, 4], color="#495057", strokeWidth=1.5)
                      .encode(x, alt.Y("median:Q"),
                              tooltip=[alt.Tooltip("median:Q", title=t("baseline", lang),
                                                   format=",.1f")]))
    obs = observed_frame(plan, indicator)
    if len(obs):
        layers.append(alt.Chart(obs).mark_point(filled=True, color="black", size=55, shape="circle")
                      .encode(x, alt.Y("value:Q"),
                              tooltip=[alt.Tooltip("year:Q", format="d", title=t("year", lang)),
                                       alt.Tooltip("value:Q", format=",.1f",
                                                   title=t("observed", lang)),
                                       alt.Tooltip("source:N", title=t("source", lang))]))
    targets = targets_frame(plan, indicator, lang)
    if len(targets):
        tcolor = alt.condition("datum.national", alt.value(NATIONAL_COLOR), alt.value(TARGET_COLOR))
        marks = alt.Chart(targets)
        layers.append(marks.mark_point(shape="diamond", filled=True, size=160).encode(
            x, alt.Y("value:Q"), color=tcolor,
            tooltip=[alt.Tooltip("label:N", title=t("target", lang)),
                     alt.Tooltip("year:Q", format="d", title=t("year", lang)),
                     alt.Tooltip("plan:N", title=t("plan_source", lang))]))
        layers.append(marks.mark_text(dy=-13, fontWeight="bold").encode(
            x, alt.Y("value:Q"), alt.Text("label:N"), color=tcolor))
    chart = alt.layer(*layers).properties(width=width, height=height)
    if title:
        chart = chart.properties(title=alt.TitleParams(text(ind.label, lang), subtitle=unit,
                                                       anchor="start"))
    return chart
