"""Reading typed fields out of parsed YAML, collecting every problem with file, line and field."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from .errors import Problem, SimlibValidationError
from .formatting import fmt_raw
from .yaml_io import Lines, dotted

fmt = fmt_raw  # the older name of formatting.fmt_raw, kept for callers

_MISSING = object()


class FieldReader:
    """Collects :class:`Problem` s while reading fields of one file."""

    def __init__(self, file: str, lines: Lines):
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: tuple, message: str) -> None:
        line = None
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line:
                break
        self.problems.append(Problem(self.file, dotted(path), message, line))

    def raise_if_any(self) -> None:
        if self.problems:
            raise SimlibValidationError(self.problems)

    def keys(self, mapping: Any, path: tuple, allowed: Iterable[str], what: str = "key") -> bool:
        """Check that ``mapping`` is a mapping whose keys are all in ``allowed``."""
        if not isinstance(mapping, dict):
            self.problem(path, f"expected a mapping, got {type_name(mapping)}")
            return False
        allowed = list(allowed)
        for key in mapping:
            if key not in allowed:
                self.problem((*path, key), unknown(what, key, allowed))
        return True

    def get(self, mapping: dict, path: tuple, key: str, kind: str, *, default: Any = _MISSING,
            bounds: tuple[float, float] | None = None, choices: Iterable[str] | None = None) -> Any:
        """Read ``mapping[key]`` as ``kind`` (text, str, number, int, bool, list, map, pair)."""
        where = (*path, key)
        if key not in mapping:
            if default is _MISSING:
                self.problem(path, f"missing required field {key!r}")
                return None
            return default
        value = mapping[key]
        checked = self.check(value, where, kind, bounds=bounds, choices=choices)
        return checked

    def check(self, value: Any, where: tuple, kind: str, *, bounds: tuple[float, float] | None = None,
              choices: Iterable[str] | None = None) -> Any:
        if kind == "text":
            if isinstance(value, str) and value.strip():
                return {"vi": value, "en": value}
            if isinstance(value, dict) and {"vi", "en"} <= set(value) and all(
                isinstance(v, str) for v in value.values()
            ):
                self.keys(value, where, ["vi", "en"], "language")
                return {"vi": value["vi"], "en": value["en"]}
            self.problem(where, "expected text, or a mapping with 'vi' and 'en' text")
            return None
        if kind == "str":
            if isinstance(value, str) and value.strip():
                if choices is not None and value not in choices:
                    self.problem(where, unknown("value", value, list(choices)))
                    return None
                return value
            self.problem(where, f"expected text, got {type_name(value)}")
            return None
        if kind in ("number", "int"):
            return self.number(value, where, kind == "int", bounds)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            self.problem(where, f"expected true or false, got {type_name(value)}")
            return None
        if kind == "list":
            if isinstance(value, list):
                return value
            self.problem(where, f"expected a list, got {type_name(value)}")
            return None
        if kind == "map":
            if isinstance(value, dict):
                return value
            self.problem(where, f"expected a mapping, got {type_name(value)}")
            return None
        if kind == "pair":
            if (isinstance(value, list) and len(value) == 2
                    and all(is_number(v) for v in value) and value[0] < value[1]):
                return (float(value[0]), float(value[1]))
            self.problem(where, "expected [low, high] with two numbers, low < high")
            return None
        raise ValueError(kind)

    def number(self, value: Any, where: tuple, integer: bool = False,
               bounds: tuple[float, float] | None = None, unit: str = "") -> float | int | None:
        allowed = f"{fmt_raw(bounds[0])}–{fmt_raw(bounds[1])}{' ' + unit if unit else ''}" if bounds else ""
        if not is_number(value) or (integer and float(value) != int(value)):
            want = "a whole number" if integer else "a number"
            within = f" within {allowed}" if allowed else ""
            self.problem(where, f"expected {want}{within}, got {type_name(value)} {short(value)}")
            return None
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            self.problem(where, f"{short(value)} is outside the allowed range {allowed}")
            return None
        return int(value) if integer else float(value)


def is_number(value: Any) -> bool:
    """A finite int or float (booleans are not numbers here; nor are ints too big for a float)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def unknown(what: str, key: Any, allowed: list[str]) -> str:
    """'unknown lever 'st_budgt'; did you mean 'st_budget'?' with the allowed values if few."""
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    listing = f" (allowed: {', '.join(allowed)})" if not close and len(allowed) <= 12 else ""
    return f"unknown {what} {short(key)}{hint}{listing}"


def type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Records declared once: a dataclass whose fields carry how they are read -------------------

@dataclass(frozen=True)
class Spec:
    """How one dataclass field is read from a file (kept in the field's ``metadata``); its key
    in the file is the field's name."""

    kind: str                      # text str number int bool pair strs texts records items keyed
    among: str | None = None       # choices: the ids of an already-read plan field (e.g. "blocks")
    bounds: Bounds | None = None   # allowed range, fixed, from a field name, or from the values read
    default_from: Callable[[dict], Any] | None = None  # the value when the key is absent, from
                                                       # the values read (else the field default)
    read: Callable[..., Any] | None = None  # (reader, value, where, values) -> value, for the rest
    section: str | None = None     # the key sits in this sub-mapping of the file (e.g. "time")
    stored: bool = True            # False: not in the file (set by the loader)

    @property
    def late(self) -> bool:
        """Read after the plain fields: it depends on values read before it."""
        return self.read is not None or self.default_from is not None \
            or isinstance(self.bounds, str) or callable(self.bounds)


Bounds = tuple[float, float] | str | Callable[[dict], tuple[float, float] | None]


def declared(kind: str, default: Any = _MISSING, *, factory: Callable[[], Any] | None = None,
             compare: bool = True, **spec: Any) -> Any:
    """A dataclass field read as ``kind`` (see :class:`Spec`); ``default`` makes it optional."""
    meta = {"spec": Spec(kind, **spec)}
    if factory is not None:
        return field(default_factory=factory, metadata=meta, compare=compare)
    if default is _MISSING:
        return field(metadata=meta, compare=compare)
    return field(default=default, metadata=meta, compare=compare)


def literal_choices(hint: Any) -> tuple[str, ...] | None:
    """The values of a ``Literal[...]`` hint (also inside ``X | None``); None for other hints."""
    if get_origin(hint) is Literal:
        return get_args(hint)
    if get_origin(hint) in (Union, UnionType):
        for arg in get_args(hint):
            if get_origin(arg) is Literal:
                return get_args(arg)
    return None


@functools.cache
def record_fields(cls: type) -> tuple[tuple[str, Spec, Any], ...]:
    """(name, spec, type hint) of each declared field of ``cls``: plain fields first, then those
    that depend on values read before them, each group in declaration order."""
    hints = get_type_hints(cls)
    out = [(f.name, f.metadata["spec"], hints[f.name]) for f in dataclasses.fields(cls)
           if "spec" in f.metadata and f.metadata["spec"].stored]
    return tuple(sorted(out, key=lambda x: x[1].late))


def file_keys(cls: type, section: str | None = None) -> list[str]:
    """The keys a file may give for ``cls`` (top level, or in ``section``)."""
    keys = [name for name, spec, _ in _in_order(cls) if spec.section == section]
    if section is None:
        keys += [s for s in dict.fromkeys(spec.section for _, spec, _ in _in_order(cls)) if s]
    return keys


def _in_order(cls: type) -> list[tuple[str, Spec, Any]]:
    order = [f.name for f in dataclasses.fields(cls)]
    return sorted(record_fields(cls), key=lambda x: order.index(x[0]))


def _default(cls: type, name: str) -> Any:
    f = {f.name: f for f in dataclasses.fields(cls)}[name]
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return _MISSING


def read_record(r: FieldReader, cls: type, d: Any, path: tuple, context: dict, *,
                preset: dict | None = None, extra_keys: Iterable[str] = ()) -> Any | None:
    """Read ``d`` as a ``cls`` whose fields are :func:`declared`; every problem goes to ``r``.

    ``context`` holds the plan's values read so far (``among`` looks there); reading the plan
    itself, pass the same dict as ``preset`` so each field read joins the context.
    None when ``d`` cannot make a ``cls`` (the problems say why)."""
    what = getattr(cls, "WHAT", "key")
    if not r.keys(d, path, [*extra_keys, *file_keys(cls)], what):
        return None
    values = preset if preset is not None else {}
    sections = {}
    for name in dict.fromkeys(spec.section for _, spec, _ in record_fields(cls) if spec.section):
        sections[name] = r.get(d, path, name, "map", default={}) or {}
        r.keys(sections[name], (*path, name), file_keys(cls, name))
    complete = True
    for name, spec, hint in record_fields(cls):
        where = (*path, spec.section) if spec.section else path
        values[name] = _read_field(r, cls, name, spec, hint,
                                   sections[spec.section] if spec.section else d,
                                   where, values, context)
        if values[name] is None and _default(cls, name) is _MISSING:
            complete = False
    if not complete:
        return None
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    return cls(**{k: v for k, v in values.items() if k in names})


def _read_field(r: FieldReader, cls: type, name: str, spec: Spec, hint: Any, d: dict,
                path: tuple, values: dict, context: dict) -> Any:
    key = name
    default = spec.default_from(values) if spec.default_from else _default(cls, name)
    if key not in d:
        if default is _MISSING:
            r.problem(path, f"missing required field {key!r}")
            return None
        return default
    value, where = d[key], (*path, key)
    bounds = spec.bounds
    if isinstance(bounds, str):
        bounds = values.get(bounds)
    elif callable(bounds):
        bounds = bounds(values)
    choices = literal_choices(hint)
    if spec.among is not None:
        choices = list(context.get(spec.among) or ())
    if spec.read is not None:
        return spec.read(r, value, where, values)
    if spec.kind in ("records", "items"):
        (record,) = [a for a in get_args(hint) if a is not Ellipsis and a is not str]
        items = r.check(value, where, "list") or []
        out = [read_record(r, record, item, (*where, i), context) for i, item in enumerate(items)]
        out = [x for x in out if x is not None]
        if spec.kind == "records":
            return tuple(out)
        ids = [x.id for x in out]
        for dup in dict.fromkeys(i for i in ids if ids.count(i) > 1):
            r.problem(where, f"id {dup!r} is declared more than once")
        return {x.id: x for x in out}
    if spec.kind == "keyed":
        record = get_args(hint)[1]
        items = r.check(value, where, "map") or {}
        out = {k: read_record(r, record, v, (*where, k), context, preset={"id": k})
               for k, v in items.items()}
        return {k: v for k, v in out.items() if v is not None}
    if spec.kind == "texts":
        return {k: r.check(v, (*where, k), "text") for k, v in (r.check(value, where, "map") or {}).items()}
    if spec.kind == "strs":
        items = r.check(value, where, "list") or []
        return tuple(r.check(v, (*where, i), "str", choices=choices) for i, v in enumerate(items))
    return r.check(value, where, spec.kind, bounds=bounds, choices=choices)
