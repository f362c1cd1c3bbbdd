"""What the page says at a glance, as HTML: the summary strip (targets by status, a gauge per
target of the plan's final year), the chart's legend and the one sentence under the chart.
Pure functions of a Result (no widgets), like :mod:`simlib.cards`."""

from __future__ import annotations

from html import escape

from ..charts import COLORS, NATIONAL_COLOR, TARGET_COLOR
from ..formatting import fmt_number, fmt_percent
from ..i18n import t, text
from ..result import Result
from ..summary import STATUS_ORDER, labelled, status_counts, worst_first
from .cards import STATUS_COLORS

GAUGE_LABEL = 34  # characters of an indicator's label on its gauge (the rest in the tooltip)


def summary_html(result: Result, lang: str) -> str:
    """"22 mục tiêu: 1 Đạt · 5 Có nguy cơ … · 12 Chờ số liệu …" and one small gauge (P(met),
    coloured by status) per target of the plan's end year, worst first."""
    rows = labelled(result.target_rows(), result.plan, lang)
    counts = status_counts(rows)
    parts = [f"<span class='sl-count sl-count-{s}'><span class='sl-dot' "
             f"style='background:{STATUS_COLORS[s]}'></span><b>{counts[s]}</b> "
             f"{t(s, lang).lower()}</span>"
             for s in sorted(counts, key=STATUS_ORDER.__getitem__) if counts[s]]
    head = (f"<div class='sl-counts'><b>{t('summary', lang).format(n=len(rows))}</b> "
            + " · ".join(parts) + "</div>")
    end = max((r["year"] for r in rows), default=result.plan.end_year)
    final = worst_first(r for r in rows if r["year"] == end)
    gauges = []
    for r in final:
        color = STATUS_COLORS[r["status"]]
        label = r["label"] if len(r["label"]) <= GAUGE_LABEL else r["label"][:GAUGE_LABEL - 1] + "…"
        tip = f"{r['label']} {r['target_label']} ({r['year']}): {t(r['status'], lang)}, P = " \
              f"{fmt_percent(r['p_met'], lang)}"
        gauges.append(
            f"<div class='sl-gauge' title='{escape(tip, quote=True)}'>"
            f"<div class='sl-gauge-bar'><div style='width:{100 * r['p_met']:.0f}%;"
            f"background:{color}'></div></div>"
            f"<div class='sl-gauge-text'><b style='color:{color}'>{fmt_percent(r['p_met'], lang)}"
            f"</b> {escape(label)}</div></div>")
    return (f"<div class='sl-summary'>{head}<div class='sl-gauges-title sl-note'>"
            f"{t('probability', lang)} · {end}</div><div class='sl-gauges'>{''.join(gauges)}"
            f"</div></div>")


def _swatch(svg: str) -> str:
    return f"<svg width='26' height='12' viewBox='0 0 26 12' aria-hidden='true'>{svg}</svg>"


def legend_html(lang: str, compared: list[str], *, baseline: bool, observed: bool, targets: bool,
                national: bool, previous: bool, current: str = "") -> str:
    """What each mark of the dashboard's chart means (only the marks drawn); with ``compared``
    scenarios, the colour of each, named (``current``: the scenario the page shows). The chart
    itself has no legend (``trajectory_chart(scenario_legend=False)``)."""
    main = COLORS[0]
    items = [
        (_swatch(f"<line x1='1' y1='6' x2='25' y2='6' stroke='{main}' stroke-width='2.5'/>"),
         f"{t('legend_median', lang)}: {current}" if compared and current
         else t("legend_median", lang)),
        (_swatch(f"<rect x='1' y='1' width='24' height='10' fill='{main}' fill-opacity='0.22'/>"),
         t("legend_band", lang)),
    ]
    for k, name in enumerate(compared, start=1):
        items.append((_swatch(f"<line x1='1' y1='6' x2='25' y2='6' stroke='{COLORS[k]}' "
                              f"stroke-width='2.5'/>"), f"{t('legend_compare', lang)}: {name}"))
    if baseline:
        items.append((_swatch("<line x1='1' y1='6' x2='25' y2='6' stroke='#495057' "
                              "stroke-width='1.5' stroke-dasharray='5 4'/>"), t("baseline", lang)))
    if previous:
        items.append((_swatch("<line x1='1' y1='6' x2='25' y2='6' stroke='#ced4da' "
                              "stroke-width='2'/>"), t("legend_previous", lang)))
    if observed:
        items.append((_swatch("<circle cx='13' cy='6' r='4' fill='black' fill-opacity='0.7'/>"),
                      t("observed", lang)))
    if targets:
        items.append((_swatch(f"<path d='M13 0 L19 6 L13 12 L7 6 Z' fill='{TARGET_COLOR}'/>"),
                      t("target", lang)))
    if national:
        items.append((_swatch(f"<path d='M13 0 L19 6 L13 12 L7 6 Z' fill='{NATIONAL_COLOR}'/>"),
                      t("national", lang)))
    return ("<div class='sl-legend'>" + "".join(
        f"<span class='sl-legend-item'>{sw} {escape(label)}</span>" for sw, label in items)
        + "</div>")


def _gap_unit(unit: str, lang: str) -> str:
    return t("percentage_points", lang) if unit.startswith("%") else unit


def chart_sentence(result: Result, indicator: str, lang: str) -> str:
    """One plain sentence about ``indicator`` in its last target year (or the plan's end year):
    "Năm 2030 dự kiến 66,7 % — thiếu 3,3 điểm % so với mục tiêu > 70 %."."""
    plan = result.plan
    ind = plan.indicators[indicator]
    unit = text(ind.unit, lang)
    unit = "%" if unit.startswith("%") else unit  # "66,7 %", not "66,7 % kết quả nghiệm thu …"
    rows = [r for r in result.target_rows() if r["indicator"] == indicator]
    if not rows:
        year = plan.end_year
        j = result.indicators.index(indicator)
        k = list(result.years).index(year) if year in list(result.years) else -1
        b = result.bands_array()
        return t("sentence_none", lang).format(
            year=year, value=fmt_number(b[1, k, j], lang), unit=unit,
            low=fmt_number(b[0, k, j], lang), high=fmt_number(b[2, k, j], lang))
    row = max(rows, key=lambda r: r["year"])
    median, target, symbol = row["median"], row["target"], row["symbol"]
    gap = median - target
    short = (symbol in ("≥", ">") and gap < 0) or (symbol in ("≤", "<") and gap > 0) or \
        (symbol not in ("≥", ">", "≤", "<") and row["status"] != "met")
    params = {"year": row["year"], "value": fmt_number(median, lang), "unit": unit,
              "symbol": symbol, "target": fmt_number(target, lang)}
    if short:
        params["gap"] = f"{fmt_number(abs(gap), lang)} {_gap_unit(unit, lang)}"
        out = t("sentence_short", lang).format(**params)
    else:
        params["gap"] = f"{'+' if gap >= 0 else '−'}{fmt_number(abs(gap), lang)}"
        out = t("sentence_ok", lang).format(**params)
    if row["status"] in ("pending", "reference"):
        out += f" ({t(row['status'], lang)})"
    return " ".join(out.split())
