"""A corpus of hostile scenario files: each fails with a message naming file, line and field,
in bounded time and memory, with no traceback and no code executed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from simlib.cli import main
from simlib.errors import SimlibValidationError
from simlib.scenario import load_scenario, scenario_from_text
from simlib.yaml_io import MAX_BYTES, MAX_NODES, parse_yaml

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[2]

# file -> (field of the first problem, its line, a fragment of its message)
EXPECTED = {
    "anchor-merge-key.yaml": ("", 3, "anchors and aliases"),
    "based-on-absolute.yaml": ("based_on", 3, "expected a scenario name"),
    "based-on-number.yaml": ("based_on", 3, "expected a scenario name, got 3549"),
    "based-on-self.yaml": ("based_on", 3, "cycle"),
    "based-on-traversal.yaml": ("based_on", 3, "expected a scenario name"),
    "based-on-unknown.yaml": ("based_on", 3, "unknown scenario 'plann'"),
    "billion-laughs.yaml": ("", 3, "anchors and aliases"),
    "binary-tag.yaml": ("title", 3, "tag 'tag:yaml.org,2002:binary' is not allowed"),
    "binary.yaml": ("", None, "not UTF-8"),
    "bom-error-line-4.yaml": ("levers.st_budget", 4, "outside the allowed range 0–100"),
    "bom-twice.yaml": ("levers.st_budget", 4, "outside the allowed range 0–100"),
    "complex-key.yaml": ("levers", 4, "mapping keys must be plain values"),
    "control-char.yaml": ("", 3, "U+0007"),
    "cr-only.yaml": ("levers.st_budget", 4, "outside the allowed range 0–100"),
    "crlf-error-line-4.yaml": ("levers.st_budget", 4, "outside the allowed range 0–100"),
    "deep-dashes-10000.yaml": ("", 4, "nested deeper than 20"),
    "deep-flow-10000.yaml": ("", 3, "nesting depth"),
    "deep-maps-10000.yaml": ("", 3, "nested deeper than 20"),
    "dist-low-above-high.yaml": ("assumptions.results_at_reference_budget", 4, "low (9) must be below"),
    "dist-mean-outside.yaml": ("assumptions.results_at_reference_budget", 4, "within the allowed range"),
    "dist-missing-param.yaml": ("assumptions.results_at_reference_budget", 4, "'high'"),
    "dist-unknown-type.yaml": ("assumptions.results_at_reference_budget.type", 4, "'cauchy'"),
    "duplicate-key.yaml": ("levers", 5, "'st_budget' appears twice"),
    "empty.yaml": ("", None, "file is empty"),
    "future-version.yaml": ("schema_version", 1, "newer simlib"),
    "huge-float.yaml": ("levers.st_budget", 4, "got float inf"),
    "huge-int-5000-digits.yaml": ("levers.st_budget", 4, "cannot read the value"),
    "huge-int.yaml": ("levers.st_budget", 4, "expected a number within 0–100"),
    "huge-version.yaml": ("schema_version", 1, "expected a whole number"),
    "huge-year.yaml": ("levers.intermediary_start_year", 4, "expected a year 2026–2031"),
    "inf.yaml": ("levers.st_budget", 4, "got float inf"),
    "latin1.yaml": ("", None, "not UTF-8"),
    "local-tag.yaml": ("levers", 3, "tag '!mytag' is not allowed"),
    "merge-key.yaml": ("levers", 4, "merge' is not allowed"),
    "name-mismatch.yaml": ("name", 2, "differs from the file name"),
    "name-traversal.yaml": ("name", 2, "is not allowed"),
    "nan.yaml": ("levers.st_budget", 4, "got float nan"),
    "negative-inf-path.yaml": ("levers.demand_led_share.2024", 4, "got float -inf"),
    "negative.yaml": ("levers.comms_spend", 4, "-1.5 is outside the allowed range 0–10"),
    "not-a-mapping.yaml": ("", 1, "expected a mapping, got a list"),
    "nul-bytes.yaml": ("", None, "NUL"),
    "null-levers.yaml": ("levers", 3, "expected a mapping, got nothing"),
    "only-comments.yaml": ("", None, "file is empty"),
    "path-empty.yaml": ("levers.st_budget", 4, "at least one year"),
    "path-year-out.yaml": ("levers.st_budget.1999", 4, "2019–2030"),
    "path-year-text.yaml": ("levers.st_budget.2025", 4, "2019–2030, got '2025'"),
    "plan-path.yaml": ("plan", 3, "unknown plan"),
    "python-apply-top.yaml": ("", 1, "python/object/apply:os.system' is not allowed"),
    "python-apply.yaml": ("title", 3, "python/object/apply:os.system' is not allowed"),
    "python-exec-key.yaml": ("levers", 4, "mapping keys must be plain values"),
    "python-name.yaml": ("levers.st_budget", 4, "python/name:os.system' is not allowed"),
    "python-new.yaml": ("levers", 3, "python/object/new:subprocess.Popen' is not allowed"),
    "set-tag.yaml": ("levers", 3, "set' is not allowed"),
    "surrogate-bytes.yaml": ("", None, "not UTF-8"),
    "syntax-bad-mapping.yaml": ("", 3, "YAML syntax error"),
    "syntax-tab-indent.yaml": ("", 4, "YAML syntax error"),
    "syntax-unclosed-flow.yaml": ("", 4, "YAML syntax error"),
    "syntax-unclosed-quote.yaml": ("", 4, "YAML syntax error"),
    "timestamp.yaml": ("title", 3, "timestamp' is not allowed"),
    "unicode-name.yaml": ("name", 2, "is not allowed"),
    "unicode-rtl-zero-width.yaml": ("name", 2, r"\u202e"),
    "unknown-assumption.yaml": ("assumptions.vilages", 4, "did you mean 'villages'"),
    "unknown-key.yaml": ("leverz", 3, "did you mean 'levers'"),
    "unknown-language.yaml": ("title.fr", 3, "unknown language 'fr'"),
    "unknown-lever.yaml": ("levers.st_budgt", 4, "did you mean 'st_budget'"),
    "utf16.yaml": ("", None, "not UTF-8"),
    "version-float.yaml": ("schema_version", 1, "expected a whole number, got float 1.5"),
    "version-negative.yaml": ("schema_version", 1, "must be 0–1"),
    "wrong-type-lever-bool.yaml": ("levers.st_budget", 4, "got true/false"),
    "wrong-type-lever-text.yaml": ("levers.st_budget", 4, "got text 'thirty'"),
    "wrong-type-levers.yaml": ("levers", 3, "expected a mapping, got a list"),
    "wrong-type-name.yaml": ("name", 2, "expected text, got int"),
    "wrong-type-title.yaml": ("title", 3, "expected text"),
    "wrong-type-version.yaml": ("schema_version", 1, "expected a whole number, got text"),
    "year-fraction.yaml": ("levers.intermediary_start_year", 4, "got 2027.5"),
}
MAX_SECONDS = 2.0
MAX_PEAK_BYTES = 20_000_000


def test_every_corpus_file_has_an_expectation():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_fails_clearly_in_bounded_time_and_memory(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the python-* files try to create ./simlib-pwned
    field, line, fragment = EXPECTED[name]
    path = CORPUS / name
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(SimlibValidationError) as err:
            load_scenario(path)
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    first = err.value.problems[0]
    assert (first.file, first.field, first.line) == (str(path), field, line)
    assert fragment in first.message
    assert all(str(p).startswith(f"{path}:") for p in err.value.problems)
    assert elapsed < MAX_SECONDS and peak < MAX_PEAK_BYTES
    assert not (tmp_path / "simlib-pwned").exists()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_through_the_cli_exits_2_with_one_line_per_problem(name, capsys):
    path = CORPUS / name
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert lines and all(ln.startswith(f"{path}:") for ln in lines)
    assert captured.out == ""


def test_the_real_command_prints_no_traceback_and_runs_nothing(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    files = sorted(str(p) for p in CORPUS.iterdir())
    out = subprocess.run([sys.executable, "-m", "simlib.cli", "validate", *files], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and out.stdout == ""
    assert "Traceback" not in out.stderr
    assert {f for f in files if f in out.stderr} == set(files)
    assert not list(tmp_path.iterdir())  # nothing was executed


def _refused(action, *args, match: str) -> tuple[SimlibValidationError, float, int]:
    """Run ``action(*args)``, expecting a refusal; return it with the seconds and peak bytes taken."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(SimlibValidationError, match=match) as err:
            action(*args)
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return err.value, elapsed, peak


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path, capsys):
    big = tmp_path / "big.yaml"
    with big.open("w") as f:
        f.write("schema_version: 1\nname: big\ndescription: '")
        for _ in range(50):
            f.write("x" * 1_000_000)
        f.write("'\n")
    assert big.stat().st_size > 50_000_000
    err, elapsed, peak = _refused(load_scenario, big, match="larger than the limit")
    assert err.problems[0].file == str(big)
    assert elapsed < 1 and peak < 3 * MAX_BYTES  # reads at most MAX_BYTES + 1
    assert main(["validate", str(big)]) == 2 and "larger than the limit" in capsys.readouterr().err


def test_50_mb_of_text_or_bytes_is_refused_before_parsing():
    text = "a: " + "1" * 50_000_000
    for data in (text, text.encode()):
        err, elapsed, peak = _refused(parse_yaml, data, "upload.yaml", match="larger than the limit")
        assert err.problems[0].file == "upload.yaml"
        assert elapsed < 1 and peak < 1_000_000  # no copy of the 50 MB


def test_too_many_values_are_refused_in_bounded_time_and_memory():
    text = "schema_version: 1\nname: many\nlevers: [" + "0," * MAX_NODES + "0]\n"
    assert len(text) < MAX_BYTES
    err, elapsed, peak = _refused(scenario_from_text, text, match="more than 20,000 values")
    assert elapsed < 5 and peak < 5_000_000  # stopped in the event stream, no nodes built


def test_the_largest_accepted_structure_stays_bounded():
    text = "schema_version: 1\nname: many\nlevers: [" + "0," * (MAX_NODES - 10) + "0]\n"
    err, elapsed, peak = _refused(scenario_from_text, text, match="levers: expected a mapping")
    assert elapsed < 10 and peak < 50_000_000


def test_billion_laughs_at_full_size_is_refused_at_the_first_anchor():
    text = "a: &a [" + ",".join(["x"] * 10) + "]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(20))
    err, elapsed, peak = _refused(parse_yaml, text, match="anchors and aliases")
    assert elapsed < 1 and peak < 1_000_000


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_devices_and_directories_are_refused_without_reading(tmp_path, capsys):
    assert main(["validate", "/dev/zero", str(tmp_path), str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err
    assert "/dev/zero: cannot open: not a regular file" in err
    assert f"{tmp_path}: cannot open: not a regular file" in err
    assert "missing.yaml: cannot open: No such file" in err


@pytest.mark.parametrize("data", [
    b"schema_version: 1\r\nname: ok\r\ntitle: {vi: \"T\xc4\x83ng t\xe1\xbb\x91c\", en: Faster}\r\n"
    b"levers:\r\n  st_budget: 30\r\n",
    b"\xef\xbb\xbfschema_version: 1\nname: ok\ntitle: \"K\xe1\xbb\x8bch b\xe1\xba\xa3n \xf0\x9f\x9a\x80\"\n",
])
def test_windows_line_endings_bom_and_unicode_are_read(data, tmp_path):
    f = tmp_path / "ok.yaml"
    f.write_bytes(data)
    sc = load_scenario(f)
    assert sc.name == "ok" and sc.title["vi"].startswith(("Tăng tốc", "Kịch bản"))
