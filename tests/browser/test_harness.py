"""The browser harness itself works: Voilà serves a widget + offline JupyterChart notebook,
a slider moves the chart in place, ``?n=`` reaches the kernel with and without
pre-heating, and nothing leaves 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from page_driving import (
    CHART_SVG,
    SLIDER_HANDLE,
    chart_bar_count,
    press_slider,
    set_slider,
    slider_value,
    type_slider,
)

NOTEBOOK = Path(__file__).with_name("harness_check.ipynb")

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["preheat", "no-preheat"])
def server(request, voila_server):
    """The harness notebook served with and without pre-heated kernels."""
    srv = voila_server(NOTEBOOK, preheat=request.param)
    if request.param:
        srv.wait_pool_filled()  # the first one; later page views may find it refilling
    return srv


def open_dashboard(page, url: str) -> None:
    page.goto(url)
    page.locator(CHART_SVG).first.wait_for(state="visible")
    page.locator(SLIDER_HANDLE).first.wait_for(state="visible")


def wait_bars(page, n: int) -> None:
    page.wait_for_function(
        "([sel, n]) => { const s = document.querySelector(sel);"
        " return s && s.querySelectorAll('.mark-rect path').length === n; }",
        arg=[CHART_SVG, n],
    )


def test_page_loads_with_chart_and_no_problems(server, page, page_watch):
    open_dashboard(page, server.url)
    assert slider_value(page) == 3
    wait_bars(page, 3)
    page_watch.assert_clean()


def test_query_string_sets_initial_value(server, page, page_watch):
    open_dashboard(page, server.url + "?n=7")
    assert slider_value(page) == 7
    wait_bars(page, 7)
    page_watch.assert_clean()


def test_keyboard_moves_slider_and_chart(server, page, page_watch):
    open_dashboard(page, server.url + "?n=5")
    wait_bars(page, 5)
    before = page.locator(CHART_SVG).first.inner_html()
    press_slider(page, "ArrowRight")
    wait_bars(page, 6)
    assert slider_value(page) == 6
    assert page.locator(CHART_SVG).first.inner_html() != before
    set_slider(page, 2)
    wait_bars(page, 2)
    press_slider(page, "End")
    wait_bars(page, 20)
    assert chart_bar_count(page) == 20
    page_watch.assert_clean()


def test_typing_into_readout_moves_chart(server, page, page_watch):
    open_dashboard(page, server.url)
    type_slider(page, 12)
    wait_bars(page, 12)
    assert slider_value(page) == 12
    page_watch.assert_clean()


def test_chart_is_updated_in_place_not_reembedded(server, page, page_watch):
    """Params updates keep the same <svg> element (a re-embed would replace it)."""
    open_dashboard(page, server.url)
    page.evaluate("sel => { window.__firstSvgEl = document.querySelector(sel); }", CHART_SVG)
    press_slider(page, "ArrowRight", times=3)
    wait_bars(page, 6)
    assert page.evaluate("sel => document.querySelector(sel) === window.__firstSvgEl", CHART_SVG)
    page_watch.assert_clean()


def test_bad_query_value_keeps_default(voila_server, page, page_watch):
    srv = voila_server(NOTEBOOK, preheat=True)
    open_dashboard(page, srv.url + "?n=abc")
    assert slider_value(page) == 3
    page_watch.assert_clean()


def test_watch_catches_external_requests(voila_server, page, page_watch):
    """The watcher itself works: a request to another host is recorded (and fails)."""
    srv = voila_server(NOTEBOOK, preheat=True)
    open_dashboard(page, srv.url)
    page.evaluate("() => fetch('https://cdn.example.org/x.css').catch(() => null)")
    page.wait_for_timeout(300)
    assert page_watch.external_requests == ["https://cdn.example.org/x.css"]
    with pytest.raises(AssertionError, match="external_requests"):
        page_watch.assert_clean()
