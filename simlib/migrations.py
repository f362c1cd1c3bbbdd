"""Schema versions of scenario and plan files: files written for an older version are upgraded
step by step."""

from __future__ import annotations

import copy
from collections.abc import Callable

SCENARIO_SCHEMA_VERSION = 1


def _from_0(data: dict) -> tuple[dict, str]:
    """Version 0 is a file from before ``schema_version`` existed; its fields are version 1's."""
    return {**data, "schema_version": 1}, "the fields are unchanged; the file gains schema_version: 1"


# version n -> (data of version n) -> (data of version n + 1, what changed)
STEPS: dict[int, Callable[[dict], tuple[dict, str]]] = {0: _from_0}


def migrate(data: dict, version: int) -> tuple[dict, list[str]]:
    """Upgrade scenario ``data`` from ``version`` to :data:`SCENARIO_SCHEMA_VERSION`; one notice a step."""
    notices = []
    while version < SCENARIO_SCHEMA_VERSION:
        data, change = STEPS[version](data)
        notices.append(f"written for scenario schema {version} (no schema_version means 0), read as "
                       f"{version + 1}: {change}; saving the scenario writes the new version")
        version += 1
    return data, notices


# --- Plan files ------------------------------------------------------------------------------

PLAN_SCHEMA_VERSION = 2
FUNDING_UNIT_V1 = "bn VND/yr"  # schema 1 told funding levers by this unit (English label)
_ITEM_RENAMES = {"assumption": "unsourced"}  # levers and assumptions, schema 1 -> 2


def _rename(mapping: dict, old: str, new: str, moves: list) -> None:
    """``mapping[old]`` becomes ``mapping[new]`` (kept in place); ``moves`` records the key paths."""
    if old in mapping and new not in mapping:
        items = [(new if k == old else k, v) for k, v in mapping.items()]
        mapping.clear()
        mapping.update(items)
        moves.append(((old,), (new,)))


def _items_1_to_2(data: dict, path: tuple, moves: list, *, roles: bool = True) -> None:
    """Levers and assumptions: ``assumption`` -> ``unsourced``; targets: ``plan`` -> ``source``;
    with ``roles``, a lever in bn VND/yr (a value, not a year) gains ``role: funding``."""
    for key in ("indicators", "levers", "assumptions"):
        items = data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if not isinstance(item, dict):
                continue
            here: list = []
            if key == "indicators":
                targets = item.get("targets")
                for j, t in enumerate(targets if isinstance(targets, list) else ()):
                    if isinstance(t, dict):
                        sub: list = []
                        _rename(t, "plan", "source", sub)
                        here += [(("targets", j, *a), ("targets", j, *b)) for a, b in sub]
            else:
                for old, new in _ITEM_RENAMES.items():
                    _rename(item, old, new, here)
            if roles and key == "levers" and isinstance(item.get("unit"), dict) and "role" not in item \
                    and item["unit"].get("en") == FUNDING_UNIT_V1 and item.get("kind", "value") == "value":
                item["role"] = "funding"
            moves += [((*path, key, i, *a), (*path, key, i, *b)) for a, b in here]


def _plan_1_to_2(data: dict) -> tuple[dict, list, str]:
    data = copy.deepcopy(data)
    moves: list = []
    plans = data.pop("plans", None)
    if plans is not None:
        data["sources"] = plans
        moves.append((("plans",), ("sources",)))
        for k, spec in plans.items() if isinstance(plans, dict) else ():
            if isinstance(spec, dict) and "title" not in spec:
                title = {lang: spec.pop(lang) for lang in ("vi", "en") if lang in spec}
                if title:
                    plans[k] = {"title": title, **spec}
                    spec = plans[k]
                    moves += [(("sources", k, lang), ("sources", k, "title", lang)) for lang in title]
                sub: list = []
                _rename(spec, "source", "citation", sub)
                moves += [(("sources", k, *a), ("sources", k, *b)) for a, b in sub]
    _items_1_to_2(data, (), moves)
    data["schema_version"] = 2
    return data, moves, ("'plans' are now 'sources' (title, short, scope, citation); a target's 'plan' "
                         "is its 'source'; 'assumption: true' is 'unsourced: true'; levers in bn VND/yr "
                         "gain 'role: funding'")


# plan version n -> (data of version n) -> (data of version n + 1, key moves, what changed)
PLAN_STEPS: dict[int, Callable[[dict], tuple[dict, list, str]]] = {1: _plan_1_to_2}


def _move_lines(lines: dict, moves: list) -> dict:
    """Line numbers keyed by the moved paths too, so problems in an old file name its lines."""
    out = dict(lines)
    for old, new in moves:
        for path, line in lines.items():
            if path[:len(old)] == old:
                out.setdefault((*new, *path[len(old):]), line)
    return out


def migrate_plan(data: dict, lines: dict, version: int) -> tuple[dict, dict, list[str]]:
    """Upgrade plan ``data`` (and its line map) from ``version`` to :data:`PLAN_SCHEMA_VERSION`."""
    notices = []
    while version < PLAN_SCHEMA_VERSION:
        data, moves, change = PLAN_STEPS[version](data)
        lines = _move_lines(lines, moves)
        notices.append(f"written for plan schema {version}, read as {version + 1}: {change}")
        version += 1
    return data, lines, notices


def migrate_declarations(data: object) -> object:
    """An extension's declarations (they carry no version) with schema-1 keys renamed; a funding
    lever says so with ``role: funding`` (its unit is not read as a role)."""
    if not isinstance(data, dict):
        return data
    data = copy.deepcopy(data)
    _items_1_to_2(data, (), [], roles=False)
    return data
