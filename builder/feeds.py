"""The Atom feed, sitemap.xml and robots.txt: absolute URLs from base_url, dates from articles.

No clock: the feed's `updated` is the newest article's date, so two builds are identical.
Feed and sitemap need an absolute base_url ("https://user.github.io/repo/") to be valid; with
"/" they still hold root-relative URLs, and feed ids fall back to name-based UUIDs.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from builder import urls, views
from builder.model import Article, SiteConfig
from builder.site import Site

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
    dated = [a for a in site.articles if a.published is not None]
    updated = _timestamp(dated[0]) if dated else EPOCH
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
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, lastmod in page_urls(site, listings):
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(urls.absolute(url, config.base_url))}</loc>{mod}</url>")
    return "\n".join([*lines, "</urlset>", ""])


def robots(config: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(urls.SITEMAP, config.base_url)}\n"
