"""Components: small update rules over arrays of shape [draws], each declaring what it uses.

A component declares the levers and assumptions it reads, the indicators it ``writes``, the
indicators it ``reads`` in the same time step (these order the components) and the ones it reads
``lagged`` (last step's or last year's value; no ordering constraint). The engine calls
``init`` once, ``step`` every time step, and ``year_end`` after the last step of each year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from .errors import Problem, SimlibValidationError
from .fields import unknown
from .schema import Plan

# component name -> class; simlib.loader imports simlib.components, which fills it
REGISTRY: dict[str, type[Component]] = {}


@dataclass
class State:
    """What a component sees: assumptions ``a``, indicator values ``x``, levers at the current step."""

    plan: Plan
    n: int
    a: dict[str, np.ndarray]
    x: dict[str, np.ndarray]
    lever_paths: dict[str, np.ndarray]
    rng: np.random.Generator
    noise: bool
    dt: float
    step_index: int = 0
    t: float = 0.0
    year: int = 0
    scratch: dict[str, object] = field(default_factory=dict)

    def lever(self, lever_id: str) -> float:
        """Lever value during the current step (in the lever's declared unit)."""
        return float(self.lever_paths[lever_id][self.step_index])

    def lever_default(self, lever_id: str) -> float:
        return self.plan.levers[lever_id].default

    def observed(self, indicator_id: str, year: int | None = None) -> float:
        """The observed value of an indicator in ``year`` (default: the base year)."""
        year = self.plan.base_year if year is None else year
        for obs in self.plan.indicators[indicator_id].observed:
            if obs.year == year:
                return obs.value
        raise SimlibValidationError([Problem(self.plan.path, f"indicators.{indicator_id}.observed",
                                             f"needs an observation for {year}")])

    def observed_or(self, indicator_id: str, default: np.ndarray | float) -> np.ndarray | float:
        """The base-year observation of an indicator when the plan has one, else ``default``
        (e.g. a start value from assumptions that an observation, where it exists, replaces)."""
        year = self.plan.base_year
        return next((o.value for o in self.plan.indicators[indicator_id].observed if o.year == year),
                    default)


class Component:
    """Base class of model components; subclasses set the declarations and the update rules."""

    name: ClassVar[str] = ""
    levers: ClassVar[tuple[str, ...]] = ()
    assumptions: ClassVar[tuple[str, ...]] = ()
    reads: ClassVar[tuple[str, ...]] = ()
    lagged: ClassVar[tuple[str, ...]] = ()
    writes: ClassVar[tuple[str, ...]] = ()
    # Lever → indicators that can never fall when the lever rises (``lowers``: never rise);
    # a promise of the mechanism, checked by the property tests, used to bracket goal-seeks.
    raises: ClassVar[dict[str, tuple[str, ...]]] = {}
    lowers: ClassVar[dict[str, tuple[str, ...]]] = {}

    def init(self, s: State) -> None:
        """Set the written indicators (and private state) at the end of the base year."""
        raise NotImplementedError

    def step(self, s: State) -> None:
        """Advance private state and written indicators by ``s.dt`` years."""
        raise NotImplementedError

    def year_end(self, s: State) -> None:
        """Finalise annual values (flows, counting noise) after a year's last step."""


def register(cls: type[Component]) -> type[Component]:
    """Class decorator: make a component available to plans by its ``name``."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} needs a name")
    REGISTRY[cls.name] = cls
    return cls


_ORDER: dict[int, tuple[Plan, tuple[type[Component], ...]]] = {}


def ordered_components(plan: Plan) -> tuple[type[Component], ...]:
    """The plan's components in an order where every same-step read follows its writer."""
    cached = _ORDER.get(id(plan))
    if cached is not None and cached[0] is plan and all(REGISTRY.get(c.name) is c
                                                         for c in cached[1]):
        return cached[1]
    order = _order(plan)
    _ORDER[id(plan)] = (plan, order)
    return order


def _order(plan: Plan) -> tuple[type[Component], ...]:
    check_model(plan)
    classes = [REGISTRY[name] for name in plan.model]
    writer = {w: c for c in classes for w in c.writes}
    done: list[type[Component]] = []
    visiting: set[str] = set()

    def visit(c: type[Component]) -> None:
        if c in done:
            return
        if c.name in visiting:
            raise SimlibValidationError([Problem(plan.path, "model",
                                                 f"components read each other in a cycle at {c.name}")])
        visiting.add(c.name)
        for r in c.reads:
            visit(writer[r])
        visiting.discard(c.name)
        done.append(c)

    for c in classes:
        visit(c)
    return tuple(done)


def check_model(plan: Plan) -> None:
    """Every component exists and uses only declared ids; every indicator has one writer."""
    problems: list[Problem] = []

    def bad(msg: str) -> None:
        problems.append(Problem(plan.path, "model", msg))

    writers: dict[str, str] = {}
    for name in plan.model:
        cls = REGISTRY.get(name)
        if cls is None:
            bad(unknown("component", name, sorted(REGISTRY)))
            continue
        for kind, ids, declared in (("lever", cls.levers, plan.levers),
                                    ("assumption", cls.assumptions, plan.assumptions),
                                    ("indicator", (*cls.writes, *cls.reads, *cls.lagged),
                                     plan.indicators)):
            for i in ids:
                if i not in declared:
                    bad(f"component {name!r} uses {kind} {i!r}, which the plan does not declare")
        for w in cls.writes:
            if w in writers:
                bad(f"indicator {w!r} is written by both {writers[w]!r} and {name!r}")
            writers[w] = name
    for ind in plan.indicators:
        if ind not in writers:
            bad(f"indicator {ind!r} is declared but no component in the model writes it")
    for name in plan.model:
        cls = REGISTRY.get(name)
        for r in (*cls.reads, *cls.lagged) if cls else ():
            if r in plan.indicators and r not in writers:
                bad(f"component {name!r} reads {r!r}, which no component writes")
    if problems:
        raise SimlibValidationError(problems)



def upstream_assumptions(plan: Plan, indicator: str) -> list[str]:
    """The assumptions ``indicator`` depends on, from the component declarations: those of the
    component that writes it first (plan order), then, breadth first, those of the components
    writing what it reads (same step or lagged). What a presenter's notes cite as "the
    assumptions that drive it"."""
    classes = [REGISTRY[name] for name in plan.model if name in REGISTRY]
    writer = {w: c for c in classes for w in c.writes}
    order = list(plan.assumptions)
    seen: set[str] = set()
    found: list[str] = []
    level = [indicator]
    while level:
        comps = list(dict.fromkeys(writer[i] for i in level if i in writer and i not in seen))
        seen.update(level)
        for c in comps:
            found += sorted((a for a in c.assumptions if a in plan.assumptions and a not in found),
                            key=order.index)
        level = [r for c in comps for r in (*c.reads, *c.lagged) if r not in seen]
    return found
