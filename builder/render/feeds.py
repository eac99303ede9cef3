"""The Atom feed, sitemap.xml and robots.txt: absolute URLs from base_url, dates from articles.

No clock: the feed's `updated` is the newest article's date, so two builds are identical.
Feed and sitemap need an absolute base_url ("https://user.github.io/repo/") to be valid; with
"/" they still hold root-relative URLs, and feed ids fall back to name-based UUIDs.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from builder import urls
from builder.assemble.site import DateEntry, PlaceEntry, Site, SourceEntry
from builder.model import Article, SiteConfig
from builder.render import views
from builder.render.xml_text import escape, quoteattr

FEED_ENTRIES = 50
EPOCH = "1970-01-01T00:00:00Z"


def files(
    site: Site, config: SiteConfig, listings: views.Listings | None = None
) -> dict[str, bytes]:
    """The feed, sitemap and robots.txt; `listings`: the site's, if the caller has them
    (how each listing is cut into pages, which the sitemap counts)."""
    return {
        urls.FEED: atom_feed(site, config).encode("utf-8"),
        urls.SITEMAP: sitemap(site, config, listings).encode("utf-8"),
        urls.ROBOTS: robots(config).encode("utf-8"),
    }


def _timestamp(article: Article, fallback: str = EPOCH) -> str:
    day = article.published
    return f"{day.isoformat()}T00:00:00Z" if day else fallback


def atom_feed(site: Site, config: SiteConfig) -> str:
    """The newest FEED_ENTRIES articles; an undated one is stamped with the feed's own date.

    Undated articles are still news to a subscriber, so they are listed (after the dated ones);
    Atom needs an `updated` on every entry, and the feed's date is the only one that is
    deterministic and not later than anything in the archive.
    """
    entries_of = site.articles[:FEED_ENTRIES]
    base = config.base_url
    newest = next((a for a in site.articles if a.published is not None), None)
    updated = _timestamp(newest) if newest is not None else EPOCH
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <id>{escape(urls.stable_id(urls.HOME, base))}</id>",
        f"  <title>{escape(config.title)}</title>",
        f"  <subtitle>{escape(config.description)}</subtitle>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" href={quoteattr(urls.absolute(urls.FEED, base))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(urls.absolute("", base))}/>',
        f"  <author><name>{escape(config.author or config.title)}</name></author>",
        "  <generator>newsarchive-builder</generator>",
    ]
    entries = [line for a in entries_of for line in _entry(a, base, updated)]
    return "\n".join([*head, *entries, "</feed>", ""])


def _entry(article: Article, base: str, feed_updated: str) -> Iterator[str]:
    url = urls.article(article.slug)
    a = article.annotations
    summary = article.meta.description or (
        f"{_count(len(a.claims), 'claim')} from {_count(len(a.sources), 'source')}; "
        f"{_count(len(a.places), 'place')}."
    )
    yield "  <entry>"
    yield f"    <id>{escape(urls.stable_id(url, base))}</id>"
    yield f"    <title>{escape(article.meta.title)}</title>"
    yield f'    <link rel="alternate" type="text/html" href={quoteattr(urls.absolute(url, base))}/>'
    yield f"    <updated>{_timestamp(article, feed_updated)}</updated>"
    if article.meta.author:
        yield f"    <author><name>{escape(article.meta.author)}</name></author>"
    yield f"    <summary>{escape(summary)}</summary>"
    yield "  </entry>"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def page_urls(site: Site, listings: views.Listings | None = None) -> Iterator[tuple[str, str]]:
    """(site URL, lastmod or "") of every HTML page except 404, in a stable order; a listing
    cut into pages has each of its pages listed after its first."""
    listings = listings or views.Listings(site)
    pages = dict(listings.page_urls())

    def listing(url: str) -> Iterator[tuple[str, str]]:
        for number in range(1, pages[url] + 1):
            yield urls.paged(url, number), ""

    yield from listing(urls.HOME)
    for article in site.articles:
        yield urls.article(article.slug), article.published.isoformat() if article.published else ""
    yield urls.PLACES, ""
    for e in site.by_place:
        yield from listing(urls.place(e.place.id))
    yield urls.SOURCES, ""
    for s in site.by_source:
        yield from listing(urls.source(s.source.id))
    yield urls.DATES, ""
    for d in site.by_date:
        if d.is_day:
            yield from listing(urls.date(d.date))
    for d in listings.periods():
        yield from listing(urls.period(d.date))
    yield urls.SEARCH, ""


def sitemap(site: Site, config: SiteConfig, listings: views.Listings | None = None) -> str:
    """Every page's <url> line, in page_urls()'s order. The lines of an article, or of a
    listing's pages, are kept from this process's last sitemap while the article or entry is
    the very object it was (and the listing has as many pages): a preview's edit formats the
    lines of what it replaced, not all of them (~17,000 at 10,000 articles)."""
    listings = listings or views.Listings(site)
    base = config.base_url
    if _kept_base != [base]:
        _kept.clear()
        _kept_base[:] = [base]
    by_place, by_source = site.by_place, site.by_source
    days = [d for d in site.by_date if d.is_day]
    periods = list(listings.periods())
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n',
        _listing_lines(urls.HOME, len(listings.home()), base),
        _kept_lines("articles", site.articles, [0] * len(site.articles), base, _article_line),
        _line(urls.PLACES, "", base),
        _kept_lines(
            "places", by_place, [len(listings.place(e)) for e in by_place], base, _place_lines
        ),
        _line(urls.SOURCES, "", base),
        _kept_lines(
            "sources", by_source, [len(listings.source(e)) for e in by_source], base, _source_lines
        ),
        _line(urls.DATES, "", base),
        _kept_lines("days", days, [len(listings.day(e)) for e in days], base, _day_lines),
        _kept_lines(
            "periods", periods, [len(listings.period(e)) for e in periods], base, _period_lines
        ),
        _line(urls.SEARCH, "", base),
        "</urlset>\n",
    ]
    return "".join(parts)


# Per process: the base URL the kept lines were made with, and for each part of the sitemap
# the objects (articles and entries, frozen) its last sitemap listed, each one's count of
# pages, its lines, and the part joined. The objects are held here, so an id among them is not
# reused while it is.
_kept_base: list[str] = []
_kept: dict[str, tuple[list[object], list[int], list[str], str]] = {}


def _kept_lines(
    name: str,
    objects: Sequence[Any],
    counts: list[int],
    base: str,
    make: Callable[[Any, int, str], str],
) -> str:
    """The lines of each object with its count of pages, taken from the last sitemap's part
    `name` where the object and its count are the same (compared in C when none changed)."""
    old = _kept.get(name)
    if (
        old is not None
        and len(old[0]) == len(objects)
        and all(map(operator.is_, old[0], objects))
        and old[1] == counts
    ):
        return old[3]
    if old is None:
        chunks = list(map(make, objects, counts, itertools.repeat(base, len(objects))))
    else:
        if len(old[0]) != len(objects):  # an entry came or went: line the last part up
            old = _lined_up(old, objects)
        # The same objects but a few (a preview's edit): those found in C, their lines
        # made again, the others' taken in place.
        chunks = list(old[2])
        kept = map(operator.is_, old[0], objects)
        unchanged = map(operator.and_, kept, map(operator.eq, old[1], counts))
        for n in itertools.compress(range(len(chunks)), map(operator.not_, unchanged)):
            chunks[n] = make(objects[n], counts[n], base)
    joined = "".join(chunks)
    _kept[name] = (list(objects), counts, chunks, joined)
    return joined


def _lined_up(
    old: tuple[list[object], list[int], list[str], str], objects: Sequence[Any]
) -> tuple[list[object], list[int], list[str], str]:
    """The last part's objects, counts and lines moved to where each object stands in
    `objects` (found by identity); where an object is new, nothing that matches it."""
    known = {id(o): (o, c, text) for o, c, text in zip(*old[:3], strict=True)}
    found = [known.get(id(obj), (None, -1, "")) for obj in objects]
    return [f[0] for f in found], [f[1] for f in found], [f[2] for f in found], old[3]


def _line(url: str, lastmod: str, base: str) -> str:
    mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    return f"  <url><loc>{escape(urls.absolute(url, base))}</loc>{mod}</url>\n"


def _listing_lines(url: str, count: int, base: str) -> str:
    """A listing's pages, its first at `url`."""
    return "".join(_line(urls.paged(url, number), "", base) for number in range(1, count + 1))


def _article_line(article: Article, _count: int, base: str) -> str:
    day = article.published
    return _line(urls.article(article.slug), day.isoformat() if day else "", base)


def _place_lines(entry: PlaceEntry, count: int, base: str) -> str:
    return _listing_lines(urls.place(entry.place.id), count, base)


def _source_lines(entry: SourceEntry, count: int, base: str) -> str:
    return _listing_lines(urls.source(entry.source.id), count, base)


def _day_lines(entry: DateEntry, count: int, base: str) -> str:
    return _listing_lines(urls.date(entry.date), count, base)


def _period_lines(entry: DateEntry, count: int, base: str) -> str:
    return _listing_lines(urls.period(entry.date), count, base)


def robots(config: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(urls.SITEMAP, config.base_url)}\n"
