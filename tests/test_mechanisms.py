"""Each mechanism against its closed form or limit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simlib import mechanisms as m


def _bass_euler(p: float, q: float, years: float, dt: float) -> float:
    a = np.zeros(1)
    for _ in range(round(years / dt)):
        a = a + m.bass_step(a, np.array(p), np.array(q), dt)
    return float(a[0])


def test_bass_converges_to_its_closed_form_as_dt_shrinks():
    p, q, years = 0.03, 0.38, 6.0
    exact = float(m.bass_closed_form(years, p, q))
    errors = [abs(_bass_euler(p, q, years, dt) - exact) for dt in (0.25, 1 / 16, 1 / 256)]
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 1e-3 and errors[0] < 0.05


def test_bass_never_exceeds_its_ceiling():
    a = np.array([0.0, 0.5, 0.89])
    for _ in range(200):
        a = a + m.bass_step(a, np.array(0.5), np.array(2.0), 1.0, ceiling=0.9)
    assert np.all(a <= 0.9 + 1e-12) and np.allclose(a, 0.9)


def test_delay_step_response_matches_erlang():
    delay, order, dt = 3.0, 3, 1 / 64
    stages = [np.zeros(1) for _ in range(order)]
    t = np.arange(1, int(8 / dt) + 1) * dt
    out = np.array([m.delay_chain_step(stages, np.ones(1), m.delay_leave_fraction(delay, order, dt),
                                       dt)[0] / dt for _ in t])
    assert np.max(np.abs(out - m.erlang_step_response(t, delay, order))) < 0.02


def test_delay_conserves_material_and_holds_its_steady_state():
    dt, order = 0.25, 3
    delay = np.array([2.0, 3.0, 4.0])
    rate = np.array([4.0, 4.0, 9.0])
    stages = m.delay_chain_steady(rate, delay, order, dt)
    leave = m.delay_leave_fraction(delay, order, dt)
    for _ in range(40):
        assert np.allclose(m.delay_chain_step(stages, rate, leave, dt), rate * dt)
    stages = [np.zeros(3) for _ in range(order)]
    out = sum(m.delay_chain_step(stages, rate, leave, dt) for _ in range(8))
    assert np.allclose(out + sum(stages), rate * dt * 8)


@settings(max_examples=200, deadline=None)
@given(teams=st.floats(0, 1000), capacity=st.floats(0, 5000), villages=st.floats(1, 1000),
       lapse=st.floats(0, 1), dt=st.sampled_from([1 / 12, 0.25, 1.0]))
def test_rollout_never_exceeds_the_number_of_villages(teams, capacity, villages, lapse, dt):
    t = np.array([min(teams, villages)])
    for _ in range(20):
        t = m.rollout_step(t, np.array(capacity), np.array(villages), np.exp(-lapse * dt), dt)
        assert 0 <= t[0] <= villages + 1e-9


def test_rollout_is_capacity_limited():
    t = m.rollout_step(np.array([100.0]), np.array(40.0), np.array(869.0), np.array(1.0), 0.25)
    assert t[0] == 110.0


@given(base=st.floats(0, 80), gain=st.floats(-200, 500))
def test_saturating_gain_stays_between_zero_and_ceiling_and_rises(base, gain):
    ceiling = np.array(90.0)
    s = m.saturating_gain(np.array(base), ceiling, np.array(gain))
    assert 0 <= s <= 90
    assert m.saturating_gain(np.array(base), ceiling, np.array(gain + 1)) >= s


def test_saturating_gain_is_linear_for_small_gains():
    s = m.saturating_gain(np.array(40.0), np.array(90.0), np.array(0.01))
    assert abs(s - 40.01) < 1e-5


def test_adstock_reaches_spend_over_decay():
    stock = np.array([0.0])
    lam = np.array(0.6)
    dt = 0.25
    for _ in range(400):
        stock = m.adstock_step(stock, 2.0, lam, np.exp(-(1 - lam) * dt))
    assert np.allclose(stock, 2.0 / 0.4)
