"""Sobol indices through the same code path as the Kon Tum model, on models with known answers."""

import numpy as np
import pandas as pd
import pytest

import simlib
from simlib.analysis import sensitivity, sobol, tornado
from simlib.analysis.executors import SerialExecutor

from .toy import toy_scenario

# Ishigami (a = 7, b = 0.1), x uniform on [−π, π]: exact first- and total-order indices
ISHIGAMI_S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ISHIGAMI_ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


def test_sobol_recovers_ishigami_indices():
    df = sobol(toy_scenario(), "y", 2030, parameters=["x1", "x2", "x3"], n=2048, seed=2)
    got = df.set_index("parameter")
    for p in ISHIGAMI_S1:
        assert got.S1[p] == pytest.approx(ISHIGAMI_S1[p], abs=0.04)
        assert got.ST[p] == pytest.approx(ISHIGAMI_ST[p], abs=0.04)
        assert got.S1_conf[p] > 0 and got.ST_conf[p] > 0


def test_indices_over_time_follow_the_mechanism():
    df = sobol(toy_scenario(), "switch", None, parameters=["x1", "x2"], n=256, seed=1)
    st = df.pivot(index="year", columns="parameter", values="ST")
    assert list(st.index) == list(range(2025, 2031))
    assert (st.loc[[2025, 2026], "x1"] > 0.95).all() and (st.loc[[2025, 2026], "x2"] < 0.01).all()
    assert (st.loc[2027:, "x2"] > 0.95).all() and (st.loc[2027:, "x1"] < 0.01).all()


def test_constant_output_gives_nan_not_noise():
    df = sobol(toy_scenario(), "out_a", 2030, parameters=["x1", "x2"], n=64)
    assert df[["S1", "ST"]].isna().all().all()


def test_chunks_on_an_executor_give_the_same_indices(plan_scenario, monkeypatch):
    one = sobol(plan_scenario, "st_transfer_share", 2030, n=64, seed=1)
    monkeypatch.setattr(sensitivity, "CHUNK", 500)
    chunked = sobol(plan_scenario, "st_transfer_share", 2030, n=64, seed=1, executor=SerialExecutor())
    np.testing.assert_allclose(one.ST, chunked.ST)


def test_kon_tum_transfer_share_is_driven_by_its_starting_level(plan_scenario):
    df = sobol(plan_scenario, "st_transfer_share", 2030, n=256, seed=1)
    assert df.parameter.iloc[0] == "transfer_share_initial"
    assert df.ST.iloc[0] > 0.5


def test_tornado_swings_match_direct_runs(plan_scenario):
    df = tornado(plan_scenario, "st_transfer_share", 2030)
    top = df.iloc[0]
    assert top.parameter == "transfer_share_initial"
    assert (df.swing >= 0).all() and df.swing.is_monotonic_decreasing
    direct = simlib.simulate(plan_scenario.with_assumptions(transfer_share_initial=float(top.high)), 1, 0,
                             noise=False)
    assert direct.value("st_transfer_share", 2030)[0] == pytest.approx(top.value_high)
    base = simlib.simulate(plan_scenario, 1, 0, noise=False)
    assert base.value("st_transfer_share", 2030)[0] == pytest.approx(top.base)
    assert set(df.parameter) == set(sensitivity.uncertain_parameters(plan_scenario))


def test_samples_are_checked(plan_scenario):
    with pytest.raises(ValueError, match="not a declared assumption"):
        simlib.simulate(plan_scenario, 2, samples={"nope": np.zeros(2)})
    with pytest.raises(ValueError, match="shape"):
        simlib.simulate(plan_scenario, 2, samples={"villages": np.zeros(3)})


def test_one_ensemble_serves_every_indicator(plan_scenario):
    both = sobol(plan_scenario, ["st_transfer_share", "digital_team_village_coverage"], [2028, 2030],
                 n=64, seed=1)
    assert list(dict.fromkeys(both.indicator)) == ["st_transfer_share", "digital_team_village_coverage"]
    for ind in ("st_transfer_share", "digital_team_village_coverage"):
        alone = sobol(plan_scenario, ind, [2028, 2030], n=64, seed=1)
        pd.testing.assert_frame_equal(both[both.indicator == ind].reset_index(drop=True), alone)


def test_three_steps_are_the_one_call(plan_scenario):
    d = sensitivity.design(plan_scenario, "sobol", n=64, seed=1)
    k = len(sensitivity.uncertain_parameters(plan_scenario))
    assert d.size == 64 * (k + 2) and d.parameters == tuple(sensitivity.uncertain_parameters(plan_scenario))
    ev = sensitivity.evaluate(d, None, 2030)
    assert [ind for ind, _ in ev.outputs] == sensitivity.targeted_indicators(plan_scenario)
    assert ev.y.shape == (d.size, len(ev.outputs)) and ev.y.dtype == np.float32
    direct = simlib.simulate(plan_scenario, d.size, 1, noise=False, samples={
        **{a.id: np.full(d.size, a.central) for a in plan_scenario.effective_assumptions().values()},
        **d.points})
    np.testing.assert_allclose(ev.column("st_transfer_share", 2030),
                               direct.value("st_transfer_share", 2030), rtol=1e-6)
    indices = sensitivity.analyse(ev)
    one = sobol(plan_scenario, None, 2030, n=64, seed=1)
    pd.testing.assert_frame_equal(indices, one)
    assert set(indices.indicator) == set(sensitivity.targeted_indicators(plan_scenario))


def test_tornado_design_puts_each_parameter_at_its_quantiles(plan_scenario):
    d = sensitivity.design(plan_scenario, "tornado", parameters=["transfer_share_initial", "villages"])
    a = plan_scenario.effective_assumptions()
    assert d.size == 5
    assert d.points["villages"][0] == a["villages"].central
    np.testing.assert_allclose(d.points["transfer_share_initial"][1:3],
                               a["transfer_share_initial"].dist.ppf(np.array([0.05, 0.95]),
                                                                    a["transfer_share_initial"].central))
    df = sensitivity.analyse(sensitivity.evaluate(d, ["st_transfer_share"], [2029, 2030]))
    assert list(df.columns) == sensitivity.SWING_COLUMNS and len(df) == 4


def test_unknown_names_are_refused(plan_scenario):
    with pytest.raises(ValueError, match="unknown assumption"):
        sensitivity.design(plan_scenario, parameters=["nope"])
    with pytest.raises(ValueError, match="unknown indicator"):
        sobol(plan_scenario, ["st_transfer_share", "nope"], 2030, n=8)
    with pytest.raises(ValueError, match="method"):
        sensitivity.design(plan_scenario, "morris")


def test_the_sobol_design_is_salibs_sample_built_chunk_by_chunk(plan_scenario):
    from SALib.sample import sobol as sobol_sample

    d = sensitivity.design(plan_scenario, "sobol", parameters=["villages", "transfer_share_initial"],
                           n=32, seed=3)
    expected = sobol_sample.sample(d.problem, 32, calc_second_order=False, scramble=True, seed=3)
    np.testing.assert_array_equal(d.rows(0, d.size).unit(), expected)
    for lo, hi in ((0, 5), (5, 61), (61, d.size)):  # chunks cut through base samples
        rows = d.rows(lo, hi)
        assert len(rows.a) <= (hi - lo) // 4 + 2  # only the base samples these rows need
        np.testing.assert_array_equal(rows.unit(), expected[lo:hi])
    a = plan_scenario.effective_assumptions()["villages"]
    np.testing.assert_array_equal(d.points["villages"], a.dist.ppf(expected[:, 0], a.central))
