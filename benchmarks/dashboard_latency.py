"""Planner dashboard timings in headless Chromium: cold start and slider -> repaint latency.

Serves the real dashboard (``dashboard_notebook()``, package data) with
simlib's Voilà configuration and measures on the page's own clock (see
tests/browser/page_timing.py, ``INSTRUMENT_JS``):

* cold start: navigation start -> the animation frame after the chart's ``<svg>`` appeared
  (``in page``), the wall time of ``page.goto`` until chart and target card are visible, and
  the page's ``load`` event (all files fetched; widgets are built after it);
  with a pre-heated kernel ready (pool filled, its pre-render finished) and without pre-heating;
* server start: launching ``voila`` with simlib's configuration (two pre-heated kernels) ->
  the first page's chart and card visible (the page is asked for as soon as the server answers);
* a second page opened right after the first (both while the pool is warm);
* repaint: keydown (ArrowRight/ArrowLeft) on a lever's slider handle -> the chart's ``<svg>``
  content *and* the target card's text changed (DOM) -> the next animation frame. Parts:
  when the card changed and when the chart changed.

* server CPU: CPU seconds (utime + stime, ``/proc``) the ``voila`` process and its kernels used
  while a page opened (navigation -> chart and card visible), and from launching the server to
  its first page's chart. Unlike wall times these hardly move with other jobs on the machine;
  they include any kernel started meanwhile (a pool refill competing with the page).

* download: click on the PNG (or SVG) button under the chart -> the download link of the new file
  is on the page (the file is in it, as a data: URI), wall time in the browser driver.

Targets (issue 12): server start -> first chart <= 8 s; page open on a running server -> first
chart <= 1.5 s, also for a second page right after the first; repaint <= 60 ms median; (issue 14)
a chart download <= 0.5 s from click to file.
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

from browser_flags import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from page_driving import CHART_SVG, control_handle  # noqa: E402
from page_timing import CHANGED_JS, INSTRUMENT_JS, first_chart_ms, measure_repaint  # noqa: E402
from voila_process import VoilaServer  # noqa: E402

from simlib.dashboard.server import dashboard_notebook  # noqa: E402

QUERY = "?scenario=plan&indicator={card}"


def pct(values: list[float], q: float) -> float:
    """q-th percentile (nearest rank)."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]


def summary(values: list[float], digits: int = 1) -> dict[str, float]:
    """n, median, p95 (nearest rank), min, max."""
    return {
        "n": len(values),
        "median": round(statistics.median(values), digits),
        "p95": round(pct(values, 95), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


def table(rows: dict[str, dict[str, float]], unit: str = "ms") -> str:
    """A Markdown table of ``summary`` rows (a row named "… (s)" is in seconds)."""
    lines = [f"| {unit} | median | p95 | min–max | n |", "|---|---|---|---|---|"]
    for name, s in rows.items():
        lines.append(
            f"| {name} | {s['median']:g} | {s['p95']:g} | {s['min']:g}–{s['max']:g} | {s['n']} |"
        )
    return "\n".join(lines)


def open_page(browser, url: str, card: str, server: VoilaServer | None = None):
    """New context and page at ``url``; returns it with its first-chart timings (and the CPU
    seconds ``server`` used meanwhile, if given)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(INSTRUMENT_JS)
    page = context.new_page()
    page.set_default_timeout(120_000)
    cpu0 = server.cpu_seconds() if server else 0.0
    t0 = time.monotonic()
    page.goto(url)
    page.locator(CHART_SVG).first.wait_for(state="visible")
    page.locator(f".sl-card-{card}").wait_for(state="visible")
    wall = (time.monotonic() - t0) * 1000
    cpu = server.cpu_seconds() - cpu0 if server else float("nan")
    load = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    return context, page, {"in_page_ms": first_chart_ms(page), "wall_ms": wall, "load_ms": load,
                           "server_cpu_s": cpu}


def close_page(context, page) -> None:
    """Leave the page first: its beforeunload asks Voilà to end the kernel (close does not)."""
    page.goto("about:blank")
    context.close()


def cold_starts(browser, server: VoilaServer, runs: int, card: str) -> list[dict]:
    """``runs`` page views, one at a time; each waits for a warm pool when pre-heating."""
    out = []
    for i in range(runs):
        if server.preheat:
            server.wait_pool_filled(count=i + 1, timeout=180)
            server.wait_kernels_quiet()  # pre-render done up to the query-string cell
        shutdowns = server.log_text().count("Kernel shutdown")
        context, page, t = open_page(browser, server.url + QUERY.format(card=card), card, server)
        out.append(t)
        close_page(context, page)
        server.wait_for_log("Kernel shutdown", count=shutdowns + 1, timeout=60)
    return out


def server_start(browser, notebook: Path, card: str) -> dict:
    """Wall ms from launching the server (simlib's pool size) to the first page's chart."""
    t0 = time.monotonic()
    server = VoilaServer(notebook, preheat=True, pool_size=None).start(timeout=120)
    try:
        context, page, t = open_page(browser, server.url + QUERY.format(card=card), card)
        t["server_ms"] = (time.monotonic() - t0) * 1000
        t["server_cpu_s"] = server.cpu_seconds()  # since launch: voila and every kernel
        close_page(context, page)
    finally:
        server.stop()
    return t


def back_to_back(browser, notebook: Path, card: str) -> list[dict]:
    """Two pages, the second asked for as soon as the first shows its chart (pool of two)."""
    with VoilaServer(notebook, preheat=True, pool_size=None) as server:
        server.wait_pool_filled(timeout=180)  # logged once, when both have started
        server.wait_kernels_quiet()
        first = open_page(browser, server.url + QUERY.format(card=card), card, server)
        second = open_page(browser, server.url + QUERY.format(card=card), card, server)
        for context, page, _t in (first, second):
            close_page(context, page)
    return [first[2], second[2]]


def repaints(page, lever: str, card: str, moves: int, pause_ms: int = 300) -> list[dict]:
    """``moves`` single steps of ``lever``, alternating right/left, one at a time."""
    handle = control_handle(page, lever)
    handle.focus()
    value = float(handle.get_attribute("aria-valuenow"))
    right = value < float(handle.get_attribute("aria-valuemax"))
    out = []
    for i in range(moves):
        key = "ArrowRight" if (i % 2 == 0) == right else "ArrowLeft"
        r = measure_repaint(page, lambda k=key: handle.press(k), CHANGED_JS, arg=f".sl-card-{card}")
        page.wait_for_timeout(pause_ms)  # the summary, sentence and address follow; then settle
        out.append(r)
    return out


def downloads(page, clicks: int) -> dict[str, list[float]]:
    """Click the PNG and SVG buttons in turn ``clicks`` times each: ms until the new link is there."""
    out: dict[str, list[float]] = {"png": [], "svg": []}
    for _ in range(clicks):
        for fmt in ("png", "svg"):  # alternate, so each click waits for a link it made
            t0 = time.monotonic()
            page.locator(f".sl-export-{fmt}").click()
            page.locator(f"a.sl-download[download$='.{fmt}']").wait_for(state="attached")
            out[fmt].append((time.monotonic() - t0) * 1000)
            page.wait_for_timeout(300)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="cold starts per mode")
    ap.add_argument("--moves", type=int, default=20, help="slider moves")
    ap.add_argument("--lever", default="demand_led_share", help="slider to move")
    ap.add_argument("--card", default="st_transfer_share", help="target card that must change")
    ap.add_argument("--skip-no-preheat", action="store_true", help="skip the slow cold starts")
    ap.add_argument("--downloads", type=int, default=5, help="PNG (and SVG) download clicks")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} missing: apt-get install -y --no-install-recommends chromium")
    from playwright.sync_api import sync_playwright

    notebook = dashboard_notebook()
    results: dict[str, object] = {"loadavg_before": os.getloadavg()}
    rows: dict[str, dict[str, float]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        if not args.skip_no_preheat:
            with VoilaServer(notebook, preheat=False) as plain:
                starts = cold_starts(browser, plain, args.runs, args.card)
            rows["cold start, no pre-heat (in page)"] = summary([s["in_page_ms"] for s in starts])
            rows["cold start, no pre-heat (wall)"] = summary([s["wall_ms"] for s in starts])
            rows["cold start, no pre-heat: load event"] = summary([s["load_ms"] for s in starts])
        starts = [server_start(browser, notebook, args.card) for _ in range(args.runs)]
        rows["server start -> first chart (wall)"] = summary([s["server_ms"] for s in starts])
        rows["server start -> first chart: server CPU (s)"] = summary(
            [s["server_cpu_s"] for s in starts], 2)
        pairs = back_to_back(browser, notebook, args.card)
        rows["page right after another: first (wall)"] = summary([pairs[0]["wall_ms"]])
        rows["page right after another: second (wall)"] = summary([pairs[1]["wall_ms"]])
        rows["page right after another: server CPU, both (s)"] = summary(
            [pairs[0]["server_cpu_s"] + pairs[1]["server_cpu_s"]], 2)
        with VoilaServer(notebook, preheat=True, pool_size=1) as warm:
            starts = cold_starts(browser, warm, args.runs, args.card)
            rows["cold start, pre-heated (in page)"] = summary([s["in_page_ms"] for s in starts])
            rows["cold start, pre-heated (wall)"] = summary([s["wall_ms"] for s in starts])
            rows["cold start, pre-heated: load event"] = summary([s["load_ms"] for s in starts])
            rows["cold start, pre-heated: server CPU (s)"] = summary(
                [s["server_cpu_s"] for s in starts], 2)
            context, page, _t = open_page(browser, warm.url + QUERY.format(card=args.card),
                                          args.card)
            warm.wait_pool_filled(count=args.runs + 2, timeout=180)
            warm.wait_kernels_quiet()  # the refill's pre-render is done: CPU is quiet
            r = repaints(page, args.lever, args.card, args.moves)
            d = downloads(page, args.downloads)
            close_page(context, page)
        browser.close()
    rows["repaint: card text changed"] = summary([x["parts"]["card"] for x in r])
    rows["repaint: chart svg changed"] = summary([x["parts"]["svg"] for x in r])
    rows["repaint: both changed (DOM)"] = summary([x["mutated"] for x in r])
    rows["repaint: both painted (next frame)"] = summary([x["painted"] for x in r])
    if args.downloads:
        rows["download: click -> PNG link (file in page)"] = summary(d["png"])
        rows["download: click -> SVG link (file in page)"] = summary(d["svg"])
    results.update(rows=rows, loadavg_after=os.getloadavg(), lever=args.lever, card=args.card)
    la = ", ".join(f"{x:.2f}" for x in results["loadavg_before"])
    lb = ", ".join(f"{x:.2f}" for x in results["loadavg_after"])
    print(f"dashboard.ipynb, slider {args.lever}, card {args.card}; load average before "
          f"{la}, after {lb} (2 cores)\n")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
