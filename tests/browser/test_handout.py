"""The report's handout in real Chromium, opened from disk with the network off: each slider
moves the chart and the P(met) table; nothing is requested; no console error."""

from __future__ import annotations

import pytest

import simlib
from simlib.analysis.executors import SerialExecutor
from simlib.export.handout import build_grid, handout_section

LEVERS = ("digital_team_budget", "intermediary_start_year", "digitisation_budget")


@pytest.fixture(scope="module")
def handout_file(tmp_path_factory):
    grids = [build_grid(simlib.load_scenario(n), LEVERS, 60, 1, SerialExecutor())
             for n in ("plan", "baseline")]
    path = tmp_path_factory.mktemp("handout") / "handout.html"
    path.write_text("<!DOCTYPE html><html lang=vi><head><meta charset=utf-8><title>h</title></head>"
                    f"<body>{handout_section(grids, 'vi')}</body></html>", encoding="utf-8")
    return path


def _state(page) -> tuple[str, str]:
    return (page.eval_on_selector("#ho-chart svg", "svg => svg.innerHTML"),
            page.eval_on_selector("#ho-table tbody", "t => t.textContent"))


def test_sliders_move_chart_and_table_offline(browser, handout_file):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_offline(True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(handout_file.as_uri())
        page.wait_for_selector("#handout[data-ready='1']", timeout=30_000)
        page.select_option("#ho-indicator", "digital_team_village_coverage")
        sliders = page.query_selector_all("#ho-chart input[type=range]")
        assert len(sliders) == len(LEVERS)
        labels = page.eval_on_selector_all("#ho-chart .vega-bind-name", "ls => ls.map(l => l.textContent)")
        assert any("Kinh phí tổ công nghệ số cộng đồng (tỷ đồng/năm; kịch bản: 3)" in lb for lb in labels)
        for k, slider in enumerate(sliders):
            if k == 0:  # coverage responds to the team budget in the chart itself
                before = _state(page)
            else:
                page.select_option("#ho-indicator", "st_intermediaries" if k == 1 else
                                   "research_results_digitised_share")
                before = _state(page)
            end = slider.evaluate("s => s.value === s.min ? s.max : s.min")  # the other end
            slider.evaluate("(s, v) => { s.value = v; s.dispatchEvent(new Event('input')); }", end)
            page.wait_for_function("b => document.querySelector('#ho-chart svg').innerHTML !== b",
                                   arg=before[0], timeout=10_000)
            after = _state(page)
            assert after[0] != before[0], f"slider {k} did not change the chart"
            assert after[1] != before[1], f"slider {k} did not change the P(met) table"
        page.select_option("#ho-scenario", "1")
        assert _state(page)[1] != after[1]
    finally:
        context.close()
    assert all(u.startswith("file://") for u in requests), requests
    assert not errors, errors
