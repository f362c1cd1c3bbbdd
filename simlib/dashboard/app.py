"""The planner's page: ipywidgets wired to a :class:`~simlib.dashboard.session.Session`.

Controls are generated from the plan's lever and assumption declarations; the chart is an Altair
``JupyterChart`` (offline bundle) whose datasets are swapped in place when a slider moves
(:func:`swap_datasets`). Every message is a :class:`~simlib.i18n.Msg` rendered in the page's
language. No model logic here: every number comes from ``simlib``.
"""

from __future__ import annotations

import datetime as dt
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
from ..formatting import D3_LOCALES, fmt_date, fmt_number, fmt_percent, fmt_year
from ..i18n import Msg, render, t, text
from ..observations import FILE_NAME
from ..result import Result
from ..scenario import available_scenarios, load_scenario
from .assumptions import FIRST, ranked, slider_range
from .bridge import PageBridge
from .cards import CARD_CSS, card_html, cards_by_indicator
from .glance import chart_sentence, legend_html, summary_html
from .offline_chart import enable_offline
from .panels import GoalSeekPanel
from .query import query_string
from .session import Session, file_name_for, from_query, slider_value

SIDEBAR = "340px"
EFFECT_DRAWS = 300  # draws of the lever-effects table behind the ⓘ texts and goal-seek


def _html(value: str = "", **layout) -> w.HTML:
    return w.HTML(value, layout=w.Layout(**layout))


def _message(widget: w.HTML, message: Msg | str | None, lang: str) -> None:
    """Show ``message`` in ``lang`` as escaped plain text (it may quote the address) or clear."""
    shown = render(message, lang)
    widget.value = f"<div class='sl-msg'>⚠ {escape(shown)}</div>" if shown else ""


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
        self.root_css = _html(CARD_CSS)
        self.bridge = PageBridge()
        self.title = _html()
        self.lang = w.ToggleButtons(options=[("VI", "vi"), ("EN", "en")], value=session.lang,
                                    layout=w.Layout(width="auto"),
                                    style={"button_width": "44px"})
        self.scenario = w.Dropdown(options=self._scenario_options(), value=session.base.name,
                                   layout=w.Layout(width="230px"))
        self.scenario_msg = _html()
        self.reset = w.Button(icon="undo", layout=w.Layout(width="auto"))
        self.save_name = w.Text(layout=w.Layout(width="240px"))
        self.save_file = _html()
        self.save_overwrite = w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"))
        self.save = w.Button(icon="save", layout=w.Layout(width="auto"))
        self.save_msg = _html()
        self._save_message: Msg | None = None
        self.compare = w.SelectMultiple(options=[], rows=4, layout=w.Layout(width="230px"))
        self.compare_label = _html()
        self.status = _html()
        self.summary = _html(width="100%")
        self.query_msg = _html()
        self.controls: dict[str, Control] = {}
        self.lever_panel = w.Accordion(children=self._lever_groups(), selected_index=0)
        self.assumption_box = w.VBox()
        self.preset_buttons = {k: w.Button(layout=w.Layout(width="auto"))
                               for k in ("low", "central", "high")}
        self.assumption_presets = w.HBox(list(self.preset_buttons.values()),
                                         layout=w.Layout(flex_flow="row wrap"))
        self.assumption_more = w.ToggleButton(value=False, icon="plus",
                                              layout=w.Layout(width="auto"))
        self.assumption_more_box = w.VBox(layout=w.Layout(display="none"))
        self.assumption_note = _html()
        self.assumptions = w.Accordion(children=[w.VBox([self.assumption_note,
                                                         self.assumption_box])],
                                       selected_index=None)
        self._build_observe_form()
        self.indicator = w.Dropdown(layout=w.Layout(width="100%"))
        self.chart_box = w.Box(layout=w.Layout(width="100%", min_height="330px"))
        self.legend = _html(width="100%")
        self.sentence = _html(width="100%")
        self.chart: alt.JupyterChart | None = None
        self.card_html: dict[str, w.HTML] = {}
        self.card_buttons: dict[str, w.Button] = {}
        self.cards: dict[str, w.VBox] = {}
        self.seek_buttons: dict[str, w.Button] = {}
        self.card_box = w.GridBox(layout=w.Layout(
            grid_template_columns="repeat(auto-fill, minmax(260px, 1fr))", grid_gap="8px",
            width="100%"))
        self.export_buttons = {fmt: w.Button(description=fmt.upper(), icon="download",
                                             layout=w.Layout(width="auto"))
                               for fmt in ("png", "svg", "pdf", "report", "pptx", "xlsx")}
        for fmt, button in self.export_buttons.items():
            button.add_class(f"sl-export-{fmt}")  # stable hooks for browser tests and benchmarks
        self.export_link = _html()
        self.export_row = w.HBox([*self.export_buttons.values(), self.export_link],
                                 layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.footer = _html()
        for name in ("lang", "scenario", "save", "save_name", "save_file", "save_overwrite",
                     "save_msg", "status", "summary", "query_msg", "scenario_msg", "chart_box",
                     "legend", "sentence", "reset", "observe", "obs_save", "obs_msg"):
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
        save_box = w.VBox([
            w.HBox([self.save_name, self.save_overwrite, self.save],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.save_file, self.save_msg])
        header = w.VBox([
            w.HBox([self.title, self.lang], layout=w.Layout(justify_content="space-between")),
            w.HBox([self.scenario, self.reset, save_box],
                   layout=w.Layout(flex_flow="row wrap", align_items="flex-start")),
            self.scenario_msg, self.query_msg,
        ])
        sidebar = w.VBox([self.lever_panel, self.assumptions, self.observe, self.compare_label,
                          self.compare],
                         layout=w.Layout(width=SIDEBAR, min_width=SIDEBAR))
        sidebar.add_class("sl-sidebar")
        main = w.VBox([self.status, self.summary, self.indicator, self.chart_box, self.legend,
                       self.sentence, self.export_row, self.card_box, self.bridge, self.footer],
                      layout=w.Layout(flex="1 1 auto", min_width="0"))
        main.add_class("sl-main")
        body = w.HBox([sidebar, main], layout=w.Layout(width="100%"))
        body.add_class("sl-body")
        root = w.VBox([self.root_css, header, body], layout=w.Layout(width="100%"))
        root.add_class("sl-root")
        return root

    def _build_observe_form(self) -> None:
        """The collapsed "enter observed value" panel: indicator, year, value, source, save."""
        label = {"description_width": "64px"}
        self.obs_indicator = w.Dropdown(layout=w.Layout(width="98%"), style=label)
        self.obs_year = w.Dropdown(layout=w.Layout(width="150px"), style=label)
        self.obs_value = w.FloatText(value=0.0, layout=w.Layout(width="98%"), style=label)
        self.obs_source = w.Text(layout=w.Layout(width="98%"), style=label)
        self.obs_replace = w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"))
        self.obs_save = w.Button(icon="check", layout=w.Layout(width="auto"))
        self.obs_intro, self.obs_hint, self.obs_msg = _html(), _html(), _html()
        self.observe = w.Accordion(children=[w.VBox([
            self.obs_intro, self.obs_indicator, self.obs_year, self.obs_hint, self.obs_value,
            self.obs_source, w.HBox([self.obs_replace, self.obs_save],
                                    layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.obs_msg])], selected_index=None)

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
        return [w.VBox(items) for items in groups.values()]

    def _control(self, cid: str, kind: str, bounds: tuple[float, float], step: float,
                 year: bool, value: float) -> w.VBox:
        label, readout, mark, msg, info = _html(), _html(), _html(), _html(), _html()
        button = w.ToggleButton(value=False, icon="info", layout=w.Layout(width="34px"))
        cls = w.IntSlider if year else w.FloatSlider
        decimals = max(0, -int(np.floor(np.log10(step)))) if step < 1 else 0
        # The readout is ours (vi-VN numbers, years without separators), not the slider's.
        slider = cls(min=bounds[0], max=bounds[1], step=step, value=value, continuous_update=False,
                     readout=False, layout=w.Layout(width="96%"))
        box = w.VBox([w.HBox([label, w.HBox([readout, button], layout=w.Layout(
            align_items="center", flex="0 0 auto"))],
            layout=w.Layout(justify_content="space-between")), slider, mark, msg, info])
        box.add_class(f"sl-ctl-{cid}")  # stable hooks for browser tests
        readout.add_class("sl-readout")
        ctl = Control(cid, kind, label, readout, button, slider, mark, msg, info, box,
                      min(decimals, 4), year)
        self.controls[cid] = ctl
        slider.observe(lambda ch, c=ctl: self._on_slider(c, ch["new"]), names="value")
        button.observe(lambda ch, c=ctl: self._guard(lambda: self._info(c)), names="value")
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

    def _build_assumptions(self) -> None:
        """The assumption sliders, built when the panel first opens: the few that move the
        end-year targets most first (:func:`~simlib.dashboard.assumptions.ranked`), the rest
        behind "thêm"; each spans its distribution's 5–95 % range (and the value in the link)."""
        if self.assumption_box.children:
            return
        plan = self.s.plan
        items = []
        for aid in ranked(self.s.base):
            a = plan.assumptions[aid]
            low, high = slider_range(a)
            value = self.s.assumptions.get(aid, a.central)
            low, high = min(low, value), max(high, value)
            items.append(self._control(aid, "assumption", (low, high), (high - low) / 100, False,
                                       value))
        self.assumption_more_box.children = items[FIRST:]
        self.assumption_box.children = [self.assumption_presets, *items[:FIRST],
                                        self.assumption_more, self.assumption_more_box]
        self.relabel()

    def _preset(self, which: str) -> None:
        """Every assumption at its 5 % ("low"), central or 95 % ("high") value; one repaint."""
        plan = self.s.plan
        with self.quiet():
            for aid, a in plan.assumptions.items():
                low, high = slider_range(a)
                value = {"low": low, "central": a.central, "high": high}[which]
                self.s.edit("assumption", aid, value)
                if aid in self.controls:
                    self.controls[aid].slider.value = value
                    self._show_readout(self.controls[aid])
                    _message(self.controls[aid].msg, self.s.problems.get(aid), self.s.lang)
        self.refresh(previous=True)

    # --- events ---------------------------------------------------------------------------
    def _wire(self) -> None:
        self.lang.observe(lambda ch: self._on_lang(ch["new"]), names="value")
        self.scenario.observe(lambda ch: self._on_scenario(ch["new"]), names="value")
        self.reset.on_click(lambda _: self._on_reset())
        self.save.on_click(lambda _: self._guard(self._on_save))
        self.save_name.observe(lambda _ch: self._guard(self._show_file_name), names="value")
        self.compare.observe(lambda ch: self._on_compare(ch["new"]), names="value")
        self.indicator.observe(lambda ch: self._on_indicator(ch["new"]), names="value")
        self.assumptions.observe(lambda ch: ch["new"] == 0 and self._build_assumptions(),
                                 names="selected_index")
        for which, button in self.preset_buttons.items():
            button.on_click(lambda _b, k=which: self._guard(lambda: self._preset(k)))
        self.assumption_more.observe(
            lambda ch: setattr(self.assumption_more_box.layout, "display",
                               "flex" if ch["new"] else "none"), names="value")
        self.obs_save.on_click(lambda _: self._on_observe())
        for box in (self.obs_indicator, self.obs_year):
            box.observe(lambda _ch: self._guard(self._observation_hint), names="value")
        for fmt, button in self.export_buttons.items():
            button.on_click(lambda _b, f=fmt: self._guard(lambda: self._export(f)))

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
        self._sync_observation_form()
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

    def _on_observe(self) -> None:
        def act():
            lang, indicator, year = self.s.lang, self.obs_indicator.value, self.obs_year.value
            value = self.obs_value.value
            path = self.s.save_observation(indicator, year, value, self.obs_source.value,
                                           replace=self.obs_replace.value)
            if path is None:  # the form keeps what was typed
                _message(self.obs_msg, self.s.problems.get("observation"), lang)
                return
            ind = self.s.plan.indicators[indicator]
            what = f"{text(ind.label, lang)} {year}: {fmt_number(value, lang, 3)} {text(ind.unit, lang)}"
            self.obs_msg.value = (f"<div class='sl-info'>✔ "
                                  f"{escape(t('obs_saved', lang).format(what=what, file=path))}</div>")
            self.obs_replace.value = False
            with self.quiet():
                self.indicator.value = self.s.indicator
            self._observation_hint()
            self.refresh(rebuild_chart=True)
        self._guard(act)

    def _show_file_name(self) -> None:
        name = file_name_for(self.save_name.value)
        self.save_file.value = (f"<div class='sl-note'>{t('save_file', self.s.lang)}: "
                                f"<code>{escape(name)}.yaml</code></div>" if name else "")

    def _on_save(self) -> None:
        """Save as a new scenario under the typed title; on success the page shows it."""
        message = self.s.save_as(self.save_name.value, overwrite=self.save_overwrite.value)
        self._save_message = message
        if message.code != "msg_saved":
            _message(self.save_msg, message, self.s.lang)
            return
        with self.quiet():
            self.save_name.value = ""
            self.save_overwrite.value = False
            self.scenario.options = self._scenario_options()
            self.scenario.value = self.s.base.name
        self._show_file_name()
        self._after_scenario_change()
        self._show_saved()

    def _show_saved(self) -> None:
        msg = self._save_message
        if msg is None:
            self.save_msg.value = ""
        elif msg.code == "msg_saved":
            self.save_msg.value = f"<div class='sl-info'>✔ {escape(render(msg, self.s.lang))}</div>"
        else:
            _message(self.save_msg, msg, self.s.lang)

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

    def _sync_observation_form(self) -> None:
        """Options and labels of the observed-value form from the session's plan and language."""
        lang = self.s.lang
        self._quiet = True
        try:
            options, current = self.s.observation_indicators(), self.obs_indicator.value
            ids = [i for _label, i in options]
            self.obs_indicator.options = options
            self.obs_indicator.value = current if current in ids else (
                self.s.indicator if self.s.indicator in ids else ids[0])
            years = self.s.history_years()
            keep = self.obs_year.value if self.obs_year.value in years else years[-1]
            self.obs_year.options = years
            self.obs_year.value = keep
        finally:
            self._quiet = False
        self.observe.titles = (t("obs_panel", lang),)
        self.obs_intro.value = (f"<div class='sl-note'>"
                                f"{escape(t('obs_intro', lang).format(file=FILE_NAME))}</div>")
        self.obs_indicator.description = t("indicator", lang)
        self.obs_year.description = t("year", lang)
        self.obs_value.description = t("value", lang)
        self.obs_source.description = t("source", lang)
        self.obs_source.placeholder = t("obs_source_hint", lang)
        self.obs_replace.description = t("obs_replace", lang)
        self.obs_save.description = t("obs_save", lang)
        self.obs_msg.value = ""  # a message stays in the language it was given in
        self._observation_hint()

    def _observation_hint(self) -> None:
        """Unit, allowed range and the value the chosen year has now (and where it comes from)."""
        lang, plan = self.s.lang, self.s.plan
        ind = plan.indicators.get(self.obs_indicator.value or "")
        if ind is None:
            self.obs_hint.value = ""
            return
        year = self.obs_year.value
        user = self.s.entered_observation(ind.id, year)
        shipped = next((o for o in ind.observed if o.year == year), None)
        if user is not None:
            seen = (f"{t('obs_current', lang)}: {fmt_number(user.value, lang, 3)} ({t('source', lang)}: "
                    f"{user.source}; {t('obs_by_user', lang)} "
                    f"{fmt_date(dt.date.fromisoformat(user.entered), lang) if user.entered else '?'})")
        elif shipped is not None:
            seen = (f"{t('obs_current', lang)}: {fmt_number(shipped.value, lang, 3)} "
                    f"({t('source', lang)}: {shipped.source})")
        else:
            seen = t("no_observation", lang)
        self.obs_hint.value = (
            f"<div class='sl-note'>{escape(text(ind.unit, lang))} · {t('allowed_range', lang)} "
            f"{fmt_number(ind.bounds[0], lang, 3)}–{fmt_number(ind.bounds[1], lang, 3)}<br>"
            f"{escape(seen)}</div>")

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
        self.save.description = t("save_as", lang).rstrip("…")
        self.save_name.placeholder = t("save_title_hint", lang)
        self.save_name.description = ""
        self.save_overwrite.description = t("overwrite", lang)
        self._show_file_name()
        self._show_saved()
        self.export_buttons["report"].description = t("report", lang)
        self.export_buttons["pptx"].description = f"{t('export_deck', lang)} (PPTX)"
        self.export_buttons["xlsx"].description = f"{t('export_workbook', lang)} (XLSX)"
        self.compare_label.value = f"<b>{t('compare', lang)}</b> (≤ 2)"
        groups = list(plan.lever_groups.values())
        self.lever_panel.titles = tuple(text(g, lang) for g in groups)
        self._sync_compare()
        self._sync_observation_form()
        self.assumptions.titles = (t("assumptions", lang),)
        for which, button in self.preset_buttons.items():
            button.description = t(f"preset_{which}", lang)
        self.assumption_more.description = t("more_assumptions", lang).format(
            n=len(self.assumption_more_box.children))
        self.assumption_note.value = f"<div class='sl-info'>{t('assumption_note', lang)}</div>"
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
        self._paint_legend()
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

    def _paint_legend(self) -> None:
        plan, lang = self.s.plan, self.s.lang
        ind = plan.indicators[self.s.indicator]
        self.legend.value = legend_html(
            lang, [charts.scenario_label(r, lang) for r in self.s.compared()], baseline=True,
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
                                       previous=previous[["year", "median"]])
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
                self.card_html[ind] = _html()
                button = w.Button(icon="line-chart", layout=w.Layout(width="auto"))
                button.on_click(lambda _b, i=ind: self._guard(lambda: self._select(i, scroll=True)))
                seek = w.Button(icon="crosshairs", layout=w.Layout(width="auto"))
                seek.on_click(lambda _b, i=ind: self._guard(lambda: self.seek.open(i)))
                self.card_buttons[ind] = button
                self.seek_buttons[ind] = seek
                self.cards[ind] = w.VBox([self.card_html[ind], w.HBox([button, seek])])
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
            self._build_assumptions()
            self.assumptions.selected_index = 0
            hidden = {c.id for c in self.controls.values() if c.box in
                      self.assumption_more_box.children}
            self.assumption_more.value = bool(hidden & set(self.s.assumptions))
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
