"""What an analyst meets in their own notebook: charts offline without asking, a Result and a
Scenario that summarise themselves, charts in one call, progress that shows, one base year."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import altair as alt
import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

import simlib
from simlib.progress import Progress
from simlib.summary import status_counts

ROOT = Path(__file__).resolve().parents[2]
CDN = re.compile(r"cdn\.jsdelivr|unpkg\.com|cdnjs|https?://[^\s\"']*vega", re.I)


@pytest.fixture(scope="module")
def plan_result() -> simlib.Result:
    return simlib.simulate(simlib.load_scenario("plan"), draws=200, seed=1)


@pytest.fixture(scope="module")
def baseline_result() -> simlib.Result:
    return simlib.simulate(simlib.load_scenario("baseline"), draws=200, seed=1)


def run_notebook(cells: list[str], tmp_path: Path, monkeypatch) -> list[list[dict]]:
    """Execute a new notebook of ``cells`` in a fresh kernel; the outputs of each cell."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.delenv("ALTAIR_RENDERER", raising=False)
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(book, kernel_name="python3", timeout=180,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return [c.outputs for c in book.cells]


def texts(outputs: list[dict]) -> str:
    parts = []
    for o in outputs:
        parts.append(o.get("text", ""))
        for value in o.get("data", {}).values():
            parts.append(value if isinstance(value, str) else repr(value))
    return "\n".join(parts)


@pytest.mark.notebook
def test_a_new_notebook_draws_every_chart_offline(tmp_path, monkeypatch):
    cells = run_notebook([
        "import simlib\nimport altair as alt\nprint(alt.renderers.active)",
        "res = simlib.simulate(simlib.load_scenario('plan'), draws=100, seed=1)\nres",
        "res.plot.trajectory('st_transfer_share')",
        "res.plot.attainment(2030, 'en')",
        "alt.Chart(res.to_frame()).mark_line().encode(x='year:Q', y='value:Q', color='stat:N')",
        "res.filter(indicators=['digital_teams']).plot.trajectory('digital_teams', 'en')",
        "simlib.sobol(res.scenario, 'st_transfer_share', 2030, n=64, seed=1, progress=True).shape",
    ], tmp_path, monkeypatch)
    assert texts(cells[0]).strip() == "svg"
    summary = cells[1][0]["data"]
    assert len(summary["text/plain"]) < 200 and "chờ số liệu" in summary["text/html"]
    for chart in cells[2:6]:
        assert [o["output_type"] for o in chart] == ["execute_result"]
        assert "image/svg+xml" in chart[0]["data"]
    everything = "\n".join(texts(c) for c in cells)
    assert not CDN.search(everything), CDN.search(everything)
    assert not any(o.get("name") == "stderr" for c in cells for o in c), "a warning box in Lab"
    assert "<progress" in texts(cells[6])


@pytest.mark.notebook
def test_a_renderer_the_analyst_chose_is_kept(tmp_path, monkeypatch):
    cells = run_notebook(["import altair as alt\nalt.renderers.enable('json')\nimport simlib\n"
                          "print(alt.renderers.active)"], tmp_path, monkeypatch)
    assert texts(cells[0]).strip() == "json"


def test_reprs_are_short_and_the_summary_counts_every_status(plan_result):
    r = plan_result
    assert repr(r) == "<Result 'plan': 200 draws, seed 1, 2024–2030, 20 indicators, counting noise>"
    assert len(repr(r.scenario)) < 200 and "'plan'" in repr(r.scenario)
    html = r._repr_html_()
    assert len(html) < 20_000
    counts = status_counts(r.target_rows())
    assert counts["pending"] > 0 and counts["reference"] > 0
    for status, label in [("met", "đạt"), ("at_risk", "có nguy cơ"), ("missed", "không đạt"),
                          ("pending", "chờ số liệu"), ("reference", "tham chiếu")]:
        assert f">{counts[status]} {label}</span>" in html
    assert len(r.scenario._repr_html_()) < 10_000 and "st_budget" not in r.scenario._repr_html_()
    assert "plot" in dir(r)


def _spec(chart: alt.TopLevelMixin) -> dict:
    return chart.to_dict()


def test_plot_accessor_draws_with_the_existing_builders(plan_result, baseline_result):
    r, b = plan_result, baseline_result
    chart = r.plot.trajectory("digital_team_village_coverage", baseline=b)
    assert isinstance(chart, alt.LayerChart)
    spec = _spec(chart)
    plan = r.plan
    assert spec["title"]["text"] == plan.indicators["digital_team_village_coverage"].label["vi"]
    first = min(o.year for o in plan.indicators["digital_team_village_coverage"].observed)
    assert spec["encoding"]["x"]["scale"]["domain"][0] == first
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["Theo kế hoạch", "Kịch bản cơ sở", "Số liệu thực tế", "Mục tiêu"]
    english = _spec(r.plot.trajectory("digital_team_village_coverage", "en"))
    assert english["layer"][0]["encoding"]["color"]["scale"]["domain"][-1] == "Target"
    both = _spec(simlib.plot.compare([b, r], "st_transfer_share", "en"))
    assert both["layer"][0]["encoding"]["color"]["scale"]["domain"][:2] == [
        "Baseline (business as usual)", "As planned"]
    assert isinstance(r.plot.attainment(2030), alt.LayerChart)
    assert "2030" in _spec(r.plot.attainment(2030, "en"))["title"]["text"]
    with pytest.raises(KeyError, match="unknown indicator"):
        r.plot.trajectory("no_such")
    with pytest.raises(ValueError, match="no target in 2027"):
        r.plot.attainment(2027)


def test_dashboard_and_export_charts_keep_their_form(plan_result):
    """The legend and the axis start are opt-in: the dashboard's and exports' specs are unchanged."""
    from simlib.charts import bands_frame, trajectory_chart

    spec = trajectory_chart(plan_result.plan, "st_transfer_share", "vi",
                            bands_frame([plan_result], "st_transfer_share", "vi")).to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"][0] == plan_result.plan.history_from
    assert spec["layer"][0]["encoding"]["color"]["legend"] is None


def test_progress_shows_on_a_terminal_and_never_changes_the_numbers(plan_scenario, capsys):
    quiet = simlib.sobol(plan_scenario, "st_transfer_share", 2030, n=64, seed=1, progress=False)
    assert capsys.readouterr().err == ""
    shown = simlib.sobol(plan_scenario, "st_transfer_share", 2030, n=64, seed=1, progress=True)
    err = capsys.readouterr().err
    pd.testing.assert_frame_equal(quiet, shown)
    steps = re.findall(r"sobol \[#*\s*\] (\d+)/(\d+)", err)
    assert len(steps) > 3 and steps[-1][0] == steps[-1][1]
    simlib.simulate_many([plan_scenario] * 2, draws=20, progress=True,
                         executor=simlib.analysis.SerialExecutor())
    assert "simulate [" in capsys.readouterr().err


def test_progress_waits_a_second_before_showing(capsys, monkeypatch):
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    with Progress(3, "quick", None) as bar:  # automatic: nothing for a run under a second
        bar.update(3)
    assert capsys.readouterr().err == ""
    with Progress(3, "slow", None, delay=0.0) as bar:
        bar.update()
    assert "slow [" in capsys.readouterr().err


def test_every_scenario_starts_from_the_same_observed_state(plan):
    """Issue 16 (one base year): tests/test_credibility.py::test_no_scenario_changes_history
    compares every indicator in 2024–2025 across the shipped scenarios. Here the case that broke
    it: the enterprise component's initial state read the scenario's support budget; it now reads
    the lever at the first step, which is history (business as usual) in every scenario."""
    low, high = plan.levers["enterprise_support_budget"].range
    sc = simlib.load_scenario("baseline")
    runs = [simlib.simulate(sc.with_levers(enterprise_support_budget=v), draws=100, seed=1)
            for v in (low, high)]
    for year in range(plan.base_year, plan.history_end + 1):
        assert np.array_equal(runs[0].value("enterprise_tech_investment_share", year),
                              runs[1].value("enterprise_tech_investment_share", year))
    assert not np.array_equal(runs[0].value("enterprise_tech_investment_share", plan.end_year),
                              runs[1].value("enterprise_tech_investment_share", plan.end_year))


@pytest.mark.notebook
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_kernel_registers_a_simlib_kernel_that_runs_simlib(tmp_path, monkeypatch):
    """`make kernel` (run by `make lab`) writes a "simlib" kernelspec in the user's Jupyter data
    folder (here a temporary one) without the network; a notebook on that kernel imports simlib
    from any folder."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    subprocess.run(["make", "-s", "kernel", "STAMP=", f"PY={sys.executable}"], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    spec = json.loads((tmp_path / "data" / "kernels" / "simlib" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable and spec["display_name"] == "Python (simlib)"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import simlib; simlib.Result")])
    NotebookClient(book, kernel_name="simlib", timeout=120,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert "simlib.result.Result" in book.cells[0].outputs[0]["data"]["text/plain"]


def test_lab_settings_turn_off_everything_that_reaches_the_web():
    overrides = json.loads((ROOT / "jupyter" / "labconfig" / "default_setting_overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false", "checkForUpdates": False}
    lab = (ROOT / "Makefile").read_text().split("\nlab:")[1].split("\n\n")[0]
    assert "JUPYTER_CONFIG_PATH" in lab and "--notebook-dir=notebooks" in lab
    assert "extension_manager=readonly" in lab and "127.0.0.1" in lab


def test_the_analysis_charts_module_has_a_name_of_its_own():
    import simlib.analysis
    from simlib.analysis import analysis_charts

    with pytest.warns(DeprecationWarning, match="analysis_charts"):
        from simlib.analysis import charts
    assert charts is analysis_charts and callable(charts.tornado_chart)
    with pytest.raises(AttributeError):
        simlib.analysis.nonsense  # noqa: B018
