"""The home page: every article, newest first, page by page, with its filters."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from builder import urls
from builder.assemble.site import Site
from builder.model import Article
from builder.render.views.formatting import date_words
from builder.render.views.listings import Listings
from builder.render.views.paging import LazyView, Pagination, page_parts, pagination
from builder.render.views.rows import ArticleRow, FilterOption


@dataclass(frozen=True, slots=True)
class IndexView:
    """One page of the home page's article list; the counts are the whole archive's."""

    rows: tuple[ArticleRow, ...]
    claims: int
    places: int
    sources: int
    outlets: tuple[FilterOption, ...] = ()  # choices for narrowing this page's list in the browser
    place_options: tuple[FilterOption, ...] = ()
    months: tuple[FilterOption, ...] = ()
    articles: int = 0
    pagination: Pagination | None = None


def index_pages(site: Site, listings: Listings) -> Iterator[LazyView]:
    """The home page's pages, each with the filter choices its own rows offer.
    Each view is built only when asked for (LazyView.make)."""
    names = {e.place.id: e.place.name for e in site.by_place}
    claims = listings.claims()
    pages = listings.home()
    totals = (claims, len(site.by_place), len(site.by_source), len(site.articles))
    total, before = sum(len(p) for p in pages), 0
    skip = listings.skipped("home", "")
    for number, page in enumerate(pages, 1):
        if number - 1 in skip:
            before += len(page)
            continue
        articles = site.articles[before : before + len(page)]  # the home page lists them all
        make = functools.partial(
            _index_view, articles, site, listings, names, claims, pages, number
        )
        shown = totals if number == 1 else totals[-1:]  # later pages count the articles only
        parts = (*shown, *page_parts(len(pages), number - 1, before, len(page), total), articles)
        before += len(page)
        yield LazyView(number, len(pages), parts, make)


def _index_view(
    articles: Sequence[Article],
    site: Site,
    listings: Listings,
    names: dict[str, str],
    claims: int,
    pages: tuple[tuple[str, ...], ...],
    number: int,
) -> IndexView:
    rows = tuple(listings.row(a) for a in articles)
    first = number == 1  # later pages show the count of articles, not the other totals
    return IndexView(
        rows,
        claims if first else 0,
        len(site.by_place) if first else 0,
        len(site.by_source) if first else 0,
        outlets=_options(r.link.outlet for r in rows if r.link.outlet),
        place_options=_options((p for r in rows for p in r.place_ids), names),
        months=tuple(
            sorted(
                _options((r.month for r in rows if r.month), None, date_words),
                key=lambda o: o.key,
                reverse=True,
            )
        ),
        articles=len(site.articles),
        pagination=pagination(urls.HOME, pages, number),
    )


def _options(
    keys: Iterable[str],
    names: dict[str, str] | None = None,
    label: Callable[[str], str] | None = None,
) -> tuple[FilterOption, ...]:
    """Each distinct key with how often it occurs, sorted by its label."""
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1

    def shown(key: str) -> str:
        return label(key) if label else (names or {}).get(key, key)

    options = (FilterOption(k, shown(k), n) for k, n in counts.items())
    return tuple(sorted(options, key=lambda o: (o.label.casefold(), o.key)))
