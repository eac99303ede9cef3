"""Long listings are cut into pages a reader can use: page 1 keeps its address, later pages
are linked both ways from an accessible pagination nav, nothing is lost or listed twice, and
the sitemap names every page."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urldefrag

import pytest

from builder import urls
from builder.render import views
from builder.model import (
    Annotations,
    Claim,
    DateMention,
    Document,
    Meta,
    Paragraph,
    Place,
    PlaceMention,
    SiteConfig,
    Source,
    Span,
)
from builder.assemble.site import Site, assemble
from builder.render.highlight import Known
from builder.render.pages import render_site
from tests.browser import screenshot, serve
from tests.render_helpers import STATIC, TEMPLATES, parse_page

CONFIG = SiteConfig(title="Paged Archive", base_url="https://example.github.io/archive/")
ARTICLES = 130  # more than two pages' worth of articles on every growing listing
KYIV = Place("kyiv", "Kyiv", "city", None, 50.45, 30.52)
LVIV = Place("lviv", "Lviv", "city", None, 49.84, 24.03)
SPEAKER = Source("olena-bondar", "Olena Bondar", "official", "Ukraine")
BUSY_DAY = dt.date(2022, 6, 1)


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def _item(i: int) -> tuple[Document, Annotations]:
    """Article i: Olena Bondar says something about Kyiv (a claim), May 2022 is named as a
    whole; the first 60 are published on one busy day, the rest a day apart; two name Lviv."""
    claim_text = f"Kyiv was calm in report {i}"
    text = f"Olena Bondar said that {claim_text}. It was quiet all through May 2022."
    if i < 2:
        text += " Lviv too."
    published = BUSY_DAY if i < 60 else BUSY_DAY + dt.timedelta(days=i)
    meta = Meta(title=f"Report number {i:03d}", outlet="The Example", published=published)
    doc = Document(f"seeds/{i:03d}.txt", meta, (Paragraph(text, 1),))
    claim = _span(text, claim_text)
    places = [Place(**{**_fields(KYIV), "mentions": (PlaceMention(_span(text, "Kyiv")),)})]
    if i < 2:
        places.append(Place(**{**_fields(LVIV), "mentions": (PlaceMention(_span(text, "Lviv")),)}))
    return doc, Annotations(
        claims=(Claim("c1", claim, "reported", SPEAKER.id, (), _span(text, "Olena Bondar")),),
        sources=(Source(**{**_fields(SPEAKER), "mentions": (_span(text, "Olena Bondar"),)}),),
        places=tuple(places),
        dates=(DateMention("2022-05", _span(text, "May 2022")),),
    )


def _fields(obj: object) -> dict[str, object]:
    return {name: getattr(obj, name) for name in obj.__slots__}  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def site() -> Site:
    built, _ = assemble([_item(i) for i in range(ARTICLES)], CONFIG, None)
    return built


@lru_cache(maxsize=1)
def files() -> dict[str, bytes]:
    return render_site(site(), CONFIG, TEMPLATES)


def html(path: str) -> str:
    return files()[path].decode("utf-8")


def pages_of(url: str) -> list[str]:
    """Output paths of a listing's pages, following its rel="next" links from page 1."""
    found = [urls.output_path(url)]
    while True:
        parsed = parse_page(files()[found[-1]])
        nexts = [a.get("href") for tag, a in parsed.tags if tag == "a" and a.get("rel") == "next"]
        if not nexts:
            return found
        assert len(nexts) == 1, found[-1]
        found.append(_resolve(found[-1], nexts[0] or ""))


def _resolve(page: str, link: str) -> str:
    target, _ = urldefrag(link)
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(target)))


CLAIM_LINK = re.compile(r"articles/([^/]+)/index\.html#claim-c1")
MENTION_LINK = re.compile(r'in <a href="[./]*articles/([^/]+)/')


def rel_links(page: str, tag: str) -> dict[str, str]:
    """The pages a page's rel="prev"/"next" links (or <link> elements) lead to."""
    return {
        a["rel"] or "": _resolve(page, a.get("href") or "")
        for t, a in parse_page(files()[page]).tags
        if t == tag and a.get("rel") in ("prev", "next")
    }


def article_links(path: str, section_start: str, section_end: str | None = None) -> list[str]:
    """Slugs of the articles linked from part of a page, in order."""
    text = html(path)
    part = text[text.index(section_start) :]
    if section_end and section_end in part:
        part = part[: part.index(section_end)]
    return re.findall(r'<a href="[./]*articles/([^/"]+)/index\.html">', part)


def test_the_home_page_keeps_its_address_and_later_pages_hold_the_rest_once_each() -> None:
    paths = pages_of(urls.HOME)
    assert paths == ["index.html", "page/2/index.html", "page/3/index.html"]
    per_page = [article_links(p, '<ol class="article-list"', "</ol>") for p in paths]
    listed = [slug for page in per_page for slug in page]
    assert listed == [a.slug for a in site().articles]  # newest first, none lost, none twice
    assert all(len(page) <= views.PAGE_ARTICLES for page in per_page)
    assert f"{ARTICLES} articles" in html("page/2/index.html")  # the archive's count
    assert "Page 2 of 3: articles 51–100 of 130" in html("page/2/index.html")


def test_a_busy_place_gets_later_pages_with_its_other_articles_and_claims() -> None:
    paths = pages_of(urls.place("kyiv"))
    assert paths[0] == "places/kyiv/index.html"
    assert paths[1] == "places/kyiv/page/2/index.html"
    assert len(paths) == 3
    articles = [
        slug
        for p in paths
        for slug in article_links(p, "Articles that mention Kyiv", "Claims that mention")
    ]
    assert articles == [a.slug for a in site().articles]
    claims = [slug for p in paths for slug in CLAIM_LINK.findall(html(p))]
    assert sorted(claims) == sorted(a.slug for a in site().articles)  # each claim exactly once
    assert "<title>Kyiv, page 2 of 3 · Paged Archive</title>" in html(paths[1])
    assert "<title>Kyiv · Paged Archive</title>" in html(paths[0])


def test_every_page_of_the_home_listing_has_its_own_title() -> None:
    paths = pages_of(urls.HOME)
    assert len(paths) == 3
    assert "<title>Paged Archive</title>" in html(paths[0])
    assert "<title>Paged Archive, page 2 of 3</title>" in html(paths[1])
    assert f"{ARTICLES} articles, {ARTICLES} claims" in html(paths[0])
    assert "claims from" not in html(paths[1]), "the claim totals are on page 1 only"


def test_a_place_with_few_articles_is_one_page_without_pagination() -> None:
    page = html("places/lviv/index.html")
    assert 'aria-label="Pagination"' not in page and "page-status" not in page
    assert not any(p.startswith("places/lviv/page/") for p in files())


def test_the_pagination_nav_is_accessible_and_links_both_ways() -> None:
    page = "places/kyiv/page/2/index.html"
    text = html(page)
    assert text.count('<nav class="pagination" id="pagination" aria-label="Pagination">') == 1
    start = text.index('aria-label="Pagination"')
    nav = text[start : text.index("</nav>", start)]
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', nav)
    assert [_resolve(page, link) for link in current] == [page]
    rel = rel_links(page, "a")
    assert rel["prev"] == "places/kyiv/index.html"
    assert rel["next"] == "places/kyiv/page/3/index.html"
    # The numbers read as "Page 1", "Page 3" to a screen reader; a link per page, in order.
    numbers = re.findall(r'<span class="visually-hidden">Page </span>(\d+)</a>', nav)
    assert numbers == ["1", "2", "3"]
    assert rel_links(page, "link") == rel  # also in the head, for browsers and crawlers
    first = html("places/kyiv/index.html")
    assert 'rel="prev"' not in first and "Previous" not in first


def test_every_link_on_every_page_resolves_to_a_generated_file() -> None:
    out = files()
    for path in (p for p in out if p.endswith(".html") and p != "404.html"):
        for link in parse_page(out[path]).links:
            if link.startswith(("https://", "http://", "#")):
                continue
            resolved = _resolve(path, link)
            exists = resolved in out or (STATIC / resolved.removeprefix("static/")).is_file()
            assert exists, f"{path}: broken link {link}"


def test_sources_days_and_whole_months_are_paged_too() -> None:
    source = pages_of(urls.source("olena-bondar"))
    assert len(source) == 3
    claims = [slug for p in source for slug in CLAIM_LINK.findall(html(p))]
    assert sorted(claims) == sorted(a.slug for a in site().articles)
    assert "Claims (130)" in html(source[0])
    assert "Claims (130)" not in html(source[2]), "the claim total is on page 1 only"
    assert "<h2>Claims, page 3 of 3</h2>" in html(source[2])
    day = pages_of(urls.date(BUSY_DAY.isoformat()))
    assert len(day) == 2  # 60 articles published that day
    published = [s for p in day for s in article_links(p, "Published this day", "</ul>")]
    assert len(published) == len(set(published)) == 60
    # A month named as a whole in every article: a few on the calendar, all on its pages.
    index = html("dates/index.html")
    assert index.count("<q>") == views.PERIOD_INLINE
    assert '<a href="../dates/2022-05/index.html">All 130 mentions of May 2022</a>' in index
    month = pages_of(urls.period("2022-05"))
    mentioned = [slug for p in month for slug in MENTION_LINK.findall(html(p))]
    assert sorted(mentioned) == sorted(a.slug for a in site().articles)
    assert "130 in all" in html(month[0]) and "in all" not in html(month[1])


def test_a_claim_added_to_a_long_listing_changes_the_key_of_its_first_page_only() -> None:
    """The totals are on page 1 only, so a claim added in the newest article changes what
    page 1 shows (and is keyed by) and leaves later pages, which the renderer can keep."""
    import dataclasses

    s = site()
    entry = next(e for e in s.by_source if e.source.id == SPEAKER.id)
    grown = dataclasses.replace(entry, claims=(entry.claims[0], *entry.claims))
    month = next(e for e in s.by_date if e.date == "2022-05")
    more = dataclasses.replace(month, mentions=(month.mentions[0], *month.mentions))

    def keys(lazies: Iterator[views.LazyView]) -> list[tuple[object, ...]]:
        return [lazy.parts for lazy in lazies]

    known = Known(frozenset(), frozenset(), frozenset())

    def source_keys(e: Any) -> list[tuple[object, ...]]:
        return keys(views.source_pages(e, {}, known, views.Listings(s)))

    def period_keys(e: Any) -> list[tuple[object, ...]]:
        return keys(views.period_pages(e, views.Listings(s)))

    for old, new in (
        (source_keys(entry), source_keys(grown)),
        (period_keys(month), period_keys(more)),
    ):
        assert len(old) == len(new) == 3
        assert old[0] != new[0] and old[1:] == new[1:]


def test_the_sitemap_lists_every_page_and_only_pages_that_exist() -> None:
    sitemap = html("sitemap.xml")
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(listed) == len(set(listed))
    paths = {urls.output_path(loc.removeprefix(CONFIG.base_url)) for loc in listed}
    generated = {p for p in files() if p.endswith(".html") and p != "404.html"}
    assert paths == generated
    assert f"{CONFIG.base_url}places/kyiv/page/2/" in listed
    assert f"{CONFIG.base_url}page/3/" in listed


def test_two_renders_are_byte_identical() -> None:
    assert render_site(site(), CONFIG, TEMPLATES) == files()


@pytest.mark.parametrize("weights", [[1] * 120, [30] * 10, [0, 150, 2, 99, 1, 1], [7] * 60])
def test_a_page_holds_whole_articles_within_both_limits(weights: list[int]) -> None:
    units = list(range(len(weights)))
    pages = views.paginate(units, weights.__getitem__)
    assert [u for p in pages for u in p] == units
    for page in pages:
        rows = sum(weights[u] for u in page)
        assert len(page) <= views.PAGE_ARTICLES
        assert rows <= views.PAGE_ROWS or len(page) == 1  # one big article is never split


def test_page_addresses_come_from_the_url_module() -> None:
    assert urls.paged(urls.place("kyiv"), 1) == "places/kyiv/"
    assert urls.paged(urls.place("kyiv"), 2) == "places/kyiv/page/2/"
    assert urls.paged(urls.HOME, 3) == "page/3/"
    assert urls.output_path(urls.paged(urls.HOME, 3)) == "page/3/index.html"
    with pytest.raises(ValueError):
        urls.paged(urls.place("kyiv"), 0)
    with pytest.raises(ValueError):
        urls.paged(urls.date("2022-05"), 2)  # an anchor on the dates index has no pages


# --- In a browser: the real stylesheet, axe-core, the keyboard, no JavaScript -------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("paged") / "site"
    for path, content in files().items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content)
    for asset in STATIC.rglob("*"):
        if asset.is_file():
            target = folder / "static" / asset.relative_to(STATIC)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(asset.read_bytes())
    with serve(folder) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_paged_listings_have_no_axe_violations(browser: Any, served: str, scheme: str) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    found = {}
    for path in ("page/2/", "places/kyiv/page/2/", "places/kyiv/", "dates/2022-05/page/3/"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(served + path)
        problems = [v["id"] for v in axe.run(page).response["violations"]]
        if problems:
            found[path] = problems
        context.close()
    assert found == {}


def test_pages_are_reached_by_keyboard_without_javascript(browser: Any, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "places/kyiv/")
    nav = page.get_by_role("navigation", name="Pagination")
    assert nav.is_visible()
    nav.get_by_role("link", name="Page 2").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/places/kyiv/page/2/index.html")
    assert nav.get_by_role("link", name="Page 2").get_attribute("aria-current") == "page"
    nav.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/places/kyiv/page/3/index.html")
    assert nav.get_by_role("link", name="Next page").count() == 0  # the last page
    nav.get_by_role("link", name="Previous page").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/places/kyiv/page/2/index.html")
    screenshot(page, "pagination-place-page-2")
    context.close()


def test_a_long_listing_links_its_ends_and_the_pages_near_the_current_one() -> None:
    pages = [("x",)] * 20
    p = views.pagination(urls.place("kyiv"), pages, 6)
    shown = [link.number if link else "…" for link in p.links]
    assert shown == [1, "…", 4, 5, 6, 7, 8, "…", 20]
    assert [link.number for link in p.links if link and link.current] == [6]
    assert views.pagination(urls.place("kyiv"), pages, 4).links[1].number == 2  # no gap of one
    assert (p.first, p.last, p.total) == (6, 6, 20)


def test_later_home_pages_number_their_articles_on_from_the_earlier_ones() -> None:
    assert '<ol class="article-list" id="article-list" start="51">' in html("page/2/index.html")
    assert '<ol class="article-list" id="article-list">' in html("index.html")
