"""Read the page's URL query string from inside a Voilà kernel, with or without pre-heating.

Without pre-heating, Voilà starts the kernel for the request and puts the query string in
the kernel's environment (``QUERY_STRING``), so ``os.environ`` has it from the first cell.

With pre-heating (``preheat_kernel``), the kernel and the notebook's cells run *before*
any request: ``os.environ`` has no ``QUERY_STRING`` at all. ``voila.utils.get_query_string``
blocks the cell until a page view takes this kernel, receives the request info over a
websocket (``/voila/query/<kernel_id>``) and copies it into ``os.environ``. Every cell above
that call is pre-computed; everything below runs after the page was asked for. So: imports
and building widgets and charts with default values first, then ``query_params()``, then
apply the values.

Outside Voilà (JupyterLab, nbclient) there is no query string and this returns ``{}``.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs


def query_string() -> str:
    """Return the raw query string of the page view (no leading ``?``), or ``""``."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import get_query_string  # blocks until a page view takes the kernel

        return get_query_string() or ""
    return os.environ.get("QUERY_STRING", "")


def query_params() -> dict[str, str]:
    """Return the query parameters as ``{name: last value}`` (``?n=7&n=8`` gives ``"8"``)."""
    return {k: v[-1] for k, v in parse_qs(query_string(), keep_blank_values=True).items()}
