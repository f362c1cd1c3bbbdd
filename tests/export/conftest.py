"""Shared results for the export tests: the shipped scenarios, small ensembles, a fixed date."""

from __future__ import annotations

import datetime as dt
import re
import struct
import xml.etree.ElementTree as ET

import pytest

import simlib

DATE = dt.date(2025, 11, 28)
DRAWS = 200
TITLE_VI = "Tỷ lệ kết quả nghiên cứu được chuyển giao (cả kỳ)"  # st_transfer_share


@pytest.fixture(scope="session")
def results() -> list[simlib.Result]:
    return [simlib.simulate(simlib.load_scenario(n), draws=DRAWS, seed=1)
            for n in ("plan", "accelerated", "constrained-budget")]


@pytest.fixture(scope="session")
def baseline() -> simlib.Result:
    return simlib.simulate(simlib.load_scenario("baseline"), draws=DRAWS, seed=1)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (after checking the signature)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def svg_texts(data: bytes) -> list[str]:
    """Every line of text in an SVG (which must parse): each <tspan>, or a <text> without them."""
    ns = "{http://www.w3.org/2000/svg}"
    lines = []
    for el in ET.fromstring(data).iter(f"{ns}text"):
        spans = el.findall(f"{ns}tspan")
        lines += ["".join(s.itertext()) for s in spans] if spans else ["".join(el.itertext())]
    return lines


def pdf_fonts(data: bytes) -> set[str]:
    """Names of the fonts a PDF uses (subset prefix dropped): none when its text is drawn as paths."""
    assert data[:5] == b"%PDF-"
    return {m.split(b"+")[-1].decode() for m in re.findall(rb"/BaseFont\s*/([\w+\-]+)", data)}
