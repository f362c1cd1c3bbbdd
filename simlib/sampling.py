"""Latin-hypercube draws of the assumptions, seeded, cached for repeated runs."""

from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np
from scipy.stats import qmc

from .distributions import Distribution
from .schema import Assumption


def sample_assumptions(assumptions: dict[str, Assumption], draws: int,
                       seed: int) -> dict[str, np.ndarray]:
    """One array of shape [draws] per assumption. ``draws == 1`` gives central values.

    Each uncertain assumption (not ``fixed``) gets its own Latin-hypercube column, seeded by
    (seed, assumption id): together they form a Latin hypercube, and adding or removing an
    assumption (an extension) leaves every other column unchanged. Arrays are read-only.
    """
    key = tuple(sorted((a.id, a.central, a.dist.type, tuple(sorted(a.dist.params.items())),
                        a.dist.bounds) for a in assumptions.values()))
    return dict(_sample(key, int(draws), int(seed)))


@lru_cache(maxsize=16)
def _sample(key: tuple, draws: int, seed: int) -> tuple[tuple[str, np.ndarray], ...]:
    out: dict[str, np.ndarray] = {}
    for aid, central, kind, params, bounds in key:
        if draws > 1 and kind != "fixed":
            rng = np.random.default_rng([seed, zlib.crc32(aid.encode())])
            u = qmc.LatinHypercube(d=1, rng=rng).random(draws)[:, 0]
            out[aid] = Distribution(kind, dict(params), bounds).ppf(u, central)
    for aid, central, *_ in key:
        if aid not in out:
            out[aid] = np.full(draws, float(central))
    for arr in out.values():
        arr.flags.writeable = False
    return tuple(out.items())
