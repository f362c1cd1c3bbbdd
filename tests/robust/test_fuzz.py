"""Hypothesis fuzzing of the loader and validator: structure, values, raw text and round trips.

Whatever the input, the answer is a valid Scenario or a SimlibValidationError whose problems
each name the file, a line inside it and (for a field's value) that field — never another
exception. Example counts are bounded so the suite stays fast in CI.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import yaml
from fuzzing import ASSUMPTIONS, LEVERS, PLAN, check_problems, examples, keys, numbers, values, words
from hypothesis import assume, given
from hypothesis import strategies as st

from simlib.cli import main
from simlib.errors import SimlibValidationError
from simlib.scenario import SHIPPED_DIR, Scenario, load_scenario, scenario_from_text
from simlib.yaml_io import dotted, parse_yaml

FILE = "fuzz.yaml"
FAST = examples(150)

lever_values = st.one_of(numbers, st.dictionaries(st.integers(2015, 2035) | keys, numbers | values,
                                                  max_size=4), values)
distributions = st.fixed_dictionaries(
    {"type": st.sampled_from(["fixed", "uniform", "triangular", "normal", "lognormal", "beta"]) | words},
    optional={k: numbers | values for k in ("low", "high", "mode", "mean", "sd", "median", "sigma",
                                             "a", "b")})
documents = st.fixed_dictionaries({}, optional={
    "schema_version": st.integers(-2, 3) | values, "name": st.just("fuzz") | values,
    "title": words | st.fixed_dictionaries({"vi": words, "en": words}) | values,
    "based_on": st.sampled_from(["plan", "baseline", "accelerated"]) | values,
    "plan": st.sampled_from(["kontum_3549"]) | values,
    "levers": st.dictionaries(st.sampled_from(LEVERS) | keys, lever_values, max_size=5) | values,
    "assumptions": st.dictionaries(st.sampled_from(ASSUMPTIONS) | keys,
                                   numbers | distributions | values, max_size=4) | values,
}) | values


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def check_outcome(text: str | bytes, file: str = FILE) -> Scenario | SimlibValidationError:
    """Load ``text``; assert the outcome is a valid scenario or a well-formed refusal."""
    try:
        sc = scenario_from_text(text, file)
    except SimlibValidationError as exc:
        check_problems(exc, file, text)
        return exc
    for lid, v in sc.levers.items():
        lo, hi = PLAN.levers[lid].range
        for x in (v.values() if isinstance(v, dict) else [v]):
            assert math.isfinite(x) and lo <= x <= hi
    return sc


def related(field: str, path: str) -> bool:
    return field == path or field.startswith(path + ".") or path.startswith(field + ".")


@FAST
@given(documents)
def test_any_structure_is_a_scenario_or_a_clear_refusal(doc):
    outcome = check_outcome(dump(doc))
    if isinstance(outcome, Scenario):
        again = scenario_from_text(outcome.to_yaml(), FILE)
        assert (again.levers, again.assumptions) == (outcome.levers, outcome.assumptions)


BASE = {"schema_version": 1, "name": "fuzz", "title": {"vi": "Thử", "en": "Try"},
        "levers": {"st_budget": 30, "demand_led_share": {2024: 50, 2027: 80},
                   "intermediary_start_year": 2027},
        "assumptions": {"villages": {"type": "uniform", "low": 850, "high": 870},
                        "team_lapse_rate": 0.05}}
PATHS = [("schema_version",), ("name",), ("title",), ("title", "vi"), ("based_on",), ("plan",),
         ("levers",), ("levers", "st_budget"), ("levers", "demand_led_share", 2024),
         ("levers", "intermediary_start_year"), ("assumptions",), ("assumptions", "villages"),
         ("assumptions", "villages", "low"), ("assumptions", "villages", "type"),
         ("assumptions", "team_lapse_rate")]


def put(doc: dict, path: tuple, value) -> dict:
    out = yaml.safe_load(dump(doc))
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


@FAST
@given(st.sampled_from(PATHS), st.one_of(values, lever_values, distributions))
def test_a_bad_value_is_reported_at_its_field(path, value):
    outcome = check_outcome(dump(put(BASE, path, value)))
    if isinstance(outcome, SimlibValidationError):
        fields = [p.field for p in outcome.problems]
        assert any(related(f, dotted(path)) for f in fields), (fields, path)


EDIT_CHARS = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\t\r\n\x00\x07\ufeff\u2028 é0") + ["\r\n", "  "])


@examples(200)
@given(st.sampled_from(sorted(SHIPPED_DIR.glob("*.yaml"))), st.lists(
    st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "replace"]), EDIT_CHARS),
    min_size=1, max_size=6))
def test_edited_shipped_files_are_a_scenario_or_a_clear_refusal(path, edits):
    text = path.read_text(encoding="utf-8")
    for where, op, char in edits:
        i = int(where * len(text))
        text = text[:i] + ("" if op == "delete" else char) + text[i + (op != "insert"):]
    check_outcome(text, path.name)


@FAST
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_raw_text_and_bytes_never_raise_anything_else(data):
    try:
        parse_yaml(data, FILE)
    except SimlibValidationError as exc:
        assert all(p.file == FILE for p in exc.problems)
    check_outcome(data)


def _number_in(lo: float, hi: float):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False) | st.integers(math.ceil(lo),
                                                                                    math.floor(hi))


@st.composite
def valid_edits(draw) -> tuple[dict, dict]:
    levers = {}
    for lid in draw(st.lists(st.sampled_from(LEVERS), max_size=6, unique=True)):
        lever = PLAN.levers[lid]
        lo, hi = lever.range
        if lever.kind == "year":
            levers[lid] = draw(st.integers(int(lo), int(hi)))
        else:
            levers[lid] = draw(_number_in(lo, hi) | st.dictionaries(
                st.integers(PLAN.history_from, PLAN.end_year), _number_in(lo, hi), min_size=1, max_size=4))
    assumptions = {}
    for aid in draw(st.lists(st.sampled_from(ASSUMPTIONS), max_size=4, unique=True)):
        base = PLAN.assumptions[aid]
        lo, hi = base.range
        a, b = sorted(draw(st.lists(_number_in(lo, hi), min_size=2, max_size=2, unique=True)))
        assumptions[aid] = draw(st.sampled_from([a, {"type": "uniform", "low": a, "high": b}]))
    return levers, assumptions


@examples(100)
@given(valid_edits())
def test_to_yaml_round_trips_and_saved_files_pass_validate(edits):
    from simlib.storage import save_scenario

    levers, assumptions = edits
    try:
        sc = load_scenario("plan").with_levers(**levers).with_assumptions(**assumptions)
    except SimlibValidationError:
        assume(False)  # e.g. a uniform override whose low-high excludes nothing valid
    again = scenario_from_text(sc.to_yaml(), "plan.yaml")
    assert (again.levers, again.assumptions) == (sc.levers, sc.assumptions)
    with tempfile.TemporaryDirectory() as d:
        path = save_scenario(sc, "fuzz-saved", Path(d))
        assert main(["validate", str(path)]) == 0
        saved = load_scenario(path)
        assert (saved.levers, saved.assumptions) == (sc.levers, sc.assumptions)


@examples(60)
@given(documents)
def test_the_validate_command_exits_0_or_2(doc):
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / FILE
        f.write_text(dump(doc), encoding="utf-8")
        assert main(["validate", str(f)]) in (0, 2)
