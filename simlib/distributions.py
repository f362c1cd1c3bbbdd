"""Uncertainty distributions for assumptions, mapped from uniform [0, 1) draws by their inverse CDF."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

# distribution type -> required parameter names
PARAMS: dict[str, tuple[str, ...]] = {
    "fixed": (),
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "normal": ("mean", "sd"),
    "lognormal": ("median", "sigma"),
    "beta": ("a", "b", "low", "high"),
}


@dataclass(frozen=True)
class Distribution:
    """A named distribution with its parameters, truncated to ``bounds`` where unbounded."""

    type: str
    params: dict[str, float] = field(default_factory=dict)
    bounds: tuple[float, float] = (-np.inf, np.inf)

    def support(self) -> tuple[float, float]:
        p = self.params
        if self.type in ("uniform", "triangular", "beta"):
            return p["low"], p["high"]
        return self.bounds

    def center(self) -> float | None:
        """The value a deterministic run uses when this distribution replaces a belief: mode of
        a triangular, mean of a uniform, normal or beta, median of a lognormal (clipped to
        the bounds); None for ``fixed``."""
        p = self.params
        value = {"uniform": lambda: (p["low"] + p["high"]) / 2,
                 "triangular": lambda: p["mode"],
                 "normal": lambda: p["mean"],
                 "lognormal": lambda: p["median"],
                 "beta": lambda: p["low"] + p["a"] / (p["a"] + p["b"]) * (p["high"] - p["low"]),
                 }.get(self.type)
        return None if value is None else float(np.clip(value(), *self.bounds))

    def ppf(self, u: np.ndarray, central: float) -> np.ndarray:
        """Inverse CDF at ``u`` (values in (0, 1)); ``fixed`` returns ``central`` everywhere."""
        p = self.params
        if self.type == "fixed":
            return np.full(np.shape(u), float(central))
        if self.type == "uniform":
            return p["low"] + u * (p["high"] - p["low"])
        if self.type == "triangular":
            lo, mode, hi = p["low"], p["mode"], p["high"]
            cut = (mode - lo) / (hi - lo)
            left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
            right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - mode))
            return np.where(u < cut, left, right)
        if self.type == "beta":
            return p["low"] + stats.beta.ppf(u, p["a"], p["b"]) * (p["high"] - p["low"])
        if self.type == "normal":
            loc, scale = p["mean"], p["sd"]
        else:  # lognormal: normal on the log scale
            loc, scale = np.log(p["median"]), p["sigma"]
        lo, hi = self.bounds
        if self.type == "lognormal":
            lo, hi = (np.log(lo) if lo > 0 else -np.inf), np.log(hi)
        a, b = (lo - loc) / scale, (hi - loc) / scale
        x = stats.truncnorm.ppf(u, a, b, loc=loc, scale=scale)
        return np.exp(x) if self.type == "lognormal" else x

    def check(self, central: float) -> list[str]:
        """Problems with the parameters (empty when consistent with ``central`` and bounds)."""
        p, out = self.params, []
        lo, hi = self.bounds
        if self.type in ("uniform", "triangular", "beta"):
            if not p["low"] < p["high"]:
                out.append(f"low ({p['low']:g}) must be below high ({p['high']:g})")
            elif p["low"] < lo or p["high"] > hi:
                out.append(f"low–high {p['low']:g}–{p['high']:g} must lie within the allowed "
                           f"range {lo:g}–{hi:g}")
        if self.type == "triangular" and not p["low"] <= p["mode"] <= p["high"]:
            out.append(f"mode ({p['mode']:g}) must lie between low and high")
        if self.type == "normal" and p["sd"] <= 0:
            out.append("sd must be positive")
        if self.type == "lognormal" and (p["sigma"] <= 0 or p["median"] <= 0):
            out.append("median and sigma must be positive")
        centre = {"normal": "mean", "lognormal": "median"}.get(self.type)
        if centre and not lo <= p[centre] <= hi:  # truncation to the range would pile every draw at a bound
            out.append(f"{centre} ({p[centre]:g}) must lie within the allowed range {lo:g}–{hi:g}")
        if self.type == "beta" and (p["a"] <= 0 or p["b"] <= 0):
            out.append("a and b must be positive")
        return out
