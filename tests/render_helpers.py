"""Helpers for the render tests: the rendered fixture site, and an HTML link collector."""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from builder.assemble.site import Site, assemble
from builder.model import SiteConfig
from builder.render.pages import render_site
from tests.golden.fixture import FakeGazetteer, fixture_items

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
CONFIG = SiteConfig(title="Fixture Archive", base_url="https://example.github.io/archive/")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@lru_cache(maxsize=1)
def fixture_site() -> Site:
    site, _ = assemble(fixture_items(), CONFIG, FakeGazetteer())
    return site


@lru_cache(maxsize=1)
def fixture_files() -> dict[str, bytes]:
    return render_site(fixture_site(), CONFIG, TEMPLATES)


class PageParser(HTMLParser):
    """Collects links, ids and element nesting errors of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(attributes[name] or "")
        if attributes.get("id"):
            self.ids.append(attributes["id"] or "")
        if tag == "a" and "a" in self.stack:
            self.errors.append("nested <a>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()


def parse_page(html: bytes) -> PageParser:
    parser = PageParser()
    parser.feed(html.decode("utf-8"))
    parser.close()
    if parser.stack:
        parser.errors.append(f"unclosed {parser.stack}")
    return parser
