"""The workshop handout: the report's key levers as sliders over a precomputed grid.

Opened from a USB stick or an e-mail attachment, with no Python, server or internet, the report
lets staff move the 3–4 levers that move the plan's targets most and see the trajectory and
P(met) change. Every combination of the key levers' levels is simulated beforehand (same draws
and seed: common random numbers) and only what the page shows is embedded — 5 / 50 / 95 % per
targeted indicator and year, P(met) per target — quantised to 16 bits, columnar, gzip'd, and
decoded in the browser with ``DecompressionStream``. The chart is Vega-Lite (vl-convert's
offline bundle, inlined) with one range slider per lever bound to a param that snaps to the grid.
"""

from __future__ import annotations

import base64
import gzip
import itertools
import json
import math
import os
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from html import escape
from pathlib import Path

import numpy as np

from ..analysis.executors import SerialExecutor, prepare_worker, run_tasks
from ..analysis.lever_effects import lever_effects
from ..engine import simulate
from ..extensions import component_sources
from ..formatting import D3_LOCALES
from ..i18n import t, text
from ..result import BANDS, quantiles
from ..scenario import Scenario
from ..schema import Lever, Plan
from .pool import ENV

KEY_LEVERS = 3  # 3 levers × 5–6 levels: ~150 simulations a scenario, a few seconds
LEVELS = 5
DRAWS = 400
CHUNK = 24          # grid points per task: ~0.5 s of simulation, so shipping a task is cheap
SCALE = 65535       # 16-bit quantisation
SCRIPT = Path(__file__).resolve().parents[1] / "templates" / "handout.js"


def key_levers(scenario: Scenario, n: int = KEY_LEVERS, year: int | None = None,
               draws: int = 300, seed: int = 0) -> list[str]:
    """The plan's ``handout_levers`` if declared, else the ``n`` levers that move the targets of
    ``year`` (default: the plan's end year) most: Σ over targets that are not references of
    |ΔP(met)| + min(|Δmedian| / |target|, 1) between the ends of each lever's range."""
    plan = scenario.plan
    if plan.handout_levers:
        return list(plan.handout_levers)
    year = year or plan.end_year
    effects = lever_effects(scenario, year, draws, seed)
    targeted = {ind.id for ind, tg in plan.targets() if tg.year == year and not tg.reference}
    rows = effects[effects.indicator.isin(targeted)]
    dp = (rows.p_met_high - rows.p_met_low).abs()
    dm = ((rows.median_high - rows.median_low).abs() / rows.target.abs().clip(lower=1e-9)).clip(upper=1)
    score = (dp + dm).groupby(rows.lever).sum().sort_values(ascending=False, kind="stable")
    return list(score.index[:n])


def lever_levels(lever: Lever, levels: int = LEVELS) -> tuple[float, ...]:
    """Evenly spaced levels across the lever's range; every year for a start-year lever."""
    lo, hi = lever.range
    if lever.kind == "year":
        return tuple(float(y) for y in range(int(lo), int(hi) + 1))
    return tuple(float(v) for v in np.linspace(lo, hi, levels))


@dataclass(frozen=True)
class HandoutGrid:
    """One scenario's grid: ``bands[stat, indicator, year, point]`` (5/50/95 %) and
    ``p_met[target, point]``; points enumerate the levers' levels, the last lever fastest."""

    scenario: Scenario
    levers: tuple[str, ...]
    levels: tuple[tuple[float, ...], ...]
    indicators: tuple[str, ...]
    years: tuple[int, ...]
    targets: tuple[tuple[str, int], ...]
    bands: np.ndarray
    p_met: np.ndarray
    draws: int
    seed: int

    def point(self, values: Sequence[float]) -> int:
        """Index of the grid point nearest to ``values`` (one per lever)."""
        index = 0
        for levels, v in zip(self.levels, values, strict=True):
            index = index * len(levels) + _nearest(levels, v)
        return index


def _nearest(levels: Sequence[float], value: float) -> int:
    return int(np.argmin(np.abs(np.asarray(levels) - value)))


def _grid_task(scenario: Scenario, levers: tuple[str, ...], points: list[tuple[float, ...]],
               draws: int, seed: int, indicators: tuple[str, ...],
               targets: tuple[tuple[str, int], ...], sources: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Simulate grid points in a worker and keep only what the page shows (float32)."""
    prepare_worker(sources)
    plan = scenario.plan
    goals = {(ind.id, tg.year): tg for ind, tg in plan.targets()}
    bands, p_met = [], []
    for values in points:
        res = simulate(scenario.with_levers(**dict(zip(levers, values, strict=True))), draws, seed)
        cols = [res.indicators.index(i) for i in indicators]
        bands.append(quantiles(res.data[:, cols], BANDS).transpose(0, 2, 1))  # stat, ind, year
        p_met.append([res.p_met(i, y, goals[i, y]) for i, y in targets])
    return np.asarray(bands, np.float32), np.asarray(p_met, np.float32)


def build_grid(scenario: Scenario, levers: Sequence[str], draws: int = DRAWS, seed: int = 0,
               executor: Executor | None = None,
               indicators: Sequence[str] | None = None) -> HandoutGrid:
    """Simulate every combination of the levers' levels (others as in ``scenario``), in chunks
    on ``executor`` (default: a process pool on a multi-core machine), keeping ``indicators``
    (default: those with targets) and the targets after history among them."""
    plan = scenario.plan
    levers = tuple(levers)
    levels = tuple(lever_levels(plan.levers[lid]) for lid in levers)
    points = list(itertools.product(*levels))
    indicators = tuple(indicators or (ind.id for ind in plan.indicators.values() if ind.targets))
    targets = tuple((ind.id, tg.year) for ind, tg in plan.targets()
                    if ind.id in indicators and not plan.is_history(tg.year))
    sources = component_sources(plan)
    chunks = [(scenario, levers, points[k:k + CHUNK], draws, seed, indicators, targets, sources)
              for k in range(0, len(points), CHUNK)]
    parts = run_tasks(_grid_task, chunks, executor)
    bands = np.concatenate([b for b, _ in parts]).transpose(1, 2, 3, 0)  # stat, ind, year, point
    p_met = np.concatenate([p for _, p in parts]).T
    return HandoutGrid(scenario, levers, levels, indicators, tuple(int(y) for y in plan.years),
                       targets, bands, p_met, draws, seed)


def encode(grid: HandoutGrid) -> tuple[dict, str]:
    """(meta, payload): 16-bit codes of the bands (per indicator between its grid-wide lowest
    5 % and highest 95 %) and of P(met), in one little-endian array, gzip'd and base64'd."""
    lo = grid.bands.min(axis=(0, 2, 3)).astype(float)
    hi = grid.bands.max(axis=(0, 2, 3)).astype(float)
    span = np.where(hi > lo, hi - lo, 1.0)
    codes = np.rint((grid.bands - lo[None, :, None, None]) / span[None, :, None, None] * SCALE)
    pm = np.rint(grid.p_met * SCALE)
    raw = np.concatenate([codes.ravel(), pm.ravel()]).astype("<u2").tobytes()
    meta = {"lo": lo.tolist(), "span": span.tolist(), "points": int(grid.bands.shape[-1])}
    return meta, base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def decode(meta: dict, payload: str, n_ind: int, n_years: int, n_targets: int
           ) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of :func:`encode` (what the page's script does): bands, p_met."""
    raw = np.frombuffer(gzip.decompress(base64.b64decode(payload)), "<u2").astype(float)
    n = 3 * n_ind * n_years * meta["points"]
    lo, span = np.asarray(meta["lo"]), np.asarray(meta["span"])
    bands = raw[:n].reshape(3, n_ind, n_years, meta["points"]) / SCALE
    bands = bands * span[None, :, None, None] + lo[None, :, None, None]
    return bands, raw[n:].reshape(n_targets, meta["points"]) / SCALE


def _lever_label(lever: Lever, value: float, plan: Plan, lang: str) -> str:
    unit = text(lever.unit, lang)
    shown = (t("not_in_period", lang) if lever.kind == "year" and value > plan.end_year
             else f"{value:g}")
    return f"{text(lever.label, lang)} ({unit}; {t('handout_current', lang)}: {shown})"


def _scenario_value(scenario: Scenario, lever_id: str) -> float:
    """The lever's value in the plan's last year (a path's end)."""
    end = np.array([float(scenario.plan.end_year)])
    return float(scenario.lever_at(lever_id, end)[0])


def _spec(lang: str, years: Sequence[int], height: int = 260) -> dict:
    """The Vega-Lite chart: band, median, targets and observations from named datasets that the
    page's script swaps; the lever params are added per page."""
    x = {"field": "year", "type": "quantitative", "title": None,
         "scale": {"domain": [years[0], years[-1]]}, "axis": {"format": "d", "tickMinStep": 1}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container", "height": height, "autosize": {"type": "fit", "contains": "padding"},
        "layer": [
            {"data": {"name": "bands"}, "mark": {"type": "area", "fillOpacity": 0.25, "color": "#1c7ed6"},
             "encoding": {"x": x, "y": {"field": "p05", "type": "quantitative", "title": None},
                          "y2": {"field": "p95"}}},
            {"data": {"name": "bands"}, "mark": {"type": "line", "color": "#1864ab", "strokeWidth": 2.5},
             "encoding": {"x": x, "y": {"field": "median", "type": "quantitative"}}},
            {"data": {"name": "targets"},
             "mark": {"type": "point", "shape": "diamond", "size": 140, "filled": True},
             "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"},
                          "color": {"field": "national", "type": "nominal", "legend": None,
                                    "scale": {"domain": [False, True],
                                              "range": ["#c92a2a", "#868e96"]}}}},
            {"data": {"name": "observed"}, "mark": {"type": "point", "filled": True, "color": "#212529",
                                                    "size": 60},
             "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"}}},
        ],
        "config": {"font": "DejaVu Sans VN, Liberation Sans, Arial, sans-serif"},
        "usermeta": {"lang": lang},
    }


def handout_section(grids: Sequence[HandoutGrid], lang: str) -> str:
    """The report section: controls, chart, P(met) table and the embedded grids."""
    first = grids[0]
    plan = first.scenario.plan
    spec = _spec(lang, first.years)
    current = [_scenario_value(first.scenario, lid) for lid in first.levers]
    start = first.point(current)
    spec["datasets"] = {  # the first indicator at the scenario's levels; the script swaps them
        "bands": [{"year": y, "p05": float(first.bands[0, 0, k, start]),
                   "median": float(first.bands[1, 0, k, start]),
                   "p95": float(first.bands[2, 0, k, start])} for k, y in enumerate(first.years)],
        "targets": [], "observed": []}
    spec["params"] = [{
        "name": f"lever_{k}", "value": lv[_nearest(lv, now)],
        "bind": {"input": "range", "min": lv[0], "max": lv[-1],
                 "step": (lv[1] - lv[0]) if len(lv) > 1 else 1,
                 "name": _lever_label(plan.levers[lid], now, plan, lang)},
    } for k, (lid, lv, now) in enumerate(zip(first.levers, first.levels, current, strict=True))]
    indicators = [{"id": i, "label": text(plan.indicators[i].label, lang),
                   "unit": text(plan.indicators[i].unit, lang),
                   "targets": [{"year": tg.year, "value": tg.value, "symbol": tg.symbol,
                                "national": plan.is_national(tg)}
                               for tg in plan.indicators[i].targets],
                   "observed": [{"year": o.year, "value": o.value}
                                for o in plan.indicators[i].observed if o.year >= plan.base_year]}
                  for i in first.indicators]
    encoded = [encode(g) for g in grids]
    meta = {
        "spec": spec, "locale": D3_LOCALES[lang], "lang": lang,
        "levers": [{"signal": f"lever_{k}", "levels": list(lv)} for k, lv in enumerate(first.levels)],
        "years": list(first.years), "indicators": indicators,
        "targets": [{"indicator": i, "year": y, "label": f"{text(plan.indicators[i].label, lang)} "
                     f"({y}: {plan_target_label(plan, i, y)})"} for i, y in first.targets],
        "scenarios": [{"name": text(g.scenario.title, lang) or g.scenario.name, **m}
                      for g, (m, _) in zip(grids, encoded, strict=True)],
        "text": {"p_met": t("p_met", lang), "target": t("target", lang), "median": t("median", lang)},
    }
    from vl_convert import javascript_bundle

    options = "".join(f'<option value="{k}">{escape(s["name"])}</option>'
                      for k, s in enumerate(meta["scenarios"]))
    picker = "".join(f'<option value="{escape(i["id"])}">{escape(i["label"])}</option>'
                     for i in indicators)
    data = "".join(f'<script type="application/octet-stream" id="ho-data-{k}">{payload}</script>'
                   for k, (_, payload) in enumerate(encoded))
    note = t("handout_note", lang).format(draws=first.draws, seed=first.seed,
                                          points=first.bands.shape[-1])
    return (f'<section id="handout"><h2>{t("handout_title", lang)}</h2><p class="muted">{escape(note)}</p>'
            f'<div class="ho-controls"><label>{t("scenario", lang)} <select id="ho-scenario">{options}'
            f'</select></label> <label>{t("indicator", lang)} <select id="ho-indicator">{picker}'
            f'</select></label></div><h3 id="ho-title"></h3><div id="ho-chart"></div>'
            f'<table id="ho-table"><thead><tr><th>{t("target", lang)}</th><th class=num>'
            f'{t("p_met", lang)}</th></tr></thead><tbody></tbody></table>'
            f'<script type="application/json" id="ho-meta">{_json_for_script(meta)}</script>{data}'
            f"<script>{javascript_bundle()}</script>"
            f"<script>{SCRIPT.read_text(encoding='utf-8')}</script></section>")


def plan_target_label(plan: Plan, indicator: str, year: int) -> str:
    return next(tg.label() for tg in plan.indicators[indicator].targets if tg.year == year)


def _json_for_script(data: dict) -> str:
    """JSON safe inside a <script> element (no '</' sequence)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")


def handout(scenarios: Sequence[Scenario], lang: str, levers: Sequence[str] | None = None,
            draws: int = DRAWS, seed: int = 0, executor: Executor | None = None,
            indicators: Sequence[str] | None = None) -> str:
    """The handout section for these scenarios (the key levers of the first, or ``levers``).
    Without ``executor``: in this process when ``SIMLIB_EXPORT_WORKERS=0`` (dashboard kernels),
    else a process pool on a multi-core machine."""
    levers = list(levers or key_levers(scenarios[0], seed=seed))
    if executor is None and os.environ.get(ENV) == "0":
        executor = SerialExecutor()
    grids = [build_grid(sc, levers, draws, seed, executor, indicators) for sc in scenarios]
    return handout_section(grids, lang)


def grid_points(plan: Plan, levers: Sequence[str]) -> int:
    """How many simulations one scenario's grid takes."""
    return math.prod(len(lever_levels(plan.levers[lid])) for lid in levers)
