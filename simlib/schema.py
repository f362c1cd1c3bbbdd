"""The one schema: indicators, targets, levers and assumptions, read from a plan file.

Each field is declared once, on its dataclass (:func:`~simlib.fields.declared`): its name (the
file's key), type, allowed values (a ``Literal``) or range and default drive reading and
validating plan files and extension declarations (:func:`~simlib.fields.read_record`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar, Literal, get_args

import numpy as np

from .distributions import PARAMS, Distribution
from .errors import Problem
from .fields import FieldReader, declared, read_record
from .i18n import text
from .migrations import PLAN_SCHEMA_VERSION, migrate_declarations, migrate_plan

Text = dict[str, str]
PLANS_DIR = Path(__file__).parent / "plans"
DEFAULT_PLAN = "kontum_3549"
Kind = Literal["stock", "flow", "milestone"]
Compare = Literal[">=", ">", "about", "<=", "<"]
Scope = Literal["provincial", "national"]
Confidence = Literal["high", "medium-high", "medium", "medium-low", "low", "placeholder", "user"]
LeverKind = Literal["value", "year"]
Interpolation = Literal["hold", "linear"]
Role = Literal["funding"]
KINDS: tuple[str, ...] = get_args(Kind)
COMPARISONS: tuple[str, ...] = get_args(Compare)
YEARS = (1990, 2100)


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"{old} is deprecated; use {new}", DeprecationWarning, stacklevel=3)


@dataclass(frozen=True, kw_only=True)
class SourceDocument:
    """A document targets are quoted from: a provincial plan or a national decision."""

    WHAT: ClassVar[str] = "key"
    id: str = declared("str", stored=False)
    title: Text = declared("text")
    short: Text | None = declared("text", None)  # the chart-footer form of the title
    scope: Scope = declared("str", "provincial")  # national: its targets are reference lines
    citation: str = declared("str", "")  # where the document (or the sentence) was read

    def name(self, lang: str, *, short: bool = False) -> str:
        """The title, or with ``short`` its chart-footer form when given."""
        return text(self.short if short and self.short else self.title, lang)


@dataclass(frozen=True)
class Target:
    """A plan target: ``value`` in ``year``, compared with ``compare``, quoted from ``sentence``
    of the source document ``source``."""

    WHAT: ClassVar[str] = "target field"
    year: int = declared("int", bounds=YEARS)
    value: float = declared("number")
    compare: Compare = declared("str")
    source: str = declared("str", among="sources")
    sentence: str = declared("str")
    note: str = declared("str", "")
    # "hàng năm": the level is to hold every year of the target's period
    each_year: bool = declared("bool", False)
    # no provincial lever moves it: drawn grey, never a red verdict
    reference: bool = declared("bool", False)

    @property
    def plan(self) -> str:
        """Deprecated alias of :attr:`source`."""
        _deprecated("Target.plan", "Target.source")
        return self.source

    def met(self, values: np.ndarray, about_tolerance: float) -> np.ndarray:
        """Boolean array: which values meet the target."""
        eps = 1e-9 * max(1.0, abs(self.value))
        if self.compare == ">=":
            return values >= self.value - eps
        if self.compare == ">":
            return values > self.value + eps
        if self.compare == "<=":
            return values <= self.value + eps
        if self.compare == "<":
            return values < self.value - eps
        return values >= self.value * (1 - about_tolerance) - eps  # "about"

    @property
    def symbol(self) -> str:
        """'≥', '>', '≤', '<' or '≈' (about)."""
        return {">=": "≥", ">": ">", "<=": "≤", "<": "<", "about": "≈"}[self.compare]

    def label(self) -> str:
        """E.g. '≥ 60', '> 70', '≈ 10'."""
        return f"{self.symbol} {self.value:g}"


@dataclass(frozen=True)
class Observation:
    """An observed value of an indicator in a year, with its source and confidence."""

    WHAT: ClassVar[str] = "observation field"
    year: int = declared("int", bounds=(1900, 2100))
    value: float = declared("number")
    source: str = declared("str")
    confidence: Confidence = declared("str")


@dataclass(frozen=True)
class Period:
    """A plan period (first and last year, inclusive) over which period shares are counted."""

    WHAT: ClassVar[str] = "period field"
    first: int = declared("int", bounds=YEARS)
    last: int = declared("int", bounds=YEARS)
    source: str = declared("str")

    def __contains__(self, year: int) -> bool:
        return self.first <= year <= self.last


@dataclass(frozen=True)
class ContextSeries:
    """Observed figures the model does not simulate, carried with their sources for context
    (validation page, model reference): e.g. a national benchmark or a related provincial count."""

    WHAT: ClassVar[str] = "context field"
    id: str = declared("str")
    label: Text = declared("text")
    unit: Text = declared("text")
    relates_to: str = declared("str", among="indicators")
    observed: tuple[Observation, ...] = declared("records", ())
    note: str = declared("str", "")


@dataclass(frozen=True)
class Described:
    """What every indicator and lever declares first: its id, labels, definition and unit."""

    id: str = declared("str")
    label: Text = declared("text")
    description: Text = declared("text")
    unit: Text = declared("text")


@dataclass(frozen=True)
class Indicator(Described):
    """An outcome the model reports, with its targets and observed history."""

    WHAT: ClassVar[str] = "indicator field"
    block: str = declared("str", among="blocks")
    kind: Kind = declared("str")
    bounds: tuple[float, float] = declared("pair")
    targets: tuple[Target, ...] = declared("records", ())
    observed: tuple[Observation, ...] = declared("records", ())
    note: str = declared("str", "")


@dataclass(frozen=True)
class Lever(Described):
    """A policy choice with a time path: a value by year, held or linearly interpolated."""

    WHAT: ClassVar[str] = "lever field"
    group: str = declared("str", among="lever_groups")
    default: float = declared("number", bounds="range")
    range: tuple[float, float] = declared("pair")
    step: float = declared("number", default_from=lambda v: 1.0 if v.get("kind") == "year" else 0.1)
    source: str = declared("str")
    unsourced: bool = declared("bool", False)  # no source gives the value: an assumption
    kind: LeverKind = declared("str", "value")  # "year": a programme start year
    interpolation: Interpolation = declared("str", "hold")
    role: Role | None = declared("str", None)  # "funding": money per year, for budget allocation

    @property
    def assumption(self) -> bool:
        """Deprecated alias of :attr:`unsourced`."""
        _deprecated("Lever.assumption", "Lever.unsourced")
        return self.unsourced


def parse_distribution(r: FieldReader, spec: Any, path: tuple, central: float | None,
                       bounds: tuple[float, float] | None) -> Distribution | None:
    """Read ``{type: ..., <params>}``; check it against the assumption's central value and range."""
    if not isinstance(spec, dict):
        r.problem(path, "expected a mapping like {type: uniform, low: 1, high: 2}")
        return None
    kind = r.get(spec, path, "type", "str", choices=list(PARAMS))
    if kind is None:
        return None
    r.keys(spec, path, ["type", *PARAMS[kind]], f"parameter of {kind}")
    params = {k: r.get(spec, path, k, "number") for k in PARAMS[kind]}
    if any(v is None for v in params.values()) or bounds is None:
        return None
    dist = Distribution(kind, params, bounds)
    for msg in dist.check(central if central is not None else 0.0):
        r.problem(path, msg)
    return dist


def _dist(r: FieldReader, value: Any, where: tuple, values: dict) -> Distribution | None:
    return parse_distribution(r, value, where, values.get("central"), values.get("range"))


@dataclass(frozen=True)
class Assumption:
    """An uncertain parameter: central value for the deterministic run, distribution for ensembles."""

    WHAT: ClassVar[str] = "assumption field"
    id: str = declared("str")
    label: Text = declared("text")
    unit: Text = declared("text")
    central: float = declared("number", bounds="range")
    dist: Distribution = declared("map", read=_dist)
    range: tuple[float, float] = declared("pair")
    source: str = declared("str")
    unsourced: bool = declared("bool", False)  # no source gives the value: an assumption
    description: Text = declared("text", factory=dict)

    @property
    def assumption(self) -> bool:
        """Deprecated alias of :attr:`unsourced`."""
        _deprecated("Assumption.assumption", "Assumption.unsourced")
        return self.unsourced


def _history_end_bounds(v: dict) -> tuple[float, float] | None:
    base, end = v.get("base_year"), v.get("end_year")
    return (base, end - 1) if base is not None and end is not None and end > base else None


@dataclass(frozen=True, kw_only=True)
class Plan:
    """Everything a province's plan declares. Build with :func:`load_plan`."""

    id: str = declared("str")
    title: Text = declared("text")
    region: Text = declared("text")
    note: Text = declared("text", factory=lambda: {"vi": "", "en": ""})
    history_from: int = declared("int", section="time", default_from=lambda v: v.get("base_year"))
    base_year: int = declared("int", section="time", bounds=YEARS)
    history_end: int = declared("int", section="time", default_from=lambda v: v.get("base_year"),
                                bounds=_history_end_bounds)
    end_year: int = declared("int", section="time", bounds=YEARS)
    steps_per_year: int = declared("int", 4, section="time", bounds=(1, 365))
    sources: dict[str, SourceDocument] = declared("keyed")
    blocks: dict[str, Text] = declared("texts")
    lever_groups: dict[str, Text] = declared("texts")
    model: tuple[str, ...] = declared("strs")
    about_tolerance: float = declared("number", 0.1, bounds=(0, 0.5))
    indicators: dict[str, Indicator] = declared("items", factory=dict)
    levers: dict[str, Lever] = declared("items", factory=dict)
    assumptions: dict[str, Assumption] = declared("items", factory=dict)
    periods: tuple[Period, ...] = declared("records", ())
    context: tuple[ContextSeries, ...] = declared("records", ())
    # the handout's sliders; empty: chosen by lever effects
    handout_levers: tuple[str, ...] = declared("strs", (), among="levers")
    path: str = declared("str", "", stored=False)
    notices: tuple[Problem, ...] = declared("str", (), stored=False, compare=False)  # migrations

    @property
    def years(self) -> np.ndarray:
        """Reporting years: the base year (initial state) to the end year."""
        return np.arange(self.base_year, self.end_year + 1)

    @property
    def plans(self) -> dict[str, dict[str, Any]]:
        """Deprecated: the source documents as schema-1 mappings; use :attr:`sources`."""
        _deprecated("Plan.plans", "Plan.sources")
        return {k: {**s.title, **({"short": s.short} if s.short else {}), "scope": s.scope,
                    "source": s.citation} for k, s in self.sources.items()}

    def targets(self) -> list[tuple[Indicator, Target]]:
        return [(ind, t) for ind in self.indicators.values() for t in ind.targets]

    def is_history(self, year: int) -> bool:
        """True for years no scenario can change (up to ``time.history_end``)."""
        return year <= self.history_end

    def period_of(self, year: int) -> Period | None:
        """The plan period containing ``year`` (None outside every period)."""
        return next((p for p in self.periods if year in p), None)

    def target_years(self, target: Target) -> list[int]:
        """The years a target is judged in: its year, or for an ``each_year`` target every year
        of its period that the model simulates (up to the target year)."""
        period = self.period_of(target.year)
        if not target.each_year or period is None:
            return [target.year]
        return [y for y in range(max(period.first, self.base_year + 1), target.year + 1)]

    def is_national(self, target: Target) -> bool:
        """True when the target comes from a national document (a reference line)."""
        doc = self.sources.get(target.source)
        return doc is not None and doc.scope == "national"

    def source_name(self, source_id: str, lang: str, *, short: bool = False) -> str:
        """The name of a source document; ``short``: its chart-footer form, when given."""
        return self.sources[source_id].name(lang, short=short)

    def plan_name(self, plan_id: str, lang: str, *, short: bool = False) -> str:
        """Deprecated alias of :meth:`source_name`."""
        _deprecated("Plan.plan_name", "Plan.source_name")
        return self.source_name(plan_id, lang, short=short)

    def extend(self, *, indicators: tuple[Indicator, ...] = (), levers: tuple[Lever, ...] = (),
               assumptions: tuple[Assumption, ...] = (), components: tuple[str, ...] = ()) -> Plan:
        """A new plan with more declarations and model components (for extensions)."""
        clash = [x.id for x in (*indicators, *levers, *assumptions)
                 if x.id in self.indicators or x.id in self.levers or x.id in self.assumptions]
        if clash:
            raise ValueError(f"already declared in plan {self.id!r}: {', '.join(clash)}")
        return replace(
            self,
            indicators={**self.indicators, **{i.id: i for i in indicators}},
            levers={**self.levers, **{lv.id: lv for lv in levers}},
            assumptions={**self.assumptions, **{a.id: a for a in assumptions}},
            model=(*self.model, *[c for c in components if c not in self.model]),
        )


@dataclass(frozen=True)
class Declarations:
    """What an extension declares: the plan file's three lists."""

    indicators: dict[str, Indicator] = declared("items", factory=dict)
    levers: dict[str, Lever] = declared("items", factory=dict)
    assumptions: dict[str, Assumption] = declared("items", factory=dict)


def plan_path(name_or_path: str | Path | None = None) -> Path:
    """Resolve a plan id shipped in ``simlib/plans`` or a path to a plan file."""
    if name_or_path is None:
        name_or_path = DEFAULT_PLAN
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    return PLANS_DIR / f"{name_or_path}.yaml"


def available_plans() -> list[str]:
    return sorted(p.stem for p in PLANS_DIR.glob("*.yaml"))


def parse_plan(data: Any, lines: dict, file: str) -> Plan:
    """Validate parsed plan data; raise :class:`SimlibValidationError` listing every problem.

    A file of an older plan schema is upgraded first (:func:`~simlib.migrations.migrate_plan`);
    the plan's ``notices`` say what changed."""
    r = FieldReader(file, lines)
    notices: tuple[Problem, ...] = ()
    if isinstance(data, dict):
        version = r.get(data, (), "schema_version", "int")
        if version is not None and not 1 <= version <= PLAN_SCHEMA_VERSION:
            r.problem(("schema_version",), f"plan schema_version {version} is not supported (this "
                                           f"simlib reads versions 1–{PLAN_SCHEMA_VERSION}; a newer "
                                           "version needs a newer simlib)")
            r.raise_if_any()  # its other fields may mean something else: nothing more to say
        if version is not None and version < PLAN_SCHEMA_VERSION:
            data, lines, notes = migrate_plan(data, lines, version)
            r.lines = lines
            line = lines.get(("schema_version",), 1)
            notices = tuple(Problem(file, "schema_version", n, line) for n in notes)
    values: dict[str, Any] = {}
    plan = read_record(r, Plan, data, (), values, preset=values, extra_keys=["schema_version"])
    base, end = values.get("base_year"), values.get("end_year")
    if base is not None and end is not None and end <= base:
        r.problem(("time", "end_year"), f"must be after base_year {base}")
    _check_periods(r, values.get("periods") or ())
    ids = [*values.get("indicators", {}), *values.get("levers", {}), *values.get("assumptions", {})]
    for dup in dict.fromkeys(i for i in ids if ids.count(i) > 1):
        r.problem((), f"id {dup!r} is declared more than once")
    r.raise_if_any()
    return replace(plan, path=file, notices=notices)


def _check_periods(r: FieldReader, periods: tuple[Period, ...]) -> None:
    for i, p in enumerate(periods):
        if p.last < p.first or any(p.first <= q.last and q.first <= p.last for q in periods[:i]):
            r.problem(("periods", i),
                      f"{p.first}–{p.last} must not end before it starts or overlap another period")


def parse_declarations(data: Any, lines: dict, file: str, plan: Plan
                       ) -> tuple[tuple[Indicator, ...], tuple[Lever, ...], tuple[Assumption, ...]]:
    """Validate a plan fragment (``indicators``, ``levers``, ``assumptions`` in the plan file's
    format) against ``plan``'s blocks, lever groups and ids: what an extension declares."""
    r = FieldReader(file, lines)
    context = {"sources": plan.sources, "blocks": plan.blocks, "lever_groups": plan.lever_groups}
    found = read_record(r, Declarations, migrate_declarations(data), (), context)
    if found is None:
        r.raise_if_any()
    for key in ("indicators", "levers", "assumptions"):
        for i in getattr(found, key):
            if i in plan.indicators or i in plan.levers or i in plan.assumptions:
                r.problem((key,), f"id {i!r} is already declared in plan {plan.id!r}")
    r.raise_if_any()
    return (tuple(found.indicators.values()), tuple(found.levers.values()),
            tuple(found.assumptions.values()))


def __getattr__(name: str) -> Any:
    """``simlib.schema.load_plan``: kept for callers from before :mod:`simlib.loader`."""
    if name == "load_plan":
        from .loader import load_plan  # the loader imports this module: only on first use

        return load_plan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
