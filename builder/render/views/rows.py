"""The small rows many pages list: article links and lines, claim rows and mentions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from builder import urls
from builder.assemble.site import (
    ClaimRef,
    DateRef,
    PlaceRef,
)
from builder.model import Article, Claim, Source
from builder.render.highlight import Known, affiliation_class, relay_names
from builder.render.views.formatting import date_words, excerpt, sentence_around

T = TypeVar("T")


def plain_repr(cls: type[T]) -> type[T]:
    """A dataclass whose repr is the one dataclasses writes, without the guard against a
    view holding itself that wraps it (reprlib.recursive_repr: a set and a thread id per
    call): views are trees, and the rows are most of what page_digest() spells out (the
    same text: the digests do not change)."""
    plain = getattr(cls.__repr__, "__wrapped__", None)  # functools.wraps names it
    if plain is not None:
        cls.__repr__ = plain  # type: ignore[method-assign]
    return cls


@plain_repr
@dataclass(frozen=True, slots=True)
class DateLabel:
    """A date as shown: ISO value, words, and whether it was inferred (and why)."""

    iso: str
    text: str
    url: str
    inferred: bool = False
    reason: str = ""


@plain_repr
@dataclass(frozen=True, slots=True)
class ArticleLink:
    title: str
    url: str
    date: DateLabel | None
    outlet: str


@plain_repr
@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of the home page."""

    link: ArticleLink
    claims: int
    sources: int
    places: int
    place_ids: tuple[str, ...] = ()  # places with pages, for narrowing the list by place
    month: str = ""  # YYYY-MM of publication, "" when undated


@plain_repr
@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim listed away from its article: excerpt, kind, source, link to its place."""

    id: str
    text: str
    kind: str
    url: str
    source: str
    source_url: str
    css: str
    via: tuple[NamedLink, ...] = ()  # who relayed it ("via TASS"), each linked when it has a page


@plain_repr
@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """The claims of one article, under its link."""

    article: ArticleLink
    claims: tuple[ClaimRow, ...]


@plain_repr
@dataclass(frozen=True, slots=True)
class MentionRow:
    """An expression in an article (a metonymic place, a month), with its sentence."""

    text: str
    context: str
    article: ArticleLink
    url: str


@dataclass(frozen=True, slots=True)
class FilterOption:
    """One choice of a client-side filter: its value, what it reads, how many items it keeps."""

    key: str
    label: str
    count: int
    css: str = ""


@plain_repr
@dataclass(frozen=True, slots=True)
class NamedLink:
    name: str
    url: str
    note: str = ""


def published_label(article: Article) -> DateLabel | None:
    day = article.published
    if day is None:
        return None
    pub = article.annotations.published
    inferred = bool(pub and pub.inferred)
    return DateLabel(
        day.isoformat(),
        date_words(day.isoformat()),
        urls.date(day.isoformat()),
        inferred,
        pub.reason if pub and inferred else "",
    )


def article_link(article: Article) -> ArticleLink:
    return ArticleLink(
        article.meta.title,
        urls.article(article.slug),
        published_label(article),
        article.meta.outlet or "",
    )


def article_row(article: Article, places_known: frozenset[str], link: ArticleLink) -> ArticleRow:
    """An article's line on the home page (`places_known`: the places with pages)."""
    a = article.annotations
    return ArticleRow(
        link,
        len(a.claims),
        len(a.sources),
        len(a.places),
        tuple(sorted({p.id for p in a.places if p.id in places_known})),
        article.published.isoformat()[:7] if article.published else "",
    )


def claim_row(ref: ClaimRef, sources: dict[str, Source], known: Known) -> ClaimRow:
    claim = ref.claim
    source = sources.get(claim.source or "")
    return ClaimRow(
        id=claim.id,
        text=excerpt(claim.span.text),
        kind=claim.kind,
        url=f"{urls.article(ref.article.slug)}#claim-{claim.id}",
        source=_source_name(claim, source),
        source_url=urls.source(claim.source) if claim.source in known.sources else "",
        css=affiliation_class(source.affiliation) if source else "aff-none",
        via=tuple(
            NamedLink(name, urls.source(v) if v in known.sources else "")
            for v, name in relay_names(claim, sources)
        ),
    )


def _source_name(claim: Claim, source: Source | None) -> str:
    if source is not None:
        return source.name
    return claim.source or "unattributed"


def claim_groups(
    refs: Iterable[ClaimRef],
    sources: dict[str, Source],
    known: Known,
    link: Callable[[Article], ArticleLink] = article_link,
) -> tuple[ClaimGroup, ...]:
    """Claims grouped by article, in the order the refs come (the site's, newest first)."""
    groups: dict[str, tuple[Article, list[ClaimRow]]] = {}
    for ref in refs:
        groups.setdefault(ref.article.slug, (ref.article, []))[1].append(
            claim_row(ref, sources, known)
        )
    return tuple(ClaimGroup(link(a), tuple(rows)) for a, rows in groups.values())


def mention_row(
    ref: PlaceRef | DateRef, link: Callable[[Article], ArticleLink] = article_link
) -> MentionRow:
    """An expression with the sentence around it (cut from the article's plain text)."""
    span = ref.mention.span
    return MentionRow(
        span.text,
        sentence_around(ref.article.document.text, span.start, span.end),
        link(ref.article),
        urls.article(ref.article.slug),
    )
