"""Extensions: new indicators, levers, assumptions and components, without touching simlib.

An extension is a Python module (a ``.py`` file or an importable name) that registers its
components with ``@register`` and declares what they use in ``DECLARATIONS``: YAML in the plan
file's own format (``indicators``, ``levers``, ``assumptions`` lists), validated like the plan.
See ``extensions/agri_ecommerce.py``.

- ``simlib.extend(plan_or_scenario, "extensions/agri_ecommerce.py")`` returns the extended plan or
  a scenario bound to it (in a notebook, ``declarations=`` and ``components=`` do the same without
  a file).
- ``SIMLIB_EXTENSIONS`` (files or module names separated by ``os.pathsep``) extends every plan that
  :func:`~simlib.loader.load_plan` returns, so the CLI, the dashboard and exports show the
  extension too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from .errors import Problem, SimlibValidationError
from .model import REGISTRY, Component, check_model
from .schema import Plan, parse_declarations
from .yaml_io import parse_yaml

ENV = "SIMLIB_EXTENSIONS"
T = TypeVar("T")


def load_extension(source: str | Path | ModuleType) -> ModuleType:
    """Import an extension module from a ``.py`` path or a module name (once per path)."""
    if isinstance(source, ModuleType):
        return source
    path = Path(source)
    if path.suffix != ".py":
        return importlib.import_module(str(source))
    if not path.is_file():
        raise SimlibValidationError([Problem(str(path), "", "extension file not found")])
    path = path.resolve()
    name = f"simlib_extension_{path.stem}_{hashlib.sha1(str(path).encode()).hexdigest()[:8]}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # before running it, so its classes pickle by reference
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    return sys.modules[name]


def module_components(module: ModuleType) -> tuple[type[Component], ...]:
    """The registered components defined in ``module``."""
    return tuple(c for c in REGISTRY.values() if c.__module__ == module.__name__)


def extend(target: T, *sources: str | Path | ModuleType, declarations: str = "",
           components: Sequence[type[Component]] = ()) -> T:
    """``target`` (a Plan or a Scenario) with extensions added: each source module's
    ``DECLARATIONS`` and components, then ``declarations``/``components`` given directly.
    Adding an extension a second time changes nothing."""
    plan = target if isinstance(target, Plan) else target.plan
    for src in sources:
        module = load_extension(src)
        plan = _apply(plan, getattr(module, "DECLARATIONS", ""), module_components(module),
                      getattr(module, "__file__", None) or module.__name__)
    if declarations or components:
        plan = _apply(plan, declarations, tuple(components), "<declarations>")
    return plan if isinstance(target, Plan) else dataclasses.replace(target, plan=plan)


def _apply(plan: Plan, declarations: str, components: Sequence[type[Component]], file: str) -> Plan:
    data, lines = parse_yaml(declarations or "{}", file)
    names = tuple(c.name for c in components)
    ids = [d.get("id") for key in ("indicators", "levers", "assumptions")
           for d in (data or {}).get(key) or [] if isinstance(d, dict)]
    if names and all(n in plan.model for n in names) and all(
            i in plan.indicators or i in plan.levers or i in plan.assumptions for i in ids):
        return plan  # already applied
    indicators, levers, assumptions = parse_declarations(data or {}, lines, file, plan)
    for c in components:
        if REGISTRY.get(c.name) is not c:
            raise SimlibValidationError([Problem(file, "", f"component {c.__name__} is not "
                                                           "registered: decorate it with @register")])
    extended = plan.extend(indicators=indicators, levers=levers, assumptions=assumptions,
                           components=names)
    check_model(extended)
    return extended


def env_extensions() -> tuple[str, ...]:
    """The extension files or modules listed in ``$SIMLIB_EXTENSIONS``."""
    return tuple(s for s in os.environ.get(ENV, "").split(os.pathsep) if s.strip())


def apply_env_extensions(plan: Plan) -> Plan:
    """``plan`` extended by every extension in ``$SIMLIB_EXTENSIONS``."""
    sources = env_extensions()
    return extend(plan, *sources) if sources else plan


def component_sources(plan: Plan) -> tuple[tuple[str, str | None], ...]:
    """(module, file) of each component outside simlib, so another process can import it."""
    out = []
    for name in plan.model:
        module = sys.modules.get(REGISTRY[name].__module__)
        if module is not None and not module.__name__.startswith("simlib."):
            out.append((module.__name__, getattr(module, "__file__", None)))
    return tuple(dict.fromkeys(out))


def ensure_components(sources: Sequence[tuple[str, str | None]]) -> None:
    """Import extension modules (by name, else by file) that this process has not loaded."""
    for name, file in sources:
        if name in sys.modules:
            continue
        if file and name.startswith("simlib_extension_"):
            load_extension(file)
        else:
            importlib.import_module(name)
