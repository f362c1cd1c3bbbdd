"""Small models with known answers, built through the extension path on an empty plan."""

from __future__ import annotations

import dataclasses

import numpy as np

import simlib
from simlib import Component, State, register

DECLARATIONS = """
indicators:
  - {id: y, block: digital, label: {vi: y, en: y}, description: {vi: y, en: y}, unit: {vi: "-", en: "-"},
     kind: stock, bounds: [-100, 100]}
  - {id: switch, block: digital, label: {vi: s, en: s}, description: {vi: s, en: s}, unit: {vi: "-", en: "-"},
     kind: stock, bounds: [0, 1]}
  - {id: out_a, block: digital, label: {vi: a, en: a}, description: {vi: a, en: a}, unit: {vi: "-", en: "-"},
     kind: stock, bounds: [0, 100], targets: [{year: 2030, value: 6, compare: ">=", source: d411,
                                                sentence: a}]}
  - {id: out_b, block: digital, label: {vi: b, en: b}, description: {vi: b, en: b}, unit: {vi: "-", en: "-"},
     kind: stock, bounds: [0, 100], targets: [{year: 2030, value: 3, compare: ">=", source: d411,
                                                sentence: b}]}
  - {id: product, block: digital, label: {vi: p, en: p}, description: {vi: p, en: p}, unit: {vi: "", en: ""},
     kind: stock, bounds: [0, 1000]}
levers:
  - {id: fund_a, group: funding, label: {vi: a, en: a}, description: {vi: a, en: a},
     unit: {vi: "tỷ đồng/năm", en: "bn VND/yr"}, default: 5, range: [0, 10], step: 0.1, source: toy,
     role: funding}
  - {id: fund_b, group: funding, label: {vi: b, en: b}, description: {vi: b, en: b},
     unit: {vi: "tỷ đồng/năm", en: "bn VND/yr"}, default: 5, range: [0, 10], step: 0.1, source: toy,
     role: funding}
assumptions:
  - {id: x1, label: {vi: x1, en: x1}, unit: {vi: "-", en: "-"}, central: 0,
     dist: {type: uniform, low: -3.141592653589793, high: 3.141592653589793}, range: [-4, 4], source: toy}
  - {id: x2, label: {vi: x2, en: x2}, unit: {vi: "-", en: "-"}, central: 0,
     dist: {type: uniform, low: -3.141592653589793, high: 3.141592653589793}, range: [-4, 4], source: toy}
  - {id: x3, label: {vi: x3, en: x3}, unit: {vi: "-", en: "-"}, central: 0,
     dist: {type: uniform, low: -3.141592653589793, high: 3.141592653589793}, range: [-4, 4], source: toy}
  - {id: rate_a, label: {vi: a, en: a}, unit: {vi: "-", en: "-"}, central: 2,
     dist: {type: uniform, low: 1, high: 4}, range: [0.5, 5], source: toy}
  - {id: rate_b, label: {vi: b, en: b}, unit: {vi: "-", en: "-"}, central: 3,
     dist: {type: uniform, low: 1, high: 4}, range: [0.5, 5], source: toy}
"""


@register
class Ishigami(Component):
    """y = sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1 (Ishigami & Homma 1990)."""

    name = "toy_ishigami"
    assumptions = ("x1", "x2", "x3")
    writes = ("y",)

    def init(self, s: State) -> None:
        x1, x2, x3 = s.a["x1"], s.a["x2"], s.a["x3"]
        s.x["y"] = np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3**4 * np.sin(x1)

    def step(self, s: State) -> None:
        pass


@register
class Switch(Component):
    """x1 up to 2026, x2 from 2027: Sobol indices swap between the two over time."""

    name = "toy_switch"
    assumptions = ("x1", "x2")
    writes = ("switch",)

    def init(self, s: State) -> None:
        s.x["switch"] = np.array(s.a["x1"], dtype=float)

    def step(self, s: State) -> None:
        s.x["switch"] = np.array(s.a["x1"] if s.t < 2027 else s.a["x2"], dtype=float)


@register
class Funding(Component):
    """out_a = fund_a, out_b = fund_b (targets 6 and 3: a total of 10 meets both only when
    fund_a ≥ 6 and fund_b ≥ 3); product = rate_a · rate_b · years since the base year."""

    name = "toy_funding"
    levers = ("fund_a", "fund_b")
    assumptions = ("rate_a", "rate_b")
    writes = ("out_a", "out_b", "product")

    def init(self, s: State) -> None:
        self.step(s)
        s.x["product"] = np.zeros(s.n)

    def step(self, s: State) -> None:
        s.x["out_a"] = np.full(s.n, s.lever("fund_a"))
        s.x["out_b"] = np.full(s.n, s.lever("fund_b"))
        s.x["product"] = s.a["rate_a"] * s.a["rate_b"] * (s.t + s.dt - s.plan.base_year)


def toy_scenario() -> simlib.Scenario:
    """A scenario on a plan holding only the toy declarations and components."""
    base = simlib.load_plan()
    empty = dataclasses.replace(base, indicators={}, levers={}, assumptions={}, model=())
    plan = simlib.extend(empty, declarations=DECLARATIONS, components=[Ishigami, Switch, Funding])
    return simlib.Scenario(name="toy", plan=plan)
