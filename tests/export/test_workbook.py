"""The Excel workbook, reopened with openpyxl: sheets and headers in the chosen language, numbers
stored as numbers with number formats, frozen headers, filters, statuses as the rows give them,
"chưa có nguồn" for unsourced assumptions."""

from __future__ import annotations

import io

import numpy as np
import pytest
from openpyxl import load_workbook

from simlib.charts import STATUS_TINTS, scenario_label
from simlib.export import workbook_bytes

from .conftest import DATE, DRAWS, TITLE_VI


@pytest.fixture(scope="module")
def wb(results):
    return load_workbook(io.BytesIO(workbook_bytes(results, "vi", date=DATE)))


def number(value) -> bool:
    """A number cell (openpyxl reads a whole-valued float back as an int), not text."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def records(ws) -> list[dict]:
    head = [c.value for c in ws[1]]
    return [dict(zip(head, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)]


def test_sheets_and_headers_follow_the_language(wb, results):
    assert wb.sheetnames == ["Giới thiệu", "Khả năng đạt", "Quỹ đạo", "Đòn bẩy", "Giả định"]
    assert [c.value for c in wb["Khả năng đạt"][1]][:5] == ["Kịch bản", "Mã kịch bản", "Chỉ tiêu",
                                                              "Mã chỉ tiêu", "Năm"]
    en = load_workbook(io.BytesIO(workbook_bytes(results[:1], "en", date=DATE)))
    assert en.sheetnames == ["README", "Attainment", "Trajectories", "Levers", "Assumptions"]
    head = [c.value for c in en["Attainment"][1]]
    assert head[:5] == ["Scenario", "Scenario id", "Indicator", "Indicator id", "Year"]
    assert {"P(met)", "Median", "5%", "95%", "Status"} <= set(head)


def test_every_table_has_a_frozen_header_a_filter_and_widths(wb):
    for name in wb.sheetnames[1:]:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}", name
        assert ws.column_dimensions["A"].width > 10, name
        assert all(c.font.bold for c in ws[1]), name


def test_readme_says_what_when_draws_seed_and_version(wb, results):
    rows = {r[0]: r[1] for r in wb["Giới thiệu"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["Lập ngày"] == "28/11/2025"
    assert rows["Số lần mô phỏng"] == DRAWS and rows["Seed"] == 1
    assert rows["Phiên bản simlib"]
    for r in results:
        assert f"Kịch bản: {scenario_label(r, 'vi')}" in rows


def test_attainment_rows_are_numbers_with_formats_and_the_rows_own_status(wb, results):
    ws = wb["Khả năng đạt"]
    rows = records(ws)
    expected = [(r.scenario.name, row) for r in results for row in r.target_rows()]
    assert len(rows) == len(expected)
    head = [c.value for c in ws[1]]
    p_col, median_col = head.index("Xác suất đạt") + 1, head.index("Trung vị") + 1
    for k, (got, (name, row)) in enumerate(zip(rows, expected, strict=True), 2):
        assert got["Mã kịch bản"] == name and got["Mã chỉ tiêu"] == row["indicator"]
        assert got["Mã tình trạng"] == row["status"]
        assert got["Xác suất đạt"] == pytest.approx(row["p_met"])
        assert isinstance(got["Năm"], int) and number(got["Trung vị"]) and number(got["5%"])
        assert ws.cell(k, p_col).number_format == "0%"
        assert ws.cell(k, median_col).number_format == "#,##0.0##"
    statuses = {r["Mã tình trạng"]: r["Tình trạng"] for r in rows}
    assert statuses["pending"] == "Chờ số liệu tổng kết 2021–2025"
    assert statuses["reference"] == "Tham chiếu quốc gia"
    assert {r["Mã tình trạng"] for r in rows if (r["Mã chỉ tiêu"], r["Năm"]) == ("de_share_grdp", 2030)} == {
        "reference"}


def test_attainment_colours_follow_the_status_code(wb):
    ws = wb["Khả năng đạt"]
    fills = {}
    for rng in ws.conditional_formatting:
        for rule in rng.rules:
            code = rule.formula[0].split('"')[1]
            if rule.dxf.fill is not None:
                fills[code] = rule.dxf.fill.fgColor.rgb[-6:]
    assert fills == STATUS_TINTS  # a national reference gets its pale grey, never red


def test_trajectories_are_tidy_numbers(wb, results):
    rows = records(wb["Quỹ đạo"])
    res = results[0]
    assert len(rows) == len(results) * len(res.indicators) * len(res.years) * 4
    assert {r["Thống kê"] for r in rows} == {"p05", "median", "p95", "mean"}
    j, yi = res.indicators.index("st_transfer_share"), list(res.years).index(2030)
    got = next(r["Giá trị"] for r in rows if (r["Mã kịch bản"], r["Mã chỉ tiêu"], r["Năm"], r["Thống kê"])
               == ("plan", "st_transfer_share", 2030, "median"))
    assert got == pytest.approx(res.bands_array()[1, yi, j])
    assert next(r["Chỉ tiêu"] for r in rows if r["Mã chỉ tiêu"] == "st_transfer_share") == TITLE_VI


def test_levers_give_each_scenarios_path_by_year(wb, results):
    ws = wb["Đòn bẩy"]
    rows = records(ws)
    plan = results[0].plan
    assert len(rows) == len(results) * len(plan.levers)
    years = list(range(plan.base_year + 1, plan.end_year + 1))
    for r in rows:
        lever = plan.levers[r["Mã đòn bẩy"]]
        assert all(number(r[str(y)]) for y in years)
        if lever.kind == "value":  # history keeps business as usual
            assert r[str(plan.history_end)] == pytest.approx(lever.default)
        scenario = next(x.scenario for x in results if x.scenario.name == r["Mã kịch bản"])
        assert [r[str(y)] for y in years] == pytest.approx(
            list(scenario.lever_at(lever.id, np.array(years, dtype=float))))


def test_assumptions_say_which_have_no_source(wb, results):
    rows = records(wb["Giả định"])
    plan = results[0].plan
    assert [r["Mã"] for r in rows] == list(plan.assumptions)
    for r in rows:
        a = plan.assumptions[r["Mã"]]
        assert ("chưa có nguồn" in r["Nguồn"]) == a.unsourced
        assert number(r["Cận dưới"]) and r["Cận dưới"] <= r["Cận trên"]
        assert r["Phân bố"]
