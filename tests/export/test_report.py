"""The workshop report: self-contained, with every target, its citation, and the assumptions."""

from __future__ import annotations

from html import escape

import pytest

from simlib.export import report_html
from simlib.i18n import t, text

from .conftest import DATE, TITLE_VI
from .html_check import duplicate_ids, external_references, tags


@pytest.fixture(scope="module")
def html_vi(results, baseline) -> str:
    return report_html(results[:2], "vi", date=DATE)


def test_report_opens_offline(html_vi):
    assert html_vi.startswith("<!DOCTYPE html>")
    assert external_references(html_vi) == []  # the handout's scripts are inline
    assert "link" not in tags(html_vi)
    assert duplicate_ids(html_vi) == []
    assert len(html_vi.encode()) <= 3_000_000  # with the handout of two scenarios


def test_report_without_handout_is_static(results):
    html = report_html(results[:1], "vi", date=DATE, handout=False)
    assert "script" not in tags(html) and 'id="handout"' not in html


def test_report_has_a_card_and_a_citation_for_every_target_of_the_plan(results, html_vi):
    plan = results[0].plan
    assert len(plan.targets()) > 10
    for ind, tg in plan.targets():
        card = f"{t('target', 'vi')} {tg.year}: <b>{escape(tg.label())}</b> {escape(text(ind.unit, 'vi'))}"
        assert card in html_vi, (ind.id, tg.year)
        assert f"<blockquote lang=vi>{escape(tg.sentence)}</blockquote>" in html_vi
    for year in (2025, 2030):
        assert f"<h2>Mục tiêu năm {year}</h2>" in html_vi


def test_cards_give_median_range_probability_and_status(results, html_vi):
    row = results[0].attainment("vi").iloc[0]
    assert "Trung vị (5–95%)" in html_vi and "Xác suất đạt" in html_vi
    assert html_vi.count('class="status ') == 2 * len(results[0].plan.targets())
    assert row["status"] in ("met", "at_risk", "missed", "pending", "reference")


def test_report_lists_scenarios_levers_and_assumptions_with_sources(results, html_vi):
    plan = results[0].plan
    for res in results[:2]:
        assert escape(text(res.scenario.title, "vi")) in html_vi
    for item in (*plan.levers.values(), *plan.assumptions.values()):
        assert escape(text(item.label, "vi")) in html_vi
    unsourced = sum(x.unsourced for x in (*plan.levers.values(), *plan.assumptions.values()))
    badge = f'<span class="badge assumption">{t("assumption_no_source", "vi")}</span>'
    assert html_vi.count(badge) == unsourced


def test_report_embeds_one_svg_per_chart(results, html_vi):
    charts = 2 + len(results[0].indicators)  # attainment 2025 and 2030, one per indicator
    assert html_vi.count('<figure role="img"><svg') == charts
    assert TITLE_VI in html_vi and "Nguồn: " in html_vi


def test_english_report_and_indicator_filter(results, baseline):
    html = report_html(results[:1], "en", indicators=["digital_teams", "st_transfer_share"],
                       baseline=baseline, date=DATE)
    assert "<title>Workshop report · Plan 3549/KH-UBND" in html
    assert "Research results transferred" in html and "2025-11-28" in html
    assert "Research results and IP digitised" not in html  # filtered out
    assert html.count('<figure role="img"><svg') == 2 + 2
