"""A kernel manager for the Voilà dashboard that caps how many kernels run at once.

Voilà starts one kernel per page view (or hands out a pre-heated one and starts a
replacement). Neither Voilà 0.5 nor jupyter_server has a limit, so a few forgotten tabs or
a reload loop could fill the machine's memory. ``LimitedKernelManager`` is named in
``voila.json`` as ``VoilaConfiguration.multi_kernel_manager_class``; Voilà's pre-heat
wrapper subclasses it, so pool kernels count against the same cap.

* A kernel for a page view waits up to ``start_wait`` seconds for a free slot, then the
  page gets HTTP 503 with a readable reason.
* A pool refill (``VOILA_PREHEAT=True`` in its environment) waits for a free slot without
  a time limit while it sits in the pool. Once a page view has taken it from the pool (the
  page now waits for it) it gets ``start_wait`` seconds too, then that page gets 503 and a
  new refill is queued: without that the page would hang until some kernel ended, and
  Voilà would never refill the pool again (it refills only when a pooled kernel is taken).
  This reads Voilà 0.5's ``_pools``/``notebook_path``/``fill_if_needed``; without them
  (other Voilà versions) refills simply wait.
* A pool refill (a pool kernel started after a page view took one) waits ``refill_delay``
  seconds (default 6) before it starts, unless a page view takes it first (then it starts at
  once): starting a kernel and pre-rendering the notebook takes a few CPU seconds, which
  on two cores would be taken from the page that is loading now and from the page right
  after it (Voilà's own ``fill_delay`` is 1 s). The pool's first fill is not delayed.
* A kernel whose page has gone ends ``orphan_timeout`` seconds (default 120) after its last
  websocket closed, whether or not the page sent Voilà's unload beacon (a killed browser, a
  phone that dropped the tab, a lost network). The check runs with jupyter_server's culler
  (every ``cull_interval`` seconds). Kernels that never had a page (the pre-heated pool) are
  left alone; a page that reconnects in time keeps its kernel.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Float, Integer


class LimitedKernelManager(AsyncMappingKernelManager):
    """``AsyncMappingKernelManager`` with an upper bound on running kernels."""

    max_kernels = Integer(
        8,
        config=True,
        help="Most kernels (page views plus pre-heated ones) running at once; 0 = no limit.",
    )
    start_wait = Float(
        10.0,
        config=True,
        help="Seconds a page view waits for a free kernel slot before HTTP 503.",
    )
    poll_interval = Float(0.25, help="Seconds between checks for a free slot.")
    refill_delay = Float(
        6.0,
        config=True,
        help="Seconds a pool refill waits before starting unless a page view takes it; 0 = off.",
    )
    orphan_timeout = Float(
        120.0,
        config=True,
        help="Seconds a kernel lives after the last connection of its page closed; 0 = off.",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = 0
        self._pool_starts = 0
        self._orphaned_since: dict[str, float] = {}

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._orphaned_since.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id: str) -> None:
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id, 1) <= 0:
            self._orphaned_since[kernel_id] = time.monotonic()

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """End a kernel whose page has gone (see the module docstring), else jupyter_server's
        idle rule."""
        since = self._orphaned_since.get(kernel_id)
        if (self.orphan_timeout > 0 and since is not None
                and self._kernel_connections.get(kernel_id, 0) <= 0
                and time.monotonic() - since > self.orphan_timeout):
            self.log.info("Ending kernel %s: its page has been gone for %.0f s", kernel_id,
                          time.monotonic() - since)
            self._orphaned_since.pop(kernel_id, None)
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)

    def _in_use(self) -> int:
        return len(self.list_kernel_ids()) + self._starting

    def _taken_from_pool(self) -> bool:
        """True if the running pool-refill task was taken by a page view (Voilà 0.5)."""
        pools = getattr(self, "_pools", None)
        if not isinstance(pools, dict):
            return False
        task = asyncio.current_task()
        return not any(t is task for pool in pools.values() for t in pool)

    def _pooled_count(self) -> int | None:
        """Pool entries (ready or starting) of every notebook, or None without Voilà 0.5's pool."""
        pools = getattr(self, "_pools", None)
        if not isinstance(pools, dict):
            return None
        return sum(len(pool) for pool in pools.values())

    async def _delay_refill(self) -> None:
        """Let a pool refill wait ``refill_delay`` s, ending the wait when a page takes it.

        A refill is a pool start after some pool kernel has left the pool: more pool starts
        so far than entries now in the pools (the first fill appends all its entries before
        any of them starts).
        """
        pooled = self._pooled_count()
        if self.refill_delay <= 0 or pooled is None or self._pool_starts <= pooled:
            return
        deadline = time.monotonic() + self.refill_delay
        while time.monotonic() < deadline and not self._taken_from_pool():
            await asyncio.sleep(self.poll_interval)

    async def _wait_for_slot(self, is_pool: bool) -> None:
        if self.max_kernels <= 0:
            return
        waited = 0.0
        while self._in_use() >= self.max_kernels:
            page_waits = not is_pool or self._taken_from_pool()
            if page_waits and waited >= self.start_wait:
                self.log.warning("Kernel limit %d reached: refusing a page view", self.max_kernels)
                if is_pool:
                    self._refill_later()
                raise web.HTTPError(
                    503,
                    reason="Too many dashboards open on this server; close one and reload",
                )
            await asyncio.sleep(self.poll_interval)
            if page_waits:
                waited += self.poll_interval

    def _refill_later(self) -> None:
        fill = getattr(self, "fill_if_needed", None)
        notebook = getattr(self, "notebook_path", None)
        if fill is not None and notebook is not None:
            fill(delay=None, notebook_name=notebook)

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        """Start a kernel once fewer than ``max_kernels`` run (see the module docstring)."""
        if kwargs.get("kernel_id") is not None and kwargs["kernel_id"] in self:
            return await super().start_kernel(*args, **kwargs)
        env = kwargs.get("env") or {}
        is_pool = env.get("VOILA_PREHEAT") == "True"
        if is_pool:
            self._pool_starts += 1
            await self._delay_refill()
        await self._wait_for_slot(is_pool=is_pool)
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1
