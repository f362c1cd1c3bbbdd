"""Saving user files — the one writer: checked names, atomic writes, numbered backups.

A save writes a temporary file in the target folder, fsyncs it and links it into place with
``os.link``, which fails if the name exists: two sessions saving the same new name at once
get one winner and one ``FileExistsError``, and no reader ever sees a partial file. With
``overwrite=True`` the current file is first renamed away (only one session can take it) and
kept as ``NAME.yaml.N.bak``; a session that loses the race is told, and no version is lost.
Scenarios (:func:`save_scenario`) and the observations file (:mod:`simlib.observations`, which
also holds :func:`locked` around its read–modify–write) both go through :func:`write_file`.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Problem, SimlibValidationError
from .fields import type_name
from .scenario import (
    NAME_PATTERN,
    OBSERVATIONS_NAME,
    Scenario,
    name_rule,
    scenario_from_text,
    scenarios_dir,
    shipped_scenarios,
)

WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt")
                                                                  for i in range(10))})


def scenario_name_problem(name: object) -> str | None:
    """Why ``name`` cannot name a saved scenario (a message for the user), or ``None``."""
    if not isinstance(name, str):
        return f"expected a name, got {type_name(name)}"
    if not NAME_PATTERN.match(name):
        return name_rule(name)
    if name in WINDOWS_DEVICES:
        return f"name {name!r} is reserved by Windows for a device; choose another"
    if name == OBSERVATIONS_NAME:
        return f"name {name!r} is reserved for the observations file; choose another"
    return None


def save_scenario(scenario: Scenario, name: str, directory: Path | None = None, *,
                  overwrite: bool = False) -> Path:
    """Write ``scenario`` as ``directory/NAME.yaml`` (default :func:`scenarios_dir`, created if
    missing); return the path.

    Raises :class:`SimlibValidationError` for a bad name or a scenario that would not load
    again, ``FileExistsError`` if ``name`` is a shipped scenario (whatever ``overwrite`` says: a
    user file never shadows one) or if the file exists, unless ``overwrite``. Overwriting keeps
    the previous file as ``NAME.yaml.N.bak``.
    """
    folder = Path(directory) if directory is not None else scenarios_dir()
    problem = scenario_name_problem(name)
    if problem:
        raise SimlibValidationError([Problem(str(folder), "name", problem)])
    if name in shipped_scenarios():
        raise FileExistsError(f"{name!r} is a scenario shipped with simlib and cannot be "
                              "overwritten; choose another name")
    target = folder / f"{name}.yaml"
    text = scenario.renamed(name).to_yaml()
    scenario_from_text(text, str(target))  # what is written must load again
    return write_file(target, text, overwrite=overwrite)


def write_file(target: Path, text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` (UTF-8) as ``target`` atomically; return ``target``.

    Raises ``FileExistsError`` if ``target`` exists, unless ``overwrite``: then the previous
    file is kept as ``TARGET.N.bak``. The caller checks name and content first. The folder is
    created if missing.
    """
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(folder, target.stem, text)
    try:
        if overwrite:
            _replace_keeping_backup(tmp, target)
        else:
            _link_new(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(folder)
    return target


@contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on the hidden ``.TARGET.lock`` beside ``target`` (POSIX ``flock``;
    elsewhere nothing): sessions that read, change and rewrite one shared file take turns."""
    if os.name != "posix":
        yield
        return
    import fcntl

    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.with_name(f".{target.name}.lock"), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _write_temp(folder: Path, name: str, text: str) -> Path:
    tmp = folder / f".{name}.{secrets.token_hex(8)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # mode as umask allows
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _link_new(tmp: Path, target: Path) -> None:
    """Put ``tmp`` at ``target`` only if nothing is there (atomic test-and-create)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise FileExistsError(f"{target} already exists (perhaps just saved by another session); "
                              "choose another name or confirm overwriting") from None


def _replace_keeping_backup(tmp: Path, target: Path) -> None:
    held = target.with_name(f".{target.name}.{secrets.token_hex(8)}.old")
    try:
        os.rename(target, held)  # atomic: of two sessions, only one takes the current version
    except FileNotFoundError:
        _link_new(tmp, target)
        return
    try:
        _link_new(tmp, target)
    finally:
        _keep_backup(held, target)


def _keep_backup(held: Path, target: Path) -> None:
    pattern = re.compile(re.escape(target.name) + r"\.(\d+)\.bak")
    taken = [int(m[1]) for p in target.parent.glob(f"{target.name}.*.bak")
             if (m := pattern.fullmatch(p.name))]
    number = max(taken, default=0) + 1
    while True:
        try:
            os.link(held, target.with_name(f"{target.name}.{number}.bak"))
            break
        except FileExistsError:  # another session took this number
            number += 1
    held.unlink()


def _fsync_dir(folder: Path) -> None:
    """Make the new directory entries durable (POSIX; Windows cannot open a directory)."""
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
