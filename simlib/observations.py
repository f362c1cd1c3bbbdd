"""Observed values planners enter without editing the shipped plan file.

They live in ``observations.yaml`` in the user's scenario folder, :func:`~simlib.scenario.scenarios_dir`
(``$SIMLIB_SCENARIOS``, ``./scenarios`` or the platform's user data folder)::

    schema_version: 1
    observations:
      - {plan: kontum_3549, indicator: st_transfer_share, year: 2025, value: 62.5,
         source: "Báo cáo tổng kết KH&CN 2021–2025 (Sở KH&CN)", confidence: medium, entered: "2026-12-02"}

:func:`~simlib.loader.load_plan` applies the file: a user row replaces the plan file's
observation of the same indicator and year, so a target year with an observation takes its
verdict from it. The file is validated like a scenario file (file, line, field, allowed range)
and written through :mod:`simlib.storage` (atomic, numbered backups, one session at a time).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import storage
from .errors import Problem, SimlibValidationError
from .fields import FieldReader, short, unknown
from .formatting import fmt_raw
from .loader import load_plan
from .scenario import OBSERVATIONS_NAME, scenarios_dir
from .schema import DEFAULT_PLAN, Observation, Plan, available_plans
from .yaml_io import Lines, parse_yaml, read_yaml

FILE_NAME = f"{OBSERVATIONS_NAME}.yaml"
SCHEMA_VERSION = 1
MAX_SOURCE = 500  # characters
CONFIDENCE = ("high", "medium-high", "medium", "medium-low", "low", "user")
ROW_FIELDS = ("plan", "indicator", "year", "value", "source", "confidence", "entered")
USER_MARK = "nhập bởi người dùng / entered by a user"
_HEADER = ("# Observed values entered by planners (`simlib observe` or the dashboard). A row replaces\n"
           "# the plan file's value of the same indicator and year. Checked on every load.\n")


@dataclass(frozen=True)
class UserObservation:
    """One observed ``value`` (in the indicator's unit) of ``indicator`` in ``year``."""

    plan: str
    indicator: str
    year: int
    value: float
    source: str
    confidence: str = "user"
    entered: str = ""  # ISO date the saver wrote it

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.plan, self.indicator, self.year)

    def observation(self) -> Observation:
        """As a plan observation; the source says a user entered it (and when)."""
        when = f", {self.entered}" if self.entered else ""
        return Observation(year=self.year, value=self.value, source=f"{self.source} ({USER_MARK}{when})",
                           confidence=self.confidence)

    def to_dict(self) -> dict[str, Any]:
        value = int(self.value) if float(self.value).is_integer() else float(self.value)
        data = {"plan": self.plan, "indicator": self.indicator, "year": self.year, "value": value,
                "source": self.source, "confidence": self.confidence}
        return {**data, "entered": self.entered} if self.entered else data


class InvalidObservation(SimlibValidationError):
    """The value being saved or removed is wrong (not the file): each problem names its field
    (``indicator``, ``year``, ``value``, ``source``, …) and the allowed range."""


class ObservationExists(FileExistsError):
    """A user observation of the same plan, indicator and year is stored: ``existing``."""

    def __init__(self, existing: UserObservation, path: Path):
        self.existing, self.path = existing, path
        super().__init__(f"{path}: {existing.indicator} {existing.year} (plan {existing.plan}) already "
                         f"has a user observation, {fmt_raw(existing.value)} "
                         f"(source {short(existing.source)}); save with replace=True to replace it")


def observations_path(directory: Path | None = None) -> Path:
    """``observations.yaml`` in ``directory`` (default :func:`~simlib.scenario.scenarios_dir`)."""
    return Path(directory if directory is not None else scenarios_dir()) / FILE_NAME


def stamp(path: Path) -> tuple[str, int, int, int] | None:
    """What identifies a version of the file (path, mtime in ns, size, inode); None if absent."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size, st.st_ino)


# --- reading --------------------------------------------------------------------------------
def read_observations(path: Path | None = None, plans: Mapping[str, Plan] | None = None
                      ) -> tuple[UserObservation, ...]:
    """The rows of an observations file (default :func:`observations_path`); ``()`` if it does not
    exist. Rows are checked against ``plans`` (by id; other ids: the shipped plan's declarations).
    Raises :class:`SimlibValidationError` naming file, line, field and the allowed range."""
    path = observations_path() if path is None else Path(path)
    if stamp(path) is None:
        return ()
    data, lines = read_yaml(path)
    return parse_observations(data, lines, str(path), plans)


def parse_observations(data: Any, lines: Lines, file: str, plans: Mapping[str, Plan] | None = None
                       ) -> tuple[UserObservation, ...]:
    """Validate parsed observations data; every problem at once."""
    r = FieldReader(file, lines)
    if not r.keys(data, (), ["schema_version", "observations"]):
        r.raise_if_any()
    version = r.get(data, (), "schema_version", "int", default=SCHEMA_VERSION)
    if version is not None and version != SCHEMA_VERSION:
        newer = "; upgrade simlib to open it" if version > SCHEMA_VERSION else ""
        r.problem(("schema_version",), f"observations schema_version {version} is not supported "
                                       f"(this simlib reads version {SCHEMA_VERSION}){newer}")
        r.raise_if_any()
    rows: list[UserObservation] = []
    first: dict[tuple, int | None] = {}
    for i, item in enumerate(r.get(data, (), "observations", "list", default=[]) or []):
        row = _row(r, item, ("observations", i), plans or {})
        if row is None:
            continue
        if row.key in first:
            at = f" (also at line {first[row.key]})" if first[row.key] else ""
            r.problem(("observations", i), f"{row.indicator} {row.year} of plan {row.plan} is given "
                                           f"twice{at}; keep one row")
            continue
        first[row.key] = lines.get(("observations", i))
        rows.append(row)
    r.raise_if_any()
    return tuple(rows)


def _row(r: FieldReader, d: Any, path: tuple, plans: Mapping[str, Plan]) -> UserObservation | None:
    """One row, checked against its plan's declarations; None (and problems) if it is wrong."""
    if not r.keys(d, path, ROW_FIELDS, "observation field"):
        return None
    before = len(r.problems)
    plan = _plan(r, d, path, plans)
    indicator = r.get(d, path, "indicator", "str")
    ind = None
    if plan is not None and indicator is not None:
        ind = plan.indicators.get(indicator)
        if ind is None:
            r.problem((*path, "indicator"), unknown("indicator", indicator, list(plan.indicators)))
    span = (plan.history_from, plan.end_year) if plan is not None else None
    year = r.get(d, path, "year", "int", bounds=span)
    value = None
    if "value" not in d:
        r.problem(path, "missing required field 'value'")
    else:
        value = r.number(d["value"], (*path, "value"), bounds=ind.bounds if ind else None,
                         unit=ind.unit["en"] if ind else "")
    source = _source(r, d, path)
    confidence = r.get(d, path, "confidence", "str", default="user", choices=CONFIDENCE)
    entered = _entered(r, d, path)
    if len(r.problems) > before:
        return None
    return UserObservation(plan=plan.id, indicator=indicator, year=year, value=value, source=source,
                           confidence=confidence, entered=entered)


def _plan(r: FieldReader, d: dict, path: tuple, plans: Mapping[str, Plan]) -> Plan | None:
    plan_id = r.get(d, path, "plan", "str", default=DEFAULT_PLAN)
    if plan_id is None:
        return None
    if plan_id in plans:
        return plans[plan_id]
    shipped = available_plans()
    if plan_id not in shipped:
        r.problem((*path, "plan"), unknown("plan", plan_id, sorted({*shipped, *plans})))
        return None
    return load_plan(plan_id, observations=False)


def _source(r: FieldReader, d: dict, path: tuple) -> str | None:
    if "source" not in d:
        r.problem(path, "missing required field 'source'")
        return None
    value = d["source"]
    rule = f"one line of text, 1–{MAX_SOURCE} characters, saying where the value comes from"
    if not isinstance(value, str) or not value.strip() or not value.isprintable():
        r.problem((*path, "source"), f"expected {rule}; got {short(value)}")
        return None
    if len(value) > MAX_SOURCE:
        r.problem((*path, "source"), f"is {len(value)} characters long; expected {rule}")
        return None
    return value


def _entered(r: FieldReader, d: dict, path: tuple) -> str:
    value = r.get(d, path, "entered", "str", default="")
    try:
        return dt.date.fromisoformat(value).isoformat() if value else ""
    except ValueError:
        r.problem((*path, "entered"), f"expected a date like \"2026-12-02\", got {short(value)}")
        return ""


# --- applying -------------------------------------------------------------------------------
def apply_observations(plan: Plan, observations: Iterable[UserObservation]) -> Plan:
    """A new plan whose indicators also hold the rows of ``observations`` for ``plan.id``; a row
    replaces the plan's observation of the same indicator and year. Sorted by year."""
    mine: dict[str, dict[int, Observation]] = {}
    for o in observations:
        if o.plan == plan.id:
            mine.setdefault(o.indicator, {})[o.year] = o.observation()
    missing = [i for i in mine if i not in plan.indicators]
    if missing:
        raise ValueError(f"plan {plan.id!r} declares no indicator {', '.join(map(repr, missing))}")
    if not mine:
        return plan
    indicators = dict(plan.indicators)
    for iid, by_year in mine.items():
        ind = indicators[iid]
        kept = [o for o in ind.observed if o.year not in by_year]
        observed = tuple(sorted([*kept, *by_year.values()], key=lambda o: o.year))
        indicators[iid] = dataclasses.replace(ind, observed=observed)
    return dataclasses.replace(plan, indicators=indicators)


def plan_with_observations(plan: Plan, path: Path | None = None) -> Plan:
    """``plan`` with the user observations of ``path`` (default :func:`observations_path`)."""
    return apply_observations(plan, read_observations(path, {plan.id: plan}))


# --- saving ---------------------------------------------------------------------------------
def check_observation(plan: Plan | str, indicator: Any, year: Any, value: Any, source: Any,
                      confidence: Any = "user", file: str = FILE_NAME) -> UserObservation:
    """Validate one observation by the file's rules; raise :class:`InvalidObservation` naming
    ``file``, the field and the allowed range."""
    declared = _declared(plan, file)
    r = FieldReader(file, {})
    row = _row(r, {"plan": declared.id, "indicator": indicator, "year": year, "value": value,
                   "source": source, "confidence": confidence}, (), {declared.id: declared})
    if row is None:
        raise InvalidObservation(r.problems)
    return row


def save_observation(plan: Plan | str, indicator: str, year: int, value: float, source: str,
                     confidence: str = "user", directory: Path | None = None, *,
                     replace: bool = False) -> Path:
    """Store an observed value in ``observations.yaml`` (in ``directory``, default
    :func:`scenarios_dir`); return the file's path.

    Raises :class:`InvalidObservation` for a bad value, :class:`SimlibValidationError` if the
    existing file is invalid and :class:`ObservationExists` if the plan, indicator and year
    already have a user observation, unless ``replace``; nothing is written then. The whole file
    is rewritten atomically; its previous version is kept as ``observations.yaml.N.bak``.
    """
    path = observations_path(directory)
    declared = _declared(plan, str(path))
    row = check_observation(declared, indicator, year, value, source, confidence, str(path))
    row = dataclasses.replace(row, entered=dt.date.today().isoformat())
    with storage.locked(path):
        rows = read_observations(path, {declared.id: declared})
        old = next((o for o in rows if o.key == row.key), None)
        if old is not None and not replace:
            raise ObservationExists(old, path)
        _write(path, [*(o for o in rows if o.key != row.key), row], declared)
    return path


def remove_observation(plan: Plan | str, indicator: str, year: int, directory: Path | None = None
                       ) -> Path:
    """Remove a user observation (the previous file is kept as a numbered backup); return the
    file's path. Raises :class:`InvalidObservation` if there is no such user observation."""
    path = observations_path(directory)
    declared = _declared(plan, str(path))
    with storage.locked(path):
        rows = read_observations(path, {declared.id: declared})
        key = (declared.id, indicator, year)
        if not any(o.key == key for o in rows):
            raise InvalidObservation([_not_stored(declared, indicator, year, rows, path)])
        _write(path, [o for o in rows if o.key != key], declared)
    return path


def _not_stored(plan: Plan, indicator: Any, year: Any, rows: Iterable[UserObservation],
                path: Path) -> Problem:
    if indicator not in plan.indicators:
        return Problem(str(path), "indicator", unknown("indicator", indicator, list(plan.indicators)))
    years = sorted(o.year for o in rows if o.plan == plan.id and o.indicator == indicator)
    entered = f"entered years: {', '.join(map(str, years))}" if years else "none entered"
    from_plan = any(o.year == year for o in plan.indicators[indicator].observed)
    note = ("; the plan file's value for that year cannot be removed here (a user observation can "
            "replace it)") if from_plan else ""
    return Problem(str(path), "year", f"no user observation of {indicator} in {short(year)} for plan "
                                      f"{plan.id} ({entered}){note}")


def _declared(plan: Plan | str, file: str) -> Plan:
    """The plan to check against: as given, or the shipped plan of that id."""
    if isinstance(plan, Plan):
        return plan
    if plan not in available_plans():
        raise InvalidObservation([Problem(file, "plan", unknown("plan", plan, available_plans()))])
    return load_plan(plan, observations=False)


def _write(path: Path, rows: list[UserObservation], plan: Plan) -> None:
    """Write every row (sorted; one line each) after checking the text reads back the same."""
    rows = sorted(rows, key=lambda o: (o.plan, o.indicator, o.year))
    text = _HEADER + yaml.safe_dump(
        {"schema_version": SCHEMA_VERSION, "observations": [o.to_dict() for o in rows]},
        allow_unicode=True, sort_keys=False, default_flow_style=None, width=10_000)
    if parse_observations(*parse_yaml(text, str(path)), str(path), {plan.id: plan}) != tuple(rows):
        raise RuntimeError(f"{path}: the observations would not read back as written")  # a bug
    storage.write_file(path, text, overwrite=stamp(path) is not None)
