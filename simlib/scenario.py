"""Scenario files: lever paths and assumption overrides on top of a plan, validated."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from platformdirs import user_data_path

from .distributions import Distribution
from .errors import Problem, SimlibValidationError
from .fields import FieldReader, is_number, short, unknown
from .formatting import fmt_raw, plain_number
from .i18n import LANGS, t
from .loader import load_plan
from .migrations import SCENARIO_SCHEMA_VERSION, migrate
from .schema import DEFAULT_PLAN, Assumption, Lever, Plan, Text, available_plans, parse_distribution
from .summary import scenario_html, scenario_repr
from .yaml_io import parse_yaml, read_yaml

MAX_INHERITANCE = 8
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_KEYS = ["schema_version", "name", "title", "description", "based_on", "plan", "levers",
         "assumptions"]

LeverValue = float | dict[int, float]
AssumptionOverride = float | Distribution


# The scenarios shipped with simlib: package data, read where the package is installed (a
# wheel installs as files, so this is a real folder).
SHIPPED_DIR = Path(os.fspath(resources.files(__package__) / "scenarios"))
OBSERVATIONS_NAME = "observations"  # scenarios_dir()/observations.yaml: simlib.observations
ENV = "SIMLIB_SCENARIOS"
CHECKOUT_DIR = "scenarios"  # ./scenarios in the working directory, when it exists


def scenarios_dir() -> Path:
    """The user's scenario folder, where scenarios are saved and ``observations.yaml`` lives.

    ``$SIMLIB_SCENARIOS`` if set; else ``./scenarios`` if the working directory has one (a
    source checkout); else the platform's user data folder (``~/.local/share/simlib/scenarios``
    on Linux, ``%APPDATA%\\simlib\\scenarios`` on Windows, ``~/Library/Application
    Support/simlib/scenarios`` on macOS). It may not exist yet: saving creates it. The shipped
    scenarios are not here but in the package (:data:`SHIPPED_DIR`).
    """
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    if Path(CHECKOUT_DIR).is_dir():
        return Path(CHECKOUT_DIR).resolve()
    return user_data_path("simlib", appauthor=False, roaming=True) / "scenarios"


def shipped_scenarios() -> list[str]:
    """Names of the scenarios shipped with simlib, sorted."""
    return _names(SHIPPED_DIR)


def available_scenarios(directory: Path | None = None) -> list[str]:
    """Names of the scenarios: the shipped ones, then those in ``directory`` (default
    :func:`scenarios_dir`) whose names are not shipped. The observations file is not one."""
    shipped = shipped_scenarios()
    return shipped + [n for n in _names(directory or scenarios_dir()) if n not in shipped]


def _names(directory: Path) -> list[str]:
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.glob("*.yaml") if p.stem != OBSERVATIONS_NAME)


@dataclass(frozen=True)
class Scenario:
    """A plan plus lever choices and assumption overrides (all validated). Immutable."""

    name: str
    plan: Plan
    title: Text = field(default_factory=lambda: {"vi": "", "en": ""})
    description: Text = field(default_factory=lambda: {"vi": "", "en": ""})
    levers: dict[str, LeverValue] = field(default_factory=dict)
    assumptions: dict[str, AssumptionOverride] = field(default_factory=dict)
    based_on: str | None = None
    path: str | None = None
    notices: tuple[Problem, ...] = field(default=(), compare=False)  # e.g. schema migrations

    def __repr__(self) -> str:
        return scenario_repr(self)

    def _repr_html_(self) -> str:
        """Notebook summary: title, plan, the levers it sets (with defaults), its overrides."""
        return scenario_html(self)

    # --- levers -------------------------------------------------------------------------
    def lever_value(self, lever_id: str) -> LeverValue:
        """The scenario's value or year → value path for a lever (its default if not set)."""
        return self.levers.get(lever_id, self.plan.levers[lever_id].default)

    def lever_at(self, lever_id: str, times: np.ndarray) -> np.ndarray:
        """Lever values at decimal years ``times`` (held or linear between path years).

        History is fixed: before the end of ``plan.history_end`` every scenario has the lever's
        business-as-usual value (its default), so scenarios diverge only afterwards. (Start-year
        levers are ranged to begin after history.)
        """
        lever = self.plan.levers[lever_id]
        value = self.lever_value(lever_id)
        times = np.asarray(times, dtype=float)
        if not isinstance(value, dict):
            path = np.full(len(times), float(value))
        else:
            years = np.array(sorted(value), dtype=float)
            vals = np.array([value[int(y)] for y in years], dtype=float)
            if lever.interpolation == "linear":
                path = np.interp(times, years, vals)
            else:
                idx = np.searchsorted(years, np.floor(times), side="right") - 1
                path = vals[np.clip(idx, 0, len(vals) - 1)]
        if lever.kind == "year":  # a start year; its range already begins after history
            return path
        return np.where(times < self.plan.history_end + 1, lever.default, path)

    def with_levers(self, **values: Any) -> Scenario:
        """A new scenario with these lever values (numbers or {year: value}); validated."""
        r = FieldReader(f"scenario {self.name!r}", {})
        levers = dict(self.levers)
        for lid, v in values.items():
            checked = _lever_value(r, self.plan, lid, v, ("levers", lid))
            if checked is not None:
                levers[lid] = checked
        r.raise_if_any()
        return replace(self, levers=levers)

    def with_assumptions(self, **values: Any) -> Scenario:
        """A new scenario with assumption overrides (a number fixes it; a dist mapping replaces
        its distribution); validated."""
        r = FieldReader(f"scenario {self.name!r}", {})
        overrides = dict(self.assumptions)
        for aid, v in values.items():
            checked = _assumption_override(r, self.plan, aid, v, ("assumptions", aid))
            if checked is not None:
                overrides[aid] = checked
        r.raise_if_any()
        return replace(self, assumptions=overrides)

    def renamed(self, name: str, title: Text | None = None) -> Scenario:
        if not NAME_PATTERN.match(name):
            raise SimlibValidationError([Problem("scenario", "name", name_rule(name))])
        return replace(self, name=name, title=title or self.title, path=None, notices=())

    def effective_assumptions(self) -> dict[str, Assumption]:
        """The plan's assumptions with this scenario's overrides applied."""
        return dict(self._effective_assumptions)

    def __getstate__(self) -> dict:
        """Pickled without cached values (a worker recomputes them from the plan)."""
        return {k: v for k, v in self.__dict__.items() if k != "_effective_assumptions"}

    @cached_property
    def _effective_assumptions(self) -> dict[str, Assumption]:
        out = dict(self.plan.assumptions)
        for aid, ov in self.assumptions.items():
            base = out[aid]
            if isinstance(ov, Distribution):
                center = ov.center()
                out[aid] = replace(base, dist=ov, central=base.central if center is None else center)
            else:
                out[aid] = replace(base, central=float(ov), dist=Distribution("fixed", {},
                                                                                 base.range))
        return out

    # --- files --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain data for a scenario file (levers and overrides as set; no inheritance)."""
        data: dict[str, Any] = {"schema_version": SCENARIO_SCHEMA_VERSION, "name": self.name,
                                "title": dict(self.title), "description": dict(self.description)}
        if self.plan.id != DEFAULT_PLAN:
            data["plan"] = self.plan.id
        data["levers"] = {k: (dict(sorted(v.items())) if isinstance(v, dict) else plain_number(v))
                          for k, v in self.levers.items()}
        data["assumptions"] = {k: ({"type": v.type, **v.params} if isinstance(v, Distribution)
                                   else plain_number(v)) for k, v in self.assumptions.items()}
        return data

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=100)


def name_rule(name: str) -> str:
    return (f"name {name!r} is not allowed: use 1–64 lowercase letters, digits, '-' or '_', "
            "starting with a letter or digit")


def _lever_value(r: FieldReader, plan: Plan, lid: Any, value: Any, path: tuple) -> LeverValue | None:
    lever: Lever | None = plan.levers.get(lid)
    if lever is None:
        r.problem(path, unknown("lever", lid, list(plan.levers)))
        return None
    lo, hi = lever.range
    unit = lever.unit["en"]
    if lever.kind == "year":
        if not is_number(value) or float(value) != int(value) or not lo <= value <= hi:
            past = (f"; {plan.history_end} and earlier are history, so a programme not running "
                    "by then starts in " f"{fmt_raw(lo)} at the earliest"
                    if is_number(value) and value < lo and value <= plan.history_end else "")
            r.problem(path, f"expected a year {fmt_raw(lo)}–{fmt_raw(hi)} ({fmt_raw(hi)} = not within the "
                            f"plan period), got {short(value)}{past}")
            return None
        return float(value)
    if isinstance(value, dict):
        if not value:
            r.problem(path, "a year → value path needs at least one year")
            return None
        out = {}
        for year, v in value.items():
            where = (*path, year)
            if not (isinstance(year, int) and not isinstance(year, bool)
                    and plan.history_from <= year <= plan.end_year):
                r.problem(where, f"path years must be whole years {plan.history_from}–"
                                 f"{plan.end_year}, got {short(year)}")
                continue
            checked = r.number(v, where, bounds=lever.range, unit=unit)
            if checked is not None:
                out[year] = checked
        return out if len(out) == len(value) else None
    return r.number(value, path, bounds=lever.range, unit=unit)


def _assumption_override(r: FieldReader, plan: Plan, aid: Any, value: Any,
                         path: tuple) -> AssumptionOverride | None:
    base = plan.assumptions.get(aid)
    if base is None:
        r.problem(path, unknown("assumption", aid, list(plan.assumptions)))
        return None
    if isinstance(value, dict):
        return parse_distribution(r, value, path, base.central, base.range)
    return r.number(value, path, bounds=base.range)


def parse_scenario(data: Any, lines: dict, file: str, plan: Plan | None = None,
                   parent: Scenario | None = None) -> Scenario:
    """Validate parsed scenario data (inheritance already resolved into ``parent``)."""
    r = FieldReader(file, lines)
    if not r.keys(data, (), _KEYS):
        r.raise_if_any()
    version = r.get(data, (), "schema_version", "int", default=0)
    if version is not None and version > SCENARIO_SCHEMA_VERSION:
        r.problem(("schema_version",), f"schema_version {version} was written by a newer simlib; "
                                       f"this one reads up to {SCENARIO_SCHEMA_VERSION}: "
                                       "upgrade simlib to open it")
        r.raise_if_any()
    notices: tuple[Problem, ...] = parent.notices if parent else ()
    if version is not None and version < 0:
        r.problem(("schema_version",), f"schema_version must be 0–{SCENARIO_SCHEMA_VERSION}")
    elif version is not None:
        data, notes = migrate(data, version)
        notices += tuple(Problem(file, "schema_version", n, lines.get(("schema_version",), 1))
                         for n in notes)
    name = r.get(data, (), "name", "str")
    if name is not None and not NAME_PATTERN.match(name):
        r.problem(("name",), name_rule(name))
    stem = Path(file).stem
    if name and file.endswith((".yaml", ".yml")) and name != stem:
        r.problem(("name",), f"name {name!r} differs from the file name {stem!r}")
    plan = plan or (parent.plan if parent else None)
    plan_id = r.get(data, (), "plan", "str", default=None)
    if plan_id is not None:
        if plan_id not in available_plans():
            r.problem(("plan",), unknown("plan", plan_id, available_plans()))
            r.raise_if_any()
        plan = load_plan(plan_id)
    plan = plan or load_plan()
    levers = dict(parent.levers) if parent else {}
    for lid, v in (r.get(data, (), "levers", "map", default={}) or {}).items():
        checked = _lever_value(r, plan, lid, v, ("levers", lid))
        if checked is not None:
            levers[lid] = checked
    overrides = dict(parent.assumptions) if parent else {}
    for aid, v in (r.get(data, (), "assumptions", "map", default={}) or {}).items():
        checked = _assumption_override(r, plan, aid, v, ("assumptions", aid))
        if checked is not None:
            overrides[aid] = checked
    title = r.get(data, (), "title", "text", default=None)
    description = r.get(data, (), "description", "text", default=None)
    r.raise_if_any()
    blank = {"vi": "", "en": ""}
    return Scenario(name=name, plan=plan, title=title or (parent.title if parent else blank),
                    description=description or blank, levers=levers, assumptions=overrides,
                    based_on=data.get("based_on"), path=file, notices=notices)


def scenario_path(name_or_path: str | Path, directory: Path | None = None) -> Path:
    """The file of a scenario: a path as given; a name in :data:`SHIPPED_DIR` if shipped, else in
    ``directory`` (default :func:`scenarios_dir`). A user file never shadows a shipped name."""
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or os.sep in str(name_or_path) or "/" in str(name_or_path):
        return p
    shipped = SHIPPED_DIR / f"{name_or_path}.yaml"
    if shipped.is_file():
        return shipped
    return (directory or scenarios_dir()) / f"{name_or_path}.yaml"


def load_scenario(name_or_path: str | Path = "plan", plan: Plan | None = None, *,
                  directory: Path | None = None, _chain: tuple[str, ...] = ()) -> Scenario:
    """Load and validate a scenario by name or path (a name: shipped, else a file in
    ``directory``, default :func:`scenarios_dir`; see :func:`scenario_path`).

    ``based_on`` names a shipped scenario or one beside the file (else in :func:`scenarios_dir`);
    it is followed (up to 8 levels, no cycles); the child lists only differences.
    Raises :class:`SimlibValidationError` naming file, line, field and the allowed range.
    """
    path = scenario_path(name_or_path, directory)
    if not path.exists() and str(name_or_path) == "baseline":
        return Scenario(name="baseline", plan=plan or load_plan(),
                        title={lang: t("baseline_scenario", lang) for lang in LANGS})
    data, lines = read_yaml(path)
    parent = _parent(data, lines, str(path), plan, path.parent, (*_chain, path.stem))
    return parse_scenario(data, lines, str(path), plan, parent)


def scenario_from_text(text: str | bytes, file: str = "<text>", plan: Plan | None = None) -> Scenario:
    """Validate scenario YAML text (e.g. an upload); ``based_on`` names a shipped scenario or one
    in :func:`scenarios_dir`."""
    data, lines = parse_yaml(text, file)
    parent = _parent(data, lines, file, plan, scenarios_dir(), ())
    return parse_scenario(data, lines, file, plan, parent)


def _parent(data: Any, lines: dict, file: str, plan: Plan | None, directory: Path,
            chain: tuple[str, ...]) -> Scenario | None:
    """The scenario named by ``based_on`` (shipped, else in ``directory``, else in
    :func:`scenarios_dir`): a valid name, no cycle, ≤ 8 levels."""
    if not isinstance(data, dict) or data.get("based_on") is None:
        return None
    base = data["based_on"]
    where = Problem(file, "based_on", "", lines.get(("based_on",)))
    if not isinstance(base, str) or not NAME_PATTERN.match(base):
        raise SimlibValidationError([replace(where, message=f"expected a scenario name, got "
                                                            f"{short(base)}")])
    if base in chain:
        raise SimlibValidationError([replace(where, message="scenarios inherit in a cycle: "
                                             + " → ".join((*chain, base)))])
    if len(chain) > MAX_INHERITANCE:
        raise SimlibValidationError([replace(where, message=f"more than {MAX_INHERITANCE} "
                                                            "levels of based_on")])
    folders = list(dict.fromkeys([directory, scenarios_dir()]))
    found = next((d for d in folders if scenario_path(base, d).exists()), None)
    if found is None and base != "baseline":
        known = dict.fromkeys(n for d in folders for n in available_scenarios(d))
        raise SimlibValidationError([replace(where, message=unknown("scenario", base, list(known)))])
    return load_scenario(base, plan, directory=found or directory, _chain=chain)
