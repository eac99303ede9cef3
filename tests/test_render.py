"""render_site(): every page parses, every link resolves, text is escaped, output is stable."""

from __future__ import annotations

import copy
import posixpath
import re
from urllib.parse import unquote, urldefrag

import pytest

from builder.assemble.site import assemble
from builder.model import SiteConfig
from builder.render.pages import render_site
from tests.golden.fixture import FakeGazetteer, fixture_items
from tests.render_helpers import CONFIG, STATIC, TEMPLATES, fixture_files, fixture_site, parse_page

HTML = [p for p in fixture_files() if p.endswith(".html")]
ARTICLE = "articles/ukraine-retakes-balakliia-as-counteroffensive-gathers-pace/index.html"
HOSTILE = "articles/zaporizhzhia-script-alert-x-script-and-quotes/index.html"
# The one script a page may load: the site's own enhancements, from static/.
SITE_SCRIPT = re.compile(r'<script src="[^"<>]*static/site\.js" defer></script>')


def page(path: str) -> str:
    return fixture_files()[path].decode("utf-8")


def test_every_output_the_site_needs_is_there() -> None:
    files = fixture_files()
    for required in (
        "index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "places/index.html",
        "dates/index.html",
        "sources/index.html",
        "data/archive.json",
        "places/kharkiv/index.html",
        "sources/uk-mod/index.html",
        "dates/2022-09-10/index.html",
    ):
        assert required in files
    site = fixture_site()
    assert sum(p.startswith("articles/") for p in files) == len(site.articles)
    assert sum(p.startswith("data/articles/") for p in files) == len(site.articles)


@pytest.mark.parametrize("path", HTML)
def test_every_page_parses_with_balanced_tags_and_unique_ids(path: str) -> None:
    parsed = parse_page(fixture_files()[path])
    assert parsed.errors == []
    assert len(parsed.ids) == len(set(parsed.ids)), path
    html = page(path)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "</head>" in html and '<main id="main"' in html


@pytest.mark.parametrize("path", [p for p in HTML if p != "404.html"])
def test_every_internal_link_and_anchor_resolves(path: str) -> None:
    files = fixture_files()
    ids = {p: set(parse_page(files[p]).ids) for p in HTML}
    for link in parse_page(files[path]).links:
        if link.startswith(("https://", "http://", "mailto:")):
            continue
        target, fragment = urldefrag(link)
        resolved = (
            posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(target)))
            if target
            else path
        )
        exists = resolved in files or (STATIC / resolved.removeprefix("static/")).is_file()
        assert exists, f"{path}: broken link {link}"
        if fragment:
            assert fragment in ids[resolved], f"{path}: missing anchor {link}"


def test_404_page_links_from_the_base_url_so_it_works_at_any_depth() -> None:
    links = [x for x in parse_page(fixture_files()["404.html"]).links if not x.startswith("#")]
    assert links and all(link.startswith(CONFIG.base_url) for link in links)


def test_hostile_text_is_escaped_everywhere() -> None:
    for path, content in fixture_files().items():
        if not path.endswith((".html", ".xml")):
            continue
        text = SITE_SCRIPT.sub("", content.decode("utf-8"))
        assert "<script" not in text, path
        assert "<img" not in text, path
        assert "<b>" not in text, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(HOSTILE)
    assert "&lt;img src=x onerror=" in page("sources/hostile/index.html")


def test_two_renders_are_byte_identical_and_leave_the_model_unchanged() -> None:
    site, _ = assemble(fixture_items(), CONFIG, FakeGazetteer())
    before = copy.deepcopy(site)
    first = render_site(site, CONFIG, TEMPLATES)
    second = render_site(site, CONFIG, TEMPLATES)
    assert first == second
    assert site == before


def test_claims_are_highlighted_by_kind_and_affiliation_and_tied_to_their_source() -> None:
    html = page(ARTICLE)
    assert '<mark class="claim claim--reported aff-ukraine" id="claim-c1" data-claim="c1">' in html
    assert '<mark class="claim claim--figure aff-none" id="claim-c4"' in html
    # The visible label names the source and leads to the panel, which leads back.
    assert re.search(r'<a class="by aff-ukraine" href="#panel-c1"[^>]*>Hanna Maliar</a>', html)
    assert (
        '<li id="panel-c1"><a class="claim-text claim--reported aff-ukraine" href="#claim-c1">'
        in html
    )
    # The source's mention is marked and links to its page.
    assert re.search(
        r'<a class="src aff-uk" href="../../sources/uk-mod/index.html"[^>]*>'
        r"British military intelligence</a>",
        html,
    )


def test_a_relayed_claim_names_who_relayed_it() -> None:
    # The fixture's tweet relays Raikovych's words: the reader of the article and of his
    # page learns they came via the Kyiv Independent, not from him directly.
    html = page("articles/zaporizhzhia-script-alert-x-script-and-quotes/index.html")
    assert 'aria-label="reported from Andriy Raikovych via The Kyiv Independent;' in html
    panel = re.search(r'<li id="panel-c3">.*?</li>', html)
    assert panel and re.search(
        r'<span class="via">via <a href="[^"]*sources/kyiv-independent/[^"]*">'
        r"The Kyiv Independent</a></span>",
        panel.group(),
    )
    listed = page("sources/raikovych/index.html")
    assert '<span class="via">via <a href="../../sources/kyiv-independent/index.html">' in listed


def test_a_claim_over_two_paragraphs_is_split_with_one_id_and_one_label() -> None:
    html = page(ARTICLE)
    assert html.count('data-claim="c2"') == 2  # one per paragraph
    assert html.count('id="claim-c2"') == 1
    assert html.count('href="#panel-c2"') == 1
    first_piece = html.index('id="claim-c2"')
    assert html.index('href="#panel-c2"') > html.index('data-claim="c2">They have lost')
    assert first_piece < html.index("They have lost", html.index("<main"))


def test_places_and_dates_link_to_their_pages_and_metonyms_are_styled_apart() -> None:
    html = page(ARTICLE)
    assert '<a class="place" href="../../places/balakliia/index.html">Balakliia</a>' in html
    assert 'class="place place--metonym" href="../../places/moscow/index.html"' in html
    assert (
        '<a class="date" href="../../dates/2022-09-10/index.html">'
        '<time datetime="2022-09-10">Saturday</time></a>'
    ) in html
    assert 'href="../../dates/index.html#m-2022-02"' in html  # a month links to the calendar


def test_paragraph_kinds_become_lists_quotes_headings_and_captions() -> None:
    html = page(ARTICLE)
    assert re.search(r"<ul>\s*<li id=\"p5\">Supply lines cut</li>\s*<li id=\"p6\">Morale low", html)
    assert html.count("<blockquote>") == 1
    assert '<h2 id="p2">What the ministry said</h2>' in html
    assert '<p class="caption" id="p7">' in html and '<span class="credit">REUTERS</span>' in html
    assert "<strong>he Russian forces are fallin</strong>" in html  # Markdown marks kept


def test_inferred_dates_say_so_with_the_reason() -> None:
    html = page(HOSTILE)
    assert "(inferred)" in html
    assert 'title="Inferred from the text: &#39;Saturday May 14&#39; and' in html
    assert "inferred" in page("index.html")


def test_nested_claims_and_nested_source_mentions_never_nest_links() -> None:
    html = page(HOSTILE)
    assert 'class="claim claim--reported aff-ukraine" id="claim-c3"' in html
    assert parse_page(fixture_files()[HOSTILE]).errors == []


def test_listing_pages_show_counts_groups_and_calendars() -> None:
    index = page("index.html")
    titles = re.findall(r'<h2 class="article-title"><a href="articles/([^/]+)/', index)
    assert titles == [  # newest first, undated last
        "ukraine-retakes-balakliia-as-counteroffensive-gathers-pace",
        "zaporizhzhia-script-alert-x-script-and-quotes",
        "ukraine-retakes-balakliia-as-counteroffensive-gathers-pace-2",
    ]
    assert "4 claims · 3 sources · 3 places" in index
    places = page("places/index.html")
    assert places.index("Kharkiv Oblast</h2>") < places.index("Countries</h2>")
    dates = page("dates/index.html")
    assert 'id="m-2022-09"' in dates and 'id="m-2022-02"' in dates and 'id="y-2022"' in dates
    assert 'href="../dates/2022-09-10/index.html"' in dates
    source = page("sources/kyiv-independent/index.html")
    assert "Claims relayed by The Kyiv Independent" in source


def test_place_and_date_pages_list_claims_and_mentions() -> None:
    kharkiv = page("places/kharkiv/index.html")
    assert "Kharkiv Oblast</a>" in kharkiv and "49.9935, 36.2304" in kharkiv
    assert "The Russian forces are falling back towards Kharkiv" in kharkiv
    assert "Balakliia</a>" in kharkiv  # nearby
    moscow = page("places/moscow/index.html")
    assert "standing for its government or army" in moscow
    day = page("dates/2022-09-10/index.html")
    assert "Saturday, 10 September 2022" in day
    assert "Ukrainian troops had entered Balakliia" in day


def test_pretty_links_when_asked() -> None:
    files = render_site(fixture_site(), CONFIG, TEMPLATES, explicit_index=False)
    html = files["places/index.html"].decode()
    assert 'href="../places/kharkiv/"' in html
    assert "index.html" not in html.replace('"../index.html"', "")


def test_an_article_page_with_its_css_stays_under_100_kb() -> None:
    css = (STATIC / "style.css").stat().st_size
    assert max(len(fixture_files()[p]) for p in HTML) + css < 100_000


def test_an_empty_archive_still_renders() -> None:
    site, _ = assemble([], SiteConfig(), None)
    files = render_site(site, SiteConfig(), TEMPLATES)
    assert {"index.html", "feed.xml", "places/index.html", "data/archive.json"} <= set(files)


def test_the_fragments_memo_renders_a_macro_once_and_tells_macros_of_one_name_apart() -> None:
    """memo() names a macro by Jinja's private `Macro._func` (see fragments.macro_code): a
    Jinja release that drops it would make every call render again (this test counts the
    renders), and one that shares one function between macros would give one macro's
    output for another's (this test has two macros of one name, in two templates)."""
    from jinja2 import DictLoader, Environment

    from builder.render.fragments import Fragments
    from builder.urls import Linker

    rendered: list[str] = []

    def count(x: object) -> str:
        rendered.append(str(x))
        return ""

    env = Environment(
        loader=DictLoader(
            {
                "a.html": "{% macro line(x) %}{{ count(x) }}A{{ x }}{% endmacro %}",
                "b.html": "{% macro line(x) %}{{ count(x) }}B{{ x }}{% endmacro %}",
                "page.html": (
                    '{% from "a.html" import line with context %}'
                    '{% from "b.html" import line as other with context %}'
                    "{{ memo(line, 1) }}{{ memo(other, 1) }}{{ memo(line, 1) }}{{ memo(line, 2) }}"
                ),
            }
        ),
        autoescape=True,
    )
    env.globals["count"] = count
    fragments = Fragments()
    pages = [
        env.get_template("page.html").render(page=page, memo=fragments.memo)
        for page in (type("P", (), {"link": Linker(url)})() for url in ("a/", "b/", "c/d/"))
    ]
    assert pages == ["A1B1A1A2", "A1B1A1A2", "A1B1A1A2"]
    # Each macro and argument once per link form ("a/" and "b/" share one; "c/d/" does not).
    assert sorted(rendered) == ["1", "1", "1", "1", "2", "2"]


def test_the_fragments_memo_tells_apart_macros_of_one_text_that_import_other_helpers() -> None:
    """Two templates' macros of the same text compile to equal code (Python compares code by
    value): the memo must not give one's output for the other's."""
    from jinja2 import DictLoader, Environment

    from builder.render.fragments import Fragments
    from builder.urls import Linker

    same = "{% macro line(x) %}{{ h(x) }}{% endmacro %}"
    env = Environment(
        loader=DictLoader(
            {
                "a.html": '{% from "ha.html" import h %}' + same,
                "b.html": '{% from "hb.html" import h %}' + same,
                "ha.html": "{% macro h(x) %}A{{ x }}{% endmacro %}",
                "hb.html": "{% macro h(x) %}B{{ x }}{% endmacro %}",
                "page.html": (
                    '{% from "a.html" import line %}{% from "b.html" import line as other %}'
                    "{{ memo(line, 1) }}{{ memo(other, 1) }}"
                ),
            }
        ),
        autoescape=True,
    )
    page = type("P", (), {"link": Linker("a/")})()
    assert env.get_template("page.html").render(page=page, memo=Fragments().memo) == "A1B1"


def test_the_fragments_memo_renders_every_call_where_a_macro_has_no_code_to_name_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Jinja without Macro._func: memo() renders each call (the same bytes), not fails."""
    from types import SimpleNamespace

    from jinja2 import DictLoader, Environment

    from builder.render import fragments
    from builder.urls import Linker

    assert fragments.macro_code(SimpleNamespace()) is None
    assert fragments.macro_code(SimpleNamespace(_func=object())) is None
    rendered: list[object] = []
    env = Environment(
        loader=DictLoader(
            {
                "page.html": (
                    "{% macro line(x) %}{{ count(x) }}A{{ x }}{% endmacro %}"
                    "{{ memo(line, 1) }}{{ memo(line, 1) }}"
                )
            }
        ),
        autoescape=True,
    )
    env.globals["count"] = lambda x: rendered.append(x) or ""
    monkeypatch.setattr(fragments, "macro_code", lambda _: None)
    page = type("P", (), {"link": Linker("a/")})()
    html = env.get_template("page.html").render(page=page, memo=fragments.Fragments().memo)
    assert html == "A1A1" and rendered == [1, 1]


def test_the_escaping_environment_renders_what_jinja_renders_and_calls_escape_output() -> None:
    """escape.Environment's templates write every value as Jinja's own do (plain strings,
    Markup, numbers, values in blocks, macros, filters and a block that turns autoescape
    off), an undefined name still fails, and the generator still overrides the method
    Jinja compiles output expressions with (else it would compile as Jinja does, slower)."""
    from jinja2 import DictLoader, Environment, StrictUndefined, UndefinedError
    from markupsafe import Markup

    from builder.render import escape

    templates = {
        "page.html": (
            "{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}"
            "{{ s }}|{{ mk }}|{{ n }}|{{ none }}|{{ m(s) }}|{{ s | safe }}|{{ s ~ n }}"
            "{% set b %}{{ s }}{% endset %}|{{ b }}|{{ s | upper }}"
            "{% autoescape false %}|{{ s }}{% endautoescape %}|{{ [s] | join(mk) }}"
        ),
        "missing.html": "{{ nothing }}",
    }
    values = {"s": "<a href='x'>&\"</a>", "mk": Markup("<b>&amp;</b>"), "n": 3, "none": None}
    ours = escape.Environment(
        loader=DictLoader(templates), autoescape=True, undefined=StrictUndefined
    )
    jinja = Environment(loader=DictLoader(templates), autoescape=True, undefined=StrictUndefined)
    html = ours.get_template("page.html").render(values)
    assert html == jinja.get_template("page.html").render(values)
    assert "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;|<b>&amp;</b>|3|None|<i>" in html
    source = ours.loader.get_source(ours, "page.html")[0]  # type: ignore[union-attr]
    assert "environment.escape_output(" in str(ours.compile(source, raw=True))
    with pytest.raises(UndefinedError):
        ours.get_template("missing.html").render()
