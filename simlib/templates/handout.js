// The handout: decode the embedded grids, draw the chart with Vega-Lite, and on every slider,
// scenario or indicator change swap the chart's datasets and refill the P(met) table.
// Layout of a grid (uint16, little-endian): bands[stat 3][indicator][year][point], then
// p_met[target][point]; value = lo + code / 65535 * span (per indicator), P = code / 65535.
(async function () {
  "use strict";
  const meta = JSON.parse(document.getElementById("ho-meta").textContent);
  const SCALE = 65535;
  const nInd = meta.indicators.length, nYears = meta.years.length;

  async function decode(b64) {
    const bytes = Uint8Array.from(atob(b64.trim()), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint16Array(await new Response(stream).arrayBuffer());
  }
  const grids = await Promise.all(meta.scenarios.map(
    (_, k) => decode(document.getElementById("ho-data-" + k).textContent)));

  const numberFormat = new Intl.NumberFormat(meta.lang === "vi" ? "vi-VN" : "en-GB",
                                             {maximumFractionDigits: 1});
  const percent = new Intl.NumberFormat(meta.lang === "vi" ? "vi-VN" : "en-GB",
                                        {style: "percent", maximumFractionDigits: 0});
  const scenarioSelect = document.getElementById("ho-scenario");
  const indicatorSelect = document.getElementById("ho-indicator");
  const title = document.getElementById("ho-title");
  const tbody = document.querySelector("#ho-table tbody");

  const result = await vegaEmbed("#ho-chart", meta.spec, {
    actions: false, renderer: "svg", formatLocale: meta.locale, logLevel: 1});
  const view = result.view;

  function point() {
    let index = 0;
    for (const lever of meta.levers) {
      const value = view.signal(lever.signal);
      let best = 0;
      lever.levels.forEach((level, k) => {
        if (Math.abs(level - value) < Math.abs(lever.levels[best] - value)) best = k;
      });
      index = index * lever.levels.length + best;
    }
    return index;
  }

  function update() {
    const s = Number(scenarioSelect.value);
    const grid = grids[s], sc = meta.scenarios[s], points = sc.points, p = point();
    const i = meta.indicators.findIndex((ind) => ind.id === indicatorSelect.value);
    const ind = meta.indicators[i];
    const value = (stat, y) => sc.lo[i] + grid[((stat * nInd + i) * nYears + y) * points + p]
                                         / SCALE * sc.span[i];
    const rows = meta.years.map((year, y) => ({
      year: year, p05: value(0, y), median: value(1, y), p95: value(2, y)}));
    title.textContent = ind.label + " (" + ind.unit + ")";
    view.data("bands", rows).data("targets", ind.targets).data("observed", ind.observed).runAsync();
    const offset = 3 * nInd * nYears * points;
    tbody.replaceChildren(...meta.targets.map((target, k) => {
      const tr = document.createElement("tr");
      const name = document.createElement("td");
      const prob = document.createElement("td");
      name.textContent = target.label;
      prob.className = "num";
      prob.textContent = percent.format(grid[offset + k * points + p] / SCALE);
      if (target.indicator === ind.id) tr.className = "current";
      tr.append(name, prob);
      return tr;
    }));
    document.getElementById("handout").dataset.point = String(p);
    document.getElementById("handout").dataset.median = numberFormat.format(rows.at(-1).median);
  }

  for (const lever of meta.levers) view.addSignalListener(lever.signal, update);
  scenarioSelect.addEventListener("change", update);
  indicatorSelect.addEventListener("change", update);
  update();
  document.getElementById("handout").dataset.ready = "1";
})().catch((error) => {
  const box = document.getElementById("handout");
  box.dataset.error = String(error);
  const message = document.createElement("p");
  message.className = "status missed";
  message.textContent = String(error);
  box.append(message);
});
