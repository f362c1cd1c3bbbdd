"""Scenario files: inheritance, validation messages, overrides and round trips."""

from __future__ import annotations

import numpy as np
import pytest

import simlib
from simlib.errors import SimlibValidationError
from simlib.scenario import scenario_from_text

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
