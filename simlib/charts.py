"""How simlib charts look: one definition for the dashboard, the notebooks and the exports.

Charts read tidy frames built from :class:`~simlib.result.Result`; they know nothing of widgets.
The projection layer reads the named dataset ``BANDS`` so a live view can swap its rows in place.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Sequence

import altair as alt
import pandas as pd

from .formatting import fmt_date, fmt_number, fmt_percent
from .i18n import t, text
from .result import AT_RISK, MET, Result
from .schema import Plan
from .summary import STATUS_COLORS, STATUS_ORDER, STATUS_TEXT_COLORS, labelled, worst_first  # noqa: F401  (the status colours and order re-exported)

BANDS = "bands"
BASELINE = "baseline"
PREVIOUS = "previous"  # the live view's faint trace of the result before the last change
COLORS = ("#1f5aa6", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#0b7285")  # compared scenarios
TARGET_COLOR = "#c92a2a"
NATIONAL_COLOR = "#868e96"
NATIONAL = "datum.national"  # a target that is a national reference value: grey diamond, pale bar
FONT = "DejaVu Sans VN"  # shipped in simlib/fonts: DejaVu Sans cut to Latin + Vietnamese
FONT_STACK = f"{FONT}, DejaVu Sans, Arial, sans-serif"
THEMES = ("presentation", "print")
SIZES = {"presentation": (860, 430), "print": (740, 320)}  # trajectory plot area (px) per theme
# Pale fills behind a status in tables (the deck, the workbook), the status colour marking the text.
STATUS_TINTS = {"met": "E6F4EA", "at_risk": "FFF0DB", "missed": "FDE2E2", "pending": "F1F3F5",
                "reference": "F8F9FA"}


def scenario_label(result: Result, lang: str) -> str:
    return text(result.scenario.title, lang) or result.scenario.name


# The charts are assembled with Altair's constructors (alt.Chart(data=, mark=, encoding=),
# alt.LayerChart(layer=, width=, ...)) rather than chained mark_*/encode/properties calls, each of
# which copies the whole chart. Altair still deep-copies every layer whenever a layer or concat
# chart is built or serialised (about ten times for an exported chart), so what carries no field
# (marks, axes, scales, legends, titles) is given as a Vega-Lite mapping: a typed alt.MarkDef or
# alt.Axis carries its 80-odd unset properties through every copy and is checked against the JSON
# schema when created. Channels are typed, with field and type (no shorthand to parse).
#
# No mark has an opacity below 1: resvg, which rasterises the exported SVG, draws each such element
# as a separate full-canvas layer (a PNG takes two to three times longer). Marks without a stroke
# use fillOpacity instead, which looks the same; point marks get opacity 1 explicitly, as
# Vega-Lite defaults them to 0.7.


def status_label(row, lang: str, *, capital: bool = False) -> str:
    """The status of a target row in words: 'Đạt', 'Có nguy cơ không đạt', …; a history year not
    yet observed reads 'chờ số liệu tổng kết 2021–2025' (its plan period; ``capital``: 'Chờ …',
    to start a table cell)."""
    if row["status"] == "pending" and row["period"] is not None:
        first, last = row["period"]
        label = t("pending_period", lang).format(period=f"{first}–{last}")
        return label[:1].upper() + label[1:] if capital else label
    return t(row["status"], lang)


def scenario_color(scenarios: list[str], lang: str, legend: bool = True) -> alt.Color:
    """Colour by scenario label, the same palette order on every chart; legend only when several
    (and ``legend``)."""
    return alt.Color(field="scenario", type="nominal", title=t("scenario", lang),
                     scale={"domain": scenarios, "range": list(COLORS[:len(scenarios)])},
                     legend={"orient": "bottom"} if legend and len(scenarios) > 1 else None)


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
             "national": plan.is_national(tg), "plan": plan.source_name(tg.source, lang)}
            for tg in plan.indicators[indicator].targets]
    return pd.DataFrame(rows, columns=["year", "value", "label", "national", "plan"])


def records(df: pd.DataFrame) -> list[dict]:
    """JSON-ready rows (what a live chart's dataset is swapped for)."""
    return df.to_dict(orient="records")


def _dataset(name: str, df: pd.DataFrame) -> dict:
    """``df`` as a named inline dataset: it stays with the layers that draw it, under a name a live
    view can swap rows by (Altair would hash unnamed rows into a top-level dataset at every
    serialisation). The rows are a tuple, which Altair's copies of the chart share rather than
    copy row by row."""
    return {"name": name, "values": tuple(records(df))}


def first_year(plan: Plan, indicator: str) -> int:
    """The indicator's first observed year (the base year when it has no earlier observation)."""
    return min([o.year for o in plan.indicators[indicator].observed] + [plan.base_year])


KEY_COLORS = {"baseline": "#495057", "observed": "black", "target": TARGET_COLOR,
              "national": NATIONAL_COLOR}


def legend_color(scenarios: list[str], marks: Sequence[str], lang: str) -> tuple[dict, dict, dict]:
    """Colour by scenario label with every mark drawn in the legend: the scenarios, then those of
    ``marks`` (keys of :data:`KEY_COLORS`: the baseline, dashed; observed values, dots; targets
    and national reference targets, diamonds). Returns the colour scale, the legend and the
    legend label of each mark."""
    # A mark's label is kept apart from a scenario's of the same text (one colour per entry).
    keys = {k: t(k, lang) + " " * (t(k, lang) in scenarios) for k in KEY_COLORS}
    domain = [*scenarios, *(keys[k] for k in marks)]
    colors = [*COLORS[:len(scenarios)], *(KEY_COLORS[k] for k in marks)]
    js = json.dumps
    shape = (f"indexof({js(scenarios)}, datum.value) >= 0 ? 'square' : datum.value === "
             f"{js(keys['baseline'])} ? 'stroke' : datum.value === {js(keys['observed'])} ? "
             "'circle' : 'diamond'")
    dash = f"datum.value === {js(keys['baseline'])} ? [5, 3] : []"
    # Expressions of each legend entry (datum.value): Vega draws them per symbol.
    legend = {"orient": "bottom", "columns": 3, "labelLimit": 0, "title": None,
              "symbolType": {"expr": shape}, "symbolDash": {"expr": dash}, "symbolStrokeWidth": 2}
    return {"domain": domain, "range": colors}, legend, keys


def trajectory_chart(plan: Plan, indicator: str, lang: str, bands: pd.DataFrame,
                     baseline: pd.DataFrame | None = None, *, width: int | str = 520,
                     height: int = 260, title: bool = True, legend: bool = False,
                     start: int | None = None, shade: str | None = None,
                     previous: pd.DataFrame | None = None,
                     scenario_legend: bool = True) -> alt.LayerChart:
    """Observed points, the 5–95 % band and median of each scenario, the baseline median (dashed)
    and the targets (diamonds; grey when national reference values) from ``start`` (default: the
    plan's first history year) to the plan's end year. ``legend``: every mark in the legend, even
    with one scenario (analyst charts; the dashboard and exports explain the marks in a footer).
    ``shade`` shades only that scenario's band (the others are lines); ``previous`` (rows year,
    median) adds a faint line under the others, in a dataset named :data:`PREVIOUS` a live view
    swaps; ``width`` may be "container". ``scenario_legend=False``: no Vega legend for the
    scenarios' colours either, for a page that draws its own (the dashboard's HTML legend)."""
    ind = plan.indicators[indicator]
    unit = text(ind.unit, lang)
    start = min(plan.history_from, plan.base_year) if start is None else start
    x = alt.X(field="year", type="quantitative", title=t("year", lang),
              scale={"domain": [start, plan.end_year], "nice": False},
              axis={"format": "d", "tickMinStep": 1})
    scenarios = list(dict.fromkeys(bands["scenario"]))
    obs = observed_frame(plan, indicator)
    targets = targets_frame(plan, indicator, lang)
    if legend:
        drawn = {"baseline": baseline is not None and len(baseline) > 0, "observed": len(obs) > 0,
                 "target": (~targets["national"]).any(), "national": targets["national"].any()}
        scale, key_legend, keys = legend_color(scenarios, [k for k, v in drawn.items() if v], lang)
        color = alt.Color(field="scenario", type="nominal", scale=scale, legend=key_legend)
    else:
        color, keys = scenario_color(scenarios, lang, scenario_legend), {}
    median = alt.Y(field="median", type="quantitative")
    value = alt.Y(field="value", type="quantitative")
    year_tip = alt.Tooltip(field="year", type="quantitative", title=t("year", lang), format="d")
    data = _dataset(BANDS, bands)
    layers = []
    if previous is not None:
        layers.append(alt.Chart(
            data=_dataset(PREVIOUS, previous),
            mark={"type": "line", "color": "#ced4da", "strokeWidth": 2},
            encoding=alt.FacetedEncoding(y=alt.Y(field="median", type="quantitative",
                                                 title=unit))))
    layers += [
        alt.Chart(data=data, mark={"type": "area", "fillOpacity": 0.22},
                  transform=[{"filter": {"field": "scenario", "equal": shade}}] if shade
                  else alt.Undefined,
                  encoding=alt.FacetedEncoding(
                      y=alt.Y(field="p05", type="quantitative", title=unit),
                      y2=alt.Y2(field="p95"), color=color)),
        alt.Chart(data=data, mark={"type": "line", "strokeWidth": 2.5, "point": {"size": 30}},
                  encoding=alt.FacetedEncoding(y=median, color=color, tooltip=[
                      alt.Tooltip(field="scenario", type="nominal", title=t("scenario", lang)),
                      year_tip,
                      alt.Tooltip(field="median", type="quantitative", title=t("median", lang),
                                  format=",.1f"),
                      alt.Tooltip(field="p05", type="quantitative", title="5%", format=",.1f"),
                      alt.Tooltip(field="p95", type="quantitative", title="95%", format=",.1f")])),
    ]
    if baseline is not None and len(baseline):
        layers.append(alt.Chart(
            data=_dataset(BASELINE, baseline),
            mark={"type": "line", "strokeDash": [5, 4], "color": "#495057", "strokeWidth": 1.5},
            encoding=alt.FacetedEncoding(y=median, **_key(keys, "baseline"), tooltip=[
                alt.Tooltip(field="median", type="quantitative", title=t("baseline", lang),
                            format=",.1f")])))
    if len(obs):
        layers.append(alt.Chart(
            data=_dataset("observed", obs),
            # the grey of Vega-Lite's default point opacity (0.7), as a fill opacity
            mark={"type": "point", "filled": True, "color": "black", "size": 55, "shape": "circle",
                  "opacity": 1, "fillOpacity": 0.7},
            encoding=alt.FacetedEncoding(y=value, **_key(keys, "observed"), tooltip=[
                year_tip,
                alt.Tooltip(field="value", type="quantitative", title=t("observed", lang),
                            format=",.1f"),
                alt.Tooltip(field="source", type="nominal", title=t("source", lang))])))
    if len(targets):
        data = _dataset("targets", targets)
        tcolor = alt.ColorValue(TARGET_COLOR, condition={"test": NATIONAL, "value": NATIONAL_COLOR})
        if keys:  # the legend's colour scale: "Target" or "National target (reference)"
            data = _dataset("targets", targets.assign(
                key=[keys["national"] if n else keys["target"] for n in targets["national"]]))
            tcolor = alt.Color(field="key", type="nominal", scale=scale, legend=key_legend)
        layers.append(alt.Chart(
            data=data,
            mark={"type": "point", "shape": "diamond", "filled": True, "size": 160, "opacity": 1},
            encoding=alt.FacetedEncoding(y=value, color=tcolor, tooltip=[
                alt.Tooltip(field="label", type="nominal", title=t("target", lang)),
                year_tip,
                alt.Tooltip(field="plan", type="nominal", title=t("plan_source", lang))])))
        layers.append(alt.Chart(
            data=data, mark={"type": "text", "dy": -13, "fontWeight": "bold"},
            encoding=alt.FacetedEncoding(y=value, text=alt.Text(field="label", type="nominal"),
                                         color=tcolor)))
    # x is the same on every layer: set once, on the layer chart.
    return alt.LayerChart(
        layer=layers, encoding=alt.FacetedEncoding(x=x), width=width, height=height,
        title={"text": text(ind.label, lang), "subtitle": unit, "anchor": "start"} if title
        else alt.Undefined)


def _key(keys: dict[str, str], mark: str) -> dict:
    """The colour encoding that puts ``mark`` in the legend (nothing without a legend)."""
    return {"color": alt.ColorDatum(keys[mark])} if keys else {}


def attainment_frame(results: Sequence[Result], year: int, lang: str,
                     indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """For the targets of ``year``, one block per scenario, worst first: indicator, label,
    target_label, national, p_met, median, scenario (label) and row (label and target);
    ``indicators`` limits the targets (default: all)."""
    frames = []
    for res in results:
        rows = worst_first(r for r in res.target_rows()
                           if r["year"] == year and (not indicators or r["indicator"] in indicators))
        df = pd.DataFrame(labelled(rows, res.plan, lang), columns=[
            "indicator", "label", "target_label", "national", "p_met", "median"])
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
    order = list(df[df["scenario"] == scenarios[0]]["row"])  # worst first (attainment_frame)
    y = alt.Y(field="row", type="nominal", sort=order, title=None, axis={"labelLimit": 1000})
    x = alt.X(field="p_met", type="quantitative", title=t("probability", lang),
              scale={"domain": [0, 1.12]},
              axis={"format": "%", "values": [0, 0.2, 0.4, 0.6, 0.8, 1]})
    offset = alt.YOffset(field="scenario", type="nominal", sort=scenarios)
    bars = alt.Chart(mark={"type": "bar", "height": bar - 2}, encoding=alt.FacetedEncoding(
        x=x, y=y, yOffset=offset, color=scenario_color(scenarios, lang),
        fillOpacity=alt.FillOpacityValue(1, condition={"test": NATIONAL, "value": 0.45}),
        tooltip=[alt.Tooltip(field="scenario", type="nominal", title=t("scenario", lang)),
                 alt.Tooltip(field="label", type="nominal", title=t("target", lang)),
                 alt.Tooltip(field="p_met", type="quantitative", title=t("probability", lang),
                             format=".0%"),
                 alt.Tooltip(field="median", type="quantitative", title=t("median", lang),
                             format=",.1f")]))
    labels = alt.Chart(mark={"type": "text", "align": "left", "dx": 4, "fontSize": bar - 2},
                       encoding=alt.FacetedEncoding(
                           x=x, y=y, yOffset=offset,
                           text=alt.Text(field="p_met", type="quantitative", format=".0%")))
    rules = alt.Chart(data={"name": "thresholds", "values": ({"p": AT_RISK}, {"p": MET})},
                      mark={"type": "rule", "strokeDash": [6, 4], "color": "#343a40"},
                      encoding=alt.FacetedEncoding(x=alt.X(field="p", type="quantitative")))
    note = t("attainment_note", lang).format(low=fmt_percent(AT_RISK, lang), high=fmt_percent(MET, lang))
    # The bars and their labels read the layer chart's data (only the columns drawn).
    drawn = df[["row", "scenario", "label", "national", "p_met", "median"]]
    return alt.LayerChart(
        data=_dataset("attainment", drawn), layer=[bars, labels, rules], width=width,
        height=len(order) * (bar * len(scenarios) + bar // 2),
        title={"text": t("attainment_title", lang).format(year=year), "subtitle": note,
               "anchor": "start"})


def source_line(results: Sequence[Result], indicators: Sequence[str], lang: str, *,
                observed: bool = True) -> str:
    """'Nguồn: …': the plans the targets come from (short names; the report cites them in full),
    where observed data come from (web hosts) and the simulation (draws, seed)."""
    plan = results[0].plan
    inds = [plan.indicators[i] for i in indicators]
    plans = dict.fromkeys(plan.source_name(tg.source, lang, short=True) for ind in inds for tg in ind.targets)
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
    return [*_wrap(source_line(results, indicators, lang, observed=observed), chars),
            f"{t('scenario', lang)}: {names} · {when}"]


def _wrap(line: str, chars: int, sep: str = " · ") -> list[str]:
    """``line`` in lines of at most ``chars`` characters, broken between its ``sep``-separated
    parts where possible (a part longer than a line is wrapped at spaces)."""
    lines: list[str] = []
    for part in line.split(sep):
        if lines and len(lines[-1]) + len(sep) + len(part) <= chars:
            lines[-1] += sep + part
        else:
            lines += textwrap.wrap(part, chars)
    return lines


def captioned(chart: alt.TopLevelMixin, lines: Sequence[str]) -> alt.VConcatChart:
    """``chart`` with ``lines`` as a footer (a bottom title in the 'footer' style of the themes)."""
    return alt.VConcatChart(vconcat=[chart], title={
        "text": list(lines), "orient": "bottom", "anchor": "start", "font": FONT_STACK,
        "fontWeight": "normal", "style": "footer", "offset": 12})


def _theme(title: int, label: int, grid: str, stroke: float, y_ticks: int) -> alt.theme.ThemeConfig:
    axis = {"labelFontSize": label, "titleFontSize": label, "labelColor": "black",
            "titleColor": "black", "gridColor": grid, "domainColor": "black", "tickColor": "black",
            "domainWidth": stroke, "tickWidth": stroke}
    # Wider right padding: a legend Vega places flush right may render a few pixels wider than
    # Vega measured it (text shaping in vl-convert), which clipped its last letter.
    return {"background": "white", "padding": {"left": 5, "top": 5, "right": 16, "bottom": 5}, "config": {
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
