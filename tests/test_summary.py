"""The main process keeps summaries of the articles' results (builder.assemble.summary): a site
assembled from them renders every page as the whole results do, and the article cache gives
a summary back only while it can give the whole result too."""

from __future__ import annotations

from pathlib import Path

from builder.assemble import summary
from builder.assemble.site import assemble
from builder.incremental import cache as article_cache
from builder.render.pages import render_site
from tests.golden.fixture import FakeGazetteer, fixture_items
from tests.render_helpers import CONFIG, TEMPLATES, fixture_files


def summarized_site():  # type: ignore[no-untyped-def]
    items = fixture_items()
    whole = {document.source_file: (document, found) for document, found in items}
    site, _ = assemble([summary.summarize(*item) for item in items], CONFIG, FakeGazetteer())

    def back(article):  # type: ignore[no-untyped-def]
        document, found = whole[article.document.source_file]
        return type(article)(article.slug, document, found)

    return site, back


def test_a_site_of_summaries_renders_the_same_bytes_as_the_whole_results() -> None:
    import dataclasses

    site, back = summarized_site()
    assert all(summary.is_summary(a.document) for a in site.articles)
    assert render_site(dataclasses.replace(site, whole=back), CONFIG, TEMPLATES) == fixture_files()


def test_only_article_pages_and_data_files_need_the_whole_articles() -> None:
    import dataclasses

    site, whole = summarized_site()
    asked: list[str] = []

    def back(article):  # type: ignore[no-untyped-def]
        asked.append(article.slug)
        return whole(article)

    render_site(dataclasses.replace(site, whole=back), CONFIG, TEMPLATES)
    assert sorted(asked) == sorted([a.slug for a in site.articles] * 2), "a page and a data file"


def test_a_summary_summarized_again_is_the_same_summary() -> None:
    for item in fixture_items():
        once = summary.summarize(*item)
        assert summary.summarize(*once) == once
        assert once[0].text == item[0].text


def test_the_cache_gives_a_summary_back_only_while_the_whole_entry_is_readable(
    tmp_path: Path,
) -> None:
    store: article_cache.ArticleCache[object] = article_cache.ArticleCache(tmp_path)
    key = "ab" * 32
    store.put_payload(key, article_cache.dumps("whole"), article_cache.dumps("brief"))
    assert store.get_summary(key) == "brief" and store.get(key) == "whole"
    assert store.keys() == {key}, "a summary is not an entry of its own"
    (tmp_path / key[:2] / key).write_bytes(b"garbage")
    assert store.get_summary(key) is None
    moved: article_cache.ArticleCache[object] = article_cache.ArticleCache(tmp_path / "other")
    store.put_payload(key, article_cache.dumps("whole"), article_cache.dumps("brief"))
    store.move(key, moved)
    assert moved.get_summary(key) == "brief" and store.get_summary(key) is None
    moved.prune(keep=())
    assert moved.keys() == set() and not list((tmp_path / "other").rglob(key))
