"""The command line: exit codes, one line per problem, output formats, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simlib.cli import main
from simlib.scenario import SHIPPED_DIR

ROOT = Path(__file__).resolve().parents[1]


def test_validate_shipped_scenarios(capsys):
    files = sorted(str(p) for p in SHIPPED_DIR.glob("*.yaml"))
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out.count(": ok") == len(files)


def test_validate_bad_file_exits_2_with_one_line_per_problem(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nname: bad\nlevers:\n  st_budget: -5\n  comms: 1\nextra: 1\n")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3
    assert all(line.startswith(f"{bad}:") for line in err)


def test_run_formats(capsys):
    assert main(["run", "plan", "--draws", "300", "--seed", "1", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["indicator"] for r in rows} >= {"st_transfer_share", "digital_team_village_coverage"}
    assert main(["run", "plan", "--draws", "300", "--format", "csv", "--what", "bands"]) == 0
    assert capsys.readouterr().out.startswith("scenario,indicator,year,p05,median,p95,mean")
    assert main(["run", "baseline", "--draws", "50", "--lang", "vi"]) == 0
    assert "Tỷ lệ kết quả nghiên cứu được chuyển giao" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    [], ["frobnicate"], ["run"], ["run", "plan", "--draws", "0"], ["run", "plan", "--draws", "x"],
    ["run", "plan", "--format", "xml"], ["run", "plan", "--seed", "-1"], ["validate"],
])
def test_wrong_arguments_give_usage_and_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "usage: simlib" in capsys.readouterr().err


def test_unknown_scenario_is_a_message_not_a_traceback():
    out = subprocess.run([sys.executable, "-m", "simlib.cli", "run", "nosuch"], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 2
    assert "cannot open" in out.stderr and "Traceback" not in out.stderr
