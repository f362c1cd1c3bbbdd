"""Every shipped notebook executes headless, top to bottom, in notebooks/ (outputs stripped),
and leaves ``git status`` as it was: what notebooks write goes to the ignored ``out/``."""

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from simlib.dashboard.server import dashboard_notebook

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
# The README's reading order; presenter_export runs in tests/export/test_notebook.py.
NAMES = ["explore_scenarios", "sensitivity", "goal_seek_and_budget", "calibration", "extend_model"]
ELSEWHERE = ["presenter_export"]
# The planner dashboard is package data (simlib dashboard serves it); it runs here too, in notebooks/.
PATHS = {**{n: NOTEBOOKS / f"{n}.ipynb" for n in NAMES}, "dashboard": dashboard_notebook()}


def test_every_shipped_notebook_is_run_and_the_readme_gives_the_reading_order():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES + ELSEWHERE)
    readme = (NOTEBOOKS.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Analysts in JupyterLab")[1].split("\n## ")[0]
    order = NAMES + ELSEWHERE
    assert " → ".join(f"`{n}`" for n in order) in " ".join(section.split())


def execute(path: Path, cwd: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.delenv("SIMLIB_EXTENSIONS", raising=False)
    root = str(NOTEBOOKS.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    book = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in book.cells if c.cell_type == "code"), "commit notebooks with outputs stripped"
    client = NotebookClient(book, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return book


def outputs(book: nbformat.NotebookNode) -> list[dict]:
    return [o for c in book.cells if c.cell_type == "code" for o in c.outputs]


@pytest.mark.notebook
@pytest.mark.parametrize("name", PATHS)
def test_notebook_executes(name, monkeypatch, leaves_checkout_clean):
    book = execute(PATHS[name], NOTEBOOKS, monkeypatch)
    assert not [o for o in outputs(book) if o.get("name") == "stderr"], "a warning box in Lab"
    if name == "extend_model":
        text = "".join(o.get("text", "") for o in outputs(book))
        assert "agri_households_ecommerce" in text
