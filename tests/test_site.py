"""assemble(): slugs and collisions, ordering, and the place, source and date indexes."""

from __future__ import annotations

import datetime as dt

from builder.model import (
    Annotations,
    Article,
    Claim,
    DateMention,
    Document,
    Meta,
    Paragraph,
    Place,
    PlaceMention,
    Published,
    SiteConfig,
    Source,
    Span,
)
from builder.assemble.site import assemble, claims_referring
from tests.golden.fixture import FakeGazetteer, fixture_items


def doc(
    path: str,
    title: str,
    text: str = "Body.",
    published: dt.date | None = None,
    slug: str | None = None,
) -> Document:
    paragraphs = tuple(Paragraph(p, n + 1) for n, p in enumerate(text.split("\n\n")))
    return Document(path, Meta(title=title, published=published, slug=slug), paragraphs)


def span(text: str, part: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part), part)


def test_titles_that_collide_get_a_suffix_by_file_order_and_a_warning_naming_both() -> None:
    items = [
        (doc("seeds/b.txt", "Same Title"), Annotations()),
        (doc("seeds/a.txt", "Same title!"), Annotations()),
        (doc("seeds/c.txt", "Same title"), Annotations()),
    ]
    site, diagnostics = assemble(items, SiteConfig())
    slugs = {a.document.source_file: a.slug for a in site.articles}
    assert slugs == {
        "seeds/a.txt": "same-title",
        "seeds/b.txt": "same-title-2",
        "seeds/c.txt": "same-title-3",
    }
    messages = [str(d) for d in diagnostics]
    assert any(m.startswith("seeds/b.txt:1: warning:") and "seeds/a.txt" in m for m in messages)
    assert len(messages) == 2


def test_front_matter_slug_wins_and_is_made_safe() -> None:
    items = [
        (doc("seeds/a.md", "A title", slug="my-slug"), Annotations()),
        (doc("seeds/b.md", "B title", slug="../Évil Slug"), Annotations()),
    ]
    site, diagnostics = assemble(items, SiteConfig())
    assert sorted(a.slug for a in site.articles) == ["evil-slug", "my-slug"]
    assert any("not a safe URL segment" in d.message for d in diagnostics)


def test_articles_are_newest_first_undated_last_then_by_title() -> None:
    items = [
        (doc("seeds/1.txt", "Old", published=dt.date(2022, 3, 1)), Annotations()),
        (doc("seeds/2.txt", "Undated B"), Annotations()),
        (
            doc("seeds/3.txt", "Inferred new"),
            Annotations(published=Published(dt.date(2023, 1, 2), inferred=True)),
        ),
        (doc("seeds/4.txt", "Undated A"), Annotations()),
        (doc("seeds/5.txt", "Same day", published=dt.date(2022, 3, 1)), Annotations()),
    ]
    site, _ = assemble(items, SiteConfig())
    assert [a.meta.title for a in site.articles] == [
        "Inferred new",
        "Old",
        "Same day",
        "Undated A",
        "Undated B",
    ]


def test_assemble_is_deterministic_whatever_the_input_order() -> None:
    items = fixture_items()
    first, _ = assemble(items, SiteConfig(), FakeGazetteer())
    second, _ = assemble(list(reversed(items)), SiteConfig(), FakeGazetteer())
    assert first == second


TEXT = (
    "Moscow said troops left Kharkiv on Monday. The governor said Kharkiv was calm.\n\n"
    "On May 14 nothing happened. Maliar said 3,000 troops were near Kharkiv."
)


def annotated(path: str = "seeds/k.txt", title: str = "Kharkiv") -> tuple[Document, Annotations]:
    d = doc(path, title, TEXT, published=dt.date(2022, 5, 16))
    claims = (
        Claim(
            "c1",
            span(TEXT, "troops left Kharkiv"),
            "reported",
            "kremlin",
            source_mention=span(TEXT, "Moscow"),
        ),
        Claim("c2", span(TEXT, "Kharkiv was calm"), "reported", "governor"),
        Claim(
            "c3",
            span(TEXT, "3,000 troops were near Kharkiv"),
            "reported",
            "maliar",
            via=("ukrinform",),
        ),
    )
    sources = (
        Source("kremlin", "Kremlin", "government", "Russia", mentions=(span(TEXT, "Moscow"),)),
        Source("governor", "The governor", "official", "Ukraine", registered=False),
        Source("maliar", "Hanna Maliar", "official", "Ukraine", aliases=("Maliar",)),
        Source("ukrinform", "Ukrinform", "media", "Ukraine"),
    )
    places = (
        Place(
            "moscow",
            "Moscow",
            "city",
            "russia",
            55.7,
            37.6,
            (PlaceMention(span(TEXT, "Moscow"), metonymic=True),),
        ),
        Place(
            "kharkiv",
            "Kharkiv",
            "city",
            "kharkiv-oblast",
            50.0,
            36.2,
            tuple(PlaceMention(span(TEXT, "Kharkiv", n)) for n in range(3)),
        ),
    )
    dates = (
        DateMention("2022-05-16", span(TEXT, "Monday")),
        DateMention("2022-05-14", span(TEXT, "May 14")),
    )
    return d, Annotations(claims=claims, sources=sources, places=places, dates=dates)


def test_place_index_lists_claims_that_mention_it_and_metonyms_apart() -> None:
    site, _ = assemble([annotated()], SiteConfig(), FakeGazetteer())
    places = {e.place.id: e for e in site.by_place}
    kharkiv = places["kharkiv"]
    assert [r.claim.id for r in kharkiv.claims] == ["c1", "c2", "c3"]
    assert len(kharkiv.mentions) == 3 and kharkiv.metonymic == ()
    assert kharkiv.place.mentions == ()
    moscow = places["moscow"]
    assert moscow.mentions == () and len(moscow.metonymic) == 1
    assert moscow.claims == ()
    # Parents come from the gazetteer, with the places under them.
    assert places["kharkiv-oblast"].children == ("kharkiv",)
    assert kharkiv.group == "Kharkiv Oblast"
    assert moscow.group == "Russia"
    assert places["russia"].group == "Countries"


def test_nearby_places_are_only_those_with_pages() -> None:
    d, a = annotated()
    balakliia = Place("balakliia", "Balakliia", "town", "kharkiv-oblast", 49.4, 36.8, ())
    site, _ = assemble([(d, a)], SiteConfig(), FakeGazetteer())
    assert {e.place.id: e for e in site.by_place}["kharkiv"].nearby == ()
    a2 = Annotations(places=(*a.places, balakliia), claims=a.claims, sources=a.sources)
    site, _ = assemble([(d, a2)], SiteConfig(), FakeGazetteer())
    assert {e.place.id: e for e in site.by_place}["kharkiv"].nearby == ("balakliia",)


def test_sources_merge_by_id_across_articles() -> None:
    first = annotated("seeds/1.txt", "One")
    d, a = annotated("seeds/2.txt", "Two")
    other = Source(
        "maliar", "Hannah Maryal", "person", "unknown", aliases=("Maryal",), registered=False
    )
    second = (d, Annotations(claims=a.claims, sources=(other,)))
    site, _ = assemble([second, first], SiteConfig())
    maliar = {e.source.id: e for e in site.by_source}["maliar"]
    assert maliar.source.name == "Hanna Maliar"  # the registered description wins
    assert set(maliar.source.aliases) == {"Maliar", "Maryal", "Hannah Maryal"}
    assert [(r.article.slug, r.claim.id) for r in maliar.claims] == [("one", "c3"), ("two", "c3")]
    ukrinform = {e.source.id: e for e in site.by_source}["ukrinform"]
    assert ukrinform.claims == () and len(ukrinform.relayed) == 2


def test_a_claim_refers_to_dates_in_the_sentences_it_overlaps() -> None:
    d, a = annotated()
    article = Article("k", d, a)
    pairs = {(date, claim.id) for date, claim in claims_referring(article)}
    # "on Monday" is in c1's sentence; "May 14" stands in a sentence with no claim.
    assert pairs == {("2022-05-16", "c1")}
    site, _ = assemble([(d, a)], SiteConfig())
    days = {e.date: e for e in site.by_date}
    assert [r.claim.id for r in days["2022-05-16"].claims] == ["c1"]
    assert [x.slug for x in days["2022-05-16"].published] == ["kharkiv"]
    assert days["2022-05-14"].claims == () and len(days["2022-05-14"].mentions) == 1


def test_unsafe_ids_are_errors_and_left_out_of_the_indexes() -> None:
    d = doc("seeds/x.txt", "X", "Kyiv.")
    bad = Annotations(
        places=(
            Place("../kyiv", "Kyiv", "city", None, None, None, (PlaceMention(Span(0, 4, "Kyiv")),)),
        )
    )
    site, diagnostics = assemble([(d, bad)], SiteConfig())
    assert site.by_place == ()
    assert [d.severity for d in diagnostics] == ["error"]
    assert "seeds/x.txt" in str(diagnostics[0]) and "'../kyiv'" in str(diagnostics[0])


def test_claims_naming_unknown_sources_are_reported() -> None:
    d = doc("seeds/x.txt", "X", "He said it.")
    a = Annotations(claims=(Claim("c1", Span(8, 10, "it"), "reported", "nobody"),))
    _, diagnostics = assemble([(d, a)], SiteConfig())
    assert any("'nobody'" in x.message for x in diagnostics)
