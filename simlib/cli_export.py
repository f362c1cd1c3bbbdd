"""``simlib export``: charts as PNG/SVG/PDF, the HTML workshop report, a PowerPoint deck and an
Excel workbook, for presenters."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli import EXIT_INVALID, add_run_options, command
from .engine import simulate
from .fields import unknown
from .i18n import LANGS
from .scenario import available_scenarios, load_scenario, scenario_path

# Checked by argparse before anything heavy is imported; tests/export/test_cli.py keeps them equal
# to simlib.export.ALL_FORMATS, DEFAULT_FORMATS and simlib.charts.THEMES.
FORMATS = ("png", "svg", "pdf", "html", "pptx", "xlsx")
DEFAULT_FORMATS = ("png", "svg", "pdf", "html")
THEMES = ("presentation", "print")


def _formats(text: str) -> list[str]:
    """'png,svg' → ['png', 'svg'] (an argparse type: unknown names give usage and exit 2)."""
    names = _names([text])
    bad = [n for n in names if n not in FORMATS]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"unknown format {bad[0] if bad else text!r} "
                                         f"(allowed: {', '.join(FORMATS)}, comma-separated)")
    return names


def _names(values: list[str] | None) -> list[str]:
    """['png,svg', 'pdf'] → ['png', 'svg', 'pdf'] (comma- or space-separated, no repeats)."""
    return list(dict.fromkeys(v.strip() for item in values or () for v in item.split(",") if v.strip()))


def _check(option: str, what: str, names: list[str], allowed: list[str]) -> bool:
    """Print 'unknown <what> …' for the first name not in ``allowed``; True when all are known."""
    bad = [n for n in names if n not in allowed]
    if bad:
        print(f"{option}: {unknown(what, bad[0], allowed)}", file=sys.stderr)
    return not bad


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                   help="scenario names (shipped, or saved in the user folder) or paths "
                        "(several: also compared)")
    p.add_argument("--format", type=_formats, default=list(DEFAULT_FORMATS),
                   help="png, svg, pdf (charts), html (report), pptx (PowerPoint deck), xlsx (Excel "
                        "workbook), comma-separated; default png,svg,pdf,html")
    p.add_argument("--lang", choices=LANGS, default="vi", help="language of the text (default vi)")
    p.add_argument("--out", type=Path, default=Path("exports"), help="output folder (default exports)")
    p.add_argument("--theme", choices=THEMES, default="presentation",
                   help="presentation (projector, default) or print")
    p.add_argument("--indicators", nargs="+", metavar="ID",
                   help="only these indicators (ids, space- or comma-separated; default all)")
    p.add_argument("--handout-levers", nargs="+", metavar="ID",
                   help="the report's slider levers (default: the plan's, else the 4 that move "
                        "the targets most)")
    p.add_argument("--no-handout", action="store_true",
                   help="leave the key-lever sliders out of the HTML report")
    add_run_options(p)


@command("export", "export charts (PNG/SVG/PDF), the workshop report (HTML), a deck (PPTX) and a "
                   "workbook (XLSX) of scenarios")(
    _export_args)
def cmd_export(args: argparse.Namespace) -> int:
    from .export import write_exports

    names = list(dict.fromkeys(args.scenarios))
    missing = [n for n in names if n != "baseline" and not scenario_path(n).exists()]
    if not _check("SCENARIO", "scenario", missing, available_scenarios()):
        return EXIT_INVALID
    scenarios = [load_scenario(name) for name in names]
    plan = scenarios[0].plan
    indicators = _names(args.indicators)
    if not _check("--indicators", "indicator", indicators, list(plan.indicators)):
        return EXIT_INVALID
    handout_levers = _names(args.handout_levers)
    if not _check("--handout-levers", "lever", handout_levers, list(plan.levers)):
        return EXIT_INVALID
    if args.out.exists() and not args.out.is_dir():
        print(f"--out {args.out}: exists and is not a folder", file=sys.stderr)
        return EXIT_INVALID
    results = [simulate(sc, draws=args.draws, seed=args.seed) for sc in scenarios]
    baseline = next((r for r in results if r.scenario.name == "baseline"), None)
    if baseline is None:
        baseline = simulate(load_scenario("baseline", plan), draws=args.draws, seed=args.seed)
    try:
        paths = write_exports(results, args.out, formats=args.format, lang=args.lang, theme=args.theme,
                              indicators=indicators or None, baseline=baseline,
                              handout=not args.no_handout, handout_levers=handout_levers or None)
    except (OSError, RuntimeError) as exc:  # a full disk, a folder we may not write, a worker gone
        print(f"--out {args.out}: {exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0
