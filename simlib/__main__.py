"""``python -m simlib``: the command line (same as the ``simlib`` script)."""

import sys

from .cli import main

sys.exit(main())
