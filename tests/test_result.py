"""Result: attainment with the right comparisons, quantiles, tidy frames, differences."""

from __future__ import annotations

import numpy as np
import pytest

import simlib
from simlib.result import quantiles, status
from simlib.schema import Target


@pytest.fixture(scope="module")
def res():
    return simlib.simulate(simlib.load_scenario("plan"), draws=2000, seed=1)


def test_attainment_has_one_row_per_target(res, plan):
    att = res.attainment()
    assert len(att) == len(plan.targets())
    for col in ["indicator", "year", "target", "p_met", "median", "p05", "p95", "unit", "status",
                "plan", "national", "sentence", "observed"]:
        assert col in att.columns
    assert att.p_met.between(0, 1).all()
    assert (att.p05 <= att["median"]).all() and (att["median"] <= att.p95).all()


def test_p_met_is_the_share_of_draws_meeting_the_target(res):
    row = res.attainment().query("indicator == 'st_transfer_share' and year == 2030").iloc[0]
    v = res.value("st_transfer_share", 2030)
    assert row.p_met == pytest.approx(np.mean(v > 70))
    row = res.attainment().query("indicator == 'enterprise_tech_investment_share' and year == 2025")
    v = res.value("enterprise_tech_investment_share", 2025)
    assert row.iloc[0].p_met == pytest.approx(np.mean(v >= 9))  # "about 10" with 10 % tolerance


@pytest.mark.parametrize("compare,values,expected", [
    (">=", [59.9, 60, 60.1], [False, True, True]),
    (">", [70, 70.00000001, 71], [False, False, True]),
    ("about", [8.9, 9.0, 12], [False, True, True]),
    ("<=", [5, 5.1], [True, False]),
])
def test_target_comparisons(compare, values, expected):
    tg = Target(year=2030, value=60 if compare == ">=" else 70 if compare == ">" else
                10 if compare == "about" else 5, compare=compare, source="x", sentence="s")
    assert list(tg.met(np.array(values), 0.1)) == expected


def test_status_thresholds():
    assert [status(p) for p in (0.95, 0.8, 0.5, 0.2, 0.05)] == ["met", "met", "at_risk", "at_risk",
                                                                 "missed"]


def test_observed_target_year_decides_status(plan):
    from dataclasses import replace

    from simlib.schema import Observation
    ind = plan.indicators["digital_team_village_coverage"]
    seen = replace(ind, observed=(*ind.observed, Observation(2025, 100.0, "test", "high")))
    plan2 = replace(plan, indicators={**plan.indicators, ind.id: seen})
    sc = replace(simlib.load_scenario("baseline"), plan=plan2)
    row = simlib.simulate(sc, draws=200).attainment().query(
        "indicator == 'digital_team_village_coverage' and year == 2025").iloc[0]
    assert row.observed == 100 and row.observed_met and row.status == "met" and row.p_met < 0.2


def test_quantiles_match_numpy():
    data = np.random.default_rng(0).normal(size=(7, 5, 1001))
    assert np.allclose(quantiles(data, (0.05, 0.5, 0.95)),
                       np.quantile(data, (0.05, 0.5, 0.95), axis=-1))


def test_tidy_frames(res):
    long = res.to_frame()
    assert set(long.columns) == {"scenario", "indicator", "year", "stat", "value"}
    assert len(long) == len(res.indicators) * len(res.years) * 4
    row = long.query("indicator == 'digital_teams' and year == 2030 and stat == 'median'")
    assert row.value.iloc[0] == pytest.approx(np.median(res.value("digital_teams", 2030)))
    small = simlib.simulate(simlib.load_scenario("plan"), draws=3, seed=1)
    draws = small.to_frame(draws=True)
    assert len(draws) == 3 * len(small.years) * len(small.indicators)
    pick = draws.query("indicator == 'digital_teams' and year == 2027 and draw == 2").value.iloc[0]
    assert pick == small.values[2, list(small.years).index(2027), small.indicators.index("digital_teams")]


def test_diff_uses_common_random_numbers(res):
    base = simlib.simulate(simlib.load_scenario("baseline"), draws=2000, seed=1)
    d = res.diff(base)
    assert np.allclose(d.values, res.values - base.values)
    assert np.all(d.series("digital_teams")[:, -1] >= 0)
    assert np.allclose(res.diff(res).values, 0)
    with pytest.raises(ValueError, match="same plan, draws and seed"):
        res.diff(simlib.simulate(simlib.load_scenario("baseline"), draws=10, seed=1))
