"""An article's result cut to what the site's listings, feed and data index need (not its page)."""

from __future__ import annotations

import sys
import zlib
from typing import Any

from builder.model import (
    Annotations,
    Claim,
    DateMention,
    Document,
    DocumentSummary,
    Place,
    PlaceMention,
    Source,
    Span,
)
from builder.assemble.site import claim_holding


def summarize(document: Document, annotations: Annotations) -> tuple[Document, Annotations]:
    """The document and annotations as the main process keeps them once an article's page is
    rendered (or can be rendered again from the article cache): the text compressed (a
    mention is quoted in its sentence from it), every claim, source, place and date with the
    ids, spans and counts the listings show, and nothing only its own page or the check
    report uses (paragraph layout, rules, notes, where sources are named, furniture removed,
    a place's plain mentions beyond those that tie it to its claims). Strings that recur
    across articles are interned, so 10,000 articles share them. A summary summarized again
    is the same summary (with this process's strings)."""
    again = isinstance(document, DocumentSummary)  # its places' mentions are already cut
    if isinstance(document, DocumentSummary):
        packed = document.packed
    else:
        packed = zlib.compress(document.text.encode("utf-8"))
    summary = DocumentSummary(document.source_file, document.meta, (), packed=packed)
    a = annotations
    claims = tuple(_claim(c) for c in a.claims)
    return summary, Annotations(
        claims=claims,
        sources=tuple(_source(s) for s in a.sources),
        places=tuple(_place(p, claims, again) for p in a.places),
        dates=tuple(DateMention(_i(d.date), _span(d.span)) for d in a.dates),
        published=a.published,
    )


def is_summary(document: Document) -> bool:
    """Whether a document is a summary (its article's page cannot be rendered from it)."""
    return isinstance(document, DocumentSummary)


def _i(value: Any) -> Any:
    return sys.intern(value) if type(value) is str else value


def _span(found: Span) -> Span:
    return span(found.start, found.end, found.text)


_INTS: dict[int, int] = {}


def span(start: int, end: int, text: str, _shared: Any = _INTS.setdefault) -> Span:
    """A span with this process's shared offsets (an int above 256 is an object of its own,
    28 bytes) and short texts; a loaded state makes ~100,000 (2,000 articles)."""
    return Span(
        _shared(start, start), _shared(end, end), sys.intern(text) if len(text) <= 40 else text
    )


def _claim(claim: Claim) -> Claim:
    return Claim(
        _i(claim.id),
        _span(claim.span),
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


def place(
    id: str,
    name: str,
    kind: str,
    parent: str | None,
    lat: float | None,
    lon: float | None,
    mentions: tuple[PlaceMention, ...] = (),
) -> Place:
    """A place whose coordinates are this process's shared ones (as a loaded state makes them)."""
    return Place(id, name, kind, parent, _f(lat), _f(lon), mentions)


def _place(place: Place, claims: tuple[Claim, ...], cut: bool = False) -> Place:
    """The place with the mentions the site draws on (`cut`: those are all it has, and
    cutting them again would keep the same: see _tying)."""
    mentions = place.mentions if cut else _tying(place.mentions, claims)
    return Place(
        _i(place.id),
        _i(place.name),
        _i(place.kind),
        _i(place.parent),
        _f(place.lat),
        _f(place.lon),
        tuple(PlaceMention(_span(m.span), m.metonymic) for m in mentions),
    )


def _tying(mentions: tuple[PlaceMention, ...], claims: tuple[Claim, ...]) -> list[PlaceMention]:
    """The mentions the site's entry for the place draws on, in text order: every metonymic
    one (listed with its sentence), the first plain one (the article names the place), and
    the first and last plain one inside each claim (which claims hold the place, each as the
    last of its mentions names it, in the order of their first)."""
    literal = [m for m in mentions if not m.metonymic]
    keep = {id(literal[0])} if literal else set()
    by_claim: dict[int, list[PlaceMention]] = {}
    for m in literal:
        claim = claim_holding(claims, m.span.start)
        if claim is not None:
            by_claim.setdefault(id(claim), []).append(m)
    for held in by_claim.values():
        keep |= {id(held[0]), id(held[-1])}
    return [m for m in mentions if m.metonymic or id(m) in keep]
