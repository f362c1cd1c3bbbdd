"""Safe YAML reading with line numbers, size/nesting limits and no anchors, tags or aliases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, SimlibValidationError

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
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


def _nesting_depth(text: str) -> int:
    """Upper bound on flow/indent nesting, checked before PyYAML recurses."""
    depth = best = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    indent = max((len(ln) - len(ln.lstrip(" ")) for ln in text.splitlines() if ln.strip()), default=0)
    return max(best, indent // 2)


def parse_yaml(text: str | bytes, file: str = "<string>") -> tuple[Any, Lines]:
    """Parse YAML text safely; return the data and a map from key path to 1-based line number.

    Rejects files over ``MAX_BYTES``, nesting deeper than ``MAX_DEPTH``, anchors/aliases and
    any tag beyond plain scalars, lists and mappings (so ``!!python/...`` never constructs).
    """
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise _fail(file, f"file is {len(text):,} bytes; the limit is {MAX_BYTES:,}")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _fail(file, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    text = text.lstrip("\ufeff")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise _fail(file, f"file is larger than the limit of {MAX_BYTES:,} bytes")
    if "\x00" in text:
        raise _fail(file, "contains NUL bytes; this is not a text file")
    if _nesting_depth(text) > MAX_DEPTH:
        raise _fail(file, f"nested deeper than {MAX_DEPTH} levels")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise _fail(file, f"YAML syntax error: {exc.problem}", line) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise _fail(file, f"cannot read YAML: {type(exc).__name__}") from None
    if node is None:
        raise _fail(file, "file is empty")
    lines: Lines = {}
    return _build(node, (), lines, file, set()), lines


def _build(node: yaml.Node, path: tuple, lines: Lines, file: str, seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    lines[path] = line
    if id(node) in seen:
        raise _fail(file, "anchors and aliases (&, *) are not allowed", line, dotted(path))
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        raise _fail(file, f"tag {node.tag!r} is not allowed", line, dotted(path))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail(file, "mapping keys must be plain values", key_node.start_mark.line + 1)
            key = _scalar(key_node, file)
            if key in out:
                raise _fail(file, f"key {key!r} appears twice", key_node.start_mark.line + 1,
                            dotted(path))
            out[key] = _build(value_node, (*path, key), lines, file, seen)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, file, seen) for i, item in enumerate(node.value)]
    return _scalar(node, file)


def _scalar(node: yaml.ScalarNode, file: str) -> Any:
    if node.tag not in _PLAIN_TAGS:
        raise _fail(file, f"tag {node.tag!r} is not allowed", node.start_mark.line + 1)
    constructor = yaml.SafeLoader.yaml_constructors[node.tag]
    return constructor(yaml.SafeLoader(""), node)


def dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def read_yaml(path: str | Path) -> tuple[Any, Lines]:
    """Read and parse a YAML file with :func:`parse_yaml`; a missing file is a clear problem."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise _fail(str(p), f"cannot open: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise _fail(str(p), f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
    return parse_yaml(p.read_bytes(), str(p))


