"""Short text and HTML summaries of a Result and a Scenario, for notebooks (``repr`` and
``_repr_html_``): what ran, how the targets fare, and a compact table — never the arrays."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .formatting import fmt_number, fmt_percent
from .i18n import t, text

if TYPE_CHECKING:
    from .result import Difference, Result
    from .scenario import Scenario
    from .schema import Plan

DEFAULT_LANG = "vi"  # the plans are Vietnamese provincial plans: Vietnamese first
STATUSES = ("met", "at_risk", "missed", "pending", "reference")
STATUS_ORDER = {"missed": 0, "at_risk": 1, "met": 2, "pending": 3, "reference": 4}  # worst first
# A target's status (Result.target_rows): green, orange, red; neutral grey while a history year
# awaits its observation; pale grey for a national reference (never red).
STATUS_COLORS = {"met": "#2b8a3e", "at_risk": "#e67700", "missed": "#c92a2a",
                 "pending": "#6c757d", "reference": "#adb5bd"}
# Status words in text: the pale grey of a reference is too faint for text.
STATUS_TEXT_COLORS = {**STATUS_COLORS, "reference": "#6c757d"}


def default_lang(lang: str | None) -> str:
    return DEFAULT_LANG if lang is None else lang


def worst_key(row: dict) -> tuple:
    """Sort key of a target row, worst first: provincial before national reference targets, then
    by status (missed, at risk, met, pending, reference), then the lowest probability of a target
    still open."""
    open_ = row["status"] not in ("pending", "reference")
    return (row["national"], STATUS_ORDER[row["status"]], row["p_met"] if open_ else 1.0)


def worst_first(rows: Iterable[dict]) -> list[dict]:
    """Target rows in the one order every view shows them (:func:`worst_key`; ties keep the
    plan's order)."""
    return sorted(rows, key=worst_key)


def labelled(rows: Iterable[dict], plan: Plan, lang: str) -> list[dict]:
    """Target rows with the indicator's ``label`` and ``unit`` in ``lang`` (for tables)."""
    out = []
    for r in rows:
        ind = plan.indicators[r["indicator"]]
        out.append({**r, "label": text(ind.label, lang), "unit": text(ind.unit, lang)})
    return out


def status_counts(rows: list[dict]) -> dict[str, int]:
    """Targets per status, every status present (0 when none), in :data:`STATUSES` order."""
    counts = Counter(r["status"] for r in rows)
    return {s: counts.get(s, 0) for s in STATUSES}


def counts_text(counts: dict[str, int], lang: str) -> str:
    """'3 đạt · 2 có nguy cơ · 1 không đạt · 4 chờ số liệu · 2 tham chiếu'."""
    return " · ".join(f"{n} {t(f'n_{s}', lang)}" for s, n in counts.items())


def _years(res: Result | Difference) -> str:
    return f"{int(res.years[0])}–{int(res.years[-1])}"


def result_repr(res: Result) -> str:
    return (f"<Result {res.scenario.name!r}: {res.draws:,} draws, seed {res.seed}, "
            f"{_years(res)}, {len(res.indicators)} indicators"
            f"{', counting noise' if res.noise else ''}>")


def difference_repr(d: Difference) -> str:
    return (f"<Difference {d.name!r}: {d.draws:,} paired draws, {_years(d)}, "
            f"{len(d.indicators)} indicators>")


def _esc(x) -> str:
    return html.escape(str(x))


def result_html(res: Result, lang: str | None = None) -> str:
    """Scenario, draws, seed, the count of targets per status and one row per target."""
    lang = default_lang(lang)
    rows = labelled(worst_first(res.target_rows()), res.plan, lang)
    sc = res.scenario
    title = text(sc.title, lang) or sc.name
    head = (f"<b>{_esc(title)}</b> <code>{_esc(sc.name)}</code> · {fmt_number(res.draws, lang, 0)} "
            f"{t('draws', lang)} · {t('seed', lang)} {res.seed} · {_years(res)} · "
            f"{len(res.indicators)} {t('indicators', lang)}")
    counts = " · ".join(
        f"<span style='color:{STATUS_TEXT_COLORS[s]}'>{n} {t(f'n_{s}', lang)}</span>"
        for s, n in status_counts(rows).items())
    cells = [t("indicator", lang), t("year", lang), t("target", lang),
             f"{t('median', lang)} (5–95%)", t("p_met", lang), t("status", lang)]
    th = "".join(f"<th style='text-align:left'>{c}</th>" for c in cells)
    body = []
    for r in rows:
        spread = (f"{fmt_number(r['median'], lang)} ({fmt_number(r['p05'], lang)}–"
                  f"{fmt_number(r['p95'], lang)})")
        if r["observed"] is not None:
            spread += f"; {t('observed', lang).lower()} {fmt_number(r['observed'], lang)}"
        status = r["status"]
        body.append("<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in (
            _esc(r["label"]), r["year"], _esc(r["target_label"]), spread,
            fmt_percent(r["p_met"], lang),
            f"<span style='color:{STATUS_TEXT_COLORS[status]}'>{_esc(t(status, lang))}</span>"))
                    + "</tr>")
    return (f"<div class='simlib-result'><div>{head}</div><div>{t('targets', lang)}: {counts}</div>"
            f"<details open><summary>{len(rows)} {t('targets', lang).lower()}</summary>"
            f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            "</details></div>")


def scenario_repr(sc: Scenario) -> str:
    based = f", based_on={sc.based_on!r}" if sc.based_on else ""
    return (f"<Scenario {sc.name!r} (plan {sc.plan.id!r}{based}): {len(sc.levers)} levers set, "
            f"{len(sc.assumptions)} assumptions overridden>")


def _lever_text(value, lang: str) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{y}: {fmt_number(v, lang, 2)}" for y, v in sorted(value.items()))
    return fmt_number(value, lang, 2)


def scenario_html(sc: Scenario, lang: str | None = None) -> str:
    """Title, name, plan and what the scenario sets: levers (value, default, unit), overrides."""
    lang = default_lang(lang)
    plan = sc.plan
    title = text(sc.title, lang) or sc.name
    based = f" · {t('based_on', lang)} <code>{_esc(sc.based_on)}</code>" if sc.based_on else ""
    head = (f"<b>{_esc(title)}</b> <code>{_esc(sc.name)}</code> · {t('plan_file', lang)} "
            f"<code>{_esc(plan.id)}</code>{based}")
    description = text(sc.description, lang)
    rows = []
    for lid, value in sc.levers.items():
        lever = plan.levers[lid]
        rows.append("<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in (
            _esc(text(lever.label, lang)), _esc(_lever_text(value, lang)),
            _esc(_lever_text(lever.default, lang)), _esc(text(lever.unit, lang)))) + "</tr>")
    cells = (t("lever", lang), t("value", lang), t("default", lang), t("unit", lang))
    th = "".join(f"<th style='text-align:left'>{c}</th>" for c in cells)
    levers = (f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table>" if rows
              else t("none", lang))
    overrides = ", ".join(_esc(text(plan.assumptions[a].label, lang)) for a in sc.assumptions)
    return (f"<div class='simlib-scenario'><div>{head}</div>"
            + (f"<div><i>{_esc(description)}</i></div>" if description else "")
            + f"<details><summary>{t('levers_set', lang)}: {len(sc.levers)}</summary>{levers}</details>"
            + f"<div>{t('overrides', lang)}: {overrides or t('none', lang)}</div></div>")
