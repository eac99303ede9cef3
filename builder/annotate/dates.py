"""Annotator pass: date mentions resolved to the calendar, and the publication date.

Conventions (see also builder/data/calendar.yaml and builder/annotate/published.py):
- Precision follows the expression: "May 14" is a day, "in February" a month, "in 2014" a year.
  Spans of day expressions start at the weekday or the number ("Saturday May 14", not "on");
  month and year expressions keep the word that makes them a date ("in February", "last
  September", "since 2014"), since a bare "May" or "2022" is not one.
- A range "May 14-15" is two mentions: "May 14" and "15".
- A year-less date takes the year that puts it on or before the publication date (give or take
  `past_slack_days`), or after it when the sentence is in the future tense; a weekday beside
  it picks the year in which the day is that weekday (a mismatch is a contradiction note).
- A weekday named alone is the latest such day on or before the publication date (the day
  itself when it shares its weekday), or the next one after it in the future tense.
- Weeks, weekends, "overnight" and anything that depends on an unknown date are left out and
  noted: a date is never guessed.
- Year-less dates in a sentence that names another year are left out ("In 2014 ... in March").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from builder.annotate import Context
from builder.annotate.date_expressions import Expression, find
from builder.annotate.date_resolve import Outcome, resolve_within
from builder.annotate.published import decide
from builder.knowledge.calendar import Calendar
from builder.model import Annotations, DateMention, Note


def annotate(ctx: Context, ann: Annotations) -> Annotations:
    """Fill ann.dates (text order) and ann.published, with notes for the check report."""
    cal = ctx.knowledge.calendar
    exprs = find(ctx.text, cal)
    decision = decide(ctx.document.meta.published, exprs, ctx.text, cal)
    mentions, notes = resolve_all(exprs, decision.window, cal)
    return replace(
        ann,
        dates=mentions,
        published=decision.published,
        notes=(*ann.notes, *decision.notes, *notes),
    )


def resolve_all(
    exprs: Sequence[Expression], window: Sequence[dt.date], cal: Calendar
) -> tuple[tuple[DateMention, ...], tuple[Note, ...]]:
    """Resolve every expression; those left out become notes."""
    years = _years_by_sentence(exprs)
    mentions: list[DateMention] = []
    notes: list[Note] = []
    for e in exprs:
        outcome = _checked(e, resolve_within(e, window, cal), years)
        if outcome.value is not None:
            mentions.append(DateMention(outcome.value, e.span, outcome.rule))
        else:
            kind = outcome.problem or "unresolved"
            message = f"date left out: '{e.span.text}': {outcome.reason}"
            notes.append(Note(kind, message, e.span, outcome.rule))
    return tuple(mentions), tuple(notes)


def _years_by_sentence(exprs: Sequence[Expression]) -> dict[int, set[int]]:
    years: dict[int, set[int]] = {}
    for e in exprs:
        if e.year is not None and "event" not in e.rule:
            years.setdefault(e.sentence, set()).add(e.year)
    return years


def _checked(e: Expression, outcome: Outcome, years: dict[int, set[int]]) -> Outcome:
    """Leave out a year-less date or month whose sentence names another year."""
    written_year = (
        e.year is not None or e.year_offset is not None or e.kind not in ("date", "month")
    )
    written_year = written_year or bool(e.modifier)
    if outcome.value is None or written_year:
        return outcome
    named = years.get(e.sentence, set())
    if named and int(outcome.value[:4]) not in named:
        reason = f"the sentence names {', '.join(map(str, sorted(named)))}, not {outcome.value[:4]}"
        return Outcome(None, outcome.rule, "unresolved", reason)
    return outcome
