"""E-commerce share of retail and the digital-economy share of GRDP."""

from __future__ import annotations

import numpy as np

from ..model import Component, State, register


@register
class DigitalEconomy(Component):
    """E-commerce grows logistically (Euler steps), faster as payment and smartphone use rise; the digital
    economy is a fixed core (ICT) plus a digitalised part scaling with SME platform use and
    e-commerce relative to 2024."""

    name = "digital_economy"
    assumptions = ("ecommerce_initial", "ecommerce_growth", "ecommerce_ceiling",
                   "de_share_initial", "de_core_share")
    reads = ("payment_account_share", "adults_smartphone_share", "sme_digital_platform_share")
    writes = ("ecommerce_retail_share", "de_share_grdp")

    def init(self, s: State) -> None:
        a, x = s.a, s.x
        self.readiness0 = x["payment_account_share"] * x["adults_smartphone_share"]
        self.sme0 = x["sme_digital_platform_share"].copy()
        x["ecommerce_retail_share"] = a["ecommerce_initial"] * np.ones(s.n)
        x["de_share_grdp"] = a["de_share_initial"] * np.ones(s.n)

    def step(self, s: State) -> None:
        a, x = s.a, s.x
        readiness = x["payment_account_share"] * x["adults_smartphone_share"] / self.readiness0
        e = x["ecommerce_retail_share"]
        growth = a["ecommerce_growth"] * readiness * (1 - e / a["ecommerce_ceiling"])
        e = e * (1 + growth * s.dt)
        digitalised = (a["de_share_initial"] - a["de_core_share"]) * (
            0.5 * x["sme_digital_platform_share"] / self.sme0 + 0.5 * e / a["ecommerce_initial"])
        x["ecommerce_retail_share"] = e
        x["de_share_grdp"] = a["de_core_share"] + digitalised
