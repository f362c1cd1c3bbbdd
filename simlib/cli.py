"""Command line: ``simlib validate | run | dashboard`` (more verbs register in ``COMMANDS``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .engine import simulate
from .errors import SimlibValidationError
from .observations import FILE_NAME, parse_observations
from .scenario import Scenario, load_scenario
from .yaml_io import read_yaml

EXIT_INVALID = 2
SCENARIO_HELP = "scenario name (shipped, or saved in the user folder: simlib.scenarios_dir()) or a path"
COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None],
                          Callable[[argparse.Namespace], int], str]] = {}


def command(name: str, help: str):
    """Register ``simlib NAME``: decorate ``run(args) -> exit code``; ``configure`` adds args."""
    def wrap(configure: Callable[[argparse.ArgumentParser], None]):
        def attach(run: Callable[[argparse.Namespace], int]):
            COMMANDS[name] = (configure, run, help)
            return run
        return attach
    return wrap


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage + exit 2, never a traceback
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: error: {message}\n")


def _int_in(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number within ``low``–``high`` (else usage + exit 2)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside the allowed range {low}–{high}")
        return value
    return parse


def _print_notices(scenario: Scenario) -> None:
    for notice in scenario.notices:
        print(f"notice: {notice}", file=sys.stderr)


def add_run_options(p: argparse.ArgumentParser, draws: int = 1000) -> None:
    """``--draws`` and ``--seed``, shared by every verb that simulates."""
    p.add_argument("--draws", type=_int_in(1, 1_000_000), default=draws,
                   help=f"ensemble size (default {draws})")
    p.add_argument("--seed", type=_int_in(0, 2**32 - 1), default=1, help="random seed (default 1)")


# --- validate -------------------------------------------------------------------------------
def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", help="scenario files or names (shipped, or saved in the user "
                                            "folder) and observations.yaml")


@command("validate", "check scenario files; exit 0 when valid, 2 with one line per problem")(
    _validate_args)
def cmd_validate(args: argparse.Namespace) -> int:
    bad = 0
    for f in args.files:
        try:
            if Path(f).name == FILE_NAME:  # the observed values beside the scenarios
                parse_observations(*read_yaml(f), f)
            else:
                _print_notices(load_scenario(f))
        except SimlibValidationError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
        else:
            print(f"{f}: ok")
    return EXIT_INVALID if bad else 0


# --- run ------------------------------------------------------------------------------------
def _run_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help=SCENARIO_HELP)
    add_run_options(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--lang", choices=("vi", "en"), default="en")
    p.add_argument("--what", choices=("attainment", "bands"), default="attainment",
                   help="target attainment (default) or yearly 5/50/95%% bands of every indicator")


@command("run", "simulate a scenario and print target attainment or bands")(_run_args)
def cmd_run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    _print_notices(scenario)
    res = simulate(scenario, draws=args.draws, seed=args.seed)
    if args.what == "bands":
        df = res.bands()
    else:
        df = res.attainment(args.lang).drop(columns=["sentence"])
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(json.dumps(json.loads(df.to_json(orient="records")), ensure_ascii=False, indent=1))
    else:
        cols = (["label", "year", "target_label", "p_met", "median", "p05", "p95", "unit", "status"]
                if args.what == "attainment" else list(df.columns))
        print(df[cols].to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
    return 0


# --- dashboard ------------------------------------------------------------------------------
def _dashboard_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=_int_in(1, 65535), default=8866, help="port on 127.0.0.1 (default 8866)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")


@command("dashboard", "serve the planner dashboard with Voilà on 127.0.0.1")(_dashboard_args)
def cmd_dashboard(args: argparse.Namespace) -> int:
    from .dashboard.server import dashboard_notebook, serve

    return serve(dashboard_notebook(), port=args.port, open_browser=not args.no_browser)


from . import cli_export, cli_observe  # noqa: E402,F401  (register ``simlib export``, ``observe``)
from .analysis import cli_verbs  # noqa: E402,F401  (registers the analyst verbs)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="simlib", description="Policy simulator for provincial plans.")
    sub = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    for name, (configure, _run, help_text) in COMMANDS.items():
        configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``simlib`` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.verb][1](args)
    except SimlibValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


