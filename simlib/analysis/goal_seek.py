"""Goal-seek: the lever level at which a target is met with a chosen probability.

Every evaluation simulates with the same draws and seed (common random numbers), so P(met) is a
deterministic step function of the lever and the answer does not change between runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq

from ..engine import simulate
from ..formatting import fmt_number, fmt_percent, fmt_year
from ..i18n import t, text
from ..scenario import Scenario
from ..schema import Plan, Target
from .executors import call_many
from .lever_effects import lever_effects, levers_moving_target

_TINY = 1e-12  # f(x) = P − probability; a level that just meets counts as positive, not a root


@dataclass(frozen=True)
class GoalSeek:
    """The answer: ``value`` (lever unit) meets the target with probability ``p_met``.

    ``direction`` is "up" when raising the lever raises P(met) (``value`` is the smallest level
    that meets it) and "down" otherwise (the largest). ``missed_at`` is the nearest level tried
    that misses (None when the end of the lever's range already meets it). When ``feasible`` is
    False no level tried meets it and ``value`` is the level with the best probability.
    ``tried`` holds every (level, P(met)) evaluated, by level.
    """

    indicator: str
    year: int
    lever: str
    probability: float
    value: float
    p_met: float
    feasible: bool
    direction: str
    missed_at: float | None
    evaluations: int
    target: Target
    draws: int
    seed: int
    tried: tuple[tuple[float, float], ...]

    def describe(self, plan: Plan, lang: str = "en") -> str:
        """One sentence for a target card or a notebook (its words are in :mod:`simlib.i18n`)."""
        lever = plan.levers[self.lever]
        ind = plan.indicators[self.indicator]
        number = fmt_year(round(self.value)) if lever.kind == "year" else fmt_number(self.value, lang, 2)
        return t("goal_seek_met" if self.feasible else "goal_seek_infeasible", lang).format(
            lever=text(lever.label, lang), level=f"{number} {text(lever.unit, lang)}",
            goal=f"{text(ind.label, lang)} {self.target.label()} ({self.year})",
            p=fmt_percent(self.p_met, lang), probability=fmt_percent(self.probability, lang))


def plan_target(plan: Plan, indicator: str, year: int) -> Target:
    """The plan's target for ``indicator`` in ``year`` (ValueError naming the targets there are)."""
    if indicator not in plan.indicators:
        raise ValueError(f"unknown indicator {indicator!r}")
    targets = plan.indicators[indicator].targets
    for target in targets:
        if target.year == year:
            return target
    years = ", ".join(str(tg.year) for tg in targets) or "none"
    raise ValueError(f"{indicator!r} has no target in {year} (target years: {years})")


class _Probability:
    """P(met) at a lever level, cached by level."""

    def __init__(self, scenario: Scenario, indicator: str, year: int, lever: str, target: Target,
                 draws: int, seed: int, noise: bool | None):
        self.args = scenario, indicator, year, lever, target, draws, seed, noise
        self.cache: dict[float, float] = {}

    def __call__(self, level: float) -> float:
        level = float(level)
        if level not in self.cache:
            scenario, indicator, year, lever, target, draws, seed, noise = self.args
            res = simulate(scenario.with_levers(**{lever: level}), draws, seed, noise=noise)
            self.cache[level] = res.p_met(indicator, year, target)
        return self.cache[level]


def levers_for_target(scenario: Scenario, indicator: str, year: int, draws: int = 300,
                      seed: int = 0) -> list[str]:
    """Levers that move ``indicator``'s target in ``year``, strongest first, measured by
    :func:`~simlib.analysis.lever_effects.lever_effects` (empty: no lever moves it)."""
    return levers_moving_target(lever_effects(scenario, year, draws, seed), indicator)


def goal_seek(scenario: Scenario, indicator: str, year: int, lever: str | None = None,
              probability: float = 0.5, draws: int = 1000, seed: int = 0, *,
              target: Target | None = None, resolution: float | None = None, scan: int = 5,
              noise: bool | None = None) -> GoalSeek:
    """The smallest (or, for a lever that lowers the outcome, largest) level of ``lever``, held
    over the plan period after history, at which ``indicator``'s target in ``year`` is met with
    at least ``probability``. Without ``lever``, the lever that moves the target most
    (:func:`levers_for_target`); a ValueError when none does, or when ``year`` is history.

    P(met) is evaluated at ``scan`` evenly spaced levels across the lever's range; the first
    change across ``probability`` is then bracketed and narrowed with :func:`scipy.optimize.brentq`
    to ``resolution`` (default a tenth of the lever's slider step). Year levers (programme start
    years) are searched over every whole year. ~15 simulations: about 0.5 s at 1000 draws.
    """
    if not 0 < probability <= 1:
        raise ValueError(f"probability must be in (0, 1], got {probability}")
    plan = scenario.plan
    if plan.is_history(year):
        raise ValueError(f"{year} is history (up to {plan.history_end}): no lever can change it")
    if lever is None:
        moving = levers_for_target(scenario, indicator, year, seed=seed)
        if not moving:
            raise ValueError(f"no lever moves {indicator!r} in {year} appreciably "
                             "(a national reference)")
        lever = moving[0]
    if lever not in plan.levers:
        raise ValueError(f"unknown lever {lever!r}")
    lv = plan.levers[lever]
    target = target or plan_target(plan, indicator, year)
    p = _Probability(scenario, indicator, year, lever, target, draws, seed, noise)
    lo, hi = lv.range
    if lv.kind == "year":
        grid = np.arange(lo, hi + 0.5)
    else:
        grid = np.linspace(lo, hi, max(scan, 2))
    probs = np.array([p(x) for x in grid])
    direction = "up" if probs[-1] >= probs[0] else "down"

    def answer(value: float, missed_at: float | None, feasible: bool = True) -> GoalSeek:
        return GoalSeek(indicator, year, lever, probability, float(value), p(value), feasible,
                        direction, missed_at, len(p.cache), target, draws, seed,
                        tuple(sorted(p.cache.items())))

    if direction == "down":  # mirror: search over −level so the answer is always the smallest
        order, sign, probs = grid[::-1], -1.0, probs[::-1]
    else:
        order, sign = grid, 1.0
    if probs.max() < probability:  # the least effort with the best probability
        return answer(order[int(np.argmax(probs))], None, feasible=False)
    i = int(np.argmax(probs >= probability))
    if i == 0:
        return answer(order[0], None)
    if lv.kind == "year":
        return answer(order[i], order[i - 1])

    def f(y: float) -> float:
        d = p(sign * y) - probability
        return d if d < 0 else max(d, _TINY)

    a, b = sign * order[i - 1], sign * order[i]
    step = resolution or lv.step / 10
    root = brentq(f, a, b, xtol=step, rtol=1e-12)
    tried = sorted(sign * x for x in p.cache if a <= sign * x <= b)
    missed = max(y for y in tried if y <= root and f(y) < 0)
    met = min(y for y in tried if y > missed and f(y) > 0)
    return answer(sign * met, sign * missed)


def goal_seek_many(requests: Iterable[Mapping[str, Any]], *, executor: Executor | None = None,
                   progress: bool | None = None) -> list[GoalSeek]:
    """:func:`goal_seek` for each mapping of its keyword arguments (different scenarios,
    targets or levers), run on ``executor`` (default: a process pool on a multi-core machine)."""
    return call_many(goal_seek, requests, executor, progress, "goal-seek")
