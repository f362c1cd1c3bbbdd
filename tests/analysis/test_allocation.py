"""Budget allocation finds the split that meets more targets, and never does worse than the own split."""

import numpy as np
import pytest

from simlib.analysis import allocate, funding_levers
from simlib.analysis.allocation import split

from .toy import toy_scenario


def test_split_sums_to_the_total_within_caps():
    caps = np.array([10.0, 2.0, 10.0])
    out = split(np.array([1.0, 5.0, 1.0]), 9.0, caps)
    assert out.sum() == pytest.approx(9.0)
    assert (out <= caps + 1e-12).all()
    assert out[1] == pytest.approx(2.0) and out[0] == pytest.approx(out[2])


def test_finds_the_split_that_meets_both_targets():
    sc = toy_scenario()  # fund_a ≥ 6 and fund_b ≥ 3 meet both targets; the own split 5/5 meets one
    a = allocate(sc, 10.0, weights={"out_a": 1, "out_b": 1}, draws=4, seed=0, maxiter=10)
    assert a.score_own == pytest.approx(1.0)
    assert a.score_optimised == pytest.approx(2.0)
    assert a.optimised["fund_a"] >= 6 and a.optimised["fund_b"] >= 3
    assert sum(a.optimised.values()) == pytest.approx(10.0)
    assert set(a.targets.columns) >= {"p_current", "p_own", "p_optimised"}


def test_kon_tum_allocation_buys_at_least_the_own_split(plan_scenario):
    assert funding_levers(plan_scenario) == ["st_budget", "enterprise_support_budget",
                                             "digitisation_budget", "digital_team_budget", "comms_spend"]
    a = allocate(plan_scenario, 30.0, draws=100, seed=1, maxiter=2, popsize=3)
    assert a.score_optimised >= a.score_own
    assert a.table.optimised.sum() == pytest.approx(30.0)
    chosen = a.scenario(plan_scenario, "optimised")
    assert chosen.lever_value("st_budget") == pytest.approx(a.optimised["st_budget"])


def test_rejects_an_impossible_total(plan_scenario):
    with pytest.raises(ValueError, match="total"):
        allocate(plan_scenario, 1000.0)
    with pytest.raises(ValueError, match="not a target"):
        allocate(plan_scenario, 10.0, weights={"nope": 1})
