"""URLs, output paths, relative links and slugs."""

from __future__ import annotations

import pytest

from builder import urls


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "News from Ukraine: Zelensky’s heroes shoot down “terrifying” missile",
            "news-from-ukraine-zelenskys-heroes-shoot-down-terrifying-missile",
        ),
        ("Київ і Харків: Запоріжжя", "kyiv-i-kharkiv-zaporizhzhia"),
        ("Объём щита", "obem-shchyta"),
        ("Café Ærø & Straße", "cafe-aero-and-strasse"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("", "article"),
        ("!!!", "article"),
    ],
)
def test_slugify_is_ascii_readable_and_path_safe(title: str, slug: str) -> None:
    assert urls.slugify(title) == slug
    assert urls.is_safe_id(slug)


def test_slugify_cuts_long_titles_on_a_word_boundary() -> None:
    title = " ".join(["counteroffensive"] * 12)
    slug = urls.slugify(title)
    assert len(slug) <= urls.SLUG_MAX
    assert slug.split("-") == ["counteroffensive"] * (len(slug.split("-")))
    assert urls.slugify("x" * 200) == "x" * urls.SLUG_MAX


@pytest.mark.parametrize("bad", ["", "a/b", "..", ".x", "A", "x-", "-x", "a b", "ü"])
def test_unsafe_ids_are_refused(bad: str) -> None:
    assert not urls.is_safe_id(bad)
    with pytest.raises(ValueError):
        urls.place(bad)


def test_page_urls_and_output_paths() -> None:
    assert urls.article("a-b") == "articles/a-b/"
    assert urls.output_path(urls.article("a-b")) == "articles/a-b/index.html"
    assert urls.output_path(urls.HOME) == "index.html"
    assert urls.output_path(urls.NOT_FOUND) == "404.html"
    assert urls.output_path(urls.date("2022-05-14")) == "dates/2022-05-14/index.html"
    assert urls.date("2022-05") == "dates/#m-2022-05"
    assert urls.date("2022") == "dates/#y-2022"
    assert urls.article_data("a-b") == "data/articles/a-b.json"


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [
        ("places/kyiv/", "articles/x/", "../../places/kyiv/index.html"),
        ("", "articles/x/", "../../index.html"),
        ("static/style.css", "", "static/style.css"),
        ("dates/#m-2022-05", "dates/2022-05-14/", "../../dates/index.html#m-2022-05"),
        ("places/", "places/", "../places/index.html"),
        ("", "", "index.html"),
    ],
)
def test_relative_links_work_from_disk_and_under_a_sub_path(
    target: str, page: str, link: str
) -> None:
    assert urls.relative(target, page) == link


def test_pretty_links_without_index_html() -> None:
    assert (
        urls.relative("places/kyiv/", "articles/x/", explicit_index=False) == "../../places/kyiv/"
    )
    assert urls.relative("", "", explicit_index=False) == "./"


def test_absolute_urls_join_base_url_once() -> None:
    assert (
        urls.absolute("feed.xml", "https://u.github.io/repo/")
        == "https://u.github.io/repo/feed.xml"
    )
    assert (
        urls.absolute("feed.xml", "https://u.github.io/repo") == "https://u.github.io/repo/feed.xml"
    )
    assert urls.absolute("", "/") == "/"
    linker = urls.Linker("404.html", "https://u.github.io/repo/", absolute_links=True)
    assert linker("places/") == "https://u.github.io/repo/places/"


def test_feed_ids_are_stable_without_a_host() -> None:
    first = urls.stable_id("articles/x/", "/")
    assert first == urls.stable_id("articles/x/", "/")
    assert first.startswith("urn:uuid:")
    assert urls.stable_id("articles/x/", "https://a.example/") == "https://a.example/articles/x/"
