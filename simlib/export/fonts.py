"""The font shipped with simlib (DejaVu Sans VN: Latin + Vietnamese), registered with vl-convert."""

from __future__ import annotations

import functools
from pathlib import Path

import vl_convert as vlc

FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"


@functools.cache
def register_fonts() -> Path:
    """Make vl-convert find the shipped font (once per process); returns the font folder."""
    vlc.register_font_directory(str(FONT_DIR))
    return FONT_DIR
