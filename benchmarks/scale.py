"""Benchmark: sweeps on one core, a process pool and a Dask LocalCluster. Prints tables, asserts nothing.

    PYTHONPATH=. python benchmarks/scale.py [--work a,b,c] [--scenarios 50] [--draws 20000]
        [--sobol-n 4096] [--million 1000000] [--repeat 2]

Workloads (issue 17):

- (a) ``simulate_many`` of ``--scenarios`` variants of the plan (S&T budget and enterprise
  support varied) at ``--draws``, returning whole Results (``reduce=None``) or the attainment
  table computed in the workers (``reduce="attainment"``); best of ``--repeat``;
- (b) Sobol indices with n = ``--sobol-n`` over every uncertain assumption and every targeted
  indicator and year (one ensemble), timed by step (design, evaluate, analyse);
- (c) one ``--million``-draw ensemble of the plan reduced to P(met) in chunks, with the peak
  resident memory of this process and its workers together, sampled while it runs.

Each on serial, a process pool with one worker per core and ``dask.distributed.LocalCluster``
through ``Client.get_executor()`` (when dask is installed); pools and clusters are started and
warmed (imports done) before the clock. Targets (2 cores): pool ≥ 1.8× serial on (a) and (b),
Dask ≥ 1.6× serial, (c) within 2 GB, the same numbers on every executor.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, suppress

import numpy as np
import pandas as pd
import psutil

import simlib
from simlib.analysis import sensitivity, simulate_many
from simlib.analysis.executors import SerialExecutor

MB = 2**20


def scenarios(n: int) -> list[simlib.Scenario]:
    plan = simlib.load_scenario("plan")
    budgets = np.linspace(0, 100, n)
    support = np.linspace(0, 30, n)[::-1]
    return [plan.with_levers(st_budget=float(b), enterprise_support_budget=float(s)).renamed(f"s{k}")
            for k, (b, s) in enumerate(zip(budgets, support, strict=True))]


def best(fn: Callable[[int], object], repeat: int) -> tuple[float, object]:
    """Shortest wall-clock seconds of ``fn(seed)`` for seeds ``repeat``…1 (a new seed each time:
    Dask would hand back a repeated task's result from memory), and the value for seed 1."""
    times, out = [], None
    for seed in range(repeat, 0, -1):
        t0 = time.perf_counter()
        out = fn(seed)
        times.append(time.perf_counter() - t0)
    return min(times), out


class TreeMemory:
    """Peak memory (MB) of this process and all its descendants (pool workers, Dask nannies and
    workers) together, sampled every 50 ms while in the ``with`` block: proportional set sizes
    (PSS), so pages a forked worker shares with its parent count once, not twice as RSS would."""

    def __enter__(self) -> TreeMemory:
        self.peak, self._stop = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with suppress(psutil.Error):  # a process that just ended
                    total += p.memory_full_info().pss
            self.peak = max(self.peak, total / MB)
            self._stop.wait(0.05)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def pool(cores: int) -> Iterator[Executor]:
    ex = ProcessPoolExecutor(cores)
    try:
        yield ex
    finally:
        ex.shutdown()


@contextmanager
def dask(cores: int) -> Iterator[Executor]:
    import distributed

    with distributed.LocalCluster(n_workers=cores, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client.get_executor()


@contextmanager
def serial(cores: int) -> Iterator[Executor]:
    yield SerialExecutor()


def engines(cores: int) -> list[tuple[str, Callable]]:
    out = [("serial", serial), (f"process pool ({cores} workers)", pool)]
    try:
        import distributed  # noqa: F401
        out.append((f"Dask LocalCluster({cores})", dask))
    except ImportError:
        pass
    return out


def sweep(ex: Executor, scs: list[simlib.Scenario], args) -> list[tuple[str, float, object]]:
    rows = []
    for reduce in (None, "attainment"):
        sec, out = best(lambda seed, reduce=reduce: simulate_many(
            scs, draws=args.draws, seed=seed, executor=ex, reduce=reduce, progress=False), args.repeat)
        rows.append((f"(a) reduce={reduce}", sec, out if reduce else None))
    return rows


def sobol_steps(ex: Executor, sc: simlib.Scenario, args) -> list[tuple[str, float, object]]:
    t0 = time.perf_counter()
    d = sensitivity.design(sc, "sobol", n=args.sobol_n, seed=1)
    t1 = time.perf_counter()
    ev = sensitivity.evaluate(d, None, None, executor=ex, progress=False)
    t2 = time.perf_counter()
    df = sensitivity.analyse(ev, executor=ex, progress=False)
    t3 = time.perf_counter()
    label = f"(b) Sobol n={args.sobol_n}: {d.size:,} runs × {len(ev.outputs)} outputs"
    return [(label, t3 - t0, df), ("    design (in this process)", t1 - t0, None),
            ("    evaluate", t2 - t1, None), ("    analyse", t3 - t2, None)]


def million(ex: Executor, sc: simlib.Scenario, args) -> list[tuple]:
    with TreeMemory() as memory:
        t0 = time.perf_counter()
        df = simulate_many([sc], draws=args.million, seed=1, executor=ex, reduce="attainment",
                           progress=False)
        sec = time.perf_counter() - t0
    return [(f"(c) {args.million:,} draws, chunked", sec, df),
            ("    peak memory, all processes (PSS, MB)", memory.peak, None)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default="a,b,c", help="workloads to run, comma-separated (a, b, c)")
    ap.add_argument("--scenarios", type=int, default=50)
    ap.add_argument("--draws", type=int, default=20_000)
    ap.add_argument("--sobol-n", type=int, default=4096)
    ap.add_argument("--million", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    work = set(args.work.split(","))
    scs = scenarios(args.scenarios)
    plan = simlib.load_scenario("plan")
    cores = os.cpu_count() or 1
    table: dict[str, dict[str, float | None]] = {}
    outputs: dict[str, list] = {}
    for name, start in engines(cores):
        t0 = time.perf_counter()
        with start(cores) as ex:
            simulate_many(scs[:cores], draws=100, seed=1, executor=ex, reduce="attainment",
                          progress=False)  # workers warm: imports done
            rows = [("start and warm the workers", time.perf_counter() - t0, None)]
            if "a" in work:
                rows += sweep(ex, scs, args)
            if "b" in work:
                rows += sobol_steps(ex, plan, args)
            if "c" in work:
                rows += million(ex, plan, args)
        for label, sec, out in rows:
            table.setdefault(label, {})[name] = sec
            if isinstance(out, pd.DataFrame):
                outputs.setdefault(label, []).append(out)
    names = [n for n, _ in engines(cores)]
    print(f"simlib scale benchmark: {args.scenarios} scenarios × {args.draws:,} draws; Sobol n = "
          f"{args.sobol_n:,}; {args.million:,}-draw ensemble; best of {args.repeat} for (a); "
          f"load average {os.getloadavg()[0]:.1f} on {cores} CPUs")
    width = max(len(label) for label in table)
    print(f"{'workload':<{width}}" + "".join(f"  {n:>26}" for n in names))
    for label, cells in table.items():
        base = cells.get("serial")
        parts = []
        for n in names:
            sec = cells.get(n)
            if sec is None:
                parts.append(f"  {'':>26}")
            elif "memory" in label:
                parts.append(f"  {sec:>26,.0f}")
            else:
                speed = (f" ({base / sec:.2f}×)" if base and n != "serial" and sec > 0
                         and not label.startswith("start") else "")
                parts.append(f"  {f'{sec:.2f} s{speed}':>26}")
        print(f"{label:<{width}}" + "".join(parts))
    for label, frames in outputs.items():
        same = all(f.equals(frames[0]) for f in frames[1:])
        print(f"{label.split(':')[0]}: the same numbers on every executor: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
