"""The analyst toolkit: goal-seek, budget allocation, sensitivity, calibration, model reference,
the validation page (hindcasts against observations) and running many simulations on any
``concurrent.futures`` executor. Their charts: :mod:`simlib.analysis.analysis_charts`."""

import warnings

from .allocation import Allocation, allocate, funding_levers
from .calibration import Calibration, calibrate, calibrate_many, observed_table
from .executors import SerialExecutor, default_executor, simulate_many
from .goal_seek import GoalSeek, goal_seek, goal_seek_many
from .lever_effects import lever_effects, levers_moving_target
from .model_check import ModelCheck, model_check
from .model_check_page import validation_page
from .reference import model_reference, reference_tables
from .sensitivity import sobol, tornado, uncertain_parameters

__all__ = [
    "Allocation", "Calibration", "GoalSeek", "SerialExecutor", "allocate", "calibrate", "calibrate_many",
    "default_executor", "funding_levers", "goal_seek", "goal_seek_many", "lever_effects",
    "levers_moving_target", "model_reference",
    "observed_table", "reference_tables", "simulate_many", "sobol", "tornado", "uncertain_parameters",
    "ModelCheck", "model_check", "validation_page",
]


def __getattr__(name: str):
    """``simlib.analysis.charts``: the old name of :mod:`simlib.analysis.analysis_charts`."""
    if name == "charts":
        from . import analysis_charts  # Altair: only when asked for

        warnings.warn("simlib.analysis.charts is now simlib.analysis.analysis_charts",
                      DeprecationWarning, stacklevel=2)
        return analysis_charts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
