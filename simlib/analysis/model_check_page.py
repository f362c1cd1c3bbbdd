"""The validation page (``simlib validate-model``): a :class:`~simlib.analysis.model_check.ModelCheck`
as Markdown or HTML, in Vietnamese or English (words from :mod:`simlib.i18n`, numbers from
:mod:`simlib.formatting`)."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from ..formatting import fmt_number
from ..i18n import t, text
from ..schema import Plan
from .model_check import DRAWS, SEED, ModelCheck, model_check
from .reference import _markdown

CONFIDENCE = ("high", "medium-high", "medium", "medium-low", "low", "placeholder")  # i18n confidence_*



def _n(x: float, lang: str, decimals: int = 1) -> str:
    return fmt_number(float(x), lang, decimals)


def _signed(x: float, lang: str, suffix: str = "") -> str:
    return ("+" if x > 0 else "") + _n(x, lang) + suffix


def _confidence(c: str, lang: str) -> str:
    return t(f"confidence_{c}", lang) if c in CONFIDENCE else c


def _start_text(how: str, from_year: int | None, lang: str) -> str:
    if how == "carried":
        return t("mc_from_carried", lang).format(year=int(from_year))
    return t("mc_from_observation" if how == "observation" else "mc_from_assumptions", lang)


def _label(plan: Plan, iid: str, lang: str) -> str:
    ind = plan.indicators[iid]
    return f"{text(ind.label, lang)} ({text(ind.unit, lang)})"


def validation_tables(check: ModelCheck, lang: str = "en") -> dict[str, pd.DataFrame]:
    """The page's tables, formatted for ``lang`` (vi: 1.234,5), with translated headers."""
    plan = check.plan

    def col(key: str) -> str:
        return t(f"mc_col_{key}", lang)

    starts = check.starts.set_index("indicator")
    rows = []
    for r in check.checks.itertuples():
        st = starts.loc[r.indicator]
        observed = "–" if np.isnan(st.observed) else _n(st.observed, lang, 3)
        rows.append({
            col("series"): _label(plan, r.indicator, lang),
            col("start"): f"{r.start_year}: {observed} → {_n(st.model, lang)} "
                              f"({_start_text(st.start, st.from_year, lang)})",
            col("year"): r.year, col("observed"): _n(r.observed, lang, 3),
            col("central"): _n(r.central, lang), col("median"): _n(r.median, lang),
            col("band"): f"{_n(r.p05, lang)}–{_n(r.p95, lang)}",
            col("error"): _signed(r.error, lang),
            col("relative"): _signed(100 * r.relative_error, lang, "%"),
            col("inside"): t("mc_yes" if r.inside else "mc_no", lang),
            col("confidence"): _confidence(r.confidence, lang), col("source"): r.source,
        })
    single = [{col("series"): _label(plan, r.indicator, lang), col("year"): r.year,
               col("observed"): _n(r.observed, lang, 3),
               col("start_from"): _start_text(r.start, r.year, lang),
               col("confidence"): _confidence(r.confidence, lang), col("source"): r.source}
              for r in check.single.itertuples()]
    carried = [{col("start_year"): r.start_year,
                col("series"): _label(plan, r.indicator, lang),
                col("value"): _n(r.value, lang, 3), col("from_year"): r.from_year,
                col("source"): r.source} for r in check.carried.itertuples()]
    series = {s.id: s for s in plan.context}
    context = [{col("context_series"): text(series[r.id].label, lang),
                col("relates_to"): text(plan.indicators[r.relates_to].label, lang),
                col("year"): r.year, col("value"): _n(r.value, lang, 3),
                col("unit"): text(series[r.id].unit, lang),
                col("confidence"): _confidence(r.confidence, lang), col("source"): r.source}
               for r in check.context.itertuples()]
    return {k: pd.DataFrame(v) for k, v in (("checks", rows), ("single", single),
                                            ("carried", carried), ("context", context))}


def _summary(check: ModelCheck, lang: str) -> list[str]:
    plan, n = check.plan, len(check.checks)
    names = ", ".join(text(plan.indicators[i].label, lang) for i in dict.fromkeys(check.checks.indicator))
    singles = len(set(check.single.indicator))
    context = len(plan.context)
    draws = _n(check.draws, lang, 0)
    return [t("mc_summary_checked", lang).format(names=names, draws=draws, seed=check.seed),
            t("mc_summary_result", lang).format(inside=check.inside, n=n),
            t("mc_summary_unchecked", lang).format(singles=singles, context=context),
            t("mc_summary_caution", lang)]


READING = 4  # paragraphs "How to read this page": i18n mc_reading_1 … mc_reading_4


def _inline_html(line: str) -> str:
    """Escape a Markdown line, keeping its **bold** and `code`."""
    line = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(line))
    return re.sub(r"`(.+?)`", r"<code>\1</code>", line)


def validation_page(plan_or_check: Plan | ModelCheck, lang: str = "en", fmt: str = "markdown",
                    draws: int = DRAWS, seed: int = SEED) -> str:
    """The validation page as Markdown (``fmt="markdown"``) or standalone HTML (``fmt="html"``):
    summary, hindcast table, single observations, carried start values, context series."""
    if fmt not in ("markdown", "html"):
        raise ValueError(f"fmt must be 'markdown' or 'html', got {fmt!r}")
    check = (plan_or_check if isinstance(plan_or_check, ModelCheck)
             else model_check(plan_or_check, draws, seed))
    plan = check.plan
    title = f"{t('mc_title', lang)} · {text(plan.title, lang)}"
    tables = validation_tables(check, lang)
    reading = [t(f"mc_reading_{k}", lang).format(base=plan.base_year, end=plan.end_year)
               for k in range(1, READING + 1)]
    sections = [("summary", _summary(check, lang)), ("checks", tables["checks"]),
                ("single", tables["single"]), ("carried", tables["carried"]),
                ("context", tables["context"]), ("reading", reading)]
    if fmt == "markdown":
        parts = [f"# {title}", "", "<!-- generated by `simlib validate-model`; do not edit -->"]
        for key, body in sections:
            parts += ["", f"## {t('mc_' + key, lang)}", ""]
            if isinstance(body, list):
                parts += ["\n".join(f"- {line}" for line in body)]
            else:
                parts += [_markdown(body) if len(body) else t("mc_none", lang)]
        return "\n".join(parts) + "\n"
    out = []
    for key, body in sections:
        out.append(f"<h2>{html.escape(t('mc_' + key, lang))}</h2>")
        if isinstance(body, list):
            out.append("<ul>" + "".join(f"<li>{_inline_html(line)}</li>" for line in body) + "</ul>")
        else:
            out.append(body.to_html(index=False) if len(body)
                       else f"<p>{html.escape(t('mc_none', lang))}</p>")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head>\n<body><h1>{html.escape(title)}</h1>\n"
            + "\n".join(out) + "\n</body></html>\n")
