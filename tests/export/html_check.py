"""What makes an HTML file self-contained: every src/href is inline (data:) or in-page (#)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.css: list[str] = []  # <style> contents and style attributes (not script text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "data", "poster"):
                self.links.append(value or "")
            if name == "id":
                self.ids.append(value or "")
            if name == "style":
                self.css.append(value or "")

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style":
            self.css.append(data)


def external_references(html: str) -> list[str]:
    """src/href values and CSS url()/@import targets that would load something from outside."""
    parser = _Links()
    parser.feed(html)
    styles = "\n".join(parser.css)
    css = (re.findall(r"url\(\s*['\"]?([^'\")]+)", styles)
           + re.findall(r"@import\s+['\"]?([^'\";]+)", styles))
    return [v for v in parser.links + css if not v.startswith(("data:", "#"))]


def duplicate_ids(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return sorted({i for i in parser.ids if parser.ids.count(i) > 1})


def tags(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.tags
