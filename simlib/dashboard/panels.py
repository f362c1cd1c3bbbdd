"""Panels of the planner's page that own their widgets and events: goal-seek inside a target card.

A panel reads and changes the page only through its :class:`~simlib.dashboard.app.Dashboard`
(session, controls, the lever-effects table, the page bridge), never through widgets it does
not own.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ..analysis.goal_seek import goal_seek
from ..analysis.lever_effects import levers_moving_target
from ..formatting import fmt_percent
from ..i18n import t, text

if TYPE_CHECKING:
    from .app import Dashboard


class GoalSeekPanel:
    """"Cần bao nhiêu?": for one target card, the level of a lever that meets the target with
    the required probability, the levers measured to move it first, an "Áp dụng" button that
    sets the slider; shown inside the card, scrolled into view."""

    def __init__(self, dash: Dashboard):
        self.d = dash
        self.indicator = ""
        self.answer: tuple[str, float] | None = None
        self.title = w.HTML()
        self.year = w.Dropdown(layout=w.Layout(width="150px"), style={"description_width": "40px"})
        self.lever = w.Dropdown(layout=w.Layout(width="100%"))
        self.probability = w.FloatSlider(value=0.8, min=0.5, max=0.95, step=0.05, readout=False,
                                         continuous_update=False, layout=w.Layout(width="160px"))
        self.probability_text = w.HTML()
        self.run = w.Button(icon="crosshairs", layout=w.Layout(width="auto"))
        self.result = w.HTML()
        self.apply = w.Button(icon="check", button_style="success",
                              layout=w.Layout(width="auto", display="none"))
        self.box = w.VBox([self.title, self.lever, w.HBox(
            [self.year, self.probability, self.probability_text, self.run],
            layout=w.Layout(flex_flow="row wrap", align_items="center")), self.result, self.apply],
            layout=w.Layout(display="none", border="1px solid #dee2e6", padding="6px"))
        for name in ("box", "result", "apply", "run", "lever"):
            getattr(self, name).add_class("sl-seek_panel" if name == "box" else f"sl-seek_{name}")
        guard = dash._guard
        self.run.on_click(lambda _: guard(self._run))
        self.apply.on_click(lambda _: guard(self._apply))
        self.lever.observe(lambda _ch: guard(self._lever_changed), names="value")
        self.year.observe(lambda _ch: guard(self._year_changed), names="value")
        self.probability.observe(lambda _ch: guard(self._probability_changed), names="value")

    # --- showing --------------------------------------------------------------------------
    def open(self, indicator: str, scroll: bool = True) -> None:
        """Show the panel inside ``indicator``'s card (years after history only)."""
        d, lang, plan = self.d, self.d.s.lang, self.d.s.plan
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
