"""Loading a plan: its file, the extensions in ``$SIMLIB_EXTENSIONS``, the model's components
checked against its declarations, and the user's observations.

This module sits above :mod:`simlib.schema` (declarations), :mod:`simlib.extensions` and
:mod:`simlib.model`, and imports :mod:`simlib.components` so the shipped components are
registered before any plan is checked: those modules need not import one another in functions.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import components  # noqa: F401  (registers the shipped components)
from .extensions import ENV, apply_env_extensions
from .model import check_model
from .schema import Plan, parse_plan, plan_path
from .yaml_io import read_yaml

_CACHE: dict[tuple, Plan] = {}


def load_plan(name_or_path: str | Path | None = None, *, observations: bool = True) -> Plan:
    """Load and validate a plan (default: the Kon Tum plan shipped in the package).

    The model's components are checked against the declarations: every lever, assumption and
    indicator a component uses must be declared in the plan. Extensions listed in
    ``$SIMLIB_EXTENSIONS`` are applied (see :mod:`simlib.extensions`), then, unless
    ``observations=False``, the user's observed values (:mod:`simlib.observations`).
    """
    path = plan_path(name_or_path)
    key = (str(path.resolve()), path.stat().st_mtime if path.exists() else 0.0, os.environ.get(ENV, ""))
    if observations:
        # observations live in the user's scenario directory (simlib.scenario), whose files name
        # plans this module loads: imported here, that cycle stays out of module imports
        from .observations import observations_path, plan_with_observations, stamp

        user_file = observations_path()
        version = stamp(user_file)  # a saved observation changes it: the next call re-reads
        if version is not None:
            if (*key, version) not in _CACHE:
                declared = load_plan(path, observations=False)
                _CACHE[(*key, version)] = plan_with_observations(declared, user_file)
            return _CACHE[(*key, version)]
    if key not in _CACHE:
        data, lines = read_yaml(path)
        plan = apply_env_extensions(parse_plan(data, lines, str(path)))
        check_model(plan)
        _CACHE[key] = plan
    return _CACHE[key]
