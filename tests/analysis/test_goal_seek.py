"""Goal-seek answers are checked by simulating again: met at the answer, missed just beside it."""

import pytest

import simlib
from simlib.analysis import goal_seek, goal_seek_many
from simlib.analysis.executors import SerialExecutor
from simlib.analysis.goal_seek import plan_target
from simlib.formatting import fmt_number, fmt_percent

DRAWS, SEED = 500, 3


def p_met(sc, g, level):
    res = simlib.simulate(sc.with_levers(**{g.lever: level}), g.draws, g.seed)
    return res.p_met(g.indicator, g.year, plan_target(sc.plan, g.indicator, g.year))


@pytest.mark.parametrize("indicator,year,lever,probability", [
    ("digital_team_village_coverage", 2030, "digital_team_budget", 0.9),
    ("research_results_digitised_share", 2030, "digitisation_budget", 0.95),
    ("online_public_services_share", 2030, "digital_team_budget", 0.8),
])
def test_answer_meets_and_just_below_misses(plan_scenario, indicator, year, lever, probability):
    g = goal_seek(plan_scenario, indicator, year, lever, probability, DRAWS, SEED)
    step = plan_scenario.plan.levers[lever].step / 10
    assert g.feasible and g.direction == "up"
    assert p_met(plan_scenario, g, g.value) >= probability
    assert g.p_met == p_met(plan_scenario, g, g.value)
    assert p_met(plan_scenario, g, g.value - step) < probability
    assert g.value - g.missed_at <= step
    assert g.evaluations <= 30


def test_year_lever_searches_down_to_the_latest_start(plan_scenario):
    g = goal_seek(plan_scenario, "st_intermediaries", 2030, "intermediary_start_year", 0.8,
                  DRAWS, SEED)
    assert g.feasible and g.direction == "down"
    assert g.value == 2030 and g.missed_at == 2031  # slippage: a 2030 start runs by its end in 87 %
    assert p_met(plan_scenario, g, 2030) >= 0.8 > p_met(plan_scenario, g, 2031)


def test_history_cannot_be_sought_and_the_lever_defaults_to_the_strongest(plan_scenario):
    with pytest.raises(ValueError, match="2025 is history"):
        goal_seek(plan_scenario, "st_service_centre_upgraded", 2025, "service_centre_year")
    g = goal_seek(plan_scenario, "digital_team_village_coverage", 2030, probability=0.9,
                  draws=DRAWS, seed=SEED)
    assert g.lever == "digital_team_budget" and g.feasible
    plan = plan_scenario.plan
    assert g.describe(plan, "vi") == (
        f"{plan.levers[g.lever].label['vi']} {fmt_number(g.value, 'vi', 2)} "
        f"{plan.levers[g.lever].unit['vi']} đạt "
        f"{plan.indicators[g.indicator].label['vi']} {g.target.label()} (2030) với xác suất "
        f"{fmt_percent(g.p_met, 'vi')}.")


def test_infeasible_reports_the_best_probability(plan_scenario):
    g = goal_seek(plan_scenario, "st_transfer_share", 2030, "st_budget", 0.9, DRAWS, SEED)
    assert not g.feasible and g.missed_at is None
    assert 0 < g.p_met < 0.9
    assert g.p_met == p_met(plan_scenario, g, g.value)
    assert "not met" in g.describe(plan_scenario.plan)
    assert g.describe(plan_scenario.plan, "vi").startswith("Không đạt ")


def test_met_at_the_cheapest_level(plan_scenario):
    g = goal_seek(plan_scenario, "st_intermediaries", 2030, "st_budget", 0.9, DRAWS, SEED)
    assert g.feasible and g.value == 0 and g.missed_at is None


def test_stable_and_reproducible(plan_scenario):
    args = (plan_scenario, "digital_team_village_coverage", 2030, "digital_team_budget", 0.5, DRAWS, SEED)
    assert goal_seek(*args) == goal_seek(*args)


def test_bad_requests_are_named(plan_scenario):
    with pytest.raises(ValueError, match="no target in 2027"):
        goal_seek(plan_scenario, "st_transfer_share", 2027, "st_budget")
    with pytest.raises(ValueError, match="unknown lever"):
        goal_seek(plan_scenario, "st_transfer_share", 2030, "nope")
    with pytest.raises(ValueError, match="probability"):
        goal_seek(plan_scenario, "st_transfer_share", 2030, "st_budget", probability=1.5)


def test_many_on_an_executor_match_one_by_one(plan_scenario):
    requests = [dict(scenario=sc, indicator="digital_team_village_coverage", year=2030,
                     lever="digital_team_budget", probability=0.8, draws=200, seed=1)
                for sc in (plan_scenario, simlib.load_scenario("accelerated"))]
    many = goal_seek_many(requests, executor=SerialExecutor())
    assert many == [goal_seek(**r) for r in requests]
