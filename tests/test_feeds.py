"""Atom feed, sitemap and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from builder import feeds
from builder.model import SiteConfig
from builder.site import assemble
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
