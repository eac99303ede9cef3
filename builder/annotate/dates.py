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
- Year-less dates in a sentence that names another year are left out ("In 2014 ... in March"),
  and so are those right after a paragraph's sentence naming one when their own names none.
- The future of a past moment ("said they would meet on Monday", "were due to vote") leaves a
  weekday out; a month is this year's only if not yet past; a time clause under it ("when they
  met in August") is such a future too. A weekday told with another time ("said last month ...
  on Sunday", "'... on Sunday,' he told reporters last week") is left out unless it falls there.
- Where the tense is unsure (an -ed participle beside a future, or no tense cue while the past
  reading lies far back and the future one close), a date is kept only if both readings agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from builder.annotate import Context
from builder.annotate.date_expressions import Expression, find
from builder.annotate.date_resolve import Outcome, resolve_within
from builder.annotate.published import decide
from builder.knowledge.calendar import Calendar
from builder.model import Annotations, DateMention, Note, Span


def annotate(ctx: Context, ann: Annotations) -> Annotations:
    """Fill ann.dates (text order) and ann.published, with notes for the check report."""
    cal = ctx.knowledge.calendar
    exprs = find(ctx.text, cal)
    decision = decide(ctx.document.meta.published, exprs, ctx.text, cal)
    mentions, notes = resolve_all(exprs, decision.window, cal, ctx.text)
    return replace(
        ann,
        dates=mentions,
        published=decision.published,
        notes=(*ann.notes, *decision.notes, *notes),
    )


def resolve_all(
    exprs: Sequence[Expression], window: Sequence[dt.date], cal: Calendar, text: str = ""
) -> tuple[tuple[DateMention, ...], tuple[Note, ...]]:
    """Resolve every expression of text; those left out become notes."""
    outcomes = [resolve_within(e, window, cal) for e in exprs]
    years = _years_by_sentence(exprs, outcomes)
    weeks = _week_values(exprs, window, cal)
    mentions: list[DateMention] = []
    notes: list[Note] = []
    told = _Telling(text, cal)
    for i, e in enumerate(exprs):
        if _apposed(i, exprs, text) or _named_and_written(e, exprs):
            continue  # "today, on Tuesday, July 4": one day, written out right after
        checked = _checked(e, outcomes[i], years, _recent(outcomes[i], window), text)
        outcome = _anchored(i, exprs, outcomes, checked, weeks, told)
        if outcome.value is not None:
            mentions.append(DateMention(outcome.value, e.span, outcome.rule))
        else:
            kind = outcome.problem or "unresolved"
            message = f"date left out: '{e.span.text}': {outcome.reason}"
            notes.append(Note(kind, message, e.span, outcome.rule))
    return tuple(mentions), tuple(notes)


_APPOSITION = re.compile(r"\s*,\s*(?:on\s+)?")


def _apposed(i: int, exprs: Sequence[Expression], text: str) -> bool:
    """"Today" with the full date right after it, set off by a comma ("today, on Sunday,
    June 18", "Today, Saturday 2 September"), the dateline formula of translated outlets: the
    written date is the mention, "today" only announces it. "yesterday, on 10 November" stays
    two mentions (it reports an earlier day, and labellers mark both), and so does a part of
    the day ("this morning, Sunday, December 3": it tells when, not only which day)."""
    e = exprs[i]
    if e.kind != "relative" or e.unit != "day" or e.offset != 0 or e.base is not None:
        return False
    if e.span.text.lower() != "today":
        return False
    if i + 1 >= len(exprs) or not text:
        return False
    nxt = exprs[i + 1]
    return nxt.kind == "date" and bool(
        _APPOSITION.fullmatch(text, e.span.end, nxt.span.start)
    )


def _named_and_written(e: Expression, exprs: Sequence[Expression]) -> bool:
    """A named day whose sentence also writes its date ("its Victory Day parade on 9 May"):
    the written date is the mention."""
    return e.rule == "named-day" and any(
        o is not e and o.kind == "date" and o.rule != "named-day" and o.sentence == e.sentence
        and (o.month, o.day) == (e.month, e.day)
        for o in exprs
    )


YearsBySentence = dict[int, list[tuple[int, int, Span]]]  # sentence -> (year, paragraph, span)
_RECENT_DAYS = 31  # a year-less day this close before publication is news of the day


def _years_by_sentence(exprs: Sequence[Expression], outcomes: Sequence[Outcome]) -> YearsBySentence:
    """The years each sentence names: written ("in 2014", "March 3, 2021") or counted from
    publication ("last year", "in March last year"); the invasion's own year is no topic."""
    years: YearsBySentence = {}
    for e, o in zip(exprs, outcomes, strict=True):
        counted = e.year_offset is not None or (e.kind == "relative" and e.unit == "year")
        if o.value and "event" not in e.rule and (e.year is not None or counted):
            years.setdefault(e.sentence, []).append((int(o.value[:4]), e.paragraph, e.span))
    return years


def _recent(outcome: Outcome, window: Sequence[dt.date]) -> bool:
    """A day within a month before the known publication date (or its reporting lag after)."""
    if len(window) != 1 or outcome.value is None or len(outcome.value) != 10:
        return False
    days = (window[0] - dt.date.fromisoformat(outcome.value)).days
    return -7 <= days <= _RECENT_DAYS


def _background(e: Expression, year: Span, text: str) -> bool:
    """A year told as background to a recent day, set off from it by a comma: after it ("on
    September 22, ... since Moscow annexed it in 2014") or in a parenthesis before it ("The
    deal, brokered in July 2022, allowed ... before Russia quit on July 17"). Not a year that
    opens the sentence ("In 2014, Russia annexed Crimea, and on March 18 ...")."""
    if not text:
        return False
    if year.start >= e.span.end:
        return "," in text[e.span.end:year.start]
    if "," not in text[year.end:e.span.start]:
        return False
    before = text[:year.start]
    comma = before.rfind(",")
    opening = max(before.rfind(". "), before.rfind("\n"), before.rfind('"'))
    return comma > opening


def _checked(
    e: Expression, outcome: Outcome, years: YearsBySentence, recent: bool = False, text: str = ""
) -> Outcome:
    """Leave out a year-less date or month whose sentence names another year, or, when it
    names none, whose paragraph's previous sentence does ("In 2014 ... In March, ..."); not a
    recent day against a year told as its background (`_background`)."""
    written_year = (
        e.year is not None or e.year_offset is not None or e.kind not in ("date", "month")
    )
    written_year = written_year or bool(e.modifier)
    if outcome.value is None or written_year:
        return outcome
    own = years.get(e.sentence, ())
    if recent and own and all(_background(e, span, text) for _, _, span in own):
        return outcome
    named, where = {y for y, _, _ in own}, "the sentence"
    if not named:
        named = {y for y, par, _ in years.get(e.sentence - 1, ()) if par == e.paragraph}
        where = "the sentence before"
    if named and int(outcome.value[:4]) not in named:
        names = ", ".join(map(str, sorted(named)))
        reason = f"{where} names {names}, not {outcome.value[:4]}"
        return Outcome(None, outcome.rule, "unresolved", reason)
    return outcome


def _week_values(
    exprs: Sequence[Expression], window: Sequence[dt.date], cal: Calendar
) -> dict[int, list[tuple[int, str]]]:
    """Sentence -> (expression index, "W:<year>-<week>") for the weeks it names ("last
    week"), when the publication date is known."""
    if len(window) != 1:
        return {}
    out: dict[int, list[tuple[int, str]]] = {}
    for i, e in enumerate(exprs):
        offset = cal.week_anchors.get(" ".join(e.span.text.lower().split()))
        if e.kind == "unresolvable" and offset is not None:
            year, week, _ = (window[0] + dt.timedelta(weeks=offset)).isocalendar()
            out.setdefault(e.sentence, []).append((i, f"W:{year}-{week}"))
    return out


def _anchored(
    i: int,
    exprs: Sequence[Expression],
    outcomes: Sequence[Outcome],
    outcome: Outcome,
    weeks: dict[int, list[tuple[int, str]]],
    told: _Telling,
) -> Outcome:
    """Leave out a weekday told with a time more than a week away in its sentence: "In an
    interview last month, he said the attack began on Sunday" counts from that interview;
    "the counteroffensive, launched in June, made gains on Tuesday" tells nothing."""
    e = exprs[i]
    if e.kind != "weekday" or outcome.value is None:
        return outcome
    day = dt.date.fromisoformat(outcome.value)
    for j, week in weeks.get(e.sentence, ()):
        if not _in_named_week(e, exprs[j], day, week):
            reason = f"told in a sentence naming '{exprs[j].span.text}': it may count from then"
            return Outcome(None, outcome.rule, "unresolved", reason)
    for j in _same_sentence(i, exprs):
        other = outcomes[j].value
        if other and not _near(day, other) and told.between(exprs[j], e):
            reason = f"told with '{exprs[j].span.text}' ({other}): it may count from that time"
            return Outcome(None, outcome.rule, "unresolved", reason)
    return outcome


@dataclass(frozen=True, slots=True)
class _Telling:
    """Finds words of telling ("said", "told", "in an interview") between two expressions."""

    text: str
    calendar: Calendar

    def between(self, anchor: Expression, e: Expression) -> bool:
        """A word of telling between them, or just before the anchor ("he said last month")."""
        lo = min(anchor.span.start, e.span.start)
        hi = max(anchor.span.end, e.span.end)
        if not self.text:
            return True
        return bool(self.calendar.reporting.search(self.text, max(0, lo - 16), hi))


def _same_sentence(i: int, exprs: Sequence[Expression]) -> list[int]:
    """The expressions before i in its sentence; for a weekday inside a quotation, those
    after it too ("'We attacked on Sunday,' he told reporters last month")."""
    e, out = exprs[i], []
    j = i - 1
    while j >= 0 and exprs[j].sentence == e.sentence:
        out.append(j)
        j -= 1
    j = i + 1
    while e.quoted and j < len(exprs) and exprs[j].sentence == e.sentence:
        out.append(j)
        j += 1
    return out


def _in_named_week(e: Expression, anchor: Expression, day: dt.date, week: str) -> bool:
    """"Last week, on Thursday": the weekday right after the week and inside it."""
    close = 0 <= e.span.start - anchor.span.end <= 12
    return close and _near(day, week)


def _near(day: dt.date, value: str) -> bool:
    """Does a day fall within a week of a day, or inside a month? A year ("the economy shrank
    last year, the service said on Thursday") is the topic, not the time of telling."""
    if value.startswith("W:"):
        year, week, _ = day.isocalendar()
        return value == f"W:{year}-{week}"
    if len(value) == 10:
        return abs((dt.date.fromisoformat(value) - day).days) <= 6
    return len(value) == 4 or day.isoformat().startswith(value)
