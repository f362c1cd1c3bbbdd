"""Target cards as HTML: value in each target year with its 5–95 % range, the target, the gap,
the status and the probability of meeting it. Pure functions of a Result (no widgets)."""

from __future__ import annotations

from html import escape

from ..charts import STATUS_COLORS, STATUS_ORDER, status_label
from ..i18n import fmt_number, fmt_percent, t, text
from ..result import Result

__all__ = ["CARD_CSS", "STATUS_COLORS", "STATUS_ORDER", "card_html", "cards_by_indicator", "verdict_text"]


def cards_by_indicator(result: Result, lang: str) -> dict[str, list[dict]]:
    """Target rows grouped per indicator, in card order: provincial targets before national
    reference ones, and within each, the worst first (worst verdict, then the lowest
    probability of a target still open)."""
    groups: dict[str, list[dict]] = {}
    for row in result.target_rows(lang):
        groups.setdefault(row["indicator"], []).append(row)

    def key(i: str) -> tuple:
        rows = groups[i]
        open_p = [r["p_met"] for r in rows if r["status"] not in ("pending", "reference")]
        return (rows[0]["national"], min(STATUS_ORDER[r["status"]] for r in rows),
                min(open_p, default=1.0))

    return {i: groups[i] for i in sorted(groups, key=key)}


def verdict_text(row: dict, lang: str) -> str:
    """'● Đạt · P = 83%', or for history without an observation 'chờ số liệu tổng kết
    2021–2025 (ước tính của mô hình: P = 12%)'; an each-year target adds P per year."""
    p = f"P = {fmt_percent(row['p_met'], lang)}"
    if row["observed"] is not None:
        return f"● {t(row['status'], lang)} ({t('by_observation', lang)})"
    if row["status"] == "pending":
        return f"● {status_label(row, lang)} ({t('model_estimate', lang)}: {p})"
    text_ = f"● {status_label(row, lang)} · {p}"
    if row["each_year"] and row["p_met_years"]:
        years = " · ".join(f"{y}: {fmt_percent(v, lang)}" for y, v in row["p_met_years"].items())
        text_ += (f"<div class='sl-note'>{t('each_year', lang)}: {years}; {t('every_year', lang)}: "
                  f"{fmt_percent(row['p_met_every_year'], lang)}</div>")
    return text_


def card_html(result: Result, rows: list[dict], lang: str) -> str:
    """One card: a line per target year of one indicator."""
    plan = result.plan
    ind = plan.indicators[rows[0]["indicator"]]
    lines = []
    for row in rows:
        color = STATUS_COLORS[row["status"]]
        model = (f"{fmt_number(row['median'], lang)} <span class='sl-range'>("
                 f"{fmt_number(row['p05'], lang)}–{fmt_number(row['p95'], lang)})</span>")
        observed = row["observed"]
        value = row["median"] if observed is None else observed
        gap = value - row["target"]
        history = ""
        if row["history"]:
            seen = (f"{t('observed', lang)} {fmt_number(observed, lang)}; "
                    f"{t('model_estimate', lang)} {model}" if observed is not None
                    else t("no_observation", lang))
            history = f"<div class='sl-note'>{t('history', lang)}: {seen}</div>"
        shown = (model if observed is None
                 else f"{fmt_number(observed, lang)} <span class='sl-range'>({t('observed', lang)})"
                      "</span>")
        lines.append(
            f"<div class='sl-row'><b>{row['year']}:</b> {shown} · {t('target', lang)} "
            f"{escape(row['symbol'])} {fmt_number(row['target'], lang)} · {t('gap', lang)} "
            f"{'+' if gap >= 0 else '−'}{fmt_number(abs(gap), lang)}"
            f"<div class='sl-verdict' style='color:{color}'>{verdict_text(row, lang)}</div>"
            f"{history}</div>")
    origin = plan.source_name(ind.targets[0].source, lang)
    badge = (f"<span class='sl-badge'>{t('national', lang)}</span>"
             if any(r["national"] for r in rows) else "")
    if any(r["status"] == "reference" for r in rows):
        badge += f" <span class='sl-note'>{t('reference_note', lang)}</span>"
    worst = min((r["status"] for r in rows), key=STATUS_ORDER.__getitem__)
    return (f"<div class='sl-card' style='border-left:6px solid {STATUS_COLORS[worst]}'>"
            f"<div class='sl-title'>{escape(text(ind.label, lang))}</div>"
            f"<div class='sl-unit'>{escape(text(ind.unit, lang))} {badge}</div>"
            f"<details class='sl-note'><summary>{t('definition', lang)}</summary>"
            f"{escape(text(ind.description, lang))}</details>"
            + "".join(lines)
            + f"<div class='sl-origin'>{t('plan_source', lang)}: {escape(origin)}</div></div>")


CARD_CSS = """
<style>
.sl-card{font-family:'Liberation Sans',Arial,sans-serif;font-size:13px;background:#fff;
  border:1px solid #dee2e6;border-radius:6px;padding:8px 10px;min-height:130px}
.sl-title{font-weight:700;font-size:14px;line-height:1.2}
.sl-unit{color:#495057;font-size:12px;margin-bottom:4px}
.sl-range{color:#495057}
.sl-row{margin-top:4px}
.sl-verdict{font-weight:700}
.sl-note,.sl-origin{color:#6c757d;font-size:11px}
.sl-badge{background:#e9ecef;border-radius:3px;padding:0 4px;font-size:11px}
.sl-msg{color:#c92a2a;font-size:12px}
.sl-info{color:#343a40;font-size:12px;background:#f8f9fa;padding:4px 6px;border-radius:4px}
.sl-info details summary{cursor:pointer;color:#495057}
.sl-moves ul{margin:2px 0 2px 18px;padding:0}
.sl-summary{font-family:'Liberation Sans',Arial,sans-serif;font-size:13px;margin:4px 0}
.sl-counts{font-size:14px;margin-bottom:4px;line-height:1.6}
.sl-count{white-space:nowrap}
.sl-dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:3px}
.sl-gauges{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:4px 10px}
.sl-gauge{font-size:11px;line-height:1.25}
.sl-gauge-bar{height:6px;background:#e9ecef;border-radius:3px;overflow:hidden}
.sl-gauge-bar div{height:6px}
.sl-gauge-text{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sl-legend{font-family:'Liberation Sans',Arial,sans-serif;font-size:12px;color:#212529;
  display:flex;flex-wrap:wrap;gap:2px 14px;margin:2px 0 4px}
.sl-legend-item{display:inline-flex;align-items:center;gap:4px;white-space:nowrap}
.sl-sentence{font-family:'Liberation Sans',Arial,sans-serif;font-size:15px;margin:2px 0 8px}
.sl-readout .sl-value,.sl-value{font-size:13px;margin-right:4px;white-space:nowrap}
.sl-planmark{position:relative;height:14px;margin:-6px 2% 0 1%;font-size:10px;color:#495057}
.sl-planmark span{position:absolute;top:0;white-space:nowrap}
.sl-sharebox .sl-sharerow{display:flex;gap:6px;align-items:center}
.sl-sharebox .sl-link{flex:1 1 auto;min-width:0;font-size:12px;padding:3px}
.sl-sharebox .sl-copy{flex:0 0 auto;padding:0 10px;height:28px}
.sl-chart_box .vega-embed{width:100%}
@media (max-width: 800px){
  .sl-body{flex-direction:column-reverse !important}
  .sl-sidebar{width:100% !important;min-width:0 !important}
  .sl-main{width:100% !important}
  .sl-root .widget-hbox{flex-wrap:wrap}
  .sl-save_name{width:100% !important}
  #rendered_cells,.jp-Cell,.jp-OutputArea-output{padding-left:0 !important;padding-right:0 !important}
  .jp-OutputArea-prompt{display:none !important}
  .sl-root{padding:0 6px;box-sizing:border-box}
  .sl-root h3{font-size:16px}
}
</style>
"""
