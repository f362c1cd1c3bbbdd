"""Scenario schema versions: files written for an older version are upgraded step by step."""

from __future__ import annotations

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
