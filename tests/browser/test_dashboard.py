"""The planner dashboard in real headless Chromium against a real Voilà server: the page loads,
a slider repaints chart and cards, the language switches, "save as" writes a valid file, the
address restores state, crafted addresses leave the page working, nothing leaves 127.0.0.1; and
(second generation) the phone layout, the address bar, assumptions in the link, Vietnamese
messages, the legend, shipped scenarios kept, goal-seek's "Áp dụng"."""

from __future__ import annotations

import pytest
from page_driving import CHART_SVG
from voila_process import VoilaServer

import simlib
from simlib.dashboard.server import dashboard_notebook
from simlib.scenario import SHIPPED_DIR

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One pre-heated dashboard server saving scenarios into an empty temporary user folder."""
    import os

    scenarios = tmp_path_factory.mktemp("scenarios")
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
    # the address bar follows the state (history.replaceState), the link box and its copy button
    page.wait_for_function("() => location.search.includes('demand_led_share=100')")
    assert page.locator(".sl-share input").input_value().startswith(server.url)
    assert "Sao chép liên kết" in page.locator(".sl-share button").inner_text()
    assert page.title().startswith("Mô phỏng kế hoạch")
    assert " ms" not in page.locator(".widget-html.sl-status").inner_text()
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
    assert "bỏ qua" in page.locator(".sl-query_msg").inner_text()
    plan = simlib.load_scenario("plan").lever_value("st_budget")
    assert float(handle(page, "st_budget").get_attribute("aria-valuenow")) == plan
    page_watch.assert_clean()


PHONE = {"width": 390, "height": 844}


def test_phone_viewport_stacks_the_controls_under_the_chart(server, browser, page_watch):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page_watch.attach(page)
    try:
        open_page(page, server.url)
        chart = page.locator(CHART_SVG).first.bounding_box()
        assert chart["width"] > 300 and chart["x"] >= 0 and chart["x"] + chart["width"] <= 392
        sidebar = page.locator(".sl-sidebar").bounding_box()
        assert sidebar["y"] > chart["y"] + chart["height"]  # stacked under the chart
        assert sidebar["width"] > 330  # full width, not a 340 px column beside a strip
        assert page.evaluate("() => document.querySelector('#rendered_cells').scrollWidth") <= 392
        h = handle(page, "st_budget")
        h.scroll_into_view_if_needed()  # reachable by scrolling
        h.focus()
        h.press("End")
        page.wait_for_function("() => location.search.includes('st_budget=100')")
        page.locator(".sl-ctl-st_budget .sl-readout", has_text="100").wait_for()
    finally:
        page.goto("about:blank")
        context.close()
    page_watch.assert_clean()


def test_the_link_restores_assumptions(server, page, page_watch):
    plan = simlib.load_scenario("plan").plan
    aid, a = next(iter(plan.assumptions.items()))
    open_page(page, server.url + f"?scenario=plan&a.{aid}={a.range[1]:g}")
    slider = page.locator(f".sl-ctl-{aid} .noUi-handle")
    slider.wait_for(state="visible")  # the assumptions panel opens to show it
    assert float(slider.get_attribute("aria-valuenow")) == pytest.approx(a.range[1])
    page.wait_for_function("a => location.search.includes(a)", arg=f"a.{aid}=")
    assert f"a.{aid}=" in page.locator(".sl-share input").input_value()
    page_watch.assert_clean()


def test_a_bad_address_gets_vietnamese_messages(server, page, page_watch):
    open_page(page, server.url + "?scenario=nothing&st_budget=abc&bogus=1&st_budget_x=1")
    assert "không phải là số" in page.locator(".sl-ctl-st_budget").inner_text()
    msg = page.locator(".sl-query_msg").inner_text()
    assert "tham số lạ 'bogus'" in msg and "có phải 'st_budget'?" in msg
    assert "Không có kịch bản 'nothing'" in page.locator(".sl-scenario_msg").inner_text()
    body = page.locator(".sl-root").inner_text()
    for english in ("expected", "unknown", "allowed", "ignored", "not allowed"):
        assert english not in body
    page_watch.assert_clean()


def test_save_as_a_vietnamese_title_and_bad_names(server, page, page_watch):
    open_page(page, server.url + "?scenario=plan&st_budget=41")
    box = page.locator(".sl-save_name input")
    box.fill("!!!")
    page.locator(".sl-save").click()
    page.locator(".sl-save_msg", has_text="ít nhất một chữ cái hoặc chữ số").wait_for()
    box.fill("Kịch bản tăng ngân sách")
    page.locator(".sl-save_file", has_text="kich-ban-tang-ngan-sach.yaml").wait_for()
    page.locator(".sl-save").click()
    page.locator(".sl-save_msg", has_text="Đã lưu").wait_for()
    saved = simlib.load_scenario(server.scenarios / "kich-ban-tang-ngan-sach.yaml")
    assert saved.lever_value("st_budget") == 41 and saved.title["vi"] == "Kịch bản tăng ngân sách"
    # the page switched to it, the box reset, the address follows
    page.wait_for_function("() => location.search.includes('scenario=kich-ban-tang-ngan-sach')")
    assert page.locator(".sl-scenario select").evaluate(
        "s => s.options[s.selectedIndex].text").replace("\xa0", " ") == "Kịch bản tăng ngân sách"
    assert box.input_value() == ""
    page_watch.assert_clean()


@pytest.mark.parametrize("title", ["Plan", "baseline"])
def test_a_shipped_scenario_cannot_be_overwritten(server, page, page_watch, title):
    shipped = SHIPPED_DIR / f"{title.lower()}.yaml"
    before = shipped.read_text()
    open_page(page, server.url + "?scenario=plan&st_budget=77")
    page.locator(".sl-save_name input").fill(title)
    page.locator(".sl-save_overwrite input").check()
    page.locator(".sl-save").click()
    page.locator(".sl-save_msg", has_text="không thể ghi đè").wait_for()
    assert shipped.read_text() == before and not (server.scenarios / shipped.name).exists()
    page_watch.assert_clean()


def test_the_chart_has_a_legend_and_a_sentence(server, page, page_watch):
    open_page(page, server.url + "?scenario=plan&indicator=sme_digital_platform_share"
                                 "&compare=accelerated")
    legend = page.locator(".widget-html.sl-legend").inner_text()
    for key in ("Trung vị", "Khoảng 5–95 %", "Kịch bản cơ sở", "Số liệu thực tế", "Mục tiêu",
                "Kịch bản so sánh"):
        assert key in legend
    assert "Năm 2030 dự kiến" in page.locator(".widget-html.sl-sentence").inner_text()
    summary = page.locator(".widget-html.sl-summary").inner_text()
    assert "mục tiêu:" in summary and "chờ số liệu tổng kết" in summary
    assert page.locator(".sl-gauge").count() >= 5
    assert "2019" not in page.locator(CHART_SVG).first.text_content()  # x axis from 2023
    page_watch.assert_clean()


def test_goal_seek_apply_sets_the_slider(server, page, page_watch):
    open_page(page, server.url + "?scenario=plan")
    card = page.locator(".sl-card-digital_team_village_coverage")
    card.get_by_role("button", name="Cần bao nhiêu?").click()
    card.locator(".sl-seek_panel").wait_for(state="visible")
    card.locator(".sl-seek_run").click()
    apply = card.get_by_role("button", name="Áp dụng")
    apply.wait_for(state="visible")
    assert "Đặt “Kinh phí tổ công nghệ số cộng đồng”" in card.locator(".sl-seek_result").inner_text()
    apply.click()
    card.locator(".sl-seek_result", has_text="Đã đặt").wait_for()
    page.wait_for_function("() => location.search.includes('digital_team_budget=')")
    assert float(handle(page, "digital_team_budget").get_attribute("aria-valuenow")) != \
        simlib.load_scenario("plan").lever_value("digital_team_budget")
    page_watch.assert_clean()


def test_a_chart_drawn_while_hidden_gets_its_width_when_shown(server, page, page_watch):
    """Vega measures a "container" width when it draws and again only on a window resize: a
    chart drawn while its column had no width (a page still hidden while it loads) stayed 0 px
    wide. The page tells Vega when the chart's column changes width."""
    open_page(page, server.url)
    page.evaluate("() => document.querySelector('.sl-chart_box').style.display = 'none'")
    page.locator(".sl-lang button", has_text="EN").click()
    page.wait_for_function("sel => (document.querySelector(sel) || {}).innerHTML?.includes('>Year<')",
                           arg=CHART_SVG)  # rebuilt while hidden
    page.evaluate("() => document.querySelector('.sl-chart_box').style.display = ''")
    page.wait_for_function("sel => document.querySelector(sel).getBoundingClientRect().width > 300",
                           arg=CHART_SVG, timeout=10_000)
    page_watch.assert_clean()
