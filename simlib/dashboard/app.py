"""The planner's page: ipywidgets wired to a :class:`~simlib.dashboard.session.Session`.

Controls are generated from the plan's lever and assumption declarations; the chart is an Altair
``JupyterChart`` (offline bundle) whose datasets are swapped in place when a slider moves
(:func:`swap_datasets`). Every message is a :class:`~simlib.i18n.Msg` rendered in the page's
language. No model logic here: every number comes from ``simlib``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from html import escape

import altair as alt
import ipywidgets as w
import numpy as np
import pandas as pd

from .. import charts
from ..analysis.lever_effects import lever_effects, levers_moving_target
from ..cards import source_html
from ..errors import SimlibValidationError
from ..formatting import D3_LOCALES, fmt_number, fmt_percent, fmt_year
from ..i18n import Msg, render, t, text
from ..result import Result
from ..scenario import available_scenarios, load_scenario
from .bridge import PageBridge
from .cards import CARD_CSS, card_html, cards_by_indicator
from .glance import chart_sentence, legend_html, summary_html
from .offline_chart import enable_offline
from .panels import AssumptionsPanel, GoalSeekPanel, ObservationsPanel, SaveAsPanel
from .panels import message as _message
from .query import query_string
from .session import Session, from_query, slider_value
from .shared import button, hbox, html, layout, style, toggle, vbox

SIDEBAR = "340px"
EFFECT_DRAWS = 300  # draws of the lever-effects table behind the ⓘ texts and goal-seek


def swap_datasets(chart: alt.JupyterChart, datasets: dict[str, list[dict]]) -> None:
    """Replace the rows of named datasets of a displayed ``JupyterChart`` in place (no re-embed).

    Altair 6 has no public way to do this for named datasets; its front end applies what is
    put in the synced ``_py_to_js_updates`` trait. Kept to this one function, pinned by
    tests/dashboard/test_session.py::test_swap_datasets_uses_the_synced_update_trait."""
    chart._py_to_js_updates = [{"namespace": "data", "name": name, "scope": [], "value": rows}
                               for name, rows in datasets.items()]


@dataclass
class Control:
    """The widgets of one lever or assumption slider."""

    id: str
    kind: str  # "lever" or "assumption"
    label: w.HTML
    readout: w.HTML
    button: w.ToggleButton
    slider: w.FloatSlider | w.IntSlider
    mark: w.HTML
    msg: w.HTML
    info: w.HTML
    box: w.VBox
    decimals: int
    year: bool


class Dashboard:
    """Builds the widgets once; ``refresh`` recomputes and repaints in place."""

    def __init__(self, session: Session, *, draw_chart: bool = True):
        self.s = session
        self._quiet = False
        # A pre-heated kernel builds the page before a browser connects; a chart widget made
        # then and replaced when the address is applied races the browser's first model sync
        # (seen as "[anywidget] Failed to initialize model" under load), so it waits.
        self._draw_chart = draw_chart
        self._effects: dict[tuple, pd.DataFrame] = {}
        self._previous: list[dict] = []
        self._plan_values: dict[str, float] = {}
        self.root_css = html(CARD_CSS)
        self.bridge = PageBridge()
        self.title = html()
        self.lang = w.ToggleButtons(options=[("VI", "vi"), ("EN", "en")], value=session.lang,
                                    layout=layout(width="auto"),
                                    style={"button_width": "44px"})
        self.scenario = w.Dropdown(options=self._scenario_options(), value=session.base.name,
                                   layout=layout(width="230px"),
                                   style=style(w.Dropdown))
        self.scenario_msg = html()
        self.reset = button(icon="undo")
        self.saving = SaveAsPanel(self)
        self.compare = w.SelectMultiple(options=[], rows=4, layout=layout(width="230px"),
                                        style=style(w.Dropdown))
        self.compare_label = html()
        self.status = html()
        self.summary = html(width="100%")
        self.query_msg = html()
        self.controls: dict[str, Control] = {}
        self.lever_panel = w.Accordion(children=self._lever_groups(), selected_index=0)
        self.assumption_panel = AssumptionsPanel(self)
        self.obs = ObservationsPanel(self)
        self.indicator = w.Dropdown(layout=layout(width="100%"), style=style(w.Dropdown))
        self.chart_box = w.Box(layout=layout(width="100%", min_height="330px"))
        self.legend = html(width="100%")
        self.sentence = html(width="100%")
        self.chart: alt.JupyterChart | None = None
        self.card_html: dict[str, w.HTML] = {}
        self.card_buttons: dict[str, w.Button] = {}
        self.cards: dict[str, w.VBox] = {}
        self.seek_buttons: dict[str, w.Button] = {}
        self.card_box = w.GridBox(layout=layout(
            grid_template_columns="repeat(auto-fill, minmax(260px, 1fr))", grid_gap="8px",
            width="100%"))
        self.export_buttons = {fmt: button(description=fmt.upper(), icon="download")
                               for fmt in ("png", "svg", "pdf", "report", "pptx", "xlsx")}
        for fmt, b in self.export_buttons.items():
            b.add_class(f"sl-export-{fmt}")  # stable hooks for browser tests and benchmarks
        self.export_link = html()
        self.export_row = hbox([*self.export_buttons.values(), self.export_link],
                               flex_flow="row wrap", align_items="center")
        self.footer = html()
        for name in ("lang", "scenario", "status", "summary", "query_msg", "scenario_msg",
                     "chart_box", "legend", "sentence", "reset"):
            getattr(self, name).add_class(f"sl-{name}")
        self.bridge.add_class("sl-share")
        self.seek = GoalSeekPanel(self)
        self._wire()
        self.relabel()
        self.refresh(rebuild_chart=True)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Widget changes made by the program inside this block run no event handler."""
        old, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = old

    # --- layout ---------------------------------------------------------------------------
    def layout(self) -> w.Widget:
        header = vbox([
            hbox([self.title, self.lang], justify_content="space-between"),
            hbox([self.scenario, self.reset, self.saving.box], flex_flow="row wrap",
                 align_items="flex-start"),
            self.scenario_msg, self.query_msg,
        ])
        sidebar = vbox([self.lever_panel, self.assumption_panel.accordion, self.obs.accordion,
                        self.compare_label, self.compare], width=SIDEBAR, min_width=SIDEBAR)
        sidebar.add_class("sl-sidebar")
        main = vbox([self.status, self.summary, self.indicator, self.chart_box, self.legend,
                     self.sentence, self.export_row, self.card_box, self.bridge, self.footer],
                     flex="1 1 auto", min_width="0")
        main.add_class("sl-main")
        body = hbox([sidebar, main], width="100%")
        body.add_class("sl-body")
        root = vbox([self.root_css, header, body], width="100%")
        root.add_class("sl-root")
        return root

    def _scenario_options(self) -> list[tuple[str, str]]:
        """(title in the page's language, file name) for every scenario file."""
        return [(self._scenario_title(n), n) for n in available_scenarios()]

    def _scenario_title(self, name: str) -> str:
        try:
            return text(load_scenario(name).title, self.s.lang) or name
        except SimlibValidationError:
            return f"{name} ⚠"

    def _plan_value(self, lever_id: str) -> float:
        """The lever's value in the province's plan (the "plan" scenario; else its default)."""
        if not self._plan_values:
            try:
                plan = load_scenario("plan")
                self._plan_values = {lid: slider_value(plan.lever_value(lid))
                                     for lid in self.s.plan.levers}
            except (SimlibValidationError, FileNotFoundError):
                self._plan_values = {lid: lv.default for lid, lv in self.s.plan.levers.items()}
        return self._plan_values.get(lever_id, self.s.plan.levers[lever_id].default)

    def _lever_groups(self) -> list[w.Widget]:
        groups: dict[str, list[w.Widget]] = {g: [] for g in self.s.plan.lever_groups}
        for lever in self.s.plan.levers.values():
            groups[lever.group].append(self._control(
                lever.id, "lever", lever.range, lever.step, lever.kind == "year",
                slider_value(self.s.lever_value(lever.id))))
        return [vbox(items) for items in groups.values()]

    def _control(self, cid: str, kind: str, bounds: tuple[float, float], step: float,
                 year: bool, value: float) -> w.VBox:
        label, readout, mark, msg, info = html(), html(), html(), html(), html()
        info_button = toggle(value=False, icon="info", layout=layout(width="34px"))
        cls = w.IntSlider if year else w.FloatSlider
        decimals = max(0, -int(np.floor(np.log10(step)))) if step < 1 else 0
        # The readout is ours (vi-VN numbers, years without separators), not the slider's.
        slider = cls(min=bounds[0], max=bounds[1], step=step, value=value, continuous_update=False,
                     readout=False, layout=layout(width="96%"), style=style(w.FloatSlider))
        box = vbox([hbox([label, hbox([readout, info_button], align_items="center",
                                      flex="0 0 auto")], justify_content="space-between"),
                    slider, mark, msg, info])
        box.add_class(f"sl-ctl-{cid}")  # stable hooks for browser tests
        readout.add_class("sl-readout")
        ctl = Control(cid, kind, label, readout, info_button, slider, mark, msg, info, box,
                      min(decimals, 4), year)
        self.controls[cid] = ctl
        slider.observe(lambda ch, c=ctl: self._on_slider(c, ch["new"]), names="value")
        info_button.observe(lambda ch, c=ctl: self._guard(lambda: self._info(c)), names="value")
        self._show_readout(ctl)
        return box

    def _number(self, ctl: Control, value: float) -> str:
        return fmt_year(round(value)) if ctl.year else fmt_number(value, self.s.lang, ctl.decimals)

    def _show_readout(self, ctl: Control) -> None:
        ctl.readout.value = f"<b class='sl-value'>{self._number(ctl, ctl.slider.value)}</b>"

    def _show_mark(self, ctl: Control) -> None:
        """The plan's value (levers) or the central value (assumptions) marked under the track."""
        if ctl.kind == "lever":
            value, name = self._plan_value(ctl.id), t("plan_value", self.s.lang)
        else:
            value, name = self.s.plan.assumptions[ctl.id].central, t("central", self.s.lang)
        low, high = ctl.slider.min, ctl.slider.max
        pct = 0.0 if high <= low else 100 * (min(max(value, low), high) - low) / (high - low)
        align = "left" if pct < 25 else "right" if pct > 75 else "center"
        shift = {"left": "-6px", "center": "-50%", "right": "calc(-100% + 6px)"}[align]
        ctl.mark.value = (f"<div class='sl-planmark'><span style='left:{pct:.1f}%;"
                          f"transform:translateX({shift})'>▲ {name}: "
                          f"{self._number(ctl, value)}</span></div>")

    # --- events ---------------------------------------------------------------------------
    def _wire(self) -> None:
        self.lang.observe(lambda ch: self._on_lang(ch["new"]), names="value")
        self.scenario.observe(lambda ch: self._on_scenario(ch["new"]), names="value")
        self.reset.on_click(lambda _: self._on_reset())
        self.compare.observe(lambda ch: self._on_compare(ch["new"]), names="value")
        self.indicator.observe(lambda ch: self._on_indicator(ch["new"]), names="value")
        for fmt, b in self.export_buttons.items():
            b.on_click(lambda _b, f=fmt: self._guard(lambda: self._export(f)))

    def _guard(self, action: Callable[[], None]) -> None:
        """Run a UI action; any failure becomes a message, never a traceback on the page."""
        if self._quiet:
            return
        try:
            action()
        except Exception as exc:  # the page must keep working whatever happens
            _message(self.status, Msg("msg_error", {"kind": type(exc).__name__}), self.s.lang)

    def _on_slider(self, ctl: Control, value: float) -> None:
        self._show_readout(ctl)

        def act():
            ok = self.s.edit(ctl.kind, ctl.id, value)
            _message(ctl.msg, self.s.problems.get(ctl.id), self.s.lang)
            if ok:
                self.refresh(previous=True)
        self._guard(act)

    def _on_lang(self, lang: str) -> None:
        def act():
            self.s.lang = lang
            self.relabel()
            self.refresh(rebuild_chart=True)
        self._guard(act)

    def _on_scenario(self, name: str) -> None:
        def act():
            self.s.choose_scenario(name)
            self._after_scenario_change()
        self._guard(act)

    def _after_scenario_change(self) -> None:
        self._show_scenario_messages()
        self._sync_controls()
        self._sync_compare()
        self.obs.sync()
        self.seek.close()
        self._previous = []
        self.refresh(rebuild_chart=True)

    def _show_scenario_messages(self) -> None:
        """A load problem, or the migration notices of an older scenario file."""
        problem = self.s.problems.get("scenario")
        if problem:
            _message(self.scenario_msg, problem, self.s.lang)
        else:
            notes = escape("; ".join(str(n) for n in self.s.base.notices))
            self.scenario_msg.value = f"<div class='sl-info'>ℹ {notes}</div>" if notes else ""

    def _on_reset(self) -> None:
        def act():
            self.s.reset()
            self._sync_controls()
            self.refresh(previous=True)
        self._guard(act)

    def _on_compare(self, names: tuple[str, ...]) -> None:
        def act():
            self.s.set_compare(tuple(names))
            self._sync_compare()
            self.refresh(rebuild_chart=True)
        self._guard(act)

    def _on_indicator(self, indicator: str | None) -> None:
        def act():
            if indicator and indicator != self.s.indicator:
                self.s.indicator = indicator
                self._previous = []
                self.refresh(rebuild_chart=True)
        self._guard(act)

    # --- the ⓘ of a control ---------------------------------------------------------------
    def effects(self, year: int) -> pd.DataFrame:
        """:func:`simlib.lever_effects` of the page's scenario as saved (not its edits) for
        ``year``: computed once per scenario and year, then cached."""
        key = (self.s.base.name, self.s.base.path, year)
        if key not in self._effects:
            self._effects[key] = lever_effects(self.s.base, year, EFFECT_DRAWS, self.s.seed)
        return self._effects[key]

    def _info(self, ctl: Control) -> None:
        ctl.info.value = self._info_html(ctl.id) if ctl.button.value else ""

    def _moves_html(self, lever_id: str) -> str:
        """What this lever moves (targets of the plan's end year), from the lever-effects table."""
        lang, plan = self.s.lang, self.s.plan
        year = plan.end_year
        effects = self.effects(year)
        lines = []
        for ind in plan.indicators.values():
            if not any(tg.year == year for tg in ind.targets):
                continue
            if lever_id not in levers_moving_target(effects, ind.id):
                continue
            row = effects[(effects.indicator == ind.id) & (effects.lever == lever_id)].iloc[0]
            lines.append(f"<li>{escape(text(ind.label, lang))}: P {fmt_percent(row.p_met_low, lang)}"
                         f" → {fmt_percent(row.p_met_high, lang)}</li>")
        if not lines:
            return f"<div class='sl-moves'>{t('lever_moves_none', lang).format(year=year)}</div>"
        lv = plan.levers[lever_id]
        ctl = self.controls[lever_id]
        ends = f"{self._number(ctl, lv.range[0])} → {self._number(ctl, lv.range[1])}"
        return (f"<div class='sl-moves'><b>{t('lever_moves', lang)}</b> ({year}, {ends}):"
                f"<ul>{''.join(lines)}</ul></div>")

    def _info_html(self, cid: str) -> str:
        lang, plan = self.s.lang, self.s.plan
        item = plan.levers.get(cid) or plan.assumptions[cid]
        ctl = self.controls[cid]
        desc = escape(text(item.description, lang)) if item.description else ""
        lo, hi = item.range
        unit = "" if ctl.year else escape(text(item.unit, lang))
        parts = [desc, f"{t('allowed_range', lang)}: {self._number(ctl, lo)}–"
                       f"{self._number(ctl, hi)} {unit}"]
        if cid in plan.assumptions:
            parts.append(t("dist_line", lang).format(dist=plan.assumptions[cid].dist.describe(lang)))
        else:
            parts.append(self._moves_html(cid))
        parts.append(source_html(item, lang))
        return "<div class='sl-info'>" + "".join(f"<div>{p}</div>" for p in parts if p) + "</div>"

    # --- syncing widgets from the session -------------------------------------------------
    def _sync_controls(self) -> None:
        with self.quiet():
            for cid, ctl in self.controls.items():
                if ctl.kind == "lever":
                    ctl.slider.value = slider_value(self.s.lever_value(cid))
                else:
                    ctl.slider.value = self.s.assumptions.get(
                        cid, self.s.plan.assumptions[cid].central)
                self._show_readout(ctl)
                _message(ctl.msg, self.s.problems.get(cid), self.s.lang)

    def _sync_compare(self) -> None:
        with self.quiet():
            self.compare.options = [(self._scenario_title(n), n) for n in available_scenarios()
                                    if n != self.s.base.name]
            self.compare.value = tuple(self.s.compare)

    def relabel(self) -> None:
        """Every visible text in the session's language."""
        lang, plan = self.s.lang, self.s.plan
        self.title.value = (f"<h3 style='margin:4px 0'>{t('app_title', lang)} · "
                            f"{text(plan.title, lang)}</h3><div class='sl-unit'>"
                            f"{text(plan.note, lang)}</div>")
        self.bridge.title = t("tab_title", lang).format(plan=text(plan.title, lang))
        self.bridge.lang = lang
        self.bridge.link_label = t("share_link", lang)
        self.bridge.copy_label = t("copy", lang)
        self.bridge.copied_label = t("copied", lang)
        self.scenario.description = t("scenario", lang)
        with self.quiet():
            self.scenario.options = self._scenario_options()
            self.scenario.value = self.s.base.name
        self.reset.description = t("reset", lang)
        self.saving.relabel()
        self.export_buttons["report"].description = t("report", lang)
        self.export_buttons["pptx"].description = f"{t('export_deck', lang)} (PPTX)"
        self.export_buttons["xlsx"].description = f"{t('export_workbook', lang)} (XLSX)"
        self.compare_label.value = f"<b>{t('compare', lang)}</b> (≤ 2)"
        groups = list(plan.lever_groups.values())
        self.lever_panel.titles = tuple(text(g, lang) for g in groups)
        self._sync_compare()
        self.obs.sync()
        self.assumption_panel.relabel()
        for cid, ctl in self.controls.items():
            item = plan.levers.get(cid) or plan.assumptions[cid]
            mark = " *" if item.unsourced else ""
            ctl.label.value = (f"<b>{escape(text(item.label, lang))}</b>{mark} "
                               f"<span class='sl-unit'>{escape(text(item.unit, lang))}</span>")
            self._show_readout(ctl)
            self._show_mark(ctl)
            _message(ctl.msg, self.s.problems.get(cid), lang)
            if ctl.info.value:
                ctl.info.value = self._info_html(cid)
        options = [(text(i.label, lang), i.id) for i in plan.indicators.values()]
        with self.quiet():
            self.indicator.options = sorted(options, key=lambda o: not plan.indicators[o[1]].targets)
            self.indicator.value = self.s.indicator
        self._show_scenario_messages()
        self.footer.value = (f"<div class='sl-note'>* {t('assumption_no_source', lang)} · "
                             f"{t('band', lang)} · {fmt_number(self.s.draws, lang, 0)} "
                             f"{t('draws', lang)}</div>")
        self.seek.relabel()

    # --- repaint --------------------------------------------------------------------------
    def refresh(self, rebuild_chart: bool = False, previous: bool = False) -> None:
        """Recompute the edited scenario and repaint cards and chart in place; ``previous``
        keeps a faint trace of the result before this change on the chart."""
        lang = self.s.lang
        res = self.s.result()
        old = self._main_rows
        bands = self._bands(res)
        if previous and old is not None:
            self._previous = old
        self._main_rows = [r for r in bands if r["scenario"] == charts.scenario_label(res, lang)]
        # The chart first: the browser re-renders it (the slowest part of a repaint) while the
        # kernel is still formatting the cards.
        if not self._draw_chart:
            pass
        elif rebuild_chart or self.chart is None:
            self._build_chart(res)
        else:
            swap_datasets(self.chart, {charts.BANDS: bands,
                                       charts.PREVIOUS: self._previous or self._main_rows})
        self._paint_cards(res)
        self.summary.value = summary_html(res, lang)
        self.sentence.value = (f"<div class='sl-sentence'>"
                               f"{escape(chart_sentence(res, self.s.indicator, lang))}</div>")
        self._paint_legend(res)
        self.bridge.query = self.s.query_string()
        problems = [v for k, v in self.s.problems.items()
                    if k not in self.controls and k not in ("observation", "scenario")]
        shown = "; ".join(render(p, lang) for p in problems)
        _message(self.query_msg, shown or None, lang)
        edited = f" ({t('edited', lang)})" if self.s.levers or self.s.assumptions else ""
        self.status.value = (f"<div class='sl-note'>{t('scenario', lang)}: "
                             f"<b>{escape(text(self.s.base.title, lang) or self.s.base.name)}</b>"
                             f"{edited} · {fmt_number(self.s.draws, lang, 0)} "
                             f"{t('draws', lang)}</div>")

    _main_rows: list[dict] | None = None

    def _bands(self, res: Result) -> list[dict]:
        return charts.records(charts.bands_frame([res, *self.s.compared()], self.s.indicator,
                                                 self.s.lang))

    def _paint_legend(self, res: Result) -> None:
        plan, lang = self.s.plan, self.s.lang
        ind = plan.indicators[self.s.indicator]
        self.legend.value = legend_html(
            lang, [charts.scenario_label(r, lang) for r in self.s.compared()], baseline=True,
            current=charts.scenario_label(res, lang),
            observed=bool(ind.observed),
            targets=any(not plan.is_national(tg) for tg in ind.targets),
            national=any(plan.is_national(tg) for tg in ind.targets),
            previous=bool(self._previous))

    def chart_spec(self, res: Result) -> alt.LayerChart:
        """The trajectory chart of the page's indicator, filling the width of its column."""
        lang = self.s.lang
        bands = charts.bands_frame([res, *self.s.compared()], self.s.indicator, lang)
        baseline = charts.bands_frame([self.s.baseline()], self.s.indicator, lang)
        # No trace yet: the main median itself, hidden under it (an empty dataset makes Vega warn
        # about an infinite extent).
        previous = pd.DataFrame(self._previous or self._main_rows, columns=["year", "median"])
        spec = charts.trajectory_chart(self.s.plan, self.s.indicator, lang, bands, baseline,
                                       width="container", height=280,
                                       start=charts.first_year(self.s.plan, self.s.indicator),
                                       shade=charts.scenario_label(res, lang),
                                       previous=previous[["year", "median"]],
                                       scenario_legend=False)  # the page's legend names them
        # The chart fills its column; the right padding keeps the last target label and year in.
        spec = spec.properties(autosize={"type": "fit-x", "contains": "padding"},
                               padding={"left": 5, "top": 5, "right": 28, "bottom": 5})
        return spec

    def _build_chart(self, res: Result) -> None:
        lang = self.s.lang
        spec = self.chart_spec(res)
        old, self.chart = self.chart, alt.JupyterChart(spec, embed_options={
            "actions": False, "formatLocale": D3_LOCALES[lang], "renderer": "svg"})
        self.chart.layout.width = "100%"
        self.chart_box.children = (self.chart,)
        if old is not None:  # else its ~0.9 MB offline vega bundle goes to every page view
            old.close()

    def _paint_cards(self, res: Result) -> None:
        lang = self.s.lang
        groups = cards_by_indicator(res)
        for ind, rows in groups.items():
            if ind not in self.cards:
                self.card_html[ind] = html()
                chart_button = button(icon="line-chart")
                chart_button.on_click(
                    lambda _b, i=ind: self._guard(lambda: self._select(i, scroll=True)))
                seek = button(icon="crosshairs")
                seek.on_click(lambda _b, i=ind: self._guard(lambda: self.seek.open(i)))
                self.card_buttons[ind] = chart_button
                self.seek_buttons[ind] = seek
                # Its own layout: goal-seek's panel is added to and removed from the card.
                self.cards[ind] = w.VBox([self.card_html[ind], hbox([chart_button, seek])])
                self.cards[ind].add_class(f"sl-card-{ind}")
            self.card_html[ind].value = card_html(res, rows, lang)
            self.card_buttons[ind].description = t("projection", lang)
            self.seek_buttons[ind].description = t("goal_seek_short", lang)
        order = tuple(self.cards[i] for i in groups)
        if self.card_box.children != order:
            self.card_box.children = order

    def _select(self, indicator: str, scroll: bool = False) -> None:
        self.indicator.value = indicator
        if scroll:
            self.bridge.scroll_to(".sl-chart_box")

    # --- downloads ------------------------------------------------------------------------
    def _export(self, fmt: str) -> None:
        """A download link (data: URI, nothing leaves the machine) for the current chart in
        ``fmt`` or, for "report", "pptx" and "xlsx", the workshop report, the deck and the
        workbook of the current scenario and the compared ones."""
        import base64

        from ..export import chart_bytes, indicator_figure, report_html
        from ..export.figures import stem

        lang = self.s.lang
        self.export_link.value = f"<span class='sl-note'>{t('loading', lang)}</span>"
        res = self.s.result()
        if self.s.levers or self.s.assumptions:  # say on the file that it is not the saved file
            title = {k: f"{v} ({t('edited', k)})" for k, v in self.s.base.title.items()}
            res = replace(res, scenario=res.scenario.renamed(f"{self.s.base.name}-edited", title))
        results = [res, *self.s.compared()]
        if fmt == "report":
            data = report_html(results, lang, baseline=self.s.baseline()).encode()
            name, mime = f"{res.scenario.name}.report.{lang}.html", "text/html"
        elif fmt == "pptx":
            from ..export import deck_bytes  # python-pptx: imported on the first deck only

            data = deck_bytes(results, lang, baseline=self.s.baseline())
            name = f"{stem(results, 'deck')}.{lang}.pptx"
            mime = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        elif fmt == "xlsx":
            from ..export import workbook_bytes  # openpyxl: imported on the first workbook only

            data = workbook_bytes(results, lang)
            name = f"{stem(results, 'data')}.{lang}.xlsx"
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            fig = indicator_figure(results, self.s.indicator, lang, baseline=self.s.baseline())
            data = chart_bytes(fig.chart, fmt, lang=lang)
            name = f"{fig.stem}.{lang}.{fmt}"
            mime = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}[fmt]
        href = f"data:{mime};base64,{base64.b64encode(data).decode()}"
        self.export_link.value = (f"<a download='{name}' href='{href}' class='sl-download'>"
                                  f"⬇ {t('download', lang)} {name}</a>")

    def open_lever_group(self, lever: str) -> None:
        """Open the accordion group that holds ``lever``'s slider."""
        groups = list(self.s.plan.lever_groups)
        self.lever_panel.selected_index = groups.index(self.s.plan.levers[lever].group)

    def apply_query(self, query: str) -> None:
        """Restore the page from a URL query string (bad parts become messages)."""
        self.s = from_query(query)
        self._draw_chart = True
        with self.quiet():
            self.lang.value = self.s.lang
            self.scenario.value = self.s.base.name
        if self.s.assumptions:  # show the link's assumption edits, also those behind "thêm"
            self.assumption_panel.show(set(self.s.assumptions))
        self._sync_controls()
        self._sync_compare()
        self.seek.close()
        self.relabel()
        self.refresh(rebuild_chart=True)


def prepare() -> Dashboard:
    """Imports, the offline chart bundle and a default page: the part a pre-heated Voilà kernel
    runs before anyone asks for the page (including vl-convert's start, so that the first chart
    download takes a fraction of a second)."""
    from ..export.static import warm_up

    enable_offline()  # alt.JupyterChart.enable_offline(), its bundle cached on disk
    warm_up()
    dash = Dashboard(from_query(""), draw_chart=False)
    dash.chart_spec(dash.s.result()).to_dict()  # warms Altair's spec building; no widget yet
    return dash


def launch(query: str | None = None) -> w.Widget:
    """The dashboard widget, restored from ``query`` (default: the Voilà page's query string)."""
    dash = prepare()
    dash.apply_query(query_string() if query is None else query)
    return dash.layout()
