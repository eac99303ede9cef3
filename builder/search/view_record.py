"""An article page's search record made from what the page was rendered from (its article
and view), not read back from its HTML: the same record builder.search.records reads.

Only for the article template this was written against (TEMPLATES: the digest of its sources
and of those it extends and imports); a site with other templates has its pages read. A page
whose text could make the HTML read differently (an annotation's text holding
"data-pagefind", a `class=` the `.by` selector matches or a control character the reader uses
as a marker) is read too: None is returned, and the caller reads the page.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from markupsafe import escape

from builder.model import Article, Paragraph
from builder.render.views.article_page import ArticleView
from builder.search import records
from builder.search.records import HEADING_WEIGHT, Record

# The templates an article page is rendered from, as the reader below mirrors them: a change
# to one of them changes TEMPLATES, and tests/test_view_record.py says to look here again.
TEMPLATE_FILES = ("article.html", "base.html", "partials/date.html", "partials/claims.html")
TEMPLATES = "00480f965301b5e3"
_MARKERS = (b"\x00", b"\x01", b"\x02")
_CLASS_TEXT = re.compile(r'class(?:\s+=|=(?!"))')
Specs = tuple[tuple[str, str, str], ...]
MaybeSpecs = tuple[tuple[str, str, str | None], ...]  # None: the element's text


def templates_digest(folder: Path) -> str:
    """The digest of the article template's sources in `folder` ("" when one is missing)."""
    digest = hashlib.sha256()
    for name in TEMPLATE_FILES:
        try:
            digest.update(name.encode() + b"\0" + (folder / name).read_bytes() + b"\0")
        except OSError:
            return ""
    return digest.hexdigest()[:16]


def fits(folder: Path) -> bool:
    """Whether the article pages of templates `folder` are the pages article_record() reads.
    Asked again when a file's modification time or size changes, as the template environment
    re-checks its files: a template edited mid-build has its new pages read, not matched."""
    return _fits(folder, _stamps(folder))


def _stamps(folder: Path) -> tuple[tuple[int, int], ...] | None:
    """Each template file's modification time and size (None when one is missing)."""
    try:
        return tuple(
            (stat.st_mtime_ns, stat.st_size)
            for stat in (os.stat(os.path.join(folder, name)) for name in TEMPLATE_FILES)
        )
    except OSError:
        return None


@functools.lru_cache(maxsize=8)
def _fits(folder: Path, stamps: tuple[tuple[int, int], ...] | None) -> bool:
    return stamps is not None and templates_digest(folder) == TEMPLATES


def article_record(url: str, article: Article, view: ArticleView, page: bytes) -> Record | None:
    """The record records.record() reads from `page`, the article's page rendered from
    `view` with the templates fits() accepts; None where the page must be read."""
    labels = _labels(article)
    if (
        any(mark in page for mark in _MARKERS)
        or page.count(b"data-pagefind") != _marked(view)
        or _class_in_text(page)
        or page.count(b'class="by ') != sum(len(at) for at in labels)
        or _comma_in_tag(view)
    ):
        return None
    language = records.page_language(page)
    meta: dict[str, str] = {}
    filters: dict[str, list[str]] = {}
    sort: dict[str, str] = {}
    for specs in _element_specs(view):
        if any(value is None for _, _, value in specs):
            return None  # a value naming the element's text: read the page
        records.take(cast(Specs, specs), meta, filters, sort)
    region = "".join(_region(article, view, labels))
    content = " ".join(records.sentences(region, True).split())
    return Record(url, content, language, meta, filters, sort)


def _class_in_text(page: bytes) -> bool:
    """Whether the page's text could hold what the `.by` selector's pattern takes for a class
    attribute ("class =", "class=x"): the template writes every one as `class="`."""
    if page.count(b"class") == page.count(b'class="'):
        return False  # the usual case: "class" only in the template's attributes
    return _CLASS_TEXT.search(page.decode("utf-8", "replace")) is not None


def _comma_in_tag(view: ArticleView) -> bool:
    """Whether a value written into a tag's pagefind attribute holds a comma: the reader
    splits it into two where the view record would have to guess."""
    published = view.published
    dynamic = [g.affiliation for g in view.panel]
    if published:
        dynamic += [published.iso, published.text]
    return any("," in value for value in dynamic)


def _marked(view: ArticleView) -> int:
    """How many times the template writes "data-pagefind" on this view's page."""
    count = 3  # the article's body, its title's meta, the byline's ignore
    count += 2 if view.outlet else 0
    count += 4 if view.published else 1
    count += 1 if (view.legend or view.kinds) else 0
    count += 1 if view.panel else 0
    count += sum(bool(g.affiliation) + bool(g.url) for g in view.panel)
    return count + len(view.places)


def _text(value: str) -> str:
    """An element's text as the reader cleans it (its HTML holds no tag: it is escaped)."""
    return " ".join(value.split())


def _element_specs(view: ArticleView) -> Iterator[MaybeSpecs]:
    """Each marked element's (kind, name, value), in the page's order."""
    yield (("meta", "title", _text(view.title)),)
    if view.outlet:
        outlet = _text(view.outlet)
        yield (("filter", "outlet", outlet), ("meta", "outlet", outlet))
    published = view.published
    if published:
        year = escape(published.iso[:4])
        yield records.tag_specs(f'<span data-pagefind-filter="year:{year}">')
        yield records.tag_specs(
            f'<span data-pagefind-filter="month:{escape(published.iso[:7])}"'
            f' data-pagefind-sort="date:{escape(published.iso)}"'
            f' data-pagefind-meta="date:{escape(published.text)}">'
        )
    else:
        yield (("sort", "date", "0000-00-00"),)
    for group in view.panel:
        if group.affiliation:
            raw = f'<section data-pagefind-filter="affiliation:{escape(group.affiliation)}">'
            yield records.tag_specs(raw)
        if group.url:
            yield (("filter", "source", _text(group.name)),)
    for place in view.places:
        yield (("filter", "place", _text(place.name)),)


def _labels(article: Article) -> list[list[int]]:
    """Where each paragraph's claim labels stand (the `.by` elements the reader drops, each
    leaving a space): after a claim's last character, in the paragraph it ends in."""
    doc = article.document
    starts = doc.paragraph_starts
    at: list[list[int]] = [[] for _ in starts]
    for claim in article.annotations.claims:
        start, end = claim.span.start, claim.span.end
        if end <= start:
            continue
        n = bisect.bisect_right(starts, end - 1) - 1
        if n < 0:
            continue
        offset = starts[n]
        if offset < end <= offset + len(doc.paragraphs[n].text):
            at[n].append(end - offset)
    return at


def _with_labels(paragraph: Paragraph, labels: list[int]) -> str:
    """The paragraph's text with a space at each label's offset (where the reader drops it)."""
    text = paragraph.text
    if not labels:
        return text
    pieces, pos = [], 0
    for cut in sorted(labels):
        pieces.append(text[pos:cut])
        pos = cut
    pieces.append(text[pos:])
    return " ".join(pieces)


def _region(article: Article, view: ArticleView, labels: list[list[int]]) -> Iterator[str]:
    """The article element's text as the reader has it before its sentences are made: NUL
    where a block starts or ends, STX and a weight where a heading opens, SOH where it closes
    (spaces are not kept as written: only where there are some)."""
    paragraphs = article.document.paragraphs
    yield f"\x00 \x02{HEADING_WEIGHT['h1']} "
    yield view.title
    yield " \x00 \x01 \x00"
    for block in view.blocks:
        tag = block.tag
        for n, name in enumerate(block.ids):
            number = int(name[1:]) - 1
            text = _with_labels(paragraphs[number], labels[number])
            if tag in HEADING_WEIGHT:
                yield f" \x00 \x02{HEADING_WEIGHT[tag]} {text} \x00 \x01 \x00"
            elif tag == "caption":
                credit = f" {block.credit}" if block.credit else ""
                yield f"\x00{text}{credit}\x00"
            else:
                yield f"\x00{text}\x00"
