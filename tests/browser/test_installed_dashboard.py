"""``simlib dashboard`` of the installed wheel (tests/conftest.py ``installed_wheel``), started
from an empty folder like a planner would: the page shows the shipped scenarios and "Lưu thành…"
saves into the user data folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from voila_process import free_port

import simlib
from simlib.scenario import shipped_scenarios

pytestmark = pytest.mark.browser


def test_the_installed_dashboard_lists_the_shipped_scenarios_and_saves_to_the_user_folder(
        installed_wheel, page, page_watch, tmp_path):
    w = installed_wheel
    port = free_port()
    # The borrowed dependencies' data files (Voilà's base templates, the python3 kernel spec)
    # were installed under this interpreter's prefix, not the fresh venv's: point Jupyter there.
    env = {**w.env, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    log = tmp_path / "dashboard.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([str(w.bin / "simlib"), "dashboard", "--no-browser", "--port", str(port)],
                                cwd=w.cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while "is running at" not in log.read_text(errors="replace"):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        page.goto(f"http://127.0.0.1:{port}/?scenario=accelerated&st_budget=40", timeout=120_000)
        page.locator(".sl-save").wait_for(timeout=120_000)
        options = page.locator(".sl-scenario select option").all_inner_texts()
        titles = [simlib.load_scenario(n).title["vi"] for n in shipped_scenarios()]
        assert [o.replace("\xa0", " ") for o in options[:len(titles)]] == titles  # shipped first
        page.locator(".sl-save_name input").fill("Kịch bản của tôi")
        page.locator(".sl-save").click()
        page.locator(".sl-save_msg", has_text="kich-ban-cua-toi.yaml").wait_for()
        saved = w.user_dir / "kich-ban-cua-toi.yaml"
        assert simlib.load_scenario(saved).lever_value("st_budget") == 40
        assert list(w.cwd.iterdir()) == []
        page_watch.assert_clean()
    finally:
        proc.send_signal(signal.SIGTERM)  # simlib dashboard has Voilà shut its kernels down
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
