"""Safe YAML reading with line numbers, size/nesting limits and no anchors, tags or aliases."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, SimlibValidationError

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_NODES = 20_000  # the Kon Tum plan has ~3 200
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same events and marks, much faster
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

Lines = dict[tuple, int]


def _fail(file: str, message: str, line: int | None = None, field: str = "") -> SimlibValidationError:
    return SimlibValidationError([Problem(file, field, message, line)])


def _too_big(file: str) -> SimlibValidationError:
    return _fail(file, f"file is larger than the limit of {MAX_BYTES:,} bytes")


def _check_events(text: str, file: str) -> None:
    """Reject anchors/aliases, deep nesting and too many values from the event stream.

    The event parser is iterative, so this runs in bounded stack and memory before the
    (recursive) composer builds any node: billion-laughs and 10 000-deep files stop here.
    """
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _fail(file, "anchors and aliases (&, *) are not allowed", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(file, f"nested deeper than {MAX_DEPTH} levels", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _fail(file, f"more than {MAX_NODES:,} values", line)


def parse_yaml(text: str | bytes, file: str = "<string>") -> tuple[Any, Lines]:
    """Parse YAML text safely; return the data and a map from key path to 1-based line number.

    Rejects files over ``MAX_BYTES``, nesting deeper than ``MAX_DEPTH``, more than ``MAX_NODES``
    values, anchors/aliases and any tag beyond plain scalars, lists and mappings (so
    ``!!python/...`` never constructs).
    """
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise _too_big(file)
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _fail(file, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    text = text.lstrip("\ufeff")
    try:
        size = len(text) if len(text) > MAX_BYTES else len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise _fail(file, f"not valid Unicode text (character {exc.start})",
                    text.count("\n", 0, exc.start) + 1) from None
    if size > MAX_BYTES:
        raise _too_big(file)
    if "\x00" in text:
        raise _fail(file, "contains NUL bytes; this is not a text file")
    try:
        _check_events(text, file)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise _fail(file, f"YAML syntax error: {exc.problem}", line) from None
    except yaml.reader.ReaderError as exc:
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        at = text.find(char)
        raise _fail(file, f"contains the character U+{ord(char):04X}, which YAML does not allow",
                    text.count("\n", 0, at) + 1 if at >= 0 else None) from None
    if node is None:
        raise _fail(file, "file is empty")
    lines: Lines = {}
    return _build(node, (), lines, file, yaml.SafeLoader("")), lines


def _build(node: yaml.Node, path: tuple, lines: Lines, file: str, loader: yaml.SafeLoader) -> Any:
    line = node.start_mark.line + 1
    lines[path] = line
    if node.tag not in _PLAIN_TAGS:
        raise _fail(file, f"tag {node.tag!r} is not allowed", line, dotted(path))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail(file, "mapping keys must be plain values", key_node.start_mark.line + 1,
                            dotted(path))
            key = _scalar(key_node, file, loader, path)
            if key in out:
                raise _fail(file, f"key {key!r} appears twice", key_node.start_mark.line + 1,
                            dotted(path))
            out[key] = _build(value_node, (*path, key), lines, file, loader)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, file, loader) for i, item in enumerate(node.value)]
    return _scalar(node, file, loader, path)


def _scalar(node: yaml.ScalarNode, file: str, loader: yaml.SafeLoader, path: tuple) -> Any:
    line = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        raise _fail(file, f"tag {node.tag!r} is not allowed", line, dotted(path))
    try:
        return loader.yaml_constructors[node.tag](loader, node)
    except ValueError:  # e.g. an integer of more than 4300 digits
        raise _fail(file, f"cannot read the value {node.value[:20]!r}…", line, dotted(path)) from None


def dotted(path: tuple) -> str:
    """``levers.st_budget.2024``; line breaks and other unprintable characters in a key are
    escaped (one problem stays one line) and a part longer than 40 characters is cut with '…'."""
    parts = (str(p) if str(p).isprintable() else repr(str(p))[1:-1] for p in path)
    return ".".join(p if len(p) <= 40 else p[:39] + "…" for p in parts)


def read_yaml(path: str | Path) -> tuple[Any, Lines]:
    """Read and parse a YAML file with :func:`parse_yaml`; a missing file is a clear problem."""
    p = Path(path)
    try:
        if not stat.S_ISREG(p.stat().st_mode):  # a directory, FIFO or device such as /dev/zero
            raise _fail(str(p), "cannot open: not a regular file")
        with p.open("rb") as f:  # at most one byte past the limit, even if the file grows
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _fail(str(p), f"cannot open: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _too_big(str(p))
    return parse_yaml(data, str(p))
