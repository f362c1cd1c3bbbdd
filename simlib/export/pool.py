"""Worker processes that draw charts in parallel (why, and the protocol: :mod:`.converter`).

A :class:`RenderPool` lives for one export: each worker is a ``python converter.py FONT_DIR``
process fed by a thread of this process, so the caller keeps building the next charts while the
workers draw. ``SIMLIB_EXPORT_WORKERS`` sets how many (0: draw in this process).
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future
from types import TracebackType

from . import converter
from .fonts import FONT_DIR

MIN_CHARTS = 8  # fewer charts are drawn in-process: a worker needs ~1 s to start Vega
MAX_WORKERS = MIN_CHARTS  # render_many looks at this many charts before it chooses
ENV = "SIMLIB_EXPORT_WORKERS"


def cpus() -> int:
    """CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def workers_for(charts: int) -> int:
    """How many workers to draw ``charts`` charts with (0 = in this process)."""
    wanted = os.environ.get(ENV, "").strip()
    if wanted:
        if not wanted.isdigit():
            raise ValueError(f"{ENV}={wanted!r}: expected a whole number of worker processes (0 = none)")
        return min(int(wanted), charts)
    n = min(cpus(), MAX_WORKERS, charts)
    return n if n > 1 and charts >= MIN_CHARTS else 0


class WorkerError(RuntimeError):
    """A worker process stopped before answering."""


class RenderPool:
    """``workers`` converter processes; :meth:`submit` a job (the arguments of
    :func:`converter.convert`) to get a future of its ``{format: bytes}``."""

    def __init__(self, workers: int) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._feed, name=f"simlib-render-{k}", daemon=True)
                         for k in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, job: tuple) -> Future:
        future: Future = Future()
        self._jobs.put((job, future))
        return future

    def close(self) -> None:
        """Stop the workers after the jobs they are drawing; jobs not started are cancelled (a
        caller that stops early, e.g. on a full disk, does not wait for the rest)."""
        while True:
            try:
                _, future = self._jobs.get_nowait()
            except queue.Empty:
                break
            future.cancel()
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _feed(self) -> None:
        """One worker process: send it jobs one at a time until the pool closes."""
        with tempfile.TemporaryFile() as errors:
            proc = subprocess.Popen([sys.executable, converter.__file__, str(FONT_DIR)],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
            failure: WorkerError | None = None
            while (item := self._jobs.get()) is not None:
                job, future = item
                if failure is None:
                    try:
                        pickle.dump(job, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                        proc.stdin.flush()
                        status, value = pickle.load(proc.stdout)
                    except (OSError, EOFError, pickle.UnpicklingError):
                        failure = WorkerError(_stopped(proc, errors))
                if failure is not None:
                    future.set_exception(failure)
                elif status == "ok":
                    future.set_result(value)
                else:
                    future.set_exception(ValueError(value))
            proc.stdin.close()
            proc.wait()


def _stopped(proc: subprocess.Popen, errors) -> str:
    """Why a worker stopped: its exit code and the last line it wrote on stderr."""
    try:
        code = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:  # it answered garbage and lives on
        proc.kill()
        code = proc.wait()
    errors.seek(0)
    lines = errors.read()[-4000:].decode("utf-8", "replace").strip().splitlines()
    return f"chart-drawing worker stopped (exit code {code})" + (f": {lines[-1]}" if lines else "")
