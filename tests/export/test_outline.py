"""Chart text as glyph outlines: the same pixels as vl-convert's own text, and only what it lays
out exactly is converted."""

from __future__ import annotations

import io
import re

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
    attrs = {"text-anchor": "start", "transform": "translate(10,30)", "font-family": FAMILY,
             "font-size": "19px", "fill": "black", **attrs}
    written = " ".join(f'{name.replace("_", "-")}="{value}"' for name, value in attrs.items())
    return f"<text {written}>{content}</text>"


def outlined(*texts: str) -> str:
    return outline_text(SVG.format("".join(texts)), FONT_DIR)


def uses(svg: str) -> list[tuple[str, float, float]]:
    """(glyph id, x, y) of every placed glyph, in order."""
    return [(ref, float(x), float(y)) for ref, x, y in
            re.findall(r'<use href="#([^"]+)" transform="matrix\([^,]+,0,0,[^,]+,([^,]+),([^)]+)\)"/>', svg)]


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=int)


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


def test_outlined_charts_draw_the_same_pixels_as_vl_convert_text(charts):
    assert len(charts) == 3
    for svg in charts:
        drawn = outline_text(svg, FONT_DIR)
        assert "<text" not in drawn  # every text of a chart is laid out here
        a, b = pixels(vlc.svg_to_png(svg, scale=2)), pixels(vlc.svg_to_png(drawn, scale=2))
        assert a.shape == b.shape
        diff = np.abs(a - b)
        # anti-aliasing of a glyph edge may differ by a rounding; a glyph out of place by even
        # half a pixel changes hundreds of pixels by more than 32 grey levels
        assert diff.mean() < 0.01 and (diff > 32).sum() < 100, (diff.mean(), (diff > 32).sum())


def test_kerning_and_anchors_follow_the_font():
    regular = faces(str(FONT_DIR))[("DejaVu Sans VN", 400)]
    a, v = regular.cmap[ord("A")], regular.cmap[ord("V")]
    kern = regular.kern(a, v)
    assert kern < 0 and regular.kern(v, v) == 0
    scale = 19 / regular.units_per_em
    (_, xa, _), (_, xv, _) = uses(outlined(text("AV")))
    assert xa == 0 and xv == pytest.approx((regular.advance[a] + kern) * scale, abs=1e-3)
    width = (regular.advance[a] + kern + regular.advance[v]) * scale
    assert uses(outlined(text("AV", text_anchor="end")))[0][1] == pytest.approx(-width, abs=1e-3)
    assert uses(outlined(text("AV", text_anchor="middle")))[0][1] == pytest.approx(-width / 2, abs=1e-3)


def test_bold_lines_entities_and_spaces():
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


@pytest.mark.parametrize("unknown", [
    text("x", font_family="Liberation Sans"),  # a font that is not in the folder
    text("x", font_weight="300"),  # a weight the folder does not have
    text("中文"),  # a character the font lacks: vl-convert falls back to another font
    text("x", font_size="1.2em"),
    text("x", letter_spacing="2"),  # an attribute that changes the layout
    text("x", text_anchor="inherit"),
    text('<tspan dx="3">x</tspan>'),  # markup other than Vega's lines
])
def test_text_it_cannot_lay_out_exactly_is_left_to_vl_convert(unknown):
    svg = SVG.format(unknown)
    assert outline_text(svg, FONT_DIR) == svg
