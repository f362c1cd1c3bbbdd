"""The validation page: how well the model reproduces what was observed, generated from the plan.

Every series observed more than once is hindcast from its first observation (business-as-usual
levers; central run and the 5–95 % band of an ensemble) and set against each later observation.
Single observations only set a starting point; context series are listed with their sources.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..formatting import fmt_number
from ..i18n import t, text
from ..result import BANDS, Result, quantiles
from ..scenario import Scenario
from ..schema import Plan
from ..validation import Hindcast, hindcast, series_start
from .reference import _markdown

DRAWS, SEED = 1000, 1


@dataclass(frozen=True)
class ModelCheck:
    """What :func:`model_check` found; numbers in each indicator's unit.

    ``checks``: indicator, start_year, year, observed, central, median, p05, p95, error
    (central − observed), relative_error (error / |observed|), inside (p05 ≤ observed ≤ p95),
    source, confidence. ``starts``: indicator, start_year, observed, model (central start
    value), start (``observation``, ``carried`` or ``assumptions``: where the model's start value
    comes from), from_year. ``single``: series with nothing to check (indicator, year, observed,
    start, source, confidence). ``carried``: start values carried from another year (start_year,
    indicator, value, from_year, source). ``context``: observed-only series (id, relates_to,
    year, value, source, confidence).
    """

    plan: Plan
    checks: pd.DataFrame
    starts: pd.DataFrame
    single: pd.DataFrame
    carried: pd.DataFrame
    context: pd.DataFrame
    draws: int
    seed: int

    @property
    def inside(self) -> int:
        """How many later observations fall inside the 5–95 % band."""
        return int(self.checks.inside.sum())


def _how(h: Hindcast, indicator: str) -> tuple[str, int | None]:
    """Where the hindcast's start value of ``indicator`` comes from, and the observation's year."""
    v = h.reads(indicator)
    if v is None:
        return "assumptions", None
    return ("carried" if v.carried else "observation"), v.from_year


def model_check(plan_or_scenario: Plan | Scenario, draws: int = DRAWS, seed: int = SEED) -> ModelCheck:
    """Hindcast every series with observations after its start (see
    :func:`simlib.validation.series_start`) and compare; a plan is run with business-as-usual
    levers (no lever or assumption overrides). Observations after the end year are left out."""
    sc = (plan_or_scenario if isinstance(plan_or_scenario, Scenario)
          else Scenario(name="business-as-usual", plan=plan_or_scenario))
    plan = sc.plan
    checks, starts, single, carried = [], [], [], {}
    hindcasts: dict[int, Hindcast] = {}
    runs: dict[int, tuple[Result, Result]] = {}  # start year → central run, ensemble
    for ind in plan.indicators.values():
        obs = sorted((o for o in ind.observed if o.year <= plan.end_year), key=lambda o: o.year)
        if not obs:
            continue
        start = series_start(plan, [o.year for o in obs])
        if start not in hindcasts:
            hindcasts[start] = hindcast(sc, start)
        h = hindcasts[start]
        how, from_year = _how(h, ind.id)
        later = [o for o in obs if o.year > start]
        if not later:
            single += [{"indicator": ind.id, "year": o.year, "observed": o.value, "start": how,
                        "source": o.source, "confidence": o.confidence} for o in obs]
            continue
        if start not in runs:
            runs[start] = (h.simulate(1), h.simulate(draws, seed))
            carried.update({(start, v.indicator): v for v in h.carried})
        central, ensemble = runs[start]
        starts.append({"indicator": ind.id, "start_year": start,
                       "observed": obs[0].value if obs[0].year == start else np.nan,
                       "model": float(central.value(ind.id, start)[0]), "start": how,
                       "from_year": from_year})
        for o in later:
            p05, median, p95 = quantiles(ensemble.value(ind.id, o.year), BANDS)
            c = float(central.value(ind.id, o.year)[0])
            checks.append({"indicator": ind.id, "start_year": start, "year": o.year,
                           "observed": o.value, "central": c, "median": median, "p05": p05,
                           "p95": p95, "error": c - o.value,
                           "relative_error": (c - o.value) / abs(o.value) if o.value else np.nan,
                           "inside": bool(p05 <= o.value <= p95), "source": o.source,
                           "confidence": o.confidence})
    context = [{"id": c.id, "relates_to": c.relates_to, "year": o.year, "value": o.value,
                "source": o.source, "confidence": o.confidence}
               for c in plan.context for o in c.observed]
    carried_rows = [{"start_year": y, "indicator": v.indicator, "value": v.value,
                     "from_year": v.from_year, "source": v.source}
                    for (y, _), v in sorted(carried.items(), key=lambda kv: kv[0][0])]
    cols = {
        "checks": ["indicator", "start_year", "year", "observed", "central", "median", "p05", "p95",
                   "error", "relative_error", "inside", "source", "confidence"],
        "starts": ["indicator", "start_year", "observed", "model", "start", "from_year"],
        "single": ["indicator", "year", "observed", "start", "source", "confidence"],
        "carried": ["start_year", "indicator", "value", "from_year", "source"],
        "context": ["id", "relates_to", "year", "value", "source", "confidence"],
    }
    return ModelCheck(plan, *(pd.DataFrame(rows, columns=cols[k]) for k, rows in (
        ("checks", checks), ("starts", starts), ("single", single), ("carried", carried_rows),
        ("context", context))), draws=int(draws), seed=int(seed))


# --- the page ---------------------------------------------------------------------------------
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
