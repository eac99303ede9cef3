"""Article metadata keys shared by front matter and sidecars: aliases, types, validation.

Keys: title, published (YYYY-MM-DD), outlet, url, author, tags (a list, or text split on
commas), description, slug, language. Accepted aliases, for files written for other tools:

    date → published        source, publisher, publication, site_name → outlet
    link, original_url, canonical_url, canonical → url
    authors, byline → author (a list is joined with ", ")
    keywords, categories → tags        summary, excerpt, subtitle → description
    lang → language
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from builder import yamlnodes
from builder.diagnostics import Diagnostic, error

FIELDS = (
    "title",
    "published",
    "outlet",
    "url",
    "author",
    "tags",
    "description",
    "slug",
    "language",
)
ALIASES = {
    "date": "published",
    "source": "outlet",
    "publisher": "outlet",
    "publication": "outlet",
    "site_name": "outlet",
    "link": "url",
    "original_url": "url",
    "canonical_url": "url",
    "canonical": "url",
    "authors": "author",
    "byline": "author",
    "keywords": "tags",
    "categories": "tags",
    "summary": "description",
    "excerpt": "description",
    "subtitle": "description",
    "lang": "language",
}
KNOWN = frozenset(FIELDS) | frozenset(ALIASES)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://\S+$")


def read_field(entry: yamlnodes.Entry, path: str) -> tuple[str, Any, tuple[Diagnostic, ...]]:
    """(field name, validated value, problems) for one known metadata key."""
    name = ALIASES.get(entry.key, entry.key)
    node = entry.node
    if yamlnodes.is_null(node):
        return name, None, ()
    reader = _READERS.get(name, _text)
    value, problem = reader(node)
    if problem:
        return name, None, (error(path, entry.line, f"'{entry.key}' {problem}"),)
    return name, value, ()


def _text(node: Any) -> tuple[Any, str]:
    if isinstance(node, yamlnodes.ScalarNode):
        text = " ".join(str(node.value).split())
        return (text, "") if text else (None, "")
    return None, f"must be text, found {yamlnodes.type_name(node)}"


def _date(node: Any) -> tuple[Any, str]:
    if not isinstance(node, yamlnodes.ScalarNode):
        return None, f"must be a date (YYYY-MM-DD), found {yamlnodes.type_name(node)}"
    return parse_date(str(node.value).strip())


def parse_date(raw: str) -> tuple[dt.date | None, str]:
    """A YYYY-MM-DD date, optionally followed by a time ("2022-05-15T10:00:00Z")."""
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$", raw)
    if not match:
        return None, f"is not a date (YYYY-MM-DD): '{raw}'"
    try:
        return dt.date(*(int(g) for g in match.groups())), ""
    except ValueError:
        return None, f"is not a real date: '{raw}'"


def _list(node: Any) -> tuple[Any, str]:
    if isinstance(node, yamlnodes.ScalarNode):
        return tuple(t.strip() for t in str(node.value).split(",") if t.strip()), ""
    if yamlnodes.is_sequence(node) and all(isinstance(n, yamlnodes.ScalarNode) for n in node.value):
        return tuple(str(n.value).strip() for n in node.value if str(n.value).strip()), ""
    return None, "must be a list of text"


def _author(node: Any) -> tuple[Any, str]:
    if yamlnodes.is_sequence(node):
        names, problem = _list(node)
        return (", ".join(names) or None, problem)
    return _text(node)


def _url(node: Any) -> tuple[Any, str]:
    text, problem = _text(node)
    if problem or text is None or _URL.match(text):
        return text, problem
    return None, f"must be a web address (http:// or https://), found '{text}'"


def _slug(node: Any) -> tuple[Any, str]:
    text, problem = _text(node)
    if problem or text is None or _SLUG.match(text):
        return text, problem
    return None, f"must be lowercase letters, digits and single hyphens, found '{text}'"


_READERS = {"published": _date, "tags": _list, "author": _author, "url": _url, "slug": _slug}
