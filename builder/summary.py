"""An article's result cut to what the site's listings, feed and data index need (not its page)."""

from __future__ import annotations

import sys
from typing import Any

from builder.model import (
    Annotations,
    Claim,
    DateMention,
    Document,
    DocumentSummary,
    Paragraph,
    Place,
    PlaceMention,
    Source,
    Span,
)


def summarize(document: Document, annotations: Annotations) -> tuple[Document, Annotations]:
    """The document and annotations as the main process keeps them once an article's page is
    rendered (or can be rendered again from the article cache): the text as one paragraph
    (mentions are quoted in their sentence from it), every claim, source, place and date with
    the ids, spans and counts the listings show, and nothing only its own page or the check
    report uses (paragraph layout, rules, notes, where sources are named, furniture removed).
    Strings that recur across articles are interned, so 10,000 articles share them."""
    text = document.text
    summary = DocumentSummary(
        document.source_file,
        document.meta,
        (Paragraph(text, 1),),
    )
    a = annotations
    return summary, Annotations(
        claims=tuple(_claim(c) for c in a.claims),
        sources=tuple(_source(s) for s in a.sources),
        places=tuple(_place(p) for p in a.places),
        dates=tuple(DateMention(_i(d.date), _span(d.span)) for d in a.dates),
        published=a.published,
    )


def is_summary(document: Document) -> bool:
    """Whether a document is a summary (its article's page cannot be rendered from it)."""
    return isinstance(document, DocumentSummary)


def _i(value: Any) -> Any:
    return sys.intern(value) if type(value) is str else value


def _span(span: Span) -> Span:
    text = span.text
    return Span(span.start, span.end, sys.intern(text) if len(text) <= 40 else text)


def _claim(claim: Claim) -> Claim:
    return Claim(
        _i(claim.id),
        claim.span,
        _i(claim.kind),
        _i(claim.source),
        tuple(_i(v) for v in claim.via),
    )


_FLOATS: dict[float, float] = {}


def _f(value: float | None) -> float | None:
    return None if value is None else _FLOATS.setdefault(value, value)


_SOURCES: dict[Source, Source] = {}


def _source(source: Source) -> Source:
    """One object for every article's identical record of a source (its mentions dropped)."""
    bare = Source(
        _i(source.id),
        _i(source.name),
        _i(source.kind),
        _i(source.affiliation),
        tuple(_i(a) for a in source.aliases),
        (),
        source.registered,
    )
    return _SOURCES.setdefault(bare, bare)


def _place(place: Place) -> Place:
    return Place(
        _i(place.id),
        _i(place.name),
        _i(place.kind),
        _i(place.parent),
        _f(place.lat),
        _f(place.lon),
        tuple(PlaceMention(_span(m.span), m.metonymic) for m in place.mentions),
    )
