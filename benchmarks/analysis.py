"""Timings of the analyst toolkit on the Kon Tum plan: ``python benchmarks/analysis.py``.

Prints one table (wall time of one call after a warm-up run; answers included so versions can be
compared). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import time

import simlib

GOAL_SEEKS = [
    ("st_transfer_share", 2030, "st_budget", 0.5),
    ("st_transfer_share", 2030, "demand_led_share", 0.45),
    ("digital_team_village_coverage", 2030, "digital_team_budget", 0.9),
    ("research_results_digitised_share", 2030, "digitisation_budget", 0.95),
    ("st_service_centre_upgraded", 2025, "service_centre_year", 0.8),
]


def timed(fn):
    fn()
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    sc = simlib.load_scenario("plan")
    print(f"{'task':<80} {'draws/n':>8} {'seconds':>8}  answer")
    for ind, year, lever, p in GOAL_SEEKS:
        for draws in (500, 1000):
            dt, g = timed(lambda: simlib.goal_seek(sc, ind, year, lever, p, draws, 1))  # noqa: B023
            answer = (f"{g.value:.2f} (P={g.p_met:.2f}, {g.evaluations} runs)" if g.feasible
                      else f"infeasible, best P={g.p_met:.2f} at {g.value:g}")
            task = f"goal-seek {ind} {year} via {lever} p≥{p}"
            print(f"{task:<80} {draws:>8} {dt:>8.2f}  {answer}")
    for n in (256, 512):
        dt, df = timed(lambda: simlib.sobol(sc, "st_transfer_share", n=n, seed=1))  # noqa: B023
        top = df[df.year == 2030].iloc[0]
        print(f"{'sobol st_transfer_share, every year':<80} {n:>8} {dt:>8.2f}  "
              f"top 2030: {top.parameter} ST={top.ST:.2f}")
    dt, t = timed(lambda: simlib.tornado(sc, "st_transfer_share", 2030))
    print(f"{'tornado st_transfer_share 2030':<80} {'-':>8} {dt:>8.2f}  top: {t.parameter.iloc[0]}")
    dt, a = timed(lambda: simlib.allocate(sc, 30.0, draws=300, seed=1))
    print(f"{'allocate 30 bn VND/yr (maxiter 15, popsize 6)':<80} {300:>8} {dt:>8.2f}  "
          f"targets met {a.score_own:.2f} → {a.score_optimised:.2f} ({a.evaluations} runs)")


if __name__ == "__main__":
    main()
