"""environment.yml (conda) and pyproject.toml (pip) list the same dependencies, and the wheel
built from the checkout works outside it: installed in a fresh venv, run from an empty folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
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
before = simlib.available_scenarios()
saved = save_scenario(simlib.load_scenario("accelerated").with_levers(st_budget=12), "mine")
print(json.dumps({
    "file": simlib.__file__, "prefix": sys.prefix, "shipped": before,
    "user_dir": str(simlib.scenarios_dir()), "saved": str(saved),
    "after_save": simlib.available_scenarios(),
    "indicators": sorted(set(att["indicator"])), "p_met": [float(p) for p in att["p_met"]],
    "notebook": dashboard_notebook().is_file(), "fonts": sorted(p.name for p in FONT_DIR.iterdir()),
}))
"""


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{cmd}: exit {out.returncode}\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}"
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | dict[str, str]]:
    """The wheel built from this checkout's sources (copied, so the checkout gets no build/),
    installed without its dependencies into a fresh venv that borrows them from this
    interpreter's site-packages through a .pth file (no network); an empty working folder and
    an empty home."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT / "simlib", src / "simlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "SIMLIB_SCENARIOS", "SIMLIB_EXTENSIONS", "XDG_DATA_HOME"}}
    env.update(HOME=str(tmp / "home"), PYTHONNOUSERSITE="1", PIP_NO_INDEX="1", PIP_NO_CACHE_DIR="1")
    (tmp / "home").mkdir()
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
          "-w", str(tmp / "dist"), str(src)], tmp, env)
    wheel = next((tmp / "dist").glob("simlib-*.whl"))
    _run([sys.executable, "-m", "venv", "--without-pip", str(tmp / "v")], tmp, env)
    python = tmp / "v" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp, env).stdout.strip())
    borrowed = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "borrowed_dependencies.pth").write_text("\n".join(borrowed) + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
         tmp, env)
    (tmp / "empty").mkdir()
    return {"wheel": wheel, "python": python, "site": site, "cwd": tmp / "empty", "env": env,
            "home": tmp / "home", "bin": python.parent}


def test_the_wheel_carries_the_package_data(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    assert sorted(n for n in names if n.startswith("simlib/scenarios/")) == [
        f"simlib/scenarios/{s}.yaml" for s in SHIPPED]
    for data in ("simlib/plans/kontum_3549.yaml", "simlib/dashboard/notebook/dashboard.ipynb",
                 "simlib/dashboard/voila.json", "simlib/templates/report.css", "simlib/templates/handout.js"):
        assert data in names
    assert any(n.startswith("simlib/fonts/") and n.endswith(".ttf") for n in names)
    assert any(n.startswith("simlib/dashboard/share/jupyter/voila/templates/simlib/") for n in names)
    assert not any(n.startswith(("scenarios/", "tests/", "notebooks/")) for n in names)


def test_the_installed_wheel_lists_simulates_and_saves_from_an_empty_folder(installed):
    cwd, env = installed["cwd"], installed["env"]
    out = json.loads(_run([str(installed["python"]), "-c", API_CHECK], cwd, env).stdout)
    assert Path(out["file"]).resolve() == (installed["site"] / "simlib" / "__init__.py").resolve()
    assert out["shipped"] == SHIPPED and out["after_save"] == [*SHIPPED, "mine"]
    if sys.platform.startswith("linux"):
        assert out["user_dir"] == str(installed["home"] / ".local" / "share" / "simlib" / "scenarios")
    assert out["saved"] == str(Path(out["user_dir"]) / "mine.yaml")
    assert {"st_transfer_share", "digital_team_village_coverage"} <= set(out["indicators"])
    assert all(0 <= p <= 1 for p in out["p_met"]) and len(set(out["p_met"])) > 1
    assert out["notebook"] and any(f.endswith(".ttf") for f in out["fonts"])
    assert list(cwd.iterdir()) == []  # nothing written where it ran


def test_the_installed_cli_runs_validates_and_observes_from_an_empty_folder(installed, tmp_path):
    cwd, env = installed["cwd"], installed["env"]
    simlib_cli = str(installed["bin"] / "simlib")
    run = _run([simlib_cli, "run", "plan", "--draws", "200", "--format", "json"], cwd, env)
    rows = json.loads(run.stdout)
    assert {r["indicator"] for r in rows} >= {"st_transfer_share", "digital_team_village_coverage"}
    assert all(0 <= r["p_met"] <= 1 for r in rows)
    mine = tmp_path / "faster.yaml"
    mine.write_text("schema_version: 1\nname: faster\nbased_on: accelerated\nlevers: {st_budget: 40}\n")
    out = _run([simlib_cli, "validate", "plan", "constrained-budget", str(mine)], cwd, env).stdout
    assert out.count(": ok") == 3
    bad = subprocess.run([simlib_cli, "validate", "nosuch"], cwd=cwd, env=env, capture_output=True,
                         text=True, timeout=300)
    assert bad.returncode != 0 and "nosuch" in bad.stdout + bad.stderr
    _run([simlib_cli, "observe", "st_transfer_share", "2025", "61.5", "--source", "Báo cáo 2025"], cwd, env)
    listed = _run([simlib_cli, "observe", "--list"], cwd, env).stdout
    assert "st_transfer_share" in listed and "61.5" in listed
    if sys.platform.startswith("linux"):
        user = installed["home"] / ".local" / "share" / "simlib" / "scenarios"
        assert "61.5" in (user / "observations.yaml").read_text(encoding="utf-8")
    assert list(cwd.iterdir()) == []
