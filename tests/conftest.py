"""Shared fixtures: the shipped plan and scenarios, a temporary scenarios folder, and the wheel
built from the checkout installed in a fresh venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

import simlib

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def plan() -> simlib.Plan:
    return simlib.load_plan()


@pytest.fixture(scope="session")
def plan_scenario() -> simlib.Scenario:
    return simlib.load_scenario("plan")


@pytest.fixture
def scenario_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user scenarios folder that tests may write to, made the default folder (the
    shipped scenarios are in the package, listed and loaded from there)."""
    d = tmp_path / "scenarios"
    d.mkdir()
    monkeypatch.setenv("SIMLIB_SCENARIOS", str(d))
    return d


def git_status() -> list[str] | None:
    """``git status --porcelain`` of the checkout (untracked files listed one by one), or None
    outside a git checkout."""
    import subprocess

    try:
        out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return sorted(out.stdout.splitlines()) if out.returncode == 0 else None


@pytest.fixture
def leaves_checkout_clean():
    """Fails the test if it changed what ``git status`` shows (files written into tracked or
    un-ignored places); skipped outside a git checkout."""
    before = git_status()
    if before is None:
        pytest.skip("not a git checkout")
    yield
    after = git_status()
    assert after == before, f"the run left files for git: {sorted(set(after) ^ set(before))}"


def run_checked(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 300
                ) -> subprocess.CompletedProcess:
    """Run ``cmd``; fail the test with its output unless it exits 0."""
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{cmd}: exit {out.returncode}\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}"
    return out


@dataclass(frozen=True)
class InstalledWheel:
    """simlib's wheel installed in a fresh venv; commands run in an empty folder, empty home."""

    wheel: Path
    python: Path
    site: Path  # the venv's site-packages, holding the wheel's simlib
    cwd: Path
    home: Path
    env: dict[str, str]

    @property
    def bin(self) -> Path:
        return self.python.parent

    @property
    def user_dir(self) -> Path:
        """The user scenarios folder there on Linux (no $SIMLIB_SCENARIOS, no ./scenarios)."""
        return self.home / ".local" / "share" / "simlib" / "scenarios"

    def run(self, cmd: list[str], timeout: float = 300) -> subprocess.CompletedProcess:
        return run_checked(cmd, self.cwd, self.env, timeout)


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> InstalledWheel:
    """The wheel built from this checkout's sources (copied, so the checkout gets no build/),
    installed without its dependencies into a fresh venv that borrows them from this
    interpreter's site-packages through a .pth file (no network; .pth files in a borrowed folder
    are not read, so an editable install there stays inactive)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT / "simlib", src / "simlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "SIMLIB_SCENARIOS", "SIMLIB_EXTENSIONS", "XDG_DATA_HOME"}}
    env.update(HOME=str(tmp / "home"), PYTHONNOUSERSITE="1", PIP_NO_INDEX="1", PIP_NO_CACHE_DIR="1")
    (tmp / "home").mkdir()
    run_checked([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                 "-w", str(tmp / "dist"), str(src)], tmp, env)
    wheel = next((tmp / "dist").glob("simlib-*.whl"))
    run_checked([sys.executable, "-m", "venv", "--without-pip", str(tmp / "v")], tmp, env)
    python = tmp / "v" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(run_checked([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            tmp, env).stdout.strip())
    borrowed = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "borrowed_dependencies.pth").write_text("\n".join(borrowed) + "\n")
    run_checked([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                 str(wheel)], tmp, env)
    (tmp / "empty").mkdir()
    return InstalledWheel(wheel=wheel, python=python, site=site, cwd=tmp / "empty", home=tmp / "home",
                          env=env)


@pytest.fixture
def installed_wheel(built_wheel: InstalledWheel, tmp_path: Path) -> InstalledWheel:
    """:func:`built_wheel` (built and installed once a session) with an empty home and working
    folder of this test's own, so what one test saves in the user folder no other test sees."""
    home, cwd = tmp_path / "home", tmp_path / "empty"
    home.mkdir()
    cwd.mkdir()
    return replace(built_wheel, home=home, cwd=cwd, env={**built_wheel.env, "HOME": str(home)})
