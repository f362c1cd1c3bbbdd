"""simlib's modules import one another at the top; the few imports of its own modules inside
functions are listed here with why (lazy imports of other packages are a matter of import speed)."""

from __future__ import annotations

import ast
from pathlib import Path

import simlib
from simlib import schema
from simlib.model import REGISTRY

ROOT = Path(simlib.__file__).parent

# (module, imported module) -> why it is imported inside a function
ALLOWED = {
    ("loader", ".observations"): "observations live in the scenario directory, whose files load plans",
    ("schema", ".loader"): "simlib.schema.load_plan, kept for callers from before simlib.loader",
    ("cli", ".dashboard.server"): "Voilà and Jupyter only for `simlib dashboard`",
    ("cli_export", ".export"): "Altair and the PDF/PNG converter only for `simlib export`",
    ("export.__init__", ".deck"): "python-pptx on the first deck only",
    ("export.__init__", ".workbook"): "openpyxl on the first workbook only",
    ("export.files", ".deck"): "python-pptx on the first deck only",
    ("export.files", ".workbook"): "openpyxl on the first workbook only",
    ("export.static", ".converter"): "the PDF/PNG converter on the first static export only",
    ("result", ".plot"): "Altair only when a chart is asked for",
    ("analysis.__init__", "."): "simlib.analysis.charts, the old name of analysis_charts (Altair) on use",
    ("dashboard.app", "..export"): "export code on the first download only",
    ("dashboard.app", "..export.figures"): "export code on the first download only",
    ("dashboard.app", "..export.static"): "the converter warms up in the background",
}


def function_imports() -> set[tuple[str, str]]:
    found = set()
    for path in ROOT.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(fn):
                    if isinstance(node, ast.ImportFrom) and node.level:
                        found.add((module, "." * node.level + (node.module or "")))
    return found


def test_only_the_listed_imports_sit_inside_functions():
    assert function_imports() == set(ALLOWED)


def test_loading_a_plan_registers_the_shipped_components():
    plan = simlib.load_plan(observations=False)
    assert set(plan.model) <= set(REGISTRY)


def test_the_old_home_of_load_plan_still_answers():
    assert schema.load_plan is simlib.load_plan
