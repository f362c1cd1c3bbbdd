"""The planner's workbook: an Excel file (openpyxl) with the numbers behind the charts.

Sheets (names and headers in the chosen language): README (what, when, scenarios, draws, seed,
simlib version), Attainment (one row per target × scenario), Trajectories (tidy: scenario,
indicator, year, statistic, value), Levers (each scenario's value by year) and Assumptions
(distribution, range, source or "chưa có nguồn"). Numbers are stored as numbers with number
formats (Excel shows them with the reader's own separators); every table has a frozen header row,
a filter and set column widths. Statuses are the rows' ``status`` (never recomputed), coloured by
conditional formatting on the status code.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import numpy as np
from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..charts import STATUS_TEXT_COLORS, STATUS_TINTS, scenario_label, status_label
from ..formatting import LOCALES, fmt_date
from ..i18n import t, text
from ..result import BAND_NAMES, Result
from ..summary import labelled
from .figures import simlib_version
from .report import source_text

HEADER_FILL = PatternFill("solid", fgColor="343A40")
HEADER_FONT = Font(bold=True, color="FFFFFF")
VALUE_FORMAT = "#,##0.0##"  # up to three decimals; Excel uses the reader's separators
PERCENT_FORMAT = "0%"
YEAR_FORMAT = "0"


def workbook_bytes(results: Sequence[Result], lang: str = "vi", *,
                   indicators: Sequence[str] | None = None, date: dt.date | None = None) -> bytes:
    """The workbook for ``results`` (one or more scenarios of one plan) as .xlsx bytes;
    ``indicators`` limits the Attainment and Trajectories rows (default: all)."""
    date = date or dt.date.today()
    inds = list(indicators or results[0].indicators)
    wb = Workbook()
    props = wb.properties
    props.title = f"{text(results[0].plan.title, lang)} · {t('wb_title', lang)}"
    props.creator = props.lastModifiedBy = "simlib"
    props.language = LOCALES[lang]
    props.created = props.modified = dt.datetime.combine(date, dt.time())
    _readme(wb.active, results, lang, date)
    _attainment(wb.create_sheet(t("sheet_attainment", lang)), results, inds, lang)
    _trajectories(wb.create_sheet(t("sheet_trajectories", lang)), results, inds, lang)
    _levers(wb.create_sheet(t("sheet_levers", lang)), results, lang)
    _assumptions(wb.create_sheet(t("sheet_assumptions", lang)), results, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _table(ws: Worksheet, head: Sequence[str], rows: Sequence[Sequence], *,
           formats: dict[int, str] | None = None, widths: Sequence[float] = (), wrap: Sequence[int] = (),
           first_row: int = 1) -> None:
    """Header at ``first_row`` (bold on dark, frozen, with a filter), then the rows; ``formats``:
    column index → number format; ``wrap``: columns whose text wraps."""
    for c, value in enumerate(head, 1):
        cell = ws.cell(first_row, c, value)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for r, row in enumerate(rows, first_row + 1):
        for c, value in enumerate(row, 1):
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            cell = ws.cell(r, c, float(value) if isinstance(value, np.floating) else value)
            fmt = (formats or {}).get(c - 1)
            if fmt and isinstance(value, int | float | np.floating):
                cell.number_format = fmt
            if c - 1 in wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(first_row + 1, 1)
    last = get_column_letter(len(head))
    ws.auto_filter.ref = f"A{first_row}:{last}{first_row + max(len(rows), 1)}"
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width


def _readme(ws: Worksheet, results: Sequence[Result], lang: str, date: dt.date) -> None:
    ws.title = t("sheet_readme", lang)
    plan, first = results[0].plan, results[0]
    lines = [
        (t("wb_what", lang), f"{t('wb_title', lang)} · {text(plan.title, lang)}"),
        (t("wb_plan", lang), text(plan.title, lang)),
        (t("wb_area", lang), text(plan.region, lang)),
        (t("note", lang), text(plan.note, lang)),
        (t("generated", lang), fmt_date(date, lang)),
        (t("wb_draws", lang), first.draws),
        ("Seed", first.seed),
        (t("wb_version", lang), simlib_version()),
    ]
    rows = [[k, v] for k, v in lines]
    rows.append(["", ""])
    rows += [[f"{t('scenario', lang)}: {scenario_label(r, lang)}",
              f"{r.scenario.name} — {text(r.scenario.description, lang)}"] for r in results]
    rows.append(["", ""])
    rows += [[t(f"sheet_{k}", lang), t(f"wb_sheet_{k}", lang)]
             for k in ("attainment", "trajectories", "levers", "assumptions")]
    rows.append(["", f"* {t('assumption_no_source', lang)}"])
    _table(ws, [t("wb_what", lang), t("value", lang)], rows, formats={1: "#,##0"},
           widths=(34, 110), wrap=(1,))
    ws.auto_filter.ref = None  # a description, not a table to filter
    for r in range(2, len(rows) + 2):
        ws.cell(r, 1).font = Font(bold=True)
        ws.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")


def _attainment(ws: Worksheet, results: Sequence[Result], inds: Sequence[str], lang: str) -> None:
    head = [t("scenario", lang), t("wb_scenario_id", lang), t("indicator", lang),
            t("wb_indicator_id", lang), t("year", lang), t("target", lang),
            t("wb_target_value", lang), t("unit", lang), t("p_met", lang), t("median", lang), "5%",
            "95%", t("observed", lang), t("status", lang), t("wb_status_code", lang),
            t("wb_p_every_year", lang), t("national", lang), t("plan_source", lang)]
    rows = []
    for res in results:
        plan = res.plan
        for row in labelled(res.target_rows(), res.plan, lang):
            if row["indicator"] not in inds:
                continue
            rows.append([scenario_label(res, lang), res.scenario.name, row["label"], row["indicator"],
                         row["year"], row["target_label"], row["target"], row["unit"], row["p_met"],
                         row["median"], row["p05"], row["p95"], row["observed"],
                         status_label(row, lang, capital=True), row["status"], row["p_met_every_year"],
                         t("wb_yes", lang) if row["national"] else "",
                         plan.source_name(row["plan"], lang)])
    _table(ws, head, rows, formats={4: YEAR_FORMAT, 6: VALUE_FORMAT, 8: PERCENT_FORMAT,
                                    9: VALUE_FORMAT, 10: VALUE_FORMAT, 11: VALUE_FORMAT,
                                    12: VALUE_FORMAT, 15: PERCENT_FORMAT},
           widths=(22, 16, 46, 30, 7, 10, 10, 24, 10, 10, 10, 10, 10, 30, 12, 12, 12, 40))
    if rows:
        # Colours follow the status code (column O), so they stay right when rows are sorted or
        # filtered; a national reference is grey, never red.
        span = f"A2:{get_column_letter(len(head))}{len(rows) + 1}"
        code = "$O2"
        for status, tint in STATUS_TINTS.items():
            ws.conditional_formatting.add(span, FormulaRule(
                formula=[f'{code}="{status}"'], fill=PatternFill("solid", fgColor=tint, bgColor=tint)))
        status_col = f"N2:N{len(rows) + 1}"
        for status, color in STATUS_TEXT_COLORS.items():
            ws.conditional_formatting.add(status_col, FormulaRule(
                formula=[f'{code}="{status}"'], font=Font(bold=True, color=color.lstrip("#"))))


def _trajectories(ws: Worksheet, results: Sequence[Result], inds: Sequence[str], lang: str) -> None:
    head = [t("wb_scenario_id", lang), t("wb_indicator_id", lang), t("year", lang),
            t("wb_statistic", lang), t("value", lang), t("indicator", lang), t("unit", lang)]
    rows = []
    for res in results:
        plan, bands, mean = res.plan, res.bands_array(), res.data.mean(axis=-1)
        for ind_id in inds:
            j = res.indicators.index(ind_id)
            ind = plan.indicators[ind_id]
            label, unit = text(ind.label, lang), text(ind.unit, lang)
            for yi, year in enumerate(res.years):
                for k, name in enumerate(BAND_NAMES):
                    rows.append([res.scenario.name, ind_id, int(year), name, float(bands[k, yi, j]),
                                 label, unit])
                rows.append([res.scenario.name, ind_id, int(year), "mean", float(mean[yi, j]), label, unit])
    _table(ws, head, rows, formats={2: YEAR_FORMAT, 4: VALUE_FORMAT},
           widths=(18, 30, 7, 10, 12, 46, 26))


def _levers(ws: Worksheet, results: Sequence[Result], lang: str) -> None:
    plan = results[0].plan
    years = list(range(plan.base_year + 1, plan.end_year + 1))
    times = np.array(years, dtype=float)
    head = [t("scenario", lang), t("wb_scenario_id", lang), t("lever", lang), t("wb_lever_id", lang),
            t("unit", lang), t("wb_default", lang), *map(str, years), t("source", lang)]
    rows = []
    for res in results:
        for lv in plan.levers.values():
            path = res.scenario.lever_at(lv.id, times)
            rows.append([scenario_label(res, lang), res.scenario.name, text(lv.label, lang), lv.id,
                         text(lv.unit, lang), lv.default, *(float(v) for v in path),
                         source_text(lv.source, lv.unsourced, lang)])
    formats = {k: VALUE_FORMAT for k in range(5, 6 + len(years))}
    _table(ws, head, rows, formats=formats,
           widths=(22, 16, 44, 28, 18, 10, *[9] * len(years), 60), wrap=(6 + len(years),))


def _assumptions(ws: Worksheet, results: Sequence[Result], lang: str) -> None:
    plan = results[0].plan
    effective = [r.scenario.effective_assumptions() for r in results]
    head = [t("assumptions", lang), t("wb_id", lang), t("unit", lang),
            *(f"{t('central', lang)}: {scenario_label(r, lang)}" for r in results),
            t("distribution", lang), t("wb_low", lang), t("wb_high", lang), t("source", lang)]
    rows = []
    for aid, a in plan.assumptions.items():
        rows.append([text(a.label, lang), aid, text(a.unit, lang),
                     *(e[aid].central for e in effective), effective[0][aid].dist.describe(lang),
                     a.range[0], a.range[1], source_text(a.source, a.unsourced, lang)])
    n = len(results)
    formats = {k: VALUE_FORMAT for k in (*range(3, 3 + n), 4 + n, 5 + n)}
    _table(ws, head, rows, formats=formats,
           widths=(44, 28, 20, *[14] * n, 26, 10, 10, 80), wrap=(6 + n,))
