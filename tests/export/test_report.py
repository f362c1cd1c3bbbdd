"""The workshop report: self-contained, with every target, its citation, and the assumptions."""

from __future__ import annotations

import re
from html import escape

import pytest

from simlib.cards import CARD_CSS, card_html, cards_by_indicator, source_html
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


def test_report_shows_the_dashboards_cards_worst_first_and_a_citation_for_every_target(results,
                                                                                      html_vi):
    plan = results[0].plan
    assert len(plan.targets()) > 10
    at = 0
    for res in results[:2]:  # each scenario's cards, the dashboard's very cards in its order
        cards = [card_html(res, rows, "vi") for rows in cards_by_indicator(res).values()]
        assert len(cards) == len({ind.id for ind, _ in plan.targets()})
        for card in cards:
            at = html_vi.find(card, at)
            assert at >= 0
    for _, tg in plan.targets():
        assert f"<blockquote lang=vi>{escape(tg.sentence)}</blockquote>" in html_vi
    assert f"<h2>{t('targets', 'vi')}</h2>" in html_vi and CARD_CSS in html_vi


def test_report_lists_scenarios_levers_and_assumptions_in_plain_words(results, html_vi):
    plan = results[0].plan
    for res in results[:2]:
        assert escape(text(res.scenario.title, "vi")) in html_vi
    items = (*plan.levers.values(), *plan.assumptions.values())
    for item in items:
        assert escape(text(item.label, "vi")) in html_vi
        assert source_html(item, "vi") in html_vi  # the dashboard's words for the source
    unsourced = sum(x.unsourced for x in items)
    plain = f"<b>{t('assumption_no_source', 'vi')}.</b> {t('unsourced_sentence', 'vi')}"
    assert html_vi.count(plain) == unsourced > 0
    # Technical notes ("baseline.csv …, UNSOURCED", "BRIEF §4") only behind the fold.
    outside = re.sub(r"<details.*?</details>", "", html_vi, flags=re.S)
    assert "UNSOURCED" in html_vi and "UNSOURCED" not in outside
    assert "BRIEF §" not in outside


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
