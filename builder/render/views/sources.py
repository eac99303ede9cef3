"""Source pages and the sources index."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from builder import urls
from builder.assemble.site import (
    Site,
    SourceEntry,
)
from builder.model import Source
from builder.render.highlight import Known, affiliation_class
from builder.render.views.listings import Listings, ref_slug
from builder.render.views.paging import LazyView, Pagination, lazy_pages, pagination
from builder.render.views.rows import ClaimGroup, claim_groups


@dataclass(frozen=True, slots=True)
class SourceRow:
    name: str
    url: str
    kind: str
    claims: int
    articles: int


@dataclass(frozen=True, slots=True)
class SourceGroupView:
    name: str
    anchor: str
    css: str
    sources: tuple[SourceRow, ...]


@dataclass(frozen=True, slots=True)
class SourcesIndexView:
    groups: tuple[SourceGroupView, ...]


def sources_index_view(site: Site) -> SourcesIndexView:
    """Grouped by affiliation (alphabetical, "unknown" last); sources by name within."""
    groups: dict[str, list[SourceRow]] = {}
    for entry in site.by_source:
        s = entry.source
        groups.setdefault(s.affiliation or "unknown", []).append(
            SourceRow(s.name, urls.source(s.id), s.kind, len(entry.claims), len(entry.articles))
        )
    names = sorted(groups, key=lambda n: (n.casefold() == "unknown", n.casefold()))
    return SourcesIndexView(
        tuple(
            SourceGroupView(
                n,
                "g-" + urls.slugify(n, "unknown"),
                affiliation_class(n),
                tuple(sorted(groups[n], key=lambda r: (r.name.casefold(), r.url))),
            )
            for n in names
        )
    )


@dataclass(frozen=True, slots=True)
class SourceView:
    name: str
    kind: str
    affiliation: str
    css: str
    aliases: tuple[str, ...]
    registered: bool
    claims: tuple[ClaimGroup, ...]
    relayed: tuple[ClaimGroup, ...]
    claim_count: int  # the whole archive's, on page 1 only (0 on later pages)
    relayed_count: int = 0  # likewise
    claimed: bool = False  # whether any page lists a claim of its own
    pagination: Pagination | None = None


def source_pages(
    entry: SourceEntry, sources: dict[str, Source], known: Known, listings: Listings
) -> Iterator[LazyView]:
    """A source's pages: each holds the claims it made or relayed in some of the articles,
    newest first; the counts are the whole archive's, shown on page 1 only (as the home
    page's), so a later page's view does not carry them.
    Each view is built only when asked for (LazyView.make)."""
    s = entry.source
    pages = listings.source(entry)
    claims, relayed = listings.split(
        "source", s.id, entry, pages, (entry.claims, ref_slug), (entry.relayed, ref_slug)
    )
    head = (s, bool(entry.claims))
    listings.head("source", s.id, head)
    totals = (len(entry.claims), len(entry.relayed))

    def make(k: int) -> SourceView:
        return SourceView(
            name=s.name,
            kind=s.kind,
            affiliation=s.affiliation,
            css=affiliation_class(s.affiliation),
            aliases=s.aliases,
            registered=s.registered,
            claims=claim_groups(claims[k], sources, known, listings.link),
            relayed=claim_groups(relayed[k], sources, known, listings.link),
            claim_count=totals[0] if k == 0 else 0,
            relayed_count=totals[1] if k == 0 else 0,
            claimed=bool(entry.claims),
            pagination=pagination(urls.source(s.id), pages, k + 1),
        )

    skipped = functools.partial(listings.skipped, "source", s.id)
    return lazy_pages(pages, head, (claims, relayed), make, totals, skipped)
