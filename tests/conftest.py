"""Shared fixtures: the shipped plan and scenarios, and a temporary scenarios folder."""

from __future__ import annotations

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
