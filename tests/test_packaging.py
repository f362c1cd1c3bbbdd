"""environment.yml (conda) and pyproject.toml (pip) list the same dependencies."""

from __future__ import annotations

import re
import tomllib
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
