"""The workshop deck: a 16:9 PowerPoint file (python-pptx) with real, editable text.

Slides: a title slide; the targets at a glance (a native table of each target's status and
probability per scenario); one slide per targeted indicator (its chart as a picture, a headline
sentence with the finding, speaker notes with the plan sentence, the assumptions behind it and
their sources); the levers that differ between the scenarios; assumptions and sources.

Every verdict is the ``status`` of :meth:`Result.target_rows` (pending and national references
included), never recomputed here; every number goes through :mod:`simlib.i18n`'s formatters.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ..charts import STATUS_TEXT_COLORS, STATUS_TINTS, scenario_label, status_label
from ..formatting import LOCALES, fmt_date, fmt_number, fmt_percent, fmt_value
from ..i18n import t, text
from ..model import upstream_assumptions
from ..result import AT_RISK, MET, Result
from ..summary import labelled, worst_key
from .figures import indicator_figure, simlib_version
from .report import lever_value_text, source_text
from .static import render_many

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.45)
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(0.95)  # two lines of a 26 pt title
BODY_TOP = Inches(1.35)
ROW_HEIGHT = Inches(0.45)
FONT = "Arial"  # in every Office install, with Vietnamese; LibreOffice draws it with Liberation Sans
INK, MUTED = RGBColor(0x21, 0x25, 0x29), RGBColor(0x49, 0x50, 0x57)
GLANCE_ROWS = 8  # target rows per "at a glance" slide
TABLE_ROWS = 10  # rows per lever table slide
NOTES_ASSUMPTIONS = 12  # assumptions cited one by one in an indicator's notes


def deck_indicators(results: Sequence[Result], indicators: Sequence[str] | None = None) -> list[str]:
    """The indicators that get a slide: those with targets (of ``indicators``, default all)."""
    plan = results[0].plan
    return [i for i in (indicators or results[0].indicators) if plan.indicators[i].targets]


def deck_figures(results: Sequence[Result], lang: str, *, indicators: Sequence[str] | None = None,
                 baseline: Result | None = None, date: dt.date | None = None) -> list:
    """The chart of each indicator slide (presentation theme): the scenarios compared, or one
    scenario with the baseline median dashed."""
    return [indicator_figure(results, i, lang, theme="presentation", date=date,
                             baseline=baseline if len(results) == 1 else None)
            for i in deck_indicators(results, indicators)]


def deck_bytes(results: Sequence[Result], lang: str = "vi", *,
               indicators: Sequence[str] | None = None, baseline: Result | None = None,
               date: dt.date | None = None, pictures: Mapping[str, bytes] | None = None,
               progress: Callable[[int], None] | None = None) -> bytes:
    """The deck for ``results`` (one or more scenarios of one plan) as .pptx bytes.

    ``pictures`` maps figure stems to PNGs already drawn (``write_exports`` passes the charts it
    exported); the others are drawn here. ``progress(n)`` is called as charts are drawn.
    """
    date = date or dt.date.today()
    figs = deck_figures(results, lang, indicators=indicators, baseline=baseline, date=date)
    pictures = dict(pictures or {})
    missing = [f for f in figs if f.stem not in pictures]
    drawn = render_many((f.chart for f in missing), ("png",), lang=lang, theme="presentation",
                        aria=False)
    for fig, out in zip(missing, drawn, strict=True):
        pictures[fig.stem] = out["png"]
        if progress:
            progress(1)
    if progress and len(figs) > len(missing):
        progress(len(figs) - len(missing))
    return Deck(results, lang, date, indicators).build(figs, pictures)


class Deck:
    """Builds the slides of one deck."""

    def __init__(self, results: Sequence[Result], lang: str, date: dt.date,
                 indicators: Sequence[str] | None = None):
        self.results, self.lang, self.date = list(results), lang, date
        self.plan = results[0].plan
        keep = set(indicators or results[0].indicators)
        # the verdicts, as Result computes them (never recomputed here)
        self.rows = [[row for row in labelled(r.target_rows(), r.plan, lang) if row["indicator"] in keep]
                     for r in results]
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        props = self.prs.core_properties
        props.title = f"{text(self.plan.title, lang)} · {self._names()}"
        props.author = props.last_modified_by = "simlib"
        props.language = LOCALES[lang]
        props.created = props.modified = dt.datetime.combine(date, dt.time())
        props.revision = 1

    def build(self, figs: Sequence, pictures: Mapping[str, bytes]) -> bytes:
        self.title_slide()
        self.glance_slides()
        for fig in figs:
            self.indicator_slide(fig.stem.rsplit(".", 1)[1], pictures[fig.stem])
        self.lever_slides()
        self.sources_slide()
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()

    # --- building blocks ------------------------------------------------------------------
    def _names(self) -> str:
        return ", ".join(scenario_label(r, self.lang) for r in self.results)

    def _run(self, paragraph, value: str, size: float, *, bold: bool = False,
             color: RGBColor | str = INK, italic: bool = False):
        run = paragraph.add_run()
        run.text = value
        font = run.font
        font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
        font.color.rgb = RGBColor.from_string(color) if isinstance(color, str) else color
        font._rPr.set("lang", LOCALES[self.lang])  # spelling, screen readers
        return run

    def _slide(self, title: str, notes: str = ""):
        """A blank 16:9 slide with its title (a real title placeholder, placed for 16:9)."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])  # "Title Only"
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = MARGIN, TITLE_TOP, WIDTH - 2 * MARGIN, TITLE_HEIGHT
        frame = shape.text_frame
        frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        para = frame.paragraphs[0]
        para.alignment = PP_ALIGN.LEFT
        self._run(para, title, 26, bold=True)
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        return slide

    def _text(self, slide, left, top, width, height, lines: Sequence[tuple], *, fit: bool = True):
        """A text box; ``lines``: (text, size[, bold, color, italic]) per paragraph."""
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        if fit:
            frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        for k, (value, size, *style) in enumerate(lines):
            para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            bold, color, italic = _style(style)
            self._run(para, value, size, bold=bold, color=color, italic=italic)
        return box

    def _table(self, slide, head: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float],
               top=BODY_TOP, row_height=ROW_HEIGHT, size: float = 12):
        """A native table; a cell is text or (lines, fill, colour) with lines [(text, size, bold)]."""
        left = MARGIN
        total = sum(widths)
        shape = slide.shapes.add_table(len(rows) + 1, len(head), left, top, WIDTH - 2 * MARGIN,
                                       row_height * (len(rows) + 1))
        table = shape.table
        table.first_row = True
        for k, w in enumerate(widths):
            table.columns[k].width = Emu(int((WIDTH - 2 * MARGIN) * w / total))
        for c, value in enumerate(head):
            self._cell(table.cell(0, c), [(value, size, True)], "343A40", "FFFFFF")
        for r, row in enumerate(rows, 1):
            table.rows[r].height = row_height
            for c, value in enumerate(row):
                if isinstance(value, tuple):
                    self._cell(table.cell(r, c), *value)
                else:
                    self._cell(table.cell(r, c), [(value, size, False)], "FFFFFF", INK)
        return table

    def _cell(self, cell, lines, fill: str, color):
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(fill)
        cell.margin_top = cell.margin_bottom = Inches(0.03)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame = cell.text_frame
        frame.word_wrap = True
        for k, (value, size, bold) in enumerate(lines):
            para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            self._run(para, value, size, bold=bold, color=color)

    # --- slides ---------------------------------------------------------------------------
    def title_slide(self) -> None:
        lang, plan, first = self.lang, self.plan, self.results[0]
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[0])
        shape = slide.shapes.title
        shape.left, shape.top = MARGIN, Inches(1.6)
        shape.width, shape.height = WIDTH - 2 * MARGIN, Inches(1.6)
        frame = shape.text_frame
        frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        para = frame.paragraphs[0]
        para.alignment = PP_ALIGN.LEFT
        self._run(para, text(plan.title, lang), 36, bold=True)
        subtitle = slide.placeholders[1]
        subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
            MARGIN, Inches(3.4), WIDTH - 2 * MARGIN, Inches(3.2))
        frame = subtitle.text_frame
        frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        lines = [(text(plan.region, lang), 20, False, INK),
                 (f"{t('compared', lang)}: {self._names()}", 20, True, INK),
                 (f"{t('generated', lang)} {fmt_date(self.date, lang)} · "
                  f"{t('projection', lang)}: {fmt_number(first.draws, lang, 0)} {t('draws', lang)}, "
                  f"seed {first.seed}", 16, False, MUTED),
                 (t("made_with", lang).format(version=simlib_version()), 14, False, MUTED)]
        for k, (value, size, bold, color) in enumerate(lines):
            para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            para.alignment = PP_ALIGN.LEFT
            self._run(para, value, size, bold=bold, color=color)
        notes = [text(plan.note, lang)]
        notes += [f"{scenario_label(r, lang)} ({r.scenario.name}): {text(r.scenario.description, lang)}"
                  for r in self.results]
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)

    def glance_order(self) -> list[int]:
        """Target rows, provincial before national and worst first (by the first scenario)."""
        rows = self.rows[0]
        return sorted(range(len(rows)), key=lambda k: worst_key(rows[k]))

    def glance_slides(self) -> None:
        lang = self.lang
        order = self.glance_order()
        head = [t("target", lang), *(scenario_label(r, lang) for r in self.results)]
        note = t("deck_glance_note", lang).format(low=fmt_percent(AT_RISK, lang),
                                                   high=fmt_percent(MET, lang),
                                                   history=self.plan.history_end)
        pages = [order[k:k + GLANCE_ROWS] for k in range(0, len(order), GLANCE_ROWS)]
        for n, page in enumerate(pages):
            title = t("deck_glance", lang) + (f" {t('continued', lang)}" if n else "")
            slide = self._slide(title, note)
            body = []
            for k in page:
                first = self.rows[0][k]
                name = (f"{first['label']} · {first['year']}: {first['symbol']} "
                        f"{_with_unit(first['target'], first['unit'], lang)}")
                lines = [(name, 11, True)]
                if first["national"]:
                    lines.append((t("national", lang), 10, False))
                body.append([(lines, "FFFFFF", MUTED if first["national"] else INK),
                             *(self._status_cell(rows[k]) for rows in self.rows)])
            widths = [4.6] + [2.8] * len(self.results)
            self._table(slide, head, body, widths, top=Inches(1.3), row_height=Inches(0.62))
            self._text(slide, MARGIN, HEIGHT - Inches(0.55), WIDTH - 2 * MARGIN, Inches(0.45),
                       [(note, 10, False, MUTED)])

    def _status_cell(self, row: dict) -> tuple:
        """(lines, fill, colour) of a row's status: its label, then the probability (for a history
        year not yet observed: the model's estimate; for an observed year: the observation)."""
        lang, status = self.lang, row["status"]
        p = f"P = {fmt_percent(row['p_met'], lang)}"
        if status == "pending":
            second = f"{t('model_estimate', lang)}: {p}"
        elif row["observed"] is not None and row["history"]:
            second = t("observed_value", lang).format(value=fmt_value(row["observed"], lang))
        else:
            second = p
            if row["each_year"] and row["p_met_every_year"] is not None:
                second += f" · {t('every_year', lang)}: {fmt_percent(row['p_met_every_year'], lang)}"
        lines = [(f"● {status_label(row, lang, capital=True)}", 11, True), (second, 10, False)]
        return lines, STATUS_TINTS[status], RGBColor.from_string(STATUS_TEXT_COLORS[status].lstrip("#"))

    def headline(self, row: dict, *, label: bool = True) -> str:
        """'Tỷ lệ … 2030: 58% (mục tiêu > 70%) — có nguy cơ không đạt (P = 31%)' (without the
        indicator's name when not ``label``: under a slide title that says it)."""
        lang = self.lang
        name = f"{row['label']} {row['year']}" if label else str(row["year"])
        unit = row["unit"]
        target = f"{t('target', lang).lower()} {row['symbol']} {_with_unit(row['target'], unit, lang)}"
        label_ = status_label(row, lang)
        if row["status"] == "pending":
            value = f"{t('model_estimate', lang)}: {_with_unit(row['median'], unit, lang)}"
            return f"{name}: {label_} ({value}; {target})"
        if row["observed"] is not None and row["history"]:
            value = t("observed_value", lang).format(value=_with_unit(row["observed"], unit, lang))
            return f"{name}: {value} ({target}) — {label_.lower()}"
        value = _with_unit(row["median"], unit, lang)
        return (f"{name}: {value} ({target}) — {label_.lower()} "
                f"(P = {fmt_percent(row['p_met'], lang)})")

    def _headline_row(self, rows: list[dict], indicator: str) -> dict:
        """The target a slide leads with: the last one still open, else the last one."""
        mine = [r for r in rows if r["indicator"] == indicator]
        open_ = [r for r in mine if not r["history"]]
        return (open_ or mine)[-1]

    def indicator_slide(self, indicator: str, png: bytes) -> None:
        lang, plan = self.lang, self.plan
        ind = plan.indicators[indicator]
        lines = []
        for k, (res, rows) in enumerate(zip(self.results, self.rows, strict=True)):
            sentence = self.headline(self._headline_row(rows, indicator), label=False)
            prefix = f"{scenario_label(res, lang)}: " if len(self.results) > 1 else ""
            lines.append((prefix + sentence, 18 if k == 0 else 14, k == 0, INK))
        slide = self._slide(text(ind.label, lang), self.notes(indicator))
        head_height = Inches(0.45) + Inches(0.3) * (len(lines) - 1)
        self._text(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, head_height, lines)
        top = BODY_TOP + head_height + Inches(0.1)
        width, height = _png_size(png)
        box_w, box_h = WIDTH - 2 * MARGIN, HEIGHT - top - Inches(0.2)
        scale = min(box_w / width, box_h / height)
        pic_w, pic_h = int(width * scale), int(height * scale)
        pic = slide.shapes.add_picture(io.BytesIO(png), int((WIDTH - pic_w) / 2), int(top), pic_w, pic_h)
        pic.name = f"chart {indicator}"
        pic._element.nvPicPr.cNvPr.set("descr", f"{text(ind.label, lang)} ({text(ind.unit, lang)})")

    def notes(self, indicator: str) -> str:
        """Speaker notes: definition, each target with its plan sentence and source, each
        scenario's result, observed data and the assumptions that drive the indicator."""
        lang, plan = self.lang, self.plan
        ind = plan.indicators[indicator]
        out = [f"{text(ind.label, lang)} ({text(ind.unit, lang)})",
               f"{t('definition', lang)}: {text(ind.description, lang)}", ""]
        for tg in ind.targets:
            src = plan.sources[tg.source].citation
            out.append(f"{t('target', lang)} {tg.year}: {tg.label()} {text(ind.unit, lang)} — "
                       f"{plan.source_name(tg.source, lang)}"
                       + (f" ({t('national', lang).lower()})" if plan.is_national(tg) else ""))
            out.append(f"  {t('plan_sentence', lang)}: “{tg.sentence}”")
            out.append(f"  {t('source', lang)}: {src}" if src else f"  {t('source', lang)}: –")
            if tg.note:
                out.append(f"  {t('note', lang)}: {tg.note}")
        out += ["", f"{t('results_by_scenario', lang)}:"]
        for res, rows in zip(self.results, self.rows, strict=True):
            for row in (r for r in rows if r["indicator"] == indicator):
                out.append(f"  {scenario_label(res, lang)} — {row['year']}: "
                           f"{t('median', lang).lower()} {fmt_value(row['median'], lang)} "
                           f"(5–95%: {fmt_value(row['p05'], lang)}–{fmt_value(row['p95'], lang)}), "
                           f"P = {fmt_percent(row['p_met'], lang)}, {status_label(row, lang)}")
        if ind.observed:
            out += ["", f"{t('observed', lang)}:"]
            out += [f"  {o.year}: {fmt_value(o.value, lang)} — {t('source', lang)}: {o.source}"
                    for o in ind.observed]
        drivers = upstream_assumptions(plan, indicator)
        effective = self.results[0].scenario.effective_assumptions()
        if drivers:
            out += ["", f"{t('drivers', lang)}:"]
            for aid in drivers[:NOTES_ASSUMPTIONS]:
                a = effective[aid]
                src = source_text(a.source, a.unsourced, lang) or "–"
                out.append(f"  • {text(a.label, lang)}: {fmt_value(a.central, lang)} {text(a.unit, lang)}"
                           f" — {t('source', lang)}: {src}")
            if len(drivers) > NOTES_ASSUMPTIONS:
                out.append("  " + t("drivers_more", lang).format(
                    n=len(drivers) - NOTES_ASSUMPTIONS, sheet=t("sheet_assumptions", lang)))
        if ind.note:
            out += ["", f"{t('note', lang)}: {ind.note}"]
        return "\n".join(out)

    def lever_slides(self) -> None:
        """The levers whose value differs between the scenarios (or, for one scenario, from the
        default), each scenario's value or path beside the default."""
        lang, plan = self.lang, self.plan
        differ = []
        for lv in plan.levers.values():
            values = [r.scenario.lever_value(lv.id) for r in self.results]
            if any(v != values[0] for v in values) or (len(values) == 1 and values[0] != lv.default):
                differ.append(lv)
        head = [t("levers", lang), t("default_bau", lang), *(scenario_label(r, lang) for r in self.results)]
        rows = [[f"{text(lv.label, lang)} ({text(lv.unit, lang)})" + (" *" if lv.unsourced else ""),
                 lever_value_text(lv, lv.default, plan, lang),
                 *(lever_value_text(lv, r.scenario.lever_value(lv.id), plan, lang) for r in self.results)]
                for lv in differ]
        notes = "\n".join(f"{scenario_label(r, lang)}: {text(r.scenario.description, lang)}"
                          for r in self.results)
        notes += f"\n* {t('assumption_no_source', lang)}"
        if not rows:
            slide = self._slide(t("deck_levers", lang), notes)
            self._text(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(0.6),
                       [(t("deck_no_lever_differs", lang), 18, False, INK)])
            return
        for n, k in enumerate(range(0, len(rows), TABLE_ROWS)):
            slide = self._slide(t("deck_levers", lang) + (f" {t('continued', lang)}" if n else ""), notes)
            self._table(slide, head, rows[k:k + TABLE_ROWS],
                        [4.4, 2.2] + [2.4] * len(self.results), row_height=Inches(0.48))
            if any(lv.unsourced for lv in differ[k:k + TABLE_ROWS]):
                self._text(slide, MARGIN, HEIGHT - Inches(0.5), WIDTH - 2 * MARGIN, Inches(0.4),
                           [(f"* {t('assumption_no_source', lang)}", 10, False, MUTED)])

    def sources_slide(self) -> None:
        """How many assumptions have a source, which ones the scenarios change, and where the
        targets come from."""
        lang, plan = self.lang, self.plan
        every = plan.assumptions.values()
        unsourced = sum(a.unsourced for a in every)
        count = t("deck_assumption_count", lang).format(
            total=len(plan.assumptions), sourced=len(plan.assumptions) - unsourced,
            unsourced=unsourced, sheet=t("sheet_assumptions", lang))
        used = dict.fromkeys(tg.source for ind in plan.indicators.values() for tg in ind.targets)
        rows = [[plan.source_name(pid, lang) + (f" ({t('national', lang).lower()})"
                                              if plan.sources[pid].scope == "national" else ""),
                 plan.sources[pid].citation or "–"] for pid in used]
        overrides = [(r, aid) for r in self.results for aid in r.scenario.assumptions]
        notes = [count]
        for r, aid in overrides:
            a = r.scenario.effective_assumptions()[aid]
            notes.append(f"{scenario_label(r, lang)} — {t('deck_overrides', lang).lower()}: "
                         f"{text(a.label, lang)} = {fmt_value(a.central, lang)} {text(a.unit, lang)}")
        slide = self._slide(t("deck_sources", lang), "\n".join(notes))
        self._text(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(0.8), [(count, 15, False, INK)])
        self._table(slide, [t("deck_target_sources", lang), t("source", lang)], rows, [4.5, 7.8],
                    top=BODY_TOP + Inches(1.0), row_height=Inches(0.55), size=11)


def _style(style: Sequence) -> tuple[bool, RGBColor, bool]:
    """(bold, colour, italic) from a text line's optional fields."""
    bold = style[0] if len(style) > 0 else False
    color = style[1] if len(style) > 1 else INK
    italic = style[2] if len(style) > 2 else False
    return bold, color, italic


def _with_unit(x: float, unit: str, lang: str) -> str:
    """'58%' for a share (a unit starting with %, written as fmt_percent does), '3 tổ chức'
    otherwise; bare for a 0/1 flag."""
    value = fmt_value(x, lang)
    if unit.startswith("%"):
        return f"{value}%"
    return value if unit in ("0/1", "") else f"{value} {unit}"


def _png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
