"""Snapshots of the chart specs (marks, encodings, themes, footers; data reduced to its shape).

Refresh after an intended change with ``SIMLIB_UPDATE_SNAPSHOTS=1 pytest tests/export``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import altair as alt
import pytest

from simlib.charts import BANDS, caption
from simlib.export import attainment_figure, indicator_figure

from .conftest import DATE

SNAPSHOTS = Path(__file__).parent / "snapshots"


def stable_names(spec: dict) -> dict:
    """Altair names inline datasets by a hash of their values: number them in order instead."""
    text = json.dumps(spec, ensure_ascii=False)
    names = list(dict.fromkeys(re.findall(r"data-[0-9a-f]{32}", text)))
    for k, name in enumerate(names):
        text = text.replace(name, f"data-{k}")
    return json.loads(text)


def shape(spec):
    """The spec with data values replaced by their columns and row count, and sort lists sorted
    (row order follows the model's numbers, which these snapshots do not pin)."""
    if isinstance(spec, dict):
        out = {}
        for key, value in spec.items():
            if key == "values" and isinstance(value, list) and all(isinstance(r, dict) for r in value):
                out[key] = {"rows": len(value), "columns": sorted({k for row in value for k in row})}
            elif key == "datasets":
                out[key] = {name: shape({"values": rows})["values"] for name, rows in value.items()}
            elif key == "sort" and isinstance(value, list):
                out[key] = sorted(value)
            else:
                out[key] = shape(value)
        return out
    if isinstance(spec, list):
        return [shape(v) for v in spec]
    return spec


@pytest.fixture(scope="module")
def charts(results, baseline) -> dict[str, alt.TopLevelMixin]:
    return {
        "trajectory_vi": indicator_figure(results[:1], "st_transfer_share", "vi", baseline=baseline,
                                          date=DATE).chart,
        "comparison_en": indicator_figure(results, "digital_teams", "en", theme="print", date=DATE).chart,
        "attainment_vi": attainment_figure(results, 2030, "vi", date=DATE).chart,
    }


@pytest.mark.parametrize("name", ["trajectory_vi", "comparison_en", "attainment_vi"])
def test_chart_spec_matches_snapshot(charts, name):
    theme = "print" if name == "comparison_en" else "presentation"
    with alt.theme.enable(theme):
        spec = shape(stable_names(charts[name].to_dict()))  # validates against the Vega-Lite schema
    path = SNAPSHOTS / f"{name}.json"
    if os.environ.get("SIMLIB_UPDATE_SNAPSHOTS") or not path.exists():
        text = json.dumps(spec, indent=1, ensure_ascii=False, sort_keys=True)
        path.write_text(text + "\n", encoding="utf-8")
    assert spec == json.loads(path.read_text(encoding="utf-8"))


def test_trajectory_keeps_the_named_bands_dataset(charts):
    """The dashboard swaps the rows of the dataset named "bands" in place."""
    spec = charts["trajectory_vi"].to_dict()
    layers = spec["vconcat"][0]["layer"]
    assert any(layer.get("data", {}).get("name") == BANDS for layer in layers)


def test_footer_lines_break_between_parts(results):
    lines = caption(results, list(results[0].indicators), "vi", DATE, chars=110)
    assert all(len(line) <= 110 for line in lines)
    assert not any(line.startswith(("seed", "·")) or line.endswith("·") for line in lines)
    assert lines[-1] == "Kịch bản: Theo kế hoạch, Tăng tốc, Ngân sách hạn chế · 28/11/2025"
