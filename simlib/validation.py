"""Hindcasts: the model started at an earlier year, so it can be set against later observations.

A hindcast is the plan with ``base_year`` moved back to a start year Y0 (levers at business as
usual through ``history_end``, as in every scenario). Components take some start values from
observations (``State.observed`` at the base year); at Y0 that is the observation of Y0 when
the plan has one, otherwise the nearest observed year's value is *carried* to Y0 and listed in
:attr:`Hindcast.carried`, never silently. Start values the components take from assumptions
(e.g. ``smartphone_initial``) describe the end of the plan's base year and are used unchanged
at Y0. No component code changes: the components see an ordinary plan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .engine import simulate, step_times
from .errors import Problem, SimlibValidationError
from .model import State, ordered_components
from .result import Result
from .sampling import sample_assumptions
from .scenario import Scenario
from .schema import Observation, Plan


@dataclass(frozen=True)
class StartValue:
    """An observation a component reads as its start value: ``indicator`` at ``year`` (the
    hindcast's start year), taken from the observation of ``from_year`` (≠ ``year``: carried)."""

    indicator: str
    year: int
    value: float
    from_year: int
    source: str
    confidence: str

    @property
    def carried(self) -> bool:
        return self.from_year != self.year


@dataclass(frozen=True)
class Hindcast:
    """A scenario rebound to a plan that starts at the end of ``start_year``.

    ``start_values``: every observation the components read at the start (carried or not).
    """

    scenario: Scenario
    start_year: int
    start_values: tuple[StartValue, ...]

    @property
    def carried(self) -> tuple[StartValue, ...]:
        """Start values carried from another year because ``start_year`` has no observation."""
        return tuple(v for v in self.start_values if v.carried)

    def reads(self, indicator: str) -> StartValue | None:
        """The start value of ``indicator`` if the components take it from observations."""
        return next((v for v in self.start_values if v.indicator == indicator), None)

    def simulate(self, draws: int = 1, seed: int = 0, **kwargs) -> Result:
        """:func:`simlib.simulate` of the hindcast: years ``start_year`` … ``end_year``."""
        return simulate(self.scenario, draws, seed, **kwargs)


def hindcast(scenario: Scenario, start_year: int) -> Hindcast:
    """``scenario`` started at the end of ``start_year`` (≤ the plan's base year).

    The plan keeps its end year and keeps levers at business as usual through
    ``max(start_year, history_end)``; observations components read at the start come from
    ``start_year`` or, where it has none, are carried from the nearest observed year (the
    earlier one on a tie) and reported in :attr:`Hindcast.carried`.
    """
    plan = scenario.plan
    start_year = int(start_year)
    if not 1990 <= start_year <= plan.base_year:
        raise ValueError(f"start year {start_year} must be 1990–{plan.base_year} (the base year: "
                         "the assumptions describe the state at its end)")
    moved = plan if start_year == plan.base_year else replace(
        plan, base_year=start_year, history_from=min(plan.history_from, start_year),
        history_end=max(start_year, plan.history_end))
    rebound = scenario if moved is plan else replace(scenario, plan=moved)
    starts = tuple(_start_value(plan, ind, year) for ind, year in _observed_reads(rebound))
    carried = {v.indicator: v for v in starts if v.carried}
    if not carried:
        return Hindcast(rebound, start_year, starts)
    indicators = {iid: replace(ind, observed=(*ind.observed, Observation(
        carried[iid].year, carried[iid].value, f"carried from {carried[iid].from_year}: "
        f"{carried[iid].source}", carried[iid].confidence))) if iid in carried else ind
        for iid, ind in moved.indicators.items()}
    return Hindcast(replace(scenario, plan=replace(moved, indicators=indicators)), start_year, starts)


def _start_value(plan: Plan, indicator: str, year: int) -> StartValue:
    obs = plan.indicators[indicator].observed
    if not obs:
        raise SimlibValidationError([Problem(plan.path, f"indicators.{indicator}.observed",
                                             f"needs an observation for {year} or another year")])
    o = min(obs, key=lambda o: (abs(o.year - year), o.year))
    return StartValue(indicator, year, o.value, o.year, o.source, o.confidence)


class _Reads(State):
    """A state that records which observations the components read, answering each from the
    nearest observed year so that ``init`` runs through."""

    def observed(self, indicator_id: str, year: int | None = None) -> float:
        year = self.plan.base_year if year is None else year
        self.scratch.setdefault("reads", {})[(indicator_id, year)] = None
        return _start_value(self.plan, indicator_id, year).value

    def observed_or(self, indicator_id: str, default: np.ndarray | float) -> np.ndarray | float:
        year = self.plan.base_year
        if any(o.year == year for o in self.plan.indicators[indicator_id].observed):
            return self.observed(indicator_id)
        return default


def _observed_reads(scenario: Scenario) -> list[tuple[str, int]]:
    """(indicator, year) of every observation the components read in ``init`` (central run)."""
    plan = scenario.plan
    times = step_times(plan.base_year, plan.end_year, plan.steps_per_year)
    state = _Reads(plan=plan, n=1, a=sample_assumptions(scenario.effective_assumptions(), 1, 0),
                   x={}, lever_paths={lid: scenario.lever_at(lid, times) for lid in plan.levers},
                   rng=np.random.default_rng(0), noise=False, dt=1.0 / plan.steps_per_year)
    for cls in ordered_components(plan):
        cls().init(state)
    return list(state.scratch.get("reads", {}))


def series_start(plan: Plan, years: list[int] | tuple[int, ...]) -> int:
    """Where a series' hindcast starts: its first observation, or the base year when every
    observation is later (then the ordinary run from the base year is the hindcast)."""
    return min([plan.base_year, *years])
