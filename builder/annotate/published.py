"""Decides an article's publication date: given in its metadata, else inferred from its text.

Rules for an undated article, tried in order (each keeps its reason for the check report):

1. stated: a full date right after "Published:"/"Updated" (calendar.yaml `published.cues`).
2. co-referent: a day word touching a full date ("yesterday (May 14)", "today, on Saturday May
   14"): the date minus the word's offset.
3. weekday-anchored: the latest past-tense day that is dated to the year by a weekday
   ("Saturday May 14", "On Tuesday, March 22") or by a weekday named next to it. A weekday
   named alone that falls on the day after it ("... on Sunday") makes that day the latest,
   and the article is taken as published on it (news names the day of publication by its
   weekday); otherwise the article is taken as published the day after its latest dated day
   (news spells out the date of a day that is not today).

An article with none of these is undated: its text is never guessed from months or weekdays
alone. Relative expressions of an inferred article are then resolved against every day of a
small window around the inferred date, and kept only when all agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from builder.annotate.date_expressions import Expression
from builder.annotate.date_resolve import resolve
from builder.knowledge.calendar import Calendar
from builder.model import Note, Published

_ADJACENT = re.compile(r"[\s,(—–-]{0,3}(?:on\s+)?")  # "today, on Tuesday, July 4"
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Decision:
    """The publication date and the days it may really be (the window relatives resolve in)."""

    published: Published | None
    window: tuple[dt.date, ...]
    notes: tuple[Note, ...] = ()


def decide(
    given: dt.date | None, exprs: Sequence[Expression], text: str, cal: Calendar
) -> Decision:
    """The given date, else the first inference rule that applies, else undated."""
    if given is not None:
        return Decision(Published(given, False, "given in front matter or sidecar"), (given,))
    for rule in (_stated, _coreferent, _weekday_anchored):
        decision = rule(exprs, text, cal)
        if decision is not None:
            return decision
    return Decision(None, ())


def _absolute_day(e: Expression, cal: Calendar) -> dt.date | None:
    """The day an expression names without knowing the publication date, if it is one."""
    if e.kind != "date":
        return None
    value = resolve(e, None, cal).value
    return dt.date.fromisoformat(value) if value else None


def _inferred(
    day: dt.date, window: tuple[dt.date, ...], rule: str, why: str, e: Expression
) -> Decision:
    reason = f"{rule}: {why}"
    note = Note("inferred", f"publication date {day.isoformat()} inferred: {why}", e.span, rule)
    return Decision(Published(day, True, reason), window, (note,))


def _stated(exprs: Sequence[Expression], text: str, cal: Calendar) -> Decision | None:
    for e in exprs:
        day = _absolute_day(e, cal)
        before = text[max(0, e.span.start - 40) : e.span.start]
        if day and cal.patterns.published_cue.search(before):
            why = f"the text states it: '{before.strip()} {e.span.text}'"
            return _inferred(day, (day,), "published:stated", why, e)
    return None


def _coreferent(exprs: Sequence[Expression], text: str, cal: Calendar) -> Decision | None:
    for a, b in pairwise(exprs):
        if not _ADJACENT.fullmatch(text[a.span.end : b.span.start]):
            continue
        for word, dated in ((a, b), (b, a)):
            day = _absolute_day(dated, cal)
            if word.kind == "relative" and word.unit == "day" and day and not word.quoted:
                published = day - dt.timedelta(days=word.offset)
                why = f"'{word.span.text}' is '{dated.span.text}' ({day.isoformat()})"
                return _inferred(published, (published,), "published:co-referent", why, dated)
    return None


def _weekday_anchored(exprs: Sequence[Expression], text: str, cal: Calendar) -> Decision | None:
    anchors = _anchors(exprs, cal)
    if not anchors:
        return None
    latest, anchor = max(anchors, key=lambda pair: (pair[0], -pair[1].span.start))
    follower = _following_weekday(exprs, latest, cal)
    if follower is not None:
        day, e = follower
        why = (
            f"latest dated day '{anchor.span.text}' ({latest.isoformat()}); "
            f"'{e.span.text}' read as the day after it, {day.isoformat()}, "
            "the day of publication"
        )
        return _inferred(day, (day, day + ONE_DAY), "published:weekday-follows", why, anchor)
    day = latest + ONE_DAY
    why = (
        f"latest dated day '{anchor.span.text}' ({latest.isoformat()}), told in the past: "
        "published the day after"
    )
    window = (latest, day, day + ONE_DAY)
    return _inferred(day, window, "published:weekday-anchored", why, anchor)


def _anchors(exprs: Sequence[Expression], cal: Calendar) -> list[tuple[dt.date, Expression]]:
    """Past-tense full days dated by their own weekday or by one named beside them."""
    weekdays = [e for e in exprs if e.kind == "weekday" and not e.modifier]
    found = []
    for e in exprs:
        day = _absolute_day(e, cal)
        if day is None or e.tense == "future" or "event" in e.rule:
            continue
        named_near = any(
            abs(w.sentence - e.sentence) <= 1
            and w.weekday in (day.weekday(), (day + ONE_DAY).weekday())
            for w in weekdays
        )
        if e.weekday is not None or named_near:
            found.append((day, e))
    return found


def _following_weekday(
    exprs: Sequence[Expression], latest: dt.date, cal: Calendar
) -> tuple[dt.date, Expression] | None:
    """A past-tense weekday named alone that falls just after the latest dated day."""
    best: tuple[dt.date, Expression] | None = None
    for e in exprs:
        if e.kind != "weekday" or e.modifier or e.tense == "future":
            continue
        ahead = ((e.weekday or 0) - latest.weekday()) % 7
        if 1 <= ahead <= cal.weekday_follows_days:
            day = latest + dt.timedelta(days=ahead)
            if best is None or day > best[0]:
                best = (day, e)
    return best
