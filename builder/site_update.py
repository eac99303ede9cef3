"""A Site updated for a few edited articles, equal to assembling the whole archive anew.

A preview rebuilds after every save. Assembling 10,000 articles costs seconds; an edit to one
article changes only the entries of the places, sources and dates it mentions (before or
after the edit). update() rebuilds those entries and keeps every other one. When an edit
reaches further (a new title or date moves the article, a place, source or date appears or
disappears, a source's merged description changes, an id check says something new), it
returns None and the caller assembles anew: the result is always what assemble() gives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from builder import urls
from builder.diagnostics import Diagnostic
from builder.model import Annotations, Article, Document
from builder.site import (
    ClaimRef,
    DateEntry,
    DateRef,
    PlaceEntry,
    PlaceRef,
    Site,
    SourceEntry,
    check_ids,
    claim_holding,
    claims_referring,
    merge_source,
    newest_first,
    place_entry,
    unique_articles,
)


def update(
    site: Site,
    diagnostics: tuple[Diagnostic, ...],
    edited: Sequence[tuple[Document, Annotations]],
    gazetteer: Any | None = None,
) -> tuple[Site, tuple[Diagnostic, ...]] | None:
    """`site` (with the diagnostics assemble() gave) after the articles read from the same
    files are replaced by `edited`; None when only assembling anew gives the right result."""
    by_file = {a.document.source_file: a for a in site.articles}
    swaps: dict[int, Article] = {}
    position = {id(a): n for n, a in enumerate(site.articles)}
    for document, annotations in edited:
        old = by_file.get(document.source_file)
        if old is None:
            return None  # a new file: its slug and place in the order are for assemble()
        new = Article(old.slug, document, annotations)
        if not _same_place_in_order(old, new) or check_ids([old]) != check_ids([new]):
            return None
        swaps[position[id(old)]] = new
    olds = [site.articles[n] for n in swaps]
    articles = tuple(swaps.get(n, a) for n, a in enumerate(site.articles))
    changed = [*olds, *swaps.values()]
    by_place = _places(site, articles, changed, gazetteer)
    by_source = _sources(site, articles, changed) if by_place is not None else None
    by_date = _dates(site, articles, changed) if by_source is not None else None
    if by_place is None or by_source is None or by_date is None:
        return None
    return Site(articles, by_place, by_source, by_date), diagnostics


def _same_place_in_order(old: Article, new: Article) -> bool:
    """Whether the edited article keeps its slug (and its warnings) and its place in order."""
    wanted = new.document.meta.slug or new.document.meta.title
    before = old.document.meta.slug or old.document.meta.title
    return (
        new.document.meta.slug == old.document.meta.slug
        and urls.slugify(wanted) == urls.slugify(before)
        and newest_first(new) == newest_first(old)
    )


def _places(
    site: Site, articles: tuple[Article, ...], changed: list[Article], gazetteer: Any | None
) -> tuple[PlaceEntry, ...] | None:
    touched = {p.id for a in changed for p in a.annotations.places if urls.is_safe_id(p.id)}
    entries = {e.place.id: e for e in site.by_place}
    if not touched <= entries.keys():
        return None  # a place new to the archive
    refs: dict[str, list[PlaceRef]] = defaultdict(list)
    first: dict[str, Any] = {}
    for article in articles:
        for place in article.annotations.places:
            if place.id not in touched:
                continue
            first.setdefault(place.id, replace(place, mentions=()))
            for mention in place.mentions:
                claim = claim_holding(article.annotations.claims, mention.span.start)
                refs[place.id].append(PlaceRef(article, mention, claim))
    canonical = {pid: e.place for pid, e in entries.items()}
    for pid in touched:
        old = entries[pid]
        was_mentioned = bool(old.mentions or old.metonymic)
        if pid not in first or first[pid] != old.place or was_mentioned != bool(refs[pid]):
            return None  # gone from the archive, or described anew
        entries[pid] = place_entry(old.place, refs[pid], list(old.children), canonical, gazetteer)
    return tuple(entries[pid] for pid in sorted(entries))


def _source_ids(article: Article) -> set[str]:
    a = article.annotations
    ids = {s.id for s in a.sources}
    ids |= {c.source for c in a.claims if c.source is not None}
    return ids | {v for c in a.claims for v in c.via}


def _sources(
    site: Site, articles: tuple[Article, ...], changed: list[Article]
) -> tuple[SourceEntry, ...] | None:
    touched = set().union(*(_source_ids(a) for a in changed))
    entries = {e.source.id: e for e in site.by_source}
    merged: dict[str, Any] = {}
    for article in sorted(articles, key=lambda a: a.document.source_file):
        for source in article.annotations.sources:
            if source.id in touched and urls.is_safe_id(source.id):
                merged[source.id] = merge_source(merged.get(source.id), source)
    if any((sid in merged) != (sid in entries) for sid in touched):
        return None  # a source new to the archive, or gone from it
    if any(merged[sid] != entries[sid].source for sid in merged):
        return None  # described anew: every page that names it may change
    seen_in: dict[str, list[Article]] = defaultdict(list)
    claims: dict[str, list[ClaimRef]] = defaultdict(list)
    relayed: dict[str, list[ClaimRef]] = defaultdict(list)
    for article in articles:
        a = article.annotations
        for source in a.sources:
            if source.id in merged:
                seen_in[source.id].append(article)
        for claim in a.claims:
            if claim.source in merged:
                claims[claim.source].append(ClaimRef(article, claim))
            for via in dict.fromkeys(claim.via):
                if via in merged:
                    relayed[via].append(ClaimRef(article, claim))
    for sid in merged:
        entries[sid] = SourceEntry(
            merged[sid], unique_articles(seen_in[sid]), tuple(claims[sid]), tuple(relayed[sid])
        )
    return tuple(entries[sid] for sid in sorted(entries))


def _date_keys(article: Article) -> set[str]:
    keys = {m.date for m in article.annotations.dates}
    if article.published is not None:
        keys.add(article.published.isoformat())
    return keys


def _dates(
    site: Site, articles: tuple[Article, ...], changed: list[Article]
) -> tuple[DateEntry, ...] | None:
    touched = set().union(*(_date_keys(a) for a in changed))
    entries = {e.date: e for e in site.by_date}
    published: dict[str, list[Article]] = defaultdict(list)
    mentions: dict[str, list[DateRef]] = defaultdict(list)
    claims: dict[str, list[ClaimRef]] = defaultdict(list)
    for article in articles:
        if not _date_keys(article) & touched:
            continue
        if article.published is not None and article.published.isoformat() in touched:
            published[article.published.isoformat()].append(article)
        for mention in article.annotations.dates:
            if mention.date in touched:
                mentions[mention.date].append(DateRef(article, mention))
        for date, claim in claims_referring(article):
            if date in touched:
                claims[date].append(ClaimRef(article, claim))
    for key in touched:
        exists = key in published or key in mentions
        if exists != (key in entries):
            return None  # a date new to the archive, or gone from it
        if exists:
            entries[key] = DateEntry(
                key, tuple(published[key]), tuple(mentions[key]), tuple(claims[key])
            )
    return tuple(entries[k] for k in sorted(entries))
