"""The central run of every shipped scenario matches tests/golden/central_plan.csv.

A deliberate model change regenerates it: ``python tools/update_golden.py`` (commit the CSV with
the change). Anything else that moves a number fails here with the cells that moved.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RTOL, ATOL = 1e-5, 1e-9  # the CSV keeps 6 significant digits: rounding moves a value by ≤ 5e-6
SHOWN = 30


def _tool():
    spec = importlib.util.spec_from_file_location("update_golden", ROOT / "tools" / "update_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_central_runs_match_the_golden_file(monkeypatch):
    monkeypatch.delenv("SIMLIB_EXTENSIONS", raising=False)
    tool = _tool()
    key = ["scenario", "indicator"]
    expected = pd.read_csv(tool.GOLDEN).set_index(key)
    got = tool.central_table().set_index(key)
    hint = "if the model changed on purpose, regenerate: python tools/update_golden.py"
    assert list(got.columns) == list(expected.columns), (
        f"years differ: expected {list(expected.columns)}, got {list(got.columns)}; {hint}")
    missing, extra = expected.index.difference(got.index), got.index.difference(expected.index)
    assert not len(missing) and not len(extra), (
        f"rows missing: {list(missing)}; rows not in the golden file: {list(extra)}; {hint}")
    got = got.loc[expected.index]
    close = np.isclose(got.to_numpy(float), expected.to_numpy(float), rtol=RTOL, atol=ATOL)
    if not close.all():
        rows, cols = np.nonzero(~close)
        diff = pd.DataFrame({"scenario": expected.index.get_level_values(0)[rows],
                             "indicator": expected.index.get_level_values(1)[rows],
                             "year": expected.columns[cols],
                             "expected": expected.to_numpy(float)[rows, cols],
                             "got": got.to_numpy(float)[rows, cols]})
        raise AssertionError(f"{len(diff)} value(s) drifted beyond rtol {RTOL:g} "
                             f"(first {min(SHOWN, len(diff))}):\n"
                             f"{diff.head(SHOWN).to_string(index=False)}\n{hint}")
