"""A listing page made of the same objects as last time is the same page: the preview takes
such pages without building their views (views.LazyView.parts). An edit to one article in a
long listing builds only the page that holds it, and every page taken is the page a full
render of the edited site makes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

from builder.render.pages import same_parts
from builder.render import pages as render
from builder.render import views
from builder.model import (
    Annotations,
    Article,
    Claim,
    Document,
    Meta,
    Paragraph,
    Place,
    PlaceMention,
    Source,
    Span,
)
from builder.assemble.site import ClaimRef, PlaceRef, assemble
from builder.assemble.site_update import update
from tests.render_helpers import TEMPLATES
from tests.test_pagination import (
    ARTICLES,
    BUSY_DAY,
    CONFIG,
    KYIV,
    SPEAKER,
    _fields,
    _item,
    _span,
)


class Recorder:
    """Groups for render.iter_site: remembers each listing page's parts; with `last`, takes
    the pages whose parts are the same as there."""

    def __init__(self, last: dict[str, tuple[object, ...]] | None = None) -> None:
        self.last = last or {}
        self.parts: dict[str, tuple[object, ...]] = {}
        self.built: list[str] = []

    def take(self, entry: object) -> bool:
        return False

    def made(self, entry: object, pages: list[str]) -> None:
        pass

    def take_page(self, rel: str, parts: tuple[object, ...]) -> bool:
        self.parts[rel] = parts
        return rel in self.last and same_parts(self.last[rel], parts)

    def made_page(self, rel: str, parts: tuple[object, ...]) -> None:
        self.built.append(rel)


def test_an_edit_builds_only_the_listing_pages_that_hold_it() -> None:
    items = [_item(i) for i in range(ARTICLES)]
    site, diagnostics = assemble(items, CONFIG, None)
    first = Recorder()
    before = dict(render.iter_site(site, CONFIG, TEMPLATES, groups=first))
    document, annotations = items[100]
    retold = dataclasses.replace(annotations.claims[0], kind="quote")
    edited = (document, dataclasses.replace(annotations, claims=(retold,)))
    updated = update(site, diagnostics, [edited])
    assert updated is not None
    second = Recorder(first.parts)
    after = dict(render.iter_site(updated[0], CONFIG, TEMPLATES, groups=second))
    full = dict(render.iter_site(updated[0], CONFIG, TEMPLATES))
    kyiv = [rel for rel in first.parts if rel.startswith("places/kyiv/")]
    assert len(kyiv) > 2
    assert [rel for rel in second.built if rel.startswith("places/kyiv/")] == [
        rel for rel in kyiv if rel in after and after[rel] != before[rel]
    ]
    assert len([rel for rel in second.built if rel.startswith("places/kyiv/")]) == 1
    for rel, data in full.items():
        assert after.get(rel, before.get(rel)) == data, rel


class BulkRecorder(Recorder):
    """Recorder that also takes pages all at once (render.take_pages), as the preview does
    for the pages of a long listing the kept cuts say are the last build's."""

    def __init__(self, last: dict[str, tuple[object, ...]] | None = None) -> None:
        super().__init__(last)
        self.asked: list[str] = []
        self.bulk: list[str] = []

    def take_page(self, rel: str, parts: tuple[object, ...]) -> bool:
        self.asked.append(rel)
        return super().take_page(rel, parts)

    def take_pages(self, rels: list[str], basis: object) -> bool:
        if not all(rel in self.last for rel in rels):
            return False
        self.bulk += rels
        self.parts.update((rel, self.last[rel]) for rel in rels)
        return True


def test_an_edit_asks_only_about_the_pages_of_a_long_listing_it_may_have_changed() -> None:
    """A preview's edit to one article of a long listing (Kyiv's, the home page's) asks
    about its first page and the page holding the article; the others are taken at once,
    and they are the pages a full render of the edited site makes."""
    items = [_item(i) for i in range(3 * ARTICLES)]
    site, diagnostics = assemble(items, CONFIG, None)
    first = Recorder()
    before = dict(render.iter_site(site, CONFIG, TEMPLATES, groups=first))
    document, annotations = items[200]
    retold = dataclasses.replace(annotations.claims[0], kind="quote")
    retold_annotations = dataclasses.replace(annotations, claims=(retold,))
    updated = update(site, diagnostics, [(document, retold_annotations)])
    assert updated is not None
    second = BulkRecorder(first.parts)
    after = dict(render.iter_site(updated[0], CONFIG, TEMPLATES, groups=second))
    full = dict(render.iter_site(updated[0], CONFIG, TEMPLATES))
    for prefix in ("places/kyiv/", "index", "page/"):
        pages = [rel for rel in first.parts if rel.startswith(prefix)]
        asked = [rel for rel in second.asked if rel.startswith(prefix)]
        if prefix != "index":
            assert len(pages) > 4, (prefix, pages)
            assert len(asked) <= 2, (prefix, asked)
    assert second.bulk and not set(second.bulk) & set(second.asked)
    assert not set(second.bulk) & set(after), "a page taken is not rendered"
    for rel, data in full.items():
        assert after.get(rel, before.get(rel)) == data, rel


def _weighted(i: int, claims: int) -> tuple[Document, Annotations]:
    """Article i with `claims` claims about Kyiv (one mention in each), a day apart."""
    sentences = [f"Kyiv was calm in report {i} part {j}." for j in range(claims)] or ["Quiet."]
    text = "Olena Bondar said so. " + " ".join(sentences)
    meta = Meta(title=f"Weighted report {i:03d}", published=BUSY_DAY + dt.timedelta(days=i))
    doc = Document(f"seeds/w{i:03d}.txt", meta, (Paragraph(text, 1),))
    said = _span(text, "Olena Bondar")
    spans = [_span(text, s) for s in sentences[:claims]]
    mentions = tuple(PlaceMention(Span(s.start, s.start + 4, "Kyiv")) for s in spans)
    places = (Place(**{**_fields(KYIV), "mentions": mentions}),) if mentions else ()
    return doc, Annotations(
        claims=tuple(
            Claim(f"c{j}", s, "reported", SPEAKER.id, (), said) for j, s in enumerate(spans)
        ),
        sources=(Source(**{**_fields(SPEAKER), "mentions": (said,)}),),
        places=places,
    )


def test_a_listing_cut_again_around_an_edit_is_the_cut_of_the_whole_listing() -> None:
    """A preview recuts only around the articles an edit changed (render.KeptListings):
    after any edit that moves page boundaries (claims gained or lost, a place dropped, the
    most weighted article), every listing's pages and each page's items are what cutting
    the whole edited site gives."""
    rng = random.Random(5)
    counts = [rng.choice((1, 1, 2, 3, 7, 40)) for _ in range(400)]
    items = [_weighted(i, n) for i, n in enumerate(counts)]
    site, diagnostics = assemble(items, CONFIG, None)
    _keep(render.KeptListings(site))
    for step in range(40):
        i = rng.randrange(1, len(items))  # article 0 keeps Kyiv in the site
        counts[i] = rng.choice((0, 1, max(counts[i] - 1, 1), counts[i] + 1, 60))
        items[i] = _weighted(i, counts[i])
        updated = update(site, diagnostics, [items[i]])
        assert updated is not None, step
        site, diagnostics = updated
        kept, fresh = render.KeptListings(site), views.Listings(site)
        for entry in site.by_place:
            pages = kept.place(entry)
            assert pages == fresh.place(entry), step
            groups = ((entry.articles, _slug), (entry.claims, _ref), (entry.metonymic, _ref))
            got = kept.split("place", entry.place.id, entry, pages, *groups)
            assert got == fresh.split("place", entry.place.id, entry, pages, *groups), step
        for source in site.by_source:
            assert kept.source(source) == fresh.source(source), step
        assert kept.claims() == fresh.claims() == sum(counts), step
        _keep(kept)


def _keep(kept: render.KeptListings) -> None:
    """Cut and split every listing, as a build does, and keep the cuts for the next one."""
    list(kept.page_urls())
    kept.claims()
    for entry in kept.site.by_place:
        groups = ((entry.articles, _slug), (entry.claims, _ref), (entry.metonymic, _ref))
        kept.split("place", entry.place.id, entry, kept.place(entry), *groups)
    kept.keep()


def _slug(article: Article) -> str:
    return article.slug


def _ref(ref: ClaimRef | PlaceRef) -> str:
    return ref.article.slug


class AlikeRecorder(Recorder):
    """Recorder that also takes a page whose parts differ from the last ones only in items
    that show the same (render.take_alike), as the preview does."""

    def __init__(self, last: dict[str, tuple[object, ...]] | None = None) -> None:
        super().__init__(last)
        self.alike: list[str] = []

    def take_alike(
        self, rel: str, parts: tuple[object, ...], alike: Any, basis: object
    ) -> bool:
        if rel in self.last and alike(self.last[rel], parts):
            self.alike.append(rel)
            return True
        return False


def _edit_and_render(
    items: list[tuple[Document, Annotations]], n: int, annotations: Annotations, text: str
) -> tuple[AlikeRecorder, dict[str, bytes], dict[str, bytes], dict[str, bytes]]:
    """Render the site of `items`, then of article n given `text` and `annotations`: the
    recorder of the second render, and the files of the first, the second and a full render
    of the edited site."""
    site, diagnostics = assemble(items, CONFIG, None)
    first = Recorder()
    before = dict(render.iter_site(site, CONFIG, TEMPLATES, groups=first))
    document = items[n][0]
    paragraph = dataclasses.replace(document.paragraphs[0], text=text)
    edited = (dataclasses.replace(document, paragraphs=(paragraph,)), annotations)
    updated = update(site, diagnostics, [edited])
    assert updated is not None
    second = AlikeRecorder(first.parts)
    after = dict(render.iter_site(updated[0], CONFIG, TEMPLATES, groups=second))
    full = dict(render.iter_site(updated[0], CONFIG, TEMPLATES))
    return second, before, after, full


def test_an_edit_that_changes_no_row_of_a_listing_renders_none_of_its_pages() -> None:
    """A sentence added to an article changes none of its rows on the listings that hold
    it (its link, its claims' words, the sentences around its mentions): those pages are
    compared row by row, taken as they were, and are what a full render makes."""
    items = [_item(i) for i in range(3 * ARTICLES)]
    document, annotations = items[200]
    text = document.paragraphs[0].text + " Nothing else happened."
    second, before, after, full = _edit_and_render(items, 200, annotations, text)
    assert not second.built, "no listing page is rendered"
    assert any(rel.startswith("places/kyiv/") for rel in second.alike)
    for rel, data in full.items():
        assert after.get(rel, before.get(rel)) == data, rel


def test_an_edit_that_changes_a_row_renders_the_pages_showing_it() -> None:
    """A claim told differently changes its row: the place and source pages holding it are
    rendered; the home page, which shows the article's counts only, is taken."""
    items = [_item(i) for i in range(3 * ARTICLES)]
    document, annotations = items[200]
    retold = dataclasses.replace(annotations.claims[0], kind="quote")
    edited = dataclasses.replace(annotations, claims=(retold,))
    second, before, after, full = _edit_and_render(items, 200, edited, document.text)
    kyiv = [rel for rel in second.built if rel.startswith("places/kyiv/")]
    assert len(kyiv) == 1 and any(rel.startswith("sources/") for rel in second.built)
    assert not any(rel.startswith(("index", "page/")) for rel in second.built)
    for rel, data in full.items():
        assert after.get(rel, before.get(rel)) == data, rel
