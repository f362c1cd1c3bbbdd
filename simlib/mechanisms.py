"""Reusable mechanisms over numpy arrays, each with a closed form or limit tested in tests/.

Units: time in years, rates per year, shares as fractions in [0, 1].
"""

from __future__ import annotations

import numpy as np


def bass_step(a: np.ndarray, p: np.ndarray, q: np.ndarray, dt: float,
              ceiling: np.ndarray | float = 1.0) -> np.ndarray:
    """New adopters (share of population) over ``dt`` under the Bass hazard p + q·a/ceiling.

    Euler step (ceiling − a)·min(h·dt, 1): converges to the Bass ODE as dt → 0 and never
    overshoots the ceiling.
    """
    room = np.maximum(ceiling - a, 0.0)
    return room * np.minimum((p + q * a / ceiling) * dt, 1.0)


def bass_closed_form(t: np.ndarray, p: float, q: float) -> np.ndarray:
    """Bass adopted share at time ``t`` from zero adopters: (1 − e^{−(p+q)t}) / (1 + (q/p)e^{−(p+q)t})."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1 - e) / (1 + (q / p) * e)


def delay_leave_fraction(delay: np.ndarray, order: int, dt: float) -> np.ndarray:
    """Share of a stage that moves on in one step: 1 − exp(−dt·order/delay)."""
    return -np.expm1(-dt * order / np.asarray(delay, dtype=float))


def delay_chain_step(stages: list[np.ndarray], inflow: np.ndarray, leave_frac: np.ndarray,
                     dt: float) -> np.ndarray:
    """Advance an Erlang (len(stages)-order) material delay by ``dt``; return the outflow amount.

    ``stages`` hold amounts (e.g. results in progress) and are updated in place; ``inflow`` is a
    rate per year; ``leave_frac`` comes from :func:`delay_leave_fraction`.
    """
    amount = inflow * dt
    for stage in stages:
        out = stage * leave_frac
        stage += amount - out
        amount = out
    return amount


def delay_chain_steady(rate: np.ndarray, delay: np.ndarray, order: int, dt: float) -> list[np.ndarray]:
    """Stage contents at which :func:`delay_chain_step` passes ``rate`` through unchanged."""
    stage = rate * dt / delay_leave_fraction(delay, order, dt)
    return [np.array(stage, dtype=float) for _ in range(order)]


def erlang_step_response(t: np.ndarray, delay: float, order: int) -> np.ndarray:
    """Outflow rate of an Erlang delay after a unit step of inflow at t = 0 (its CDF)."""
    k = order / delay
    x = k * np.asarray(t, dtype=float)
    term = np.ones_like(x)
    total = np.ones_like(x)
    for i in range(1, order):
        term = term * x / i
        total = total + term
    return 1 - np.exp(-x) * total


def rollout_step(teams: np.ndarray, capacity: np.ndarray, limit: np.ndarray,
                 survival: np.ndarray, dt: float) -> np.ndarray:
    """Teams after ``dt``: a fraction ``survival`` (= exp(−lapse·dt)) stays active, then up to
    ``capacity·dt`` new ones are formed, never more than ``limit`` in all."""
    kept = teams * survival
    return kept + np.clip(limit - kept, 0.0, capacity * dt)


def saturating_gain(base: np.ndarray, ceiling: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """``base`` raised by ``gain`` points with diminishing returns toward ``ceiling``.

    ceiling − (ceiling − base)·exp(−gain/(ceiling − base)): slope 1 at gain 0, never above the
    ceiling, floored at 0 for negative gains.
    """
    room = np.maximum(ceiling - base, 1e-9)
    return np.maximum(ceiling - room * np.exp(-gain / room), 0.0)


def budget_response(spend: np.ndarray | float, reference: np.ndarray | float,
                    elasticity: np.ndarray | float) -> np.ndarray:
    """Multiplier 1 + ε·ln(1 + spend/reference) on a hazard or rate: 1 with no spend, +ε·ln 2 at
    the reference level, diminishing returns beyond; unit-free (spend and reference share a unit).

    Adapted from the generalised Bass model (Bass, Krishnan & Jain 1994), which multiplies the
    hazard by 1 + β·(percentage change of a marketing variable); the log of spend relative to a
    reference keeps the no-spend case at the plain hazard.
    """
    return 1 + np.asarray(elasticity) * np.log1p(np.asarray(spend) / np.asarray(reference))


def adstock_step(stock: np.ndarray | float, spend: float, carryover: np.ndarray,
                 retained: np.ndarray) -> np.ndarray:
    """Communications stock over one step: dA/dt = spend − (1 − λ)·A, exact for constant spend;
    ``retained`` = exp(−(1 − λ)·dt). Steady state spend/(1 − λ)."""
    return stock * retained + spend / (1.0 - carryover) * (1.0 - retained)
