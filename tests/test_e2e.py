"""End to end: the real seeds/ through the real stages into a complete, browsable site."""

from __future__ import annotations

import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from builder import urls
from builder.build import BuildOptions, Report, build
from builder.preview import hosting
from builder.read.config import load_config
from builder.write.output import MARKER

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BASE_URL = "https://example.org/archive/"

# Page furniture from the seeds (issue 2): none of it may reach an article's text.
FURNITURE = (
    "Skip to main content",
    "We use your sign-up to provide content",
    "Scroll to Continue",
    "READ MORE:",
    "[BREAKING]",
    "[WATCH]",
    "[LIVE]",
    "[INSIGHT]",
    "[REPORT]",
    "[REVEAL]",
    "Most read in",
    "Love Island",  # a headline listed under "Most read in The Sun"
    "Full list of businesses closed",
    "Read More on",
    "too lazy to bring in her bins",  # a headline listed after "Read More on The Sun"
    "Related Articles",
    "Source: Read Full Article",
    "Ukraine: Shopping mall in Kyiv struck by Russian shelling",  # a video title
    "Now Sweden denounces Putin",
    "Thousands of Britons plunged",
    "UK troops graves daubed",
)
# Real body sentences from every seed: cleaning must keep them.
BODY = (
    "The missile was shot down over Krovohrad Oblast in central Ukraine",
    "He said Russia is unlikely to significantly accelerate its pace of progress",
    "Troops launched a series of offensives on the Russian invaders",
    "Even so, this push was",
    "Russian forces had left Balacria a few days earlier.",
    "Zelensky said Ukrainian forces continued to advance in various areas along the front line.",
    "Maliar said that Russia has launched about 250 missiles this past week",
    "The Armed Forces of Ukraine said in a statement",
    "VLADIMIR Putin's troops have begun abandoning another major city",
    "Independent Russian political analyst Abbas Gallyamov said the setback",
    "As the offensive appears to be on the brink of collapse",
)
# Photo captions printed twice with a credit line: each must be kept exactly once.
CAPTIONS = (
    "A firefighter worked to put out a blaze",
    "A building in Kherson was left heavily damaged",
    "Russian President Vladimir Putin has remained steadfast",
)


def tree(folder: Path) -> dict[str, bytes]:
    """The site's files; the build's own cache (.cache/, never published) is left out."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != ".cache"
    }


def fingerprint(folder: Path) -> dict[str, str]:
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in tree(folder).items()}


def run_build(out: Path, seeds: Path | None = None, **overrides: object) -> Report:
    config, problems = load_config(ROOT / "site.yaml")
    assert not problems, problems
    options = BuildOptions(root=ROOT, config=config, seeds_dir=seeds, out_dir=out, **overrides)  # type: ignore[arg-type]
    return build(options)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    before = fingerprint(SEEDS)
    out = tmp_path_factory.mktemp("e2e") / "site"
    report = run_build(out, base_url=BASE_URL)
    assert fingerprint(SEEDS) == before, "the build changed seeds/"
    return out, report


@pytest.fixture(scope="module")
def site(built: tuple[Path, Report]) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def archive(site: Path) -> dict:
    return json.loads((site / urls.ARTICLES_DATA).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles(site: Path, archive: dict) -> list[dict]:
    return [
        json.loads((site / urls.article_data(a["slug"])).read_text(encoding="utf-8"))
        for a in archive["articles"]
    ]


# --- The build itself --------------------------------------------------------------------


def test_the_seeds_build_without_errors(built: tuple[Path, Report]) -> None:
    _, report = built
    assert not report.errors, "\n".join(map(str, report.errors))
    assert report.written
    assert report.articles == 5
    assert report.claims > 0


def test_the_expected_pages_exist(site: Path, archive: dict) -> None:
    expected = [
        "index.html",
        "404.html",
        urls.FEED,
        urls.SITEMAP,
        urls.ROBOTS,
        urls.NOJEKYLL,
        urls.ARTICLES_DATA,
        urls.output_path(urls.PLACES),
        urls.output_path(urls.DATES),
        urls.output_path(urls.SOURCES),
        MARKER,
    ]
    assert len(archive["articles"]) == 5
    for a in archive["articles"]:
        expected += [urls.output_path(urls.article(a["slug"])), urls.article_data(a["slug"])]
    assert archive["places"] and archive["sources"] and archive["dates"]
    expected += [urls.output_path(urls.place(p["id"])) for p in archive["places"]]
    expected += [urls.output_path(urls.source(s["id"])) for s in archive["sources"]]
    days = [d["date"] for d in archive["dates"] if len(d["date"]) == 10]
    assert days, "no day-precise date in the whole archive"
    expected += [urls.output_path(urls.date(day)) for day in days]
    missing = [rel for rel in expected if not (site / rel).is_file()]
    assert not missing


def test_every_article_has_a_page_and_json_for_its_seed(articles: list[dict]) -> None:
    assert sorted(a["source_file"] for a in articles) == sorted(
        f"seeds/{p.name}" for p in SEEDS.iterdir() if p.suffix in (".txt", ".md")
    )
    assert all(a["schema"] == 1 and a["title"] and a["text"] for a in articles)


# --- Pages parse and every internal link resolves ----------------------------------------


class Page(HTMLParser):
    """Collects the links and assets of one page and checks that its tags balance."""

    VOID = frozenset(
        [
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        ]
    )
    # Elements whose end tag HTML lets an author leave out.
    OPTIONAL_END = frozenset(["p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody"])

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack[-1] != tag and self.stack[-1] in self.OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()


def parse_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_parses_with_balanced_tags(site: Path) -> None:
    problems = {}
    for path in html_pages(site):
        page = parse_page(path)
        unclosed = [t for t in page.stack if t not in Page.OPTIONAL_END]
        if page.problems or unclosed:
            problems[path.relative_to(site).as_posix()] = page.problems + unclosed
    assert not problems
    assert len(html_pages(site)) >= 5 + 4


def resolve_link(site: Path, page: Path, link: str) -> tuple[str, str] | None:
    """(file, fragment) a link on `page` leads to, "" when broken, None when external."""
    parts = urlsplit(link)
    if parts.scheme in ("mailto", "tel", "javascript", "data"):
        return None
    if parts.scheme or parts.netloc or link.startswith("/"):
        found = hosting.resolve_url(site, link, BASE_URL)
        if parts.netloc and parts.netloc != urlsplit(BASE_URL).netloc:
            return None
        return (found.path if found.kind == "file" else "", parts.fragment)
    if not parts.path:
        return (page.relative_to(site).as_posix(), parts.fragment)
    target = (page.parent / unquote(parts.path)).resolve()
    if site.resolve() not in target.parents:
        return ("", parts.fragment)
    rel = target.relative_to(site.resolve()).as_posix()
    if parts.path.endswith("/"):
        rel += "/"
    found = hosting.resolve(site, rel)
    if found.kind == "redirect":
        found = hosting.resolve(site, found.path)
    return (found.path if found.kind == "file" else "", parts.fragment)


def test_every_internal_link_and_asset_resolves(site: Path) -> None:
    broken: list[str] = []
    ids = {p.relative_to(site).as_posix(): parse_page(p).ids for p in html_pages(site)}
    checked = 0
    for path in html_pages(site):
        for link in parse_page(path).links:
            resolved = resolve_link(site, path, link)
            if resolved is None:
                continue
            checked += 1
            target, fragment = resolved
            where = f"{path.relative_to(site).as_posix()}: {link}"
            if not target:
                broken.append(where)
            elif fragment and target in ids and fragment not in ids[target]:
                broken.append(f"{where} (no id {fragment!r})")
    assert not broken
    assert checked > 50


def test_every_page_links_its_stylesheet(site: Path) -> None:
    for path in html_pages(site):
        links = parse_page(path).links
        assert any(link.endswith(".css") for link in links), path


def test_feed_and_sitemap_are_xml_and_point_into_the_site(site: Path, archive: dict) -> None:
    sitemap = ET.parse(site / urls.SITEMAP).getroot()
    locs = [el.text or "" for el in sitemap.iter() if el.tag.endswith("loc")]
    feed = ET.parse(site / urls.FEED).getroot()
    hrefs = [el.get("href", "") for el in feed.iter() if el.tag.endswith("link")]
    entries = [el for el in feed.iter() if el.tag.endswith("entry")]
    assert len(entries) == len(archive["articles"]) == 5  # undated articles are listed too
    assert len(locs) >= 5
    for url in locs + hrefs:
        assert url.startswith(BASE_URL), url
        assert hosting.resolve_url(site, url, BASE_URL).kind != "missing", url


def test_robots_points_to_the_sitemap(site: Path) -> None:
    assert f"Sitemap: {BASE_URL}{urls.SITEMAP}" in (site / urls.ROBOTS).read_text()


# --- The data export ---------------------------------------------------------------------


def spans_of(article: dict) -> list[dict]:
    spans = []
    for claim in article["claims"]:
        spans.append(claim)
        if claim.get("source_mention"):
            spans.append(claim["source_mention"])
    for group in ("sources", "places"):
        for item in article[group]:
            spans += item["mentions"]
    return spans + article["dates"]


def test_json_offsets_match_their_text(articles: list[dict]) -> None:
    checked = 0
    for article in articles:
        text = article["text"]
        for span in spans_of(article):
            assert text[span["start"] : span["end"]] == span["text"], (article["slug"], span)
            checked += 1
    assert checked > 50


def test_json_urls_and_ids_are_stable_relative_slugs(articles: list[dict]) -> None:
    for article in articles:
        assert article["url"] == urls.article(article["slug"])
        assert urls.is_safe_id(article["slug"]) and article["slug"].isascii()
        for place in article["places"]:
            assert urls.is_safe_id(place["id"])
        for source in article["sources"]:
            assert urls.is_safe_id(source["id"])


def test_every_article_has_claims_sources_and_places(articles: list[dict]) -> None:
    for article in articles:
        counts = {k: len(article[k]) for k in ("claims", "sources", "places")}
        assert all(counts.values()), (article["source_file"], counts)
    # A date is left out when it cannot be resolved (an undated article's "on Monday").
    assert sum(len(a["dates"]) for a in articles) >= 5


# --- Cleaning ----------------------------------------------------------------------------


def test_no_furniture_survives_in_any_article(articles: list[dict]) -> None:
    leaks = [
        (a["source_file"], f) for a in articles for f in FURNITURE if f in a["text"] + a["title"]
    ]
    assert not leaks


def test_real_paragraphs_survive_cleaning(articles: list[dict]) -> None:
    everything = "\n".join(a["text"] for a in articles)
    assert [s for s in BODY if s not in everything] == []


def test_captions_are_kept_once_without_their_credit_line(articles: list[dict]) -> None:
    everything = "\n".join(a["text"] for a in articles)
    assert {c: everything.count(c) for c in CAPTIONS} == {c: 1 for c in CAPTIONS}
    assert "\nvia REUTERS" not in everything and "\n\nREUTERS" not in everything


def test_titles_drop_section_suffixes_and_name_the_outlet(articles: list[dict]) -> None:
    by_file = {Path(a["source_file"]).name: a for a in articles}
    sun = by_file["004_a27d26d7a007d44d.txt"]
    assert sun["outlet"] == "The Sun" and not sun["title"].endswith("The Sun")
    express = by_file["000_b4a03408000191fb.txt"]
    assert "| World" not in express["title"] and express["outlet"] != "World"
    assert express["author"] == "Christi C. Elwood"
    assert "Christi C. Elwood" not in express["text"]


# --- Determinism, atomicity, no stale pages ------------------------------------------------


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_build(again, base_url=BASE_URL).written
    assert tree(again) == tree(site)  # the search bundle too (the indexer sorts Pagefind's)
    assert "pagefind/pagefind.js" in tree(again)


def copy_seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds


def test_a_failed_strict_build_leaves_the_previous_site_byte_identical(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    out = tmp_path / "site"
    assert run_build(out, seeds).written
    before = tree(out)
    (seeds / "zz_empty.txt").write_bytes(b"")
    (seeds / "000_b4a03408000191fb.txt").write_text("Changed title\n\nChanged body.\n")
    report = run_build(out, seeds, strict=True)
    assert not report.written
    assert any(d.path.endswith("zz_empty.txt") for d in report.errors)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds", "site"]


def test_a_removed_seed_leaves_no_trace(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    out = tmp_path / "site"
    assert run_build(out, seeds).written
    archive = json.loads((out / urls.ARTICLES_DATA).read_text())
    gone = archive["articles"][0]
    victim = json.loads((out / urls.article_data(gone["slug"])).read_text())["source_file"]
    (seeds / Path(victim).name).unlink()
    assert run_build(out, seeds).written
    assert not (out / urls.output_path(urls.article(gone["slug"]))).exists()
    assert not (out / urls.article_data(gone["slug"])).exists()
    mentioning = [
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and f"articles/{gone['slug']}/" in p.read_text(errors="replace")
    ]
    assert mentioning == []


def test_unchanged_output_files_are_left_untouched_by_a_rebuild(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    out = tmp_path / "site"
    run_build(out, seeds)
    before = {rel: (out / rel).stat().st_ino for rel in tree(out)}
    old_bundle = {rel: data for rel, data in tree(out).items() if rel.startswith("pagefind/")}
    report = run_build(out, seeds)
    after = {rel: (out / rel).stat().st_ino for rel in tree(out)}
    rewritten = [
        rel
        for rel, data in tree(out).items()
        if rel.startswith("pagefind/") and old_bundle.get(rel) != data
    ]
    assert report.changed == len(rewritten)
    assert after == before
