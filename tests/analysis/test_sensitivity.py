"""Sobol indices through the same code path as the Kon Tum model, on models with known answers."""

import numpy as np
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
