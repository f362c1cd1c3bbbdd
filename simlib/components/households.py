"""Household adoption of smartphones, online public services and payment accounts."""

from __future__ import annotations

import numpy as np

from ..mechanisms import adstock_step, bass_step, budget_response
from ..model import Component, State, register


@register
class HouseholdAdoption(Component):
    """Bass adoption toward a ceiling that depends on help: in villages with a community digital
    team almost every adult can be helped to adopt (the assisted ceiling); elsewhere the remote,
    hard-to-reach groups stay out (the unassisted ceiling). Ceiling = c·assisted + (1 − c)·
    unassisted for village coverage c; online public services are capped by device owners, of
    whom outside covered villages only a share manage unaided. The innovation coefficient rises
    with coverage, digital skills and communications (ad-stock with carry-over λ, response
    1 + ε·ln(1 + A/A_ref), A_ref the stock at the reference spend)."""

    name = "household_adoption"
    levers = ("comms_spend",)
    assumptions = ("household_bass_p", "household_bass_q", "coverage_p_boost", "skills_p_boost",
                   "comms_elasticity", "comms_carryover", "comms_reference_spend",
                   "smartphone_initial", "smartphone_ceiling", "assisted_ceiling",
                   "online_services_initial", "online_unassisted_share", "payment_initial",
                   "payment_ceiling")
    reads = ("digital_team_village_coverage", "digital_skills_share")
    writes = ("adults_smartphone_share", "online_public_services_share", "payment_account_share")
    raises = {"comms_spend": ("adults_smartphone_share", "online_public_services_share",
                              "payment_account_share")}

    def _comms_boost(self, a: dict[str, np.ndarray]) -> np.ndarray:
        reference = a["comms_reference_spend"] / (1 - a["comms_carryover"])
        return budget_response(self.comms, reference, a["comms_elasticity"])

    def init(self, s: State) -> None:
        a = s.a
        self.comms = s.lever("comms_spend") / (1 - a["comms_carryover"]) * np.ones(s.n)
        self.retained = np.exp(-(1 - a["comms_carryover"]) * s.dt)
        self.steady_spend: float | None = s.lever("comms_spend")  # comms stock at its steady state
        self.comms_boost = self._comms_boost(a)
        s.x["adults_smartphone_share"] = a["smartphone_initial"] * np.ones(s.n)
        s.x["online_public_services_share"] = a["online_services_initial"] * np.ones(s.n)
        s.x["payment_account_share"] = a["payment_initial"] * np.ones(s.n)

    def step(self, s: State) -> None:
        a, x = s.a, s.x
        spend = s.lever("comms_spend")
        if spend != self.steady_spend:  # the stock moves only while spend differs from steady
            self.steady_spend = None
            self.comms = adstock_step(self.comms, spend, a["comms_carryover"], self.retained)
            self.comms_boost = self._comms_boost(a)
        coverage = x["digital_team_village_coverage"] / 100
        p = ((a["household_bass_p"] + a["coverage_p_boost"] * coverage
              + a["skills_p_boost"] * x["digital_skills_share"] / 100) * self.comms_boost)
        q = a["household_bass_q"]
        assisted = coverage * a["assisted_ceiling"] / 100
        phone = x["adults_smartphone_share"] / 100
        online = x["online_public_services_share"] / 100
        pay = x["payment_account_share"] / 100
        phone_ceiling = assisted + (1 - coverage) * a["smartphone_ceiling"] / 100
        pay_ceiling = assisted + (1 - coverage) * a["payment_ceiling"] / 100
        phone = phone + bass_step(phone, p, q, s.dt, phone_ceiling)
        # online public services need a device, and outside villages with a team only a share
        # of device owners manage the procedures unaided
        online_ceiling = phone * (coverage + (1 - coverage) * a["online_unassisted_share"])
        online = online + bass_step(online, p, q, s.dt, online_ceiling)
        pay = pay + bass_step(pay, p, q, s.dt, pay_ceiling)
        x["adults_smartphone_share"] = 100 * phone
        x["online_public_services_share"] = 100 * online
        x["payment_account_share"] = 100 * pay
