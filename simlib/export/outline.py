"""Chart text as glyph outlines, so vl-convert draws PNG and PDF without opening a font file.

vl-convert 1.9 keeps registered fonts as file paths: it opens and maps the font file 3 to 4 times
for every glyph it lays out, and on a virtual machine each of those costs ~20 µs (the page
fault), so text was half of the PNG and PDF time. :func:`outline_text` lays the text of a Vega SVG out
here instead, as vl-convert's shaper does with the shipped fonts: one glyph per character (the
fonts have no glyph substitutions and the text is precomposed), its advance width, and the pair
kerning of GPOS 'kern' for the script of the line's first letter (none for a line without
letters). A test checks the pixels agree. Each glyph is drawn once in ``<defs>`` and placed with
``<use>``.

Only text it can lay out exactly is outlined: a font family, weight and characters the font folder
has, and the attributes and markup Vega writes (``text-anchor``, ``transform``, ``font-size`` in
px, lines as ``<tspan x="0" dy="…">``). Anything else is left as text for vl-convert to draw.
Like :mod:`.converter`, this module imports no simlib module: workers run it without the package.
"""

from __future__ import annotations

import functools
import html
import io
import re
import threading
import unicodedata
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont

_TEXT = re.compile(r"<text\b([^>]*?)(?:/>|>(.*?)</text>)", re.S)
_ATTRS = re.compile(r'(?:\s+[\w:-]+="[^"]*")*\s*')  # double-quoted attributes only, as Vega writes
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
_FIRST_LINE = re.compile(r"<tspan(?:/>|>([^<]*)</tspan>)")
_NEXT_LINE = re.compile(r'<tspan x="0" dy="(-?[\d.]+)"(?:/>|>([^<]*)</tspan>)')
_LAID_OUT = {"font-family", "font-size", "font-weight", "text-anchor"}  # used here, not copied
_COPIED = {"transform", "fill", "fill-opacity", "opacity", "clip-path", "role"}  # onto the group
# that replaces the text, with every aria-*; a stroke would be scaled with each glyph: left as text
_ANCHOR = {"start": 0.0, "middle": 0.5, "end": 1.0}
_WEIGHTS = {"normal": 400, "bold": 700}
_SCRIPTS = (("LATIN", "latn"), ("GREEK", "grek"))  # the letters the shipped fonts have
_SHAPED = {"ccmp", "locl", "rlig", "liga", "clig", "calt"}  # substitutions a shaper applies unasked


class Face:
    """One font file: character map, advances and kerning in font units, glyph outlines as SVG
    path data (font units, y up)."""

    def __init__(self, data: bytes, key: str) -> None:
        font = TTFont(io.BytesIO(data), lazy=True)
        self.key = key  # prefix of this face's glyph ids in <defs>
        self.family: str = font["name"].getDebugName(1)
        self.weight: int = font["OS/2"].usWeightClass
        self.units_per_em: int = font["head"].unitsPerEm
        self.cmap: dict[int, str] = font.getBestCmap()
        self.advance = {glyph: width for glyph, (width, _) in font["hmtx"].metrics.items()}
        self.index = {glyph: k for k, glyph in enumerate(font.getGlyphOrder())}  # names may not suit an id
        self._kerning = _kerning(font)
        self._glyphs = font.getGlyphSet()
        self._paths: dict[str, str] = {}
        self._lock = threading.Lock()  # fontTools decodes glyphs on first use

    def kerning(self, script: str) -> list[list[tuple]] | None:
        """Kerning lookups the shaper applies to a line of ``script`` (an OpenType script tag, chosen
        as HarfBuzz does when the font lacks it); None if the font shapes it in ways not done here."""
        for tag in (script, "DFLT", "dflt", "latn"):
            if tag in self._kerning:
                return self._kerning[tag]
        return []

    def path(self, glyph: str) -> str:
        with self._lock:
            if glyph not in self._paths:
                pen = SVGPathPen(self._glyphs)
                self._glyphs[glyph].draw(pen)
                self._paths[glyph] = pen.getCommands()
            return self._paths[glyph]


def _kerning(font: TTFont) -> dict[str, list[list[tuple]] | None]:
    """For each script of the font, the lookups of its 'kern' feature, in order (see
    :func:`_kern`), or None when it also substitutes glyphs or kerns other than by pairs."""
    scripts: dict[str, list | None] = {}
    tables = {tag: font[tag].table for tag in ("GSUB", "GPOS") if tag in font}
    for tag in {r.ScriptTag for t in tables.values() for r in t.ScriptList.ScriptRecord}:
        features = {}
        for table_tag, table in tables.items():
            record = next((r for r in table.ScriptList.ScriptRecord if r.ScriptTag == tag), None)
            langsys = record and record.Script.DefaultLangSys
            for k in langsys.FeatureIndex if langsys else []:
                feature = table.FeatureList.FeatureRecord[k]
                features[table_tag, feature.FeatureTag] = feature.Feature.LookupListIndex
        if any(t == "GSUB" and f in _SHAPED for t, f in features):
            scripts[tag] = None
            continue
        lookups = [_pair_lookup(tables["GPOS"].LookupList.Lookup[k])
                   for k in sorted(features.get(("GPOS", "kern"), []))]
        scripts[tag] = None if None in lookups else lookups
    return scripts


def _pair_lookup(lookup) -> list[tuple] | None:
    """A GPOS lookup's subtables as plain data: (glyphs covered, class of left, class of right,
    x advance by class pair). None unless it is class-pair kerning (PairPos format 2, what the
    shipped fonts carry); the text is then left to vl-convert."""
    if lookup.LookupType != 2 or any(table.Format != 2 for table in lookup.SubTable):
        return None
    return [(frozenset(table.Coverage.glyphs), dict(table.ClassDef1.classDefs),
             dict(table.ClassDef2.classDefs),
             [[_x(cell.Value1) for cell in row.Class2Record] for row in table.Class1Record])
            for table in lookup.SubTable]


def _kern(lookup: list[tuple], left: str, right: str) -> int:
    """The x advance adjustment a pair lookup gives ``left`` before ``right``: its first subtable
    that covers ``left`` decides (class 0 is every glyph a class table does not list)."""
    for covered, lefts, rights, values in lookup:
        if left in covered:
            return values[lefts.get(left, 0)][rights.get(right, 0)]
    return 0


def _x(value) -> int:
    return getattr(value, "XAdvance", 0) or 0 if value else 0


@functools.cache
def faces(font_dir: str) -> dict[tuple[str, int], Face]:
    """Every font of ``font_dir`` by (family, weight)."""
    found = [Face(path.read_bytes(), f"simlib-glyph-{k}-")
             for k, path in enumerate(sorted(Path(font_dir).glob("*.ttf")))]
    return {(face.family, face.weight): face for face in found}


def _face(attrs: dict[str, str], font_dir: str) -> Face | None:
    family = attrs.get("font-family", "").split(",")[0].strip().strip("'\"")
    weight = attrs.get("font-weight", "normal")
    weight = _WEIGHTS.get(weight) or (int(weight) if weight.isdigit() else 0)
    return faces(font_dir).get((family, weight))


def _lines(body: str) -> list[tuple[float, str]] | None:
    """(dy in px, text) of each line: the plain content, or Vega's <tspan> lines (the first
    without position, the next ones at x="0" and a dy); None for any other markup."""
    if "<" not in body:
        return [(0.0, body)]
    first = _FIRST_LINE.match(body)
    if first is None:
        return None
    lines, end = [(0.0, first.group(1) or "")], first.end()
    while end < len(body):
        line = _NEXT_LINE.match(body, end)
        if line is None:
            return None
        lines.append((float(line.group(1)), line.group(2) or ""))
        end = line.end()
    return lines


def _script(text: str) -> str | None:
    """The OpenType script a shaper uses for ``text``: that of its first letter, 'DFLT' if it has
    no letter; None for a script not handled here."""
    for c in text:
        if unicodedata.category(c)[0] == "L" and c != "µ":  # MICRO SIGN belongs to no script
            name = unicodedata.name(c, "")
            return next((tag for prefix, tag in _SCRIPTS if name.startswith(prefix)),
                        "latn" if c in "ªº" else None)
    return "DFLT"


def _line(text: str, face: Face) -> tuple[list[str], list[int], int] | None:
    """Glyphs of one line, the pen position of each and the line's width (font units); None if a
    character is not in the font, is a mark or format character, or the script is not handled."""
    glyphs = [face.cmap.get(ord(c)) for c in text]
    script = _script(text)
    lookups = face.kerning(script) if script else None
    if None in glyphs or lookups is None or any(unicodedata.category(c)[0] in "MC" for c in text):
        return None
    pens, pen = [], 0
    for left, right in zip(glyphs, glyphs[1:] + [None] if glyphs else [], strict=True):
        pens.append(pen)
        pen += face.advance[left] + (sum(_kern(k, left, right) for k in lookups) if right else 0)
    return glyphs, pens, pen


def _spaced(lines: list[tuple[float, str]]) -> list[tuple[float, str]] | None:
    """Lines with spaces as vl-convert draws them: tabs and line breaks become spaces, runs of
    spaces one, and the text's first and last spaces go. None if a space meets a line break
    between <tspan>s (kept there by vl-convert, not handled here)."""
    spaced = [(dy, re.sub(" {2,}", " ", re.sub(r"[\t\n\r]", " ", text))) for dy, text in lines]
    spaced[0] = (spaced[0][0], spaced[0][1].lstrip(" "))
    spaced[-1] = (spaced[-1][0], spaced[-1][1].rstrip(" "))
    inner = [text for _, text in spaced[:-1]], [text for _, text in spaced[1:]]
    if any(t.endswith(" ") for t in inner[0]) or any(t.startswith(" ") for t in inner[1]):
        return None
    return spaced


def outline_text(svg: str, font_dir: str | Path) -> str:
    """``svg`` with every ``<text>`` it can lay out exactly replaced by glyph outlines of the
    fonts in ``font_dir``."""
    font_dir = str(font_dir)
    used: dict[str, tuple[Face, str]] = {}

    def outline(match: re.Match) -> str:
        attrs = dict(_ATTR.findall(match.group(1)))
        body, size = match.group(2), attrs.get("font-size", "")
        unknown = {name for name in attrs if not name.startswith("aria-")} - _LAID_OUT - _COPIED
        face = _face(attrs, font_dir)
        lines = _lines(body) if body is not None else None  # <text/> is left alone
        if (face is None or lines is None or unknown or not _ATTRS.fullmatch(match.group(1))
                or not re.fullmatch(r"[\d.]+(px)?", size)
                or attrs.get("text-anchor", "start") not in _ANCHOR):
            return match.group(0)
        lines = _spaced([(dy, html.unescape(text)) for dy, text in lines])
        laid_out = [_line(text, face) for _, text in lines] if lines else [None]
        if None in laid_out:
            return match.group(0)
        scale, shift, y, uses = float(size.removesuffix("px")) / face.units_per_em, \
            _ANCHOR[attrs.get("text-anchor", "start")], 0.0, []
        for (dy, _), (glyphs, pens, width) in zip(lines, laid_out, strict=True):
            y += dy
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
