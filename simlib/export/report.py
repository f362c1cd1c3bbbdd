"""The workshop report: one self-contained HTML file (charts inline as SVG, no external links).

Sections: scenarios, each scenario's target cards (the dashboard's, :mod:`simlib.cards`), charts,
policy levers, assumptions with their sources in plain words, and the plan sentence behind every
target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from pathlib import Path

from ..cards import CARD_CSS, card_html, cards_by_indicator, source_html
from ..charts import scenario_label
from ..formatting import fmt_date, fmt_number, fmt_value, fmt_year
from ..i18n import t, text
from ..result import Result
from ..schema import Lever, Plan
from .figures import attainment_figure, indicator_figure, target_years
from .handout import handout as handout_html
from .static import render_many

CSS = Path(__file__).resolve().parents[1] / "templates" / "report.css"


def report_html(results: Sequence[Result], lang: str = "vi", *, theme: str = "print",
                indicators: Sequence[str] | None = None, baseline: Result | None = None,
                date: dt.date | None = None, handout: bool = True,
                handout_levers: Sequence[str] | None = None) -> str:
    """The report for ``results`` (one or more scenarios of one plan) as an HTML string.

    ``indicators`` limits the cards, charts and citations (default: all); ``baseline`` adds the
    dashed baseline median to a single scenario's charts. ``handout`` adds sliders for the key
    levers (``handout_levers``, else the plan's or the measured ones) over a precomputed grid
    (:mod:`simlib.export.handout`; a few seconds per scenario).
    """
    plan = results[0].plan
    date = date or dt.date.today()
    inds = list(indicators or results[0].indicators)
    years = target_years(results, indicators)
    figs = [attainment_figure(results, y, lang, theme=theme, indicators=indicators, date=date)
            for y in years]
    figs += [indicator_figure(results, i, lang, theme=theme, baseline=baseline, date=date) for i in inds]
    title = f"{t('report_title', lang)} · {text(plan.title, lang)}"
    body = [
        f"<header><h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(text(plan.region, lang))} · {t("generated", lang)} '
        f"{fmt_date(date, lang)}</p><p>{escape(text(plan.note, lang))}</p></header>",
        _scenarios(results, lang),
        _cards(results, inds, lang),
        (handout_html([r.scenario for r in results], lang, handout_levers, seed=results[0].seed,
                      indicators=indicators) if handout else ""),
        f"<h2>{t('charts', lang)}</h2>",
        *(f'<figure role="img">{drawn["svg"].decode("utf-8")}</figure>'
          for drawn in render_many([f.chart for f in figs], ("svg",), lang=lang, theme=theme)),
        _levers(results, lang),
        _assumptions(results, lang),
        _citations(plan, inds, lang),
    ]
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS.read_text(encoding='utf-8')}{CARD_CSS}</style>"
            "</head>"
            f"<body>{''.join(body)}</body></html>\n")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], num: Sequence[int] = ()) -> str:
    """An HTML table; cells are HTML already; columns in ``num`` align right."""
    def cells(tag: str, row: Sequence[str]) -> str:
        return "".join(f'<{tag}{" class=num" if k in num else ""}>{c}</{tag}>' for k, c in enumerate(row))
    return (f"<table><thead><tr>{cells('th', head)}</tr></thead><tbody>"
            + "".join(f"<tr>{cells('td', r)}</tr>" for r in rows) + "</tbody></table>")


def _scenarios(results: Sequence[Result], lang: str) -> str:
    rows = [[f"<b>{escape(scenario_label(r, lang))}</b> <span class=muted>({escape(r.scenario.name)})"
             "</span>", escape(text(r.scenario.description, lang)),
             f"{fmt_number(r.draws, lang, 0)} {t('draws', lang)}, seed {r.seed}"] for r in results]
    return (f"<h2>{t('scenario', lang)}</h2>"
            + _table([t("scenario", lang), "", t("projection", lang)], rows))


def _cards(results: Sequence[Result], inds: Sequence[str], lang: str) -> str:
    """Each scenario's target cards, as on the dashboard (:func:`simlib.cards.card_html`), worst
    first."""
    parts = [f"<h2>{t('targets', lang)}</h2>"]
    for res in results:
        cards = [card_html(res, rows, lang) for ind, rows in cards_by_indicator(res).items()
                 if ind in inds]
        if len(results) > 1:
            parts.append(f"<h3>{escape(scenario_label(res, lang))}</h3>")
        parts.append(f"<div class=cards>{''.join(cards)}</div>")
    return "".join(parts)


def source_text(source: str, assumption: bool, lang: str) -> str:
    """A source as plain text: 'Giả định (chưa có nguồn)' (and the note, if any) for unsourced
    values."""
    note = "" if source.strip().lower() == "assumption" else source
    if not assumption:
        return note
    return t("assumption_no_source", lang) + (f": {note}" if note else "")


def lever_value_text(lever: Lever, value: float | dict[int, float], plan: Plan, lang: str) -> str:
    """A scenario's lever value as text: a number, a year (or 'outside the plan period'), or a path
    '2026: 30 → 2028: 40'."""
    if lever.kind == "year":
        return t("not_in_period", lang) if value > plan.end_year else fmt_year(value)
    if isinstance(value, dict):
        return " → ".join(f"{y}: {fmt_value(v, lang)}" for y, v in sorted(value.items()))
    return fmt_value(value, lang)


def _levers(results: Sequence[Result], lang: str) -> str:
    plan = results[0].plan
    rows = [[escape(text(lv.label, lang)), escape(text(lv.unit, lang)),
             *(escape(lever_value_text(lv, r.scenario.lever_value(lv.id), plan, lang)) for r in results),
             source_html(lv, lang)] for lv in plan.levers.values()]
    head = [t("levers", lang), t("unit", lang), *(escape(scenario_label(r, lang)) for r in results),
            t("source", lang)]
    return f"<h2>{t('levers', lang)}</h2>" + _table(head, rows, num=tuple(range(2, 2 + len(results))))


def _assumptions(results: Sequence[Result], lang: str) -> str:
    """Every assumption: central value (per scenario where overrides differ), distribution, source."""
    effective = [r.scenario.effective_assumptions() for r in results]
    rows = []
    for aid, a in results[0].plan.assumptions.items():
        per = [e[aid] for e in effective]
        same = all(x == per[0] for x in per)
        central = (fmt_value(per[0].central, lang) if same else "<br>".join(
            f"{escape(scenario_label(r, lang))}: {fmt_value(x.central, lang)}"
            for r, x in zip(results, per, strict=True)))
        dist = (escape(per[0].dist.describe(lang)) if same else "<br>".join(
            escape(x.dist.describe(lang)) for x in per))
        rows.append([escape(text(a.label, lang)), central, escape(text(a.unit, lang)), dist,
                     source_html(a, lang)])
    head = [t("assumptions", lang), t("central", lang), t("unit", lang), t("distribution", lang),
            t("source", lang)]
    return f"<h2>{t('assumptions', lang)}</h2>" + _table(head, rows, num=(1,))


def _citations(plan: Plan, inds: Sequence[str], lang: str) -> str:
    """The plan sentence, plan and source of every target."""
    items = []
    for ind, tg in plan.targets():
        if ind.id not in inds:
            continue
        note = (f"<details class=muted><summary>{t('technical_source', lang)}</summary>"
                f"{escape(tg.note)}</details>" if tg.note else "")
        items.append(
            f"<li><b>{escape(text(ind.label, lang))}</b> — {tg.year}: {escape(tg.label())} "
            f"{escape(text(ind.unit, lang))}<blockquote lang=vi>{escape(tg.sentence)}</blockquote>"
            f"{escape(plan.source_name(tg.source, lang))} · {t('source', lang)}: "
            f'<span class="source">{escape(plan.sources[tg.source].citation)}</span>{note}</li>')
    return f"<h2>{t('citations', lang)}</h2><ol class=citations>{''.join(items)}</ol>"
