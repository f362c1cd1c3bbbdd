"""Chart text as glyph outlines: the same pixels as vl-convert's own text, and only what it lays
out exactly is converted."""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import vl_convert as vlc
from PIL import Image

from simlib.export import FONT_DIR, chart_svg, figures, register_fonts
from simlib.export.outline import faces, outline_text

from .conftest import DATE

FAMILY = "DejaVu Sans VN, DejaVu Sans, Arial, sans-serif"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60">{}</svg>'


def text(content: str, **attrs: str) -> str:
    """A <text> as Vega writes it; attribute names with "_" for "-"."""
    attrs = {"text-anchor": "start", "transform": "translate(10,30)", "font-family": FAMILY,
             "font-size": "19px", "fill": "black", **{k.replace("_", "-"): v for k, v in attrs.items()}}
    written = " ".join(f'{name}="{value}"' for name, value in attrs.items())
    return f"<text {written}>{content}</text>"


def outlined(*texts: str) -> str:
    return outline_text(SVG.format("".join(texts)), FONT_DIR)


def uses(svg: str) -> list[tuple[str, float, float]]:
    """(glyph id, x, y) of every placed glyph, in order."""
    return [(ref, float(x), float(y)) for ref, x, y in
            re.findall(r'<use href="#([^"]+)" transform="matrix\([^,]+,0,0,[^,]+,([^,]+),([^)]+)\)"/>', svg)]


def pixels(png: bytes) -> np.ndarray:
    """Grey levels of a PNG laid on white (a bare SVG has a transparent background)."""
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    on_white = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
    return np.asarray(on_white.convert("L"), dtype=int)


@pytest.fixture(scope="module")
def charts(results, baseline) -> list[str]:
    """SVGs of every kind of chart: trajectory (footer lines, bold labels, rotated axis title),
    scenario comparison (legend) and target attainment (bars, text marks)."""
    register_fonts()
    both = "plan+accelerated+constrained-budget"
    wanted = {"plan.st_transfer_share", f"{both}.people_assisted", f"{both}.attainment-2030"}
    chosen = figures(results, "vi", indicators=["st_transfer_share", "people_assisted"],
                     baseline=baseline, date=DATE)
    return [chart_svg(fig.chart, lang="vi") for fig in chosen if fig.stem in wanted]


def assert_same_pixels(svg: str, drawn: str) -> None:
    """vl-convert draws ``drawn`` (outlined) as it draws ``svg`` (text). Anti-aliasing of a glyph
    edge may differ by a rounding (< 64 grey levels, seen: 63); a glyph out of place by half a
    pixel changes the pixels along its stems by ~128."""
    a, b = pixels(vlc.svg_to_png(svg, scale=2)), pixels(vlc.svg_to_png(drawn, scale=2))
    assert a.shape == b.shape
    diff = np.abs(a - b)
    assert diff.max() < 100 and (diff > 32).sum() < 50, (diff.max(), (diff > 32).sum())


def test_outlined_charts_draw_the_same_pixels_as_vl_convert_text(charts):
    assert len(charts) == 3
    for svg in charts:
        drawn = outline_text(svg, FONT_DIR)
        assert "<text" not in drawn  # every text of a chart is laid out here
        assert_same_pixels(svg, drawn)


@pytest.mark.parametrize("line", [
    text("AVATo Tỷ lệ, “Yo” 1.234,5 ≥ 60 %", font_size="24px"),  # Latin: kerned
    text("β: AVATo", font_size="24px"),  # the first letter is Greek: the shaper does not kern
    text("74 714 ≈ 7.1 ‰", font_size="24px"),  # no letter at all: not kerned either
    text("AV Tỷ", text_anchor="middle", transform="translate(200,30)", font_weight="bold"),
    text("AV Tỷ", text_anchor="end", transform="translate(390,30)"),
    text("  x\ny \t z  "),  # a line break and a tab are spaces; runs of spaces one; ends trimmed
    text('<tspan>Kịch bản</tspan><tspan x="0" dy="19">AV 2030</tspan><tspan x="0" dy="-9.5"/>'),
])
def test_lines_draw_the_same_pixels_as_vl_convert_text(line):
    svg = SVG.format(line)
    drawn = outline_text(svg, FONT_DIR)
    assert "<text" not in drawn
    assert_same_pixels(svg, drawn)


def test_entities_lines_and_spaces_without_outline():
    svg = outlined(text('<tspan>&gt; 70</tspan><tspan x="0" dy="17">b\u00a0 c</tspan>', font_weight="bold"))
    placed = uses(svg)
    bold = faces(str(FONT_DIR))[("DejaVu Sans VN", 700)]
    assert [ref for ref, _, _ in placed] == [f"{bold.key}{bold.index[bold.cmap[ord(c)]]}" for c in ">70bc"]
    assert [y for _, _, y in placed] == [0, 0, 0, 17, 17]
    assert '<g transform="translate(10,30)" fill="black">' in svg
    assert svg.count("<path id=") == 5  # each glyph drawn once in <defs>; spaces have no outline


def test_attributes_are_kept_on_the_group():
    svg = outlined(text("x", opacity="0.5", aria_label="Năm: 2025", role="graphics-symbol"))
    assert '<g transform="translate(10,30)" fill="black" opacity="0.5" aria-label="Năm: 2025" ' \
           'role="graphics-symbol">' in svg


def test_empty_and_self_closed_texts():
    assert outlined(text(""), text("   ")).count("<g ") == 2  # nothing to draw, no error
    closed = text("x").replace(">x</text>", "/>")
    svg = outlined(closed, text("AV"))
    assert closed in svg and len(uses(svg)) == 2  # the next text is not taken for its content


@pytest.mark.parametrize("unknown", [
    text("x", font_family="Liberation Sans"),  # a font that is not in the folder
    text("x", font_weight="300"),  # a weight the folder does not have
    text("中文"),  # a character the font lacks: vl-convert falls back to another font
    text("co\u00adop"),  # a soft hyphen, which vl-convert hides
    text("x", font_size="1.2em"),
    text("x", letter_spacing="2"),  # an attribute that changes the layout
    text("x", stroke="white", stroke_width="3"),  # a stroke would shrink with each glyph
    text("x", text_anchor="inherit"),
    text("x").replace('fill="black"', "fill='black'"),  # an attribute not written as Vega does
    text('<tspan dx="3">x</tspan>'),  # markup other than Vega's lines
    text('<tspan>a </tspan><tspan x="0" dy="17">b</tspan>'),  # a space where lines meet
])
def test_text_it_cannot_lay_out_exactly_is_left_to_vl_convert(unknown):
    svg = SVG.format(unknown)
    assert outline_text(svg, FONT_DIR) == svg


def test_faces_serve_threads(charts):
    """fontTools decodes glyphs on first use: threads outlining at once get the same result."""
    expected = outline_text(charts[0], FONT_DIR)
    faces.cache_clear()
    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(lambda svg: outline_text(svg, FONT_DIR), [charts[0]] * 16)) == {expected}
