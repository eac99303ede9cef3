"""The publication date: given wins; otherwise inferred from the text with its reason, or None."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from builder.annotate import Context, dates
from builder.model import Annotations, Document, Meta, Note, Paragraph
from tests.test_dates_cases import CALENDAR, run


def document(text: str, published: dt.date | None = None) -> Document:
    paragraphs = tuple(Paragraph(p, i + 1) for i, p in enumerate(text.split("\n\n")))
    return Document("seeds/x.txt", Meta(title="t", published=published), paragraphs)


SATURDAY_THEN_SUNDAY = (
    "The missile was shot down on the night of Saturday May 14.\n\n"
    "In its assessment published on Sunday, the ministry said Russia had lost a third of its force."
)


def test_a_given_date_wins_and_is_not_inferred():
    ann = run(document(SATURDAY_THEN_SUNDAY, dt.date(2022, 5, 17)))
    assert ann.published is not None
    assert ann.published.date == dt.date(2022, 5, 17) and not ann.published.inferred
    assert not [n for n in ann.notes if n.kind == "inferred"]
    # "Sunday" now resolves against the given date.
    assert [d.date for d in ann.dates] == ["2022-05-14", "2022-05-15"]


def test_an_inferred_date_says_which_rule_and_which_expressions():
    ann = run(document(SATURDAY_THEN_SUNDAY))
    assert ann.published is not None and ann.published.inferred
    assert ann.published.date == dt.date(2022, 5, 15)
    reason = ann.published.reason
    assert reason.startswith("published:weekday-follows") and "'Saturday May 14'" in reason
    assert "'Sunday'" in reason
    (note,) = [n for n in ann.notes if n.kind == "inferred"]
    assert note.span is not None and note.span.text == "Saturday May 14"
    assert "2022-05-15" in note.message


def test_a_dated_past_weekday_alone_puts_publication_the_day_after():
    ann = run(document("On Tuesday, March 22, the Pentagon said Ukraine was advancing."))
    assert ann.published is not None and ann.published.date == dt.date(2022, 3, 23)
    assert ann.published.reason.startswith("published:weekday-anchored")


def test_weekdays_and_months_alone_never_date_an_article():
    text = (
        "Moscow abandoned Izium on Saturday, its worst defeat since March.\n\n"
        "In a video address Saturday night, Zelensky said forces had advanced since September 6."
    )
    ann = run(document(text))
    assert ann.published is None
    assert ann.dates == ()
    assert {n.kind for n in ann.notes} == {"unresolved"}


def test_relative_days_of_an_inferred_article_are_left_out_not_guessed():
    text = "On Tuesday, March 22, Kirby spoke. A briefing this morning confirmed it."
    ann = run(document(text))
    assert [d.span.text for d in ann.dates] == ["Tuesday, March 22"]
    (note,) = [n for n in ann.notes if n.span and n.span.text == "this morning"]
    assert note.kind == "unresolved" and "inferred" in note.message


def test_a_weekday_that_contradicts_its_date_is_reported_not_emitted():
    ann = run(document("The report of Monday, May 14, 2022 is disputed.", dt.date(2022, 5, 16)))
    assert ann.dates == ()
    (note,) = [n for n in ann.notes if n.kind == "contradiction"]
    assert "2022-05-14 is a Saturday, not a Monday" in note.message


def test_a_stated_date_in_the_text_is_taken_exactly():
    ann = run(document("Published: 12 September 2022\n\nTroops entered Izium on Saturday."))
    assert ann.published is not None and ann.published.date == dt.date(2022, 9, 12)
    assert ann.published.inferred and ann.published.reason.startswith("published:stated")
    assert [d.date for d in ann.dates] == ["2022-09-12", "2022-09-10"]


def test_existing_notes_of_earlier_passes_are_kept():
    doc = document(SATURDAY_THEN_SUNDAY)
    earlier = Annotations(notes=(Note("fuzzy", "Kropyvnystksyi ~ Kropyvnytskyi"),))
    knowledge = SimpleNamespace(calendar=CALENDAR)
    ctx = Context(document=doc, text=doc.text, knowledge=knowledge)  # type: ignore[arg-type]
    ann = dates.annotate(ctx, earlier)
    assert ann.notes[0] == earlier.notes[0] and len(ann.notes) > 1
    assert [d.date for d in ann.dates] == ["2022-05-14", "2022-05-15"]
