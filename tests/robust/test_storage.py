"""Saving scenarios: atomic, never a silent overwrite, numbered backups, names that cannot escape,
and two sessions saving at once — one wins, the other is told, no partial file."""

from __future__ import annotations

import multiprocessing
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from simlib.cli import main
from simlib.errors import SimlibValidationError
from simlib.scenario import SHIPPED_DIR, load_scenario
from simlib.storage import save_scenario, scenario_name_problem, shipped_scenarios


@pytest.fixture(scope="module")
def plan_sc():
    return load_scenario("plan")


def entries(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir())


def test_save_writes_a_file_that_validates_and_loads_equal(plan_sc, tmp_path, capsys):
    sc = plan_sc.with_levers(st_budget=33, demand_led_share={2024: 55, 2028: 75})
    path = save_scenario(sc, "my-plan", tmp_path)
    assert path == tmp_path / "my-plan.yaml" and entries(tmp_path) == ["my-plan.yaml"]
    assert main(["validate", str(path)]) == 0 and "ok" in capsys.readouterr().out
    again = load_scenario(path)
    assert (again.name, again.levers, again.assumptions) == ("my-plan", sc.levers, sc.assumptions)
    assert path.read_text(encoding="utf-8").startswith("schema_version: 1\nname: my-plan\n")


def test_default_folder_is_scenarios_dir(plan_sc, scenario_dir):
    assert save_scenario(plan_sc, "mine") == scenario_dir / "mine.yaml"


def test_never_overwrites_without_the_flag(plan_sc, tmp_path):
    path = save_scenario(plan_sc.with_levers(st_budget=30), "mine", tmp_path)
    before = path.read_bytes()
    with pytest.raises(FileExistsError, match="already exists.*overwrit"):
        save_scenario(plan_sc.with_levers(st_budget=40), "mine", tmp_path)
    assert path.read_bytes() == before and entries(tmp_path) == ["mine.yaml"]


def test_overwrite_keeps_every_previous_version_as_numbered_backups(plan_sc, tmp_path):
    texts = []
    for budget in (30, 40, 50):
        path = save_scenario(plan_sc.with_levers(st_budget=budget), "mine", tmp_path, overwrite=True)
        texts.append(path.read_text())
    assert entries(tmp_path) == ["mine.yaml", "mine.yaml.1.bak", "mine.yaml.2.bak"]
    assert [(tmp_path / f"mine.yaml.{n}.bak").read_text() for n in (1, 2)] == texts[:2]
    assert load_scenario(tmp_path / "mine.yaml").lever_value("st_budget") == 50
    (tmp_path / "mine.yaml.1.bak").unlink()  # numbering continues after the highest
    save_scenario(plan_sc, "mine", tmp_path, overwrite=True)
    assert (tmp_path / "mine.yaml.3.bak").read_text() == texts[2]


@pytest.mark.parametrize("name", [
    "../escape", "../../etc/passwd", "/etc/passwd", "/tmp/x", "a/b", "a\\b", "..", ".", "", " ",
    ".hidden", "-dash", "Plan", "x.yaml", "x" * 65, "plan\x00", "tab\t", "new\nline", "tăng-tốc",
    "con", "nul", "aux", "prn", "com1", "lpt9", "C:\\x", "~", "$HOME",
])
def test_names_that_escape_or_are_reserved_are_refused_and_nothing_is_written(name, plan_sc, tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    problem = scenario_name_problem(name)
    assert problem
    with pytest.raises(SimlibValidationError) as err:
        save_scenario(plan_sc, name, folder, overwrite=True)
    assert err.value.problems[0].field == "name" and err.value.problems[0].message == problem
    assert entries(tmp_path) == ["scenarios"] and entries(folder) == []


@pytest.mark.parametrize("name", [None, 42, ["plan"], b"plan"])
def test_non_text_names_are_refused(name):
    assert "expected a name" in scenario_name_problem(name)


@pytest.mark.parametrize("name", ["a", "my-plan", "plan_2", "0", "x" * 64, "console", "com10"])
def test_good_names_have_no_problem(name):
    assert scenario_name_problem(name) is None


def test_shipped_names_are_never_saved_in_any_folder(plan_sc, tmp_path):
    assert {"baseline", "plan", "accelerated"} <= set(shipped_scenarios())
    shipped = SHIPPED_DIR.joinpath("plan.yaml").read_bytes()
    for overwrite in (False, True):
        with pytest.raises(FileExistsError, match="shipped"):
            save_scenario(plan_sc.with_levers(st_budget=30), "plan", tmp_path, overwrite=overwrite)
    assert entries(tmp_path) == [] and SHIPPED_DIR.joinpath("plan.yaml").read_bytes() == shipped


def test_a_users_file_is_not_shipped_and_saving_it_twice_says_it_exists(plan_sc, scenario_dir):
    save_scenario(plan_sc, "mine")
    assert "mine" not in shipped_scenarios()
    with pytest.raises(FileExistsError, match="already exists") as err:
        save_scenario(plan_sc, "mine")
    assert "shipped" not in str(err.value)


def test_the_default_folder_is_created_on_first_save(plan_sc, tmp_path, monkeypatch):
    folder = tmp_path / "data" / "simlib" / "scenarios"
    monkeypatch.setenv("SIMLIB_SCENARIOS", str(folder))
    assert save_scenario(plan_sc, "mine") == folder / "mine.yaml" and entries(folder) == ["mine.yaml"]


def test_a_scenario_that_would_not_load_again_is_not_written(plan_sc, tmp_path):
    broken = replace(plan_sc, levers={**plan_sc.levers, "st_budget": 1e9})
    with pytest.raises(SimlibValidationError, match="outside the allowed range"):
        save_scenario(broken, "broken", tmp_path)
    assert entries(tmp_path) == []


def test_a_failed_write_leaves_no_partial_or_temporary_file(plan_sc, tmp_path, monkeypatch):
    save_scenario(plan_sc.with_levers(st_budget=30), "mine", tmp_path)
    before = (tmp_path / "mine.yaml").read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", disk_full)
    for name, overwrite in (("new-one", False), ("mine", True)):
        with pytest.raises(OSError, match="No space"):
            save_scenario(plan_sc, name, tmp_path, overwrite=overwrite)
    assert entries(tmp_path) == ["mine.yaml"] and (tmp_path / "mine.yaml").read_bytes() == before


def test_saved_files_follow_the_umask(plan_sc, tmp_path):
    old = os.umask(0o022)
    try:
        mode = stat.S_IMODE(save_scenario(plan_sc, "mine", tmp_path).stat().st_mode)
    finally:
        os.umask(old)
    assert mode == 0o644


# --- two sessions at once ---------------------------------------------------------------------
def _race(args) -> str:
    """Wait for every racer, then save; report 'won', 'told: …' or another outcome."""
    folder, budget, overwrite, barrier = args
    sc = load_scenario("plan").with_levers(st_budget=budget)
    barrier.wait()
    try:
        save_scenario(sc, "shared", Path(folder), overwrite=overwrite)
    except FileExistsError as exc:
        return f"told: {exc}"
    return "won"


def _run_racers(folder: Path, n: int, overwrite: bool) -> list[str]:
    ctx = multiprocessing.get_context("fork")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(n)
        with ctx.Pool(n) as pool:
            return pool.map(_race, [(str(folder), 10 + i, overwrite, barrier) for i in range(n)])


@pytest.mark.skipif(os.name != "posix", reason="uses fork")
def test_sessions_saving_the_same_new_name_at_once_one_wins_the_others_are_told(tmp_path):
    for round_ in range(3):
        folder = tmp_path / str(round_)
        folder.mkdir()
        outcomes = _run_racers(folder, 6, overwrite=False)
        assert outcomes.count("won") == 1, outcomes
        assert all(o == "won" or o.startswith("told: ") and "already exists" in o for o in outcomes)
        assert entries(folder) == ["shared.yaml"]  # no temporary or partial file
        budget = load_scenario(folder / "shared.yaml").lever_value("st_budget")
        assert budget == 10 + outcomes.index("won")


@pytest.mark.skipif(os.name != "posix", reason="uses fork")
def test_sessions_overwriting_at_once_lose_no_version(plan_sc, tmp_path):
    save_scenario(plan_sc.with_levers(st_budget=99), "shared", tmp_path)
    outcomes = _run_racers(tmp_path, 6, overwrite=True)
    files = list(tmp_path.iterdir())
    assert all(p.name == "shared.yaml" or p.name.endswith(".bak") for p in files)  # no leftovers
    kept = {load_scenario(p).lever_value("st_budget") for p in files}
    winners = {10 + i for i, o in enumerate(outcomes) if o == "won"}
    assert winners and {99} | winners <= kept  # the original and every reported save survive
    assert all(o == "won" or "already exists" in o for o in outcomes)


def test_a_save_landing_between_taking_and_replacing_wins_and_the_other_is_told(
        plan_sc, tmp_path, monkeypatch):
    """The interleaving the race test may not hit: B saves right after A took the old file."""
    import simlib.storage as storage

    save_scenario(plan_sc.with_levers(st_budget=1), "shared", tmp_path)
    real_rename = os.rename

    def rename_then_b_saves(src, dst):
        real_rename(src, dst)
        monkeypatch.setattr(storage.os, "rename", real_rename)
        save_scenario(plan_sc.with_levers(st_budget=2), "shared", tmp_path, overwrite=True)
    monkeypatch.setattr(storage.os, "rename", rename_then_b_saves)
    with pytest.raises(FileExistsError, match="another session"):
        save_scenario(plan_sc.with_levers(st_budget=3), "shared", tmp_path, overwrite=True)
    assert entries(tmp_path) == ["shared.yaml", "shared.yaml.1.bak"]
    assert load_scenario(tmp_path / "shared.yaml").lever_value("st_budget") == 2
    assert load_scenario(tmp_path / "shared.yaml.1.bak").lever_value("st_budget") == 1


def test_cli_writes_go_through_storage_calibrate_save(tmp_path, capsys):
    obs = tmp_path / "obs.csv"
    obs.write_text("indicator,year,value,sd\nsme_platform_trial_share,2025,78,1\n")
    argv = ["calibrate", "plan", "--parameters", "sme_trial_p", "--observations", str(obs),
            "--save", str(tmp_path / "fitted.yaml")]
    assert main(argv) == 0
    assert main(argv) == 2 and "--force" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0
    assert entries(tmp_path) == ["fitted.yaml", "fitted.yaml.1.bak", "obs.csv"]
    assert main([*argv[:-1], str(tmp_path / "Bad Name.yaml")]) == 2
    assert "is not allowed" in capsys.readouterr().err and entries(tmp_path)[0] == "fitted.yaml"
