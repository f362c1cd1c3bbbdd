"""SMEs trialling digital platforms and settling into regular use."""

from __future__ import annotations

import numpy as np

from ..mechanisms import budget_response
from ..model import Component, State, register


@register
class SmePlatforms(Component):
    """Trial share grows at rate p·x toward all SMEs, x = 1 + β·ln(1 + S/S_ref) for support S;
    regular use moves toward conversion × trial with a time constant. Conversion rises with
    platform cooperation (firms that onboard and train SMEs) and with support, up to 1."""

    name = "sme_platforms"
    levers = ("enterprise_support_budget", "platform_cooperation")
    assumptions = ("sme_trial_initial", "sme_regular_initial", "sme_trial_p", "support_elasticity",
                   "support_budget_reference", "sme_conversion", "cooperation_conversion_boost",
                   "sme_adjustment_years")
    writes = ("sme_platform_trial_share", "sme_digital_platform_share")
    raises = {"enterprise_support_budget": ("sme_platform_trial_share", "sme_digital_platform_share",
                                            "de_share_grdp"),
              "platform_cooperation": ("sme_digital_platform_share", "de_share_grdp")}

    def init(self, s: State) -> None:
        s.x["sme_platform_trial_share"] = s.a["sme_trial_initial"] * np.ones(s.n)
        s.x["sme_digital_platform_share"] = s.a["sme_regular_initial"] * np.ones(s.n)
        self.settle = -np.expm1(-s.dt / s.a["sme_adjustment_years"])
        self._support: dict[float, np.ndarray] = {}  # one array per support level

    def step(self, s: State) -> None:
        a, x = s.a, s.x
        spend = s.lever("enterprise_support_budget")
        if spend not in self._support:
            self._support[spend] = budget_response(spend, a["support_budget_reference"],
                                                   a["support_elasticity"])
        support = self._support[spend]
        trial = x["sme_platform_trial_share"]
        trial = trial + (100 - trial) * np.minimum(a["sme_trial_p"] * support * s.dt, 1.0)
        conversion = np.minimum((a["sme_conversion"] + a["cooperation_conversion_boost"]
                                 * s.lever("platform_cooperation") / 100) * support, 1.0)
        regular = x["sme_digital_platform_share"]
        regular = regular + (conversion * trial - regular) * self.settle
        x["sme_platform_trial_share"] = trial
        x["sme_digital_platform_share"] = np.maximum(regular, x["sme_digital_platform_share"])
