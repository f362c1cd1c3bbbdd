"""The handout's grid: what the page shows at a grid point is the model at those lever values."""

from __future__ import annotations

import numpy as np
import pytest

import simlib
from simlib.analysis.executors import SerialExecutor
from simlib.export.handout import (
    SCALE,
    build_grid,
    decode,
    encode,
    grid_points,
    handout_section,
    key_levers,
    lever_levels,
)
from simlib.result import BANDS, quantiles

from .html_check import external_references

LEVERS = ("digitisation_budget", "intermediary_start_year")
DRAWS, SEED = 80, 5


@pytest.fixture(scope="module")
def grid():
    return build_grid(simlib.load_scenario("plan"), LEVERS, DRAWS, SEED, SerialExecutor())


def test_levels_span_each_range_and_start_years_are_whole(plan):
    assert lever_levels(plan.levers["st_budget"]) == (0, 25, 50, 75, 100)
    assert lever_levels(plan.levers["intermediary_start_year"]) == tuple(range(2026, 2032))
    assert grid_points(plan, LEVERS) == 5 * 6


def test_a_grid_point_is_the_model_at_those_levers_to_the_embedding_precision(grid, plan):
    meta, payload = encode(grid)
    bands, p_met = decode(meta, payload, len(grid.indicators), len(grid.years), len(grid.targets))
    span = np.asarray(meta["span"])
    for values in [(0.0, 2026.0), (5.0, 2031.0), (2.5, 2028.0)]:
        p = grid.point(values)
        sc = simlib.load_scenario("plan").with_levers(**dict(zip(LEVERS, values, strict=True)))
        res = simlib.simulate(sc, DRAWS, SEED)
        cols = [res.indicators.index(i) for i in grid.indicators]
        expected = quantiles(res.data[:, cols], BANDS).transpose(0, 2, 1)
        tol = span[None, :, None] / SCALE + 1e-4 * np.maximum(np.abs(expected), 1)
        assert np.all(np.abs(bands[..., p] - expected) <= tol)
        goals = {(ind.id, t.year): t for ind, t in plan.targets()}
        want = [res.p_met(i, y, goals[i, y]) for i, y in grid.targets]
        assert np.allclose(p_met[:, p], want, atol=1 / SCALE + 1e-6)


def test_the_levers_move_what_the_page_shows(grid):
    i = grid.indicators.index("st_intermediaries")
    never, early = grid.point((1.0, 2031.0)), grid.point((1.0, 2026.0))
    assert grid.bands[1, i, -1, never] == 0 and grid.bands[1, i, -1, early] == 1
    j = grid.indicators.index("research_results_digitised_share")
    assert grid.bands[1, j, -1, grid.point((5.0, 2031.0))] > grid.bands[1, j, -1, grid.point((0.0, 2031.0))]


def test_key_levers_come_from_the_plan_or_from_measured_effects(plan):
    sc = simlib.load_scenario("plan")
    chosen = key_levers(sc, n=3, draws=100)
    assert len(chosen) == 3 and set(chosen) <= set(plan.levers)
    assert "st_budget" not in chosen  # it moves no 2030 target's verdict much
    from dataclasses import replace
    declared = replace(sc, plan=replace(plan, handout_levers=("comms_spend",)))
    assert key_levers(declared) == ["comms_spend"]


def test_section_embeds_everything_offline(grid):
    html = handout_section([grid], "vi")
    assert "Thử các đòn bẩy chính" in html and "DecompressionStream" in html
    assert "window.vegaEmbed" in html  # vl-convert's bundle, inlined
    assert external_references(html) == []
    assert "Kinh phí số hóa kết quả nghiên cứu (tỷ đồng/năm; kịch bản: 1)" in html
