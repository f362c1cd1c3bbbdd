"""simlib — see, before committing money, where each plan indicator is heading.

    import simlib
    plan = simlib.load_plan()
    sc = simlib.load_scenario("plan")
    res = simlib.simulate(sc, draws=10_000, seed=1)
    res.attainment()
    res.plot.trajectory("st_transfer_share")     # Altair charts (simlib.plot)

In a Jupyter kernel, ``import simlib`` makes Altair draw offline (``svg``) unless a renderer was
chosen (:mod:`simlib.kernel`).
"""

from . import import_speed  # noqa: F401  (first: before anything imports jsonschema)
from .analysis import (
    Allocation,
    Calibration,
    GoalSeek,
    allocate,
    calibrate,
    goal_seek,
    goal_seek_many,
    lever_effects,
    model_reference,
    simulate_many,
    sobol,
    tornado,
    validation_page,
)
from .engine import simulate
from .errors import Problem, SimlibValidationError
from .extensions import extend, load_extension
from .kernel import setup as _setup_kernel
from .loader import load_plan
from .model import Component, State, register
from .result import Difference, Result
from .scenario import Scenario, available_scenarios, load_scenario, scenarios_dir
from .schema import Assumption, Indicator, Lever, Plan, SourceDocument, Target, available_plans
from .validation import hindcast

__all__ = [
    "Assumption", "Component", "Difference", "Indicator", "Lever", "Plan", "Problem", "Result", "Scenario",
    "SimlibValidationError", "SourceDocument", "State", "Target", "available_plans", "available_scenarios",
    "load_plan", "load_scenario", "register", "scenarios_dir", "simulate",
    "Allocation", "Calibration", "GoalSeek", "allocate", "calibrate", "extend", "goal_seek",
    "goal_seek_many", "lever_effects", "load_extension", "model_reference", "simulate_many",
    "sobol", "tornado", "plot",
    "hindcast", "validation_page",
]

_setup_kernel()


def __getattr__(name: str):
    """``simlib.plot`` is imported when first used (it imports Altair, a second or two)."""
    if name == "plot":
        import importlib

        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
