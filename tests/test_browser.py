"""The real seeds in headless Chromium, served under a sub-path as on GitHub Pages: the home
list narrows, an article's highlights filter and its claims link both ways by keyboard, search
finds articles, pages work without JavaScript, print keeps the highlights, and no page asks
anything of another host. Screenshots go to tests/artifacts/ for a person to look at."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    PREFIX,
    TIMEOUT_MS,
    built_site,
    record_outside_requests,
    screenshot,
    serve,
)

SEARCH_WORD = "missile"  # in the body of one seed (the Krovohrad Oblast interception)
WEIGHT_LIMIT = 100_000  # bytes: an article page with its CSS and JS, before the search bundle


@pytest.fixture(scope="module")
def site() -> Path:
    return built_site()


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Opens pages in fresh contexts; fails the test if any asked for another host."""
    contexts: list[tuple[Any, Any]] = []

    def make(scheme: str = "light", viewport: dict | None = None, javascript: bool = True) -> Any:
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            color_scheme=scheme,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append((context, record_outside_requests(context)))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        return page

    yield make
    outside = [url for _, seen in contexts for url in seen.urls]
    for context, _ in contexts:
        context.close()
    assert outside == [], f"requests to other hosts: {outside}"


def articles(site: Path) -> list[dict]:
    archive = json.loads((site / "data" / "archive.json").read_text("utf-8"))
    return [
        json.loads((site / "data" / "articles" / f"{a['slug']}.json").read_text("utf-8"))
        for a in archive["articles"]
    ]


def article_with_most_sides(site: Path) -> dict:
    def sides(article: dict) -> int:
        cited = {c.get("source") for c in article["claims"]}
        return len({s.get("affiliation") for s in article["sources"] if s["id"] in cited})

    return max(articles(site), key=lambda a: (sides(a), len(a["claims"]), a["slug"]))


def visible_count(page: Any, selector: str) -> int:
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.getClientRects().length > 0).length"
    )


# --- Home page ------------------------------------------------------------------------------


def test_the_home_list_narrows_by_outlet_place_and_month(new_page: Any, base: str) -> None:
    page = new_page()
    page.goto(base)
    rows = page.locator("#article-list > li")
    total = rows.count()
    assert total >= 5
    form = page.locator("#list-filter")
    assert form.is_visible()
    outlet_values = form.locator("#filter-outlet option").evaluate_all(
        "os => os.map(o => [o.value, o.textContent])"
    )
    value, label = outlet_values[1]
    expected = int(label.rsplit("(", 1)[1].rstrip(")"))
    page.select_option("#filter-outlet", value)
    assert visible_count(page, "#article-list > li") == expected < total
    assert f"Showing {expected} of {total}" in form.locator(".filter-status").inner_text()
    assert f"outlet={value.replace(' ', '%20')}" in page.url
    months = form.locator("#filter-month option").evaluate_all("os => os.map(o => o.value)")
    page.select_option("#filter-month", months[-1])
    shown = visible_count(page, "#article-list > li")
    assert shown < expected or shown == 0 or len(months) == 2
    page.click("text=Show all")
    page.wait_for_function(
        f"document.querySelectorAll('#article-list > li:not([hidden])').length === {total}"
    )
    places = form.locator("#filter-place option").evaluate_all("os => os.map(o => o.value)")
    page.select_option("#filter-place", places[1])
    for item in rows.all():
        if item.is_visible():
            assert places[1] in (item.get_attribute("data-place") or "").split()
    assert page.js_errors == []


def test_a_narrowed_list_can_be_linked_to(new_page: Any, base: str, site: Path) -> None:
    month = next(a["published"][:7] for a in articles(site) if a.get("published"))
    page = new_page()
    page.goto(f"{base}?month={month}")
    assert page.locator("#filter-month").input_value() == month
    for item in page.locator("#article-list > li").all():
        assert item.is_visible() == (item.get_attribute("data-month") == month)


# --- Article page ---------------------------------------------------------------------------


def test_an_article_is_reached_from_the_home_page_and_its_highlights_filter(
    new_page: Any, base: str, site: Path
) -> None:
    article = article_with_most_sides(site)
    page = new_page()
    page.goto(base)
    page.click(f"#article-list a[href*='{article['slug']}']")
    page.wait_for_url(f"**{PREFIX}articles/{article['slug']}/**")
    claims = len(article["claims"])
    assert page.locator("mark.claim[id^='claim-']").count() == claims
    form = page.locator("#claim-filter")
    assert form.is_visible()
    assert f"All {claims} claims highlighted" in form.locator(".filter-status").inner_text()

    side = form.locator("input[name='side']").first
    side_key = side.get_attribute("value")
    side_count = int(side.locator("xpath=..").locator(".count").inner_text())
    side.uncheck()
    off = page.locator("mark.claim.is-off[id^='claim-']").count()
    assert off == side_count
    assert visible_count(page, f".source-group.{side_key}") == 0
    assert visible_count(page, ".claims-panel li[id^='panel-']") == claims - side_count
    status = form.locator(".filter-status").inner_text()
    assert f"{claims - side_count} of {claims} claims highlighted" in status
    screenshot(page, "article-filtered-desktop-light")
    muted = page.locator(f"mark.claim.is-off.{side_key}").first
    assert muted.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    for box in form.locator(f"input[name='source'][data-side='{side_key}']").all():
        assert not box.is_checked()

    form.locator("button[data-show='none']").click()
    assert page.locator("mark.claim.is-off[id^='claim-']").count() == claims
    assert form.locator("input[name='side']:checked").count() == 0
    source = form.locator("input[name='source']").first
    source.check()
    assert form.locator("input[name='side']:indeterminate, input[name='side']:checked").count() == 1
    form.locator("button[data-show='all']").click()
    assert page.locator("mark.claim.is-off").count() == 0
    assert page.js_errors == []


def test_claims_link_to_the_text_and_back_by_keyboard(new_page: Any, base: str, site: Path) -> None:
    article = article_with_most_sides(site)
    page = new_page()
    page.goto(f"{base}articles/{article['slug']}/")
    first = page.locator(".claims-panel a.claim-text").first
    target = first.get_attribute("href")
    assert target and target.startswith("#claim-")
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '{target}'")
    mark = page.locator(target)
    assert mark.evaluate("m => m.matches(':target')")
    assert mark.is_visible()
    # Tabbing on from the claim reaches its source label, which leads back to the panel; on the
    # way, focus may only visit the links inside the claim (a place, the source's own name).
    claim_id = target.removeprefix("#claim-")
    inner = mark.locator("a").count()
    for _ in range(inner + 1):
        page.keyboard.press("Tab")
        back = page.evaluate("document.activeElement.getAttribute('href')")
        if back == f"#panel-{claim_id}":
            break
        assert mark.evaluate("(m) => m.contains(document.activeElement)")
    assert back == f"#panel-{claim_id}"
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '#panel-{claim_id}'")
    # The filter's checkboxes take Space like any checkbox.
    box = page.locator("#claim-filter input[name='source']").first
    box.focus()
    page.keyboard.press("Space")
    assert not box.is_checked()
    assert page.locator("mark.claim.is-off").count() > 0


def test_a_claim_label_cut_short_shows_the_whole_source_when_focused(
    new_page: Any, base: str, site: Path
) -> None:
    # A label longer than its box ("Russian Ministry of Defe…", on a phone "Volodymyr Zel…")
    # is the source a keyboard user reaches from the claim: focused, it reads in full.
    page = new_page(viewport=PHONE)
    cut_seen = 0
    for article in articles(site):
        page.goto(f"{base}articles/{article['slug']}/")
        labels = page.locator("a.by")
        for i in range(labels.count()):
            label = labels.nth(i)
            if not label.evaluate("e => e.scrollWidth > e.clientWidth + 1"):
                continue
            cut_seen += 1
            label.focus()
            assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), label.inner_text()
    assert cut_seen, "no label is cut short on a phone: the test shows nothing"


# --- Search -----------------------------------------------------------------------------------


def test_search_finds_an_article_and_links_to_it_under_the_sub_path(
    new_page: Any, base: str
) -> None:
    page = new_page()
    page.goto(f"{base}search/")
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for()
    assert page.locator("#search-fallback").is_hidden()
    box.fill(SEARCH_WORD)
    link = page.locator(".pagefind-ui__result-link").first
    link.wait_for()
    href = link.get_attribute("href") or ""
    assert href.startswith(f"{PREFIX}articles/"), href
    tags = page.locator(".pagefind-ui__result").first.locator(".pagefind-ui__result-tag")
    assert tags.first.inner_text().startswith("Date:")  # a dated article shows its date
    link.click()
    page.wait_for_url(f"**{PREFIX}articles/**")
    assert SEARCH_WORD in page.locator(".story-body").inner_text().lower()
    assert page.js_errors == []


def test_search_offers_the_filters_and_sorts_by_date(new_page: Any, base: str, site: Path) -> None:
    page = new_page()
    page.goto(f"{base}search/")
    page.locator(".pagefind-ui__search-input").wait_for()
    found = page.evaluate(
        f"""async () => {{
            const pagefind = await import('{PREFIX}pagefind/pagefind.js');
            const all = await pagefind.filters();
            const newest = await pagefind.search(null, {{sort: {{date: 'desc'}}}});
            const dates = [];
            for (const r of newest.results) dates.push((await r.data()).url);
            return {{names: Object.keys(all).sort(), all, dates}};
        }}"""
    )
    assert found["names"] == ["affiliation", "month", "outlet", "place", "source", "year"]
    assert "Russia" in found["all"]["affiliation"]
    with_outlet = [a for a in articles(site) if a.get("outlet")]
    assert sum(found["all"]["outlet"].values()) == len(with_outlet) > 0
    # Newest first, and the undated articles are kept, after the dated ones.
    published = {f"{PREFIX}{a['url']}": a.get("published") or "" for a in articles(site)}
    dates = [published[url] for url in found["dates"]]
    assert len(dates) == len(articles(site))
    dated = [iso for iso in dates if iso]
    assert dated and dated == sorted(dated, reverse=True) and dates[: len(dated)] == dated
    page.select_option("#search-order", "desc")
    page.locator(".pagefind-ui__search-input").fill("Russia")
    page.locator(".pagefind-ui__result-link").first.wait_for()
    assert page.js_errors == []


def test_search_without_javascript_links_to_the_indexes(new_page: Any, base: str) -> None:
    page = new_page(javascript=False)
    page.goto(f"{base}search/")
    fallback = page.locator("#search-fallback")
    assert fallback.is_visible()
    assert page.locator("#search").is_hidden()
    hrefs = fallback.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs == [
        "../index.html",
        "../places/index.html",
        "../dates/index.html",
        "../sources/index.html",
    ]


def test_without_javascript_every_highlight_shows_and_no_control_is_dead(
    new_page: Any, base: str, site: Path
) -> None:
    article = article_with_most_sides(site)
    page = new_page(javascript=False)
    page.goto(f"{base}articles/{article['slug']}/")
    assert page.locator("#claim-filter").is_hidden()
    claims = len(article["claims"])
    assert visible_count(page, "mark.claim[id^='claim-']") == claims
    assert visible_count(page, ".claims-panel li[id^='panel-']") == claims
    page.goto(base)
    assert page.locator("#list-filter").is_hidden()
    assert visible_count(page, "#article-list > li") == len(articles(site))


# --- Weight, print, screenshots ---------------------------------------------------------------


def test_an_article_with_its_css_and_js_weighs_under_100_kb(
    new_page: Any, base: str, site: Path
) -> None:
    heaviest = max(
        articles(site),
        key=lambda a: (site / "articles" / a["slug"] / "index.html").stat().st_size,
    )
    page = new_page()
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
    page.goto(f"{base}articles/{heaviest['slug']}/", wait_until="networkidle")
    assert sizes, "nothing was loaded"
    assert not any("/pagefind/" in url for url in sizes)
    assert sum(sizes.values()) < WEIGHT_LIMIT, sizes


def test_an_article_prints_with_its_highlights_and_sources(
    new_page: Any, base: str, site: Path
) -> None:
    article = article_with_most_sides(site)
    page = new_page()
    page.goto(f"{base}articles/{article['slug']}/")
    page.locator("#claim-filter input[name='side']").first.uncheck()  # printing ignores it
    page.emulate_media(media="print")
    mark = page.locator("mark.claim").first
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert visible_count(page, "mark.claim[id^='claim-']") == len(article["claims"])
    assert visible_count(page, ".claims-panel .source-group") == len(
        {c.get("source") for c in article["claims"]}
    )
    assert page.locator("#claim-filter").is_hidden()
    assert page.locator(".site-header nav").is_hidden()
    screenshot(page, "article-print-media")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "article-print.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "article-print")],
            check=True,
            timeout=60,
        )


PAGES = {
    "home": "",
    "article": None,  # the article with the most sides, chosen at run time
    "sources": "sources/",
    "search": "search/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshots_for_a_person_to_look_at(
    new_page: Any, base: str, site: Path, scheme: str, width: str
) -> None:
    page = new_page(scheme=scheme, viewport=PHONE if width == "phone" else DESKTOP)
    for name, path in PAGES.items():
        if path is None:
            path = f"articles/{article_with_most_sides(site)['slug']}/"
        page.goto(base + path)
        if name == "search":
            page.locator(".pagefind-ui__search-input").fill(SEARCH_WORD)
            page.locator(".pagefind-ui__result-link").first.wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width} width"
        assert screenshot(page, f"{name}-{width}-{scheme}").stat().st_size > 5_000
    assert page.js_errors == []
