"""Timing marks on the page's own clock: ``INSTRUMENT_JS`` (first chart, repaints), the
predicates that say a repaint is done, and the helpers that read them (benchmarks use them;
tests assert no times)."""

from __future__ import annotations

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


def first_chart_ms(page) -> float:
    """ms from navigation start to the frame after the first chart <svg> appeared."""
    page.wait_for_function("() => window.__simlib.firstSvgPaint !== null")
    return page.evaluate("() => window.__simlib.firstSvgPaint")
