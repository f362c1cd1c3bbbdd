"""Target cards as HTML — the one renderer of the dashboard and the HTML report: value in each
target year with its 5–95 % range, the target, the gap, the status and the probability of meeting
it; and where a value comes from, in plain words (:func:`source_html`). Pure functions of a
Result (no widgets)."""

from __future__ import annotations

from html import escape

from .charts import STATUS_COLORS, status_label
from .formatting import fmt_number, fmt_percent, fmt_year
from .i18n import t, text
from .result import Result
from .schema import Assumption, Lever
from .summary import STATUS_ORDER, worst_key

__all__ = ["CARD_CSS", "STATUS_COLORS", "STATUS_ORDER", "card_html", "cards_by_indicator",
           "source_html", "verdict_text"]


def cards_by_indicator(result: Result, lang: str | None = None) -> dict[str, list[dict]]:
    """Target rows grouped per indicator, in card order: each indicator ranks by its worst
    target (:func:`simlib.summary.worst_key`), worst first. ``lang`` is ignored (kept for old
    callers): rows are data."""
    groups: dict[str, list[dict]] = {}
    for row in result.target_rows():
        groups.setdefault(row["indicator"], []).append(row)
    return {i: groups[i] for i in sorted(groups, key=lambda i: min(map(worst_key, groups[i])))}


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
            f"<div class='sl-row'><b>{fmt_year(row['year'])}:</b> {shown} · {t('target', lang)} "
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


def source_html(item: Lever | Assumption, lang: str) -> str:
    """Where a value comes from, for people: an unsourced value reads "Giả định (chưa có
    nguồn)." and one plain sentence; the plan file's technical provenance (English) stays
    behind a fold."""
    head = (f"<b>{t('assumption_no_source', lang)}.</b> {t('unsourced_sentence', lang)}"
            if item.unsourced else "")
    fold = (f"<details class='sl-source'><summary>{t('technical_source', lang)}</summary>"
            f"{escape(item.source)}</details>")
    return f"{head}{fold}"


# The cards' look, shared by the dashboard and the HTML report.
CARD_CSS = """
.sl-card{font-family:'Liberation Sans',Arial,sans-serif;font-size:13px;background:#fff;
  border:1px solid #dee2e6;border-radius:6px;padding:8px 10px;min-height:130px}
.sl-title{font-weight:700;font-size:14px;line-height:1.2}
.sl-unit{color:#495057;font-size:12px;margin-bottom:4px}
.sl-range{color:#495057}
.sl-row{margin-top:4px}
.sl-verdict{font-weight:700}
.sl-note,.sl-origin{color:#6c757d;font-size:11px}
.sl-badge{background:#e9ecef;border-radius:3px;padding:0 4px;font-size:11px}
"""
