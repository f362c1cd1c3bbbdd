"""Scenario files: inheritance, validation messages, overrides and round trips."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import simlib
from simlib.errors import SimlibValidationError
from simlib.scenario import SHIPPED_DIR, scenario_from_text

SHIPPED = ["baseline", "plan", "accelerated", "constrained-budget"]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenarios_load(name):
    sc = simlib.load_scenario(name)
    assert sc.name == name and sc.title["vi"] and sc.title["en"]


def test_based_on_lists_only_differences():
    plan, accelerated = simlib.load_scenario("plan"), simlib.load_scenario("accelerated")
    assert accelerated.lever_value("st_budget") == 35
    assert accelerated.lever_value("incubator_college_year") == plan.lever_value(
        "incubator_college_year")
    assert simlib.load_scenario("baseline").levers == {}


def test_lever_paths_hold_or_interpolate(plan):
    sc = simlib.load_scenario("constrained-budget")
    t = np.array([2025.0, 2026.75, 2027.0, 2030.5])
    assert list(sc.lever_at("st_budget", t)) == [20, 25, 15, 15]  # history, then held
    demand = simlib.load_scenario("plan").with_levers(demand_led_share={2026: 50, 2028: 70})
    assert list(demand.lever_at("demand_led_share", np.array([2025.5, 2026, 2027, 2029]))) == [
        50, 50, 60, 70]  # history, then linear


def test_with_levers_validates_and_suggests(plan_scenario):
    with pytest.raises(SimlibValidationError) as err:
        plan_scenario.with_levers(st_budgt=40, comms_spend=-1, intermediary_start_year=2027.5)
    lines = str(err.value).splitlines()
    assert len(lines) == 3
    assert "did you mean 'st_budget'" in lines[0]
    assert "outside the allowed range 0–10 bn VND/yr" in lines[1]
    assert "expected a year 2026–2031" in lines[2]
    sc2 = plan_scenario.with_levers(st_budget=40)
    assert sc2.lever_value("st_budget") == 40 and plan_scenario.lever_value("st_budget") == 25


def test_assumption_overrides_fix_or_replace_a_distribution(plan_scenario):
    fixed = plan_scenario.with_assumptions(enterprise_bass_q=0.4)
    res = simlib.simulate(fixed, draws=50, seed=1)
    assert res.noise
    eff = fixed.effective_assumptions()["enterprise_bass_q"]
    assert eff.central == 0.4 and eff.dist.type == "fixed"
    wide = plan_scenario.with_assumptions(villages={"type": "uniform", "low": 800, "high": 900})
    assert wide.effective_assumptions()["villages"].dist.params == {"low": 800, "high": 900}
    with pytest.raises(SimlibValidationError,
                       match="low–high 0.5–900 must lie within the allowed range 1–100000"):
        plan_scenario.with_assumptions(villages={"type": "uniform", "low": 0.5, "high": 900})


def test_errors_name_file_line_field_and_range(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("schema_version: 1\nname: mine\nlevers:\n  st_budget: 500\n  digital_team_budgit: 2\n"
                 "  demand_led_share: {2025: 40, 2040: 90}\n", encoding="utf-8")
    with pytest.raises(SimlibValidationError) as err:
        simlib.load_scenario(f)
    msgs = [str(p) for p in err.value.problems]
    assert msgs[0].startswith(f"{f}:4: levers.st_budget: 500 is outside the allowed range 0–100")
    assert f"{f}:5:" in msgs[1] and "did you mean 'digital_team_budget'" in msgs[1]
    assert f"{f}:6:" in msgs[2] and "2019–2030" in msgs[2]


def test_future_schema_version_asks_for_an_upgrade(tmp_path):
    f = tmp_path / "new.yaml"
    f.write_text("schema_version: 7\nname: new\n")
    with pytest.raises(SimlibValidationError, match="newer simlib.*upgrade"):
        simlib.load_scenario(f)


def test_inheritance_cycles_and_unknown_parents_are_clear(tmp_path):
    (tmp_path / "a.yaml").write_text("schema_version: 1\nname: a\nbased_on: b\n")
    (tmp_path / "b.yaml").write_text("schema_version: 1\nname: b\nbased_on: a\n")
    (tmp_path / "c.yaml").write_text("schema_version: 1\nname: c\nbased_on: plann\n")
    with pytest.raises(SimlibValidationError, match="cycle"):
        simlib.load_scenario(tmp_path / "a.yaml")
    with pytest.raises(SimlibValidationError, match="unknown scenario 'plann'"):
        simlib.load_scenario(tmp_path / "c.yaml")


@pytest.mark.parametrize("name", SHIPPED)
def test_round_trip_through_yaml(name):
    sc = simlib.load_scenario(name)
    again = scenario_from_text(sc.to_yaml(), f"{name}.yaml")
    assert again.levers == sc.levers and again.assumptions == sc.assumptions
    a = simlib.simulate(sc, draws=100, seed=8).data
    assert np.array_equal(a, simlib.simulate(again, draws=100, seed=8).data)


def test_round_trip_keeps_distribution_overrides(plan_scenario):
    sc = plan_scenario.with_assumptions(
        villages={"type": "triangular", "low": 850, "mode": 860, "high": 870}, team_lapse_rate=0.05)
    again = scenario_from_text(sc.to_yaml(), "plan.yaml")
    assert again.assumptions == sc.assumptions


def test_a_replaced_distribution_moves_the_central_run(plan_scenario):
    sc = plan_scenario.with_assumptions(
        results_at_reference_budget={"type": "triangular", "low": 5, "mode": 8, "high": 12})
    assert sc.effective_assumptions()["results_at_reference_budget"].central == 8
    res = simlib.simulate(sc, draws=1)
    assert res.value("st_results_completed", 2024)[0] == 8


# --- where scenarios live: shipped in the package, the user's in scenarios_dir() -------------
def test_the_user_folder_is_the_variable_then_dot_scenarios_then_the_user_data_folder(tmp_path,
                                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SIMLIB_SCENARIOS", str(tmp_path / "mine"))
    assert simlib.scenarios_dir() == tmp_path / "mine"
    monkeypatch.delenv("SIMLIB_SCENARIOS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert simlib.scenarios_dir() == tmp_path / "xdg" / "simlib" / "scenarios"
    assert not simlib.scenarios_dir().exists()  # nothing is created by asking
    (tmp_path / "scenarios").mkdir()
    assert simlib.scenarios_dir() == (tmp_path / "scenarios").resolve()


def test_shipped_scenarios_come_from_the_package_and_are_listed_first(scenario_dir):
    assert Path(simlib.__file__).resolve().parent / "scenarios" == SHIPPED_DIR
    assert simlib.available_scenarios() == sorted(SHIPPED)
    for name in ("zeta", "alpha", "plan"):  # "plan" here can never shadow the shipped one
        (scenario_dir / f"{name}.yaml").write_text(f"schema_version: 1\nname: {name}\n"
                                                   "based_on: accelerated\nlevers: {st_budget: 1}\n")
    (scenario_dir / "observations.yaml").write_text("schema_version: 1\nobservations: []\n")
    assert simlib.available_scenarios() == [*sorted(SHIPPED), "alpha", "zeta"]
    assert simlib.load_scenario("plan").path == str(SHIPPED_DIR / "plan.yaml")
    assert simlib.load_scenario("plan").lever_value("st_budget") != 1
    alpha = simlib.load_scenario("alpha")  # a user's scenario based on a shipped one
    assert alpha.path == str(scenario_dir / "alpha.yaml") and alpha.lever_value("st_budget") == 1
    assert alpha.lever_value("incubator_college_year") == simlib.load_scenario(
        "accelerated").lever_value("incubator_college_year")


def test_based_on_finds_a_parent_beside_the_file_or_in_the_user_folder(scenario_dir, tmp_path):
    (scenario_dir / "mine.yaml").write_text("schema_version: 1\nname: mine\nbased_on: plan\n"
                                            "levers: {st_budget: 7}\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "child.yaml").write_text("schema_version: 1\nname: child\nbased_on: mine\n")
    (elsewhere / "sibling.yaml").write_text("schema_version: 1\nname: sibling\nbased_on: mine\n"
                                            "levers: {st_budget: 9}\n")
    (elsewhere / "nephew.yaml").write_text("schema_version: 1\nname: nephew\nbased_on: sibling\n")
    assert simlib.load_scenario(elsewhere / "child.yaml").lever_value("st_budget") == 7
    assert simlib.load_scenario(elsewhere / "nephew.yaml").lever_value("st_budget") == 9
    assert scenario_from_text("schema_version: 1\nname: up\nbased_on: mine\n").lever_value(
        "st_budget") == 7
