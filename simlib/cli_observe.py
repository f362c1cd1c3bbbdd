"""``simlib observe``: enter, list and remove observed values (:mod:`simlib.observations`)."""

from __future__ import annotations

import argparse
import math
import sys
from typing import NoReturn

import pandas as pd

from .cli import EXIT_INVALID, command
from .fields import unknown
from .loader import load_plan
from .observations import (
    CONFIDENCE,
    InvalidObservation,
    ObservationExists,
    UserObservation,
    observations_path,
    read_observations,
    remove_observation,
    save_observation,
)
from .schema import DEFAULT_PLAN, Plan, available_plans


def _year(text: str) -> int:
    """An argparse ``type``: a whole number (the plan's range is checked when saving)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole year, got {text!r}") from None


def _value(text: str) -> float:
    """An argparse ``type``: a finite number; '62,5' is refused with a hint (1,234 is ambiguous)."""
    try:
        value = float(text)
    except ValueError:
        hint = " (use a point for decimals: 62.5)" if "," in text else ""
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}{hint}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def _plan_id(text: str) -> str:
    if text not in available_plans():
        raise argparse.ArgumentTypeError(unknown("plan", text, available_plans()))
    return text


def _observe_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("indicator", nargs="?", metavar="INDICATOR", help="indicator id, e.g. st_transfer_share")
    p.add_argument("year", nargs="?", type=_year, metavar="YEAR", help="year observed, e.g. 2025")
    p.add_argument("value", nargs="?", type=_value, metavar="VALUE", help="in the indicator's unit")
    p.add_argument("--source", metavar="TEXT", help="where the value comes from (required to store)")
    p.add_argument("--confidence", choices=CONFIDENCE, default="user", help="default: user")
    p.add_argument("--replace", action="store_true", help="replace a value already entered")
    p.add_argument("--plan", type=_plan_id, help="plan id (default: the default plan)")
    p.add_argument("--list", action="store_true", help="list the entered values")
    p.add_argument("--remove", action="store_true", help="remove the entered value of INDICATOR YEAR")
    p.set_defaults(parser=p)


def _refuse(args: argparse.Namespace, problems: list[str]) -> NoReturn:
    """Usage, then one line per problem; exit 2."""
    args.parser.print_usage(sys.stderr)
    args.parser.exit(EXIT_INVALID, "".join(f"{args.parser.prog}: error: {p}\n" for p in problems))


def _check_form(args: argparse.Namespace) -> str:
    """Which of store/list/remove the arguments ask for (else usage and exit 2)."""
    given = [n for n in ("indicator", "year", "value") if getattr(args, n) is not None]
    extras = [f"--{n}" for n in ("source", "replace") if getattr(args, n)]
    extras += ["--confidence"] if args.confidence != "user" else []
    if args.list and args.remove:
        _refuse(args, ["give either --list or --remove, not both"])
    if args.list:
        if given or extras:
            _refuse(args, [f"--list takes only --plan, not {', '.join([*given, *extras])}"])
        return "list"
    if args.remove:
        if given != ["indicator", "year"] or extras:
            _refuse(args, ["--remove takes INDICATOR YEAR (and --plan), nothing else"])
        return "remove"
    if len(given) < 3:
        _refuse(args, ["give INDICATOR YEAR VALUE --source TEXT to store a value, --list to show the "
                       "entered values, or --remove INDICATOR YEAR"])
    if args.source is None:
        _refuse(args, ["--source TEXT is required: say where the value comes from"])
    return "store"


@command("observe", "enter an observed value (replacing the plan file's value of that year); "
                    "--list, --remove")(_observe_args)
def cmd_observe(args: argparse.Namespace) -> int:
    action = _check_form(args)
    path = observations_path()
    if action == "list":
        return _list(read_observations(path), args.plan, str(path))
    plan = load_plan(args.plan or DEFAULT_PLAN, observations=False)  # declarations, plan-file values
    try:
        if action == "remove":
            remove_observation(plan, args.indicator, args.year)
            print(f"removed {args.indicator} {args.year} (plan {plan.id}) from {path}; the previous "
                  "file is kept as a numbered backup")
            return 0
        return _store(args, plan, read_observations(path, {plan.id: plan}))
    except InvalidObservation as exc:
        _refuse(args, [f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems])
    except ObservationExists as exc:
        old = exc.existing
        _refuse(args, [f"{old.indicator} {old.year} (plan {old.plan}) already has an entered value, "
                       f"{old.value:g} (source {old.source!r}, entered {old.entered or '?'}); add "
                       "--replace to replace it"])
    except OSError as exc:
        print(f"{args.parser.prog}: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _store(args: argparse.Namespace, plan: Plan, entered: tuple[UserObservation, ...]) -> int:
    """Save; say what was stored, where, and which value it takes the place of."""
    old = next((o for o in entered if o.key == (plan.id, args.indicator, args.year)), None)
    path = save_observation(plan, args.indicator, args.year, args.value, args.source, args.confidence,
                            replace=args.replace)
    ind = plan.indicators[args.indicator]
    print(f"stored {args.indicator} {args.year} = {args.value:g} {ind.unit['en']} (plan {plan.id}, "
          f"confidence {args.confidence}, source {args.source!r}) in {path}")
    shipped = next((o for o in ind.observed if o.year == args.year), None)
    if old is not None:
        print(f"it replaces the value entered before, {old.value:g} (source {old.source!r}); the "
              "previous file is kept as a numbered backup")
    elif shipped is not None:
        print(f"it takes the place of the plan file's value {shipped.value:g} (source {shipped.source!r})")
    return 0


def _list(rows: tuple[UserObservation, ...], plan_id: str | None, where: str) -> int:
    rows = tuple(o for o in rows if plan_id is None or o.plan == plan_id)
    if not rows:
        print(f"no entered observations in {where}")
        return 0
    df = pd.DataFrame([o.to_dict() for o in rows]).reindex(
        columns=["plan", "indicator", "year", "value", "confidence", "entered", "source"])
    print(where)
    print(df.fillna("").to_string(index=False))
    return 0
