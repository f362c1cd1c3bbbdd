"""One ``voila`` process for tests and benchmarks: start it on a free port with simlib's
configuration, wait for lines in its log (pool filled, kernel shut down), wait until its
kernels are quiet, stop it with its kernels."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from proc_stats import kernel_cpu_seconds, tree_cpu_seconds

from simlib.dashboard.server import voila_command, voila_env


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VoilaServer:
    """One ``voila`` process serving ``notebook`` on 127.0.0.1 (see ``voila_command``)."""

    def __init__(
        self,
        notebook: Path,
        *,
        preheat: bool = True,
        pool_size: int = 1,
        port: int | None = None,
        extra_args: list[str] | None = None,
        log_dir: Path | None = None,
    ) -> None:
        self.notebook = Path(notebook)
        self.preheat = preheat
        self.pool_size = pool_size
        self.port = port or free_port()
        self.extra_args = extra_args or []
        self.proc: subprocess.Popen[bytes] | None = None
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            prefix="voila-", suffix=".log", delete=False, dir=log_dir
        )
        self.log_path = Path(self._log.name)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def start(self, timeout: float = 60.0) -> VoilaServer:
        """Start Voilà and wait until it answers HTTP (without starting a kernel)."""
        cmd = voila_command(
            self.notebook,
            self.port,
            preheat=self.preheat,
            pool_size=self.pool_size,
            extra_args=self.extra_args,
        )
        self.proc = subprocess.Popen(
            cmd,
            env=voila_env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stop() signals the group
        )
        deadline = time.monotonic() + timeout
        # Ready = our process logged that it listens *and* answers HTTP. The log check
        # matters: with a busy port another server would answer. /voila/files/ answers
        # 403/404 at once and starts no kernel; GET / would take the pre-heated kernel.
        probe = f"{self.url}voila/files/__harness_probe__"
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"voila exited with {self.proc.returncode} before answering:\n"
                    + self.log_text()[-3000:]
                )
            if "is running at" in self.log_text():
                try:
                    urllib.request.urlopen(probe, timeout=2).close()
                    return self
                except urllib.error.HTTPError:
                    return self  # any HTTP answer means it is listening
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"voila did not answer within {timeout} s:\n{self.log_text()}")
            time.sleep(0.1)

    def wait_for_log(self, pattern: str, timeout: float = 90.0, count: int = 1) -> None:
        """Wait until ``pattern`` (a regex) occurs ``count`` times in the server log."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while len(rx.findall(self.log_text())) < count:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"voila exited:\n{self.log_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{pattern!r} not in voila's log after {timeout} s")
            time.sleep(0.1)

    def wait_pool_filled(self, timeout: float = 90.0, count: int = 1) -> None:
        """Wait for the ``count``-th "pool is filled" (each refill logs it again)."""
        self.wait_for_log(r"Kernel pool of .* is filled", timeout=timeout, count=count)

    def kernel_ids(self) -> list[str]:
        """Kernels this server started and has not shut down (from its log)."""
        log = self.log_text()
        started = re.findall(r"Kernel started: ([0-9a-f-]{36})", log)
        ended = set(re.findall(r"Kernel shutdown: ([0-9a-f-]{36})", log))
        return [k for k in started if k not in ended]

    def wait_kernels_quiet(self, quiet: float = 1.0, timeout: float = 180.0) -> None:
        """Wait until no kernel of this server uses CPU for ``quiet`` seconds (Linux /proc).

        Voilà logs "pool is filled" as soon as a pool kernel *started*; its notebook is
        pre-rendered afterwards, up to the cell that waits for the request. A kernel
        blocked there (or idle) uses no CPU: then the pool is really warm.
        """
        deadline = time.monotonic() + timeout
        last: dict[str, float] = {}
        while True:
            now = {k: kernel_cpu_seconds(k) for k in self.kernel_ids()}
            if last and all(abs(now[k] - last.get(k, -1.0)) < 0.02 for k in now):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"kernels still busy after {timeout} s: {now}")
            last = now
            time.sleep(quiet)

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by the ``voila`` process and its kernels, living or ended."""
        return tree_cpu_seconds(self.proc.pid) if self.proc else 0.0

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM the group (Voilà then shuts its kernels down); SIGKILL after ``timeout``.

        Kernels run in their own sessions; if Voilà had to be killed they notice their
        parent is gone (ipykernel's parent poller) and exit by themselves.
        """
        rc = None
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                rc = self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                rc = self.proc.wait()
            except ProcessLookupError:
                rc = self.proc.wait()
        elif self.proc is not None:
            rc = self.proc.returncode
        self._log.close()
        return rc

    def __enter__(self) -> VoilaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
