"""Hindcasts: the model started before the base year, with every borrowed start value reported."""

import dataclasses

import numpy as np
import pytest

import simlib
from simlib.errors import SimlibValidationError
from simlib.scenario import Scenario
from simlib.schema import Observation
from simlib.validation import hindcast, series_start


@pytest.fixture(scope="module")
def bau(plan):
    return Scenario(name="bau", plan=plan)


def test_a_hindcast_from_the_base_year_is_the_ordinary_run(bau):
    h = hindcast(bau, bau.plan.base_year)
    assert h.scenario is bau and not h.carried
    assert {v.indicator for v in h.start_values} == {"digital_teams", "people_assisted"}
    ordinary, again = simlib.simulate(bau, 50, 3), h.simulate(50, 3)
    assert np.array_equal(ordinary.data, again.data)


def test_an_earlier_start_reads_its_own_observation_and_reports_what_it_carries(bau, plan):
    h = hindcast(bau, 2023)
    teams, people = h.reads("digital_teams"), h.reads("people_assisted")
    assert (teams.value, teams.from_year, teams.carried) == (540, 2023, False)
    assert (people.value, people.from_year, people.carried) == (143472, 2024, True)
    assert h.carried == (people,)
    res = h.simulate()
    assert list(res.years) == list(range(2023, plan.end_year + 1))
    assert res.value("digital_teams", 2023)[0] == 540
    assert res.value("digital_teams", 2024)[0] == pytest.approx(566, abs=5)  # the observed 2024
    assert plan.base_year == 2024 and len(plan.indicators["people_assisted"].observed) == 1  # untouched
    assert h.scenario.plan.history_end == plan.history_end


def test_the_nearest_year_is_carried_the_earlier_on_a_tie(bau, plan):
    teams = plan.indicators["digital_teams"]
    two_sided = dataclasses.replace(teams, observed=(Observation(2018, 500, "a", "low"),
                                                     Observation(2022, 530, "b", "low"),
                                                     *teams.observed))
    sc = Scenario(name="tie", plan=dataclasses.replace(
        plan, indicators={**plan.indicators, "digital_teams": two_sided}))
    assert hindcast(sc, 2020).reads("digital_teams").from_year == 2018
    assert hindcast(sc, 2021).reads("digital_teams").from_year == 2022
    missing = dataclasses.replace(teams, observed=())
    sc = Scenario(name="none", plan=dataclasses.replace(
        plan, indicators={**plan.indicators, "digital_teams": missing}))
    with pytest.raises(SimlibValidationError, match="digital_teams.observed"):
        hindcast(sc, 2023)


def test_levers_stay_at_business_as_usual_through_history():
    accelerated, baseline = (hindcast(simlib.load_scenario(n), 2019).simulate(1)
                             for n in ("accelerated", "baseline"))
    history = accelerated.years <= accelerated.plan.history_end
    assert np.array_equal(accelerated.data[history], baseline.data[history])
    assert not np.array_equal(accelerated.data[~history], baseline.data[~history])


def test_start_years_after_the_base_year_are_refused(bau):
    with pytest.raises(ValueError, match="base year"):
        hindcast(bau, 2025)
    assert series_start(bau.plan, [2019, 2022]) == 2019
    assert series_start(bau.plan, [2025, 2026]) == bau.plan.base_year
