"""The validation page is generated from the plan; the committed copies must match."""

from pathlib import Path

import pytest

import simlib
from simlib.analysis import model_check, validation_page

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def check():
    return model_check(simlib.load_plan(observations=False))


def test_committed_pages_are_up_to_date(check):
    for lang in ("en", "vi"):
        path = DOCS / f"validation.{lang}.md"
        assert path.read_text(encoding="utf-8") == validation_page(check, lang), (
            f"{path} is stale: regenerate with `simlib validate-model --lang {lang} --output {path} "
            "--force`")


def test_every_observation_is_checked_listed_as_a_start_or_as_single(check):
    plan = check.plan
    rows = {(r.indicator, r.year) for r in check.checks.itertuples()}
    rows |= {(r.indicator, r.start_year) for r in check.starts.itertuples()}
    rows |= {(r.indicator, r.year) for r in check.single.itertuples()}
    assert rows == {(i.id, o.year) for i in plan.indicators.values() for o in i.observed}
    assert set(check.checks.indicator) == {"digital_teams", "st_results_completed"}
    assert len(check.context) == sum(len(c.observed) for c in plan.context)
    for r in check.checks.itertuples():
        assert r.p05 <= r.median <= r.p95 and r.inside == (r.p05 <= r.observed <= r.p95)
        assert r.error == pytest.approx(r.central - r.observed)


def test_start_values_say_where_they_come_from(check):
    starts = check.starts.set_index("indicator")
    assert starts.start["digital_teams"] == "observation" and starts.model["digital_teams"] == 540
    # the pipeline starts at the observed 2016–19 rate, 8.5 a year (not its assumed 4)
    assert starts.start["st_results_completed"] == "observation"
    assert starts.model["st_results_completed"] == 8.5
    assert set(zip(check.carried.start_year, check.carried.indicator, strict=True)) == {
        (2019, "digital_teams"), (2019, "people_assisted"), (2023, "people_assisted")}


def test_summary_counts_and_vietnamese_formatting(check):
    en, vi = validation_page(check, "en"), validation_page(check, "vi")
    n, inside = len(check.checks), check.inside
    assert f"{inside} of {n} later observation(s) fall inside" in en
    assert f"{inside} trên {n} số liệu sau nằm trong khoảng" in vi
    assert "1.000 lần mô phỏng" in vi and "1,000 draws" in en
    assert "2019: 8,5 → 8,5 (từ số liệu này)" in vi
    assert "143.472" in vi and "trung bình – cao" in vi
    assert "Chuỗi chỉ có một số liệu: chỉ là điểm xuất phát" in vi


def test_html_is_escaped(check):
    page = validation_page(check, "vi", "html")
    assert page.startswith("<!DOCTYPE html>") and 'lang="vi"' in page
    assert "<strong>Kết quả:</strong>" in page and "TT&amp;TT" in page
    with pytest.raises(ValueError, match="fmt"):
        validation_page(check, "en", "pdf")
