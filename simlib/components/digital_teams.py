"""Community digital-technology teams: capacity-limited roll-out, contacts and digital skills."""

from __future__ import annotations

import numpy as np

from ..mechanisms import rollout_step
from ..model import Component, State, register


@register
class DigitalTeams(Component):
    """New village teams per year = budget / set-up cost, never beyond one per village; teams
    lapse. Commune-level teams (counted in the province's team total) cover no village.

    Members reach households (contacts), raised by cooperation with platform firms; a share of
    contacts reach people without basic digital skills: dσ/dt = contacts·u/pop·(1 − σ)
    (Euler steps).
    """

    name = "digital_teams"
    levers = ("digital_team_budget", "platform_cooperation")
    assumptions = ("villages", "commune_level_teams", "team_setup_cost", "team_lapse_rate",
                   "members_per_team",
                   "contacts_per_member", "platform_training_boost", "working_age_population",
                   "unique_contact_share", "digital_skills_initial")
    writes = ("digital_teams", "digital_team_village_coverage", "people_assisted",
              "digital_skills_share")
    raises = {"digital_team_budget": ("digital_teams", "digital_team_village_coverage",
                                      "people_assisted", "digital_skills_share",
                                      "adults_smartphone_share", "payment_account_share",
                                      "online_public_services_share"),
              "platform_cooperation": ("people_assisted", "digital_skills_share")}

    def init(self, s: State) -> None:
        self.commune = np.minimum(s.a["commune_level_teams"], s.observed("digital_teams"))
        self.village_teams = np.minimum(s.observed("digital_teams") - self.commune, s.a["villages"])
        s.x["digital_teams"] = self.village_teams + self.commune
        s.x["digital_team_village_coverage"] = 100 * self.village_teams / s.a["villages"]
        s.x["people_assisted"] = s.observed("people_assisted") * np.ones(s.n)
        s.x["digital_skills_share"] = s.a["digital_skills_initial"] * np.ones(s.n)
        self.survival = np.exp(-s.a["team_lapse_rate"] * s.dt)
        self.contacts_per_team = s.a["members_per_team"] * s.a["contacts_per_member"]

    def step(self, s: State) -> None:
        a, x = s.a, s.x
        capacity = s.lever("digital_team_budget") * 1000 / a["team_setup_cost"]  # teams per year
        self.village_teams = rollout_step(self.village_teams, capacity, a["villages"],
                                          self.survival, s.dt)
        teams = self.village_teams + self.commune
        contacts = teams * self.contacts_per_team * (
            1 + a["platform_training_boost"] * s.lever("platform_cooperation") / 100)
        skills = x["digital_skills_share"] / 100
        reach = contacts * a["unique_contact_share"] / a["working_age_population"]
        skills = skills + (1 - skills) * np.minimum(reach * s.dt, 1.0)
        x["digital_teams"] = teams
        x["digital_team_village_coverage"] = 100 * self.village_teams / a["villages"]
        x["people_assisted"] = x["people_assisted"] + contacts * s.dt
        x["digital_skills_share"] = 100 * skills
