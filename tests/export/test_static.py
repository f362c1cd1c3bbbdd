"""Charts to PNG/SVG/PDF bytes: valid files, Vietnamese text, vi-VN numbers, projector size."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import altair as alt
import pytest

from simlib.charts import trajectory_key
from simlib.export import FORMATS, chart_bytes, figures, indicator_figure, render
from simlib.export.fonts import FONT_DIR
from simlib.i18n import STRINGS
from simlib.scenario import SHIPPED_DIR

from .conftest import DATE, TITLE_VI, pdf_fonts, png_size, svg_texts


@pytest.fixture(scope="module")
def rendered(results, baseline) -> dict[str, bytes]:
    fig = indicator_figure(results[:1], "st_transfer_share", "vi", baseline=baseline, date=DATE)
    return render(fig.chart, FORMATS, lang="vi", theme="presentation")


def test_png_is_projector_sized(rendered):
    width, height = png_size(rendered["png"])
    assert width >= 1600 and height >= 800


def test_svg_parses_and_carries_title_unit_source_scenario_date(rendered):
    texts = svg_texts(rendered["svg"])
    joined = "\n".join(texts)
    assert TITLE_VI in texts
    assert "% kết quả nghiệm thu trong kỳ" in texts  # unit
    assert any(t.startswith("Nguồn: ") for t in texts)
    assert "Kịch bản: Theo kế hoạch · 28/11/2025" in joined


def test_pdf_text_is_real_text_in_the_embedded_shipped_font(rendered):
    """Selectable, searchable text: the PDF embeds (a subset of) DejaVu Sans VN and a PDF reader
    extracts the Vietnamese title from it."""
    assert pdf_fonts(rendered["pdf"]) == {"DejaVuSansVN", "DejaVuSansVN-Bold"}
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+DejaVuSansVN", rendered["pdf"])  # a subset
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=rendered["pdf"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    assert TITLE_VI in text and "Nguồn: " in text


@pytest.mark.parametrize(("lang", "expected", "foreign"), [("vi", "200.000", "200,000"),
                                                           ("en", "200,000", "200.000")])
def test_numbers_follow_the_language(results, lang, expected, foreign):
    fig = indicator_figure(results[:1], "people_assisted", lang, date=DATE)
    texts = svg_texts(chart_bytes(fig.chart, "svg", lang=lang))
    assert expected in texts and foreign not in texts


def test_exported_svgs_have_no_element_opacity_below_1(results, baseline):
    """resvg rasterises every element with opacity < 1 as a separate full-canvas layer (slow PNGs)."""
    # every mark: targets, observed data, national targets (grey diamonds, pale bars)
    shown = ["st_transfer_share", "digital_team_village_coverage", "sme_digital_platform_share"]
    for fig in figures(results, "vi", indicators=shown, baseline=baseline, date=DATE):
        svg = ET.fromstring(chart_bytes(fig.chart, "svg", lang="vi"))
        faint = {el.get("aria-roledescription") or el.tag for el in svg.iter()
                 if float(el.get("opacity", 1)) < 1}
        assert not faint, f"{fig.stem}: {faint}"


def test_print_theme_is_smaller_and_restores_the_active_theme(results):
    fig = indicator_figure(results[:1], "st_transfer_share", "vi", theme="print", date=DATE)
    before = alt.theme.active
    presentation = png_size(chart_bytes(fig.chart, "png", theme="presentation"))
    printed = png_size(chart_bytes(fig.chart, "png", theme="print"))
    assert alt.theme.active == before
    assert printed[1] < presentation[1]


def test_unknown_format_or_theme_is_refused(results):
    chart = indicator_figure(results[:1], "st_transfer_share", "vi", date=DATE).chart
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        chart_bytes(chart, "gif")
    with pytest.raises(ValueError, match="unknown theme 'dark'"):
        chart_bytes(chart, "svg", theme="dark")


def test_the_shipped_font_covers_every_text_a_chart_can_show(results):
    """Every letter of Vietnamese, and every character of the plan, scenarios and UI strings."""
    tt = pytest.importorskip("fontTools.ttLib")
    assert "Bitstream Vera" in (FONT_DIR / "LICENSE-DejaVu.txt").read_text()
    plan = results[0].plan
    texts = [json.dumps(STRINGS, ensure_ascii=False), Path(plan.path).read_text(encoding="utf-8"),
             *(p.read_text(encoding="utf-8") for p in SHIPPED_DIR.glob("*.yaml")),
             "ĂăÂâĐđÊêÔôƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủ"
             "ỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ", trajectory_key("vi", baseline=True, targets=True, observed=True)]
    needed = {c for text in texts for c in text if c.isprintable() and c != " "}
    for name in ("DejaVuSansVN.ttf", "DejaVuSansVN-Bold.ttf"):
        cmap = tt.TTFont(FONT_DIR / name).getBestCmap()
        assert sorted(c for c in needed if ord(c) not in cmap) == [], name
