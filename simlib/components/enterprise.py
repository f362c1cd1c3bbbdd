"""Key-product enterprises investing in technology: a generalised Bass process."""

from __future__ import annotations

import numpy as np

from ..mechanisms import bass_step, budget_response
from ..model import Component, State, register


@register
class EnterpriseTechnology(Component):
    """First investments follow the Bass hazard (p + q·a)·x, where support funding S (bn VND/yr)
    gives x = 1 + β·ln(1 + S/S_ref) (a unit-free response: no support leaves the plain Bass
    hazard) and each operating support organisation raises q. Past adopters re-invest at rate
    r·x. The indicator is the share of the group investing in the year,
    (p + q·a)·x·(1 − a) + r·x·a; with noise it is a count over the (small) group.
    It rises with support while a < (q − p + r)/(2q); beyond that, support pulls first investments
    forward and the annual flow can fall (Bass saturation), so it is not declared monotone."""

    name = "enterprise_technology"
    levers = ("enterprise_support_budget",)
    assumptions = ("key_enterprises", "enterprise_bass_p", "enterprise_bass_q",
                   "enterprise_adopted_initial", "enterprise_reinvestment_rate",
                   "support_elasticity", "support_budget_reference", "ecosystem_q_boost")
    reads = ("st_intermediaries", "incubators", "st_service_centre_upgraded")
    writes = ("enterprise_tech_investment_share",)

    def _boost(self, s: State) -> np.ndarray:
        """The support multiplier (one array per support level: budget paths hold a few)."""
        spend = s.lever("enterprise_support_budget")
        if spend not in self._boosts:
            self._boosts[spend] = budget_response(spend, s.a["support_budget_reference"],
                                                  s.a["support_elasticity"])
        return self._boosts[spend]

    def _coefficients(self, s: State, boost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a, x = s.a, s.x
        organisations = x["st_intermediaries"] + x["incubators"] + x["st_service_centre_upgraded"]
        q = a["enterprise_bass_q"] * (1 + a["ecosystem_q_boost"] * organisations)
        return a["enterprise_bass_p"] * boost, q * boost

    def init(self, s: State) -> None:
        self._boosts: dict[float, np.ndarray] = {}
        self.adopted = s.a["enterprise_adopted_initial"] / 100 * np.ones(s.n)
        self.invested = np.zeros(s.n)
        boost = self._boost(s)
        p, q = self._coefficients(s, boost)
        first = bass_step(self.adopted, p, q, 1.0)
        reinvest = s.a["enterprise_reinvestment_rate"] * boost
        s.x["enterprise_tech_investment_share"] = 100 * (first + reinvest * self.adopted)

    def step(self, s: State) -> None:
        boost = self._boost(s)
        p, q = self._coefficients(s, boost)
        new = bass_step(self.adopted, p, q, s.dt)
        reinvest = s.a["enterprise_reinvestment_rate"] * boost
        self.invested += new + reinvest * self.adopted * s.dt
        self.adopted = self.adopted + new

    def year_end(self, s: State) -> None:
        share = np.clip(self.invested, 0, 1)
        if s.noise:  # Binomial count over the group, by its normal approximation (n·p ≈ 10–60)
            group = np.maximum(np.rint(s.a["key_enterprises"]), 1)
            sd = np.sqrt(group * share * (1 - share))
            count = np.rint(group * share + sd * s.rng.standard_normal(s.n))
            share = np.clip(count, 0, group) / group
        s.x["enterprise_tech_investment_share"] = 100 * share
        self.invested = np.zeros(s.n)
