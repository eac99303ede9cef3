"""Listings: each growing listing's pages and the per-article summaries they are made of."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from typing import Any

from builder import urls
from builder.assemble.site import (
    ClaimRef,
    DateEntry,
    DateRef,
    PlaceEntry,
    PlaceRef,
    Site,
    SourceEntry,
)
from builder.model import Article, Source
from builder.render.highlight import Known
from builder.render.views.paging import PAGE_ARTICLES, paginate, split
from builder.render.views.rows import (
    ArticleLink,
    ArticleRow,
    article_link,
    article_row,
    claim_row,
    mention_row,
)

PERIOD_INLINE = 5  # mentions of a whole month or year shown beside the dates index's calendar


class Listings:
    """How each growing listing of a site is cut into pages, and the small per-article
    summaries (link, counts) listing pages are built from, made once per article and build
    rather than once per page that lists the article.

    A listing's units are the articles it draws on, in the site's order (newest first); each
    method returns its pages as tuples of article slugs. cut() and split() are told which
    listing they work on (its kind and key, and its entry), so that a subclass can keep
    them from one build to the next (render.KeptListings).
    """

    def __init__(self, site: Site) -> None:
        self.site = site
        self.rank = {a.slug: i for i, a in enumerate(site.articles)}
        self.places_known = frozenset(e.place.id for e in site.by_place)
        self._links: dict[str, ArticleLink] = {}
        self._rows: dict[str, ArticleRow] = {}

    def link(self, article: Article) -> ArticleLink:
        found = self._links.get(article.slug)
        if found is None:
            found = self._links[article.slug] = article_link(article)
        return found

    def row(self, article: Article) -> ArticleRow:
        found = self._rows.get(article.slug)
        if found is None:
            found = self._rows[article.slug] = article_row(
                article, self.places_known, self.link(article)
            )
        return found

    def shown(
        self, item: object, sources: dict[str, Source], known: Known, rows: bool = False
    ) -> object:
        """What a listing page shows of one of its items, made afresh (not the row kept for
        its slug: `item` may be an article of the last build): an article's link (with
        `rows`, as on the home page: its row, link and counts), a claim's row with its
        article's link, a mention's row; None for anything else."""
        if isinstance(item, Article) and rows:
            return article_row(item, self.places_known, article_link(item))
        if isinstance(item, Article):
            return article_link(item)
        if isinstance(item, ClaimRef):
            return claim_row(item, sources, known), article_link(item.article)
        if isinstance(item, (PlaceRef, DateRef)):
            return mention_row(item)
        return None

    def units(
        self, articles: Iterable[Article], rows: Sequence[Sequence[Ref]]
    ) -> tuple[list[str], list[int]]:
        """A listing's units (the slugs of `articles` and of the articles the rows are in,
        in the site's order) and each one's weight (its rows)."""
        weights = Counter(map(ref_slug, itertools.chain.from_iterable(rows)))
        units = sorted({a.slug for a in articles}.union(weights), key=self.rank.__getitem__)
        return units, [weights[u] for u in units]

    def cut(
        self,
        kind: str,
        key: str,
        entry: object,
        articles: Sequence[Article],
        rows: Sequence[Sequence[Ref]],
    ) -> tuple[tuple[str, ...], ...]:
        """The pages of the listing `kind`/`key` (made from `entry`)."""
        units, weights = self.units(articles, rows)
        return paginate(range(len(units)), weights.__getitem__, units)

    def split(
        self,
        kind: str,
        key: str,
        entry: object,
        pages: Sequence[Sequence[str]],
        *groups: tuple[Sequence[Any], Callable[[Any], str]],
    ) -> list[list[tuple[Any, ...]]]:
        """Each group's items (with the slug of each one's article) bucketed by page."""
        return [split(pages, items, slug, self.rank) for items, slug in groups]

    def head(self, kind: str, key: str, head: tuple[object, ...]) -> None:
        """Told what every page of listing `kind`/`key` shows of it (LazyView.parts' head)."""

    def skipped(self, kind: str, key: str) -> Container[int]:
        """The pages (0-based) of listing `kind`/`key` the caller took as the last build made
        them, for which lazy_pages() yields no LazyView: none here (see render.KeptListings)."""
        return ()

    def home(self) -> tuple[tuple[str, ...], ...]:
        """Every article, PAGE_ARTICLES a page (paginate() without weights)."""
        slugs = [a.slug for a in self.site.articles]
        step = PAGE_ARTICLES
        return tuple(tuple(slugs[i : i + step]) for i in range(0, len(slugs), step)) or ((),)

    def claims(self) -> int:
        """How many claims the archive's articles make."""
        return sum(len(a.annotations.claims) for a in self.site.articles)

    def place(self, entry: PlaceEntry) -> tuple[tuple[str, ...], ...]:
        rows = (entry.claims, entry.metonymic)
        return self.cut("place", entry.place.id, entry, entry.articles, rows)

    def source(self, entry: SourceEntry) -> tuple[tuple[str, ...], ...]:
        return self.cut("source", entry.source.id, entry, (), (entry.claims, entry.relayed))

    def day(self, entry: DateEntry) -> tuple[tuple[str, ...], ...]:
        return self.cut("day", entry.date, entry, entry.published, (entry.claims, entry.mentions))

    def period(self, entry: DateEntry) -> tuple[tuple[str, ...], ...]:
        return self.cut("period", entry.date, entry, (), (entry.mentions,))

    def periods(self) -> tuple[DateEntry, ...]:
        """Months and years named as a whole more often than the dates index shows: each
        has pages of its own with all its mentions."""
        return tuple(e for e in self.site.by_date if has_period_pages(e))

    def page_urls(self) -> Iterator[tuple[str, int]]:
        """(first page's site URL, number of pages) of every listing, in a stable order."""
        yield urls.HOME, len(self.home())
        for p in self.site.by_place:
            yield urls.place(p.place.id), len(self.place(p))
        for s in self.site.by_source:
            yield urls.source(s.source.id), len(self.source(s))
        for d in self.site.by_date:
            if d.is_day:
                yield urls.date(d.date), len(self.day(d))
        for d in self.periods():
            yield urls.period(d.date), len(self.period(d))


Ref = ClaimRef | PlaceRef | DateRef


def has_period_pages(entry: DateEntry) -> bool:
    return len(entry.date) in (4, 7) and len(entry.mentions) > PERIOD_INLINE


def ref_slug(ref: ClaimRef | PlaceRef | DateRef) -> str:
    return ref.article.slug


def article_slug(article: Article) -> str:
    return article.slug
