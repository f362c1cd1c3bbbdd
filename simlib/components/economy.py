"""E-commerce share of retail and the digital-economy share of GRDP."""

from __future__ import annotations

import numpy as np

from ..model import Component, State, register

READINESS_REFERENCE = 0.5  # share of adults with both a smartphone and a payment account


def de_share(core: np.ndarray, digitalised0: np.ndarray, per_point: np.ndarray,
             adoption: np.ndarray, adoption0: np.ndarray) -> np.ndarray:
    """Digital-economy share of GRDP (%): the core (ICT) plus the digitalised part of other
    sectors, which grows by ``per_point`` points of GRDP per point the adoption index (%) gains
    over its base-year value. Non-decreasing in every input but ``adoption0``."""
    return core + digitalised0 + per_point * (adoption - adoption0)


@register
class DigitalEconomy(Component):
    """E-commerce grows logistically toward a ceiling (Euler steps), at a rate scaled by digital
    readiness (adults with a smartphone × with a payment account, relative to 50 %) and raised by
    platform cooperation (platform firms onboarding sellers). The digital economy is a core that
    grows at its own rate plus a digitalised part that moves with the adoption index, the mean
    of SME regular platform use and the e-commerce share (:func:`de_share`)."""

    name = "digital_economy"
    levers = ("platform_cooperation",)
    assumptions = ("ecommerce_initial", "ecommerce_growth", "ecommerce_ceiling",
                   "platform_ecommerce_boost", "de_share_initial", "de_core_share",
                   "de_core_growth", "de_per_adoption_point")
    reads = ("payment_account_share", "adults_smartphone_share", "sme_digital_platform_share")
    writes = ("ecommerce_retail_share", "de_share_grdp")
    raises = {"platform_cooperation": ("ecommerce_retail_share", "de_share_grdp")}

    def init(self, s: State) -> None:
        a, x = s.a, s.x
        x["ecommerce_retail_share"] = a["ecommerce_initial"] * np.ones(s.n)
        x["de_share_grdp"] = a["de_share_initial"] * np.ones(s.n)
        self.adoption0 = self._adoption(x)
        self.core = a["de_core_share"] * np.ones(s.n)
        self.core_growth = np.exp(a["de_core_growth"] * s.dt)

    @staticmethod
    def _adoption(x: dict[str, np.ndarray]) -> np.ndarray:
        return (x["sme_digital_platform_share"] + x["ecommerce_retail_share"]) / 2

    def step(self, s: State) -> None:
        a, x = s.a, s.x
        readiness = (x["payment_account_share"] * x["adults_smartphone_share"] / 1e4
                     / READINESS_REFERENCE)
        cooperation = 1 + a["platform_ecommerce_boost"] * s.lever("platform_cooperation") / 100
        e = x["ecommerce_retail_share"]
        growth = a["ecommerce_growth"] * readiness * cooperation * (1 - e / a["ecommerce_ceiling"])
        x["ecommerce_retail_share"] = e * (1 + growth * s.dt)
        self.core = self.core * self.core_growth
        x["de_share_grdp"] = de_share(self.core, a["de_share_initial"] - a["de_core_share"],
                                      a["de_per_adoption_point"], self._adoption(x), self.adoption0)
