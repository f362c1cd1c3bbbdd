"""Programmes that switch on at a start year: intermediary, incubators, service-centre upgrade."""

from __future__ import annotations

import numpy as np

from ..model import Component, State, register

_PROGRAMMES = {  # lever → indicator it counts toward
    "intermediary_start_year": "st_intermediaries",
    "incubator_college_year": "incubators",
    "incubator_ud_year": "incubators",
    "service_centre_year": "st_service_centre_upgraded",
}


@register
class StMilestones(Component):
    """Each programme runs from its start-year lever plus an uncertain slippage (years)."""

    name = "st_milestones"
    levers = tuple(_PROGRAMMES)
    assumptions = ("programme_slippage_years",)
    writes = ("st_intermediaries", "incubators", "st_service_centre_upgraded")
    lowers = {"intermediary_start_year": ("st_intermediaries", "st_transfer_share",
                                          "st_transfer_share_annual"),
              "incubator_college_year": ("incubators",), "incubator_ud_year": ("incubators",),
              "service_centre_year": ("st_service_centre_upgraded",)}

    def init(self, s: State) -> None:
        slip = s.a["programme_slippage_years"]
        self.starts = {lever: s.lever(lever) + slip for lever in _PROGRAMMES}
        self.zeros, self.ones = np.zeros(s.n), np.ones(s.n)
        self._update(s, s.plan.base_year + 1.0)

    def _running(self, start: np.ndarray, t_end: float) -> np.ndarray:
        """1 where the programme has started before ``t_end`` (a start in year Y runs from the
        beginning of Y, so the range's end, "not within the plan period", never counts in it);
        shared arrays when all draws agree."""
        if t_end <= start.min():
            return self.zeros
        if t_end > start.max():
            return self.ones
        return (t_end > start).astype(float)

    def _update(self, s: State, t_end: float) -> None:
        counts: dict[str, np.ndarray] = {}
        for lever, indicator in _PROGRAMMES.items():
            running = self._running(self.starts[lever], t_end)
            counts[indicator] = counts[indicator] + running if indicator in counts else running
        s.x.update(counts)

    def step(self, s: State) -> None:
        self._update(s, s.t + s.dt)
