"""The model reference is generated from the declarations; the committed copy must match."""

from pathlib import Path

import simlib
from simlib.analysis import model_reference

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_committed_reference_is_up_to_date():
    for lang in ("en", "vi"):
        path = DOCS / f"model_reference.{lang}.md"
        plan = simlib.load_plan(observations=False)
        assert path.read_text(encoding="utf-8") == model_reference(plan, lang), (
            f"{path} is stale: regenerate with `simlib reference --lang {lang} --output {path} --force`")


def test_every_declaration_is_listed_with_its_source():
    plan = simlib.load_plan(observations=False)
    text = model_reference(plan)
    for ids in (plan.indicators, plan.levers, plan.assumptions):
        for i in ids:
            assert f"| {i} |" in text
    assert "[assumption (no source)]" in text
    for name in plan.model:
        assert f"| {name} |" in text


def test_html_is_escaped_and_in_the_chosen_language():
    page = model_reference(simlib.load_plan(observations=False), "vi", "html")
    assert page.startswith("<!DOCTYPE html>") and 'lang="vi"' in page
    assert "Đòn bẩy chính sách" in page and "S&amp;T" in page


def test_analyst_docs_show_the_extension_file_as_it_is():
    source = (DOCS.parent / "extensions" / "agri_ecommerce.py").read_text(encoding="utf-8")
    assert f"```python\n{source}```" in (DOCS / "analyst.md").read_text(encoding="utf-8")
