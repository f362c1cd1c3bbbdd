"""Watch a page for everything a dashboard page must not do: leave 127.0.0.1, log errors,
throw, fail requests (``PageWatch``; the ``page_watch`` fixture of ``conftest.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def is_local_url(url: str) -> bool:
    """True for loopback http(s)/ws(s) URLs and for data:, blob:, about: URLs."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "javascript"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


# Harmless noise left out of PageWatch.problems(); each entry: (kind, regex, why).
HARMLESS: list[tuple[str, str, str]] = [
    # Nothing so far. Seen and *not* filtered because they are warnings, not errors:
    # "Unsatisfied version 4.2.5 from _JUPYTERLAB.CORE_OUTPUT of shared singleton module
    # @jupyterlab/..." (Voilà's bundle is built against JupyterLab 4.2, the installed
    # extensions ask for ^4.6) and "No satisfying version ... @jupyterlab/outputarea".
]


@dataclass
class PageWatch:
    """Everything a dashboard page must not do: leave 127.0.0.1, log errors, fail requests."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (kind, regex) per test

    def attach(self, page) -> None:  # page: playwright.sync_api.Page
        """Listen to ``page``'s requests, websockets, responses and console."""
        page.on("request", self._on_request)
        page.on("websocket", lambda ws: self._on_url(ws.url))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda err: self.page_errors.append(str(err)))

    def _on_url(self, url: str) -> None:
        if not is_local_url(url):
            self.external_requests.append(url)

    def _on_request(self, request) -> None:
        self._on_url(request.url)

    def _on_request_failed(self, request) -> None:
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.failed_requests.append(
                f"{response.request.method} {response.url}: HTTP {response.status}"
            )

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            self.console_errors.append(f"{msg.text} ({loc.get('url', '')}:{loc.get('lineNumber')})")

    def ignore(self, kind: str, pattern: str) -> None:
        """Let one test accept an expected problem: kind is one of the list names."""
        self.ignored.append((kind, pattern))

    def problems(self) -> list[str]:
        """Every recorded problem not matched by HARMLESS or ``ignore``."""
        rules = [(k, re.compile(p)) for k, p, _why in HARMLESS]
        rules += [(k, re.compile(p)) for k, p in self.ignored]
        out = []
        for kind in ("external_requests", "console_errors", "page_errors", "failed_requests"):
            for item in getattr(self, kind):
                if not any(k == kind and rx.search(item) for k, rx in rules):
                    out.append(f"{kind}: {item}")
        return out

    def assert_clean(self) -> None:
        """Fail listing every problem (external request, console/page error, failed request)."""
        problems = self.problems()
        assert not problems, "page problems:\n  " + "\n  ".join(problems)
