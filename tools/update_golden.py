"""Regenerate tests/golden/central_plan.csv: the central run of every shipped scenario.

    python tools/update_golden.py

Run it after an intended model change and commit the CSV with that change: tests/test_golden.py
then fails only when numbers drift without one. Each row is one scenario and indicator, each
column a year; values have 6 significant digits.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "central_plan.csv"
SCENARIOS = ("baseline", "plan", "accelerated", "constrained-budget")
DIGITS = 6


def central_table() -> pd.DataFrame:
    """scenario, indicator, then one column per year: ``simulate(scenario, draws=1)`` (unrounded)."""
    import simlib
    from simlib.scenario import SHIPPED_DIR

    plan = simlib.load_plan(observations=False)  # the shipped plan, without a user's observations
    rows = []
    for name in SCENARIOS:
        res = simlib.simulate(simlib.load_scenario(SHIPPED_DIR / f"{name}.yaml", plan), draws=1)
        for ind in res.indicators:
            rows.append({"scenario": name, "indicator": ind,
                         **{str(y): float(v) for y, v in zip(res.years, res.series(ind)[0], strict=True)}})
    return pd.DataFrame(rows)


def main() -> int:
    sys.path.insert(0, str(ROOT))  # this checkout's simlib, whatever is installed
    if os.environ.pop("SIMLIB_EXTENSIONS", None):
        print("ignoring SIMLIB_EXTENSIONS: the golden run is the shipped model", file=sys.stderr)
    table = central_table()
    years = [c for c in table.columns if c.isdigit()]
    table[years] = table[years].map(lambda v: f"{v:.{DIGITS}g}")
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    old = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else ""
    new = table.to_csv(index=False, lineterminator="\n")
    GOLDEN.write_text(new, encoding="utf-8")
    changed = sum(a != b for a, b in zip(old.splitlines(), new.splitlines(), strict=False))
    changed += abs(len(old.splitlines()) - len(new.splitlines()))
    print(f"wrote {GOLDEN.relative_to(ROOT)}: {len(table)} rows × {len(years)} years, "
          f"{changed} line(s) changed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
