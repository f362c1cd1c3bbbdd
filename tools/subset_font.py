"""Rebuild simlib/fonts/DejaVuSansVN*.ttf: DejaVu Sans cut to Latin, Vietnamese and chart symbols.

    python tools/subset_font.py /usr/share/fonts/truetype/dejavu   # folder with DejaVuSans*.ttf

Why a subset: vl-convert reads the font file for every text it lays out, so a 80 kB font makes
PNG/PDF export about 1.6× faster than the 750 kB original. Renamed "DejaVu Sans VN" so it never
mixes with a full DejaVu Sans installed on the machine (the licence allows modified copies under
names without "Bitstream", "Vera", "Arev" or "Tavmjong Bah"; its notices are kept).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "DejaVu Sans VN"
UNICODES = ("U+0020-007E,U+00A0-017F,U+01A0-01B0,U+0300-0323,U+0391-03C9,U+1EA0-1EF9,U+2010-203A,"
            "U+20AB,U+20AC,U+2190-2193,U+2212,U+2248,U+2260-2265,U+2500-2504,U+2591,U+25C6,U+25CF")
OUT = Path(__file__).resolve().parents[1] / "simlib" / "fonts"


def build(source: Path, style: str) -> Path:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(source)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=subset.parse_unicodes(UNICODES))
    sub.subset(font)
    full = FAMILY if style == "Book" else f"{FAMILY} {style}"
    postscript = FAMILY.replace(" ", "") + ("" if style == "Book" else f"-{style}")
    names = {1: FAMILY, 3: f"{postscript} (subset of DejaVu Sans 2.37)", 4: full, 6: postscript,
             16: FAMILY}
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
