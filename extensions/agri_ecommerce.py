"""Example extension: farm households selling on e-commerce platforms (116,656 in 2024)."""
import numpy as np

from simlib import Component, State, register

DECLARATIONS = """
indicators:
  - id: agri_households_ecommerce
    block: digital
    label: {vi: "Hộ nông dân bán sản phẩm trên sàn TMĐT", en: "Farm households selling online"}
    description: {vi: "Số hộ nông dân có sản phẩm trên sàn thương mại điện tử.",
                  en: "Farm households with products on e-commerce platforms."}
    unit: {vi: "hộ", en: "households"}
    kind: stock
    bounds: [0, 400000]
    observed: [{year: 2024, value: 116656, confidence: medium, source: "https://lforum.biz/\
information-and-communications-sector-leading-digital-transformation.html"}]
assumptions:
  - {id: farm_households, label: {vi: "Hộ có thể bán hàng trực tuyến", en: "Households able to sell online"},
     unit: {vi: "hộ", en: "households"}, central: 140000, dist: {type: uniform, low: 125000, high: 160000},
     range: [116656, 400000], source: "assumption (≈150k households in all)", unsourced: true}
  - {id: agri_ecommerce_rate, label: {vi: "Tốc độ tham gia theo kỹ năng số", en: "Uptake rate per skills"},
     unit: {vi: "/năm", en: "per year"}, central: 0.3, dist: {type: uniform, low: 0.1, high: 0.6},
     range: [0, 2], source: "assumption", unsourced: true}
"""


@register
class AgriEcommerce(Component):
    """Households join at rate r·(digital-skills share) toward all that could sell online."""

    name = "agri_ecommerce"
    assumptions = ("farm_households", "agri_ecommerce_rate")
    reads = ("digital_skills_share",)
    writes = ("agri_households_ecommerce",)

    def init(self, s: State) -> None:
        s.x["agri_households_ecommerce"] = s.observed("agri_households_ecommerce") * np.ones(s.n)

    def step(self, s: State) -> None:
        h = s.x["agri_households_ecommerce"]
        rate = s.a["agri_ecommerce_rate"] * s.x["digital_skills_share"] / 100
        s.x["agri_households_ecommerce"] = h + (s.a["farm_households"] - h) * np.minimum(rate * s.dt, 1)
