"""Pool refills wait while pages load, unless a page takes them (simlib.dashboard.kernels)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from simlib.dashboard.kernels import LimitedKernelManager


def run(coro_fn):
    """Run ``coro_fn()`` on a new loop in its own thread (Playwright's sync API may hold a loop
    in this one, and asyncio.run() refuses to nest)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro_fn()).result()


def manager() -> LimitedKernelManager:
    km = LimitedKernelManager(refill_delay=60, poll_interval=0.01)
    km._pools = {"dashboard.ipynb": []}  # Voilà 0.5's pool: one task per pool entry
    return km


async def pool_start(km: LimitedKernelManager, starts_before: int, pool_entries: int,
                     taken_after: float | None) -> bool:
    """A pool start inside a pool task; True if ``_delay_refill`` returned within 2 s."""
    km._pool_starts = starts_before + 1
    released = asyncio.Event()

    async def entry():
        await km._delay_refill()
        released.set()

    task = asyncio.ensure_future(entry())
    km._pools["dashboard.ipynb"] = [task] + [asyncio.Future() for _ in range(pool_entries - 1)]
    if taken_after is not None:
        await asyncio.sleep(taken_after)
        km._pools["dashboard.ipynb"].remove(task)  # what Voilà does when a page takes it
    try:
        await asyncio.wait_for(released.wait(), timeout=2)
        return True
    except TimeoutError:
        return False
    finally:
        task.cancel()


def test_first_fill_starts_at_once():
    assert run(lambda: pool_start(manager(), starts_before=1, pool_entries=2, taken_after=None))


def test_refill_waits_while_nobody_takes_it():
    assert not run(lambda: pool_start(manager(), starts_before=2, pool_entries=2, taken_after=None))


def test_refill_taken_by_a_page_starts_at_once():
    assert run(lambda: pool_start(manager(), starts_before=2, pool_entries=2, taken_after=0.1))


def test_refill_delay_zero_is_off():
    km = manager()
    km.refill_delay = 0
    assert run(lambda: pool_start(km, starts_before=2, pool_entries=2, taken_after=None))


def test_without_voilas_pool_nothing_waits():
    km = manager()
    del km._pools
    km._pool_starts = 5
    run(km._delay_refill)  # returns: no pool to read
