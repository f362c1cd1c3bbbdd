"""Reading typed fields out of parsed YAML, collecting every problem with file, line and field."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from typing import Any

from .errors import Problem, SimlibValidationError
from .formatting import fmt_raw as fmt  # noqa: F401  (re-exported)
from .yaml_io import Lines, dotted

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
        allowed = f"{fmt(bounds[0])}–{fmt(bounds[1])}{' ' + unit if unit else ''}" if bounds else ""
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
