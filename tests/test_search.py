"""builder.search.indexer: Pagefind indexes the article pages into pagefind/ before the site is
written, in shards, from search records read from the pages; when it cannot run, the build
says so once and still writes the rest."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from builder import cli
from builder.build import BuildOptions, build
from builder.read.config import load_config
from builder.search import indexer as search
from builder.search import records as search_records

ROOT = Path(__file__).resolve().parent.parent


def page(body: str, marked: bool = True) -> bytes:
    attr = " data-pagefind-body" if marked else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
        f"<main{attr}><h1>Title</h1>{body}</main></body></html>"
    ).encode()


def test_only_pages_marked_for_search_are_indexed() -> None:
    files = {
        "index.html": page("home", marked=False),
        "articles/a/index.html": page("an article"),
        "data/archive.json": b"{}",
    }
    assert set(search.pages_to_index(files)) == {"articles/a/index.html"}


def test_without_marked_pages_every_html_document_is_indexed() -> None:
    files = {"index.html": page("home", marked=False), "feed.xml": b"<feed/>", "x.html": b"text"}
    assert set(search.pages_to_index(files)) == {"index.html"}


def test_the_bundle_is_added_to_the_files_and_nothing_is_written(tmp_path: Path) -> None:
    if search.find_binary() is None:
        pytest.skip("Pagefind is not installed (pip install -e .)")
    out = tmp_path / "site"
    files = {
        "articles/a/index.html": page(
            '<p>Shelling near <span data-pagefind-filter="place">Kupiansk</span>.</p>'
        ),
        "index.html": page("home", marked=False),
    }
    assert search.add_index(files, out) == ()
    bundle = {rel for rel in files if rel.startswith("pagefind/")}
    assert {"pagefind/pagefind.js", "pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"} <= bundle
    assert any(re.match(r"pagefind/s0-\w+/filter/", rel) for rel in bundle)
    assert any(re.match(r"pagefind/s0-\w+/fragment/", rel) for rel in bundle)
    assert list(tmp_path.iterdir()) == [], "the scratch folder is removed; out is not written"


def test_a_missing_binary_is_one_warning_and_no_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "find_binary", lambda: None)
    files = {"articles/a/index.html": page("text")}
    found = search.add_index(files, tmp_path / "site")
    assert [d.severity for d in found] == ["warning"]
    assert "without search" in found[0].message and "pagefind" in found[0].hint
    assert set(files) == {"articles/a/index.html"}


def failing_binary(tmp_path: Path) -> Path:
    script = tmp_path / "bin" / "pagefind"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\necho 'Error: the index could not be built' >&2\nexit 3\n")
    script.chmod(0o755)
    return script


def test_a_crashing_binary_is_one_warning_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing_binary(tmp_path)))
    out = tmp_path / "out" / "site"
    files = {"articles/a/index.html": page("text")}
    found = search.add_index(files, out)
    assert len(found) == 1
    assert "exit 3" in found[0].message and "could not be built" in found[0].message, found
    assert not (tmp_path / "out").exists()  # nothing written, not even a scratch folder
    assert set(files) == {"articles/a/index.html"}


def test_a_binary_that_cannot_start_is_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-binary"))
    found = search.add_index({"articles/a/index.html": page("text")}, tmp_path / "site")
    assert len(found) == 1 and "could not run" in found[0].message


def test_the_build_without_pagefind_writes_the_site_and_warns_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing_binary(tmp_path)))
    out = tmp_path / "site"
    code = cli.main(["build", "--root", str(ROOT), "--out", str(out)])
    assert code == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "search" in line]
    assert len(warnings) == 1 and "built without search" in warnings[0]
    assert (out / "index.html").is_file() and (out / "search" / "index.html").is_file()
    assert not (out / "pagefind").exists()


def test_the_search_page_points_at_the_bundle_the_build_writes(tmp_path: Path) -> None:
    if search.find_binary() is None:
        pytest.skip("Pagefind is not installed (pip install -e .)")
    config, _ = load_config(ROOT / "site.yaml")
    out = tmp_path / "site"
    report = build(BuildOptions(root=ROOT, config=config, out_dir=out, base_url="/archive/"))
    assert report.written and not report.warnings, report.warnings
    html = (out / "search" / "index.html").read_text("utf-8")
    ui = re.search(r'data-ui="([^"]+)"', html)
    assert ui and (out / "search" / ui.group(1)).resolve().is_file()
    articles = sorted((out / "articles").glob("*/index.html"))
    fragments = list((out / "pagefind").glob("*/fragment/*"))
    assert len(fragments) == len(articles)  # articles only: no index or listing page
    assert not [p for p in tmp_path.iterdir() if p.name != "site"], "scratch folder left behind"



def test_a_listing_page_marked_for_search_is_indexed_with_the_articles(tmp_path: Path) -> None:
    """The build starts indexing once the article pages are written, while the listing
    pages render; a template that marks a listing page too still gets it indexed."""
    if search.find_binary() is None:
        pytest.skip("Pagefind is not installed (pip install -e .)")
    root = tmp_path / "project"
    for name in ("seeds", "templates", "static"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site.yaml", root / "site.yaml")
    places = root / "templates" / "places.html"
    marked = "<div data-pagefind-body><h1>Places</h1></div>"
    places.write_text(places.read_text("utf-8").replace("<h1>Places</h1>", marked, 1), "utf-8")
    config, _ = load_config(root / "site.yaml")
    out = tmp_path / "site"
    report = build(BuildOptions(root=root, config=config, out_dir=out))
    assert report.written and not report.warnings, report.warnings
    urls = set()
    for manifest in (out / "pagefind").glob(f"*/{search.SHARD_MANIFEST}"):
        urls.update(json.loads(manifest.read_bytes())["ids"])
    articles = {f"/articles/{p.parent.name}/" for p in (out / "articles").glob("*/index.html")}
    assert urls == articles | {"/places/"}
    assert not [p for p in tmp_path.iterdir() if p.name not in ("site", "project")]

# --- Search records: what Pagefind is given of a page -------------------------------------------

ARTICLE = """<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>
<nav><a href="/">Home</a></nav>
<article data-pagefind-body>
  <h1 data-pagefind-meta="title">Shelling near Kupiansk</h1>
  <p class="byline" data-pagefind-ignore><span data-pagefind-filter="outlet">Kyiv Post</span>
    <span data-pagefind-filter="month:2023-02" data-pagefind-sort="date:2023-02-16"
          data-pagefind-meta="date:16 February 2023">16 February 2023</span></p>
  <p id="p1">Officials said <mark>the bridge was hit</mark><a class="by aff-uk" href="#c1">UK
    Ministry of Defence</a>. Russia&#39;s forces withdrew</p>
  <ul><li>One</li><li>Two &amp; three</li></ul>
</article>
<aside><a data-pagefind-filter="place" href="/k/">Kupiansk</a>
  <a data-pagefind-filter="place" href="/k/">Kupiansk</a>
  <span data-pagefind-filter="source[data-name]" data-name="Ministry">x</span>
  <p data-pagefind-ignore="all"><span data-pagefind-filter="place">Hidden</span></p></aside>
</body></html>"""


def test_a_record_holds_the_body_text_only_and_the_filters_of_the_whole_page() -> None:
    found = search_records.record("articles/a/index.html", ARTICLE.encode(), (".by",))
    assert found.url == "/articles/a/" and found.language == "en"
    text = found.content.replace("___PAGEFIND_WEIGHT___7", "").replace(
        "___END_PAGEFIND_WEIGHT___", ""
    )
    words = text.split()
    # Ignored parts, excluded labels and everything outside the body are not text.
    assert "Kyiv" not in words and "Ministry" not in words and "Home" not in words
    assert " ".join(words) == (  # a removed label leaves a space, as it does in Pagefind
        "Shelling near Kupiansk. Officials said the bridge was hit . "
        "Russia's forces withdrew. One. Two & three."
    )
    assert found.meta == {"title": "Shelling near Kupiansk", "date": "16 February 2023"}
    assert found.filters == {
        "outlet": ["Kyiv Post"],
        "month": ["2023-02"],
        "place": ["Kupiansk"],  # once, though the page names it twice
        "source": ["Ministry"],
    }
    assert found.sort == {"date": "2023-02-16"}



def test_a_record_made_with_its_page_is_the_one_the_indexer_reads_from_it(tmp_path: Path) -> None:
    """Workers make each article's search record as they render its page (search.Made):
    the indexer is given the same record, and the page's digest, as reading the page gives."""
    data = ARTICLE.encode()
    made = search.make_record("articles/a/index.html", data, tmp_path)
    expected = search_records.record("articles/a/index.html", data, search.EXCLUDE_SELECTORS)
    assert made.record() == expected and made.record().filters == expected.filters
    assert made.digest == hashlib.sha256(data).digest()

def test_a_heading_keeps_its_weight_in_the_record() -> None:
    found = search_records.record("a/index.html", ARTICLE.encode(), (".by",))
    assert found.content.startswith(
        "___PAGEFIND_WEIGHT___7 Shelling near Kupiansk. ___END_PAGEFIND_WEIGHT___"
    )
    plain = search_records.record("a/index.html", ARTICLE.encode(), (".by",), weights=False)
    assert "___" not in plain.content


def test_a_page_without_a_marked_body_is_read_whole() -> None:
    page = b'<html lang="de"><body><h1>Titel</h1><p>Text hier</p></body></html>'
    found = search_records.record("x.html", page)
    assert found.url == "/x.html" and found.language == "de"
    assert found.meta == {"title": "Titel"} and "Text hier" in found.content


# --- Shards -------------------------------------------------------------------------------------


def test_shards_are_a_power_of_two_and_a_page_keeps_its_shard() -> None:
    assert search.shard_count(1) == 1
    assert search.shard_count(search.SHARD_PAGES) == 1
    assert search.shard_count(search.SHARD_PAGES + 1) == 2
    assert search.shard_count(10 * search.SHARD_PAGES) == 16
    rels = [f"articles/a{i}/index.html" for i in range(3000)]
    plan = search.plan_shards(rels)
    assert sorted(r for shard in plan.values() for r in shard) == sorted(rels)
    sizes = [len(shard) for shard in plan.values()]
    assert len(plan) == search.shard_count(3000) and max(sizes) < 1.3 * 3000 / len(plan)
    # Adding pages moves no page while the count holds.
    more = search.plan_shards(rels + ["articles/new/index.html"])
    assert {n: [r for r in shard if "new" not in r] for n, shard in more.items()} == plan


def marked_pages(count: int) -> dict[str, bytes]:
    return {
        f"articles/a{i}/index.html": page(
            f'<p>Article {i} about <span data-pagefind-filter="place">Place{i % 3}</span>'
            f' and <i>word{i}</i>.</p><span data-pagefind-sort="date:2023-01-{i % 28 + 1:02d}">'
            "</span>"
        )
        for i in range(count)
    }


@pytest.fixture
def with_pagefind() -> None:
    if search.find_binary() is None:
        pytest.skip("Pagefind is not installed (pip install -e .)")


def test_the_bundle_is_byte_identical_from_build_to_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_pagefind: None
) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    pages = marked_pages(12)
    first, problems = search.index_pages(pages, tmp_path / "one")
    second, _ = search.index_pages(pages, tmp_path / "two")
    assert problems == () and first == second
    shards = {rel.split("/")[1] for rel in first if rel.count("/") > 1}
    assert len(shards) >= 2
    # Every shard's filters are there, their values sorted (Pagefind writes them unordered).
    assert sum(rel.endswith(".pf_filter") for rel in first) == len(shards)
    # The WebAssembly once, in the primary shard: merged indexes run on the primary's.
    assert sum(rel.endswith(".pagefind") for rel in first) == 1


def test_results_in_date_order_are_listed_across_shards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_pagefind: None
) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    bundle, _ = search.index_pages(marked_pages(12), tmp_path / "site")
    order = json.loads(bundle["pagefind/sort.json"])["date"]
    ids = {}
    for rel, data in bundle.items():
        if rel.endswith(search.SHARD_MANIFEST):
            ids.update({v: k for k, v in json.loads(data)["ids"].items()})
    numbers = [re.search(r"/a(\d+)/", ids[i]) for i in order]
    dates = [int(n.group(1)) % 28 for n in numbers if n]
    assert len(order) == 12 and dates == sorted(dates)


def test_an_unchanged_shard_is_taken_from_the_previous_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_pagefind: None
) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    pages = marked_pages(12)
    out = tmp_path / "site"
    bundle, _ = search.index_pages(pages, out)
    for rel, data in bundle.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    indexed: list[int] = []
    real = search.index_shard
    monkeypatch.setattr(
        search, "index_shard", lambda *a, **k: indexed.append(1) or real(*a, **k)
    )
    pages["articles/a5/index.html"] = page("<p>Edited text</p>")
    again, problems = search.index_pages(pages, out, reuse=True)
    assert problems == () and len(indexed) == 1  # only the edited page's shard
    fresh, _ = search.index_pages(pages, tmp_path / "clean")
    assert again == fresh  # the same bytes as indexing every shard again


class _Counted(dict[str, bytes]):
    """Pages that count which were read."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        super().__init__(pages)
        self.read: list[str] = []

    def __getitem__(self, rel: str) -> bytes:
        self.read.append(rel)
        return super().__getitem__(rel)


def test_a_shard_indexed_again_reads_only_pages_whose_kept_record_is_not_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_pagefind: None
) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    pages = marked_pages(12)
    out, records = tmp_path / "site", tmp_path / "records"
    bundle, _ = search.index_pages(pages, out, records_to=records)
    for rel, data in bundle.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    shards = {rel.split("/")[1] for rel in bundle if rel.count("/") > 1}
    assert len(list(records.iterdir())) == len(shards) >= 2  # one file a shard
    edited = "articles/a5/index.html"
    counted = _Counted({**pages, edited: page("<p>Edited text</p>")})
    digests = {rel: hashlib.sha256(data).digest() for rel, data in pages.items() if rel != edited}
    again, problems = search.index_pages(
        counted, out, reuse=True, digests=digests, records=records, records_to=records
    )
    assert problems == () and counted.read == [edited]  # not its shard's other pages
    fresh, _ = search.index_pages(dict(counted), tmp_path / "clean")
    assert again == fresh
    # A garbled file, or a record kept for other bytes, is not taken: the pages are read.
    for file in records.iterdir():
        file.write_bytes(file.read_bytes()[:-1] + b"?")
    counted = _Counted({**pages, edited: page("<p>Edited again</p>")})
    again, _ = search.index_pages(counted, out, reuse=True, digests=digests, records=records)
    assert len(counted.read) > 1
    assert again == search.index_pages(dict(counted), tmp_path / "clean2")[0]


def test_kept_records_come_back_only_under_their_version_and_for_their_digest(
    tmp_path: Path,
) -> None:
    """A records file of other code, a deleted folder or another page's bytes gives none."""
    from builder.search import record_cache

    entries = {"a/index.html": (b"d" * 32, b"record")}
    record_cache.save(tmp_path / "kept", 2, 1, "code one", entries)
    assert record_cache.load(tmp_path / "kept", 2, 1, "code one") == entries
    assert record_cache.load(tmp_path / "kept", 2, 1, "code two") == {}
    assert record_cache.load(tmp_path / "kept", 2, 0, "code one") == {}
    assert record_cache.load(tmp_path / "gone", 2, 1, "code one") == {}
    assert record_cache.kept(entries, "a/index.html", b"d" * 32) == b"record"
    assert record_cache.kept(entries, "a/index.html", b"e" * 32) is None
    assert record_cache.kept(entries, "a/index.html", None) is None
