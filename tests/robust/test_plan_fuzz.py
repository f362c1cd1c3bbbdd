"""Plan files through the same loader: any hostile value or edit is a Plan or clear problems."""

from __future__ import annotations

import copy
from pathlib import Path

from fuzzing import check_problems, examples, values
from hypothesis import given
from hypothesis import strategies as st

from simlib.errors import SimlibValidationError
from simlib.model import check_model
from simlib.schema import PLANS_DIR, Plan, parse_plan
from simlib.yaml_io import dotted, parse_yaml

PLAN_FILE = PLANS_DIR / "kontum_3549.yaml"
TEXT = PLAN_FILE.read_text(encoding="utf-8")
DATA, LINES = parse_yaml(TEXT, str(PLAN_FILE))


def leaves(node, path=()) -> list[tuple]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in leaves(v, (*path, k))] or [path]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in leaves(v, (*path, i))] or [path]
    return [path]


PATHS = [p for p in leaves(DATA) if p]
PATHS += sorted({p[:n] for p in PATHS for n in range(1, len(p))})  # containers too


def load(data, lines, file: str) -> Plan | SimlibValidationError:
    try:
        plan = parse_plan(data, lines, file)
        check_model(plan)
    except SimlibValidationError as exc:
        return exc
    return plan


@examples(150)
@given(st.sampled_from(PATHS), values)
def test_a_bad_value_in_a_plan_is_reported_at_its_field(path, value):
    data = copy.deepcopy(DATA)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    outcome = load(data, LINES, str(PLAN_FILE))
    if isinstance(outcome, SimlibValidationError):
        check_problems(outcome, str(PLAN_FILE), TEXT)
        where = dotted(path)
        assert any(p.field in ("", "model") or where.startswith(p.field) or p.field.startswith(where)
                   or p.field.split(".")[0] == where.split(".")[0] for p in outcome.problems)


@examples(60)
@given(st.lists(st.tuples(st.floats(0, 1), st.sampled_from(list(":-[]{}&*!|'\"#\t\r\n\x00 ") + ["  "])),
                min_size=1, max_size=5))
def test_edited_plan_files_are_a_plan_or_clear_problems(edits):
    text = TEXT
    for where, char in edits:
        i = int(where * len(text))
        text = text[:i] + char + text[i:]
    file = str(Path("edited") / PLAN_FILE.name)
    try:
        data, lines = parse_yaml(text, file)
    except SimlibValidationError as exc:
        check_problems(exc, file, text)
        return
    outcome = load(data, lines, file)
    if isinstance(outcome, SimlibValidationError):
        check_problems(outcome, file, text)
