"""Shared fixtures: the shipped plan and scenarios, and a temporary scenarios folder."""

from __future__ import annotations

import shutil
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
    """A copy of scenarios/ that tests may write to, made the default folder."""
    d = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", d)
    monkeypatch.setenv("SIMLIB_SCENARIOS", str(d))
    return d
