"""Running many simulations: any ``concurrent.futures.Executor`` (a process pool by default on a
multi-core machine; ``dask.distributed.Client(...).get_executor()`` for a cluster)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from ..engine import simulate
from ..extensions import component_sources, ensure_components
from ..progress import Progress
from ..result import Result
from ..scenario import Scenario


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
              progress: bool = False, label: str = "") -> list:
    """``[fn(*item) for item in items]`` on ``executor`` (default: :func:`default_executor`), in
    order, with a progress bar when ``progress`` (:class:`simlib.progress.Progress`: a widget in a
    notebook, text on stderr elsewhere)."""
    with executor_or_default(executor) as ex:
        futures = [ex.submit(fn, *item) for item in items]
        return [f.result() for f in _progress(futures, progress, label)]


def _progress(futures: list[Future], show: bool, label: str) -> Iterable[Future]:
    with Progress(len(futures), label, show=show) as bar:
        for f in futures:
            f.result()
            bar.update()
            yield f


def simulate_task(scenario: Scenario, draws: int, seed: int, sources: tuple, options: dict) -> Result:
    """:func:`~simlib.simulate` in a worker process, importing the plan's extensions first."""
    ensure_components(sources)
    return simulate(scenario, draws, seed, **options)


def simulate_many(scenarios: Sequence[Scenario], draws: int = 1000, seed: int = 0, *,
                  executor: Executor | None = None, progress: bool = False,
                  **options: Any) -> list[Result]:
    """Simulate several scenarios (same draws and seed: common random numbers) on ``executor``."""
    items = [(sc, draws, seed, component_sources(sc.plan), options) for sc in scenarios]
    return run_tasks(simulate_task, items, executor, progress, "simulate")
