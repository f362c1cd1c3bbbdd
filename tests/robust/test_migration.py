"""Scenario schema versions: older files migrate with a notice; newer ones get a clear message."""

from __future__ import annotations

import pytest

from simlib.cli import main
from simlib.errors import SimlibValidationError
from simlib.migrations import SCENARIO_SCHEMA_VERSION, STEPS, migrate
from simlib.scenario import load_scenario
from simlib.storage import save_scenario

OLD = "name: old\ntitle: Cũ\nlevers:\n  st_budget: 30\n"


def test_every_older_version_has_a_step():
    assert sorted(STEPS) == list(range(SCENARIO_SCHEMA_VERSION))
    data, notices = migrate({"name": "x"}, 0)
    assert data["schema_version"] == SCENARIO_SCHEMA_VERSION and len(notices) == SCENARIO_SCHEMA_VERSION


@pytest.mark.parametrize("header", ["", "schema_version: 0\n"])
def test_an_unversioned_file_loads_with_a_notice_naming_file_and_field(header, tmp_path):
    f = tmp_path / "old.yaml"
    f.write_text(header + OLD, encoding="utf-8")
    sc = load_scenario(f)
    assert sc.lever_value("st_budget") == 30
    (notice,) = sc.notices
    assert (notice.file, notice.field, notice.line) == (str(f), "schema_version", 1)
    assert "schema 0" in notice.message and "read as 1" in notice.message


def test_validate_says_ok_and_prints_the_notice(tmp_path, capsys):
    f = tmp_path / "old.yaml"
    f.write_text(OLD, encoding="utf-8")
    assert main(["validate", str(f)]) == 0
    out = capsys.readouterr()
    assert out.out == f"{f}: ok\n" and out.err.startswith(f"notice: {f}:1: schema_version:")


def test_saving_writes_the_current_version_and_the_notice_goes(tmp_path):
    f = tmp_path / "old.yaml"
    f.write_text(OLD, encoding="utf-8")
    path = save_scenario(load_scenario(f), "old", tmp_path, overwrite=True)
    assert path.read_text().startswith(f"schema_version: {SCENARIO_SCHEMA_VERSION}\n")
    assert load_scenario(path).notices == ()
    assert (tmp_path / "old.yaml.1.bak").read_text() == OLD


def test_a_child_of_an_old_parent_carries_the_parents_notice(tmp_path):
    (tmp_path / "old.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "child.yaml").write_text("schema_version: 1\nname: child\nbased_on: old\n")
    sc = load_scenario(tmp_path / "child.yaml")
    assert sc.lever_value("st_budget") == 30
    assert [n.file for n in sc.notices] == [str(tmp_path / "old.yaml")]


@pytest.mark.parametrize("version, message", [
    (SCENARIO_SCHEMA_VERSION + 1, "written by a newer simlib; this one reads up to"),
    (-1, "must be 0–"), ("2", "expected a whole number"), (None, "expected a whole number"),
])
def test_versions_that_cannot_be_read_say_why(version, message, tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text(f"schema_version: {version!r}\nname: x\n".replace("None", "null"))
    with pytest.raises(SimlibValidationError, match=message) as err:
        load_scenario(f)
    assert err.value.problems[0].field == "schema_version" and err.value.problems[0].line == 1
