"""The page's link to its browser tab: the address bar follows the page's state
(``history.replaceState``), the tab title follows the language, a copy button copies the link,
the kernel can ask for an element to be scrolled into view, and the chart is asked to measure its
column again when it would stay 0 px wide. One small anywidget (served with the page, offline
like Altair's ``JupyterChart``)."""

from __future__ import annotations

import anywidget
import traitlets

_ESM = r"""
function render({ model, el }) {
  el.classList.add("sl-sharebox");
  const label = document.createElement("div");
  label.className = "sl-note";
  const row = document.createElement("div");
  row.className = "sl-sharerow";
  const input = document.createElement("input");
  input.readOnly = true;
  input.className = "sl-link";
  const button = document.createElement("button");
  button.className = "sl-copy jupyter-button";
  row.append(input, button);
  el.append(label, row);
  const link = () => {
    const q = model.get("query");
    return location.origin + location.pathname + (q ? "?" + q : "");
  };
  const update = () => {
    const q = model.get("query");
    if (q && location.search !== "?" + q) {
      try { history.replaceState(history.state, "", location.pathname + "?" + q); } catch (e) {}
    }
    input.value = link();
    if (model.get("title")) document.title = model.get("title");
    if (model.get("lang")) document.documentElement.lang = model.get("lang");
    label.textContent = model.get("link_label");
    button.textContent = "⧉ " + model.get("copy_label");
  };
  button.addEventListener("click", async () => {
    input.select();
    let ok = false;
    try { await navigator.clipboard.writeText(input.value); ok = true; } catch (e) {
      try { ok = document.execCommand("copy"); } catch (e2) {}
    }
    button.textContent = (ok ? "✔ " : "") + model.get("copied_label");
    setTimeout(update, 2500);
  });
  model.on("change:scroll_count", () => {
    const target = document.querySelector(model.get("scroll"));
    if (target) target.scrollIntoView({ behavior: "smooth", block: "nearest" });
  });
  for (const name of ["query", "title", "lang", "link_label", "copy_label"]) {
    model.on("change:" + name, update);
  }
  update();
  keepChartWide();
}

// Vega measures a chart of "container" width when it is embedded and again only on a window
// resize, so a chart stayed 0 px wide when it was drawn while its column had no width (the page
// still hidden) or, now and then, in a race at page open (see README). The chart gets a window
// resize when its column changes width, and when the page has been still for 300 ms with a chart
// 0 px wide in a column that has a width (20 at most: no loop; Vega itself draws every chart
// 0 px wide for a few ms, hence the wait).
function keepChartWide() {
  let width = -1;
  let resizes = 0;
  let timer = null;
  let watched = null;
  const resize = () => window.dispatchEvent(new Event("resize"));
  const sized = new ResizeObserver((entries) => {
    const now = Math.round(entries[entries.length - 1].contentRect.width);
    if (now !== width) {
      width = now;
      resize();
    }
  });
  const widen = () => {
    for (const svg of document.querySelectorAll(".sl-chart_box svg.marks")) {
      const box = svg.closest(".sl-chart_box");
      if (svg.getAttribute("width") === "0" && box && box.clientWidth > 0 && resizes < 20) {
        resizes += 1;
        resize();
        return;
      }
    }
  };
  const changed = () => {
    const box = document.querySelector(".sl-chart_box");
    if (box && box !== watched) {
      if (watched) sized.unobserve(watched);
      watched = box;
      sized.observe(box);
    }
    clearTimeout(timer);
    timer = setTimeout(widen, 300);
  };
  new MutationObserver(changed).observe(document.body, { childList: true, subtree: true });
  changed();
}
export default { render };
"""


class PageBridge(anywidget.AnyWidget):
    """Address bar, tab title and copy button of the page (see module docstring)."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    query = traitlets.Unicode("").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    lang = traitlets.Unicode("vi").tag(sync=True)
    link_label = traitlets.Unicode("").tag(sync=True)
    copy_label = traitlets.Unicode("").tag(sync=True)
    copied_label = traitlets.Unicode("").tag(sync=True)
    scroll = traitlets.Unicode("").tag(sync=True)
    scroll_count = traitlets.Int(0).tag(sync=True)

    def scroll_to(self, selector: str) -> None:
        """Scroll the first element matching ``selector`` into view (smoothly, if needed)."""
        self.scroll = selector
        self.scroll_count += 1
