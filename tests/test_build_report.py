"""The check report: what an editor reads to fix annotations with a sidecar."""

from __future__ import annotations

import datetime as dt

from builder.diagnostics import warning
from builder.model import (
    Annotations,
    Article,
    Claim,
    DateMention,
    Document,
    Meta,
    Note,
    Paragraph,
    Place,
    PlaceMention,
    Published,
    Source,
    Span,
)
from builder.report import format_report

TEXT_1 = "Hanna Maliar said troops entered Kupyansk."
TEXT_2 = "“We will win,” he said on Saturday. Officials said 3 died in Krovohrad."


def span(text: str, part: str, start_at: int = 0) -> Span:
    start = text.index(part, start_at)
    return Span(start, start + len(part), part)


def article() -> Article:
    doc = Document(
        source_file="seeds/b.txt",
        meta=Meta(title="Troops enter Kupyansk"),
        paragraphs=(Paragraph(TEXT_1, line=3), Paragraph(TEXT_2, line=5)),
        removed=((2, "Skip to main content"),),
    )
    text = doc.text
    claims = (
        Claim(
            "c1",
            span(text, "troops entered Kupyansk"),
            "reported",
            "hanna-maliar",
            source_mention=span(text, "Hanna Maliar"),
            rule="said-that",
        ),
        Claim("c2", span(text, "We will win"), "quote", None, rule="quote-said"),
        Claim("c3", span(text, "3 died in Krovohrad"), "figure", "officials-anon"),
    )
    sources = (
        Source(
            "hanna-maliar",
            "Hanna Maliar",
            "official",
            "Ukraine",
            mentions=(span(text, "Hanna Maliar"),),
        ),
        Source("officials-anon", "Officials", "anonymous", "unknown"),
        Source("abbas-gallyamov", "Abbas Gallyamov", "analyst", "independent", registered=False),
    )
    places = (
        Place(
            "kupiansk",
            "Kupiansk",
            "city",
            "kharkiv-oblast",
            49.7,
            37.6,
            (PlaceMention(span(text, "Kupyansk")),),
        ),
        Place(
            "kropyvnytskyi",
            "Kropyvnytskyi",
            "city",
            None,
            48.5,
            32.3,
            (PlaceMention(span(text, "Krovohrad"), confidence=0.83, rule="edit-distance"),),
        ),
    )
    notes = (
        Note("fuzzy", "Krovohrad read as Kropyvnytskyi", span(text, "Krovohrad"), "edit-distance"),
        Note("unresolved", "quote with no speaker", span(text, "We will win"), "quote-said"),
        Note("debug", "not for editors"),
    )
    ann = Annotations(
        claims=claims,
        sources=sources,
        places=places,
        dates=(DateMention("2022-05-14", span(text, "Saturday"), "weekday-before-published"),),
        published=Published(dt.date(2022, 5, 15), inferred=True, reason="Saturday May 14 + 1"),
        notes=notes,
    )
    return Article("troops-enter-kupyansk", doc, ann)


def plain(slug: str, source_file: str) -> Article:
    doc = Document(
        source_file,
        Meta(title=slug, published=dt.date(2022, 1, 2)),
        (Paragraph("Nothing here.", 1),),
    )
    return Article(slug, doc, Annotations())


def test_report_lists_every_section_of_an_article() -> None:
    text = format_report([article()])
    assert "== seeds/b.txt -> articles/troops-enter-kupyansk/" in text
    assert "published: 2022-05-15, inferred (Saturday May 14 + 1)" in text
    assert "claims: 3 (quote 1, reported 1, figure 1)" in text
    assert "c2 line 5 quote <- (no source) [quote-said]: “We will win”" in text
    assert "c1 line 3 reported <- hanna-maliar [said-that]" in text
    assert "sources: 3 (registered 1, from text 1, anonymous 1)" in text
    assert "abbas-gallyamov: Abbas Gallyamov (analyst, independent; from text; 0 mentions)" in text
    assert "line 5 “Krovohrad”: fuzzy 0.83 [edit-distance]" in text
    assert "line 5 2022-05-14: “Saturday” [weekday-before-published]" in text
    assert "removed as furniture: 1" in text and "line 2: “Skip to main content”" in text


def test_report_lists_what_to_review_unresolved_first() -> None:
    text = format_report([article()])
    review = text[text.index("to review: 2") :]
    assert review.index("unresolved: quote with no speaker") < review.index("fuzzy: Krovohrad")
    assert "not for editors" not in text


def test_report_is_deterministic_and_ordered_by_source_file() -> None:
    arts = [plain("zeta", "seeds/2.txt"), article(), plain("alpha", "seeds/1.txt")]
    first = format_report(arts, [warning("seeds/1.txt", 4, "odd")])
    assert first == format_report(list(reversed(arts)), [warning("seeds/1.txt", 4, "odd")])
    assert first.index("seeds/1.txt") < first.index("seeds/2.txt") < first.index("seeds/b.txt")
    assert first.endswith(
        "== total: 3 articles, 3 claims, 2 notes to review, 0 errors, 1 warnings\n"
    )


def test_published_date_given_is_not_called_inferred() -> None:
    text = format_report([plain("alpha", "seeds/1.txt")])
    assert "published: 2022-01-02\n" in text


def test_long_spans_are_shortened_on_one_line() -> None:
    long = "word " * 40
    doc = Document("seeds/l.txt", Meta(title="L"), (Paragraph(long.strip(), 1),))
    note = Note("unresolved", "he with no antecedent", Span(0, len(long) - 1, long.strip()))
    text = format_report([Article("l", doc, Annotations(notes=(note,)))])
    line = next(x for x in text.splitlines() if "no antecedent" in x)
    assert "…" in line and len(line) < 160
