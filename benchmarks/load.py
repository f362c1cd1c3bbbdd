"""N planners at once: one Voilà server (simlib's configuration), N headless Chromium pages.

For each N (default 1, 5, 10) on a fresh server with its pre-heated pool kernel ready:

* arrival (``--arrival``): ``one-by-one`` (default) opens each page once the previous one shows
  its chart, so the k-th page's time to first chart is a page view with k - 1 planners
  connected; ``together`` starts all N navigations at once (a workshop starting). Time to
  first chart = navigation start -> the frame after the chart's ``<svg>`` appeared (page
  clock). Pages that do not show a chart within ``--timeout`` are counted and reported;
* memory: RSS and PSS (``/proc/<pid>/smaps_rollup``; PSS shares common pages fairly) of every
  kernel process once all pages show their charts and have moved a slider (N page kernels
  plus the refilled pool kernel), and of the Voilà server;
* slider latency in bursts: in each round *every* page presses ArrowRight/ArrowLeft on the
  lever's slider within a few ms of the others, then waits for its own chart ``<svg>`` and
  target card to change (``CHANGED_JS``, page clock); moves that do not repaint within 30 s
  are counted. Pessimistic: planners rarely release sliders in the same instant, and
  Chromium rendering N pages shares the 2 cores with the kernels here. With ``together``
  on 2 cores, some pages evaluate the 0.9 MB vega bundle too slowly for anywidget's fixed
  2 s model initialisation ("[anywidget] Failed to initialize model."): the chart is drawn
  but never updates.

Target (issue 6): 10 concurrent planners, median slider latency <= 200 ms.
Run: ``PYTHONPATH=. python benchmarks/load.py [--sessions 1 5 10] [--rounds 10]``.
Needs /usr/bin/chromium. Takes about 6 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_flags import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from dashboard_latency import QUERY, pct  # noqa: E402
from page_driving import control_handle  # noqa: E402
from page_timing import CHANGED_JS, INSTRUMENT_JS, arm_repaint, repaint_result  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from proc_stats import kernel_proc, process_memory_mb  # noqa: E402
from voila_process import VoilaServer  # noqa: E402

from simlib.dashboard.server import dashboard_notebook  # noqa: E402

# N pages of one headless browser: only one is "in front"; without these flags Chromium
# pauses animation frames (hence the "painted" mark) of the others, as if each planner's
# tab were hidden.
FOREGROUND_ARGS = [
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]


def stats(values: list[float]) -> str:
    """``median / p95 (max)`` rounded."""
    return f"{statistics.median(values):.0f} / {pct(values, 95):.0f} ({max(values):.0f})"


def report_errors(page, label: str) -> None:
    """Print the page's console errors and uncaught exceptions to stderr as they happen."""
    page.on("console", lambda m: m.type == "error" and print(
        f"{label} console error: {m.text[:300]}", file=sys.stderr))
    page.on("pageerror", lambda e: print(f"{label} page error: {str(e)[:300]}", file=sys.stderr))


def arrive(browser, url: str, n: int, card: str, timeout_s: float,
           together: bool) -> tuple[list, list, list]:
    """Open ``n`` pages on ``url``, all at once or each after the previous one shows its chart.

    Returns every (context, page), those that showed their chart within ``timeout_s`` (the
    others are reported on stderr) and their first-chart ms.
    """
    pages = []
    for _ in range(n):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(INSTRUMENT_JS)
        page = context.new_page()
        page.set_default_timeout(timeout_s * 1000)
        report_errors(page, f"N={n}: page {len(pages) + 1}")
        pages.append((context, page))

    def go(page) -> None:
        page.evaluate("u => setTimeout(() => { location.href = u; })", url)

    if together:  # start every navigation before waiting for any
        for _context, page in pages:
            go(page)
    first, shown = [], []
    for i, (context, page) in enumerate(pages):
        if not together:
            go(page)
        try:
            page.wait_for_url(url, wait_until="commit")
            page.wait_for_function("() => window.__simlib.firstSvgPaint !== null")
            page.locator(f".sl-card-{card}").wait_for(state="visible")
        except PlaywrightError as exc:
            body = page.evaluate("() => document.body ? document.body.innerText : ''")
            print(f"N={n}: page {i + 1} failed: {exc.message.splitlines()[0]}; page text: "
                  f"{body[:300]!r}", file=sys.stderr)
            continue
        first.append(page.evaluate("() => window.__simlib.firstSvgPaint"))
        shown.append((context, page))
        print(f"N={n}: page {i + 1} shows its chart after {first[-1]:.0f} ms", file=sys.stderr)
    return pages, shown, first


def bursts(pages: list, lever: str, card: str, rounds: int,
           pause_ms: int) -> tuple[list[float], int]:
    """``rounds`` rounds in which every page moves ``lever`` one step; returns ms input ->
    painted, and how many moves did not repaint chart and card within 30 s."""
    handles = []
    for _context, page in pages:
        handle = control_handle(page, lever)
        right = float(handle.get_attribute("aria-valuenow")) < float(
            handle.get_attribute("aria-valuemax"))
        handles.append((page, handle, right))
    out, missed = [], 0
    for i in range(rounds):
        armed = [arm_repaint(page, CHANGED_JS, f".sl-card-{card}") for page, _h, _r in handles]
        for _page, handle, right in handles:
            handle.press("ArrowRight" if (i % 2 == 0) == right else "ArrowLeft")
        for j, ((page, handle, _r), before) in enumerate(zip(handles, armed, strict=True)):
            try:
                out.append(repaint_result(page, before, timeout=30_000)["painted"])
            except PlaywrightError:
                missed += 1
                state = page.evaluate("() => [document.hasFocus(), window.__simlib._armed &&"
                                      " {input: window.__simlib._armed.input},"
                                      " window.__simlib.parts]")
                print(f"burst {i + 1}, page {j + 1}: no repaint in 30 s; value "
                      f"{handle.get_attribute('aria-valuenow')}, focus/armed/parts {state}",
                      file=sys.stderr)
        time.sleep(pause_ms / 1000)  # the status line and share box follow; then settle
    return out, missed


def memory(server: VoilaServer) -> dict[str, object]:
    """RSS/PSS (MB) of each kernel of ``server`` and of the Voilà process itself."""
    kernels = []
    for kid in server.kernel_ids():
        proc = kernel_proc(kid)
        if proc is not None:
            kernels.append(process_memory_mb(proc))
    voila = process_memory_mb(Path(f"/proc/{server.proc.pid}"))
    return {"kernels": kernels, "voila": voila}


def run(browser, n: int, args: argparse.Namespace) -> dict[str, object]:
    """One fresh server, ``n`` pages: arrival, slider bursts, memory."""
    extra = [f"--LimitedKernelManager.max_kernels={args.max_kernels}"] if args.max_kernels else []
    with VoilaServer(dashboard_notebook(), preheat=True, extra_args=extra) as server:
        server.wait_pool_filled(timeout=180)
        server.wait_kernels_quiet()
        load_before = os.getloadavg()[0]
        pages, shown, first = arrive(browser, server.url + QUERY.format(card=args.card), n,
                                     args.card, args.timeout, args.arrival == "together")
        server.wait_kernels_quiet(timeout=300)  # the pool refill has pre-rendered too
        latency, missed = bursts(shown, args.lever, args.card, args.rounds, args.pause)
        mem = memory(server)
        load_after = os.getloadavg()[0]
        for context, page in pages:
            page.goto("about:blank")
            context.close()
    return {"n": n, "failed": n - len(shown), "missed": missed, "first_chart_ms": first,
            "slider_ms": latency, "memory": mem, "loadavg_1min": [load_before, load_after]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10])
    ap.add_argument("--rounds", type=int, default=10, help="slider bursts per N")
    ap.add_argument("--pause", type=int, default=500, help="ms between bursts")
    ap.add_argument("--lever", default="demand_led_share")
    ap.add_argument("--card", default="st_transfer_share")
    ap.add_argument("--arrival", choices=["together", "one-by-one"], default="one-by-one",
                    help="all pages navigate at once, or each after the previous one's chart")
    ap.add_argument("--timeout", type=float, default=180, help="s a page may take to show")
    ap.add_argument("--max-kernels", type=int, default=0, help="override voila.json's limit")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} missing: apt-get install -y --no-install-recommends chromium")

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM),
                                     args=CHROMIUM_ARGS + FOREGROUND_ARGS)
        for n in args.sessions:
            results.append(run(browser, n, args))
        browser.close()
    print(f"dashboard.ipynb, {os.cpu_count()} cores, slider {args.lever}, {args.rounds} bursts; "
          "ms as median / p95 (max); MB per kernel as median (max)\n")
    print("| N | pages without chart | moves not repainted | load avg (1 min) before → after "
          "| first chart, ms | slider → painted, ms | kernels | RSS per kernel, MB "
          "| PSS per kernel, MB | PSS all kernels, MB | Voilà RSS, MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        ks = r["memory"]["kernels"]
        rss, pss = [k["rss"] for k in ks], [k["pss"] for k in ks]
        la = r["loadavg_1min"]
        print(f"| {r['n']} | {r['failed']} | {r['missed']} | {la[0]:.1f} → {la[1]:.1f} "
              f"| {stats(r['first_chart_ms'])} | {stats(r['slider_ms'])} | {len(ks)} "
              f"| {statistics.median(rss):.0f} ({max(rss):.0f}) "
              f"| {statistics.median(pss):.0f} ({max(pss):.0f}) | {sum(pss):.0f} "
              f"| {r['memory']['voila']['rss']:.0f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
