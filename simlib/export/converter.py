"""Draw one Vega-Lite spec as SVG, PNG and PDF with vl-convert, here or in a worker process.

vl-convert keeps Python's GIL while it draws, so a process draws one chart at a time. A presenter's
export (dozens of charts) is therefore spread over worker processes (:mod:`.pool`) that run this
file as a script: it imports only the standard library and vl-convert, not simlib, pandas or
Altair, so a worker is ready in well under a second. The same
:func:`convert` draws in-process.

Worker protocol, on its standard input and output: a stream of pickled jobs
``(spec, svg or None, formats, format_locale, scale, vl_version, font_dir)``, each answered in
order by a pickled ``("ok", {format: bytes})`` or ``("error", message)`` (raised as ValueError,
as vl-convert does in-process).
"""

from __future__ import annotations

import os
import pickle
import sys

import vl_convert as vlc


def convert(spec: dict, svg: str | None, formats: tuple[str, ...], format_locale: dict,
            scale: float, vl_version: str, font_dir: str) -> dict[str, bytes]:
    """The chart in ``formats`` plus "svg" always (UTF-8 text), drawn once to SVG (unless ``svg``
    is given) and converted from it, so the formats agree. PNG and PDF keep the text as text, in
    the fonts vl-convert finds (the shipped font, registered from ``font_dir``): a PDF embeds a
    subset of it, so its text can be selected, searched and read aloud. ``scale``: PNG pixels per
    chart pixel."""
    if svg is None:
        svg = vlc.vegalite_to_svg(spec, vl_version=vl_version, format_locale=format_locale)
    out = {"svg": svg.encode("utf-8")}
    if "png" in formats:
        out["png"] = vlc.svg_to_png(svg, scale=scale)
    if "pdf" in formats:
        out["pdf"] = vlc.svg_to_pdf(svg)
    return out


def serve(font_dir: str, jobs, answers) -> None:
    """Answer every job read from the binary stream ``jobs`` on ``answers`` until end of input."""
    vlc.register_font_directory(font_dir)
    while True:
        try:
            job = pickle.load(jobs)
        except EOFError:
            return
        try:
            answer = ("ok", convert(*job))
        except Exception as exc:  # a bad spec must not end the worker: the parent reports it
            answer = ("error", str(exc))
        pickle.dump(answer, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()


if __name__ == "__main__":
    # Answers go on a private copy of stdout; anything else printed goes to stderr.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    serve(sys.argv[1], sys.stdin.buffer, answers)
