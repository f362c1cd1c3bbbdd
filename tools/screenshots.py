"""Retake the dashboard screenshots in docs/: 1400×900 (docs/dashboard.png) and a phone, 390×844
(docs/dashboard-phone.png), of the default scenario in Vietnamese, from a real Voilà server in
headless Chromium (Debian's /usr/bin/chromium; nothing is downloaded).

    .venv/bin/python tools/screenshots.py [--out docs]

Look at them before committing: they are the README's picture of the page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browser_flags import BLOCK_EXTERNAL_ARGS, CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from page_driving import CHART_SVG  # noqa: E402
from voila_process import VoilaServer  # noqa: E402

from simlib.dashboard.server import dashboard_notebook  # noqa: E402

SHOTS = {"dashboard.png": (1400, 900), "dashboard-phone.png": (390, 844)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as scenarios:
        import os

        os.environ["SIMLIB_SCENARIOS"] = scenarios  # nothing the page saves lands in the checkout
        server = VoilaServer(dashboard_notebook(), preheat=True).start()
        try:
            server.wait_pool_filled()
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM),
                                             args=CHROMIUM_ARGS + BLOCK_EXTERNAL_ARGS)
                for name, (width, height) in SHOTS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(server.url)
                    page.locator(CHART_SVG).first.wait_for(state="visible", timeout=120_000)
                    page.locator(".sl-card-st_transfer_share").wait_for(state="visible")
                    page.wait_for_timeout(1500)  # fonts and the last repaint settle
                    page.screenshot(path=str(args.out / name))
                    page.close()
                    print(f"wrote {args.out / name} ({width}×{height})")
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
