"""Tasks that carry plans by reference: each worker loads a plan once, not once per task.

A task's arguments are pickled here with every :class:`~simlib.schema.Plan` that
:func:`~simlib.schema.load_plan` would return replaced by a reference (its file, whether the
user's observations are merged, and a SHA-256 digest of the pickled plan; a plan shipped with
simlib by its name). A worker resolves a reference from its cache or by loading the file
itself (checked against the digest), so a
process pool, a LocalCluster or a cluster whose machines have simlib installed (or share the
files) receive ~1 kB a task instead of the plan's ~55 kB. Where a worker cannot (a plan edited in
memory, a file the worker does not have or that differs), it raises :class:`PlanMissing` and
the task is sent again with the plans inside.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..loader import load_plan
from ..schema import PLANS_DIR, Plan

PlanRef = tuple[str, bool, str]  # (plan file, observations merged, sha256 of the pickled plan)
_DIGESTS: dict[int, tuple[Plan, str]] = {}  # id(plan) → (plan, digest): the plan kept alive
_WORKER_PLANS: dict[str, Plan] = {}          # digest → plan, in each worker


class PlanMissing(Exception):
    """A worker could not load a referenced plan; the task must carry it."""


def digest(plan: Plan) -> str:
    """SHA-256 of the pickled plan but its file's location (cached per plan object), so the same
    plan installed in another folder, on another machine, has the same digest."""
    hit = _DIGESTS.get(id(plan))
    if hit is None or hit[0] is not plan:
        hit = _DIGESTS[id(plan)] = (plan, hashlib.sha256(pickle.dumps(replace(plan, path=""))).hexdigest())
    return hit[1]


def plan_ref(plan: Plan) -> PlanRef | None:
    """A reference a worker can load: the plan is what ``load_plan`` gives for its file (with or
    without the user's observations), or None. A plan shipped with simlib goes by its name, so a
    worker loads its own installed copy."""
    if not plan.path:
        return None
    want = digest(plan)
    path = Path(plan.path)
    name = path.stem if path.resolve().parent == PLANS_DIR.resolve() else plan.path
    for observations in (True, False):
        try:
            if digest(load_plan(plan.path, observations=observations)) == want:
                return (name, observations, want)
        except (OSError, ValueError):
            return None
    return None


class _RefPickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.plans: dict[str, Plan] = {}

    def persistent_id(self, obj: Any) -> PlanRef | None:
        if type(obj) is not Plan:
            return None
        ref = plan_ref(obj)
        if ref is not None:
            self.plans[ref[2]] = obj
        return ref


class _RefUnpickler(pickle.Unpickler):
    def persistent_load(self, ref: PlanRef) -> Plan:
        path, observations, want = ref
        if want not in _WORKER_PLANS:
            try:
                plan = load_plan(path, observations=observations)
            except (OSError, ValueError) as exc:
                raise PlanMissing(f"{path}: {exc}") from exc
            if digest(plan) != want:
                raise PlanMissing(f"{path} differs on this worker")
            _WORKER_PLANS[want] = plan
        return _WORKER_PLANS[want]


def pack(fn: Callable, args: tuple) -> tuple[bytes, dict[str, Plan]]:
    """``(fn, args)`` pickled with plans by reference (``fn`` may be an object holding a
    scenario, as an optimiser's objective), and the plans referenced (digest → plan)."""
    buf = io.BytesIO()
    pickler = _RefPickler(buf)
    pickler.dump((fn, args))
    return buf.getvalue(), pickler.plans


def run_packed(payload: bytes, plans: dict[str, bytes] | None = None) -> Any:
    """In a worker: ``fn(*args)`` for a packed ``(fn, args)``; ``plans`` (digest → pickled
    plan) are cached first when the task carries them."""
    for want, blob in (plans or {}).items():
        _WORKER_PLANS.setdefault(want, pickle.loads(blob))
    fn, args = _RefUnpickler(io.BytesIO(payload)).load()
    return fn(*args)


def carried(plans: dict[str, Plan]) -> dict[str, bytes]:
    """The plans themselves, for a task whose worker could not load them."""
    return {want: pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL) for want, plan in plans.items()}
