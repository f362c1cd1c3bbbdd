"""simlib's Voilà configuration as a server: files it refuses, its kernel limit."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from page_driving import CHART_SVG

NOTEBOOK = Path(__file__).with_name("harness_check.ipynb")
LIMIT_ARGS = ("--LimitedKernelManager.max_kernels=2", "--LimitedKernelManager.start_wait=2")

pytestmark = pytest.mark.browser


def test_only_the_dashboard_is_served(voila_server):
    """The notebook's source and other files next to it are refused."""
    srv = voila_server(NOTEBOOK, preheat=True)
    for path in (
        "voila/files/harness_check.ipynb",
        "voila/files/conftest.py",
        "voila/files/../../pyproject.toml",
        "harness_check.ipynb",  # single-notebook mode redirects to voila/files/
    ):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(srv.url + path, timeout=10)
        assert err.value.code in (403, 404), path


def test_port_in_use_fails_instead_of_moving(voila_server):
    """port_retries=0: a busy port is an error (exit 1), not a silent move to another."""
    from voila_process import VoilaServer

    busy = voila_server(NOTEBOOK, preheat=True)
    other = VoilaServer(NOTEBOOK, preheat=False, port=busy.port, log_dir=busy.log_path.parent)
    try:
        with pytest.raises(RuntimeError, match="exited with 1"):
            other.start(timeout=60)
    finally:
        other.stop()


@pytest.mark.parametrize("preheat", [True, False], ids=["preheat", "no-preheat"])
def test_kernel_limit_refuses_then_recovers(voila_server, browser, preheat):
    """With max_kernels=2 a third page view gets 503; closing a page frees its kernel."""
    srv = voila_server(NOTEBOOK, preheat=preheat, extra_args=LIMIT_ARGS, fresh=True)
    if preheat:
        srv.wait_pool_filled()
    context = browser.new_context()
    try:
        p1, p2, p3 = (context.new_page() for _ in range(3))
        for p in (p1, p2):
            assert p.goto(srv.url, timeout=90_000).status == 200
            p.locator(CHART_SVG).first.wait_for(timeout=90_000)
        assert p3.goto(srv.url, timeout=90_000).status == 503
        assert "Máy chủ đang bận" in p3.content() and "Thử lại ngay" in p3.content()
        p1.goto("about:blank")  # beforeunload: Voilà's page asks the server to end its kernel
        deadline = time.monotonic() + 90
        while (status := p3.goto(srv.url, timeout=90_000).status) == 503:
            assert time.monotonic() < deadline, "no kernel slot freed after closing a page"
            time.sleep(1)
        assert status == 200
        p3.locator(CHART_SVG).first.wait_for(timeout=90_000)
    finally:
        context.close()
        srv.stop()


def test_leaving_the_page_ends_its_kernel(voila_server, page, page_watch):
    """Voilà's unload beacon needs an _xsrf cookie, which the simlib template sets."""
    srv = voila_server(NOTEBOOK, preheat=False)
    page.goto(srv.url)
    page.locator(CHART_SVG).first.wait_for()
    kernel = page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    assert kernel in srv.kernel_ids()
    page.goto("about:blank")
    srv.wait_for_log(f"Kernel shutdown: {kernel}", timeout=30)
    assert "_xsrf' argument missing" not in srv.log_text()
    page_watch.assert_clean()


def test_a_page_killed_without_unload_loses_its_kernel(voila_server, browser):
    """No unload beacon (a killed browser, a dropped phone tab): the kernel still ends once
    its page's websocket has been closed for orphan_timeout seconds (120 by default; 3 here)."""
    srv = voila_server(NOTEBOOK, preheat=False, fresh=True, extra_args=(
        "--LimitedKernelManager.orphan_timeout=3", "--MappingKernelManager.cull_interval=1"))
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(srv.url, timeout=90_000)
        page.locator(CHART_SVG).first.wait_for(timeout=90_000)
        kernel = page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
        assert kernel in srv.kernel_ids()
        time.sleep(5)  # connected and idle for longer than orphan_timeout: kept
        assert kernel in srv.kernel_ids()
    finally:
        context.close()  # closes the page without running beforeunload: no beacon
    srv.wait_for_log(f"Kernel shutdown: {kernel}", timeout=60)
    assert f"Ending kernel {kernel}: its page has been gone" in srv.log_text()
    srv.stop()
