"""What Pagefind needs from a rendered page, read in Python: a search record.

Pagefind can parse whole pages itself, but an article page is ~35 KB of HTML (annotation
marks, the claims panel, navigation) for ~5 KB of text, and the indexer then has to be
handed every page as a file. Reading the few things search uses here, from the same
`data-pagefind-*` attributes the templates already carry, lets the indexer take small
records instead (`PagefindIndex.add_custom_record`):

- the text: everything inside `data-pagefind-body` elements, minus elements marked
  `data-pagefind-ignore` and those matching the exclude selectors (class selectors);
  block elements end a sentence as Pagefind ends them, and headings keep Pagefind's weights;
- filters, meta and sort keys: `data-pagefind-filter`, `-meta` and `-sort` anywhere on the
  page (also inside ignored parts, as Pagefind reads them), as `name` (the element's text),
  `name:value` or `name[attribute]`, several separated by commas;
- the language (`<html lang>`) and the URL (the page's path, `index.html` dropped).

The templates stay the single place that says what is searchable.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

BODY_ATTR = "data-pagefind-body"
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
BLOCK = frozenset(
    """address article aside blockquote body caption dd details dialog div dl dt fieldset
    figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr li main ol p pre section
    summary table tbody td tfoot th thead tr ul""".split()
)
HEADING_WEIGHT = {"h1": 7, "h2": 6, "h3": 5, "h4": 4, "h5": 3, "h6": 2}

_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([a-zA-Z0-9-]+)", re.I)
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_MARKED = re.compile(r"data-pagefind-(?:filter|meta|sort)\s*=")
_PF_ATTR = re.compile(
    r"data-pagefind-(filter|meta|sort|ignore)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?"
)
_IGNORE_ALL = re.compile(r"data-pagefind-ignore\s*=\s*[\"']all[\"']")
_ANY_TAG = re.compile(r"<[^>]*>")
_SKIPPED = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_SKIP_MARKS = ("<!--", "<script", "<style", "<noscript", "<template", "<svg", "<SCRIPT", "<STYLE")
_HEADING_OPEN = re.compile(r"<h([1-6])\b[^>]*>", re.I)
_HEADING_CLOSE = re.compile(r"</h[1-6]\s*>", re.I)


def _alternation(words: frozenset[str]) -> str:
    """A regex alternation of `words` grouped by first letter (much faster than a flat one)."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=lambda w: (-len(w), w)):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in sorted(groups.items()))


_BLOCK_TAG = re.compile(rf"</?(?:{_alternation(BLOCK)})(?=[\s/>])[^>]*>", re.I)


@dataclass
class Record:
    """One page as Pagefind's custom record: what `add_custom_record` takes."""

    url: str
    content: str
    language: str = "en"
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)

    def request(self, index_id: int) -> dict[str, object]:
        """The service's AddRecord message for this record."""
        return {
            "type": "AddRecord",
            "index_id": index_id,
            "url": self.url,
            "content": self.content,
            "language": self.language,
            "meta": self.meta,
            "filters": self.filters,
            "sort": self.sort,
        }


def dumps(found: Record) -> bytes:
    """A record as bytes (for a record made in another process, see loads)."""
    fields = [found.url, found.content, found.language, found.meta, found.filters, found.sort]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(data: bytes) -> Record:
    """The record dumps() was given (the same fields, in the same order)."""
    url, content, language, meta, filters, sort = json.loads(data)
    return Record(url, content, language, meta, filters, sort)


def page_url(rel: str) -> str:
    """The URL Pagefind gives a page at output path `rel` (`a/index.html` -> `/a/`)."""
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return "/" + rel


def page_language(data: bytes) -> str:
    """The language `<html lang>` gives near the page's start, lower-case ("unknown": none)."""
    found = _LANG.search(data, 0, 4096)
    return found.group(1).decode("ascii").lower() if found else "unknown"


def record(rel: str, data: bytes, exclude: Sequence[str] = (), weights: bool = True) -> Record:
    """The search record of the page at output path `rel`. A page with no element marked
    data-pagefind-body gives a record of its whole <body> (as Pagefind indexes such a site).
    `exclude` holds class selectors (`.name`) whose elements are not searchable text."""
    language = page_language(data)
    text = data.decode("utf-8", "replace")
    classes = tuple(sorted({s[1:] for s in exclude if s.startswith(".")}))
    meta: dict[str, str] = {}
    filters: dict[str, list[str]] = {}
    sort: dict[str, str] = {}
    hidden = _ignored_all(text)
    seen = -1
    for match in _MARKED.finditer(text):
        open_at = text.rfind("<", 0, match.start())
        if open_at == seen or any(start <= open_at < end for start, end in hidden):
            continue  # a tag is read once; none inside data-pagefind-ignore="all"
        seen = open_at
        take(_collect(text, open_at), meta, filters, sort)
    parts: list[str] = []
    starts = [m.start() for m in re.finditer(BODY_ATTR, text)] or _whole_body(text)
    end = 0
    for start in starts:
        if start < end:
            continue  # a marked body inside another one is already read
        end = _read_text(text, text.rfind("<", 0, start), parts, classes, weights)
    content = " ".join("".join(parts).split())  # each run of spaces one, as re's \s+ takes them
    if "title" not in meta:
        title = _first_heading(text, starts)
        if title:
            meta["title"] = title
    return Record(page_url(rel), content, language, meta, filters, sort)


def take(
    specs: Iterable[tuple[str, str, str]],
    meta: dict[str, str],
    filters: dict[str, list[str]],
    sort: dict[str, str],
) -> None:
    """Add one element's (kind, name, value) filters, meta and sort keys as Pagefind does:
    a filter's values once each, in order; a meta or sort key's first value."""
    for kind, key, value in specs:
        if kind == "filter":
            values = filters.setdefault(key, [])
            if value and value not in values:
                values.append(value)
        elif kind == "meta":
            meta.setdefault(key, value)
        elif value:
            sort.setdefault(key, value)


def _ignored_all(text: str) -> list[tuple[int, int]]:
    """The spans of elements marked data-pagefind-ignore="all": no filter, meta or sort
    inside them counts."""
    spans: list[tuple[int, int]] = []
    if "data-pagefind-ignore" not in text:
        return spans
    for m in _IGNORE_ALL.finditer(text):
        open_at = text.rfind("<", 0, m.start())
        name = _TAG_NAME.match(text, open_at)
        if name is not None:
            tag_end = text.find(">", open_at) + 1
            spans.append((open_at, _element_end(text, name.group(1).lower(), tag_end)))
    return spans


def _whole_body(text: str) -> list[int]:
    found = re.search(r"<body\b", text)
    return [found.start() + 1] if found else []


def _first_heading(text: str, starts: list[int]) -> str:
    h1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S | re.I)
    found = h1.search(text, starts[0] if starts else 0)
    return _clean(found.group(1)) if found else ""


def _clean(raw: str) -> str:
    """The text of an HTML fragment, tags dropped and spaces collapsed."""
    if "<" in raw:
        raw = _ANY_TAG.sub(" ", raw)
    if "&" in raw:
        raw = html.unescape(raw)
    return " ".join(raw.split())


def _element_end(text: str, name: str, after: int) -> int:
    """Where the element `name` whose start tag ends at `after` closes (its end tag's start)."""
    close = text.find(f"</{name}", after)
    if close < 0:
        return len(text)
    if text.find(f"<{name}", after, close) < 0:
        return close  # the usual case: no element of the same name inside
    depth = 1
    for m in re.finditer(rf"<(/?){name}(?=[\s/>])[^>]*>", text[after:], re.I):
        if m.group(0).endswith("/>"):
            continue
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return after + m.start()
    return len(text)


def _collect(text: str, open_at: int) -> tuple[tuple[str, str, str], ...]:
    """The (kind, name, value) of the data-pagefind-filter/meta/sort attributes of the
    element starting at `open_at`. The element's text is read only when an attribute names
    no value (a claims group's section gives its affiliation as `name:value`: its text, the
    whole group, is not cleaned for nothing)."""
    name_match = _TAG_NAME.match(text, open_at)
    if name_match is None:
        return ()
    name = name_match.group(1).lower()
    tag_end = text.find(">", open_at) + 1
    specs = tag_specs(text[open_at:tag_end])
    if not specs:
        return ()
    inner = ""
    if name not in VOID and any(value is None for _, _, value in specs):
        inner = _element_text(text[tag_end : _element_end(text, name, tag_end)])
    return tuple((kind, key, inner if value is None else value) for kind, key, value in specs)


@functools.lru_cache(maxsize=4096)
def tag_specs(raw: str) -> tuple[tuple[str, str, str | None], ...]:
    """The (kind, name, value) a start tag's data-pagefind-filter/meta/sort attributes give,
    the value None where it is the element's text (remembered: archives repeat the same
    place, source and outlet elements on thousands of pages); none for an element marked
    data-pagefind-ignore="all"."""
    specs: dict[str, str] = {}
    for m in _PF_ATTR.finditer(raw):
        value = m.group(2) if m.group(2) is not None else m.group(3) or ""
        specs.setdefault(m.group(1), html.unescape(value))
    if specs.get("ignore") == "all":
        return ()
    found: list[tuple[str, str, str | None]] = []
    for kind in ("filter", "meta", "sort"):
        spec = specs.get(kind)
        if spec is None:
            continue
        for item in spec.split(","):
            key, value = _pair(item, raw)
            if key:
                found.append((kind, key, value))
    return tuple(found)


@functools.lru_cache(maxsize=4096)
def _element_text(inner: str) -> str:
    """_clean() of an element's inner HTML (remembered, as tag_specs)."""
    return _clean(inner)


def _pair(item: str, raw: str) -> tuple[str, str | None]:
    """`name:value`, `name[attribute]` (the attribute's value) or `name` (the element's text:
    None here)."""
    item = item.strip()
    if ":" in item:
        key, value = item.split(":", 1)
        return key.strip(), value.strip()
    if item.endswith("]") and "[" in item:
        key, source = item[:-1].split("[", 1)
        found = re.search(rf"\s{re.escape(source.strip())}\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", raw)
        value = (found.group(1) if found.group(1) is not None else found.group(2)) if found else ""
        return key.strip(), html.unescape(value).strip()
    return item, None


def _read_text(
    text: str, open_at: int, parts: list[str], classes: tuple[str, ...], weights: bool
) -> int:
    """Append the searchable text of the element starting at `open_at`; return its end."""
    name_match = _TAG_NAME.match(text, open_at)
    if name_match is None:
        return open_at + 1
    tag_end = text.find(">", open_at) + 1
    end = _element_end(text, name_match.group(1).lower(), tag_end)
    region = _drop_ignored(text[open_at:end], classes)
    if any(mark in region for mark in _SKIP_MARKS):
        region = _SKIPPED.sub(" ", region)
    if weights:  # placeholders first: a marker must not get a sentence's full stop
        region = _HEADING_OPEN.sub(_weight_open, region)
        region = _HEADING_CLOSE.sub(" \x00 \x01 ", region)
    region = _BLOCK_TAG.sub(" \x00 ", region)
    region = _ANY_TAG.sub("", region)  # inline elements join their text, as a browser does
    parts.append(sentences(html.unescape(region), weights))
    parts.append(" ")
    return end


def sentences(region: str, weights: bool) -> str:
    """An element's text, blocks ended by NUL and headings opened by STX and its weight and
    closed by SOH (see _read_text), as Pagefind reads it: sentences and weight markers."""
    blocks = region.split("\x00")
    for i in range(len(blocks) - 1):  # a block ending in a word ends its sentence
        piece = blocks[i].rstrip()
        if piece and (piece[-1].isalnum() or piece[-1] == "_"):
            blocks[i] = piece + ". "
    region = " ".join(blocks)
    if weights:
        for weight in set(HEADING_WEIGHT.values()):
            region = region.replace(f"\x02{weight}", f"___PAGEFIND_WEIGHT___{weight}")
        region = region.replace("\x01", "___END_PAGEFIND_WEIGHT___")
    return region


def _weight_open(m: re.Match[str]) -> str:
    return f" \x00 \x02{HEADING_WEIGHT['h' + m.group(1)]} "


def _drop_ignored(region: str, classes: tuple[str, ...]) -> str:
    """The region without the elements marked data-pagefind-ignore or having one of
    `classes` (its own start tag, at 0, is not looked at)."""
    starts = []
    at = region.find("data-pagefind-ignore", 1)
    while at >= 0:
        starts.append(region.rfind("<", 0, at))
        at = region.find("data-pagefind-ignore", at + 20)
    if classes:
        found = _class_pattern(classes).finditer(region, 1)
        starts += [region.rfind("<", 0, m.start()) for m in found]
    if not starts:
        return region
    kept, at = [], 0
    for start in sorted(set(starts)):
        if start < at or start <= 0:
            continue  # inside an element already cut, or the region's own tag
        name_match = _TAG_NAME.match(region, start)
        if name_match is None:
            continue
        name = name_match.group(1).lower()
        tag_end = region.find(">", start) + 1
        stop = tag_end if name in VOID else _element_end(region, name, tag_end)
        close = region.find(">", stop)
        kept.append(region[at:start])
        kept.append(" ")
        at = len(region) if close < 0 or name in VOID else close + 1
        if name in VOID:
            at = tag_end
    kept.append(region[at:])
    return "".join(kept)


@functools.lru_cache(maxsize=16)
def _class_pattern(classes: tuple[str, ...]) -> re.Pattern[str]:
    """A class attribute holding one of `classes` (it starts with a literal, so it is fast)."""
    names = "|".join(re.escape(c) for c in classes)
    return re.compile(rf"class\s*=\s*[\"']?(?:[^\"'>]*\s)?(?:{names})(?=[\s\"'>])")
