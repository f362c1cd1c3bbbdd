"""simlib's import declines rfc3987-syntax (2–4 s of parser building that nothing here uses)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_charts_and_exports_import_without_the_iri_grammar():
    code = ("import sys, simlib.export, jsonschema; check = jsonschema.FormatChecker(); "
            "print(sys.modules.get('rfc3987_syntax'), check.conforms('a b', 'iri'), "
            "check.conforms('1.2.3.999', 'ipv4'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=300, check=True).stdout.split()
    assert out == ["None", "True", "False"]  # not loaded; IRI check skipped, the others stay
