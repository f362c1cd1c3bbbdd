"""Tasks carry plans by reference; a worker that cannot load one gets it sent along."""

import dataclasses
import pickle
from concurrent.futures import Executor, Future

import pytest

import simlib
from simlib.analysis import shipping
from simlib.analysis.executors import run_tasks


class InProcess(Executor):
    """Like a pool (tasks are packed) but runs here, so a test can break plan loading."""

    def submit(self, fn, /, *args, **kwargs):
        future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def central(scenario, year):
    return float(simlib.simulate(scenario, 1, 0).value("st_transfer_share", year)[0])


def test_a_loaded_plan_travels_as_a_reference(plan_scenario):
    simlib.simulate(plan_scenario, 10, 0)  # caches the scenario's assumptions: never shipped
    payload, plans = shipping.pack(central, (plan_scenario, 2030))
    whole = len(pickle.dumps(plan_scenario))
    assert len(payload) < whole / 20 and list(plans.values()) == [plan_scenario.plan]
    assert list(plans) == [shipping.digest(plan_scenario.plan)]
    assert shipping.plan_ref(plan_scenario.plan)[0] == "kontum_3549"  # a worker loads its own copy
    got = shipping.run_packed(payload)
    assert got == central(plan_scenario, 2030)


def test_a_plan_changed_in_memory_travels_whole(plan_scenario):
    changed = dataclasses.replace(plan_scenario.plan, about_tolerance=0.2)
    sc = dataclasses.replace(plan_scenario, plan=changed)
    payload, plans = shipping.pack(central, (sc, 2030))
    assert plans == {} and len(payload) > len(pickle.dumps(changed)) / 2


def test_a_worker_without_the_file_gets_the_plan_sent(plan_scenario, monkeypatch):
    payload, plans = shipping.pack(central, (plan_scenario, 2030))
    monkeypatch.setattr(shipping, "_WORKER_PLANS", {})

    def no_file(*args, **kwargs):
        raise OSError("no such file on this worker")

    monkeypatch.setattr(shipping, "load_plan", no_file)
    with pytest.raises(shipping.PlanMissing, match="no such file"):
        shipping.run_packed(payload)
    assert shipping.run_packed(payload, shipping.carried(plans)) == central(plan_scenario, 2030)
    assert shipping.run_packed(payload) == central(plan_scenario, 2030)  # cached since


def test_run_tasks_resends_with_the_plan(plan_scenario, monkeypatch):
    monkeypatch.setattr(shipping, "_WORKER_PLANS", {})
    real = shipping.load_plan
    loads = []

    def worker_load(path, observations=True):
        loads.append(path)
        if len(loads) > 2:  # packing checks each item's plan once (2 calls); the "worker" fails
            raise OSError("missing")
        return real(path, observations=observations)

    items = [(plan_scenario, y) for y in (2026, 2030)]
    expected = [central(plan_scenario, y) for y in (2026, 2030)]
    monkeypatch.setattr(shipping, "load_plan", worker_load)
    assert run_tasks(central, items, InProcess(), progress=False) == expected
    assert len(loads) == 4  # two packing checks, two failed worker loads; then the plan was sent


def test_a_differing_file_is_refused_by_digest(plan_scenario, monkeypatch):
    payload, _ = shipping.pack(central, (plan_scenario, 2030))
    monkeypatch.setattr(shipping, "_WORKER_PLANS", {})
    other = dataclasses.replace(plan_scenario.plan, about_tolerance=0.3)
    monkeypatch.setattr(shipping, "load_plan", lambda *a, **k: other)
    with pytest.raises(shipping.PlanMissing, match="differs"):
        shipping.run_packed(payload)


def test_the_same_plan_in_another_folder_has_the_same_digest(tmp_path):
    from simlib.schema import PLANS_DIR

    copy = tmp_path / "kontum_3549.yaml"
    copy.write_bytes((PLANS_DIR / "kontum_3549.yaml").read_bytes())
    here, there = simlib.load_plan(observations=False), simlib.load_plan(copy, observations=False)
    assert here.path != there.path and shipping.digest(here) == shipping.digest(there)
