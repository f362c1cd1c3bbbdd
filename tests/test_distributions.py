"""Distributions draw through scipy.stats and are described once, in both languages."""

from __future__ import annotations

import numpy as np
import pytest

from simlib.distributions import Distribution

QUANTILES = np.linspace(0.001, 0.999, 999)


def test_triangular_and_uniform_ppf_match_their_closed_forms():
    lo, mode, hi, u = 10.0, 25.0, 50.0, QUANTILES
    tri = Distribution("triangular", {"low": lo, "mode": mode, "high": hi}, (0, 100)).ppf(u, 25)
    left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
    right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - mode))
    np.testing.assert_allclose(tri, np.where(u * (hi - lo) < mode - lo, left, right), rtol=1e-13)
    uni = Distribution("uniform", {"low": 2.0, "high": 6.0}, (0, 10)).ppf(u, 4)
    np.testing.assert_allclose(uni, 2 + 4 * u, rtol=1e-14)


@pytest.mark.parametrize("kind, params", [("normal", {"mean": 0.5, "sd": 2.0}),
                                          ("lognormal", {"median": 1.0, "sigma": 1.5})])
def test_unbounded_distributions_are_truncated_to_the_range(kind, params):
    x = Distribution(kind, params, (0.1, 2.0)).ppf(QUANTILES, 1.0)
    assert x.min() >= 0.1 and x.max() <= 2.0 and np.all(np.diff(x) > 0)


def test_fixed_is_the_central_value():
    assert list(Distribution("fixed", {}, (0, 1)).ppf(QUANTILES[:3], 0.25)) == [0.25] * 3


@pytest.mark.parametrize("dist, vi, en", [
    (Distribution("uniform", {"low": 850, "high": 870}), "đều 850–870", "uniform 850–870"),
    (Distribution("triangular", {"low": 0.25, "mode": 0.75, "high": 2}),
     "tam giác 0,25–0,75–2", "triangular 0.25–0.75–2"),
    (Distribution("normal", {"mean": 0.3, "sd": 0.05}),
     "chuẩn trung bình 0,3, độ lệch chuẩn 0,05", "normal mean 0.3, standard deviation 0.05"),
    (Distribution("fixed"), "cố định", "fixed"),
])
def test_one_description_in_both_languages(dist, vi, en):
    assert (dist.describe("vi"), dist.describe("en")) == (vi, en)
