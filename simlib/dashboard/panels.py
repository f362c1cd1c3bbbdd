"""Panels of the planner's page that own their widgets and events: "Lưu thành…" (save as),
the assumptions, "Nhập số liệu thực tế" (observations) and goal-seek inside a target card.

A panel reads and changes the page only through its :class:`~simlib.dashboard.app.Dashboard`
(session, controls, the lever-effects table, the page bridge), never through widgets it does
not own. Panels a planner opens (assumptions, the ones behind "thêm", observations, goal-seek)
build their widgets when first opened: every widget is a model the browser creates at page
open (issue 12).
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ..analysis.goal_seek import goal_seek
from ..analysis.lever_effects import levers_moving_target
from ..formatting import fmt_date, fmt_number, fmt_percent
from ..i18n import Msg, render, t, text
from ..observations import FILE_NAME
from .assumptions import FIRST, ranked, slider_range
from .session import file_name_for
from .shared import button, hbox, html, layout, style, toggle, vbox

if TYPE_CHECKING:
    from .app import Dashboard


def message(widget: w.HTML, msg: Msg | str | None, lang: str) -> None:
    """Show ``msg`` in ``lang`` as escaped plain text (it may quote the address) or clear."""
    shown = render(msg, lang)
    widget.value = f"<div class='sl-msg'>⚠ {escape(shown)}</div>" if shown else ""


class SaveAsPanel:
    """"Lưu thành…": a title, the file name it gives, "ghi đè" and the button; on success the
    page shows the saved scenario."""

    def __init__(self, dash: Dashboard):
        self.d = dash
        self.name = w.Text(layout=layout(width="240px"), style=style(w.Text))
        self.file, self.msg = html(), html()
        self.overwrite = w.Checkbox(value=False, indent=False, layout=layout(width="auto"),
                                    style=style(w.Checkbox))
        self.save = button(icon="save")
        self.last: Msg | None = None
        self.box = vbox([hbox([self.name, self.overwrite, self.save], flex_flow="row wrap",
                              align_items="center"), self.file, self.msg])
        for name in ("save", "name", "file", "overwrite", "msg"):
            getattr(self, name).add_class("sl-save" if name == "save" else f"sl-save_{name}")
        self.save.on_click(lambda _: dash._guard(self._save))
        self.name.observe(lambda _ch: dash._guard(self._show_file_name), names="value")

    def relabel(self) -> None:
        lang = self.d.s.lang
        self.save.description = t("save_as", lang).rstrip("…")
        self.name.placeholder = t("save_title_hint", lang)
        self.name.description = ""
        self.overwrite.description = t("overwrite", lang)
        self._show_file_name()
        self._show_saved()

    def _show_file_name(self) -> None:
        name = file_name_for(self.name.value)
        self.file.value = (f"<div class='sl-note'>{t('save_file', self.d.s.lang)}: "
                           f"<code>{escape(name)}.yaml</code></div>" if name else "")

    def _save(self) -> None:
        """Save as a new scenario under the typed title; on success the page shows it."""
        d = self.d
        self.last = d.s.save_as(self.name.value, overwrite=self.overwrite.value)
        if self.last.code != "msg_saved":
            message(self.msg, self.last, d.s.lang)
            return
        with d.quiet():
            self.name.value = ""
            self.overwrite.value = False
            d.scenario.options = d._scenario_options()
            d.scenario.value = d.s.base.name
        self._show_file_name()
        d._after_scenario_change()
        self._show_saved()

    def _show_saved(self) -> None:
        if self.last is None:
            self.msg.value = ""
        elif self.last.code == "msg_saved":
            self.msg.value = f"<div class='sl-info'>✔ {escape(render(self.last, self.d.s.lang))}</div>"
        else:
            message(self.msg, self.last, self.d.s.lang)


class AssumptionsPanel:
    """The assumption sliders in a collapsed accordion, built when it first opens: presets
    (low / central / high), the :data:`~simlib.dashboard.assumptions.FIRST` that move the
    end-year targets most (:func:`~simlib.dashboard.assumptions.ranked`), the rest behind
    "thêm", built when "thêm" first opens. Each spans its distribution's 5–95 % range (and the
    value in the link)."""

    def __init__(self, dash: Dashboard):
        self.d = dash
        self.order: list[str] = []  # ids, ranked; set when the panel is built
        self.note = html()
        self.box = vbox()
        self.more = toggle(value=False, icon="plus")
        self.more_box = w.VBox(layout=w.Layout(display="none"))  # its own: display changes
        self.presets: dict[str, w.Button] = {}
        self.accordion = w.Accordion(children=[vbox([self.note, self.box])], selected_index=None)
        self.accordion.observe(lambda ch: ch["new"] == 0 and dash._guard(self.build),
                               names="selected_index")
        self.more.observe(lambda ch: dash._guard(lambda: self._show_more(ch["new"])), names="value")

    @property
    def hidden(self) -> list[str]:
        """Ids of the assumptions behind "thêm" (empty before the panel is built)."""
        return self.order[FIRST:]

    def build(self) -> None:
        """The presets and the first sliders (once)."""
        if self.box.children:
            return
        d = self.d
        self.order = ranked(d.s.base)
        self.presets = {k: button() for k in ("low", "central", "high")}
        for which, b in self.presets.items():
            b.on_click(lambda _b, k=which: d._guard(lambda: self._preset(k)))
        self.box.children = [hbox(self.presets.values(), flex_flow="row wrap"),
                             *(self._control(aid) for aid in self.order[:FIRST]),
                             self.more, self.more_box]
        d.relabel()

    def _control(self, aid: str) -> w.VBox:
        d = self.d
        a = d.s.plan.assumptions[aid]
        low, high = slider_range(a)
        value = d.s.assumptions.get(aid, a.central)
        low, high = min(low, value), max(high, value)
        return d._control(aid, "assumption", (low, high), (high - low) / 100, False, value)

    def _show_more(self, shown: bool) -> None:
        if shown and not self.more_box.children:
            self.more_box.children = [self._control(aid) for aid in self.hidden]
            self.d.relabel()
        self.more_box.layout.display = "flex" if shown else "none"

    def show(self, edited: set[str]) -> None:
        """Open the panel (and "thêm" when one of ``edited`` is behind it): a link's edits."""
        self.build()
        self.accordion.selected_index = 0
        self.more.value = bool(set(self.hidden) & edited)

    def relabel(self) -> None:
        lang = self.d.s.lang
        self.accordion.titles = (t("assumptions", lang),)
        for which, b in self.presets.items():
            b.description = t(f"preset_{which}", lang)
        self.more.description = t("more_assumptions", lang).format(n=len(self.hidden))
        self.note.value = f"<div class='sl-info'>{t('assumption_note', lang)}</div>"

    def _preset(self, which: str) -> None:
        """Every assumption at its 5 % ("low"), central or 95 % ("high") value; one repaint."""
        d = self.d
        with d.quiet():
            for aid, a in d.s.plan.assumptions.items():
                low, high = slider_range(a)
                value = {"low": low, "central": a.central, "high": high}[which]
                d.s.edit("assumption", aid, value)
                if aid in d.controls:
                    d.controls[aid].slider.value = value
                    d._show_readout(d.controls[aid])
                    message(d.controls[aid].msg, d.s.problems.get(aid), d.s.lang)
        d.refresh(previous=True)


class ObservationsPanel:
    """"Nhập số liệu thực tế", collapsed: indicator, year, value, source, "thay" and save into the
    user's observations file; the form is built when the panel first opens."""

    def __init__(self, dash: Dashboard):
        self.d = dash
        self.form = vbox()
        self.accordion = w.Accordion(children=[self.form], selected_index=None)
        self.accordion.add_class("sl-observe")
        self.accordion.observe(lambda ch: ch["new"] == 0 and dash._guard(self.build),
                               names="selected_index")

    @property
    def built(self) -> bool:
        return bool(self.form.children)

    def build(self) -> None:
        if self.built:
            return
        label = style(w.Dropdown, description_width="64px")
        self.indicator = w.Dropdown(layout=layout(width="98%"), style=label)
        self.year = w.Dropdown(layout=layout(width="150px"), style=label)
        self.value = w.FloatText(value=0.0, layout=layout(width="98%"), style=label)
        self.source = w.Text(layout=layout(width="98%"), style=style(w.Text,
                                                                   description_width="64px"))
        self.replace = w.Checkbox(value=False, indent=False, layout=layout(width="auto"),
                                  style=style(w.Checkbox))
        self.save = button(icon="check")
        self.intro, self.hint, self.msg = html(), html(), html()
        self.save.add_class("sl-obs_save")
        self.msg.add_class("sl-obs_msg")
        self.save.on_click(lambda _: self.d._guard(self._save))
        for box in (self.indicator, self.year):
            box.observe(lambda _ch: self.d._guard(self._hint), names="value")
        self.sync()
        self.form.children = [self.intro, self.indicator, self.year, self.hint, self.value,
                              self.source, hbox([self.replace, self.save], flex_flow="row wrap",
                                                align_items="center"), self.msg]

    def sync(self) -> None:
        """Options and labels from the session's plan and language."""
        d, lang = self.d, self.d.s.lang
        self.accordion.titles = (t("obs_panel", lang),)
        if not hasattr(self, "indicator"):  # not built yet
            return
        with d.quiet():
            options, current = d.s.observation_indicators(), self.indicator.value
            ids = [i for _label, i in options]
            self.indicator.options = options
            self.indicator.value = current if current in ids else (
                d.s.indicator if d.s.indicator in ids else ids[0])
            years = d.s.history_years()
            keep = self.year.value if self.year.value in years else years[-1]
            self.year.options = years
            self.year.value = keep
        self.intro.value = (f"<div class='sl-note'>"
                            f"{escape(t('obs_intro', lang).format(file=FILE_NAME))}</div>")
        self.indicator.description = t("indicator", lang)
        self.year.description = t("year", lang)
        self.value.description = t("value", lang)
        self.source.description = t("source", lang)
        self.source.placeholder = t("obs_source_hint", lang)
        self.replace.description = t("obs_replace", lang)
        self.save.description = t("obs_save", lang)
        self.msg.value = ""  # a message stays in the language it was given in
        self._hint()

    def _hint(self) -> None:
        """Unit, allowed range and the value the chosen year has now (and where it comes from)."""
        d, lang, plan = self.d, self.d.s.lang, self.d.s.plan
        ind = plan.indicators.get(self.indicator.value or "")
        if ind is None:
            self.hint.value = ""
            return
        year = self.year.value
        user = d.s.entered_observation(ind.id, year)
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
        self.hint.value = (
            f"<div class='sl-note'>{escape(text(ind.unit, lang))} · {t('allowed_range', lang)} "
            f"{fmt_number(ind.bounds[0], lang, 3)}–{fmt_number(ind.bounds[1], lang, 3)}<br>"
            f"{escape(seen)}</div>")

    def _save(self) -> None:
        d, lang, indicator, year = self.d, self.d.s.lang, self.indicator.value, self.year.value
        value = self.value.value
        path = d.s.save_observation(indicator, year, value, self.source.value,
                                    replace=self.replace.value)
        if path is None:  # the form keeps what was typed
            message(self.msg, d.s.problems.get("observation"), lang)
            return
        ind = d.s.plan.indicators[indicator]
        what = f"{text(ind.label, lang)} {year}: {fmt_number(value, lang, 3)} {text(ind.unit, lang)}"
        self.msg.value = (f"<div class='sl-info'>✔ "
                          f"{escape(t('obs_saved', lang).format(what=what, file=path))}</div>")
        self.replace.value = False
        with d.quiet():
            d.indicator.value = d.s.indicator
        self._hint()
        d.refresh(rebuild_chart=True)


class GoalSeekPanel:
    """"Cần bao nhiêu?": for one target card, the level of a lever that meets the target with
    the required probability, the levers measured to move it first, an "Áp dụng" button that
    sets the slider; shown inside the card, scrolled into view."""

    def __init__(self, dash: Dashboard):
        self.d = dash
        self.indicator = ""
        self.answer: tuple[str, float] | None = None
        self.box: w.VBox | None = None  # built when first opened

    def _build(self) -> None:
        guard = self.d._guard
        self.title = html()
        self.year = w.Dropdown(layout=layout(width="150px"),
                               style=style(w.Dropdown, description_width="40px"))
        self.lever = w.Dropdown(layout=layout(width="100%"))
        self.probability = w.FloatSlider(value=0.8, min=0.5, max=0.95, step=0.05, readout=False,
                                         continuous_update=False, layout=layout(width="160px"),
                                         style=style(w.FloatSlider))
        self.probability_text = html()
        self.run = button(icon="crosshairs")
        self.result = html()
        self.apply = w.Button(icon="check", button_style="success",  # its own layout: display
                              layout=w.Layout(width="auto", display="none"))
        self.box = w.VBox([self.title, self.lever, hbox(
            [self.year, self.probability, self.probability_text, self.run],
            flex_flow="row wrap", align_items="center"), self.result, self.apply],
            layout=w.Layout(display="none", border="1px solid #dee2e6", padding="6px"))
        for name in ("box", "result", "apply", "run", "lever"):
            getattr(self, name).add_class("sl-seek_panel" if name == "box" else f"sl-seek_{name}")
        self.run.on_click(lambda _: guard(self._run))
        self.apply.on_click(lambda _: guard(self._apply))
        self.lever.observe(lambda _ch: guard(self._lever_changed), names="value")
        self.year.observe(lambda _ch: guard(self._year_changed), names="value")
        self.probability.observe(lambda _ch: guard(self._probability_changed), names="value")

    # --- showing --------------------------------------------------------------------------
    def open(self, indicator: str, scroll: bool = True) -> None:
        """Show the panel inside ``indicator``'s card (years after history only)."""
        d, lang, plan = self.d, self.d.s.lang, self.d.s.plan
        if self.box is None:
            self._build()
        if self.indicator != indicator:
            self._detach()
        self.indicator = indicator
        card = d.cards[indicator]
        if self.box not in card.children:
            card.children = (*card.children, self.box)
        ind = plan.indicators[indicator]
        self.title.value = f"<b>{t('goal_seek', lang)}:</b> {escape(text(ind.label, lang))}"
        self.run.description = t("goal_seek_run", lang)
        self.apply.description = t("apply", lang)
        self.lever.description = t("lever", lang)
        self.year.description = t("year", lang)
        self._probability_changed()
        self.box.layout.display = "flex"
        years = [tg.year for tg in ind.targets if not plan.is_history(tg.year)]
        if not years:
            self._show(t("pending", lang), run=False)
        else:
            with d.quiet():
                keep = self.year.value
                self.year.options = years
                self.year.value = keep if keep in years else years[-1]
            self._year_changed()
        if scroll:  # a planner's click (not a relabel): the chart shows this indicator too
            d._select(indicator)
            d.bridge.scroll_to(f".sl-card-{indicator} .sl-seek_panel")

    def relabel(self) -> None:
        """Labels in the page's language (the panel stays open where it was)."""
        if self.indicator:
            self.open(self.indicator, scroll=False)

    def close(self) -> None:
        if self.box is None:
            return
        self._detach()
        self.indicator = ""
        self.box.layout.display = "none"

    def _detach(self) -> None:
        card = self.d.cards.get(self.indicator)
        if card is not None:
            card.children = tuple(c for c in card.children if c is not self.box)

    def _show(self, message: str, *, run: bool, apply: bool = False) -> None:
        self.result.value = f"<div class='sl-info'>{escape(message)}</div>" if message else ""
        self.run.disabled = not run
        self.apply.layout.display = "" if apply else "none"
        if not apply:
            self.answer = None

    # --- events ---------------------------------------------------------------------------
    def moving(self) -> list[str]:
        """Levers measured to move this target in the chosen year, strongest first."""
        return levers_moving_target(self.d.effects(self.year.value), self.indicator)

    def _year_changed(self) -> None:
        d, lang, plan = self.d, self.d.s.lang, self.d.s.plan
        if not self.indicator or self.year.value is None:
            return
        moving = self.moving()
        order = moving + [lid for lid in plan.levers if lid not in moving]
        none = f" — {t('lever_no_effect', lang).split('(')[0].strip()}"
        with d.quiet():
            keep = self.lever.value
            self.lever.options = [(text(plan.levers[lid].label, lang)
                                   + ("" if lid in moving else none), lid) for lid in order]
            self.lever.value = keep if keep in moving else order[0]
        if not moving:
            self._show(t("no_lever_moves", lang), run=False)
            return
        self._lever_changed()

    def _lever_changed(self) -> None:
        if not self.indicator or self.year.value is None:
            return
        if self.lever.value not in self.moving():
            self._show(t("lever_no_effect", self.d.s.lang), run=False)
        else:
            self._show("", run=True)

    def _probability_changed(self) -> None:
        lang = self.d.s.lang
        self.probability_text.value = (f"<span class='sl-note'>{t('required', lang)}: "
                                       f"<b>{fmt_percent(self.probability.value, lang)}</b></span>")

    def _run(self) -> None:
        d, lang, plan = self.d, self.d.s.lang, self.d.s.plan
        lever = self.lever.value
        if lever not in self.moving():
            self._show(t("lever_no_effect", lang), run=False)
            return
        self._show(t("loading", lang), run=False)
        answer = goal_seek(d.s.scenario(), indicator=self.indicator, year=self.year.value,
                           lever=lever, probability=self.probability.value, draws=500,
                           seed=d.s.seed)
        ctl, lv = d.controls[lever], plan.levers[lever]
        level = f"{d._number(ctl, answer.value)} {'' if ctl.year else text(lv.unit, lang)}".strip()
        name, required = text(lv.label, lang), fmt_percent(answer.probability, lang)
        if answer.feasible:
            message = t("seek_met", lang).format(lever=name, level=level,
                                                 p=fmt_percent(answer.p_met, lang))
        elif answer.p_met > 0:
            message = t("seek_best", lang).format(lever=name, required=required, level=level,
                                                  p=fmt_percent(answer.p_met, lang))
        else:  # not "best 0 % at level 0", which reads as "spend nothing"
            message = t("seek_never", lang).format(lever=name, required=required)
        best = (lever, answer.value) if answer.p_met > 0 else None
        self._show(message, run=True, apply=best is not None)
        self.answer = best
        d.bridge.scroll_to(f".sl-card-{self.indicator} .sl-seek_result")

    def _apply(self) -> None:
        """Set the lever's slider to the answer (the usual slider event repaints)."""
        if self.answer is None:
            return
        d = self.d
        lever, value = self.answer
        ctl = d.controls[lever]
        step = ctl.slider.step
        snapped = min(max(round(value / step) * step, ctl.slider.min), ctl.slider.max)
        if ctl.year:
            snapped = int(round(snapped))
        d.open_lever_group(lever)
        ctl.slider.value = snapped
        done = t("applied", d.s.lang).format(lever=text(d.s.plan.levers[lever].label, d.s.lang),
                                             value=d._number(ctl, snapped))
        self.result.value += f"<div class='sl-info'>✔ {escape(done)}</div>"
        self.apply.layout.display = "none"
