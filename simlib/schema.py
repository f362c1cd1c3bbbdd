"""The one schema: indicators, targets, levers and assumptions, read from a plan file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from .distributions import PARAMS, Distribution
from .fields import FieldReader
from .i18n import text
from .yaml_io import read_yaml

Text = dict[str, str]
PLAN_SCHEMA_VERSION = 1
PLANS_DIR = Path(__file__).parent / "plans"
DEFAULT_PLAN = "kontum_3549"
KINDS = ("stock", "flow", "milestone")
COMPARISONS = (">=", ">", "about", "<=", "<")


@dataclass(frozen=True)
class Target:
    """A plan target: ``value`` in ``year``, compared with ``compare``, quoted from ``sentence``."""

    year: int
    value: float
    compare: str
    plan: str
    sentence: str
    note: str = ""
    each_year: bool = False   # "hàng năm": the level is to hold every year of the target's period
    reference: bool = False   # no provincial lever moves it: drawn grey, never a red verdict

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
    year: int
    value: float
    source: str
    confidence: str


@dataclass(frozen=True)
class Period:
    """A plan period (first and last year, inclusive) over which period shares are counted."""

    first: int
    last: int
    source: str

    def __contains__(self, year: int) -> bool:
        return self.first <= year <= self.last


@dataclass(frozen=True)
class ContextSeries:
    """Observed figures the model does not simulate, carried with their sources for context
    (validation page, model reference): e.g. a national benchmark or a related provincial count."""

    id: str
    label: Text
    unit: Text
    relates_to: str
    observed: tuple[Observation, ...]
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    """An outcome the model reports, with its targets and observed history."""

    id: str
    block: str
    label: Text
    description: Text
    unit: Text
    kind: str
    bounds: tuple[float, float]
    targets: tuple[Target, ...] = ()
    observed: tuple[Observation, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Lever:
    """A policy choice with a time path: a value by year, held or linearly interpolated."""

    id: str
    group: str
    label: Text
    description: Text
    unit: Text
    default: float
    range: tuple[float, float]
    step: float
    source: str
    assumption: bool
    kind: str = "value"  # "value" or "year" (a programme start year)
    interpolation: str = "hold"


@dataclass(frozen=True)
class Assumption:
    """An uncertain parameter: central value for the deterministic run, distribution for ensembles."""

    id: str
    label: Text
    unit: Text
    central: float
    dist: Distribution
    range: tuple[float, float]
    source: str
    assumption: bool = False
    description: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """Everything a province's plan declares. Build with :func:`load_plan`."""

    id: str
    title: Text
    region: Text
    note: Text
    history_from: int
    base_year: int
    history_end: int
    end_year: int
    steps_per_year: int
    plans: dict[str, dict[str, Any]]
    blocks: dict[str, Text]
    lever_groups: dict[str, Text]
    model: tuple[str, ...]
    about_tolerance: float
    indicators: dict[str, Indicator]
    levers: dict[str, Lever]
    assumptions: dict[str, Assumption]
    periods: tuple[Period, ...] = ()
    context: tuple[ContextSeries, ...] = ()
    handout_levers: tuple[str, ...] = ()  # the handout's sliders; empty: chosen by lever effects
    path: str = ""

    @property
    def years(self) -> np.ndarray:
        """Reporting years: the base year (initial state) to the end year."""
        return np.arange(self.base_year, self.end_year + 1)

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
        return self.plans.get(target.plan, {}).get("scope") == "national"

    def plan_name(self, plan_id: str, lang: str, *, short: bool = False) -> str:
        """The name of a plan targets come from; ``short``: its chart-footer form, when given."""
        spec = self.plans[plan_id]
        return text(spec["short"] if short and "short" in spec else spec, lang)

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


_PLAN_KEYS = ["schema_version", "id", "title", "region", "note", "time", "periods", "plans", "blocks",
              "model", "about_tolerance", "indicators", "lever_groups", "levers", "assumptions",
              "context", "handout_levers"]
_INDICATOR_KEYS = ["id", "block", "label", "description", "unit", "kind", "bounds", "targets",
                   "observed", "note"]
_TARGET_KEYS = ["year", "value", "compare", "plan", "sentence", "note", "each_year", "reference"]
_OBS_KEYS = ["year", "value", "source", "confidence"]
_LEVER_KEYS = ["id", "group", "label", "description", "unit", "default", "range", "step",
               "interpolation", "kind", "source", "assumption"]
_ASSUMPTION_KEYS = ["id", "label", "description", "unit", "central", "dist", "range", "source",
                    "assumption"]


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
    """Validate parsed plan data; raise :class:`SimlibValidationError` listing every problem."""
    r = FieldReader(file, lines)
    if not r.keys(data, (), _PLAN_KEYS):
        r.raise_if_any()
    version = r.get(data, (), "schema_version", "int")
    if version is not None and version != PLAN_SCHEMA_VERSION:
        r.problem(("schema_version",), f"plan schema_version {version} is not supported "
                                       f"(this simlib reads version {PLAN_SCHEMA_VERSION})")
    time = r.get(data, (), "time", "map") or {}
    r.keys(time, ("time",), ["history_from", "base_year", "history_end", "end_year", "steps_per_year"])
    base = r.get(time, ("time",), "base_year", "int", bounds=(1990, 2100))
    end = r.get(time, ("time",), "end_year", "int", bounds=(1990, 2100))
    if base is not None and end is not None and end <= base:
        r.problem(("time", "end_year"), f"must be after base_year {base}")
    history_end = r.get(time, ("time",), "history_end", "int", default=base,
                        bounds=(base, end - 1) if base is not None and end is not None and end > base
                        else None)
    periods = _periods(r, r.get(data, (), "periods", "list", default=[]) or [])
    plans = r.get(data, (), "plans", "map") or {}
    for key, spec in plans.items():
        if r.keys(spec, ("plans", key), ["vi", "en", "short", "scope", "source"]):
            r.get(spec, ("plans", key), "scope", "str", choices=("provincial", "national"))
            if "short" in spec:
                spec["short"] = r.check(spec["short"], ("plans", key, "short"), "text")
    blocks = {k: r.check(v, ("blocks", k), "text") for k, v in (r.get(data, (), "blocks", "map")
                                                                  or {}).items()}
    groups = {k: r.check(v, ("lever_groups", k), "text")
              for k, v in (r.get(data, (), "lever_groups", "map") or {}).items()}
    indicators = _items(r, data, "indicators", lambda d, p: _indicator(r, d, p, plans, blocks))
    levers = _items(r, data, "levers", lambda d, p: _lever(r, d, p, groups))
    assumptions = _items(r, data, "assumptions", lambda d, p: _assumption(r, d, p))
    model = [r.check(c, ("model", i), "str") for i, c in enumerate(r.get(data, (), "model", "list") or [])]
    handout = tuple(r.check(lid, ("handout_levers", i), "str", choices=list(levers))
                    for i, lid in enumerate(r.get(data, (), "handout_levers", "list", default=[]) or []))
    ids = [*indicators, *levers, *assumptions]
    for dup in {i for i in ids if ids.count(i) > 1}:
        r.problem((), f"id {dup!r} is declared more than once")
    r.raise_if_any()
    return Plan(
        id=r.get(data, (), "id", "str"),
        title=r.get(data, (), "title", "text"),
        region=r.get(data, (), "region", "text"),
        note=r.get(data, (), "note", "text", default={"vi": "", "en": ""}),
        history_from=r.get(time, ("time",), "history_from", "int", default=base),
        base_year=base,
        history_end=history_end,
        end_year=end,
        steps_per_year=r.get(time, ("time",), "steps_per_year", "int", default=4, bounds=(1, 365)),
        plans=plans,
        blocks=blocks,
        lever_groups=groups,
        model=tuple(model),
        about_tolerance=r.get(data, (), "about_tolerance", "number", default=0.1, bounds=(0, 0.5)),
        indicators=indicators,
        levers=levers,
        assumptions=assumptions,
        periods=periods,
        context=_context(r, r.get(data, (), "context", "list", default=[]) or [], indicators),
        handout_levers=handout,
        path=file,
    )


def _periods(r: FieldReader, items: list) -> tuple[Period, ...]:
    out: list[Period] = []
    for i, d in enumerate(items):
        path = ("periods", i)
        if not r.keys(d, path, ["first", "last", "source"], "period field"):
            continue
        first = r.get(d, path, "first", "int", bounds=(1990, 2100))
        last = r.get(d, path, "last", "int", bounds=(1990, 2100))
        if first is None or last is None:
            continue
        if last < first or any(first <= p.last and p.first <= last for p in out):
            r.problem(path, f"{first}–{last} must not end before it starts or overlap another period")
            continue
        out.append(Period(first, last, r.get(d, path, "source", "str")))
    return tuple(out)


def _observations(r: FieldReader, d: Any, path: tuple) -> tuple[Observation, ...]:
    observed = []
    for j, o in enumerate(r.get(d, path, "observed", "list", default=[]) or []):
        op = (*path, "observed", j)
        if r.keys(o, op, _OBS_KEYS, "observation field"):
            observed.append(Observation(
                year=r.get(o, op, "year", "int", bounds=(1900, 2100)),
                value=r.get(o, op, "value", "number"),
                source=r.get(o, op, "source", "str"),
                confidence=r.get(o, op, "confidence", "str"),
            ))
    return tuple(observed)


def _context(r: FieldReader, items: list, indicators: dict) -> tuple[ContextSeries, ...]:
    out = []
    for i, d in enumerate(items):
        path = ("context", i)
        if not r.keys(d, path, ["id", "label", "unit", "relates_to", "observed", "note"],
                      "context field"):
            continue
        out.append(ContextSeries(
            id=r.get(d, path, "id", "str"),
            label=r.get(d, path, "label", "text"),
            unit=r.get(d, path, "unit", "text"),
            relates_to=r.get(d, path, "relates_to", "str", choices=list(indicators)),
            observed=_observations(r, d, path),
            note=r.get(d, path, "note", "str", default=""),
        ))
    return tuple(out)


def parse_declarations(data: Any, lines: dict, file: str, plan: Plan
                       ) -> tuple[tuple[Indicator, ...], tuple[Lever, ...], tuple[Assumption, ...]]:
    """Validate a plan fragment (``indicators``, ``levers``, ``assumptions`` in the plan file's
    format) against ``plan``'s blocks, lever groups and ids: what an extension declares."""
    r = FieldReader(file, lines)
    if not r.keys(data, (), ["indicators", "levers", "assumptions"]):
        r.raise_if_any()
    indicators = _items(r, data, "indicators", lambda d, p: _indicator(r, d, p, plan.plans, plan.blocks))
    levers = _items(r, data, "levers", lambda d, p: _lever(r, d, p, plan.lever_groups))
    assumptions = _items(r, data, "assumptions", lambda d, p: _assumption(r, d, p))
    for key, items in (("indicators", indicators), ("levers", levers), ("assumptions", assumptions)):
        for i in items:
            if i in plan.indicators or i in plan.levers or i in plan.assumptions:
                r.problem((key,), f"id {i!r} is already declared in plan {plan.id!r}")
    r.raise_if_any()
    return tuple(indicators.values()), tuple(levers.values()), tuple(assumptions.values())


def _items(r: FieldReader, data: dict, key: str, build) -> dict:
    out = {}
    for i, item in enumerate(r.get(data, (), key, "list", default=[]) or []):
        obj = build(item, (key, i))
        if obj is not None:
            out[obj.id] = obj
    return out


def _indicator(r: FieldReader, d: Any, path: tuple, plans: dict, blocks: dict) -> Indicator | None:
    if not r.keys(d, path, _INDICATOR_KEYS, "indicator field"):
        return None
    targets = []
    for j, t in enumerate(r.get(d, path, "targets", "list", default=[]) or []):
        tp = (*path, "targets", j)
        if r.keys(t, tp, _TARGET_KEYS, "target field"):
            targets.append(Target(
                year=r.get(t, tp, "year", "int", bounds=(1990, 2100)),
                value=r.get(t, tp, "value", "number"),
                compare=r.get(t, tp, "compare", "str", choices=COMPARISONS),
                plan=r.get(t, tp, "plan", "str", choices=list(plans)),
                sentence=r.get(t, tp, "sentence", "str"),
                note=r.get(t, tp, "note", "str", default=""),
                each_year=r.get(t, tp, "each_year", "bool", default=False),
                reference=r.get(t, tp, "reference", "bool", default=False),
            ))
    return Indicator(
        id=r.get(d, path, "id", "str"),
        block=r.get(d, path, "block", "str", choices=list(blocks)),
        label=r.get(d, path, "label", "text"),
        description=r.get(d, path, "description", "text"),
        unit=r.get(d, path, "unit", "text"),
        kind=r.get(d, path, "kind", "str", choices=KINDS),
        bounds=r.get(d, path, "bounds", "pair"),
        targets=tuple(targets),
        observed=_observations(r, d, path),
        note=r.get(d, path, "note", "str", default=""),
    )


def _lever(r: FieldReader, d: Any, path: tuple, groups: dict) -> Lever | None:
    if not r.keys(d, path, _LEVER_KEYS, "lever field"):
        return None
    rng = r.get(d, path, "range", "pair")
    kind = r.get(d, path, "kind", "str", default="value", choices=("value", "year"))
    default = r.get(d, path, "default", "number", bounds=rng)
    return Lever(
        id=r.get(d, path, "id", "str"),
        group=r.get(d, path, "group", "str", choices=list(groups)),
        label=r.get(d, path, "label", "text"),
        description=r.get(d, path, "description", "text"),
        unit=r.get(d, path, "unit", "text"),
        default=default,
        range=rng,
        step=r.get(d, path, "step", "number", default=1.0 if kind == "year" else 0.1),
        source=r.get(d, path, "source", "str"),
        assumption=r.get(d, path, "assumption", "bool", default=False),
        kind=kind,
        interpolation=r.get(d, path, "interpolation", "str", default="hold",
                            choices=("hold", "linear")),
    )


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


def _assumption(r: FieldReader, d: Any, path: tuple) -> Assumption | None:
    if not r.keys(d, path, _ASSUMPTION_KEYS, "assumption field"):
        return None
    rng = r.get(d, path, "range", "pair")
    central = r.get(d, path, "central", "number", bounds=rng)
    dist = parse_distribution(r, r.get(d, path, "dist", "map"), (*path, "dist"), central, rng)
    if dist is None or central is None:
        return None
    return Assumption(
        id=r.get(d, path, "id", "str"),
        label=r.get(d, path, "label", "text"),
        unit=r.get(d, path, "unit", "text"),
        central=central,
        dist=dist,
        range=rng,
        source=r.get(d, path, "source", "str"),
        assumption=r.get(d, path, "assumption", "bool", default=False),
        description=r.get(d, path, "description", "text", default={}),
    )


_CACHE: dict[tuple, Plan] = {}


def load_plan(name_or_path: str | Path | None = None, *, observations: bool = True) -> Plan:
    """Load and validate a plan (default: the Kon Tum plan shipped in the package).

    The model's components are checked against the declarations: every lever, assumption and
    indicator a component uses must be declared in the plan. Extensions listed in
    ``$SIMLIB_EXTENSIONS`` are applied (see :mod:`simlib.extensions`), then, unless
    ``observations=False``, the user's observed values (:mod:`simlib.observations`).
    """
    from .extensions import ENV, apply_env_extensions
    from .model import check_model  # components live in their own modules

    path = plan_path(name_or_path)
    key = (str(path.resolve()), path.stat().st_mtime if path.exists() else 0.0, os.environ.get(ENV, ""))
    if observations:
        from .observations import observations_path, plan_with_observations, stamp

        user_file = observations_path()
        version = stamp(user_file)  # a saved observation changes it: the next call re-reads
        if version is not None:
            if (*key, version) not in _CACHE:
                declared = load_plan(path, observations=False)
                _CACHE[(*key, version)] = plan_with_observations(declared, user_file)
            return _CACHE[(*key, version)]
    if key not in _CACHE:
        data, lines = read_yaml(path)
        plan = apply_env_extensions(parse_plan(data, lines, str(path)))
        check_model(plan)
        _CACHE[key] = plan
    return _CACHE[key]
