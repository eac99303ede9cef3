"""Sidecar corrections win over the annotator; one that no longer matches is a warning."""

from __future__ import annotations

from builder.annotate import Context, corrections
from builder.model import Correction, Document, Meta, Paragraph
from tests.claimcheck import annotate, knowledge

TEXT = (
    "Hanna Maliar said Russian forces were regrouping near Kupiansk.\n\n"
    "The missile hit a school, witnesses said.\n\n"
    "Fighting continued on Saturday."
)


def _run(*fixes: Correction):
    doc = Document("seeds/a.txt", Meta(title="t"),
                   tuple(Paragraph(p, i + 1) for i, p in enumerate(TEXT.split("\n\n"))),
                   corrections=fixes)
    ann = annotate(doc)
    ctx = Context(document=doc, text=doc.text, knowledge=knowledge())
    return ann, corrections.annotate(ctx, ann)


def fix(target: str, action: str, match: str, value: str = "", kind: str = "", line: int = 3):
    return Correction(target, action, match, value, "seeds/a.yaml", line, kind)


def test_without_corrections_nothing_changes():
    before, after = _run()
    assert after == before


def test_remove_drops_the_claim_and_the_source_it_alone_credited():
    before, after = _run(fix("claim", "remove", "The missile hit a school"))
    assert "witnesses" in {s.id for s in before.sources}
    assert [c.span.text for c in after.claims] == [before.claims[0].span.text]
    assert "witnesses" not in {s.id for s in after.sources}
    # The kept claim keeps its id (a link to it still points at it).
    assert [c.id for c in after.claims] == [before.claims[0].id]
    assert [n.kind for n in after.notes if n.kind == "correction"] == ["correction"]


def test_attribute_changes_the_source_and_adds_it_from_the_registry():
    _, after = _run(fix("claim", "attribute", "regrouping near", "general-staff-of-ukraine"))
    claim = next(c for c in after.claims if "regrouping" in c.span.text)
    assert claim.source == "general-staff-of-ukraine" and claim.source_mention is None
    assert "general-staff-of-ukraine" in {s.id for s in after.sources}
    assert "hanna-maliar" not in {s.id for s in after.sources}


def test_add_creates_a_claim_in_text_order():
    added = fix("claim", "add", "Fighting continued on Saturday", "reuters", "reported")
    before, after = _run(added)
    assert [c.span.start for c in after.claims] == sorted(c.span.start for c in after.claims)
    # The claims found before keep their ids; the added one has an id of its own.
    assert [c.id for c in after.claims[:-1]] == [c.id for c in before.claims]
    assert len({c.id for c in after.claims}) == 3
    added = after.claims[-1]
    assert added.span.text == "Fighting continued on Saturday" and added.source == "reuters"
    assert added.kind == "reported" and "reuters" in {s.id for s in after.sources}


def test_a_correction_that_no_longer_matches_is_a_warning_with_its_line():
    before, after = _run(fix("claim", "remove", "text that was edited away", line=7))
    assert after.claims == before.claims
    assert len(after.diagnostics) == 1
    assert str(after.diagnostics[0]).startswith("seeds/a.yaml:7: warning:")


def test_an_unknown_source_is_a_warning_with_a_hint():
    _, after = _run(fix("claim", "attribute", "regrouping", "reuter"))
    assert "did you mean 'reuters'" in after.diagnostics[0].message


def test_place_add_looks_the_place_up_and_remove_takes_it_away():
    _, after = _run(fix("place", "add", "Kupiansk", "kupiansk"))
    place = next(p for p in after.places if p.id == "kupiansk")
    assert place.lat is not None and place.mentions[0].span.text == "Kupiansk"
    _, gone = _run(fix("place", "add", "Kupiansk", "kupiansk"),
                   fix("place", "remove", "Kupiansk", "kupiansk", line=4))
    assert "kupiansk" not in {p.id for p in gone.places}


def test_date_set_and_remove():
    _, after = _run(fix("date", "set", "Saturday", "2022-09-10"))
    assert [(d.date, d.span.text) for d in after.dates] == [("2022-09-10", "Saturday")]
    _, removed = _run(fix("date", "set", "Saturday", "2022-09-10"),
                      fix("date", "remove", "Saturday", line=5))
    assert removed.dates == ()


def test_corrections_win_even_when_given_in_any_order():
    _, after = _run(fix("claim", "remove", "The missile hit a school"),
                    fix("claim", "add", "The missile hit a school", "", "figure", line=4))
    claim = next(c for c in after.claims if c.span.text == "The missile hit a school")
    assert claim.kind == "figure" and claim.source is None
    assert claim.rule == "correction:seeds/a.yaml:4"
