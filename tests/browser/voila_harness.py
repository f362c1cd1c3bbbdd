"""Real-browser harness: a Voilà server on a free port, Chromium flags, and page watchers.

Used by ``conftest.py`` (fixtures) and ``benchmarks/dashboard_latency.py`` (timings). Only
the standard library and Playwright's sync API; nothing here downloads anything.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from simlib.dashboard.server import voila_command, voila_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Every non-loopback request goes to a dead proxy (loopback bypasses proxies in Chromium),
# so it fails at once, also on a machine with a network; PageWatch still records it.
# Not Playwright's context.route(): with interception on, the kernel-shutdown beacon
# Voilà's page sends on beforeunload is lost and kernels of closed pages live on.
BLOCK_EXTERNAL_ARGS = ["--proxy-server=http://127.0.0.1:9"]

# Selectors for Voilà + ipywidgets 8 + Altair's JupyterChart.
CHART_SVG = ".vega-embed svg.marks"  # vega's root <svg>; ".vega-embed svg" also matches the
#                                      icon of the "…" actions menu
SLIDER_HANDLE = ".widget-slider .noUi-handle"  # ipywidgets 8 sliders are noUiSlider
SLIDER_READOUT = ".widget-readout"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_local_url(url: str) -> bool:
    """True for loopback http(s)/ws(s) URLs and for data:, blob:, about: URLs."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "javascript"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


class VoilaServer:
    """One ``voila`` process serving ``notebook`` on 127.0.0.1 (see ``voila_command``)."""

    def __init__(
        self,
        notebook: Path,
        *,
        preheat: bool = True,
        pool_size: int = 1,
        port: int | None = None,
        extra_args: list[str] | None = None,
        log_dir: Path | None = None,
    ) -> None:
        self.notebook = Path(notebook)
        self.preheat = preheat
        self.pool_size = pool_size
        self.port = port or free_port()
        self.extra_args = extra_args or []
        self.proc: subprocess.Popen[bytes] | None = None
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            prefix="voila-", suffix=".log", delete=False, dir=log_dir
        )
        self.log_path = Path(self._log.name)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def start(self, timeout: float = 60.0) -> VoilaServer:
        """Start Voilà and wait until it answers HTTP (without starting a kernel)."""
        cmd = voila_command(
            self.notebook,
            self.port,
            preheat=self.preheat,
            pool_size=self.pool_size,
            extra_args=self.extra_args,
        )
        self.proc = subprocess.Popen(
            cmd,
            env=voila_env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stop() signals the group
        )
        deadline = time.monotonic() + timeout
        # Ready = our process logged that it listens *and* answers HTTP. The log check
        # matters: with a busy port another server would answer. /voila/files/ answers
        # 403/404 at once and starts no kernel; GET / would take the pre-heated kernel.
        probe = f"{self.url}voila/files/__harness_probe__"
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"voila exited with {self.proc.returncode} before answering:\n"
                    + self.log_text()[-3000:]
                )
            if "is running at" in self.log_text():
                try:
                    urllib.request.urlopen(probe, timeout=2).close()
                    return self
                except urllib.error.HTTPError:
                    return self  # any HTTP answer means it is listening
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"voila did not answer within {timeout} s:\n{self.log_text()}")
            time.sleep(0.1)

    def wait_for_log(self, pattern: str, timeout: float = 90.0, count: int = 1) -> None:
        """Wait until ``pattern`` (a regex) occurs ``count`` times in the server log."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while len(rx.findall(self.log_text())) < count:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"voila exited:\n{self.log_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{pattern!r} not in voila's log after {timeout} s")
            time.sleep(0.1)

    def wait_pool_filled(self, timeout: float = 90.0, count: int = 1) -> None:
        """Wait for the ``count``-th "pool is filled" (each refill logs it again)."""
        self.wait_for_log(r"Kernel pool of .* is filled", timeout=timeout, count=count)

    def kernel_ids(self) -> list[str]:
        """Kernels this server started and has not shut down (from its log)."""
        log = self.log_text()
        started = re.findall(r"Kernel started: ([0-9a-f-]{36})", log)
        ended = set(re.findall(r"Kernel shutdown: ([0-9a-f-]{36})", log))
        return [k for k in started if k not in ended]

    def wait_kernels_quiet(self, quiet: float = 1.0, timeout: float = 180.0) -> None:
        """Wait until no kernel of this server uses CPU for ``quiet`` seconds (Linux /proc).

        Voilà logs "pool is filled" as soon as a pool kernel *started*; its notebook is
        pre-rendered afterwards, up to the cell that waits for the request. A kernel
        blocked there (or idle) uses no CPU: then the pool is really warm.
        """
        deadline = time.monotonic() + timeout
        last: dict[str, float] = {}
        while True:
            now = {k: _kernel_cpu_seconds(k) for k in self.kernel_ids()}
            if last and all(abs(now[k] - last.get(k, -1.0)) < 0.02 for k in now):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"kernels still busy after {timeout} s: {now}")
            last = now
            time.sleep(quiet)

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM the group (Voilà then shuts its kernels down); SIGKILL after ``timeout``.

        Kernels run in their own sessions; if Voilà had to be killed they notice their
        parent is gone (ipykernel's parent poller) and exit by themselves.
        """
        rc = None
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                rc = self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                rc = self.proc.wait()
            except ProcessLookupError:
                rc = self.proc.wait()
        elif self.proc is not None:
            rc = self.proc.returncode
        self._log.close()
        return rc

    def __enter__(self) -> VoilaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def kernel_proc(kernel_id: str) -> Path | None:
    """``/proc/<pid>`` of the process whose command line names ``kernel-<id>.json``."""
    needle = f"kernel-{kernel_id}.json".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if needle in (proc / "cmdline").read_bytes():
                return proc
        except OSError:
            continue
    return None


def _kernel_cpu_seconds(kernel_id: str) -> float:
    """utime+stime of the kernel's process (0 if it is gone)."""
    proc = kernel_proc(kernel_id)
    try:
        fields = (proc / "stat").read_text().rsplit(")", 1)[1].split() if proc else None
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def process_memory_mb(proc: Path) -> dict[str, float]:
    """``{"rss": MB, "pss": MB}`` of one process (``smaps_rollup``; PSS splits shared pages)."""
    out = {}
    for line in (proc / "smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            out[key.lower()] = int(rest.split()[0]) / 1024
    return out


# Harmless noise left out of PageWatch.problems(); each entry: (kind, regex, why).
HARMLESS: list[tuple[str, str, str]] = [
    # Nothing so far. Seen and *not* filtered because they are warnings, not errors:
    # "Unsatisfied version 4.2.5 from _JUPYTERLAB.CORE_OUTPUT of shared singleton module
    # @jupyterlab/..." (Voilà's bundle is built against JupyterLab 4.2, the installed
    # extensions ask for ^4.6) and "No satisfying version ... @jupyterlab/outputarea".
]


@dataclass
class PageWatch:
    """Everything a dashboard page must not do: leave 127.0.0.1, log errors, fail requests."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (kind, regex) per test

    def attach(self, page) -> None:  # page: playwright.sync_api.Page
        """Listen to ``page``'s requests, websockets, responses and console."""
        page.on("request", self._on_request)
        page.on("websocket", lambda ws: self._on_url(ws.url))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda err: self.page_errors.append(str(err)))

    def _on_url(self, url: str) -> None:
        if not is_local_url(url):
            self.external_requests.append(url)

    def _on_request(self, request) -> None:
        self._on_url(request.url)

    def _on_request_failed(self, request) -> None:
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.failed_requests.append(
                f"{response.request.method} {response.url}: HTTP {response.status}"
            )

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            self.console_errors.append(f"{msg.text} ({loc.get('url', '')}:{loc.get('lineNumber')})")

    def ignore(self, kind: str, pattern: str) -> None:
        """Let one test accept an expected problem: kind is one of the list names."""
        self.ignored.append((kind, pattern))

    def problems(self) -> list[str]:
        """Every recorded problem not matched by HARMLESS or ``ignore``."""
        rules = [(k, re.compile(p)) for k, p, _why in HARMLESS]
        rules += [(k, re.compile(p)) for k, p in self.ignored]
        out = []
        for kind in ("external_requests", "console_errors", "page_errors", "failed_requests"):
            for item in getattr(self, kind):
                if not any(k == kind and rx.search(item) for k, rx in rules):
                    out.append(f"{kind}: {item}")
        return out

    def assert_clean(self) -> None:
        """Fail listing every problem (external request, console/page error, failed request)."""
        problems = self.problems()
        assert not problems, "page problems:\n  " + "\n  ".join(problems)


# Installed before any page script runs (context.add_init_script). Records, on the page's
# own clock (performance.now(): ms since this page's navigation started):
#   __simlib.firstSvg       first vega <svg class="marks"> in the DOM
#   __simlib.firstSvgPaint  the animation frame after it (~ first paint of the chart)
#   __simlib.repaints       one {input, mutated, painted} per __simlib.arm(done): `input` is
#                           the first keydown/pointerup after arming (event.timeStamp),
#                           `mutated` the first DOM mutation after it at which done()
#                           returns true, `painted` the next animation frame.
INSTRUMENT_JS = r"""
(() => {
  const CHART_SVG = '.vega-embed svg.marks';
  const S = (window.__simlib = {firstSvg: null, firstSvgPaint: null, repaints: [], _armed: null});
  S.arm = (done) => { S._armed = {done, input: null, mutated: null, painted: null}; };
  const onMutations = () => {
    if (S.firstSvg === null && document.querySelector(CHART_SVG)) {
      S.firstSvg = performance.now();
      requestAnimationFrame(() => { S.firstSvgPaint = performance.now(); });
    }
    const a = S._armed;
    if (a && a.input !== null && a.mutated === null && a.done()) {
      a.mutated = performance.now();
      S._armed = null;
      requestAnimationFrame(() => {
        a.painted = performance.now();
        S.repaints.push({input: a.input, mutated: a.mutated, painted: a.painted});
      });
    }
  };
  new MutationObserver(onMutations).observe(document, {
    childList: true, subtree: true, attributes: true, characterData: true,
  });
  const onInput = (ev) => {
    if (S._armed && S._armed.input === null) S._armed.input = ev.timeStamp;
  };
  document.addEventListener('keydown', onInput, true);
  document.addEventListener('pointerup', onInput, true);
})();
"""

# Predicate factory for measure_repaint on the planner dashboard: done when the chart's <svg>
# content AND a card's text differ from what they were when armed (arg: the card selector).
# Also records when each part changed in __simlib.parts (page clock) for a breakdown.
CHANGED_JS = (
    "card => { const q = s => document.querySelector(s);"
    " const old = {svg: q('.vega-embed svg.marks').innerHTML, card: q(card).textContent};"
    " const parts = (window.__simlib.parts = {svg: null, card: null});"
    " return () => { const t = performance.now();"
    " if (parts.card === null && q(card).textContent !== old.card) parts.card = t;"
    " if (parts.svg === null && q('.vega-embed svg.marks').innerHTML !== old.svg) parts.svg = t;"
    " return parts.card !== null && parts.svg !== null; }; }"
)

BARS_JS = (
    "n => () => { const s = document.querySelector('.vega-embed svg.marks');"
    " return !!s && s.querySelectorAll('.mark-rect path').length === n; }"
)


def arm_repaint(page, done_js: str, arg=None) -> int:
    """Arm ``done_js`` (a JS function source taking ``arg``, returning a predicate) for the
    next key press or pointer release; returns the count of repaints recorded so far."""
    before = page.evaluate("() => window.__simlib.repaints.length")
    page.evaluate(
        "([src, arg]) => window.__simlib.arm((new Function('return ' + src))()(arg))",
        [done_js, arg],
    )
    return before


def repaint_result(page, before: int, timeout: float = 30_000) -> dict:
    """Wait for the armed repaint; ms on the page's clock from the input event:
    ``{"mutated": DOM done, "painted": next frame, "parts": {name: ms}}`` (``parts`` from
    ``window.__simlib.parts`` if the predicate records them, e.g. ``CHANGED_JS``)."""
    page.wait_for_function(f"() => window.__simlib.repaints.length > {before}", timeout=timeout)
    r = page.evaluate(
        "() => [window.__simlib.repaints[window.__simlib.repaints.length - 1],"
        " window.__simlib.parts || {}]"
    )
    rep, parts = r
    return {
        "mutated": rep["mutated"] - rep["input"],
        "painted": rep["painted"] - rep["input"],
        "parts": {k: v - rep["input"] for k, v in parts.items() if v is not None},
    }


def measure_repaint(page, act, done_js: str, arg=None, timeout: float = 30_000) -> dict:
    """Time ``act()`` (a key press, a click) until the page satisfies ``done_js``.

    ``done_js`` is a JS function source taking ``arg`` and returning a predicate, e.g.
    ``BARS_JS`` with ``arg=7``. Returns ms on the page's clock (see ``repaint_result``).
    """
    before = arm_repaint(page, done_js, arg)
    act()
    return repaint_result(page, before, timeout)


def control_handle(page, control: str):
    """The slider handle of lever/assumption ``control``, its accordion group opened if closed."""
    handle = page.locator(f".sl-ctl-{control} .noUi-handle")
    if not handle.is_visible():
        page.evaluate(
            "c => document.querySelector('.sl-ctl-' + c).closest('.jupyter-widget-Collapse')"
            ".querySelector('.jupyter-widget-Collapse-header').click()",
            control,
        )
    handle.wait_for(state="visible")
    return handle


def first_chart_ms(page) -> float:
    """ms from navigation start to the frame after the first chart <svg> appeared."""
    page.wait_for_function("() => window.__simlib.firstSvgPaint !== null")
    return page.evaluate("() => window.__simlib.firstSvgPaint")


def slider_value(page, index: int = 0) -> float:
    """The value shown by the ``index``-th slider's handle (``aria-valuenow``)."""
    return float(page.locator(SLIDER_HANDLE).nth(index).get_attribute("aria-valuenow"))


def press_slider(page, key: str, index: int = 0, times: int = 1) -> None:
    """Move the ``index``-th slider as a user would with the keyboard.

    noUiSlider handles take focus and react to ArrowLeft/ArrowRight (one step),
    PageDown/PageUp (several steps), Home/End (min/max); each press is one value change.
    """
    handle = page.locator(SLIDER_HANDLE).nth(index)
    handle.focus()
    for _ in range(times):
        handle.press(key)


def set_slider(page, value: float, index: int = 0, step: float = 1.0) -> None:
    """Move the ``index``-th slider to ``value`` with arrow keys (one press per step)."""
    delta = round((value - slider_value(page, index)) / step)
    if delta:
        press_slider(page, "ArrowRight" if delta > 0 else "ArrowLeft", index, abs(delta))
    page.wait_for_function(
        "([sel, i, v]) => Number(document.querySelectorAll(sel)[i]"
        ".getAttribute('aria-valuenow')) === v",
        arg=[SLIDER_HANDLE, index, value],
    )


def type_slider(page, value: float, index: int = 0) -> None:
    """Set the ``index``-th slider by typing into its editable readout, then Enter."""
    readout = page.locator(SLIDER_READOUT).nth(index)
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def chart_bar_count(page, index: int = 0) -> int:
    """Number of bars drawn in the ``index``-th chart."""
    return page.locator(CHART_SVG).nth(index).locator(".mark-rect path").count()
