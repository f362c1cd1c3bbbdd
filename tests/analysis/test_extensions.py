"""An extension (one component + its declarations) shows up in simulate, the CLI and exports."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import simlib
from simlib.cli import main
from simlib.errors import SimlibValidationError
from simlib.extensions import ENV, load_extension

EXTENSION = Path(__file__).resolve().parents[2] / "extensions" / "agri_ecommerce.py"
NEW = "agri_households_ecommerce"


def test_extended_scenario_simulates_the_new_indicator(plan_scenario):
    sc = simlib.extend(plan_scenario, EXTENSION)
    assert NEW in sc.plan.indicators and "agri_ecommerce" in sc.plan.model
    assert NEW not in plan_scenario.plan.indicators  # the original is untouched
    res = simlib.simulate(sc, 200, 1)
    series = res.series(NEW)
    assert (series[:, 0] == 116_656).all()
    assert (series[:, -1] > series[:, 0]).all()
    assert (series[:, -1] <= sc.effective_assumptions()["farm_households"].dist.support()[1]).all()
    assert NEW in set(res.to_frame().indicator) and NEW in set(res.bands().indicator)
    # the rest of the model is unchanged (central run; ensembles draw a larger hypercube)
    central, base = simlib.simulate(sc, 1), simlib.simulate(plan_scenario, 1)
    assert (central.data[:, :-1] == base.data).all()


def test_extending_twice_changes_nothing(plan_scenario):
    once = simlib.extend(plan_scenario.plan, EXTENSION)
    assert simlib.extend(once, EXTENSION) is once


def test_environment_variable_reaches_load_plan_and_the_cli(monkeypatch, capsys):
    monkeypatch.setenv(ENV, str(EXTENSION))
    assert NEW in simlib.load_plan().indicators
    assert main(["run", "plan", "--what", "bands", "--draws", "50", "--format", "csv"]) == 0
    assert NEW in capsys.readouterr().out
    monkeypatch.delenv(ENV)
    assert NEW not in simlib.load_plan().indicators


def test_notebook_style_declarations_without_a_file(plan_scenario):
    module = load_extension(EXTENSION)
    sc = simlib.extend(plan_scenario, declarations=module.DECLARATIONS, components=[module.AgriEcommerce])
    assert NEW in sc.plan.indicators


def test_bad_declarations_name_the_field(plan_scenario):
    bad = load_extension(EXTENSION).DECLARATIONS.replace("block: digital", "block: farming")
    with pytest.raises(SimlibValidationError, match="indicators.0.block"):
        simlib.extend(plan_scenario, declarations=bad)
    clash = "indicators: [{id: st_transfer_share, block: digital, label: x, description: x, unit: x," \
            " kind: stock, bounds: [0, 1]}]"
    with pytest.raises(SimlibValidationError, match="already declared"):
        simlib.extend(plan_scenario, declarations=clash)


def test_unregistered_component_is_refused(plan_scenario):
    class Stray(simlib.Component):
        name = "stray"

    with pytest.raises(SimlibValidationError, match="@register"):
        simlib.extend(plan_scenario, components=[Stray])


def test_fresh_worker_processes_import_the_extension(plan_scenario):
    sc = simlib.extend(plan_scenario, EXTENSION)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        (res,) = simlib.simulate_many([sc], draws=50, seed=2, executor=pool)
    assert (res.data == simlib.simulate(sc, 50, 2).data).all()


def test_dashboard_offers_the_new_indicator(monkeypatch):
    app = pytest.importorskip("simlib.dashboard.app")
    monkeypatch.setenv(ENV, str(EXTENSION))
    dashboard = app.prepare()
    assert NEW in [value for _, value in dashboard.indicator.options]
    dashboard.indicator.value = NEW  # its chart draws
