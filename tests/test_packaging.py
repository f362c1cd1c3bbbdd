"""environment.yml (conda) and pyproject.toml (pip) list the same dependencies, and the wheel
built from the checkout works outside it: installed in a fresh venv, run from an empty folder."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pip_requirements() -> set[tuple[str, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    out = set()
    for req in project["dependencies"] + project["optional-dependencies"]["dev"]:
        m = re.match(r"^([A-Za-z0-9_.-]+)(?:\[([^\]]+)\])?\s*(.*)$", req)
        name, extras, spec = m.groups()
        out.add((_norm(name), spec.replace(" ", "")))
        for extra in (extras or "").split(","):
            if extra:
                out.add((_norm(extra), spec.replace(" ", "")))
    return out


def _conda_requirements() -> set[tuple[str, str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = set()
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, spec = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", dep).groups()
            if _norm(name) not in {"python", "pip"}:
                out.add((_norm(name), spec.replace(" ", "")))
    return out


def test_environment_yml_matches_pyproject():
    assert _conda_requirements() == _pip_requirements()


# --- the wheel works outside the checkout ----------------------------------------------------
SHIPPED = ["accelerated", "baseline", "constrained-budget", "plan"]
# Runs in the fresh venv, from an empty folder: the wheel's simlib, its shipped scenarios, a
# simulation, and a user's scenario saved to (and listed from) the user data folder.
API_CHECK = """
import json, sys
from pathlib import Path
import simlib
from simlib.dashboard.server import dashboard_notebook
from simlib.export.fonts import FONT_DIR
from simlib.storage import save_scenario
res = simlib.simulate(simlib.load_scenario("plan"), draws=200, seed=1)
att = res.attainment("en")
part = res.filter(indicators=["st_transfer_share"], years=[2028, 2030])
q = part.quantiles([0.1, 0.9])
indices = simlib.sobol(simlib.load_scenario("plan"), ["st_transfer_share", "digital_team_village_coverage"],
                       2030, n=16, seed=1)
before = simlib.available_scenarios()
saved = save_scenario(simlib.load_scenario("accelerated").with_levers(st_budget=12), "mine")
print(json.dumps({
    "file": simlib.__file__, "prefix": sys.prefix, "shipped": before,
    "user_dir": str(simlib.scenarios_dir()), "saved": str(saved),
    "after_save": simlib.available_scenarios(),
    "indicators": sorted(set(att["indicator"])), "p_met": [float(p) for p in att["p_met"]],
    "notebook": dashboard_notebook().is_file(), "fonts": sorted(p.name for p in FONT_DIR.iterdir()),
    "filtered": [list(part.indicators), [int(y) for y in part.years]], "quantile_rows": len(q),
    "sobol_indicators": list(dict.fromkeys(indices.indicator)),
    "sobol_st_finite": bool(indices.ST.notna().any()),
}))
"""


def test_the_wheel_carries_the_package_data(installed_wheel):
    names = zipfile.ZipFile(installed_wheel.wheel).namelist()
    assert sorted(n for n in names if n.startswith("simlib/scenarios/")) == [
        f"simlib/scenarios/{s}.yaml" for s in SHIPPED]
    for data in ("simlib/plans/kontum_3549.yaml", "simlib/dashboard/notebook/dashboard.ipynb",
                 "simlib/dashboard/voila.json", "simlib/templates/report.css", "simlib/templates/handout.js"):
        assert data in names
    assert any(n.startswith("simlib/fonts/") and n.endswith(".ttf") for n in names)
    assert any(n.startswith("simlib/dashboard/share/jupyter/voila/templates/simlib/") for n in names)
    assert not any(n.startswith(("scenarios/", "tests/", "notebooks/")) for n in names)


def test_the_installed_wheel_lists_simulates_and_saves_from_an_empty_folder(installed_wheel):
    w = installed_wheel
    out = json.loads(w.run([str(w.python), "-c", API_CHECK]).stdout)
    assert Path(out["file"]).resolve() == (w.site / "simlib" / "__init__.py").resolve()
    assert out["shipped"] == SHIPPED and out["after_save"] == [*SHIPPED, "mine"]
    if sys.platform.startswith("linux"):
        assert out["user_dir"] == str(w.user_dir)
    assert out["saved"] == str(Path(out["user_dir"]) / "mine.yaml")
    assert {"st_transfer_share", "digital_team_village_coverage"} <= set(out["indicators"])
    assert all(0 <= p <= 1 for p in out["p_met"]) and len(set(out["p_met"])) > 1
    assert out["notebook"] and any(f.endswith(".ttf") for f in out["fonts"])
    assert out["filtered"] == [["st_transfer_share"], [2028, 2030]] and out["quantile_rows"] > 0
    assert out["sobol_indicators"] == ["st_transfer_share", "digital_team_village_coverage"]
    assert out["sobol_st_finite"]
    assert list(w.cwd.iterdir()) == []  # nothing written where it ran


def test_the_installed_cli_runs_validates_and_observes_from_an_empty_folder(installed_wheel, tmp_path):
    w = installed_wheel
    simlib_cli = str(w.bin / "simlib")
    rows = json.loads(w.run([simlib_cli, "run", "plan", "--draws", "200", "--format", "json"]).stdout)
    assert {r["indicator"] for r in rows} >= {"st_transfer_share", "digital_team_village_coverage"}
    assert all(0 <= r["p_met"] <= 1 for r in rows)
    mine = tmp_path / "faster.yaml"
    mine.write_text("schema_version: 1\nname: faster\nbased_on: accelerated\nlevers: {st_budget: 40}\n")
    out = w.run([simlib_cli, "validate", "plan", "constrained-budget", str(mine)]).stdout
    assert out.count(": ok") == 3
    bad = subprocess.run([simlib_cli, "validate", "nosuch"], cwd=w.cwd, env=w.env, capture_output=True,
                         text=True, timeout=300)
    assert bad.returncode != 0 and "nosuch" in bad.stdout + bad.stderr
    w.run([simlib_cli, "observe", "st_transfer_share", "2025", "61.5", "--source", "Báo cáo 2025"])
    listed = w.run([simlib_cli, "observe", "--list"]).stdout
    assert "st_transfer_share" in listed and "61.5" in listed
    if sys.platform.startswith("linux"):
        assert "61.5" in (w.user_dir / "observations.yaml").read_text(encoding="utf-8")
    assert list(w.cwd.iterdir()) == []
