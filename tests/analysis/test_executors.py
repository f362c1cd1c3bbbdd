"""Sweeps run unchanged on any concurrent.futures executor, including a dask cluster."""

import numpy as np
import pytest

import simlib
from simlib.analysis import simulate_many, sobol
from simlib.analysis.executors import SerialExecutor, default_executor


def test_serial_executor_matches_plain_runs(plan_scenario):
    scenarios = [plan_scenario, simlib.load_scenario("baseline")]
    results = simulate_many(scenarios, draws=100, seed=5, executor=SerialExecutor())
    for sc, res in zip(scenarios, results, strict=True):
        assert (res.data == simlib.simulate(sc, 100, 5).data).all()


def test_default_executor_is_a_working_pool(plan_scenario):
    ex = default_executor()
    try:
        (res,) = simulate_many([plan_scenario], draws=20, seed=1, executor=ex)
    finally:
        ex.shutdown()
    assert (res.data == simlib.simulate(plan_scenario, 20, 1).data).all()


def test_errors_come_back_through_the_future():
    future = SerialExecutor().submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        future.result()


def test_dask_local_cluster_runs_the_same_sweep(plan_scenario, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from simlib.analysis import sensitivity

    monkeypatch.setattr(sensitivity, "CHUNK", 1000)
    expected = sobol(plan_scenario, "digital_skills_share", 2030, n=32, seed=3)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        ex = client.get_executor()
        got = sobol(plan_scenario, "digital_skills_share", 2030, n=32, seed=3, executor=ex)
        (res,) = simulate_many([plan_scenario], draws=30, seed=1, executor=ex)
    np.testing.assert_allclose(got.ST, expected.ST)
    assert (res.data == simlib.simulate(plan_scenario, 30, 1).data).all()
