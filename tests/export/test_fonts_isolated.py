"""On a machine without system fonts the charts come out the same: the shipped DejaVu Sans VN
measures the text (SVG) and draws it (PNG; the PDF embeds the same font, but its object order
changes from one process to the next)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import hashlib, altair as alt
from simlib.export import render
title = "Tỷ lệ kết quả nghiên cứu được chuyển giao"
chart = alt.Chart(alt.Data(values=[{"x": 1}]), title=title).mark_point().encode(x="x:Q")
print(*(f"{fmt}:{hashlib.sha256(data).hexdigest()}" for fmt, data in render(chart, ("png", "svg")).items()))
"""


def drawn(prefix: list[str]) -> list[str]:
    """Hashes of the chart's PNG and SVG bytes drawn by a new Python started after ``prefix``."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run([*prefix, sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env=env, timeout=300)
    if proc.returncode and "mount" in proc.stderr:
        pytest.skip(f"cannot hide the system fonts here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


@pytest.mark.skipif(not shutil.which("unshare") or os.geteuid() != 0,
                    reason="needs root and unshare to hide the system fonts")
def test_charts_are_the_same_when_system_fonts_are_hidden():
    hide = " && ".join(f"mount -t tmpfs none {d}" for d in ("/usr/share/fonts", "/usr/local/share/fonts")
                       if Path(d).is_dir())
    if not hide:
        pytest.skip("no system font folder to hide")
    hidden = drawn(["unshare", "-m", "sh", "-c", f'{hide} && exec "$0" "$@"'])
    assert [h.split(":")[0] for h in hidden] == ["png", "svg"]
    assert hidden == drawn([])
