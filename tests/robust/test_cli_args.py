"""Wrong arguments to every verb: a usage message and exit 2, before any work or import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simlib.cli import COMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parents[2]

BAD = {
    "validate": [[], ["--bogus", "plan"], ["-x"]],
    "run": [[], ["plan", "extra"], ["plan", "--draws", "0"], ["plan", "--draws", "-5"],
            ["plan", "--draws", "1e9"], ["plan", "--draws", "abc"], ["plan", "--draws", "2000000"],
            ["plan", "--draws"], ["plan", "--seed", "-1"], ["plan", "--seed", str(2**32)],
            ["plan", "--seed", "1.5"], ["plan", "--format", "xml"], ["plan", "--lang", "fr"],
            ["plan", "--what", "everything"], ["plan", "--bogus"]],
    "dashboard": [["--port", "0"], ["--port", "65536"], ["--port", "-1"], ["--port", "http"],
                  ["--port"], ["--no-browser=yes"], ["extra"], ["--bogus"]],
    "goal-seek": [[], ["plan"], ["plan", "--indicator", "x", "--lever", "y"],
                  ["plan", "--indicator", "x", "--lever", "y", "--year", "soon"],
                  ["plan", "--indicator", "x", "--lever", "y", "--year", "2025", "--probability", "p"],
                  ["plan", "--indicator", "x", "--lever", "y", "--year", "2025", "--draws", "0"]],
    "sensitivity": [[], ["plan", "--top", "x"], ["plan", "--indicator", "x", "--method", "morris"],
                    ["plan", "--indicator", "x", "--n", "many"], ["plan", "--indicator", "x", "--year", "y"]],
    "calibrate": [[], ["plan"], ["plan", "--parameters", "a", "--relative-sd", "wide"],
                  ["plan", "--parameters", "a", "--format", "xml"], ["plan", "--parameters", "a", "--save"],
                  ["plan", "--parameters", "a", "--start-year", "soon"]],
    "allocate": [[], ["plan"], ["plan", "--total", "lots"], ["plan", "--total", "5", "--maxiter", "1.5"],
                 ["plan", "--total", "5", "--seed", "-1"]],
    "reference": [["plan"], ["--lang", "fr"], ["--format", "pdf"], ["--output"]],
    "observe": [[], ["st_transfer_share"], ["st_transfer_share", "2025", "62.5"],
                ["st_transfer_share", "soon", "1", "--source", "s"],
                ["st_transfer_share", "2025", "lots", "--source", "s"],
                ["st_transfer_share", "2025", "1", "extra", "--source", "s"], ["--list", "--remove"],
                ["--list", "--replace"], ["--confidence", "sure", "--list"], ["--plan", "nosuch", "--list"],
                ["--remove", "st_transfer_share"], ["--source"], ["--bogus"]],
    "validate-model": [["plan"], ["--lang", "fr"], ["--format", "csv"], ["--draws", "0"],
                       ["--seed", "-1"], ["--output"]],
    "export": [[], ["plan", "--format", "gif"], ["plan", "--format", ","], ["plan", "--theme", "dark"],
               ["plan", "--lang", "fr"], ["plan", "--draws", "0"], ["plan", "--seed", "-1"],
               ["plan", "--out"], ["plan", "--bogus"]],
}


def test_every_verb_is_covered():
    assert set(BAD) == set(COMMANDS)


@pytest.mark.parametrize("verb, args", [(v, a) for v, cases in BAD.items() for a in cases])
def test_wrong_arguments_print_usage_and_exit_2(verb, args, capsys):
    before = set(sys.modules)
    with pytest.raises(SystemExit) as exit_:
        main([verb, *args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    # the verb's usage (unrecognised options get the top-level usage), then one error line
    assert err.startswith("usage: simlib") and err.count("error:") == 1
    assert err.strip().splitlines()[-1].startswith("simlib") and "error:" in err.splitlines()[-1]
    assert "Traceback" not in err
    assert not {m for m in set(sys.modules) - before if m.startswith("simlib.dashboard")}


@pytest.mark.parametrize("argv", [[], ["nonsense"], ["--version"], ["RUN", "plan"], [""]])
def test_wrong_verbs_print_usage_and_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and capsys.readouterr().err.startswith("usage: simlib")


@pytest.mark.parametrize("verb", sorted(COMMANDS))
def test_help_exits_0(verb, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([verb, "--help"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith(f"usage: simlib {verb}")


@pytest.mark.parametrize("target", ["nosuch", "../../etc/passwd", "/dev/null", "/", "scenarios"])
def test_run_with_an_unusable_scenario_exits_2_with_a_message(target, capsys):
    assert main(["run", target, "--draws", "10"]) == 2
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err


TOKENS = st.sampled_from([*COMMANDS, "plan", "--draws", "--seed", "--port", "--format", "--lang",
                          "--what", "--no-browser", "-h", "0", "-1", "1", "x", "json", "vi", "",
                          "--", "-", "=", "--draws=0", "--port=99999", "\x00", "ä"])


@settings(max_examples=150, deadline=None)
@given(st.lists(TOKENS | st.text(max_size=8), max_size=6))
def test_any_argument_list_parses_or_exits_0_or_2(argv):
    try:
        build_parser().parse_args(argv)
    except SystemExit as exc:
        assert exc.code in (0, 2)


def test_the_real_command_exits_2_on_bad_arguments_before_importing_the_dashboard():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "simlib.cli", "dashboard", "--port", "70000"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2 and out.stderr.startswith("usage: simlib dashboard")
    assert "70000 is outside the allowed range 1–65535" in out.stderr and "Traceback" not in out.stderr
