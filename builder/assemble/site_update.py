"""A Site updated for a few edited articles, equal to assembling the whole archive anew.

A preview rebuilds after every save. Assembling 10,000 articles costs seconds; an edit to one
article changes only the entries of the places, sources and dates it mentions, and in each of
them only that article's part. update() splices the edited article's references into those
entries (every list in an entry follows the site's article order) and keeps every other
entry as the same object. When an edit reaches further (a new title or date moves the
article, the article gains or loses a place, a source or a date, or describes one
differently, an id check says something new), it returns None and the caller assembles
anew: the result is always what assemble() gives.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from builder import urls
from builder.diagnostics import Diagnostic
from builder.model import Annotations, Article, Document, Source
from builder.assemble.site import (
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
    keep_ids,
    merge_source,
    newest_first,
    unique_claims,
)

T = TypeVar("T")


def update(
    site: Site,
    diagnostics: tuple[Diagnostic, ...],
    edited: Sequence[tuple[Document, Annotations]],
) -> tuple[Site, tuple[Diagnostic, ...]] | None:
    """`site` (with the diagnostics assemble() gave) after the articles read from the same
    files are replaced by `edited`; None when only assembling anew gives the right result
    (the entries spliced keep their gazetteer-made parts: children, nearby, group)."""
    tables = _tables(site)
    _last.clear()  # the tables change below: kept again only with the Site they describe
    by_file, rank, places, sources, dates, orphans = tables
    articles = list(site.articles)
    orphans.articles = articles  # counted (if ever) from the articles as the edits leave them
    renamed = False
    for document, annotated in edited:
        old = by_file.get(document.source_file)
        if old is None:
            return None  # a new file: its slug and place in the order are for assemble()
        new = Article(old.slug, document, annotated)
        if not _same_frame(old, new):
            return None
        n = rank.pop(id(old))
        rank[id(new)] = n
        by_file[document.source_file] = new
        articles[n] = new
        splice = _Splice(old, new, n, rank)
        if not (_places(splice, places) and _dates(splice, dates)):
            return None
        orphans.swap(old, new)
        named = _sources(splice, sources, orphans)
        if named is None:
            return None
        renamed = renamed or named
    if renamed:  # a source's entry came or went: the table is kept in the order of its keys
        ordered = sorted(sources.items())
        sources.clear()
        sources.update(ordered)
    updated = Site(
        tuple(articles),
        # The dicts hold the site's entries in its order (sorted by key); places and dates
        # are only replaced, never added, so that order holds without sorting again.
        tuple(places.values()),
        tuple(sources.values()),
        tuple(dates.values()),
    )
    _last[:] = [(updated, tables)]
    # Entries were replaced, and none added or removed but a source's.
    keep_ids(site, updated, ("place", "day") if renamed else ("place", "day", "source"))
    return updated, diagnostics


# The tables update() looks a Site up by, and spliced (articles by file, positions by the
# article's id, entries by key): kept with the Site they describe, so that a preview's next
# edit, which updates that Site, does not build them from every article and entry again.
class _Orphans:
    """How many claims of the archive name each source id (as their source or as an outlet
    relaying them) that their own article does not list among its sources: made only when
    an entry comes or goes (a look at every claim), then kept up to date by each edit."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = articles
        self.counts: Counter[str] | None = None

    def swap(self, old: Article, new: Article) -> None:
        if self.counts is not None:
            self.counts.subtract(_orphan_ids(old))
            self.counts.update(_orphan_ids(new))

    def others(self, sid: str, article: Article) -> bool:
        """Whether an article besides `article` has a claim naming `sid` without listing it:
        its pages would show the source's entry come or go."""
        if self.counts is None:  # the site's articles as they are now, `article` among them
            counts: Counter[str] = Counter()
            for a in self.articles:
                counts.update(_orphan_ids(a))
            self.counts = counts
        return self.counts[sid] - _orphan_ids(article)[sid] > 0


def _orphan_ids(article: Article) -> Counter[str]:
    a = article.annotations
    own = {s.id for s in a.sources}
    found: Counter[str] = Counter()
    for claim in a.claims:
        if claim.source is not None and claim.source not in own:
            found[claim.source] += 1
        found.update(v for v in dict.fromkeys(claim.via) if v not in own)
    return found


_Tables = tuple[
    dict[str, Article],
    dict[int, int],
    dict[str, PlaceEntry],
    dict[str, SourceEntry],
    dict[str, DateEntry],
    _Orphans,
]
_last: list[tuple[Site, _Tables]] = []


def _tables(site: Site) -> _Tables:
    if _last and _last[0][0] is site:
        return _last[0][1]
    return (
        {a.document.source_file: a for a in site.articles},
        {id(a): n for n, a in enumerate(site.articles)},
        {e.place.id: e for e in site.by_place},
        {e.source.id: e for e in site.by_source},
        {e.date: e for e in site.by_date},
        _Orphans(site.articles),
    )


def _same_frame(old: Article, new: Article) -> bool:
    """Whether the edit keeps the article's slug and warnings, its place in the site's order,
    and the sources it names with how it describes them (a source's record is folded from
    every article that names it)."""
    wanted = new.document.meta.slug or new.document.meta.title
    before = old.document.meta.slug or old.document.meta.title
    return (
        new.document.meta.slug == old.document.meta.slug
        and urls.slugify(wanted) == urls.slugify(before)
        and newest_first(new) == newest_first(old)
        and check_ids([old]) == check_ids([new])
    )


def _described_places(article: Article) -> dict[str, Any]:
    """The article's places by id as the site's canonical records take them (no mentions)."""
    found: dict[str, Any] = {}
    for place in article.annotations.places:
        if urls.is_safe_id(place.id):
            found.setdefault(place.id, replace(place, mentions=()))
    return found


def _described_source(article: Article, sid: str) -> list[Source]:
    """The article's records of source `sid` in order, as the site's merged record of it
    is folded from them."""
    return [replace(s, mentions=()) for s in article.annotations.sources if s.id == sid]


def _merged_source(articles: Iterable[Article], sid: str) -> Source | None:
    """The site's record of source `sid`, folded from the articles that list it in
    source-file order (as site.assemble() folds it)."""
    merged: Source | None = None
    for article in sorted(articles, key=lambda a: a.document.source_file):
        for source in article.annotations.sources:
            if source.id == sid:
                merged = merge_source(merged, source)
    return merged


def _date_keys(article: Article) -> set[str]:
    keys = {m.date for m in article.annotations.dates}
    if article.published is not None:
        keys.add(article.published.isoformat())
    return keys


class _Splice:
    """Replaces one article's references by another's in lists kept in the site's order."""

    def __init__(self, old: Article, new: Article, position: int, rank: dict[int, int]):
        self.old, self.new, self.position, self.rank = old, new, position, rank

    def refs(
        self, kept: Sequence[T], fresh: Iterable[T], article: Callable[[T], Article]
    ) -> tuple[T, ...]:
        """`kept` without the old article's items, with `fresh` (the new one's) in its place.
        `kept` follows the site's order, so the old article's items are one run, found by
        bisection: the cost is a copy of `kept`, not a look at each of its items."""
        old, position, rank = self.old, self.position, self.rank

        def order(x: T) -> int:
            a = article(x)
            return position if a is old else rank[id(a)]

        start = bisect.bisect_left(kept, position, key=order)
        end = bisect.bisect_right(kept, position, key=order)
        return (*kept[:start], *fresh, *kept[end:])

    def articles(self, kept: Sequence[Article], present: bool) -> tuple[Article, ...]:
        return self.refs(kept, (self.new,) if present else (), lambda a: a)


def _places(s: _Splice, entries: dict[str, PlaceEntry]) -> bool:
    """Splice the article into the entries of the places it names, before or after the edit;
    False when an entry would appear, vanish, or be described by another record."""
    a = s.new.annotations
    before, after = _described_places(s.old), _described_places(s.new)
    for pid in before.keys() | after.keys():
        entry = entries.get(pid)
        if entry is None or entry.place != (after.get(pid) or before[pid]):
            return False
        refs = [
            PlaceRef(s.new, mention, claim_holding(a.claims, mention.span.start))
            for place in a.places
            if place.id == pid
            for mention in place.mentions
        ]
        literal = [r for r in refs if not r.mention.metonymic]
        claims = unique_claims(ClaimRef(r.article, r.claim) for r in literal if r.claim)
        entry = entries[pid] = replace(
            entry,
            articles=s.articles(entry.articles, bool(refs)),
            mentions=s.refs(entry.mentions, literal, _article),
            metonymic=s.refs(entry.metonymic, [r for r in refs if r.mention.metonymic], _article),
            claims=s.refs(entry.claims, claims, _article),
        )
        if not entry.articles and pid not in after:
            return False  # its last article no longer names it: the entry may go
    return True


def _sources(s: _Splice, entries: dict[str, SourceEntry], orphans: _Orphans) -> bool | None:
    """Splice the article into the entries of the sources it names, before or after the
    edit: an entry comes when the article is the first to list a source, and goes when it
    was the last. Whether an entry came or went; None when the edit reaches other pages: a
    source's merged record changes (every page showing its claims shows it), or an entry
    comes or goes for a source other articles' claims name without listing it."""
    a = s.new.annotations
    old = s.old.annotations
    touched = {x.id for x in (*a.sources, *old.sources)}
    touched |= {c.source for c in (*a.claims, *old.claims) if c.source is not None}
    touched |= {v for c in (*a.claims, *old.claims) for v in c.via}
    renamed = False
    record: Source | None
    for sid in sorted(touched):
        entry = entries.get(sid)
        listed = any(x.id == sid for x in a.sources)
        if entry is None and not (listed and urls.is_safe_id(sid)):
            continue  # no article lists it among its sources: it has no entry
        if entry is not None and _described_source(s.old, sid) == _described_source(s.new, sid):
            record = entry.source
        else:
            articles = s.articles(entry.articles, listed) if entry is not None else (s.new,)
            record = _merged_source(articles, sid) if articles else None
            if entry is not None and record is not None and record != entry.source:
                return None
        if (entry is None or record is None) and orphans.others(sid, s.new):
            return None
        if record is None:  # its last article no longer lists it
            del entries[sid]
            renamed = True
            continue
        claims = [ClaimRef(s.new, c) for c in a.claims if c.source == sid]
        relayed = [ClaimRef(s.new, c) for c in a.claims if sid in c.via]
        if entry is None:
            entries[sid] = SourceEntry(record, (s.new,), tuple(claims), tuple(relayed))
            renamed = True
            continue
        entries[sid] = replace(
            entry,
            articles=s.articles(entry.articles, listed),
            claims=s.refs(entry.claims, claims, _article),
            relayed=s.refs(entry.relayed, relayed, _article),
        )
    return renamed


def _dates(s: _Splice, entries: dict[str, DateEntry]) -> bool:
    """Splice the article into the entries of its dates, before or after the edit; False
    when an entry would appear or vanish."""
    a = s.new.annotations
    published = s.new.published.isoformat() if s.new.published else None
    referring = claims_referring(s.new)
    for key in _date_keys(s.old) | _date_keys(s.new):
        entry = entries.get(key)
        if entry is None:
            return False
        mentions = [DateRef(s.new, m) for m in a.dates if m.date == key]
        claims = [ClaimRef(s.new, c) for date, c in referring if date == key]
        entry = entries[key] = replace(
            entry,
            published=s.articles(entry.published, key == published),
            mentions=s.refs(entry.mentions, mentions, _article),
            claims=s.refs(entry.claims, claims, _article),
        )
        if not entry.published and not entry.mentions:
            return False
    return True


def _article(ref: PlaceRef | ClaimRef | DateRef) -> Article:
    return ref.article
