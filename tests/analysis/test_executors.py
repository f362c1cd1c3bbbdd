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


def test_attainment_reduced_in_the_workers_equals_the_full_results(plan_scenario, monkeypatch):
    from simlib.analysis import executors

    monkeypatch.setattr(executors, "TASK_DRAWS", 250)  # two scenarios a task: grouping exercised
    scenarios = [plan_scenario.with_levers(st_budget=b).renamed(f"b{b}") for b in (10, 40, 70)]
    scenarios.append(simlib.load_scenario("baseline"))
    table = simulate_many(scenarios, draws=100, seed=4, executor=SerialExecutor(),
                          reduce="attainment")
    assert list(table.columns) == executors.ATTAINMENT_COLUMNS
    assert list(dict.fromkeys(table.scenario)) == ["b10", "b40", "b70", "baseline"]
    for sc in scenarios:
        rows = simlib.simulate(sc, 100, 4).target_rows()
        got = table[table.scenario == sc.name]
        assert np.allclose(got.p_met, [r["p_met"] for r in rows])
        assert np.allclose(got["median"], [r["median"] for r in rows])
        assert np.allclose(got.p95, [r["p95"] for r in rows])
    ex = default_executor()
    try:
        pooled = simulate_many(scenarios, draws=100, seed=4, executor=ex, reduce="attainment")
    finally:
        ex.shutdown()
    assert pooled.equals(table)  # same seed, same numbers, whichever executor ran them
    with pytest.raises(ValueError, match="reduce"):
        simulate_many(scenarios, draws=10, reduce="bands")


def test_a_large_ensemble_runs_in_seeded_chunks_pooled_exactly(plan_scenario, monkeypatch):
    from simlib.analysis import executors

    monkeypatch.setattr(executors, "TASK_DRAWS", 40)  # 100 draws: chunks of 40, 40 and 20
    table = simulate_many([plan_scenario], draws=100, seed=4, executor=SerialExecutor(),
                          reduce="attainment")
    seeds = [executors.chunk_seed(4, k, 3) for k in range(3)]
    assert len(set(seeds)) == 3 and executors.chunk_seed(4, 0, 1) == 4
    runs = [simlib.simulate(plan_scenario, n, s) for n, s in zip((40, 40, 20), seeds, strict=True)]
    for row, (ind, t) in zip(table.itertuples(), plan_scenario.plan.targets(), strict=True):
        values = np.concatenate([r.value(ind.id, t.year) for r in runs])
        assert row.p_met == pytest.approx(np.mean(t.met(values, plan_scenario.plan.about_tolerance)))
        lo, mid, hi = np.quantile(values.astype(np.float32).astype(float), [0.05, 0.5, 0.95])
        assert (row.p05, row.median, row.p95) == pytest.approx((lo, mid, hi))
    ex = default_executor()
    try:
        pooled = simulate_many([plan_scenario], draws=100, seed=4, executor=ex, reduce="attainment")
    finally:
        ex.shutdown()
    assert pooled.equals(table)


def test_workers_started_by_dask_get_a_heap_for_the_model_arrays(monkeypatch):
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_, which made every [draws] array a fresh mapping
    (tasks ~4× slower); a worker task raises glibc's mmap threshold there, and only there."""
    from simlib.analysis import executors

    calls = []

    class Libc:
        def mallopt(self, param, value):
            calls.append((param, value))
            return 1

    monkeypatch.setattr(executors.ctypes, "CDLL", lambda name: Libc())
    monkeypatch.setattr(executors.sys, "platform", "linux")
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    executors._heap_for_arrays.cache_clear()
    executors.prepare_worker(())
    assert calls == []
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    executors._heap_for_arrays.cache_clear()
    executors.prepare_worker(())
    assert calls == [(-3, executors.MMAP_THRESHOLD), (-1, executors.TRIM_THRESHOLD)]
    executors._heap_for_arrays.cache_clear()


def test_every_analysis_runs_on_a_dask_local_cluster(plan_scenario):
    """Goal-seek, allocation, calibration, lever effects and Sobol give on a LocalCluster what
    they give serially (same seed, same numbers)."""
    distributed = pytest.importorskip("distributed")
    from simlib.analysis import allocate, calibrate_many, goal_seek_many, lever_effects, observed_table

    seek = [{"scenario": plan_scenario, "indicator": "st_transfer_share", "year": 2030,
             "lever": "st_budget", "draws": 100, "seed": s} for s in (1, 2)]
    obs = observed_table(plan_scenario.plan)
    fit = [{"scenario": plan_scenario, "parameters": ["team_setup_cost"], "observations": obs}]
    levers = ["st_budget", "digital_team_budget"]

    def run(ex):
        return (goal_seek_many(seek, executor=ex),
                allocate(plan_scenario, 30.0, draws=50, seed=1, maxiter=1, popsize=2, executor=ex),
                calibrate_many(fit, executor=ex),
                lever_effects(plan_scenario, 2030, 50, 1, levers=levers, executor=ex),
                sobol(plan_scenario, ["st_transfer_share", "digital_skills_share"], 2030, n=16, seed=1,
                      executor=ex))

    serial = run(SerialExecutor())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        dask = run(client.get_executor())
    assert [g.value for g in dask[0]] == [g.value for g in serial[0]]
    assert dask[1].optimised == serial[1].optimised
    assert dask[2][0].parameters.equals(serial[2][0].parameters)
    assert dask[3].equals(serial[3])
    assert dask[4].equals(serial[4])
