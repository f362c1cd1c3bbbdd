"""Benchmark: a sweep of many scenarios on one core, a process pool and a Dask LocalCluster.

    PYTHONPATH=. python benchmarks/scale.py [--scenarios 50] [--draws 20000] [--repeat 2]

Prints one table: ``simulate_many`` of ``--scenarios`` variants of the plan (S&T budget and
enterprise support varied) at ``--draws``, returning whole Results (``reduce=None``) or the
attainment table computed in the workers (``reduce="attainment"``), serially, on a process pool
with one worker per core, and on ``dask.distributed.LocalCluster`` through
``Client.get_executor()`` (when dask is installed). Best of ``--repeat``; the pool and the
cluster are started before the clock. Targets (issue 17, 2 cores): pool ≥ 1.8× serial and Dask
≥ 1.6× serial with ``reduce="attainment"``.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor

import numpy as np

import simlib
from simlib.analysis import simulate_many
from simlib.analysis.executors import SerialExecutor


def scenarios(n: int) -> list[simlib.Scenario]:
    plan = simlib.load_scenario("plan")
    budgets = np.linspace(0, 100, n)
    support = np.linspace(0, 30, n)[::-1]
    return [plan.with_levers(st_budget=float(b), enterprise_support_budget=float(s)).renamed(f"s{k}")
            for k, (b, s) in enumerate(zip(budgets, support, strict=True))]


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", type=int, default=50)
    ap.add_argument("--draws", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    scs = scenarios(args.scenarios)
    cores = os.cpu_count() or 1
    engines: list[tuple[str, Callable[[], Executor], Callable[[Executor], None]]] = [
        ("serial", SerialExecutor, lambda ex: None),
        (f"process pool ({cores} workers)", lambda: ProcessPoolExecutor(cores),
         lambda ex: ex.shutdown()),
    ]
    try:
        import distributed

        def dask() -> Executor:
            cluster = distributed.LocalCluster(n_workers=cores, threads_per_worker=1,
                                               processes=True, dashboard_address=None)
            client = distributed.Client(cluster)
            executor = client.get_executor()
            executor._simlib_close = (client, cluster)
            return executor

        def close(ex: Executor) -> None:
            client, cluster = ex._simlib_close
            client.close()
            cluster.close()

        engines.append((f"Dask LocalCluster({cores}) via get_executor()", dask, close))
    except ImportError:
        pass
    rows = []
    serial = {}
    for name, start, stop in engines:
        ex = start()
        try:
            simulate_many(scs[:cores], draws=100, seed=1, executor=ex, reduce="attainment",
                          progress=False)  # workers warm: imports done
            for reduce in (None, "attainment"):
                sec = best(lambda reduce=reduce, ex=ex: simulate_many(
                    scs, draws=args.draws, seed=1, executor=ex, reduce=reduce, progress=False),
                    args.repeat)
                serial.setdefault(reduce, sec)
                rows.append((name, reduce or "None (whole Results)", sec, serial[reduce] / sec))
        finally:
            stop(ex)
    print(f"simulate_many: {args.scenarios} scenarios × {args.draws:,} draws, best of {args.repeat}; "
          f"load average {os.getloadavg()[0]:.1f} on {cores} CPUs")
    width = max(len(r[0]) for r in rows)
    print(f"{'executor':<{width}}  {'reduce':<22}  {'seconds':>8}  {'vs serial':>9}")
    for name, reduce, sec, speed in rows:
        print(f"{name:<{width}}  {reduce:<22}  {sec:8.2f}  {speed:8.2f}×")


if __name__ == "__main__":
    main()
