"""An article's search record made from its view equals the one read back from its page."""

from __future__ import annotations

import dataclasses
import os
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from builder import knowledge as knowledge_stage
from builder import urls
from builder.model import Article
from builder import process
from builder.process import page_path, process_seed
from builder.read.seeds import SeedFile, read_seeds
from builder.render import pages
from builder.render.highlight import Known
from builder.search import indexer, records, view_record
from tests.render_helpers import CONFIG, TEMPLATES, fixture_site

ROOT = Path(__file__).resolve().parent.parent

# Texts the reader of a page could read otherwise than the view says: each page is read.
ODD = (
    'She said the class=by rule "was dropped" on Monday, officials told the BBC.',
    "A data-pagefind-meta=\"title:x\" note, the ministry said, was wrong.",
    "Control \x01 characters, the mayor said, stay out.",
)


def test_the_templates_are_those_the_view_record_mirrors() -> None:
    assert view_record.templates_digest(TEMPLATES) == view_record.TEMPLATES, (
        "an article page's template changed: make view_record.article_record() write what "
        "records.record() reads from the new page, then set view_record.TEMPLATES"
    )
    assert view_record.fits(TEMPLATES)
    assert not view_record.fits(ROOT / "tests")


@lru_cache(maxsize=1)
def _knowledge() -> knowledge_stage.Knowledge:
    return knowledge_stage.load()[0]


# Dev sets only (never a blind one): see tests/dev_sets.py.
FOLDERS = ("seeds", "tests/heldout2", "tests/heldout4")


def _articles() -> list[Article]:
    seeds = [seed for name in FOLDERS for seed in read_seeds(ROOT / name, ROOT)[0]]
    odd = [
        SeedFile(f"seeds/odd{n}.md", f"---\ntitle: Odd {n}\n---\n\n{text}\n".encode())
        for n, text in enumerate(ODD)
    ]
    found = []
    for seed in (*seeds, *odd):
        processed = process_seed(seed, _knowledge())
        document = processed.document
        assert document is not None
        slug = urls.slugify(document.meta.title)
        found.append(Article(slug, document, processed.annotations))
    return [*found, *fixture_site().articles]


def _known(article: Article) -> Known:
    a = article.annotations
    published = {article.published.isoformat()} if article.published else set()
    days = {m.date for m in a.dates} | published
    return Known(
        frozenset(p.id for p in a.places),
        frozenset(d for d in days if len(d) == 10),
        frozenset(s.id for s in a.sources),
    )


@pytest.mark.parametrize("linked", [True, False])
def test_a_record_from_the_view_is_the_page_read_back(linked: bool) -> None:
    made = 0
    for article in _articles():
        known = _known(article) if linked else Known(frozenset(), frozenset(), frozenset())
        (_, page), _, view = pages.article_files(article, CONFIG, TEMPLATES, known)
        rel = page_path(article.slug)
        found = view_record.article_record(records.page_url(rel), article, view, page)
        read = records.record(rel, page, indexer.EXCLUDE_SELECTORS)
        if article.meta.title.startswith("Odd "):
            assert found is None, article.meta.title
            continue
        assert found is not None, article.slug
        assert records.dumps(found) == records.dumps(read), article.slug
        made += 1
    assert made >= 25


def test_a_comma_in_a_filter_value_has_the_page_read() -> None:
    """An affiliation written into `affiliation:<value>` with a comma in it is read by the
    page's reader as two filters, the second here `name[attribute]`, an attribute of the
    section's own tag (its data-source) that the view does not write: the page is read."""
    article = next(a for a in fixture_site().articles if a.annotations.claims)
    sources = article.annotations.sources
    cited = {c.source for c in article.annotations.claims}
    comma = "Kyiv, side[data-source]"
    odd = tuple(dataclasses.replace(s, affiliation=comma) if s.id in cited else s for s in sources)
    assert odd != sources
    annotations = dataclasses.replace(article.annotations, sources=odd)
    article = dataclasses.replace(article, annotations=annotations)
    known = _known(article)
    (_, page), _, view = pages.article_files(article, CONFIG, TEMPLATES, known)
    rel = page_path(article.slug)
    assert f'data-pagefind-filter="affiliation:{comma}"'.encode() in page
    assert view_record.article_record(records.page_url(rel), article, view, page) is None


def test_an_error_in_the_view_record_has_the_page_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker whose view record fails writes the record read back from the page, as for a
    page whose text it refuses: making it from the view never fails a build."""
    seed = read_seeds(ROOT / "seeds", ROOT)[0][0]
    processed = process_seed(seed, _knowledge())

    def broken(*args: object) -> records.Record | None:
        raise ValueError("a view the record does not expect")

    monkeypatch.setattr(view_record, "article_record", broken)
    pre = process._prerender(processed, process.PagePlan(CONFIG, TEMPLATES, tmp_path))
    assert pre is not None and pre.search is not None
    page = Path(pre.stem + ".page").read_bytes()
    read = records.record(page_path(pre.slug), page, indexer.EXCLUDE_SELECTORS)
    assert pre.search.path.read_bytes() == records.dumps(read)


def test_a_template_edited_mid_build_has_its_pages_read(tmp_path: Path) -> None:
    """fits() is kept for a process's life only while the templates' files are unchanged:
    the template environment re-reads an edited one, whose pages the view does not mirror."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    assert view_record.fits(folder)
    article = folder / "article.html"
    stat = article.stat()
    article.write_bytes(article.read_bytes() + b"<!-- edited -->\n")
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not view_record.fits(folder)
