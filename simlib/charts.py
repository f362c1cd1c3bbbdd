"""How simlib charts look: one definition for the dashboard, the notebooks and the exports.

Charts read tidy frames built from :class:`~simlib.result.Result`; they know nothing of widgets.
The projection layer reads the named dataset ``BANDS`` so a live view can swap its rows in place.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Sequence

import altair as alt
import pandas as pd

from .i18n import fmt_date, fmt_number, fmt_percent, t, text
from .result import AT_RISK, MET, Result
from .schema import Plan

BANDS = "bands"
BASELINE = "baseline"
COLORS = ("#1f5aa6", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#0b7285")  # compared scenarios
TARGET_COLOR = "#c92a2a"
NATIONAL_COLOR = "#868e96"
FONT = "DejaVu Sans VN"  # shipped in simlib/fonts: DejaVu Sans cut to Latin + Vietnamese
FONT_STACK = f"{FONT}, DejaVu Sans, Arial, sans-serif"
THEMES = ("presentation", "print")
SIZES = {"presentation": (860, 430), "print": (740, 320)}  # trajectory plot area (px) per theme


def scenario_label(result: Result, lang: str) -> str:
    return text(result.scenario.title, lang) or result.scenario.name


# No mark has an opacity below 1: resvg, which rasterises the exported SVG, draws each such element
# as a separate full-canvas layer (a PNG takes two to three times longer). Marks without a stroke
# use fillOpacity instead, which looks the same; point marks get opacity 1 explicitly, as
# Vega-Lite defaults them to 0.7.


def scenario_color(scenarios: list[str], lang: str) -> alt.Color:
    """Colour by scenario label, the same palette order on every chart; legend only when several."""
    return alt.Color("scenario:N", title=t("scenario", lang),
                     scale=alt.Scale(domain=scenarios, range=list(COLORS[:len(scenarios)])),
                     legend=alt.Legend(orient="bottom") if len(scenarios) > 1 else None)


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
    x = alt.X("year:Q", title=t("year", lang),
              scale=alt.Scale(domain=[min(plan.history_from, plan.base_year), plan.end_year],
                              nice=False),
              axis=alt.Axis(format="d", tickMinStep=1))
    color = scenario_color(list(dict.fromkeys(bands["scenario"])), lang)
    base = alt.Chart(alt.Data(values=records(bands), name=BANDS))
    tip = [alt.Tooltip("scenario:N", title=t("scenario", lang)),
           alt.Tooltip("year:Q", title=t("year", lang), format="d"),
           alt.Tooltip("median:Q", title=t("median", lang), format=",.1f"),
           alt.Tooltip("p05:Q", title="5%", format=",.1f"),
           alt.Tooltip("p95:Q", title="95%", format=",.1f")]
    layers: list[alt.Chart] = [
        base.mark_area(fillOpacity=0.22).encode(x, alt.Y("p05:Q", title=unit), alt.Y2("p95:Q"), color),
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
        # the grey of Vega-Lite's default point opacity (0.7), as a fill opacity
        layers.append(alt.Chart(obs).mark_point(filled=True, color="black", size=55, shape="circle",
                                                opacity=1, fillOpacity=0.7)
                      .encode(x, alt.Y("value:Q"),
                              tooltip=[alt.Tooltip("year:Q", format="d", title=t("year", lang)),
                                       alt.Tooltip("value:Q", format=",.1f",
                                                   title=t("observed", lang)),
                                       alt.Tooltip("source:N", title=t("source", lang))]))
    targets = targets_frame(plan, indicator, lang)
    if len(targets):
        tcolor = alt.condition("datum.national", alt.value(NATIONAL_COLOR), alt.value(TARGET_COLOR))
        marks = alt.Chart(targets)
        layers.append(marks.mark_point(shape="diamond", filled=True, size=160, opacity=1).encode(
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


def attainment_frame(results: Sequence[Result], year: int, lang: str,
                     indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """For the targets of ``year``, one block per scenario: indicator, label, target_label,
    national, p_met, median (from :meth:`Result.attainment`), scenario (label) and row (label and
    target); ``indicators`` limits the targets (default: all)."""
    frames = []
    for res in results:
        df = res.attainment(lang)
        keep = (df["year"] == year) & (df["indicator"].isin(indicators) if indicators else True)
        df = df.loc[keep, ["indicator", "label", "target_label", "national", "p_met",
                                         "median"]]
        frames.append(df.assign(scenario=scenario_label(res, lang),
                                row=df["label"] + " (" + df["target_label"] + ")"))
    return pd.concat(frames, ignore_index=True)


def attainment_chart(results: Sequence[Result], year: int, lang: str, *,
                     indicators: Sequence[str] | None = None, width: int = 420,
                     bar: int = 14) -> alt.LayerChart:
    """Probability of meeting each target of ``year``, one bar per scenario, worst first (by the
    first scenario); dashed lines at the 'missed' and 'met' thresholds, pale bars for national
    reference targets."""
    df = attainment_frame(results, year, lang, indicators)
    scenarios = list(dict.fromkeys(df["scenario"]))
    order = list(df[df["scenario"] == scenarios[0]].sort_values("p_met")["row"])
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=1000))
    x = alt.X("p_met:Q", title=t("probability", lang), scale=alt.Scale(domain=[0, 1.12]),
              axis=alt.Axis(format="%", values=[0, 0.2, 0.4, 0.6, 0.8, 1]))
    offset = alt.YOffset("scenario:N", sort=scenarios)
    base = alt.Chart(df)
    tip = [alt.Tooltip("scenario:N", title=t("scenario", lang)),
           alt.Tooltip("label:N", title=t("target", lang)),
           alt.Tooltip("p_met:Q", title=t("probability", lang), format=".0%"),
           alt.Tooltip("median:Q", title=t("median", lang), format=",.1f")]
    bars = base.mark_bar(height=bar - 2).encode(
        x, y, offset, scenario_color(scenarios, lang),
        fillOpacity=alt.condition("datum.national", alt.value(0.45), alt.value(1.0)), tooltip=tip)
    labels = base.mark_text(align="left", dx=4, fontSize=bar - 2).encode(
        x, y, offset, alt.Text("p_met:Q", format=".0%"))
    rules = alt.Chart(pd.DataFrame({"p": [AT_RISK, MET]})).mark_rule(
        strokeDash=[6, 4], color="#343a40").encode(x=alt.X("p:Q"))
    note = t("attainment_note", lang).format(low=fmt_percent(AT_RISK, lang), high=fmt_percent(MET, lang))
    return alt.layer(bars, labels, rules).properties(
        width=width, height=len(order) * (bar * len(scenarios) + bar // 2),
        title=alt.TitleParams(t("attainment_title", lang).format(year=year), subtitle=note,
                              anchor="start"))


def source_line(results: Sequence[Result], indicators: Sequence[str], lang: str, *,
                observed: bool = True) -> str:
    """'Nguồn: …': the plans the targets come from, where observed data come from (web hosts)
    and the simulation (draws, seed)."""
    plan = results[0].plan
    inds = [plan.indicators[i] for i in indicators]
    plans = dict.fromkeys(text(plan.plans[tg.plan], lang) for ind in inds for tg in ind.targets)
    hosts = dict.fromkeys(_where(o.source) for ind in inds for o in ind.observed) if observed else {}
    parts = [f"{t('targets_from', lang)}: {'; '.join(plans)}" if plans else "",
             f"{t('observed', lang).lower()}: {', '.join(hosts)}" if hosts else "",
             t("model_run", lang).format(draws=fmt_number(results[0].draws, lang, 0),
                                         seed=results[0].seed)]
    return f"{t('source', lang)}: " + " · ".join(p for p in parts if p)


def trajectory_key(lang: str, *, baseline: bool, targets: bool, observed: bool) -> str:
    """What the marks of :func:`trajectory_chart` mean, for a footer (only the marks drawn)."""
    keys = [f"─ {t('median', lang).lower()}", f"░ {t('band', lang).lower()}",
            f"┄ {t('baseline', lang).lower()}" if baseline else "",
            f"◆ {t('target', lang).lower()}" if targets else "",
            f"● {t('observed', lang).lower()}" if observed else ""]
    return " · ".join(k for k in keys if k)


def _where(source: str) -> str:
    """Web host of a source citing a URL, else its text before any parenthesis."""
    m = re.search(r"https?://(?:www\.)?([^/\s]+)", source)
    return m.group(1) if m else source.split(" (")[0]


def caption(results: Sequence[Result], indicators: Sequence[str], lang: str,
            date: dt.date | None = None, *, observed: bool = True, chars: int = 110) -> list[str]:
    """Footer lines of an exported chart: the source line (wrapped), the scenario(s) and the date."""
    names = ", ".join(scenario_label(r, lang) for r in results)
    when = fmt_date(date or dt.date.today(), lang)
    return [*textwrap.wrap(source_line(results, indicators, lang, observed=observed), chars),
            f"{t('scenario', lang)}: {names} · {when}"]


def captioned(chart: alt.TopLevelMixin, lines: Sequence[str]) -> alt.VConcatChart:
    """``chart`` with ``lines`` as a footer (a bottom title in the 'footer' style of the themes)."""
    return alt.VConcatChart(vconcat=[chart], title=alt.TitleParams(
        list(lines), orient="bottom", anchor="start", font=FONT_STACK, fontWeight="normal",
        style="footer", offset=12))


def _theme(title: int, label: int, grid: str, stroke: float, y_ticks: int) -> alt.theme.ThemeConfig:
    axis = {"labelFontSize": label, "titleFontSize": label, "labelColor": "black",
            "titleColor": "black", "gridColor": grid, "domainColor": "black", "tickColor": "black",
            "domainWidth": stroke, "tickWidth": stroke}
    return {"background": "white", "config": {
        "font": FONT_STACK,
        "title": {"fontSize": title, "subtitleFontSize": label, "color": "black",
                  "subtitleColor": "#212529", "subtitlePadding": label // 3},
        "axis": axis,
        "axisX": {"labelFlush": False},
        "axisY": {"tickCount": y_ticks},
        "legend": {"labelFontSize": label, "titleFontSize": label, "labelColor": "black",
                   "titleColor": "black", "symbolSize": 12 * label, "labelLimit": 600},
        "text": {"fontSize": label},
        "view": {"stroke": grid},
        "style": {"footer": {"fontSize": round(label * 0.8), "fill": "#212529"}},
    }}


@alt.theme.register("presentation", enable=False)
def presentation_theme() -> alt.theme.ThemeConfig:
    """Projector: large type, black text, strong axis lines."""
    return _theme(title=30, label=19, grid="#adb5bd", stroke=1.5, y_ticks=6)


@alt.theme.register("print", enable=False)
def print_theme() -> alt.theme.ThemeConfig:
    """Paper and the report: compact type, light grid."""
    return _theme(title=18, label=12, grid="#dee2e6", stroke=1, y_ticks=8)
