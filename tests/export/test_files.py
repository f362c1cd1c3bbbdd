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


def test_the_deck_reuses_the_exported_pngs_and_the_workbook_is_written(results, baseline, tmp_path):
    import io

    from openpyxl import load_workbook
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    paths = write_exports(results[:2], tmp_path, formats=("png", "pptx", "xlsx"), lang="vi",
                          indicators=["st_transfer_share"], baseline=baseline, date=DATE)
    names = [p.name for p in paths]
    assert names[-2:] == ["plan+accelerated.deck.vi.pptx", "plan+accelerated.data.vi.xlsx"]
    deck = Presentation(io.BytesIO((tmp_path / names[-2]).read_bytes()))
    (picture,) = [s for slide in deck.slides for s in slide.shapes
                  if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert picture.image.blob == (tmp_path / "plan+accelerated.st_transfer_share.vi.png").read_bytes()
    assert {r[3] for r in load_workbook(tmp_path / names[-1])["Quỹ đạo"].iter_rows(
        min_row=2, values_only=True)} == {"p05", "median", "p95", "mean"}
