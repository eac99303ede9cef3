"""No axe-core violations on any page kind, in the light and the dark scheme, in the system
Chromium; and every highlight colour keeps its text at WCAG AA contrast in both schemes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import DESKTOP, PHONE, TIMEOUT_MS, built_site, serve

ROOT = Path(__file__).resolve().parent.parent
STYLESHEET = ROOT / "static" / "style.css"
SCHEMES = ("light", "dark")


@pytest.fixture(scope="module")
def site() -> Path:
    return built_site()


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def axe() -> Any:
    module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="pip install -e '.[test]'"
    )
    return module.Axe()


def page_kinds(site: Path) -> dict[str, str]:
    """One page of every kind (every article, as they differ most), by name: its site path."""
    archive = json.loads((site / "data" / "archive.json").read_text("utf-8"))
    first = {
        folder: min(p.parent.name for p in (site / folder).glob("*/index.html"))
        for folder in ("places", "sources", "dates")
    }
    kinds = {
        "home": "",
        "places": "places/",
        "place": f"places/{first['places']}/",
        "sources": "sources/",
        "source": f"sources/{first['sources']}/",
        "dates": "dates/",
        "date": f"dates/{first['dates']}/",
        "search": "search/",
        "404": "no-such-page/",
    }
    for article in archive["articles"]:
        kinds[f"article {article['slug'][:40]}"] = article["url"]
    return kinds


def violations(results: Any) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def open_page(browser: Any, url: str, scheme: str, viewport: dict) -> Any:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    if "/search/" in url:
        page.locator(".pagefind-ui__search-input").fill("Russia")
        page.locator(".pagefind-ui__result-link").first.wait_for()
        page.locator(".pagefind-ui__filter-name").first.click()  # a filter group opened too
    return page


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations_on_any_page_kind(
    browser: Any, axe: Any, site: Path, base: str, scheme: str
) -> None:
    found: dict[str, list[str]] = {}
    for name, path in page_kinds(site).items():
        viewport = PHONE if name.startswith("article") and scheme == "dark" else DESKTOP
        page = open_page(browser, base + path, scheme, viewport)
        problems = violations(axe.run(page))
        if problems:
            found[name] = problems
        page.context.close()
    assert found == {}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_highlight_filter_keeps_contrast_when_used(
    browser: Any, axe: Any, site: Path, base: str, scheme: str
) -> None:
    article = next(p for n, p in page_kinds(site).items() if n.startswith("article"))
    page = open_page(browser, base + article, scheme, DESKTOP)
    page.locator("#claim-filter input[name='side']").first.uncheck()
    page.locator("#claim-filter input[name='source']").first.focus()
    assert violations(axe.run(page)) == []
    page.context.close()


def every_affiliation_class() -> list[str]:
    return sorted(set(re.findall(r"\.(aff-[a-z0-9-]+)", STYLESHEET.read_text("utf-8"))))


def swatch_page() -> str:
    """Every highlighted element in every affiliation's colours, with the real stylesheet."""
    rows = []
    for aff in every_affiliation_class():
        rows.append(
            f'<p><mark class="claim claim--quote {aff}">A quoted claim with '
            f'<a class="src {aff}" href="#x">a source</a> and <a class="place" href="#x">a '
            f'place</a> in it</mark><a class="by {aff}" href="#x">Source name</a> '
            f'<mark class="claim claim--figure {aff}">3,000 km</mark> '
            f'<span class="badge {aff}">{aff} · official</span> '
            f'<a class="claim-text claim--reported {aff}" href="#x">a claim in the panel</a> '
            f'<span class="swatch {aff}">{aff}</span> <span class="src {aff}">unlinked</span></p>'
        )
    css = STYLESHEET.read_text("utf-8")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Swatches</title>'
        f"<style>{css}</style></head><body><main>{''.join(rows)}</main></body></html>"
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_highlight_colour_meets_wcag_aa_contrast(browser: Any, axe: Any, scheme: str) -> None:
    assert len(every_affiliation_class()) >= 8
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.set_content(swatch_page())
    results = axe.run(page, options={"runOnly": ["color-contrast"], "resultTypes": ["violations"]})
    checked = page.evaluate("document.querySelectorAll('mark, .by, .badge, .src').length")
    assert checked >= 5 * len(every_affiliation_class())
    assert violations(results) == []
    context.close()


def test_the_contrast_check_does_fail_on_poor_contrast(browser: Any, axe: Any) -> None:
    """The contrast tests would pass on a rule that never fires; this one would not."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
        '<p style="color:#999;background:#fff">faint text</p></main></body></html>'
    )
    results = axe.run(page, options={"runOnly": ["color-contrast"]})
    assert violations(results)
    context.close()
