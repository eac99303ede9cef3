"""Search over an index built in several shards, in headless Chromium: the seeds are built
with shards of two pages, and searching, the filters and their counts, and results in date
order must be what the one-shard build (the browser tests' site) gives."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.build import BuildOptions, build
from builder.read.config import load_config
from builder.search import indexer as search
from tests.browser import PREFIX, TIMEOUT_MS, built_site, serve

ROOT = Path(__file__).resolve().parent.parent
SEARCH_WORD = "missile"  # in the body of one seed


@pytest.fixture(scope="module")
def sharded() -> Iterator[Path]:
    if search.find_binary() is None:
        pytest.skip("Pagefind is not installed (pip install -e .)")
    folder = Path(tempfile.mkdtemp(prefix="newsarchive-shards-"))
    config, _ = load_config(ROOT / "site.yaml")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(search, "SHARD_PAGES", 2)
            out = folder / "site"
            report = build(BuildOptions(root=ROOT, config=config, out_dir=out, base_url=PREFIX))
        assert report.written and not report.warnings, report.diagnostics
        yield out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def shards(site: Path) -> list[Path]:
    return sorted(p.parent for p in (site / "pagefind").glob("*/" + search.SHARD_MANIFEST))


def open_search(browser: Any, base: str) -> Any:
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    page.goto(f"{base}search/")
    page.locator(".pagefind-ui__search-input").wait_for()
    return page


QUERY = f"""async ([term, order]) => {{
    const pagefind = await import('{PREFIX}pagefind/pagefind.js');
    const options = order ? {{sort: {{date: order}}}} : {{}};
    const found = await pagefind.search(term, options);
    const rows = [];
    for (const r of found.results) {{
        const data = await r.data();
        rows.push([data.url, data.meta.date || ""]);
    }}
    return {{filters: await pagefind.filters(), rows}};
}}"""


def ask(page: Any, term: str | None, order: str | None = None) -> dict:
    return page.evaluate(QUERY, [term, order])


def dates(rows: list[list[str]], site: Path) -> list[str]:
    """The ISO date of each result, from the page's sort key ('' when undated)."""
    iso = {}
    for page in (site / "articles").glob("*/index.html"):
        text = page.read_text("utf-8")
        at = text.find('data-pagefind-sort="date:')
        value = text[at + len('data-pagefind-sort="date:') :].split('"', 1)[0] if at >= 0 else ""
        iso[f"{PREFIX}articles/{page.parent.name}/"] = "" if value.startswith("0000") else value
    return [iso[url] for url, _ in rows]


def test_the_index_is_built_in_several_shards(sharded: Path) -> None:
    found = shards(sharded)
    assert len(found) >= 2
    fragments = sum(len(list((s / "fragment").iterdir())) for s in found)
    assert fragments == len(list((sharded / "articles").glob("*/index.html")))
    # Only the first shard carries Pagefind's scripts; the others are data.
    assert sum((s / "pagefind.js").is_file() for s in found) == 1


def test_sharded_search_finds_what_one_index_finds(sharded: Path, browser: Any) -> None:
    single = built_site()
    with serve(single) as one_base, serve(sharded) as many_base:
        one, many = open_search(browser, one_base), open_search(browser, many_base)
        for term in (SEARCH_WORD, "Russia", None):
            a, b = ask(one, term), ask(many, term)
            assert sorted(b["rows"]) == sorted(a["rows"]), term
            assert b["filters"] == a["filters"]  # every filter value, counted over all shards
        for order in ("desc", "asc"):
            for term in (None, "Russia"):
                a, b = ask(one, term, order), ask(many, term, order)
                assert dates(b["rows"], sharded) == dates(a["rows"], single), (term, order)
        newest = dates(ask(many, None, "desc")["rows"], sharded)
        dated = [d for d in newest if d]
        assert dated == sorted(dated, reverse=True) and newest[: len(dated)] == dated
        assert one.js_errors == [] and many.js_errors == []


SHOWN = 5  # results Pagefind's interface draws before its "load more" button
DRAWN = """urls => {
    const got = [...document.querySelectorAll('.pagefind-ui__result-link')];
    return got.length === urls.length && got.every((a, i) => a.getAttribute('href') === urls[i]);
}"""


def results_are(page: Any, term: str, order: str) -> list[str]:
    """Wait until the interface draws the index's results for `term` in `order`, and return
    their links: not an earlier search's still drawn (the interface searches a moment after
    a change, and draws itself again when the order changes)."""
    urls = [url for url, _ in ask(page, term, order)["rows"][:SHOWN]]
    page.wait_for_function(DRAWN, arg=urls, timeout=TIMEOUT_MS)
    return urls


def test_sharded_search_page_links_to_the_article(sharded: Path, browser: Any) -> None:
    with serve(sharded) as base:
        page = open_search(browser, base)
        page.locator(".pagefind-ui__search-input").fill(SEARCH_WORD)
        link = page.locator(".pagefind-ui__result-link").first
        link.wait_for()
        assert (link.get_attribute("href") or "").startswith(f"{PREFIX}articles/")
        # A new order draws the interface again with the term it held: wait for that search
        # before typing, or the words could go to the input being taken away.
        page.select_option("#search-order", "desc")
        results_are(page, SEARCH_WORD, "desc")
        page.locator(".pagefind-ui__search-input").fill("Russia")
        newest = results_are(page, "Russia", "desc")[0]  # newest first, as the order asks
        link.click()
        page.wait_for_url(f"**{newest}")
        assert page.js_errors == []
