"""Keep simlib's imports (kernel start, CLI) fast: imported first by ``simlib/__init__``.

Jupyter installs rfc3987-syntax, which jsonschema (used by Altair) imports to check IRI formats;
it builds a parser for 2–4 s at import. simlib never checks IRI formats, so the import is declined
in this process when nothing imported it yet (jsonschema then skips that one format check).
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
