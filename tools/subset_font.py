"""Rebuild simlib/fonts/DejaVuSansVN*.ttf: DejaVu Sans cut to the code points simlib's charts use.

    python tools/subset_font.py /usr/share/fonts/truetype/dejavu   # folder with DejaVuSans*.ttf

The code points are ``simlib.export.fonts.COVERAGE``. The output is byte-for-byte reproducible
from Debian's fonts-dejavu-core 2.37 (no timestamps are updated). What is dropped and why (see
simlib/fonts/SOURCE.txt for the measurements): vl-convert opens and maps the font file for every
glyph it lays out, so export time grows with the file's size. Kept: outlines and metrics of the
covered characters, .notdef (a visible box for anything else), the copyright, licence and licence
URL (name IDs 0, 13, 14, which the Bitstream Vera / Arev licence requires), the names, and the
kerning (GPOS 'kern': cheap, and English labels such as "To", "Ty" look wrong without it). Dropped:
TrueType hinting (instructions, fpgm/prep/cvt: resvg and svg2pdf draw unhinted outlines), glyph
names, the MATH table, GSUB and the other GPOS features (mark positioning for combining accents
the font does not map: Vietnamese comes precomposed) and the other name records.
Renamed "DejaVu Sans VN" so it never mixes with a full DejaVu Sans installed on the machine (the
licence allows modified copies under names without "Bitstream", "Vera", "Arev" or "Tavmjong Bah").
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's simlib, not an installed one

from simlib.export.fonts import COVERAGE  # noqa: E402

FAMILY = "DejaVu Sans VN"
OUT = ROOT / "simlib" / "fonts"
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, version, licence, licence URL


def build(source: Path, style: str) -> Path:
    options = subset.Options()
    options.layout_features = ["kern"]
    options.hinting = False
    options.glyph_names = False
    options.notdef_outline = True
    options.name_IDs = NAME_IDS
    options.name_legacy = False  # Windows (Unicode) records only
    options.name_languages = [0x0409]
    options.drop_tables += ["MATH", "GSUB", "FFTM"]
    font = TTFont(source, recalcTimestamp=False)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=subset.parse_unicodes(COVERAGE))
    sub.subset(font)
    full = FAMILY if style == "Book" else f"{FAMILY} {style}"
    postscript = FAMILY.replace(" ", "") + ("" if style == "Book" else f"-{style}")
    names = {1: FAMILY, 3: f"{postscript} (subset of DejaVu Sans 2.37)", 4: full, 6: postscript}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    path = OUT / f"{postscript}.ttf"
    font.save(path)
    return path


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    for file, style in (("DejaVuSans.ttf", "Book"), ("DejaVuSans-Bold.ttf", "Bold")):
        print(build(folder / file, style))
