"""Running many simulations: any ``concurrent.futures.Executor`` (a process pool by default on a
multi-core machine; ``dask.distributed.Client(...).get_executor()`` for a cluster)."""

from __future__ import annotations

import ctypes
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..engine import simulate
from ..extensions import component_sources, ensure_components
from ..progress import Progress
from ..result import BANDS, Result, quantiles
from ..scenario import Scenario
from . import shipping


class SerialExecutor(Executor):
    """Runs each task at once in this process (one core, or tasks too small to ship)."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # delivered through the future, as a pool would
            future.set_exception(exc)
        return future


def default_executor() -> Executor:
    """A process pool with one worker per core, or a serial executor on one core."""
    cores = os.cpu_count() or 1
    return ProcessPoolExecutor(max_workers=cores) if cores > 1 else SerialExecutor()


@contextmanager
def executor_or_default(executor: Executor | None) -> Iterator[Executor]:
    """``executor`` as given (left running), or a default one shut down afterwards."""
    if executor is not None:
        yield executor
        return
    own = default_executor()
    try:
        yield own
    finally:
        own.shutdown()


def run_tasks(fn: Callable, items: Sequence, executor: Executor | None = None,
              progress: bool | None | Progress = None, label: str = "") -> list:
    """``[fn(*item) for item in items]`` on ``executor`` (default: :func:`default_executor`), in
    order, with a progress bar (:class:`~simlib.progress.Progress`; ``progress`` None: shown
    where someone watches once the run lasts a second; or a bar of a larger job to advance).
    Items travel with their plans by reference (:mod:`~simlib.analysis.shipping`)."""
    own = not isinstance(progress, Progress)
    bar = Progress(len(items), label, progress) if own else progress
    try:
        with executor_or_default(executor) as ex:
            if isinstance(ex, SerialExecutor):  # nothing to ship
                futures = [ex.submit(fn, *item) for item in items]
                packed = None
            else:
                packed = [shipping.pack(fn, tuple(item)) for item in items]
                futures = [ex.submit(shipping.run_packed, payload) for payload, _ in packed]
            out = []
            for k, f in enumerate(futures):
                try:
                    out.append(f.result())
                except shipping.PlanMissing:  # this worker cannot load the plan: send it along
                    payload, plans = packed[k]
                    out.append(ex.submit(shipping.run_packed, payload, shipping.carried(plans)).result())
                bar.update()
            return out
    finally:
        if own:
            bar.close()


def task_map(executor: Executor) -> Callable[[Callable, Iterable], list]:
    """A ``map(fn, xs)`` on ``executor`` through :func:`run_tasks` (plans by reference), for
    optimisers that take one, as scipy's ``differential_evolution(workers=...)``."""
    return lambda fn, xs: run_tasks(fn, [(x,) for x in xs], executor, progress=False)


def _call_task(fn: Callable, sources: tuple, kwargs: dict) -> Any:
    prepare_worker(sources)
    return fn(**kwargs)


def call_many(fn: Callable, requests: Iterable[Mapping[str, Any]], executor: Executor | None = None,
              progress: bool | None = None, label: str = "") -> list:
    """``[fn(**r) for r in requests]`` on ``executor``, each request a mapping of ``fn``'s keyword
    arguments with a ``scenario`` (whose plan's extensions the worker imports first)."""
    items = [(fn, component_sources(r["scenario"].plan), dict(r)) for r in requests]
    return run_tasks(_call_task, items, executor, progress, label)


MMAP_THRESHOLD = 16 * 2**20  # bytes: [draws] arrays come from the heap, not fresh mappings
TRIM_THRESHOLD = 256 * 2**20  # bytes of free heap top kept, not handed back after every task


@functools.cache
def _heap_for_arrays() -> None:
    """Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_`` set (64 kB), which stops glibc
    from raising its mmap threshold and hands freed heap back at once: every array over 128 kB
    became a fresh, page-faulting mapping and the model ran ~4× slower in such workers (1.7 s vs
    0.4 s a task). Raise both thresholds there (a 40,000-draw task: 25,000 → 6,700 page faults,
    0.29 → 0.26 s CPU)."""
    if sys.platform != "linux" or not os.environ.get("MALLOC_TRIM_THRESHOLD_"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, MMAP_THRESHOLD)  # -3: M_MMAP_THRESHOLD
        libc.mallopt(-1, TRIM_THRESHOLD)  # -1: M_TRIM_THRESHOLD
    except (OSError, AttributeError):  # not glibc
        return


def prepare_worker(sources: Sequence[tuple[str, str | None]]) -> None:
    """What every task does first in a worker: a heap fit for the model's arrays, and the plan's
    extension components imported."""
    _heap_for_arrays()
    ensure_components(sources)


def simulate_task(scenario: Scenario, draws: int, seed: int, sources: tuple, options: dict) -> Result:
    """:func:`~simlib.simulate` in a worker process, importing the plan's extensions first."""
    prepare_worker(sources)
    return simulate(scenario, draws, seed, **options)


ATTAINMENT_COLUMNS = ["scenario", "indicator", "year", "target", "p_met", "median", "p05", "p95"]
TASK_DRAWS = 100_000  # scenario draws per reducing task: ~0.5 s of simulation, so shipping is cheap


def chunk_seed(seed: int, chunk: int, chunks: int) -> int:
    """The seed of draw chunk ``chunk`` of ``chunks``: ``seed`` itself for a single chunk (the
    same numbers as one :func:`~simlib.simulate` call), else a child of ``SeedSequence(seed)``,
    so an ensemble's numbers depend on its draws and seed, never on the executor."""
    if chunks == 1:
        return int(seed)
    return int(np.random.SeedSequence(int(seed)).spawn(chunks)[chunk].generate_state(1)[0])


@dataclass(frozen=True)
class TargetDraws:
    """One target's draws from one task: the count that met it and, for a task holding a
    scenario's whole ensemble, its median and 5–95 % (else the values, float32, to pool)."""

    met: int
    n: int
    bands: tuple[float, float, float] | None
    values: np.ndarray | None


def attainment_task(jobs: Sequence[tuple[Scenario, int, int, bool]], sources: tuple,
                    options: dict) -> list[list[TargetDraws]]:
    """Simulate ``jobs`` (scenario, draws, seed, whole ensemble?) in a worker and keep, per
    target, what :func:`simulate_many` needs to report P(met), median and 5–95 % (a few hundred
    bytes a whole scenario; 4 bytes a draw a target for a chunk of a larger ensemble)."""
    prepare_worker(sources)
    out = []
    for sc, draws, seed, whole in jobs:
        res = simulate(sc, draws, seed, **options)
        parts = []
        for ind, t in sc.plan.targets():
            v = res.value(ind.id, t.year)
            met = int(np.count_nonzero(t.met(v, sc.plan.about_tolerance)))
            bands = tuple(float(q) for q in quantiles(v, BANDS)) if whole else None
            parts.append(TargetDraws(met, len(v), bands, None if whole else v.astype(np.float32)))
        out.append(parts)
    return out


def _attainment_rows(sc: Scenario, parts: list[list[TargetDraws]]) -> list[tuple]:
    """Pool a scenario's task parts (one per draw chunk) into its attainment rows."""
    rows = []
    for k, (ind, t) in enumerate(sc.plan.targets()):
        pieces = [p[k] for p in parts]
        n = sum(p.n for p in pieces)
        bands = pieces[0].bands if len(pieces) == 1 else tuple(
            float(q) for q in quantiles(np.concatenate([p.values for p in pieces]).astype(float), BANDS))
        p05, median, p95 = bands
        rows.append((sc.name, ind.id, t.year, t.value, sum(p.met for p in pieces) / n, median, p05, p95))
    return rows


def simulate_many(scenarios: Sequence[Scenario], draws: int = 1000, seed: int = 0, *,
                  executor: Executor | None = None, progress: bool | None = None,
                  reduce: str | None = None, **options: Any) -> list[Result] | pd.DataFrame:
    """Simulate several scenarios (same draws and seed: common random numbers) on ``executor``;
    ``progress``: a bar in a notebook or on a terminal (None: when the run lasts over a second).

    ``reduce=None`` returns the Results: each holds every draw (8 × draws × years × indicators
    bytes: 22 MB at 20,000 draws of the Kon Tum plan), which a process pool or a cluster must
    ship back, so moving results can cost as much as computing them. ``reduce="attainment"``
    computes in the workers, on tasks of about :data:`TASK_DRAWS` scenario draws, and returns
    one tidy DataFrame: scenario, indicator, year, target, p_met, median, p05, p95. There, an
    ensemble over :data:`TASK_DRAWS` draws runs in chunks of that size, each seeded by
    :func:`chunk_seed` (the same numbers on every executor; memory: 4 bytes a draw a target
    plus one chunk's run per worker: a million draws fit in well under 2 GB).
    """
    if reduce is None:
        items = [(sc, draws, seed, component_sources(sc.plan), options) for sc in scenarios]
        return run_tasks(simulate_task, items, executor, progress, "simulate")
    if reduce != "attainment":
        raise ValueError(f"reduce must be None or 'attainment', got {reduce!r}")
    if not scenarios:
        return pd.DataFrame(columns=ATTAINMENT_COLUMNS)
    n_chunks = -(-int(draws) // TASK_DRAWS)
    sizes = [min(TASK_DRAWS, draws - k * TASK_DRAWS) for k in range(n_chunks)]
    jobs = [(i, (sc, size, chunk_seed(seed, k, n_chunks), n_chunks == 1))
            for i, sc in enumerate(scenarios) for k, size in enumerate(sizes)]
    per_task = max(1, TASK_DRAWS // max(int(draws), 1))
    groups = [jobs[k:k + per_task] for k in range(0, len(jobs), per_task)]
    items = [([job for _, job in group],
              tuple(dict.fromkeys(src for _, job in group for src in component_sources(job[0].plan))),
              options) for group in groups]
    parts: list[list[list[TargetDraws]]] = [[] for _ in scenarios]
    for group, done in zip(groups, run_tasks(attainment_task, items, executor, progress, "simulate"),
                           strict=True):
        for (i, _), part in zip(group, done, strict=True):
            parts[i].append(part)
    rows = [row for sc, p in zip(scenarios, parts, strict=True) for row in _attainment_rows(sc, p)]
    return pd.DataFrame(rows, columns=ATTAINMENT_COLUMNS)
