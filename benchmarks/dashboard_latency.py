"""Dashboard timings in headless Chromium: cold start and slider -> repaint latency.

Serves tests/browser/harness_check.ipynb (one IntSlider, one offline JupyterChart) with
simlib's Voilà configuration, with and without pre-heated kernels, and measures on the
page's own clock (see tests/browser/voila_harness.py, INSTRUMENT_JS):

* cold start: navigation start -> the animation frame after the chart's <svg> appeared,
  plus the wall time of ``page.goto`` until the svg is visible;
* repaint: keydown on the slider handle -> the chart shows the new bar count (DOM) -> the
  next animation frame, for in-place updates (``chart.params``) and for re-embedding
  (``chart.chart = ...``, ``?mode=reembed``).

Run: ``PYTHONPATH=. python benchmarks/dashboard_latency.py [--runs 3] [--moves 20]``.
Needs /usr/bin/chromium. Takes about 3 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from voila_harness import (  # noqa: E402
    BARS_JS,
    CHART_SVG,
    CHROMIUM,
    CHROMIUM_ARGS,
    INSTRUMENT_JS,
    SLIDER_HANDLE,
    VoilaServer,
    first_chart_ms,
    measure_repaint,
)

NOTEBOOK = ROOT / "tests" / "browser" / "harness_check.ipynb"


def pct(values: list[float], q: float) -> float:
    """q-th percentile (nearest rank)."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median": round(statistics.median(values), 1),
        "p95": round(pct(values, 95), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
    }


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(INSTRUMENT_JS)
    page = context.new_page()
    page.set_default_timeout(120_000)
    t0 = time.monotonic()
    page.goto(url)
    page.locator(CHART_SVG).first.wait_for(state="visible")
    wall = (time.monotonic() - t0) * 1000
    return context, page, {"in_page_ms": first_chart_ms(page), "wall_ms": wall}


def close_page(context, page) -> None:
    """Leave the page first: its beforeunload asks Voilà to end the kernel (close does not)."""
    page.goto("about:blank")
    context.close()


def cold_starts(browser, server: VoilaServer, runs: int) -> list[dict]:
    out = []
    for i in range(runs):
        if server.preheat:
            server.wait_pool_filled(count=i + 1, timeout=180)
            server.wait_kernels_quiet()  # pre-render done up to the query-string cell
        shutdowns = server.log_text().count("Kernel shutdown")
        context, _page, t = open_page(browser, server.url + "?n=7")
        out.append(t)
        close_page(context, _page)
        server.wait_for_log("Kernel shutdown", count=shutdowns + 1, timeout=60)
    return out


def repaints(page, moves: int) -> list[dict]:
    out = []
    handle = page.locator(SLIDER_HANDLE).first
    handle.focus()
    n = round(float(handle.get_attribute("aria-valuenow")))
    for i in range(moves):
        key, n = ("ArrowRight", n + 1) if i < moves // 2 else ("ArrowLeft", n - 1)
        out.append(measure_repaint(page, lambda k=key: handle.press(k), BARS_JS, arg=n))
        page.wait_for_timeout(150)  # let the kernel's reply traffic settle: one move at a time
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="cold starts per mode")
    ap.add_argument("--moves", type=int, default=20, help="slider moves per update mode")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} missing: apt-get install -y --no-install-recommends chromium")
    from playwright.sync_api import sync_playwright

    results: dict[str, object] = {"loadavg_before": os.getloadavg()}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        with VoilaServer(NOTEBOOK, preheat=False) as plain:
            starts = cold_starts(browser, plain, args.runs)
            results["cold_start_no_preheat"] = {
                "in_page_ms": summary([s["in_page_ms"] for s in starts]),
                "wall_ms": summary([s["wall_ms"] for s in starts]),
            }
        with VoilaServer(NOTEBOOK, preheat=True, pool_size=1) as warm:
            starts = cold_starts(browser, warm, args.runs)
            results["cold_start_preheat_pool_ready"] = {
                "in_page_ms": summary([s["in_page_ms"] for s in starts]),
                "wall_ms": summary([s["wall_ms"] for s in starts]),
            }
            fills = len(warm.log_text().split("is filled")) - 1
            for mode, query in (("in_place_params", "?n=5"), ("reembed", "?n=5&mode=reembed")):
                warm.wait_pool_filled(count=fills, timeout=180)
                context, page, _t = open_page(browser, warm.url + query)
                fills += 1
                warm.wait_pool_filled(count=fills, timeout=180)
                warm.wait_kernels_quiet()  # the refill's pre-render is done: CPU is quiet
                r = repaints(page, args.moves)
                results[f"repaint_{mode}"] = {
                    "dom_ms": summary([x["mutated"] for x in r]),
                    "painted_ms": summary([x["painted"] for x in r]),
                }
                close_page(context, page)
        browser.close()
    results["loadavg_after"] = os.getloadavg()
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
