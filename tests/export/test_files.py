"""Exports of the shipped scenarios, written to a folder, are valid files with telling names."""

from __future__ import annotations

import pytest

import simlib
from simlib.export import write_exports

from .conftest import DATE, DRAWS, TITLE_VI, pdf_fonts, png_size, svg_texts
from .html_check import external_references

INDICATORS = ["st_transfer_share", "digital_teams"]  # targets; observed data


def test_every_shipped_scenario_exports_valid_files(tmp_path):
    names = simlib.available_scenarios()
    assert {"baseline", "plan", "accelerated", "constrained-budget"} <= set(names)
    results = [simlib.simulate(simlib.load_scenario(n), draws=DRAWS, seed=1) for n in names]
    paths = write_exports(results, tmp_path, lang="vi", indicators=INDICATORS, date=DATE,
                          baseline=results[names.index("baseline")])
    both = "+".join(names)
    stems = ([f"{n}.{i}" for n in names for i in INDICATORS] + [f"{both}.{i}" for i in INDICATORS]
             + [f"{both}.attainment-{y}" for y in (2025, 2030)])
    expected = {f"{s}.vi.{f}" for s in stems for f in ("png", "svg", "pdf")} | {f"{both}.report.vi.html"}
    assert {p.name for p in paths} == expected == {p.name for p in tmp_path.iterdir()}
    for path in paths:
        data = path.read_bytes()
        if path.suffix == ".png":
            assert png_size(data)[0] >= 1600
        elif path.suffix == ".svg":
            texts = svg_texts(data)
            assert any(t.startswith("Nguồn: ") for t in texts)
            if "st_transfer_share" in path.name:
                assert TITLE_VI in texts
        elif path.suffix == ".pdf":
            assert pdf_fonts(data) == {"DejaVuSansVN", "DejaVuSansVN-Bold"}  # real, embedded text
        else:
            html = data.decode("utf-8")
            assert external_references(html) == [] and TITLE_VI in html


def test_unknown_format_is_refused(results, tmp_path):
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        write_exports(results, tmp_path, formats=("png", "gif"))
    assert list(tmp_path.iterdir()) == []
