"""Charts of analyses (Altair): tornado, Sobol indices, goal-seek and allocation, in Vietnamese or
English. Charts of results (trajectories, attainment) are :mod:`simlib.charts`."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..formatting import fmt_number
from ..i18n import t as _t
from ..i18n import text
from ..schema import Plan
from .allocation import Allocation
from .goal_seek import GoalSeek

LABEL_LIMIT = 280  # px of an assumption's label on the axis


def _label(plan: Plan, pid: str, lang: str) -> str:
    item = plan.assumptions.get(pid) or plan.levers.get(pid)
    return text(item.label, lang) if item else pid


def _one_year(df: pd.DataFrame, year: int | None) -> pd.DataFrame:
    year = int(df.year.max()) if year is None else year
    return df[df.year == year]


def tornado_chart(df: pd.DataFrame, plan: Plan, lang: str = "en", year: int | None = None,
                  top: int = 10) -> alt.LayerChart:
    """Bars from the central run to each assumption's low and high case (largest swing on top)."""
    d = _one_year(df, year).nlargest(top, "swing")
    ind = plan.indicators[d.indicator.iloc[0]]
    rows = [{"parameter": _label(plan, r.parameter, lang), "case": _t(case, lang), "base": r.base,
             "value": getattr(r, f"value_{case}"), "swing": r.swing}
            for r in d.itertuples() for case in ("low", "high")]
    frame = pd.DataFrame(rows)
    y = alt.Y("parameter:N", sort=alt.EncodingSortField("swing", order="descending"),
              title=_t("parameter", lang), axis=alt.Axis(labelLimit=LABEL_LIMIT))
    bars = alt.Chart(frame).mark_bar().encode(
        y, alt.X("base:Q", title=text(ind.unit, lang), scale=alt.Scale(zero=False)), alt.X2("value:Q"),
        alt.Color("case:N", title=_t("case", lang)),
        tooltip=["parameter", "case", alt.Tooltip("value:Q", format=",.2f")])
    rule = alt.Chart(pd.DataFrame({"base": [d.base.iloc[0]]})).mark_rule(color="black").encode(x="base:Q")
    return alt.layer(bars, rule).properties(
        title=alt.TitleParams(text(ind.label, lang), subtitle=str(int(d.year.iloc[0])), anchor="start"),
        width=420, height=22 * len(d))


def sobol_chart(df: pd.DataFrame, plan: Plan, lang: str = "en", year: int | None = None,
                top: int = 10) -> alt.Chart:
    """First- and total-order indices with their confidence intervals, for one year."""
    d = _one_year(df, year).nlargest(top, "ST")
    ind = plan.indicators[d.indicator.iloc[0]]
    long = pd.concat([pd.DataFrame({"parameter": [_label(plan, p, lang) for p in d.parameter],
                                    "order": _t(name, lang), "value": d[k], "lo": d[k] - d[f"{k}_conf"],
                                    "hi": d[k] + d[f"{k}_conf"], "ST": d.ST})
                      for k, name in (("S1", "first_order"), ("ST", "total_order"))])
    base = alt.Chart(long).encode(
        alt.Y("parameter:N", sort=alt.EncodingSortField("ST", order="descending"),
              title=_t("parameter", lang), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        alt.YOffset("order:N"), alt.Color("order:N", title=_t("order", lang)))
    bars = base.mark_bar().encode(alt.X("value:Q", title=_t("index", lang)),
                                  tooltip=["parameter", "order", alt.Tooltip("value:Q", format=".3f")])
    return alt.layer(bars, base.mark_rule(color="black").encode(x="lo:Q", x2="hi:Q")).properties(
        title=alt.TitleParams(text(ind.label, lang), subtitle=str(int(d.year.iloc[0])), anchor="start"),
        width=420, height=28 * len(d))


def sobol_over_time_chart(df: pd.DataFrame, plan: Plan, lang: str = "en", top: int = 6) -> alt.Chart:
    """Total-order index of the ``top`` most influential assumptions, year by year."""
    keep = df.groupby("parameter").ST.max().nlargest(top).index
    d = df[df.parameter.isin(keep)].assign(label=lambda x: [_label(plan, p, lang) for p in x.parameter])
    ind = plan.indicators[d.indicator.iloc[0]]
    # Years as numbers (horizontal labels, one per year); the legend below the chart, one
    # assumption per line, so long labels are never cut.
    return alt.Chart(d).mark_line(point=True).encode(
        alt.X("year:Q", title=_t("year", lang), scale=alt.Scale(nice=False, zero=False),
              axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0)),
        alt.Y("ST:Q", title=_t("total_order", lang)),
        alt.Color("label:N", title=_t("parameter", lang),
                  legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0)),
        tooltip=["label", alt.Tooltip("year:Q", format="d"), alt.Tooltip("ST:Q", format=".3f"),
                 alt.Tooltip("S1:Q", format=".3f")],
    ).properties(title=alt.TitleParams(text(ind.label, lang), subtitle=_t("sobol_over_time", lang),
                                       anchor="start"), width=420, height=240)


def goal_seek_chart(g: GoalSeek, plan: Plan, lang: str = "en") -> alt.LayerChart:
    """P(met) at every lever level tried, the required probability and the answer."""
    lever = plan.levers[g.lever]
    tried = pd.DataFrame(g.tried, columns=["level", "p"])
    x = alt.X("level:Q", title=f"{text(lever.label, lang)} ({text(lever.unit, lang)})")
    y = alt.Y("p:Q", title=_t("probability", lang), scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    curve = alt.Chart(tried).mark_line(interpolate="step-after", point=True).encode(
        x, y, tooltip=[alt.Tooltip("level:Q", format=",.2f"), alt.Tooltip("p:Q", format=".1%")])
    rule = alt.Chart(pd.DataFrame({"p": [g.probability]})).mark_rule(strokeDash=[4, 3]).encode(
        y=alt.Y("p:Q"), tooltip=[alt.Tooltip("p:Q", title=_t("required", lang), format=".0%")])
    answer = alt.Chart(pd.DataFrame({"level": [g.value], "p": [g.p_met]})).mark_point(
        shape="diamond", size=160, filled=True, color="#c92a2a").encode(x, y)
    ind = plan.indicators[g.indicator]
    return alt.layer(curve, rule, answer).properties(
        title=alt.TitleParams(f"{text(ind.label, lang)} {g.target.label()} ({g.year})", anchor="start"),
        width=420, height=220)


def allocation_chart(a: Allocation, plan: Plan, lang: str = "en") -> alt.Chart:
    """The scenario's own split and the optimised split of the same total, lever by lever."""
    rows = [{"lever": text(plan.levers[r.lever].label, lang), "split": _t(k, lang), "value": getattr(r, k)}
            for r in a.table.itertuples() for k in ("own", "optimised")]
    title = _t("allocation_title", lang).format(total=fmt_number(a.total, lang))
    subtitle = (f"{_t('own', lang)}: {fmt_number(a.score_own, lang, 2)} → {_t('optimised', lang)}: "
                f"{fmt_number(a.score_optimised, lang, 2)} ({_t('expected_met', lang)})")
    return alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        alt.Y("lever:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),  # the title says it
        alt.YOffset("split:N"),
        alt.X("value:Q", title=_t("budget", lang)),
        alt.Color("split:N", title=_t("split", lang), legend=alt.Legend(orient="bottom")),
        tooltip=["lever", "split", alt.Tooltip("value:Q", format=",.2f")],
    ).properties(title=alt.TitleParams(title, subtitle=subtitle, anchor="start"), width=420,
                 height=60 * len(a.table))
