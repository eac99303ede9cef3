"""Place pages and the places index."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from builder import urls
from builder.assemble.site import (
    PlaceEntry,
    Site,
)
from builder.model import Source
from builder.render.highlight import Known
from builder.render.views.entry_pages import PageItems, entry_pages
from builder.render.views.listings import Listings
from builder.render.views.paging import LazyView, Pagination, pagination
from builder.render.views.rows import ArticleLink, ClaimGroup, MentionRow, NamedLink


@dataclass(frozen=True, slots=True)
class PlaceRow:
    name: str
    url: str
    kind: str
    articles: int


@dataclass(frozen=True, slots=True)
class PlaceGroupView:
    name: str
    anchor: str
    places: tuple[PlaceRow, ...]


@dataclass(frozen=True, slots=True)
class PlacesIndexView:
    groups: tuple[PlaceGroupView, ...]


def places_index_view(site: Site) -> PlacesIndexView:
    """Oblasts first (alphabetical), then countries' places, "Countries", "Other places"."""
    groups: dict[str, list[PlaceRow]] = {}
    for entry in site.by_place:
        p = entry.place
        groups.setdefault(entry.group, []).append(
            PlaceRow(p.name, urls.place(p.id), p.kind, len(entry.articles))
        )
    oblasts = {e.place.name for e in site.by_place if e.place.kind == "oblast"}

    def order(name: str) -> tuple[int, str]:
        rank = (
            0
            if name in oblasts
            else 2
            if name == "Countries"
            else 3
            if name == "Other places"
            else 1
        )
        return rank, name

    return PlacesIndexView(
        tuple(
            PlaceGroupView(
                name,
                "g-" + urls.slugify(name, "places"),
                tuple(sorted(groups[name], key=lambda r: (r.name.casefold(), r.url))),
            )
            for name in sorted(groups, key=order)
        )
    )


@dataclass(frozen=True, slots=True)
class PlaceView:
    name: str
    kind: str
    parent: NamedLink | None
    lat: float | None
    lon: float | None
    children: tuple[NamedLink, ...]
    nearby: tuple[NamedLink, ...]
    articles: tuple[ArticleLink, ...]
    claims: tuple[ClaimGroup, ...]
    metonymic: tuple[MentionRow, ...]
    pagination: Pagination | None = None


def place_pages(
    entry: PlaceEntry,
    site_places: dict[str, PlaceEntry],
    sources: dict[str, Source],
    known: Known,
    listings: Listings,
) -> Iterator[LazyView]:
    """A place's pages: each holds some of the articles that name it, newest first, with the
    claims and metonymic mentions in those articles.
    Each view is built only when asked for (LazyView.make)."""
    p = entry.place
    pages = listings.place(entry)

    def make(k: int, items: PageItems) -> PlaceView:
        return PlaceView(
            name=p.name,
            kind=p.kind,
            parent=_place_link(p.parent, site_places) if p.parent else None,
            lat=p.lat,
            lon=p.lon,
            children=tuple(_place_link(i, site_places) for i in entry.children),
            nearby=tuple(_place_link(i, site_places) for i in entry.nearby),
            articles=items.articles,
            claims=items.claims,
            metonymic=items.mentions,
            pagination=pagination(urls.place(p.id), pages, k + 1),
        )

    head = (p, entry.children, entry.nearby)
    items = (entry.articles, entry.claims, entry.metonymic)
    return entry_pages(listings, ("place", p.id), entry, pages, items, head, sources, known, make)


def _place_link(place_id: str, site_places: dict[str, PlaceEntry]) -> NamedLink:
    entry = site_places.get(place_id)
    if entry is None:
        return NamedLink(place_id, "")
    return NamedLink(entry.place.name, urls.place(place_id), entry.place.kind)
