"""Every analyst notebook executes headless, top to bottom, in notebooks/ (outputs stripped)."""

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = ["explore_scenarios", "sensitivity", "goal_seek_and_budget", "calibration", "extend_model"]


@pytest.mark.notebook
@pytest.mark.parametrize("name", NAMES)
def test_notebook_executes(name, monkeypatch):
    monkeypatch.delenv("SIMLIB_EXTENSIONS", raising=False)
    root = str(NOTEBOOKS.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    book = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in book.cells if c.cell_type == "code"), "commit notebooks with outputs stripped"
    client = NotebookClient(book, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    if name == "extend_model":
        text = "".join(o.get("text", "") for c in book.cells if c.cell_type == "code" for o in c.outputs)
        assert "agri_households_ecommerce" in text
