"""Latin-hypercube draws of the assumptions, seeded, cached for repeated runs."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.stats import qmc

from .schema import Assumption


def sample_assumptions(assumptions: dict[str, Assumption], draws: int,
                       seed: int) -> dict[str, np.ndarray]:
    """One array of shape [draws] per assumption. ``draws == 1`` gives central values.

    Uncertain assumptions (not ``fixed``) share one Latin hypercube in sorted-id order, so the
    same assumptions, draws and seed always give the same numbers. Arrays are read-only.
    """
    key = tuple(sorted((a.id, a.central, a.dist.type, tuple(sorted(a.dist.params.items())),
                        a.dist.bounds) for a in assumptions.values()))
    return dict(_sample(key, int(draws), int(seed)))


@lru_cache(maxsize=16)
def _sample(key: tuple, draws: int, seed: int) -> tuple[tuple[str, np.ndarray], ...]:
    from .distributions import Distribution

    out: dict[str, np.ndarray] = {}
    uncertain = [k for k in key if k[2] != "fixed"]
    if draws > 1 and uncertain:
        u = qmc.LatinHypercube(d=len(uncertain), rng=np.random.default_rng(seed)).random(draws)
        for j, (aid, central, kind, params, bounds) in enumerate(uncertain):
            out[aid] = Distribution(kind, dict(params), bounds).ppf(u[:, j], central)
    for aid, central, *_ in key:
        if aid not in out:
            out[aid] = np.full(draws, float(central))
    for arr in out.values():
        arr.flags.writeable = False
    return tuple(out.items())
