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
    """Results complete an Erlang-3 delay after funding, with diminishing returns to budget.

    Completed results per year = a·(B/B_ref)^β; each is transferred with a probability that rises
    with the demand-led share and the support organisations, saturating below a ceiling.
    Counting noise: the year's results are Poisson and transfers Binomial (small numbers).
    """

    name = "research_pipeline"
    levers = ("st_budget", "demand_led_share")
    assumptions = ("results_at_reference_budget", "st_budget_reference",
                   "research_returns_exponent", "research_delay_years", "transfer_share_initial",
                   "transfer_share_ceiling", "demand_led_effect", "intermediary_effect",
                   "service_centre_effect", "incubator_effect", "digitised_effect")
    reads = ("st_intermediaries", "incubators", "st_service_centre_upgraded")
    lagged = ("research_results_digitised_share",)
    writes = ("st_transfer_share", "st_results_completed")
    raises = {"st_budget": ("st_results_completed",), "demand_led_share": ("st_transfer_share",)}

    def _start_rate(self, s: State) -> np.ndarray:
        budget = s.lever("st_budget")
        if budget not in self._rates:  # budget paths hold a few values: one power each
            a = s.a
            ratio = budget / a["st_budget_reference"]
            self._rates[budget] = (a["results_at_reference_budget"]
                                   * ratio ** a["research_returns_exponent"])
        return self._rates[budget]

    def _transfer_probability(self, s: State) -> np.ndarray:
        a, x = s.a, s.x
        gain = (a["demand_led_effect"] * (s.lever("demand_led_share")
                                          - s.lever_default("demand_led_share"))
                + a["intermediary_effect"] * x["st_intermediaries"]
                + a["service_centre_effect"] * x["st_service_centre_upgraded"]
                + a["incubator_effect"] * x["incubators"]
                + a["digitised_effect"] * x["research_results_digitised_share"] / 100)
        return saturating_gain(a["transfer_share_initial"], a["transfer_share_ceiling"], gain) / 100

    def init(self, s: State) -> None:
        steady = s.a["results_at_reference_budget"] * np.ones(s.n)
        self._rates: dict[float, np.ndarray] = {}
        self.leave = delay_leave_fraction(s.a["research_delay_years"], DELAY_ORDER, s.dt)
        self.stages = delay_chain_steady(steady, s.a["research_delay_years"], DELAY_ORDER, s.dt)
        self.completed = np.zeros(s.n)
        self.transferred = np.zeros(s.n)
        s.x["st_results_completed"] = steady
        s.x["st_transfer_share"] = s.a["transfer_share_initial"] * np.ones(s.n)

    def step(self, s: State) -> None:
        done = delay_chain_step(self.stages, self._start_rate(s), self.leave, s.dt)
        self.completed += done
        self.transferred += done * self._transfer_probability(s)

    def year_end(self, s: State) -> None:
        expected_share = self.transferred / np.maximum(self.completed, 1e-12)
        if s.noise:  # Poisson count, each result transferred or not: by Poisson thinning the two
            #          parts are independent Poisson counts (same law as Poisson then Binomial)
            moved = s.rng.poisson(self.transferred)
            count = moved + s.rng.poisson(np.maximum(self.completed - self.transferred, 0))
            share = np.where(count > 0, moved / np.maximum(count, 1), expected_share)
            s.x["st_results_completed"] = count.astype(float)
        else:
            share = expected_share
            s.x["st_results_completed"] = self.completed.copy()
        s.x["st_transfer_share"] = 100 * share
        self.completed = np.zeros(s.n)
        self.transferred = np.zeros(s.n)


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
