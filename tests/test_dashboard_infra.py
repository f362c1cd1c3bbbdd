"""Dashboard infrastructure without a browser: command line, config, query string, limit."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from simlib.dashboard import query, server

NOTEBOOK = Path(__file__).parent / "browser" / "harness_check.ipynb"


def test_voila_command_uses_package_config_and_local_port():
    cmd = server.voila_command(NOTEBOOK, 8123)
    assert cmd[1:4] == ["-m", "voila", str(NOTEBOOK.resolve())]
    assert f"--Voila.config_file_paths={server.CONFIG_DIR}" in cmd
    assert {"--Voila.ip=127.0.0.1", "--Voila.port=8123", "--Voila.port_retries=0"} <= set(cmd)
    assert "--Voila.open_browser=False" in cmd
    assert not any("preheat" in a or "pool_size" in a for a in cmd)  # the file decides
    cmd = server.voila_command(NOTEBOOK, 8123, preheat=False, pool_size=2, open_browser=True)
    assert "--VoilaConfiguration.preheat_kernel=False" in cmd
    assert "--VoilaConfiguration.default_pool_size=2" in cmd
    assert "--Voila.open_browser=True" in cmd


def test_voila_command_rejects_missing_notebook(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.ipynb"):
        server.voila_command(tmp_path / "nope.ipynb")


def test_voila_env_finds_template_and_keeps_existing_paths():
    env = server.voila_env({"JUPYTER_PATH": "/x", "PATH": "/usr/bin"})
    assert env["JUPYTER_PATH"].split(":") == [str(server.DATA_DIR), "/x"]
    assert (server.DATA_DIR / "voila" / "templates" / "simlib" / "index.html.j2").is_file()
    assert env["VOILA_APP_IP"] == "127.0.0.1"
    assert "VOILA_APP_IP" not in server.voila_env({}, ip="0.0.0.0")


def test_dashboard_kernels_draw_exports_in_process_unless_told_otherwise():
    from simlib.export.pool import ENV

    assert server.EXPORT_WORKERS == ENV
    assert server.voila_env({})[ENV] == "0"
    assert server.voila_env({ENV: "2"})[ENV] == "2"


def test_dashboard_kernels_save_where_the_caller_would(tmp_path, monkeypatch):
    """Kernels run in the notebook's folder: they get the caller's user folder, not their own."""
    monkeypatch.delenv("SIMLIB_SCENARIOS", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenarios").mkdir()
    assert server.voila_env({})["SIMLIB_SCENARIOS"] == str((tmp_path / "scenarios").resolve())
    assert server.voila_env({"SIMLIB_SCENARIOS": "/mine"})["SIMLIB_SCENARIOS"] == "/mine"


def test_the_dashboard_notebook_is_package_data_alone_in_its_folder():
    notebook = server.dashboard_notebook()
    assert notebook.parent == server.DASHBOARD_DIR / "notebook"  # Voilà's root: nothing else to serve
    assert [p.name for p in notebook.parent.iterdir() if p.name != "__pycache__"] == ["dashboard.ipynb"]


def test_voila_json_settings():
    conf = json.loads((server.CONFIG_DIR / "voila.json").read_text())
    assert conf["Voila"] == {"ip": "127.0.0.1", "port_retries": 0}
    vc = conf["VoilaConfiguration"]
    assert vc["template"] == "simlib" and vc["allow_template_override"] == "NO"
    assert vc["show_tracebacks"] is False
    assert vc["multi_kernel_manager_class"] == "simlib.dashboard.kernels.LimitedKernelManager"
    assert conf["MappingKernelManager"]["cull_idle_timeout"] > 0
    # 10 concurrent planners (docs/deployment.md) plus the pre-heated pool
    assert conf["LimitedKernelManager"]["max_kernels"] >= 10 + vc["default_pool_size"]
    # nbclient's 4 s drops late outputs: a busy server then served blank pages
    assert conf["VoilaExecutor"]["iopub_timeout"] >= 30


def test_template_names_no_cdn():
    text = (server.DATA_DIR / "voila" / "templates" / "simlib" / "index.html.j2").read_text()
    assert "https://" not in text.split("-#}", 1)[1]


def test_query_params_without_preheat(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "n=7&lang=vi&n=8&empty=")
    assert query.query_params() == {"n": "8", "lang": "vi", "empty": ""}
    monkeypatch.delenv("QUERY_STRING")
    assert query.query_params() == {}


def test_query_params_with_preheat_asks_voila(monkeypatch):
    import voila.utils

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(voila.utils, "get_query_string", lambda: "scenario=plan")
    assert query.query_params() == {"scenario": "plan"}


def test_kernel_limit_refuses_after_start_wait(monkeypatch):
    from tornado.web import HTTPError

    from simlib.dashboard.kernels import LimitedKernelManager

    km = LimitedKernelManager(max_kernels=1, start_wait=0.3, poll_interval=0.05)
    monkeypatch.setattr(km, "list_kernel_ids", lambda: ["busy"])
    start = km.start_kernel(kernel_name="python3", env={"VOILA_PREHEAT": "False"})
    # Own thread: Playwright's sync API (browser tests in the same session) keeps a loop
    # running in this one, and asyncio.run() refuses to nest.
    with ThreadPoolExecutor(1) as pool, pytest.raises(HTTPError) as err:
        pool.submit(asyncio.run, start).result()
    assert err.value.status_code == 503
