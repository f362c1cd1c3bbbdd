"""The planner dashboard in real headless Chromium against a real Voilà server: the page loads,
a slider repaints chart and cards, the language switches, "save as" writes a valid file, the
address restores state, crafted addresses leave the page working, nothing leaves 127.0.0.1."""

from __future__ import annotations

import pytest
from voila_harness import CHART_SVG, VoilaServer

import simlib
from simlib.dashboard.server import dashboard_notebook

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One pre-heated dashboard server writing scenarios into a temporary copy of scenarios/."""
    import os
    import shutil

    scenarios = tmp_path_factory.mktemp("scenarios")
    for f in simlib.scenarios_dir().glob("*.yaml"):
        shutil.copy(f, scenarios)
    old = os.environ.get("SIMLIB_SCENARIOS")
    os.environ["SIMLIB_SCENARIOS"] = str(scenarios)
    srv = VoilaServer(dashboard_notebook(), preheat=True).start()
    srv.scenarios = scenarios
    srv.wait_pool_filled()
    yield srv
    srv.stop()
    if old is None:
        os.environ.pop("SIMLIB_SCENARIOS")
    else:
        os.environ["SIMLIB_SCENARIOS"] = old


def open_page(page, url: str) -> None:
    page.goto(url)
    page.locator(CHART_SVG).first.wait_for(state="visible")
    page.locator(".sl-card-st_transfer_share").wait_for(state="visible")


def chart_svg(page) -> str:
    return page.locator(CHART_SVG).first.inner_html()


def handle(page, control: str):
    return page.locator(f".sl-ctl-{control} .noUi-handle")


def test_page_shows_cards_chart_and_no_problems(server, page, page_watch):
    open_page(page, server.url)
    cards = page.locator("[class*='sl-card-']")
    assert cards.count() >= 12
    text = page.locator(".sl-card-st_transfer_share").inner_text()
    assert "Mục tiêu ≥ 60" in text and "P = " in text
    assert "Kinh phí KH&CN" in page.locator(".sl-ctl-st_budget").inner_text()
    page_watch.assert_clean()


def test_slider_repaints_chart_and_card(server, page, page_watch):
    open_page(page, server.url + "?scenario=plan&indicator=st_transfer_share")
    before_svg, before_card = chart_svg(page), page.locator(".sl-card-st_transfer_share").inner_text()
    page.get_by_text("Chương trình và năm bắt đầu").click()  # open the programmes group
    h = handle(page, "demand_led_share")
    h.wait_for(state="visible")
    h.focus()
    h.press("End")  # 100 % demand-led
    page.wait_for_function("([sel, old]) => document.querySelector(sel).innerHTML !== old",
                           arg=[CHART_SVG, before_svg])
    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel).innerText !== old",
        arg=[".sl-card-st_transfer_share", before_card])
    # the share link is rewritten after the repaint: wait for it rather than race it
    page.wait_for_function("sel => document.querySelector(sel).value.includes('demand_led_share=100')",
                           arg=".sl-share input")
    page_watch.assert_clean()


def test_language_switch_changes_labels(server, page, page_watch):
    open_page(page, server.url)
    page.locator(".sl-lang button", has_text="EN").click()
    page.locator(".sl-ctl-st_budget", has_text="S&T budget").wait_for()
    page.locator(".sl-card-st_transfer_share", has_text="Research results transferred").wait_for()
    page.wait_for_function("sel => (document.querySelector(sel) || {}).innerHTML?.includes('>Year<')",
                           arg=CHART_SVG)  # the chart is rebuilt with English axis titles
    page_watch.assert_clean()


def test_address_restores_state_and_crafted_parts_become_messages(server, page, page_watch):
    open_page(page, server.url + "?scenario=accelerated&lang=en&st_budget=40&comms_spend=nan"
                                 "&scenario_x=%3Cscript%3E")
    assert float(handle(page, "st_budget").get_attribute("aria-valuenow")) == 40
    assert "expected a number" in page.locator(".sl-ctl-comms_spend").inner_text()
    assert "scenario_x" in page.locator(".sl-query_msg").inner_text()
    assert "Accelerated" in page.locator(".sl-scenario").inner_text()
    page_watch.assert_clean()


def test_save_as_writes_a_valid_file_and_never_overwrites(server, page, page_watch):
    open_page(page, server.url + "?scenario=plan&st_budget=33")
    page.locator(".sl-save_name input").fill("workshop-a")
    page.locator(".sl-save").click()
    page.locator(".sl-save_msg", has_text="workshop-a.yaml").wait_for()
    saved = server.scenarios / "workshop-a.yaml"
    assert simlib.load_scenario(saved).lever_value("st_budget") == 33
    page.locator(".sl-save").click()
    page.locator(".sl-save_msg", has_text="⚠").wait_for()
    assert simlib.load_scenario(saved).lever_value("st_budget") == 33
    page_watch.assert_clean()


HOSTILE = ("?scenario=..%2F..%2Fetc%2Fpasswd&st_budget=40&st_budget=50&lang=%E2%80%AEen"
           "&%E2%80%AEevil%0A=1&comms_spend=1e309&demand_led_share=%00%1B%5B31m"
           "&%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1")


def test_hostile_address_parts_become_escaped_messages(server, page, page_watch):
    """Traversal, repeated keys, control and right-to-left characters, markup: each becomes a
    plain-text message beside its control (or the address line), and the page keeps working."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, server.url + HOSTILE)
    assert "'../../etc/passwd'" in page.locator(".sl-scenario_msg").inner_text()
    assert float(handle(page, "st_budget").get_attribute("aria-valuenow")) == 40  # first wins
    assert "'1e309'" in page.locator(".sl-ctl-comms_spend").text_content()
    assert r"'\x00\x1b[31m'" in page.locator(".sl-ctl-demand_led_share").text_content()
    msg = page.locator(".sl-query_msg").inner_text()
    assert "<img src=x onerror=alert(1)>" in msg and r"'\u202eevil\n'" in msg
    assert "\u202e" not in msg and "\x00" not in page.locator("body").text_content()
    assert page.locator("[class*='sl-'] img").count() == 0  # shown as text, not as markup
    h = handle(page, "st_budget")
    h.focus()
    h.press("End")
    page.wait_for_function("() => document.querySelector('.sl-share input').value"
                           ".includes('st_budget=100')")
    assert not dialogs
    page_watch.assert_clean()


@pytest.mark.parametrize("query", ["?scenario=accelerated&st_budget=" + "9" * 5000,
                                   "?" + "&".join(["st_budget=1"] * 201)],
                         ids=["5000-characters", "201-parameters"])
def test_oversized_address_is_ignored_with_a_message(server, page, page_watch, query):
    open_page(page, server.url + query)
    assert "ignored" in page.locator(".sl-query_msg").inner_text()
    plan = simlib.load_scenario("plan").lever_value("st_budget")
    assert float(handle(page, "st_budget").get_attribute("aria-valuenow")) == plan
    page_watch.assert_clean()
