"""The planner's page: ipywidgets wired to a :class:`~simlib.dashboard.session.Session`.

Controls are generated from the plan's lever and assumption declarations; the chart is an Altair
``JupyterChart`` (offline bundle) whose ``bands`` dataset is swapped in place when a slider moves.
No model logic here: every number comes from ``simlib``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from html import escape

import altair as alt
import ipywidgets as w
import numpy as np

from .. import charts
from ..errors import SimlibValidationError
from ..fields import short
from ..i18n import D3_LOCALES, fmt_date, fmt_number, t, text
from ..result import Result
from ..scenario import available_scenarios, load_scenario
from .cards import CARD_CSS, card_html, cards_by_indicator
from .session import Session, from_query, slider_value

SIDEBAR = "340px"


def _html(value: str = "", **layout) -> w.HTML:
    return w.HTML(value, layout=w.Layout(**layout))


def _message(widget: w.HTML, message: str | None) -> None:
    """Show plain-text ``message`` (escaped: it may quote the address) or clear the widget."""
    widget.value = f"<div class='sl-msg'>⚠ {escape(message)}</div>" if message else ""


class Dashboard:
    """Builds the widgets once; ``refresh`` recomputes and repaints in place."""

    def __init__(self, session: Session):
        self.s = session
        self._quiet = False
        self.root_css = _html(CARD_CSS)
        self.title = _html()
        self.lang = w.ToggleButtons(options=[("VI", "vi"), ("EN", "en")], value=session.lang,
                                    layout=w.Layout(width="auto"),
                                    style={"button_width": "44px"})
        self.scenario = w.Dropdown(options=self._scenario_options(), value=session.base.name,
                                   layout=w.Layout(width="230px"))
        self.scenario_msg = _html()
        self.reset = w.Button(icon="undo", layout=w.Layout(width="auto"))
        self.save_name = w.Text(placeholder="ten-kich-ban", layout=w.Layout(width="170px"))
        self.save_overwrite = w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"))
        self.save = w.Button(icon="save", layout=w.Layout(width="auto"))
        self.save_msg = _html()
        self.compare = w.SelectMultiple(options=[], rows=4, layout=w.Layout(width="230px"))
        self.compare_label = _html()
        self.status = _html()
        self.share = w.Text(layout=w.Layout(width="100%"), disabled=False)
        self.query_msg = _html()
        self.controls: dict[str, tuple[w.HTML, w.ToggleButton, w.Widget, w.HTML, w.HTML]] = {}
        self.lever_panel = w.Accordion(children=self._lever_groups(), selected_index=0)
        self.assumption_box = w.VBox()
        self.assumption_note = _html()
        self.assumptions = w.Accordion(children=[w.VBox([self.assumption_note,
                                                         self.assumption_box])],
                                       selected_index=None)
        self._build_observe_form()
        self.indicator = w.Dropdown(layout=w.Layout(width="100%"))
        self.chart_box = w.Box(layout=w.Layout(width="100%", min_height="330px"))
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
        self.seek_title = _html()
        self.seek_year = w.Dropdown(layout=w.Layout(width="110px"))
        self.seek_lever = w.Dropdown(layout=w.Layout(width="280px"))
        self.seek_probability = w.FloatSlider(value=0.8, min=0.5, max=0.95, step=0.05,
                                              readout_format=".0%", continuous_update=False,
                                              layout=w.Layout(width="260px"))
        self.seek_run = w.Button(icon="crosshairs", layout=w.Layout(width="auto"))
        self.seek_result = _html()
        self.seek_panel = w.VBox([self.seek_title, w.HBox(
            [self.seek_year, self.seek_lever, self.seek_probability, self.seek_run],
            layout=w.Layout(flex_flow="row wrap", align_items="center")), self.seek_result],
            layout=w.Layout(display="none", border="1px solid #dee2e6", padding="6px"))
        self.seek_indicator = ""
        self.footer = _html()
        for name in ("lang", "scenario", "save", "save_name", "save_overwrite", "save_msg", "share",
                     "status", "query_msg", "scenario_msg", "chart_box", "reset", "observe", "obs_save",
                     "obs_msg"):
            getattr(self, name).add_class(f"sl-{name}")
        self._wire()
        self.relabel()
        self.refresh(rebuild_chart=True)

    # --- layout ---------------------------------------------------------------------------
    def layout(self) -> w.Widget:
        save_row = w.HBox([self.save_name, self.save_overwrite, self.save])
        header = w.VBox([
            w.HBox([self.title, self.lang], layout=w.Layout(justify_content="space-between")),
            w.HBox([self.scenario, self.reset, save_row], layout=w.Layout(flex_flow="row wrap",
                                                                          align_items="center")),
            self.scenario_msg, self.save_msg, self.query_msg,
        ])
        sidebar = w.VBox([self.lever_panel, self.assumptions, self.observe, self.compare_label,
                          self.compare],
                         layout=w.Layout(width=SIDEBAR, min_width=SIDEBAR))
        main = w.VBox([self.status, self.indicator, self.chart_box, self.export_row, self.seek_panel,
                       self.card_box,
                       self.share, self.footer], layout=w.Layout(flex="1 1 auto", min_width="0"))
        return w.VBox([self.root_css, header, w.HBox([sidebar, main])],
                      layout=w.Layout(width="100%"))

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

    def _lever_groups(self) -> list[w.Widget]:
        groups: dict[str, list[w.Widget]] = {g: [] for g in self.s.plan.lever_groups}
        for lever in self.s.plan.levers.values():
            groups[lever.group].append(self._control(lever.id, lever.range, lever.step,
                                                     lever.kind == "year",
                                                     slider_value(self.s.lever_value(lever.id)),
                                                     self._on_lever))
        return [w.VBox(items) for items in groups.values()]

    def _control(self, cid: str, bounds: tuple[float, float], step: float, integer: bool,
                 value: float, on_change: Callable) -> w.VBox:
        label, msg, info = _html(), _html(), _html()
        button = w.ToggleButton(value=False, icon="info", layout=w.Layout(width="34px"))
        cls = w.IntSlider if integer else w.FloatSlider
        decimals = max(0, -int(np.floor(np.log10(step)))) if step < 1 else 0
        fmt = {} if integer else {"readout_format": f".{min(decimals, 4)}f"}
        slider = cls(min=bounds[0], max=bounds[1], step=step, value=value, continuous_update=False,
                     readout=True, layout=w.Layout(width="96%"), **fmt)
        slider.observe(lambda ch, c=cid: on_change(c, ch["new"]), names="value")
        button.observe(lambda ch, c=cid: self._info(c), names="value")
        self.controls[cid] = (label, button, slider, msg, info)
        box = w.VBox([w.HBox([label, button], layout=w.Layout(justify_content="space-between")),
                      slider, msg, info])
        box.add_class(f"sl-ctl-{cid}")  # stable hooks for browser tests
        return box

    def _build_assumptions(self) -> None:
        if self.assumption_box.children:
            return
        items = []
        for a in self.s.plan.assumptions.values():
            step = max((a.range[1] - a.range[0]) / 200, 1e-4)
            items.append(self._control(a.id, a.range, step, False,
                                       self.s.assumptions.get(a.id, a.central), self._on_assumption))
        self.assumption_box.children = items
        self.relabel()

    # --- events ---------------------------------------------------------------------------
    def _wire(self) -> None:
        self.lang.observe(lambda ch: self._on_lang(ch["new"]), names="value")
        self.scenario.observe(lambda ch: self._on_scenario(ch["new"]), names="value")
        self.reset.on_click(lambda _: self._on_reset())
        self.save.on_click(lambda _: self._on_save())
        self.compare.observe(lambda ch: self._on_compare(ch["new"]), names="value")
        self.indicator.observe(lambda ch: self._on_indicator(ch["new"]), names="value")
        self.assumptions.observe(lambda ch: ch["new"] == 0 and self._build_assumptions(),
                                 names="selected_index")
        self.seek_run.on_click(lambda _: self._guard(self._run_goal_seek))
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
            _message(self.status, f"{t('invalid_value', self.s.lang)}: {type(exc).__name__}: {exc}")

    def _on_lever(self, lever_id: str, value: float) -> None:
        def act():
            ok = self.s.set_lever(lever_id, value)
            _message(self.controls[lever_id][3], self.s.problems.get(lever_id))
            if ok:
                self.refresh()
        self._guard(act)

    def _on_assumption(self, assumption_id: str, value: float) -> None:
        def act():
            ok = self.s.set_assumption(assumption_id, value)
            _message(self.controls[assumption_id][3], self.s.problems.get(assumption_id))
            if ok:
                self.refresh()
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
            self._show_scenario_messages()
            self._sync_controls()
            self._sync_compare()
            self._sync_observation_form()
            self.refresh(rebuild_chart=True)
        self._guard(act)

    def _show_scenario_messages(self) -> None:
        """A load problem, or the migration notices of an older scenario file."""
        problem = self.s.problems.get("scenario")
        if problem:
            _message(self.scenario_msg, problem)
        else:
            notes = escape("; ".join(str(n) for n in self.s.base.notices))
            self.scenario_msg.value = f"<div class='sl-info'>ℹ {notes}</div>" if notes else ""

    def _on_reset(self) -> None:
        def act():
            self.s.reset()
            self._sync_controls()
            self.refresh()
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
                self.refresh(rebuild_chart=True)
        self._guard(act)

    def _on_observe(self) -> None:
        def act():
            lang, indicator, year = self.s.lang, self.obs_indicator.value, self.obs_year.value
            value = self.obs_value.value
            path = self.s.save_observation(indicator, year, value, self.obs_source.value,
                                           replace=self.obs_replace.value)
            if path is None:  # the form keeps what was typed
                _message(self.obs_msg, self.s.problems.get("observation"))
                return
            ind = self.s.plan.indicators[indicator]
            what = f"{text(ind.label, lang)} {year}: {fmt_number(value, lang, 3)} {text(ind.unit, lang)}"
            self.obs_msg.value = (f"<div class='sl-info'>✔ "
                                  f"{escape(t('obs_saved', lang).format(what=what, file=path))}</div>")
            self.obs_replace.value = False
            self._quiet = True
            self.indicator.value = self.s.indicator
            self._quiet = False
            self._observation_hint()
            self.refresh(rebuild_chart=True)
        self._guard(act)

    def _on_save(self) -> None:
        def act():
            from ..storage import save_scenario, scenario_name_problem

            name = self.save_name.value.strip()
            problem = scenario_name_problem(name)
            if problem:
                _message(self.save_msg, problem)
                return
            title = {k: f"{v} ({name})" for k, v in self.s.base.title.items()}
            try:
                path = save_scenario(self.s.scenario().renamed(name, title), name,
                                     overwrite=self.save_overwrite.value)
            except (FileExistsError, OSError, SimlibValidationError) as exc:
                _message(self.save_msg, str(exc))
                return
            self.save_msg.value = f"<div class='sl-info'>✔ {path.name}</div>"
            self._quiet = True
            self.scenario.options = self._scenario_options()
            self.scenario.value = self.s.base.name
            self._quiet = False
            self._sync_compare()
        self._guard(act)

    def _info(self, cid: str) -> None:
        label, button, _slider, _msg, info = self.controls[cid]
        info.value = self._info_html(cid) if button.value else ""

    def _info_html(self, cid: str) -> str:
        lang, plan = self.s.lang, self.s.plan
        item = plan.levers.get(cid) or plan.assumptions[cid]
        desc = text(item.description, lang) if item.description else ""
        src = (f"<i>{t('assumption_no_source', lang)}</i>: {item.source}" if item.assumption
               else f"{t('source', lang)}: {item.source}")
        lo, hi = item.range
        extra = ""
        if cid in plan.assumptions:
            a = plan.assumptions[cid]
            params = ", ".join(f"{k} {fmt_number(v, lang, 3)}" for k, v in a.dist.params.items())
            extra = f"<br>{a.dist.type} {params}"
        return (f"<div class='sl-info'>{desc}<br>{t('allowed_range', lang)}: "
                f"{fmt_number(lo, lang, 3)}–{fmt_number(hi, lang, 3)} {text(item.unit, lang)}"
                f"{extra}<br>{src}</div>")

    # --- syncing widgets from the session -------------------------------------------------
    def _sync_controls(self) -> None:
        self._quiet = True
        try:
            for lid in self.s.plan.levers:
                self.controls[lid][2].value = slider_value(self.s.lever_value(lid))
                _message(self.controls[lid][3], None)
            for aid in self.s.plan.assumptions:
                if aid in self.controls:
                    self.controls[aid][2].value = self.s.plan.assumptions[aid].central
                    _message(self.controls[aid][3], None)
        finally:
            self._quiet = False

    def _sync_observation_form(self) -> None:
        """Options and labels of the observed-value form from the session's plan and language."""
        from ..observations import FILE_NAME

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

    def _sync_compare(self) -> None:
        self._quiet = True
        try:
            self.compare.options = [(self._scenario_title(n), n) for n in available_scenarios()
                                    if n != self.s.base.name]
            self.compare.value = tuple(self.s.compare)
        finally:
            self._quiet = False

    def relabel(self) -> None:
        """Every visible text in the session's language."""
        lang, plan = self.s.lang, self.s.plan
        self.title.value = (f"<h3 style='margin:4px 0'>{t('app_title', lang)} · "
                            f"{text(plan.title, lang)}</h3><div class='sl-unit'>"
                            f"{text(plan.note, lang)}</div>")
        self.scenario.description = t("scenario", lang)
        self._quiet = True
        self.scenario.options = self._scenario_options()
        self.scenario.value = self.s.base.name
        self._quiet = False
        self.reset.description = t("reset", lang)
        self.save.description = t("save_as", lang).rstrip("…")
        self.export_buttons["report"].description = t("report", lang)
        self.export_buttons["pptx"].description = f"{t('export_deck', lang)} (PPTX)"
        self.export_buttons["xlsx"].description = f"{t('export_workbook', lang)} (XLSX)"
        self.save_overwrite.description = "ghi đè" if lang == "vi" else "overwrite"
        self.compare_label.value = f"<b>{t('compare', lang)}</b> (≤ 2)"
        groups = list(plan.lever_groups.values())
        self.lever_panel.titles = tuple(text(g, lang) for g in groups)
        self._sync_compare()
        self._sync_observation_form()
        self.assumptions.titles = (t("assumptions", lang),)
        self.assumption_note.value = (
            "<div class='sl-info'>" + (
                "Giả định là niềm tin về các tham số bất định, không phải lựa chọn chính sách. "
                "Kéo một thanh trượt sẽ cố định tham số đó cho mọi lần mô phỏng."
                if lang == "vi" else
                "Assumptions are beliefs about uncertain parameters, not policy choices. Moving "
                "one fixes it at that value for every draw.") + "</div>")
        for cid, (label, _b, _s, _m, info) in self.controls.items():
            item = plan.levers.get(cid) or plan.assumptions[cid]
            mark = " *" if item.assumption else ""
            label.value = (f"<b>{text(item.label, lang)}</b>{mark} "
                           f"<span class='sl-unit'>{text(item.unit, lang)}</span>")
            if info.value:
                info.value = self._info_html(cid)
        options = [(text(i.label, lang), i.id) for i in plan.indicators.values()]
        self._quiet = True
        self.indicator.options = sorted(options, key=lambda o: not plan.indicators[o[1]].targets)
        self.indicator.value = self.s.indicator
        self._quiet = False
        self.footer.value = (f"<div class='sl-note'>* {t('assumption_no_source', lang)} · "
                             f"{t('band', lang)} · {fmt_number(self.s.draws, lang, 0)} "
                             f"{t('draws', lang)}</div>")

    # --- repaint --------------------------------------------------------------------------
    def refresh(self, rebuild_chart: bool = False) -> None:
        """Recompute the edited scenario and repaint cards and chart in place."""
        t0 = time.perf_counter()
        lang = self.s.lang
        res = self.s.result()
        # The chart first: the browser re-renders it (the slowest part of a repaint) while the
        # kernel is still formatting the cards.
        if rebuild_chart or self.chart is None:
            self._build_chart(res)
        else:
            self.chart._py_to_js_updates = [{"namespace": "data", "name": charts.BANDS,
                                             "scope": [], "value": self._bands(res)}]
        self._paint_cards(res)
        self.share.value = "?" + self.s.query_string()
        ms = 1000 * (time.perf_counter() - t0)
        problems = {k: v for k, v in self.s.problems.items()
                    if k not in self.controls and k != "observation"}  # shown by its form
        _message(self.query_msg, "; ".join(f"{k if k.isidentifier() else short(k)}: {v}"
                                           for k, v in problems.items()) or None)
        self.status.value = (f"<div class='sl-note'>{text(self.s.base.title, lang)} · "
                             f"{fmt_number(self.s.draws, lang, 0)} {t('draws', lang)} · "
                             f"{fmt_number(ms, lang, 0)} ms</div>")

    def _bands(self, res: Result) -> list[dict]:
        return charts.records(charts.bands_frame([res, *self.s.compared()], self.s.indicator,
                                                 self.s.lang))

    def _build_chart(self, res: Result) -> None:
        lang = self.s.lang
        bands = charts.bands_frame([res, *self.s.compared()], self.s.indicator, lang)
        baseline = charts.bands_frame([self.s.baseline()], self.s.indicator, lang)
        spec = charts.trajectory_chart(self.s.plan, self.s.indicator, lang, bands, baseline,
                                       width=560, height=260)
        old, self.chart = self.chart, alt.JupyterChart(spec, embed_options={
            "actions": False, "formatLocale": D3_LOCALES[lang], "renderer": "svg"})
        self.chart_box.children = (self.chart,)
        if old is not None:  # else its ~0.9 MB offline vega bundle goes to every page view
            old.close()

    def _paint_cards(self, res: Result) -> None:
        lang = self.s.lang
        groups = cards_by_indicator(res, lang)
        for ind, rows in groups.items():
            if ind not in self.cards:
                self.card_html[ind] = _html()
                button = w.Button(icon="line-chart", layout=w.Layout(width="auto"))
                button.on_click(lambda _b, i=ind: self._select(i))
                seek = w.Button(icon="crosshairs", layout=w.Layout(width="auto"))
                seek.on_click(lambda _b, i=ind: self._guard(lambda: self._open_goal_seek(i)))
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

    def _select(self, indicator: str) -> None:
        self.indicator.value = indicator

    # --- downloads ------------------------------------------------------------------------
    def _export(self, fmt: str) -> None:
        """A download link (data: URI, nothing leaves the machine) for the current chart in
        ``fmt`` or, for "report", "pptx" and "xlsx", the workshop report, the deck and the
        workbook of the current scenario and the compared ones."""
        import base64
        from dataclasses import replace

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

    # --- goal seek ------------------------------------------------------------------------
    def _open_goal_seek(self, indicator: str) -> None:
        """Show the goal-seek panel for one target card (years after history only); the levers
        measured to move it (:func:`levers_for_target`) come first."""
        from ..analysis.goal_seek import levers_for_target

        lang, plan = self.s.lang, self.s.plan
        self.seek_indicator = indicator
        ind = plan.indicators[indicator]
        years = [tg.year for tg in ind.targets if not plan.is_history(tg.year)]
        if not years:
            _message(self.seek_result, t("pending", lang))
            return
        self.seek_year.options = years
        self.seek_year.value = years[-1]
        first = levers_for_target(self.s.scenario(), indicator, years[-1], seed=self.s.seed)
        order = first + [lid for lid in plan.levers if lid not in first]
        self.seek_lever.options = [(text(plan.levers[lid].label, lang), lid) for lid in order]
        self.seek_lever.value = order[0]
        self.seek_title.value = (f"<b>{t('goal_seek', lang)}:</b> "
                                 f"{text(ind.label, lang)}")
        self.seek_run.description = t("goal_seek_run", lang)
        self.seek_result.value = ""
        self.seek_panel.layout.display = "flex"
        self._select(indicator)

    def _run_goal_seek(self) -> None:
        from ..analysis.goal_seek import goal_seek

        lang = self.s.lang
        self.seek_result.value = f"<div class='sl-note'>{t('loading', lang)}</div>"
        answer = goal_seek(self.s.scenario(), indicator=self.seek_indicator,
                           year=self.seek_year.value, lever=self.seek_lever.value,
                           probability=self.seek_probability.value, draws=500, seed=self.s.seed)
        self.seek_result.value = (f"<div class='sl-info'>{answer.describe(self.s.plan, lang)}"
                                  f"</div>")


    def apply_query(self, query: str) -> None:
        """Restore the page from a URL query string (bad parts become messages)."""
        self.s = from_query(query)
        self._quiet = True
        try:
            self.lang.value = self.s.lang
            self.scenario.value = self.s.base.name
        finally:
            self._quiet = False
        self._sync_controls()
        self._show_scenario_messages()
        for cid, problem in self.s.problems.items():
            if cid in self.controls:
                _message(self.controls[cid][3], problem)
        self._sync_compare()
        self.relabel()
        self.refresh(rebuild_chart=True)


def prepare() -> Dashboard:
    """Imports, the offline chart bundle and a default page: the part a pre-heated Voilà kernel
    runs before anyone asks for the page (including vl-convert's start, so that the first chart
    download takes a fraction of a second)."""
    from ..export.static import warm_up

    alt.JupyterChart.enable_offline()
    warm_up()
    return Dashboard(from_query(""))


def launch(query: str | None = None) -> w.Widget:
    """The dashboard widget, restored from ``query`` (default: the Voilà page's query string)."""
    from .query import query_string

    dash = prepare()
    dash.apply_query(query_string() if query is None else query)
    return dash.layout()
