"""Research pipeline (S&T budget → completed results → transfer share) and digitisation."""

from __future__ import annotations

import numpy as np

from ..mechanisms import (
    delay_chain_steady,
    delay_chain_step,
    delay_leave_fraction,
    saturating_gain,
)
from ..model import Component, State, register

DELAY_ORDER = 3


@register
class ResearchPipeline(Component):
    """Results complete an Erlang-3 delay after selection, with diminishing returns to budget;
    each is transferred (handed over to a user) with a probability set by the conditions it
    carries, after a first-order completion → transfer delay.

    Completed results per year = a·(B/B_ref)^β. A project keeps the demand-led share of its
    selection year through the chain (a co-flow); at completion its transfer probability rises
    with that share and with the support organisations operating then, saturating below a
    ceiling. The targeted share counts, within each plan period, the results completed in the
    period that have been transferred by the year's end, over those completed. With counting
    noise the year's results are Poisson, the eventual transfers among them Binomial and the
    transfers of each year Binomial over the results still waiting.
    """

    name = "research_pipeline"
    levers = ("st_budget", "demand_led_share")
    assumptions = ("results_at_reference_budget", "st_budget_reference",
                   "research_returns_exponent", "research_delay_years", "transfer_share_initial",
                   "transfer_share_ceiling", "transfer_delay_years", "results_completed_2021_2024",
                   "demand_led_effect", "intermediary_effect", "service_centre_effect",
                   "incubator_effect", "digitised_effect")
    reads = ("st_intermediaries", "incubators", "st_service_centre_upgraded")
    lagged = ("research_results_digitised_share",)
    writes = ("st_transfer_share", "st_transfer_share_annual", "st_results_completed",
              "st_results_completed_period")
    raises = {"st_budget": ("st_results_completed", "st_results_completed_period"),
              "demand_led_share": ("st_transfer_share", "st_transfer_share_annual")}

    def _start_rate(self, s: State) -> np.ndarray:
        budget = s.lever("st_budget")
        if budget not in self._rates:  # budget paths hold a few values: one power each
            a = s.a
            ratio = budget / a["st_budget_reference"]
            self._rates[budget] = (a["results_at_reference_budget"]
                                   * ratio ** a["research_returns_exponent"])
        return self._rates[budget]

    def _transfer_probability(self, s: State, demand_led: np.ndarray) -> np.ndarray:
        """Probability (0–1) that a result completing now with ``demand_led`` (% of its
        selection year) is eventually transferred."""
        a, x = s.a, s.x
        gain = (a["demand_led_effect"] * (demand_led - s.lever_default("demand_led_share"))
                + a["intermediary_effect"] * x["st_intermediaries"]
                + a["service_centre_effect"] * x["st_service_centre_upgraded"]
                + a["incubator_effect"] * x["incubators"]
                + a["digitised_effect"] * x["research_results_digitised_share"] / 100)
        return saturating_gain(a["transfer_share_initial"], a["transfer_share_ceiling"], gain) / 100

    def init(self, s: State) -> None:
        a = s.a
        # results in progress at the steady state of the observed rate where the start year has
        # one (a hindcast from 2019), else of the rate at the reference budget
        rate = s.observed_or("st_results_completed", a["results_at_reference_budget"]) * np.ones(s.n)
        p0 = a["transfer_share_initial"] / 100
        self._rates: dict[float, np.ndarray] = {}
        self.leave = delay_leave_fraction(a["research_delay_years"], DELAY_ORDER, s.dt)
        self.stages = delay_chain_steady(rate, a["research_delay_years"], DELAY_ORDER, s.dt)
        self.demand = [st * s.lever_default("demand_led_share") for st in self.stages]
        self.moves = -np.expm1(-s.dt / a["transfer_delay_years"])  # waiting share moved a step
        self.moves_year = -np.expm1(-1.0 / a["transfer_delay_years"])
        self.period = s.plan.period_of(s.plan.base_year)
        # the period so far: results completed, and those waiting at the steady state r·p0·τ
        done = a["results_completed_2021_2024"] * np.ones(s.n) if self.period else np.zeros(s.n)
        waiting = np.minimum(rate * p0 * a["transfer_delay_years"], p0 * done)
        self.exp = {"done": done, "moved": p0 * done - waiting, "wait": waiting}
        self.cnt = self.exp  # without counting noise the counts are the expectations
        if s.noise:  # whole results: which of them will be, and have been, transferred
            whole = np.rint(done)
            eventual = s.rng.binomial(whole.astype(np.int64), p0)
            wait = s.rng.binomial(eventual, np.divide(waiting, p0 * done, out=np.zeros(s.n),
                                                      where=done > 0))
            self.cnt = {"done": whole, "moved": (eventual - wait).astype(float),
                        "wait": wait.astype(float)}
        self._new_year()
        s.x["st_results_completed"] = rate
        s.x["st_results_completed_period"] = self.cnt["done"].copy()
        s.x["st_transfer_share_annual"] = 100 * p0 * np.ones(s.n)
        s.x["st_transfer_share"] = self._period_share(self.cnt, p0)

    def _new_year(self) -> None:
        zero = np.zeros_like(self.exp["done"])
        self.year = {"done": zero, "eventual": zero, "moved_new": zero, "wait_new": zero}

    @staticmethod
    def _period_share(acc: dict[str, np.ndarray], fallback: np.ndarray | float) -> np.ndarray:
        return 100 * np.divide(acc["moved"], acc["done"],
                               out=np.broadcast_to(fallback, acc["done"].shape).astype(float),
                               where=acc["done"] > 0)

    def step(self, s: State) -> None:
        rate = self._start_rate(s)
        done = delay_chain_step(self.stages, rate, self.leave, s.dt)
        demand_done = delay_chain_step(self.demand, rate * s.lever("demand_led_share"), self.leave,
                                       s.dt)
        demand_led = np.divide(demand_done, done, out=np.full(s.n, s.lever("demand_led_share")),
                               where=done > 1e-12)
        eventual = done * self._transfer_probability(s, demand_led)
        y, e = self.year, self.exp
        moved_new = (y["wait_new"] + eventual) * self.moves
        y["done"] = y["done"] + done
        y["eventual"] = y["eventual"] + eventual
        y["wait_new"] = y["wait_new"] + eventual - moved_new
        y["moved_new"] = y["moved_new"] + moved_new
        moved = (e["wait"] + eventual) * self.moves
        e["done"] = e["done"] + done
        e["moved"] = e["moved"] + moved
        e["wait"] = e["wait"] + eventual - moved

    def year_end(self, s: State) -> None:
        y = self.year
        p_year = np.divide(y["eventual"], y["done"], out=np.zeros(s.n), where=y["done"] > 1e-12)
        if s.noise:
            c = self.cnt
            n = s.rng.poisson(y["done"])
            eventual = s.rng.binomial(n, np.clip(p_year, 0, 1))
            within = np.divide(y["moved_new"], y["eventual"], out=np.zeros(s.n),
                               where=y["eventual"] > 1e-12)
            moved_new = s.rng.binomial(eventual, np.clip(within, 0, 1))
            moved_old = s.rng.binomial(c["wait"].astype(np.int64), self.moves_year)
            c["done"] = c["done"] + n
            c["moved"] = c["moved"] + moved_new + moved_old
            c["wait"] = c["wait"] - moved_old + eventual - moved_new
            s.x["st_results_completed"] = n.astype(float)
            s.x["st_transfer_share_annual"] = 100 * np.divide(eventual, n, out=p_year.copy(),
                                                              where=n > 0)
        else:
            s.x["st_results_completed"] = y["done"].copy()
            s.x["st_transfer_share_annual"] = 100 * p_year
        s.x["st_transfer_share"] = self._period_share(self.cnt, s.x["st_transfer_share_annual"] / 100)
        s.x["st_results_completed_period"] = self.cnt["done"].copy()
        self._new_year()
        period = s.plan.period_of(s.year + 1)
        if period is not self.period:  # a new plan period counts its own results from zero
            self.period = period
            zero = np.zeros(s.n)
            self.exp = {"done": zero, "moved": zero, "wait": zero}
            self.cnt = {"done": zero, "moved": zero, "wait": zero} if s.noise else self.exp


@register
class Digitisation(Component):
    """Digitising the backlog of results with commercial potential, limited by budget."""

    name = "digitisation"
    levers = ("digitisation_budget",)
    assumptions = ("eligible_results_initial", "commercial_potential_share",
                   "digitised_share_initial", "results_digitised_per_bn")
    lagged = ("st_results_completed",)
    writes = ("research_results_digitised_share",)
    raises = {"digitisation_budget": ("research_results_digitised_share",)}

    def init(self, s: State) -> None:
        self.eligible = s.a["eligible_results_initial"] * np.ones(s.n)
        self.digitised = self.eligible * s.a["digitised_share_initial"] / 100
        s.x["research_results_digitised_share"] = 100 * self.digitised / self.eligible

    def step(self, s: State) -> None:
        a = s.a
        self.eligible = self.eligible + (s.x["st_results_completed"]
                                         * a["commercial_potential_share"] * s.dt)
        capacity = s.lever("digitisation_budget") * a["results_digitised_per_bn"] * s.dt
        self.digitised = self.digitised + np.clip(self.eligible - self.digitised, 0, capacity)
        s.x["research_results_digitised_share"] = 100 * self.digitised / self.eligible
