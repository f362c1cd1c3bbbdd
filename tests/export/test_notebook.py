"""The presenter notebook runs headless, top to bottom, and writes its exports."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "presenter_export.ipynb"


@pytest.mark.notebook
def test_presenter_notebook_executes(tmp_path, monkeypatch):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs not stripped"
    repo = str(NOTEBOOK.parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([repo, os.environ.get("PYTHONPATH", "")]))
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    # Progress is a widget, never text on stderr (Jupyter draws that as a pink warning box).
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.get("name") == "stderr"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
               for c in nb.cells if c.cell_type == "code" and "pptx" in c.source for o in c.outputs)
    out = tmp_path / "exports"
    assert (out / "report.en.html").stat().st_size > 10_000
    assert (out / "plan.st_transfer_share.vi.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "plan+accelerated+constrained-budget.report.vi.html").exists()
    assert (out / "plan+accelerated+constrained-budget.deck.vi.pptx").stat().st_size > 100_000
    assert (out / "plan+accelerated+constrained-budget.data.vi.xlsx").exists()
