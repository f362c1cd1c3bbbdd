"""Ensemble speed of the full plan model: prints a table, asserts nothing.

    .venv/bin/python benchmarks/ensemble.py [--repeat 7] [--scenario plan]

Columns: draws; warm simulate (assumption draws cached, as when a slider moves) and cold
(first run with a new seed: Latin-hypercube sampling included), median over repeats; run-steps
per second (draws × quarterly steps / warm time); the 5/50/95 % bands; peak memory of one run.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import tracemalloc

import numpy as np

import simlib


def _ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--scenario", default="plan")
    args = ap.parse_args()
    sc = simlib.load_scenario(args.scenario)
    plan = sc.plan
    steps = (plan.end_year - plan.base_year) * plan.steps_per_year
    print(f"simlib ensemble benchmark · scenario {sc.name} · {len(plan.indicators)} indicators · "
          f"{steps} steps ({plan.base_year}→{plan.end_year}) · numpy {np.__version__} · "
          f"Python {platform.python_version()} · {platform.machine()}")
    print(f"{'draws':>8} {'warm ms':>9} {'cold ms':>9} {'run-steps/s':>13} {'bands ms':>9} "
          f"{'sim+bands':>10} {'peak MB':>8}")
    seed = 1000
    for draws in (1, 1_000, 10_000, 100_000):
        repeat = args.repeat if draws <= 10_000 else 3
        simlib.simulate(sc, draws=draws, seed=1)
        warm = _ms(lambda d=draws: simlib.simulate(sc, draws=d, seed=1), repeat)
        colds = []
        for _ in range(min(repeat, 3)):
            seed += 1
            colds.append(_ms(lambda d=draws, s=seed: simlib.simulate(sc, draws=d, seed=s), 1))
        cold = statistics.median(colds)
        res = simlib.simulate(sc, draws=draws, seed=1)

        def bands(r=res):
            r._bands = None
            r.bands_array()
        band = _ms(bands, repeat)
        tracemalloc.start()
        simlib.simulate(sc, draws=draws, seed=1).bands_array()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"{draws:>8,} {warm:>9.2f} {cold:>9.2f} {draws * steps / warm * 1000:>13,.0f} "
              f"{band:>9.2f} {warm + band:>10.2f} {peak:>8.1f}")
    moved = sc.with_levers(st_budget=40)
    simlib.simulate(moved, draws=1000, seed=1)
    recompute = _ms(lambda: simlib.simulate(moved, draws=1000, seed=1).bands_array(), args.repeat)
    print(f"\nslider move: 1,000-draw recompute with 5/50/95 % bands: {recompute:.2f} ms "
          "(target ≤ 15 ms); 10,000 draws to 2030 target ≤ 30 ms")


if __name__ == "__main__":
    main()
