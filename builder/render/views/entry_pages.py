"""The pages of an entry that lists articles, claims and mentions (a place's, a day's)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from builder.model import Article, Source
from builder.render.highlight import Known
from builder.render.views.listings import Listings, article_slug, ref_slug
from builder.render.views.paging import LazyView, lazy_pages
from builder.render.views.rows import (
    ArticleLink,
    ClaimGroup,
    MentionRow,
    claim_groups,
    mention_row,
)


@dataclass(frozen=True, slots=True)
class PageItems:
    """One page's share of the entry's articles, claims (grouped by article) and mentions."""

    articles: tuple[ArticleLink, ...]
    claims: tuple[ClaimGroup, ...]
    mentions: tuple[MentionRow, ...]


def entry_pages(
    listings: Listings,
    name: tuple[str, str],
    entry: object,
    pages: Sequence[Sequence[str]],
    items: tuple[Sequence[Article], Sequence[Any], Sequence[Any]],
    head: tuple[object, ...],
    sources: dict[str, Source],
    known: Known,
    make: Callable[[int, PageItems], Any],
) -> Iterator[LazyView]:
    """Listing `name` (kind, key) of `entry`: its articles, claim refs and mention refs
    (`items`) bucketed by page, every page showing `head`; make(k, items of page k) builds
    page k's view, only when asked for (LazyView.make)."""
    kind, key = name
    articles, claims, mentions = listings.split(
        kind,
        key,
        entry,
        pages,
        (items[0], article_slug),
        (items[1], ref_slug),
        (items[2], ref_slug),
    )
    listings.head(kind, key, head)

    def page(k: int) -> Any:
        return make(k, PageItems(
            tuple(listings.link(a) for a in articles[k]),
            claim_groups(claims[k], sources, known, listings.link),
            tuple(mention_row(r, listings.link) for r in mentions[k]),
        ))

    skipped = functools.partial(listings.skipped, kind, key)
    return lazy_pages(pages, head, (articles, claims, mentions), page, skipped=skipped)
