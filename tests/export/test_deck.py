"""The PowerPoint deck, reopened with python-pptx (and drawn by LibreOffice when it is installed):
16:9 slides, native tables with each target's status, chart pictures, speaker notes with sources,
Vietnamese text, titles clear of the pictures."""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import unicodedata

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from simlib.charts import STATUS_TINTS, scenario_label, status_label
from simlib.export import deck_bytes
from simlib.export.deck import GLANCE_ROWS, NOTES_ASSUMPTIONS, TABLE_ROWS, deck_indicators
from simlib.i18n import fmt_percent, t
from simlib.model import upstream_assumptions
from simlib.summary import labelled

from .conftest import DATE, TITLE_VI, png_size


@pytest.fixture(scope="module")
def deck_data(results, baseline) -> bytes:
    return deck_bytes(results, "vi", baseline=baseline, date=DATE)


@pytest.fixture(scope="module")
def deck(deck_data):
    return Presentation(io.BytesIO(deck_data))


def texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def tables(slide) -> list:
    return [s.table for s in slide.shapes if s.has_table]


def pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def lever_pages(results) -> int:
    plan = results[0].plan
    values = {lv.id: [r.scenario.lever_value(lv.id) for r in results] for lv in plan.levers.values()}
    if len(results) == 1:  # one scenario: the levers it sets away from the default
        values = {k: [plan.levers[k].default, *v] for k, v in values.items()}
    differ = [k for k, v in values.items() if any(x != v[0] for x in v)]
    return max(1, math.ceil(len(differ) / TABLE_ROWS))


def test_slides_16_9_in_order(deck, results):
    assert deck.slide_width * 9 == pytest.approx(deck.slide_height * 16, rel=1e-3)
    plan = results[0].plan
    glance = math.ceil(len(plan.targets()) / GLANCE_ROWS)
    inds = deck_indicators(results)
    assert inds and all(plan.indicators[i].targets for i in inds)
    assert len(deck.slides) == 1 + glance + len(inds) + lever_pages(results) + 1
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert titles[0] == "Kế hoạch 3549/KH-UBND · Kon Tum (cũ)"
    assert titles[1:1 + glance] == ["Mục tiêu: tổng quan"] + ["Mục tiêu: tổng quan (tiếp)"] * (glance - 1)
    assert titles[1 + glance:1 + glance + len(inds)] == [plan.indicators[i].label["vi"] for i in inds]
    assert titles[-1] == "Giả định và nguồn"
    assert titles[-1 - lever_pages(results)].startswith("Kịch bản: các đòn bẩy khác nhau")


def test_title_slide_names_area_date_and_scenarios(deck, results):
    text = "\n".join(texts(deck.slides[0]))
    assert "Kon Tum (cũ)" in text and "28/11/2025" in text
    assert f"{t('compared', 'vi')}: " + ", ".join(scenario_label(r, "vi") for r in results) in text
    assert "200 lần mô phỏng, seed 1" in text


def test_vietnamese_text_is_precomposed_with_its_diacritics(deck):
    every = [x for slide in deck.slides for x in texts(slide)]
    assert TITLE_VI in every
    assert all(unicodedata.normalize("NFC", x) == x for x in every)
    assert any("Có nguy cơ không đạt" in x or "Không đạt" in x for slide in deck.slides
               for table in tables(slide) for row in table.rows for x in [c.text for c in row.cells])


def glance_cells(deck, results) -> dict[tuple[str, int], list]:
    """(indicator label, year) → the scenario cells of its row in the 'at a glance' tables."""
    out = {}
    for slide in deck.slides:
        if not slide.shapes.title.text_frame.text.startswith("Mục tiêu: tổng quan"):
            continue
        (table,) = tables(slide)
        head = [c.text for c in table.rows[0].cells]
        assert head == ["Mục tiêu", *(scenario_label(r, "vi") for r in results)]
        for row in list(table.rows)[1:]:
            cells = list(row.cells)
            name = cells[0].text.split(" · ")
            out[(name[0], int(name[1][:4]))] = cells[1:]
    return out


def test_glance_table_is_native_with_each_rows_status_and_probability(deck, results):
    cells = glance_cells(deck, results)
    assert len(cells) == len(results[0].plan.targets())
    seen = set()
    for k, res in enumerate(results):
        for row in labelled(res.target_rows(), res.plan, "vi"):
            cell = cells[(row["label"], row["year"])][k]
            assert status_label(row, "vi", capital=True) in cell.text
            assert str(cell.fill.fore_color.rgb) == STATUS_TINTS[row["status"]]
            if row["status"] not in ("pending",) and not (row["history"] and row["observed"] is not None):
                assert f"P = {fmt_percent(row['p_met'], 'vi')}" in cell.text
            seen.add(row["status"])
    assert {"pending", "reference"} <= seen  # 2025 awaits its observation; national references


def test_pending_and_reference_are_never_red(deck, results):
    red = "C92A2A"
    cells = glance_cells(deck, results)
    for k, res in enumerate(results):
        for row in labelled(res.target_rows(), res.plan, "vi"):
            if row["status"] in ("pending", "reference"):
                cell = cells[(row["label"], row["year"])][k]
                colours = {str(r.font.color.rgb) for p in cell.text_frame.paragraphs for r in p.runs}
                assert red not in colours and str(cell.fill.fore_color.rgb) != STATUS_TINTS["missed"]
            if row["status"] == "pending":
                assert "Chờ số liệu tổng kết 2021–2025" in cells[(row["label"], row["year"])][k].text


def test_statuses_are_the_rows_never_recomputed(results, baseline, monkeypatch):
    """The deck shows whatever status Result.target_rows gives, even one its probability would
    not give."""
    from simlib.result import Result

    original = Result.target_rows

    def flipped(self):
        rows = original(self)
        for row in rows:
            if row["indicator"] == "st_transfer_share" and row["year"] == 2030:
                row["status"], row["p_met"] = "met", 0.01
        return rows

    monkeypatch.setattr(Result, "target_rows", flipped)
    deck = Presentation(io.BytesIO(deck_bytes(results[:1], "vi", baseline=baseline, date=DATE,
                                              indicators=["st_transfer_share"])))
    slide = next(s for s in deck.slides if s.shapes.title.text_frame.text == TITLE_VI)
    assert "2030: " in texts(slide)[1] and "— đạt (P = 1%)" in texts(slide)[1]


def test_indicator_slides_have_a_picture_a_headline_and_notes(deck, results):
    plan = results[0].plan
    inds = deck_indicators(results)
    slides = [s for s in deck.slides if s.shapes.title.text_frame.text in
              {plan.indicators[i].label["vi"] for i in inds}]
    assert len(slides) == len(inds)
    for slide in slides:
        (pic,) = pictures(slide)
        assert png_size(pic.image.blob)[0] >= 1600  # drawn at scale 2: sharp on a projector
        title = slide.shapes.title
        headline = next(s for s in slide.shapes if s.has_text_frame and s != title)
        assert title.top + title.height <= headline.top
        assert headline.top + headline.height <= pic.top  # nothing overlaps the picture
        assert pic.left >= 0 and pic.left + pic.width <= deck.slide_width
        assert pic.top + pic.height <= deck.slide_height
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text


def test_headline_says_the_finding(deck, results):
    slide = next(s for s in deck.slides if s.shapes.title.text_frame.text == TITLE_VI)
    headline = texts(slide)[1].splitlines()
    row = next(r for r in results[0].target_rows()
               if r["indicator"] == "st_transfer_share" and r["year"] == 2030)
    assert headline[0].startswith(f"{scenario_label(results[0], 'vi')}: 2030: ")
    assert f"(mục tiêu > 70%) — {status_label(row, 'vi').lower()}" in headline[0]
    assert f"(P = {fmt_percent(row['p_met'], 'vi')})" in headline[0]
    assert len(headline) == len(results)


def test_notes_cite_the_plan_sentence_assumptions_and_their_sources(deck, results):
    plan = results[0].plan
    slide = next(s for s in deck.slides if s.shapes.title.text_frame.text == TITLE_VI)
    notes = slide.notes_slide.notes_text_frame.text
    for tg in plan.indicators["st_transfer_share"].targets:
        assert tg.sentence in notes
    assert "Giả định ảnh hưởng đến chỉ tiêu:" in notes
    lines = notes.splitlines()
    drivers = upstream_assumptions(plan, "st_transfer_share")[:NOTES_ASSUMPTIONS]
    kinds = set()
    for aid in drivers:
        a = results[0].scenario.effective_assumptions()[aid]
        line = next(x for x in lines if x.startswith(f"  • {a.label['vi']}: "))
        if a.unsourced:  # unsourced: says so
            assert "Nguồn: Giả định (chưa có nguồn)" in line
        else:
            assert f"Nguồn: {a.source}" in line
        kinds.add(a.unsourced)
    assert kinds == {True, False}


def test_levers_and_sources_slides(deck, results):
    plan = results[0].plan
    levers = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Kịch bản: các đòn")]
    (table, *_) = tables(levers[0])
    head = [c.text for c in table.rows[0].cells]
    assert head == ["Đòn bẩy chính sách", "Mặc định (giữ nguyên hiện trạng)",
                    *(scenario_label(r, "vi") for r in results)]
    assert len(table.rows) > 1
    last = deck.slides[-1]
    assert f"{len(plan.assumptions)} giả định" in texts(last)[1]
    (sources,) = tables(last)
    assert any("Kế hoạch 3549/KH-UBND" in c.text for row in sources.rows for c in row.cells)


def test_english_deck(results, baseline):
    deck = Presentation(io.BytesIO(deck_bytes(results[:1], "en", baseline=baseline, date=DATE,
                                              indicators=["st_transfer_share", "digital_teams"])))
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    # title, glance, the one indicator with targets, levers, sources
    assert len(deck.slides) == 1 + 1 + 1 + lever_pages(results[:1]) + 1
    (glance,) = tables(deck.slides[1])
    assert len(glance.rows) == 1 + 2  # header and the two targets of st_transfer_share
    assert "Targets at a glance" in titles and "Assumptions and sources" in titles
    assert results[0].plan.indicators["st_transfer_share"].label["en"] in titles
    assert "2025-11-28" in "\n".join(texts(deck.slides[0]))


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdfinfo")),
                    reason="LibreOffice (soffice) and poppler-utils are not installed "
                           "(scripts/ensure-office.sh installs them)")
def test_libreoffice_draws_every_slide(deck_data, deck, tmp_path):
    path = tmp_path / "deck.pptx"
    path.write_bytes(deck_data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "deck.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == len(deck.slides)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    assert "Mục tiêu: tổng quan" in text and "Kon Tum (cũ)" in text
