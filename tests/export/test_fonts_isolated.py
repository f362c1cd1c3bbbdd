"""On a machine without system fonts the charts still use the shipped DejaVu Sans."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import re, altair as alt
from simlib.export import chart_bytes
title = "Tỷ lệ kết quả nghiên cứu được chuyển giao"
chart = alt.Chart(alt.Data(values=[{"x": 1}]), title=title).mark_point().encode(x="x:Q")
pdf = chart_bytes(chart, "pdf")
print(sorted({m.split(b"+")[-1].decode() for m in re.findall(rb"/BaseFont\\s*/([\\w+\\-]+)", pdf)}))
"""


@pytest.mark.skipif(not shutil.which("unshare") or os.geteuid() != 0,
                    reason="needs root and unshare to hide the system fonts")
def test_pdf_uses_the_shipped_font_when_system_fonts_are_hidden():
    hide = " && ".join(f"mount -t tmpfs none {d}" for d in ("/usr/share/fonts", "/usr/local/share/fonts")
                       if Path(d).is_dir())
    if not hide:
        pytest.skip("no system font folder to hide")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run(["unshare", "-m", "sh", "-c", f'{hide} && exec "$0" -c "$1"', sys.executable,
                           SCRIPT], capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode and "mount" in proc.stderr:
        pytest.skip(f"cannot hide the system fonts here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['DejaVuSansVN', 'DejaVuSansVN-Bold']"
