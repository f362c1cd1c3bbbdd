"""Fixtures for real-browser tests: a Voilà server per notebook, headless Chromium, a page
that records every request leaving 127.0.0.1, console/page errors and failed requests.

Typical test::

    @pytest.mark.browser
    def test_x(voila_server, page, page_watch):
        server = voila_server(NOTEBOOK)          # started, answering, stopped at session end
        page.goto(server.url + "?n=7")
        page.locator(CHART_SVG).first.wait_for()
        page_watch.assert_clean()

The whole directory is skipped (with the reason) when /usr/bin/chromium is missing.
Install it with ``apt-get install -y --no-install-recommends chromium fonts-liberation``;
never ``playwright install`` (it downloads a browser build).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the harness modules, also under --import-mode=importlib

from browser_flags import BLOCK_EXTERNAL_ARGS, CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from page_timing import INSTRUMENT_JS  # noqa: E402
from page_watch import PageWatch  # noqa: E402
from voila_process import VoilaServer  # noqa: E402

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every test in this directory, with the reason, when Chromium is not installed."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} missing: apt-get install -y --no-install-recommends chromium "
        "fonts-liberation (never `playwright install`)"
    )
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., VoilaServer]]:
    """Factory: ``voila_server(notebook, preheat=True, pool_size=1)`` -> started server.

    Servers are reused per (notebook, preheat, pool_size, extra_args) within the session
    and stopped (SIGTERM, kernels shut down) at its end. Server logs are kept in pytest's
    temporary directory (``voila-*.log`` under ``pytest-of-<user>/``).
    """
    log_dir = tmp_path_factory.mktemp("voila-logs")
    servers: dict[tuple, VoilaServer] = {}

    def start(
        notebook: Path,
        *,
        preheat: bool = True,
        pool_size: int = 1,
        extra_args: tuple[str, ...] = (),
        fresh: bool = False,
    ) -> VoilaServer:
        key = (Path(notebook).resolve(), preheat, pool_size, tuple(extra_args))
        if fresh and key in servers:
            servers.pop(key).stop()
        if key not in servers:
            servers[key] = VoilaServer(
                notebook,
                preheat=preheat,
                pool_size=pool_size,
                extra_args=list(extra_args),
                log_dir=log_dir,
            ).start()
        return servers[key]

    yield start
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium from Debian's package, driven by Playwright (no download).

    Non-loopback requests fail at once (``BLOCK_EXTERNAL_ARGS``); ``page_watch`` records them.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + BLOCK_EXTERNAL_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page_watch() -> PageWatch:
    """What the ``page`` fixture recorded; call ``page_watch.assert_clean()`` in the test."""
    return PageWatch()


@pytest.fixture
def page(browser, page_watch: PageWatch) -> Iterator[object]:
    """A fresh browser context and page, watched by ``page_watch``.

    ``window.__simlib`` holds timing marks (see ``page_timing.INSTRUMENT_JS``).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(INSTRUMENT_JS)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page_watch.attach(page)
    yield page
    # Leave the page before closing: Voilà's beforeunload beacon ends the page's kernel
    # (closing the context alone does not), so tests stay under the kernel limit.
    with contextlib.suppress(Exception):  # best effort; culling ends the kernel otherwise
        page.goto("about:blank", timeout=10_000)
    context.close()
