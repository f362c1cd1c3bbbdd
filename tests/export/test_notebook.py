"""The presenter notebook runs headless, top to bottom, in notebooks/, and writes its exports into
the ignored ``out/`` folder there (``git status`` unchanged)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "presenter_export.ipynb"


@pytest.mark.notebook
def test_presenter_notebook_executes(monkeypatch, leaves_checkout_clean):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs not stripped"
    repo = str(NOTEBOOK.parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([repo, os.environ.get("PYTHONPATH", "")]))
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    started = time.time() - 1
    client.execute()
    # Progress is an HTML bar in the cell's output, never text on stderr (a pink warning box).
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.get("name") == "stderr"]
    assert any("<progress" in str(o.get("data", {}).get("text/html", ""))
               for c in nb.cells if c.cell_type == "code" and "pptx" in c.source for o in c.outputs)
    out = NOTEBOOK.parent / "out" / "exports"
    written = [out / "report.en.html", out / "plan.st_transfer_share.vi.png",
               out / "plan+accelerated+constrained-budget.report.vi.html",
               out / "plan+accelerated+constrained-budget.deck.vi.pptx",
               out / "plan+accelerated+constrained-budget.data.vi.xlsx"]
    assert all(p.stat().st_mtime >= started for p in written), "written by this run"
    assert written[0].stat().st_size > 10_000
    assert written[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert written[3].stat().st_size > 100_000
