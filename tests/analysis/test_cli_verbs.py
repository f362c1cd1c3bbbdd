"""The analyst verbs: results on stdout, bad input as one line on stderr with exit code 2."""

import json

import pytest

from simlib.cli import EXIT_INVALID, main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_goal_seek_json(capsys):
    code, out, _ = run(capsys, "goal-seek", "plan", "--indicator", "digital_team_village_coverage",
                       "--year", "2030", "--lever", "digital_team_budget", "--probability", "0.8",
                       "--draws", "200", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["feasible"] and data["lever"] == "digital_team_budget"


def test_goal_seek_in_vietnamese(capsys):
    code, out, _ = run(capsys, "goal-seek", "plan", "--indicator", "digital_team_village_coverage",
                       "--year", "2030", "--lever", "digital_team_budget", "--draws", "100", "--lang", "vi")
    assert code == 0 and "tỷ đồng/năm" in out and "xác suất" in out


@pytest.mark.parametrize("argv,message", [
    (["goal-seek", "plan", "--indicator", "nope", "--year", "2030", "--lever", "st_budget"], "nope"),
    (["sensitivity", "plan", "--indicator", "st_transfer_share", "--year", "2040"], "2040"),
    (["calibrate", "plan", "--parameters", "nope"], "nope"),
    (["allocate", "plan", "--total", "1e6"], "total"),
    (["calibrate", "plan", "--parameters", "team_setup_cost", "--start-year", "2026"], "2026"),
    (["validate-model", "--draws", "1"], "draws"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == EXIT_INVALID and message in err and "Traceback" not in err


def test_sensitivity_tornado_csv(capsys):
    code, out, _ = run(capsys, "sensitivity", "plan", "--indicator", "st_transfer_share", "--year", "2030",
                       "--method", "tornado", "--top", "3", "--format", "csv")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].startswith("indicator,year,parameter") and len(lines) == 4


def test_sensitivity_sobol_every_year(capsys):
    code, out, _ = run(capsys, "sensitivity", "plan", "--indicator", "digital_skills_share", "--n", "32",
                       "--top", "2", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {r["year"] for r in rows} == set(range(2025, 2031)) and "ST_conf" in rows[0]


def test_calibrate_saves_a_scenario_without_overwriting(capsys, tmp_path):
    obs = tmp_path / "obs.csv"
    obs.write_text("indicator,year,value,sd\nsme_platform_trial_share,2025,78,1\n"
                   "sme_platform_trial_share,2026,82,1\nsme_digital_platform_share,2026,26,1\n")
    target = tmp_path / "fitted.yaml"
    argv = ["calibrate", "plan", "--parameters", "sme_trial_p,ecommerce_growth", "--observations", str(obs),
            "--save", str(target)]
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "do not depend" in out and target.exists()
    assert "sme_trial_p" in target.read_text() and "ecommerce_growth" not in target.read_text()
    code, _, err = run(capsys, *argv)
    assert code == EXIT_INVALID and "--force" in err


def test_calibrate_on_the_shipped_observations(capsys):
    code, out, _ = run(capsys, "calibrate", "plan", "--parameters",
                       "team_lapse_rate,team_setup_cost,results_at_reference_budget")
    assert code == 0 and "2 observation(s) cannot identify 3 parameters" in out
    for section in ("fitted observations:", "not fitted:", "start values carried from another year:"):
        assert section in out
    assert "the starting point of the run from 2023" in out and "runs start at 2019, 2023" in out


def test_validate_model_writes_the_page_once(capsys, tmp_path):
    target = tmp_path / "validation.vi.md"
    argv = ["validate-model", "--lang", "vi", "--draws", "50", "--output", str(target)]
    code, _, _ = run(capsys, *argv)
    assert code == 0 and target.read_text(encoding="utf-8").startswith("# Kiểm tra mô hình")
    code, _, err = run(capsys, *argv)
    assert code == EXIT_INVALID and "--force" in err


def test_allocate_table(capsys):
    code, out, _ = run(capsys, "allocate", "plan", "--total", "20", "--draws", "50", "--maxiter", "1")
    assert code == 0 and "digital_team_budget" in out and "expected targets met" in out


def test_reference_markdown(capsys):
    code, out, _ = run(capsys, "reference", "--lang", "vi")
    assert code == 0 and out.startswith("# Kế hoạch 3549") and "| st_budget |" in out


def test_sensitivity_two_indicators_from_one_ensemble(capsys):
    code, out, _ = run(capsys, "sensitivity", "plan", "--indicator",
                       "st_transfer_share,digital_team_village_coverage", "--year", "2030", "--n", "32",
                       "--top", "2", "--format", "csv")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 5
    firsts = [ln.split(",")[0] for ln in lines[1:]]
    assert firsts == ["st_transfer_share"] * 2 + ["digital_team_village_coverage"] * 2
