"""Atom feed, sitemap and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from builder.assemble.site import assemble
from builder.model import SiteConfig
from builder.render import feeds
from tests.render_helpers import CONFIG, fixture_files

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_atom_feed_is_valid_and_dated_by_the_newest_article() -> None:
    root = ET.fromstring(fixture_files()["feed.xml"])
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == CONFIG.base_url
    assert root.findtext(f"{ATOM}updated") == "2022-09-10T00:00:00Z"
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3  # every article, the undated one last
    for entry in entries:
        for child in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{child}")
        assert entry.find(f"{ATOM}link").get("href").startswith(CONFIG.base_url)
    assert entries[1].findtext(f"{ATOM}title").startswith("Zaporizhzhia: <script>")
    # an undated article is stamped with the feed's own date, never a clock or an epoch
    assert entries[2].findtext(f"{ATOM}updated") == "2022-09-10T00:00:00Z"


def test_feed_without_an_absolute_base_url_still_has_permanent_ids() -> None:
    site, _ = assemble([], SiteConfig(), None)
    root = ET.fromstring(feeds.atom_feed(site, SiteConfig()))
    assert root.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert root.findtext(f"{ATOM}updated") == feeds.EPOCH


def test_sitemap_lists_every_html_page_but_404() -> None:
    root = ET.fromstring(fixture_files()["sitemap.xml"])
    locs = [u.findtext(f"{SM}loc") for u in root.findall(f"{SM}url")]
    pages = sorted(p for p in fixture_files() if p.endswith(".html") and p != "404.html")
    expected = sorted(CONFIG.base_url + p.removesuffix("index.html") for p in pages)
    assert sorted(locs) == expected
    lastmods = [u.findtext(f"{SM}lastmod") for u in root.findall(f"{SM}url")]
    assert "2022-09-10" in lastmods


def test_robots_points_to_the_sitemap() -> None:
    assert fixture_files()["robots.txt"].decode() == (
        f"User-agent: *\nAllow: /\nSitemap: {CONFIG.base_url}sitemap.xml\n"
    )
    assert feeds.robots(SiteConfig()) == "User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n"


def _listed(site: object, config: SiteConfig) -> str:
    """The sitemap as every page's line, formatted afresh from page_urls()."""
    from xml.sax.saxutils import escape

    from builder import urls

    lines = [
        f"  <url><loc>{escape(urls.absolute(url, config.base_url))}</loc>"
        + (f"<lastmod>{mod}</lastmod>" if mod else "")
        + "</url>\n"
        for url, mod in feeds.page_urls(site)  # type: ignore[arg-type]
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(lines)
        + "</urlset>\n"
    )


def test_a_sitemap_made_again_after_a_change_is_the_one_made_afresh() -> None:
    """The sitemap keeps the lines of what did not change from its last one; whatever it
    kept, it lists the pages of the site it is given, as a fresh one does (another base URL
    included)."""
    import dataclasses

    from tests.render_helpers import fixture_site

    site = fixture_site()
    assert feeds.sitemap(site, CONFIG) == _listed(site, CONFIG)
    copy = dataclasses.replace(site.articles[0])  # the same article, another object
    changed = dataclasses.replace(
        site,
        articles=(copy, *site.articles[1:]),
        by_place=site.by_place[1:],
        by_source=site.by_source[::-1],
    )
    assert feeds.sitemap(changed, CONFIG) == _listed(changed, CONFIG)
    other = dataclasses.replace(CONFIG, base_url="https://example.org/elsewhere/")
    assert feeds.sitemap(site, other) == _listed(site, other)
    assert feeds.sitemap(site, CONFIG) == _listed(site, CONFIG)
