"""The real seeds built for a project sub-path and for a domain root: every URL resolves.

Links are resolved the way GitHub Pages serves the site (builder.preview.hosting): each page's
links, assets, fragments, the feed, the sitemap, robots.txt, the JSON export's URLs, and the 404
page as it is served for a missing path at any depth.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from builder.build import BuildOptions, build
from builder.preview import hosting
from builder.read.config import load_config

ROOT = Path(__file__).resolve().parent.parent
BASES = ("https://user.github.io/repo/", "https://example.org/")
MISSING_AT_DEPTH = ("404.html", "nope", "nope/", "a/b/c/d/e.html", "articles/not-an-article/")


class _Links(HTMLParser):
    """Every URL a page asks the browser to follow or fetch, and the ids it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "action", "poster"):
                self.urls.append(value)
            elif name == "srcset":
                self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif name in ("id", "name"):
                self.ids.add(value)


def _parse(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text("utf-8"))
    return links


@dataclass(frozen=True)
class Built:
    base_url: str
    site: Path


@pytest.fixture(scope="module", params=BASES, ids=("project-subpath", "domain-root"))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = tmp_path_factory.mktemp("project")
    for name in ("seeds", "templates", "static"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "site.yaml", project / "site.yaml")
    config, problems = load_config(project / "site.yaml")
    assert not any(p.is_error for p in problems), problems
    site = project / "site"
    report = build(BuildOptions(root=project, config=config, out_dir=site, base_url=request.param))
    assert report.written and not report.errors, [str(d) for d in report.errors]
    return Built(request.param, site)


def _site_url(built: Built, rel: str) -> str:
    """The address a file of the site is served at."""
    return built.base_url + rel.removesuffix("index.html")


def _check(
    built: Built, page_url: str, url: str, where: str, page: _Links | None = None
) -> str | None:
    """Why `url` (found on the page at `page_url`, parsed as `page`) does not resolve, or None."""
    if url.startswith("#") and page is not None:  # within the page itself, at any address
        return None if url[1:] in page.ids else f"{where}: no id {url[1:]!r} on the page"
    target, fragment = urldefrag(urljoin(page_url, url))
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https"):
        return None  # mailto:, data:, javascript: are not requests to the site
    if parts.netloc != urlsplit(built.base_url).netloc:
        return None  # another site
    found = hosting.resolve_url(built.site, target, built.base_url)
    if found.kind == "redirect":
        found = hosting.resolve(built.site, found.path)
    if found.kind != "file":
        return f"{where}: {url!r} -> {target} is not part of the site"
    if (
        fragment
        and found.path.endswith(".html")
        and fragment not in _parse(built.site / found.path).ids
    ):
        return f"{where}: {url!r} -> no id {fragment!r} in {found.path}"
    return None


def _pages(site: Path) -> Iterator[str]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix()


def test_site_has_nojekyll_and_articles(built: Built) -> None:
    assert (built.site / ".nojekyll").is_file()
    assert len(list((built.site / "articles").glob("*/index.html"))) == 5


def test_every_link_and_asset_on_every_page_resolves(built: Built) -> None:
    broken, checked = [], 0
    for rel in _pages(built.site):
        if rel == hosting.NOT_FOUND_PAGE:
            continue
        page = _parse(built.site / rel)
        for url in page.urls:
            checked += 1
            problem = _check(built, _site_url(built, rel), url, rel, page)
            if problem:
                broken.append(problem)
    assert checked > 50
    assert not broken, "\n".join(broken[:30])


@pytest.mark.parametrize("request_path", MISSING_AT_DEPTH)
def test_the_404_page_works_at_any_depth(built: Built, request_path: str) -> None:
    """GitHub Pages answers a missing path with the root 404.html, at the requested URL."""
    page_url = built.base_url + request_path
    if request_path != "404.html":
        assert hosting.resolve_url(built.site, page_url, built.base_url).kind == "missing"
    page = _parse(built.site / hosting.NOT_FOUND_PAGE)
    assert any(u.endswith(".css") for u in page.urls), "the 404 page should be styled"
    where = f"404 at {request_path}"
    broken = [p for u in page.urls if (p := _check(built, page_url, u, where, page))]
    assert not broken, "\n".join(broken)


def test_feed_and_sitemap_urls_resolve(built: Built) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built.site / "feed.xml").getroot()
    feed_urls = [link.get("href", "") for link in feed.iter(f"{atom}link")]
    sitemap = ET.parse(built.site / "sitemap.xml").getroot()
    locs = [
        loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert feed_urls and len(locs) >= 6
    for url in (*feed_urls, *locs):
        assert url.startswith(built.base_url), url  # absolute, under the base
        assert _check(built, built.base_url, url, "feed/sitemap") is None
    robots = (built.site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {built.base_url}sitemap.xml" in robots


def test_json_export_urls_resolve(built: Built) -> None:
    archive = json.loads((built.site / "data" / "archive.json").read_text("utf-8"))
    assert archive["site"]["base_url"] == built.base_url
    urls = [a["url"] for a in archive["articles"]]
    for path in sorted((built.site / "data" / "articles").glob("*.json")):
        urls.append(json.loads(path.read_text("utf-8"))["url"])
    assert len(urls) == 10
    for url in urls:
        assert not url.startswith("/"), url  # relative to the site root (DATA.md)
        assert _check(built, built.base_url, url, "data") is None


def test_nothing_links_outside_the_base_path(built: Built) -> None:
    """The classic sub-path bug: a root-relative "/static/..." that misses "/repo/"."""
    if urlsplit(built.base_url).path == "/":
        pytest.skip("at a domain root every path is inside the site")
    outside = []
    for rel in _pages(built.site):
        for url in _parse(built.site / rel).urls:
            if url.startswith("/") and not url.startswith(urlsplit(built.base_url).path):
                outside.append(f"{rel}: {url}")
    assert not outside, "\n".join(outside[:20])


def test_preview_and_static_host_agree_on_path_rules(tmp_path: Path) -> None:
    (tmp_path / "articles" / "a").mkdir(parents=True)
    (tmp_path / "articles" / "a" / "index.html").write_text("a")
    (tmp_path / "about.html").write_text("about")
    (tmp_path / "empty").mkdir()
    assert hosting.resolve(tmp_path, "articles/a/") == hosting.Resolved(
        "file", "articles/a/index.html"
    )
    assert hosting.resolve(tmp_path, "articles/a") == hosting.Resolved("redirect", "articles/a/")
    assert hosting.resolve(tmp_path, "about") == hosting.Resolved("file", "about.html")
    assert hosting.resolve(tmp_path, "empty/").kind == "missing"
    assert hosting.resolve(tmp_path, "../etc/passwd").kind == "missing"
    assert hosting.resolve(tmp_path, "articles/../about.html").kind == "missing"
    base = "https://user.github.io/repo/"
    assert (
        hosting.resolve_url(tmp_path, "https://user.github.io/about.html", base).kind == "missing"
    )
    assert (
        hosting.resolve_url(tmp_path, "https://other.org/repo/about.html", base).kind == "missing"
    )
    assert hosting.resolve_url(tmp_path, "/repo/about.html", base).kind == "file"
    assert hosting.base_path(base) == "/repo/"
    assert hosting.base_path("https://example.org") == "/"
    assert hosting.base_path("/archive") == "/archive/"
