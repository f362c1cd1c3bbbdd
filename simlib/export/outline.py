"""Chart text as glyph outlines, so vl-convert draws PNG and PDF without opening a font file.

vl-convert 1.9 keeps registered fonts as file paths: it opens and maps the font file ~3 times for
every glyph it lays out, and on a virtual machine each of those costs ~20 µs (the page fault), so
text was half of the PNG and PDF time. :func:`outline_text` lays the text of a Vega SVG out
here instead, as the font says: one glyph per character (the shipped fonts have no ligatures
and come precomposed for Vietnamese), its advance width, and the pair kerning of GPOS 'kern'.
That is what vl-convert's shaper does with these fonts; a test checks the pixels agree. Each
glyph is drawn once in ``<defs>`` and placed with ``<use>``.

Only text it can lay out exactly is outlined: a font family, weight and characters the font folder
has, and the attributes Vega writes (``text-anchor``, ``transform``, ``font-size`` in px, lines as
``<tspan x="0" dy="…">``). Anything else is left as text for vl-convert to draw. Like
:mod:`.converter`, this module imports no simlib module: workers run it without the package.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont

_TEXT = re.compile(r"<text ([^>]*)>(.*?)</text>", re.S)
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
_LINE = re.compile(r'<tspan(?: x="0" dy="(-?[\d.]+)")?>([^<]*)</tspan>')
_LINES = re.compile(r'<tspan>[^<]*</tspan>(?:<tspan x="0" dy="-?[\d.]+">[^<]*</tspan>)*')  # Vega's
_LAID_OUT = {"font-family", "font-size", "font-weight", "text-anchor"}  # used here, not copied
_COPIED = {"transform", "fill", "fill-opacity", "opacity", "stroke", "stroke-width", "stroke-opacity",
           "clip-path", "role"}  # onto the group that replaces the text, with every aria-*
_ANCHOR = {"start": 0.0, "middle": 0.5, "end": 1.0}
_WEIGHTS = {"normal": 400, "bold": 700}


class Face:
    """One font file: character map, advances and kerning in font units, glyph outlines as SVG
    path data (font units, y up)."""

    def __init__(self, path: Path, key: str) -> None:
        font = TTFont(path, lazy=True)
        self.key = key  # prefix of this face's glyph ids in <defs>
        self.units_per_em: int = font["head"].unitsPerEm
        self.cmap: dict[int, str] = font.getBestCmap()
        self.advance = {glyph: width for glyph, (width, _) in font["hmtx"].metrics.items()}
        self.index = {glyph: k for k, glyph in enumerate(font.getGlyphOrder())}  # names may not suit an id
        self._glyphs = font.getGlyphSet()
        self._kerning = [table for lookup in font["GPOS"].table.LookupList.Lookup
                         for table in lookup.SubTable] if "GPOS" in font else []
        self._paths: dict[str, str] = {}

    def kern(self, left: str, right: str) -> int:
        """Pair kerning of ``left`` followed by ``right`` (font units; 0 if none)."""
        for table in self._kerning:  # PairPos format 2 (class pairs): what the fonts carry
            if table.Format == 2 and left in table.Coverage.glyphs:
                row = table.Class1Record[table.ClassDef1.classDefs.get(left, 0)]
                value = row.Class2Record[table.ClassDef2.classDefs.get(right, 0)].Value1
                return getattr(value, "XAdvance", 0) or 0
        return 0

    def path(self, glyph: str) -> str:
        if glyph not in self._paths:
            pen = SVGPathPen(self._glyphs)
            self._glyphs[glyph].draw(pen)
            self._paths[glyph] = pen.getCommands()
        return self._paths[glyph]


@functools.cache
def faces(font_dir: str) -> dict[tuple[str, int], Face]:
    """Every font of ``font_dir`` by (family, weight)."""
    found = {}
    for k, path in enumerate(sorted(Path(font_dir).glob("*.ttf"))):
        font = TTFont(path, lazy=True)
        key = (font["name"].getDebugName(1), font["OS/2"].usWeightClass)
        found[key] = Face(path, f"simlib-glyph-{k}-")
    return found


def _face(attrs: dict[str, str], font_dir: str) -> Face | None:
    family = attrs.get("font-family", "").split(",")[0].strip().strip("'\"")
    weight = attrs.get("font-weight", "normal")
    weight = _WEIGHTS.get(weight) or (int(weight) if weight.isdigit() else 0)
    return faces(font_dir).get((family, weight))


def _line(text: str, face: Face) -> tuple[list[str], list[int], int] | None:
    """Glyphs of one line, the pen position of each and the line's width (font units); None if a
    character is not in the font. Spaces as SVG's default ``xml:space`` keeps them."""
    text = re.sub(" +", " ", text.replace("\n", "").replace("\r", "").replace("\t", " ")).strip(" ")
    glyphs = [face.cmap.get(ord(c)) for c in text]
    if None in glyphs:
        return None
    pens, pen = [], 0
    for left, right in zip(glyphs, glyphs[1:] + [None], strict=True):
        pens.append(pen)
        pen += face.advance[left] + (face.kern(left, right) if right else 0)
    return glyphs, pens, pen


def outline_text(svg: str, font_dir: str | Path) -> str:
    """``svg`` with every ``<text>`` it can lay out exactly replaced by glyph outlines of the
    fonts in ``font_dir``."""
    font_dir = str(font_dir)
    used: dict[str, tuple[Face, str]] = {}

    def outline(match: re.Match) -> str:
        attrs = dict(_ATTR.findall(match.group(1)))
        face = _face(attrs, font_dir)
        body, size = match.group(2), attrs.get("font-size", "")
        unknown = {name for name in attrs if not name.startswith("aria-")} - _LAID_OUT - _COPIED
        if (face is None or not re.fullmatch(r"[\d.]+(px)?", size) or unknown
                or attrs.get("text-anchor", "start") not in _ANCHOR
                or "<" in body and not _LINES.fullmatch(body)):
            return match.group(0)
        lines = _LINE.findall(body) if "<" in body else [("", body)]
        scale, shift, y, uses = float(size.removesuffix("px")) / face.units_per_em, \
            _ANCHOR[attrs.get("text-anchor", "start")], 0.0, []
        for dy, text in lines:
            laid_out = _line(html.unescape(text), face)
            if laid_out is None:
                return match.group(0)
            glyphs, pens, width = laid_out
            y += float(dy or 0)
            x0 = -shift * width * scale
            for glyph, pen in zip(glyphs, pens, strict=True):
                if face.path(glyph):  # a space has no outline
                    ref = f"{face.key}{face.index[glyph]}"
                    used[ref] = (face, glyph)
                    uses.append(f'<use href="#{ref}" transform="matrix({scale:.6g},0,0,{-scale:.6g},'
                                f'{x0 + pen * scale:.6g},{y:.6g})"/>')
        kept = " ".join(f'{name}="{value}"' for name, value in attrs.items() if name not in _LAID_OUT)
        return f"<g {kept}>{''.join(uses)}</g>"

    body = _TEXT.sub(outline, svg)
    if not used:
        return body
    defs = "".join(f'<path id="{ref}" d="{face.path(glyph)}"/>' for ref, (face, glyph) in used.items())
    start = body.index(">", body.index("<svg")) + 1
    return f"{body[:start]}<defs>{defs}</defs>{body[start:]}"
