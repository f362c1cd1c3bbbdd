"""Household adoption of smartphones, online public services and payment accounts."""

from __future__ import annotations

import numpy as np

from ..mechanisms import adstock_step, bass_step
from ..model import Component, State, register


@register
class HouseholdAdoption(Component):
    """Bass adoption whose innovation coefficient rises with team coverage, digital skills and
    communications (ad-stock with carry-over λ, response 1 + ε·ln(1 + stock))."""

    name = "household_adoption"
    levers = ("comms_spend",)
    assumptions = ("household_bass_p", "household_bass_q", "coverage_p_boost", "skills_p_boost",
                   "comms_elasticity", "comms_carryover", "smartphone_initial",
                   "smartphone_ceiling", "online_services_initial", "payment_initial",
                   "payment_ceiling")
    reads = ("digital_team_village_coverage", "digital_skills_share")
    writes = ("adults_smartphone_share", "online_public_services_share", "payment_account_share")
    raises = {"comms_spend": ("adults_smartphone_share", "online_public_services_share",
                              "payment_account_share")}

    def init(self, s: State) -> None:
        a = s.a
        self.comms = s.lever("comms_spend") / (1 - a["comms_carryover"]) * np.ones(s.n)
        self.retained = np.exp(-(1 - a["comms_carryover"]) * s.dt)
        s.x["adults_smartphone_share"] = a["smartphone_initial"] * np.ones(s.n)
        s.x["online_public_services_share"] = a["online_services_initial"] * np.ones(s.n)
        s.x["payment_account_share"] = a["payment_initial"] * np.ones(s.n)

    def step(self, s: State) -> None:
        a, x = s.a, s.x
        self.comms = adstock_step(self.comms, s.lever("comms_spend"), a["comms_carryover"],
                                  self.retained)
        p = ((a["household_bass_p"]
              + a["coverage_p_boost"] * x["digital_team_village_coverage"] / 100
              + a["skills_p_boost"] * x["digital_skills_share"] / 100)
             * (1 + a["comms_elasticity"] * np.log1p(self.comms)))
        q = a["household_bass_q"]
        phone = x["adults_smartphone_share"] / 100
        online = x["online_public_services_share"] / 100
        pay = x["payment_account_share"] / 100
        phone_ceiling = a["smartphone_ceiling"] / 100
        phone = phone + bass_step(phone, p, q, s.dt, phone_ceiling)
        online = online + bass_step(online, p, q, s.dt, phone)  # needs a device
        pay = pay + bass_step(pay, p, q, s.dt, a["payment_ceiling"] / 100)
        x["adults_smartphone_share"] = 100 * phone
        x["online_public_services_share"] = 100 * online
        x["payment_account_share"] = 100 * pay
