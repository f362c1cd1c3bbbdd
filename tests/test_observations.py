"""Observed values entered by users: the file's rules, plan loading, atomic saves, the CLI verb."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from pathlib import Path

import pytest

from simlib.cli import main
from simlib.errors import SimlibValidationError
from simlib.loader import load_plan
from simlib.observations import (
    FILE_NAME,
    USER_MARK,
    InvalidObservation,
    ObservationExists,
    UserObservation,
    apply_observations,
    observations_path,
    read_observations,
    remove_observation,
    save_observation,
)
from simlib.scenario import available_scenarios
from simlib.schema import PLANS_DIR
from simlib.storage import scenario_name_problem

SOURCE = "Báo cáo tổng kết KH&CN 2021–2025 (Sở KH&CN)"


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty scenarios folder made the default, so nothing is written into the repository."""
    monkeypatch.setenv("SIMLIB_SCENARIOS", str(tmp_path))
    return tmp_path


def entries(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir() if not p.name.endswith(".lock"))


def observed(plan, indicator: str) -> dict[int, tuple[float, str, str]]:
    return {o.year: (o.value, o.source, o.confidence) for o in plan.indicators[indicator].observed}


# --- plan loading ---------------------------------------------------------------------------
def test_saved_value_shows_up_in_the_next_load_plan_with_its_source(user_dir):
    shipped = load_plan()
    assert 2025 not in observed(shipped, "st_transfer_share")
    path = save_observation("kontum_3549", "st_transfer_share", 2025, 62.5, SOURCE, "medium")
    assert path == user_dir / FILE_NAME == observations_path()
    plan = load_plan()
    assert plan is not shipped and load_plan() is plan  # re-read once, then cached
    value, source, confidence = observed(plan, "st_transfer_share")[2025]
    assert (value, confidence) == (62.5, "medium")
    assert source.startswith(SOURCE) and USER_MARK in source and dt.date.today().isoformat() in source
    years = [o.year for o in plan.indicators["st_transfer_share"].observed]
    assert years == sorted(years) and years[-1] == 2025
    assert load_plan(observations=False) is shipped  # the declarations alone are unchanged


def test_a_user_row_replaces_the_plan_file_value_of_that_year_only(user_dir):
    plan_file = (PLANS_DIR / "kontum_3549.yaml").read_bytes()
    shipped = observed(load_plan(), "digital_teams")
    assert {2023, 2024} <= set(shipped)
    save_observation("kontum_3549", "digital_teams", 2024, 571, "Sở TT&TT, báo cáo 12/2024")
    now = observed(load_plan(), "digital_teams")
    assert now[2023] == shipped[2023] and now[2024][0] == 571 and now[2024][2] == "user"
    assert [o.year for o in load_plan().indicators["digital_teams"].observed].count(2024) == 1
    assert (PLANS_DIR / "kontum_3549.yaml").read_bytes() == plan_file


def test_the_2025_verdict_follows_the_observation(user_dir):
    import simlib

    sc = simlib.load_scenario("baseline")
    row = next(r for r in simlib.simulate(sc, draws=200, seed=1).target_rows()
               if (r["indicator"], r["year"]) == ("st_transfer_share", 2025))
    assert row["observed"] is None
    for value, status in ((62.5, "met"), (40, "missed")):
        save_observation("kontum_3549", "st_transfer_share", 2025, value, SOURCE, replace=True)
        res = simlib.simulate(simlib.load_scenario("baseline"), draws=200, seed=1)
        row = next(r for r in res.target_rows()
                   if (r["indicator"], r["year"]) == ("st_transfer_share", 2025))
        assert (row["observed"], row["status"]) == (value, status)


def test_apply_observations_is_pure_and_keeps_other_plans_rows_out():
    plan = load_plan(observations=False)
    rows = [UserObservation("kontum_3549", "st_results_completed", 2025, 6, "a"),
            UserObservation("kontum_3549", "st_results_completed", 2020, 5, "b", "low"),
            UserObservation("kontum_3549", "st_results_completed", 2022, 3, "c"),
            UserObservation("quangngai_2030_illustrative", "digital_teams", 2025, 9, "d")]
    new = apply_observations(plan, rows)
    assert [(o.year, o.value) for o in new.indicators["st_results_completed"].observed] == [
        (2019, 8.5), (2020, 5), (2022, 3), (2025, 6)]
    assert observed(new, "digital_teams") == observed(plan, "digital_teams")
    assert observed(plan, "st_results_completed")[2022][0] == 2  # the input plan is untouched
    with pytest.raises(ValueError, match="no indicator 'nosuch'"):
        apply_observations(plan, [UserObservation("kontum_3549", "nosuch", 2025, 1, "x")])


# --- the file's rules -----------------------------------------------------------------------
ROW = "{plan: kontum_3549, indicator: st_transfer_share, year: 2025, value: 62.5, source: report}"
RANGE = "0–100 % of results accepted in the period"


@pytest.mark.parametrize("row, field, message", [
    (ROW.replace("st_transfer_share", "st_transfer_shar"), "indicator",
     "unknown indicator 'st_transfer_shar'; did you mean 'st_transfer_share'?"),
    (ROW.replace("kontum_3549", "kontum_3594"), "plan",
     "unknown plan 'kontum_3594'; did you mean 'kontum_3549'?"),
    (ROW.replace("2025", "2031"), "year", "2031 is outside the allowed range 2019–2030"),
    (ROW.replace("2025", "2025.5"), "year", "expected a whole number within 2019–2030, got float 2025.5"),
    (ROW.replace("62.5", "162.5"), "value", f"162.5 is outside the allowed range {RANGE}"),
    (ROW.replace("62.5", "abc"), "value", f"expected a number within {RANGE}, got text 'abc'"),
    (ROW.replace("62.5", ".nan"), "value", f"expected a number within {RANGE}, got float nan"),
    (ROW.replace("report", "''"), "source", "expected one line of text, 1–500 characters"),
    (ROW.replace("report", "'" + "x" * 501 + "'"), "source", "is 501 characters long"),
    (ROW.replace("}", ", confidence: sure}"), "confidence", "unknown value 'sure'"),
    (ROW.replace("}", ", entered: '2026-13-01'}"), "entered", "expected a date like \"2026-12-02\""),
    (ROW.replace("}", ", valeu: 1}"), "valeu", "unknown observation field 'valeu'; did you mean 'value'?"),
    (ROW.replace(", value: 62.5", ""), "", "missing required field 'value'"),
])
def test_every_problem_names_file_line_field_and_the_allowed_range(row, field, message, user_dir):
    path = user_dir / FILE_NAME
    path.write_text(f"schema_version: 1\nobservations:\n  - {ROW.replace('2025', '2024')}\n  - {row}\n",
                    encoding="utf-8")
    with pytest.raises(SimlibValidationError) as err:
        read_observations(path)
    [problem] = err.value.problems
    assert (problem.file, problem.line) == (str(path), 4)
    assert problem.field == ".".join(p for p in ("observations.1", field) if p)
    assert message in problem.message
    with pytest.raises(SimlibValidationError, match=str(path)):
        load_plan()  # a bad file stops plan loading with the same message, never half-applied


def test_duplicate_rows_are_refused_naming_both_lines(user_dir):
    path = user_dir / FILE_NAME
    other = ROW.replace("62.5", "61")
    path.write_text(f"schema_version: 1\nobservations:\n  - {ROW}\n  - {ROW.replace('2025', '2024')}\n"
                    f"  - {other}\n", encoding="utf-8")
    with pytest.raises(SimlibValidationError) as err:
        read_observations(path)
    [problem] = err.value.problems
    assert (problem.line, problem.field) == (5, "observations.2")
    assert "st_transfer_share 2025 of plan kontum_3549 is given twice (also at line 3)" in problem.message


def test_rows_of_another_plan_are_checked_against_that_plan(user_dir):
    path = user_dir / FILE_NAME
    path.write_text("observations:\n  - {plan: quangngai_2030_illustrative, indicator: digital_teams,"
                    " year: 2024, value: 10, source: s}\n", encoding="utf-8")
    with pytest.raises(SimlibValidationError, match="2024 is outside the allowed range 2025–2030"):
        read_observations(path)


@pytest.mark.parametrize("text, line, message", [
    ("schema_version: 1\nobservations:\n  - {plan: kontum_3549, year: [\n", 4, "YAML syntax error"),
    ("", None, "file is empty"),
    ("schema_version: 2\nobservations: []\n", 1, "upgrade simlib"),
    ("observations: {a: 1}\n", 1, "expected a list, got a mapping"),
    ("observations:\n  - 5\n", 2, "expected a mapping, got int"),
    ("observations:\n  - {plan: kontum_3549, indicator: st_transfer_share, year: 2025, value: 1, "
     "source: s, entered: 2026-12-02}\n", 2, "timestamp' is not allowed"),
])
def test_a_corrupt_file_is_a_validation_error_naming_the_file(text, line, message, user_dir):
    path = user_dir / FILE_NAME
    path.write_text(text, encoding="utf-8")
    for read in (lambda: read_observations(path), load_plan):
        with pytest.raises(SimlibValidationError) as err:
            read()
        assert err.value.problems[0].file == str(path) and err.value.problems[0].line == line
        assert message in str(err.value)
    before = path.read_bytes()
    with pytest.raises(SimlibValidationError, match=str(path)):  # nothing is saved over it
        save_observation("kontum_3549", "st_transfer_share", 2025, 62.5, SOURCE)
    assert path.read_bytes() == before and entries(user_dir) == [FILE_NAME]


# --- saving ---------------------------------------------------------------------------------
@pytest.mark.parametrize("args, field, message", [
    (("st_transfer_shar", 2025, 62.5, SOURCE), "indicator", "did you mean 'st_transfer_share'?"),
    (("st_transfer_share", 2018, 62.5, SOURCE), "year", "outside the allowed range 2019–2030"),
    (("st_transfer_share", 2025, 101, SOURCE), "value",
     "outside the allowed range 0–100 % of results accepted in the period"),
    (("st_transfer_share", 2025, float("inf"), SOURCE), "value", "expected a number within 0–100"),
    (("st_transfer_share", 2025, "62.5", SOURCE), "value", "got text '62.5'"),
    (("st_transfer_share", 2025, 62.5, "   "), "source", "expected one line of text"),
    (("st_transfer_share", 2025, 62.5, "two\nlines"), "source", "one line"),
    (("st_transfer_share", 2025, 62.5, SOURCE, "sure"), "confidence", "unknown value 'sure'"),
])
def test_a_bad_value_is_refused_before_anything_is_written(args, field, message, user_dir):
    with pytest.raises(InvalidObservation) as err:
        save_observation("kontum_3549", *args)
    [problem] = err.value.problems
    assert (problem.file, problem.field) == (str(user_dir / FILE_NAME), field)
    assert message in problem.message
    assert entries(user_dir) == []


def test_an_unknown_plan_is_refused_with_a_suggestion(user_dir):
    with pytest.raises(InvalidObservation, match="unknown plan 'kontum'; did you mean 'kontum_3549'"):
        save_observation("kontum", "st_transfer_share", 2025, 62.5, SOURCE)


def test_saves_are_atomic_never_replace_without_the_flag_and_keep_numbered_backups(user_dir):
    path = save_observation("kontum_3549", "st_transfer_share", 2025, 60, SOURCE)
    texts = [path.read_text(encoding="utf-8")]
    with pytest.raises(ObservationExists, match="replace=True") as err:
        save_observation("kontum_3549", "st_transfer_share", 2025, 70, "other")
    assert err.value.existing.value == 60 and path.read_text(encoding="utf-8") == texts[0]
    assert entries(user_dir) == [FILE_NAME]
    for value in (61, 62):
        save_observation("kontum_3549", "st_transfer_share", 2025, value, SOURCE, replace=True)
        texts.append(path.read_text(encoding="utf-8"))
    save_observation("kontum_3549", "st_transfer_share", 2024, 50, SOURCE)  # another year: no flag needed
    assert entries(user_dir) == [FILE_NAME, *(f"{FILE_NAME}.{n}.bak" for n in (1, 2, 3))]
    assert [(user_dir / f"{FILE_NAME}.{n}.bak").read_text(encoding="utf-8") for n in (1, 2, 3)] == texts
    rows = read_observations(path)
    assert [(o.year, o.value) for o in rows] == [(2024, 50), (2025, 62)]
    assert all(o.entered == dt.date.today().isoformat() for o in rows)
    assert path.read_text(encoding="utf-8").count("\n- {plan: kontum_3549") == 2  # a line per row


def test_a_failed_write_leaves_the_file_as_it_was(user_dir, monkeypatch):
    path = save_observation("kontum_3549", "st_transfer_share", 2025, 60, SOURCE)
    before = path.read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        save_observation("kontum_3549", "st_transfer_share", 2024, 50, SOURCE)
    assert path.read_bytes() == before and entries(user_dir) == [FILE_NAME]


def test_remove_keeps_a_backup_and_says_what_cannot_be_removed(user_dir):
    save_observation("kontum_3549", "digital_teams", 2024, 571, SOURCE)
    save_observation("kontum_3549", "digital_teams", 2025, 600, SOURCE)
    remove_observation("kontum_3549", "digital_teams", 2024)
    assert [o.year for o in read_observations()] == [2025]
    assert observed(load_plan(), "digital_teams")[2024][0] == 566  # the plan file's value is back
    assert f"{FILE_NAME}.2.bak" in entries(user_dir)
    with pytest.raises(InvalidObservation) as err:
        remove_observation("kontum_3549", "digital_teams", 2024)
    assert err.value.problems[0].field == "year"
    assert "no user observation of digital_teams in 2024" in str(err.value)
    assert "entered years: 2025" in str(err.value) and "plan file's value" in str(err.value)
    with pytest.raises(InvalidObservation, match="did you mean 'digital_teams'"):
        remove_observation("kontum_3549", "digital_team", 2025)


def _save_one(args) -> str:
    folder, year, barrier = args
    barrier.wait()
    save_observation("kontum_3549", "st_transfer_share", year, 50 + year % 10, SOURCE, directory=Path(folder))
    return "saved"


@pytest.mark.skipif(os.name != "posix", reason="uses fork and flock")
def test_sessions_saving_at_once_lose_no_row(user_dir):
    years = list(range(2019, 2025))
    ctx = multiprocessing.get_context("fork")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(len(years))
        with ctx.Pool(len(years)) as pool:
            assert pool.map(_save_one, [(str(user_dir), y, barrier) for y in years]) == ["saved"] * 6
    assert [o.year for o in read_observations()] == years
    assert len([n for n in entries(user_dir) if n.endswith(".bak")]) == len(years) - 1
    assert not [n for n in os.listdir(user_dir) if n.endswith((".tmp", ".old"))]


def test_the_file_is_not_a_scenario_and_its_name_is_reserved(user_dir):
    save_observation("kontum_3549", "st_transfer_share", 2025, 60, SOURCE)
    assert "observations" not in available_scenarios()
    assert "reserved for the observations file" in scenario_name_problem("observations")


# --- the command line -----------------------------------------------------------------------
def test_cli_stores_lists_replaces_and_removes(user_dir, capsys):
    argv = ["observe", "st_transfer_share", "2025", "62.5", "--source", SOURCE, "--confidence", "medium"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("stored st_transfer_share 2025 = 62.5 % of results accepted in the period "
                          "(plan kontum_3549")
    assert str(user_dir / FILE_NAME) in out and SOURCE in out
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.startswith("usage: simlib observe")
    assert "already has an entered value, 62.5" in err and "add --replace" in err and "Traceback" not in err
    assert main([*argv[:3], "60", "--source", "revised", "--replace"]) == 0
    assert "replaces the value entered before, 62.5" in capsys.readouterr().out
    assert main(["observe", "digital_teams", "2024", "571", "--source", "count"]) == 0
    assert "takes the place of the plan file's value 566" in capsys.readouterr().out
    assert main(["observe", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == str(user_dir / FILE_NAME) and lines[1].split()[:3] == ["plan", "indicator", "year"]
    assert [line.split()[1:4] for line in lines[2:]] == [["digital_teams", "2024", "571"],
                                                         ["st_transfer_share", "2025", "60"]]
    assert main(["observe", "--remove", "digital_teams", "2024"]) == 0
    assert "removed digital_teams 2024" in capsys.readouterr().out
    assert main(["validate", str(user_dir / FILE_NAME)]) == 0 and ": ok" in capsys.readouterr().out


def test_cli_gives_usage_and_one_line_per_problem(user_dir, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["observe", "st_transfer_shar", "2031", "150", "--source", " "])
    err = capsys.readouterr().err.splitlines()
    assert exit_.value.code == 2 and err[0].startswith("usage: simlib observe")
    problems = [line for line in err if line.startswith("simlib observe: error: ")]
    assert [p.split(": ")[2] for p in problems] == ["indicator", "year", "source"]
    assert "did you mean 'st_transfer_share'" in problems[0] and "2019–2030" in problems[1]
    assert entries(user_dir) == []


@pytest.mark.parametrize("argv, message", [
    ([], "give INDICATOR YEAR VALUE --source TEXT"),
    (["st_transfer_share", "2025", "62.5"], "--source TEXT is required"),
    (["st_transfer_share", "soon", "62.5", "--source", "s"], "expected a whole year, got 'soon'"),
    (["st_transfer_share", "2025", "62,5", "--source", "s"], "use a point for decimals"),
    (["st_transfer_share", "2025", "nan", "--source", "s"], "expected a finite number"),
    (["--list", "--remove"], "either --list or --remove"),
    (["--list", "st_transfer_share"], "--list takes only --plan"),
    (["--remove", "st_transfer_share"], "--remove takes INDICATOR YEAR"),
    (["--plan", "kontum", "--list"], "did you mean 'kontum_3549'"),
])
def test_cli_wrong_arguments_exit_2_with_usage(argv, message, user_dir, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["observe", *argv])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.startswith("usage: simlib observe") and message in err
    assert err.count("error:") == 1 and "Traceback" not in err


def test_cli_reports_a_corrupt_file_by_name(user_dir, capsys):
    (user_dir / FILE_NAME).write_text("observations: [\n", encoding="utf-8")
    assert main(["observe", "--list"]) == 2
    assert capsys.readouterr().err.startswith(f"{user_dir / FILE_NAME}:")
    assert main(["run", "baseline", "--draws", "10"]) == 2
    assert "YAML syntax error" in capsys.readouterr().err
