"""Start the planner dashboard: Voilà with simlib's configuration, template and limits.

``voila_command`` builds the command line and ``voila_env`` the environment it needs (tests
use both to start a real server); ``serve`` runs it in the foreground.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from ..scenario import ENV as SCENARIOS_ENV
from ..scenario import scenarios_dir

DASHBOARD_DIR = Path(__file__).resolve().parent
CONFIG_DIR = DASHBOARD_DIR  # holds voila.json (Voilà reads "voila.json"/"voila.py" only)
DATA_DIR = DASHBOARD_DIR / "share" / "jupyter"  # holds voila/templates/simlib
PACKAGE_ROOT = DASHBOARD_DIR.parent.parent  # the directory that contains simlib/
EXPORT_WORKERS = "SIMLIB_EXPORT_WORKERS"  # = simlib.export.pool.ENV, without importing Altair here


def dashboard_notebook() -> Path:
    """The planner dashboard notebook, package data (``simlib/dashboard/notebook/dashboard.ipynb``):
    alone in its folder, which Voilà serves as its root."""
    notebook = Path(os.fspath(resources.files(__package__) / "notebook" / "dashboard.ipynb"))
    if not notebook.is_file():
        raise FileNotFoundError(f"dashboard notebook not found: {notebook} (a broken install)")
    return notebook


def voila_command(
    notebook: Path,
    port: int = 8866,
    *,
    ip: str = "127.0.0.1",
    open_browser: bool = False,
    preheat: bool | None = None,
    pool_size: int | None = None,
    python: str | None = None,
    extra_args: list[str] | None = None,
) -> list[str]:
    """Return the argv that serves ``notebook`` with simlib's ``voila.json``.

    ``preheat``/``pool_size`` override the config file (``None`` keeps it). Only
    ``voila.json`` in this package is read: ``--Voila.config_file_paths`` replaces Voilà's
    default search of the working directory and the Jupyter config path.
    """
    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise FileNotFoundError(f"notebook not found: {notebook}")
    cmd = [
        python or sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--Voila.config_file_paths={CONFIG_DIR}",
        f"--Voila.ip={ip}",
        f"--Voila.port={int(port)}",
        "--Voila.port_retries=0",
        f"--Voila.root_dir={notebook.parent}",
        "--Voila.open_browser=" + ("True" if open_browser else "False"),
    ]
    if preheat is not None:
        cmd.append(f"--VoilaConfiguration.preheat_kernel={preheat}")
    if pool_size is not None:
        cmd.append(f"--VoilaConfiguration.default_pool_size={int(pool_size)}")
    cmd.extend(extra_args or [])
    return cmd


def voila_env(base: Mapping[str, str] | None = None, *, ip: str = "127.0.0.1") -> dict[str, str]:
    """Return the environment for ``voila_command``: template path, ``simlib`` importable.

    * ``JUPYTER_PATH`` gets ``share/jupyter`` of this package first, where the ``simlib``
      Voilà template lives (Voilà finds templates only on the Jupyter data path).
    * ``PYTHONPATH`` gets the source checkout holding this ``simlib`` first (not for an
      installed package: site-packages ahead of the standard library could shadow it), so
      the server (its kernel manager class) and the kernels import the same ``simlib`` as
      the caller, even when another checkout is installed in the environment.
    * ``VOILA_APP_IP``: a pre-heated kernel fetches the query string from the server at this
      address (Voilà's default is 127.0.0.1, wrong if the server listens elsewhere only).
    * ``SIMLIB_EXPORT_WORKERS=0`` (unless set): a planner's report download draws in its own
      kernel rather than taking every CPU from the other planners' slider repaints.
    * ``SIMLIB_SCENARIOS`` (unless set): the caller's :func:`~simlib.scenario.scenarios_dir`, so
      kernels, whose working directory is the notebook's folder, save where the CLI does.
    """
    env = dict(os.environ if base is None else base)

    def prepend(name: str, value: Path) -> None:
        old = env.get(name)
        env[name] = str(value) + (os.pathsep + old if old else "")

    prepend("JUPYTER_PATH", DATA_DIR)
    if (PACKAGE_ROOT / "pyproject.toml").is_file():
        prepend("PYTHONPATH", PACKAGE_ROOT)
    if ip not in ("", "0.0.0.0", "::"):
        env["VOILA_APP_IP"] = ip
    env.setdefault(EXPORT_WORKERS, "0")
    env.setdefault(SCENARIOS_ENV, str(scenarios_dir()))
    return env


def serve(
    notebook: Path, port: int = 8866, open_browser: bool = True, ip: str = "127.0.0.1"
) -> int:
    """Serve ``notebook`` until stopped; return Voilà's exit code (1 if the port is busy).

    Ctrl-C, SIGTERM and SIGHUP stop Voilà cleanly (it shuts its kernels down first).
    """
    cmd = voila_command(notebook, port, ip=ip, open_browser=open_browser)
    proc = subprocess.Popen(cmd, env=voila_env(ip=ip))

    def forward(signum: int, _frame: object) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:  # Voilà got the terminal's SIGINT too; make sure
                forward(signal.SIGINT, None)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
