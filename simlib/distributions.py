"""Uncertainty distributions for assumptions: scipy.stats distributions, drawn by their inverse
CDF from uniform [0, 1) draws, described in words once (:meth:`Distribution.describe`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy import stats

from .i18n import fmt_value, t

DistType = Literal["fixed", "uniform", "triangular", "normal", "lognormal", "beta"]

# distribution type -> required parameter names
PARAMS: dict[DistType, tuple[str, ...]] = {
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

    type: DistType
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

    def frozen(self) -> Any:
        """The scipy.stats distribution (normal: truncated to the bounds; lognormal: the
        truncated normal of its logarithm); None for ``fixed``."""
        p = self.params
        if self.type in ("uniform", "triangular", "beta"):
            loc, scale = p["low"], p["high"] - p["low"]
            if self.type == "uniform":
                return stats.uniform(loc=loc, scale=scale)
            if self.type == "triangular":
                return stats.triang((p["mode"] - loc) / scale, loc=loc, scale=scale)
            return stats.beta(p["a"], p["b"], loc=loc, scale=scale)
        if self.type == "fixed":
            return None
        lo, hi = self.bounds
        if self.type == "normal":
            loc, scale = p["mean"], p["sd"]
        else:  # lognormal: normal on the log scale
            loc, scale = np.log(p["median"]), p["sigma"]
            lo, hi = (np.log(lo) if lo > 0 else -np.inf), np.log(hi)
        return stats.truncnorm((lo - loc) / scale, (hi - loc) / scale, loc=loc, scale=scale)

    def ppf(self, u: np.ndarray, central: float) -> np.ndarray:
        """Inverse CDF at ``u`` (values in (0, 1)); ``fixed`` returns ``central`` everywhere."""
        if self.type == "fixed":
            return np.full(np.shape(u), float(central))
        x = self.frozen().ppf(u)
        return np.exp(x) if self.type == "lognormal" else x

    def describe(self, lang: str) -> str:
        """'đều 850–870', 'tam giác 10–25–50', 'chuẩn trung bình 0,3, độ lệch chuẩn 0,05',
        'cố định': the distribution in words and the language's number format."""
        p, name = self.params, t(f"dist_{self.type}", lang)
        if self.type in ("uniform", "triangular"):
            return f"{name} " + "–".join(fmt_value(p[k], lang) for k in ("low", "mode", "high") if k in p)
        return " ".join([name, ", ".join(f"{t(f'param_{k}', lang)} {fmt_value(v, lang)}"
                                         for k, v in p.items())]).strip()

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
