"""CLI verbs of the analyst toolkit: goal-seek, sensitivity, calibrate, allocate, reference,
validate-model."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..cli import EXIT_INVALID, SCENARIO_HELP, add_run_options, command
from ..errors import SimlibValidationError
from ..loader import load_plan
from ..scenario import load_scenario
from .allocation import allocate
from .calibration import calibrate
from .goal_seek import goal_seek
from .model_check_page import validation_page
from .reference import model_reference
from .sensitivity import sobol, tornado


def _ids(value: str | None) -> list[str] | None:
    """Comma-separated ids as a list (None when not given)."""
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _emit(df: pd.DataFrame, fmt: str) -> None:
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        print(json.dumps(json.loads(df.to_json(orient="records")), ensure_ascii=False, indent=1))
    else:
        print(df.to_string(index=False, float_format=lambda v: f"{v:,.4g}"))


def _format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")


def _friendly(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A bad id, year or value gets one line on stderr and exit code 2, not a traceback."""
    @functools.wraps(run)
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except (ValueError, KeyError, FileExistsError) as exc:
            if isinstance(exc, SimlibValidationError):
                raise
            print(f"simlib {args.verb}: {exc.args[0] if exc.args else exc}", file=sys.stderr)
            return EXIT_INVALID
    return wrapped


def _write_new(path: str, content: str, force: bool) -> None:
    target = Path(path)
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists; add --force to replace it")
    target.write_text(content, encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


# --- goal-seek ------------------------------------------------------------------------------
def _goal_seek_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help=SCENARIO_HELP)
    p.add_argument("--indicator", required=True)
    p.add_argument("--year", type=int, required=True, help="target year")
    p.add_argument("--lever", help="lever to vary (default: the one measured to move the target most)")
    p.add_argument("--probability", type=float, default=0.5, help="required P(target met), 0–1")
    p.add_argument("--lang", choices=("vi", "en"), default="en")
    add_run_options(p)
    p.add_argument("--format", choices=("text", "json"), default="text")


@command("goal-seek", "lever level at which a target is met with a given probability")(_goal_seek_args)
@_friendly
def cmd_goal_seek(args: argparse.Namespace) -> int:
    sc = load_scenario(args.scenario)
    g = goal_seek(sc, args.indicator, args.year, args.lever, args.probability, args.draws, args.seed)
    if args.format == "json":
        data = dataclasses.asdict(g)
        data["target"] = {"value": g.target.value, "compare": g.target.compare, "source": g.target.source}
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(g.describe(sc.plan, args.lang))
    return 0


# --- sensitivity ----------------------------------------------------------------------------
def _sensitivity_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help=SCENARIO_HELP)
    p.add_argument("--indicator", default=None,
                   help="indicator ids, comma-separated (default: every targeted indicator; one ensemble)")
    p.add_argument("--year", type=int, default=None, help="one year (default: every year)")
    p.add_argument("--method", choices=("sobol", "tornado"), default="sobol")
    p.add_argument("--n", type=int, default=256, help="Sobol base samples, a power of 2 (default 256)")
    p.add_argument("--top", type=int, default=10, help="parameters shown per year (default 10)")
    p.add_argument("--seed", type=int, default=1)
    _format_option(p)


@command("sensitivity", "Sobol indices or a tornado table of indicators, per year")(_sensitivity_args)
@_friendly
def cmd_sensitivity(args: argparse.Namespace) -> int:
    sc = load_scenario(args.scenario)
    indicators = _ids(args.indicator)
    if args.method == "sobol":
        df = sobol(sc, indicators, args.year, n=args.n, seed=args.seed)
    else:
        df = tornado(sc, indicators, args.year, seed=args.seed)
    _emit(df.groupby(["indicator", "year"], sort=False).head(args.top), args.format)
    return 0


# --- calibrate ------------------------------------------------------------------------------
def _calibrate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help=SCENARIO_HELP)
    p.add_argument("--parameters", required=True, help="assumption ids, comma-separated")
    p.add_argument("--observations", help="CSV with indicator, year, value[, sd] "
                                          "(default: the plan's observed values)")
    p.add_argument("--relative-sd", type=float, default=0.1,
                   help="observation sd as a share of the value when the CSV has no sd (default 0.1)")
    p.add_argument("--start-year", type=int, default=None,
                   help="start every run here (default: each indicator's first observation)")
    p.add_argument("--save", help="write the calibrated scenario to this YAML file")
    p.add_argument("--uncertainty", action="store_true",
                   help="save normal distributions (estimate, standard error) instead of fixed values")
    p.add_argument("--force", action="store_true", help="replace an existing --save file")
    _format_option(p)


@command("calibrate", "fit assumptions to observed values; report residuals and identifiability")(
    _calibrate_args)
@_friendly
def cmd_calibrate(args: argparse.Namespace) -> int:
    sc = load_scenario(args.scenario)
    obs = pd.read_csv(args.observations) if args.observations else None
    params = _ids(args.parameters) or []
    cal = calibrate(sc, params, obs, relative_sd=args.relative_sd, start_year=args.start_year)
    _emit(cal.parameters, args.format)
    if args.format == "table":
        carried = cal.starts[cal.starts.carried]
        for title, df in (("fitted observations", cal.residuals),
                          ("not fitted", cal.excluded[["indicator", "year", "value", "reason"]]),
                          ("start values carried from another year",
                           carried[["start_year", "indicator", "value", "from_year"]])):
            if len(df):
                print(f"\n{title}:")
                _emit(df, args.format)
        print(f"\n{cal.message}")
    if args.save:
        try:
            path = cal.save_scenario(sc, args.save, args.uncertainty, overwrite=args.force)
        except FileExistsError as exc:
            raise FileExistsError(f"{exc}; add --force to replace it (the old file is kept as "
                                  "NAME.yaml.N.bak)") from None
        print(f"wrote {path}", file=sys.stderr)
    return 0


# --- allocate -------------------------------------------------------------------------------
def _allocate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help=SCENARIO_HELP)
    p.add_argument("--total", type=float, required=True, help="budget per year, bn VND/yr")
    p.add_argument("--levers", help="funding levers, comma-separated (default: those with role: funding)")
    p.add_argument("--maxiter", type=int, default=15, help="optimiser generations (default 15)")
    add_run_options(p, draws=300)
    _format_option(p)


@command("allocate", "split a yearly budget across funding levers to meet the most targets")(
    _allocate_args)
@_friendly
def cmd_allocate(args: argparse.Namespace) -> int:
    sc = load_scenario(args.scenario)
    levers = _ids(args.levers)
    a = allocate(sc, args.total, levers=levers, draws=args.draws, seed=args.seed, maxiter=args.maxiter)
    _emit(a.table, args.format)
    if args.format == "table":
        print(f"\nexpected targets met: optimised {a.score_optimised:.2f}, scenario's own split at "
              f"this total {a.score_own:.2f}, scenario as is {a.score_current:.2f}")
    return 0


# --- reference ------------------------------------------------------------------------------
def _reference_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("vi", "en"), default="en")
    p.add_argument("--format", choices=("markdown", "html"), default="markdown")
    p.add_argument("--output", help="write to this file instead of standard output")
    p.add_argument("--force", action="store_true", help="replace an existing --output file")


@command("reference", "the model reference (indicators, levers, assumptions) from the declarations")(
    _reference_args)
@_friendly
def cmd_reference(args: argparse.Namespace) -> int:
    text = model_reference(load_plan(), args.lang, args.format)
    if args.output:
        _write_new(args.output, text, args.force)
    else:
        sys.stdout.write(text)
    return 0


# --- validate-model -------------------------------------------------------------------------
def _validate_model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("vi", "en"), default="en")
    p.add_argument("--format", choices=("markdown", "html"), default="markdown")
    add_run_options(p)
    p.add_argument("--output", help="write to this file instead of standard output")
    p.add_argument("--force", action="store_true", help="replace an existing --output file")


@command("validate-model", "the validation page: hindcasts from the first observation against later "
                           "ones")(_validate_model_args)
@_friendly
def cmd_validate_model(args: argparse.Namespace) -> int:
    if args.draws < 2:
        raise ValueError(f"--draws must be at least 2 for a 5–95% band, got {args.draws}")
    text = validation_page(load_plan(), args.lang, args.format, args.draws, args.seed)
    if args.output:
        _write_new(args.output, text, args.force)
    else:
        sys.stdout.write(text)
    return 0
