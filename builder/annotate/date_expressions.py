"""Finds date expressions in text and says what each names, before any calendar arithmetic."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace

from builder.annotate.date_text import TextIndex, index
from builder.knowledge.calendar import Calendar
from builder.knowledge.phrases import lowered
from builder.model import Span

# Kinds, most precise first: ties between overlapping expressions go to the more precise one.
KINDS = ("date", "weekday", "relative", "ago", "month", "year", "ambiguous", "unresolvable")


@dataclass(slots=True)  # not frozen: made and copied several times per expression, and a
class Expression:  # frozen __init__ of 20 fields costs about four times a plain one; never changed
    """One date expression as written: the fields it names and the context that resolves it.

    kind: date (a day and month, perhaps a year and weekday) | month | year | weekday |
    relative ("yesterday", "last month") | ago ("three days ago") | ambiguous | unresolvable.
    """

    kind: str
    span: Span
    rule: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    modifier: str = ""  # "last" | "next" | "this" | "later" (weekdays): relative to publication
    unit: str = ""  # relative and ago: "day" | "month" | "year"
    offset: int = 0  # relative and ago: added to the publication date in `unit`s
    quotable: bool = True  # may it be resolved inside direct speech?
    year_offset: int | None = None  # "24 February last year": the publication's year + this
    base: int | None = None  # "a year ago today": the day (offset from publication) counted from
    reason: str = ""  # why an ambiguous or unresolvable expression is left out
    tense: str = "past"  # past | future | prospective | uncertain | unmarked | nearest
    quoted: bool = False
    sentence: int = 0
    paragraph: int = 0


Group = tuple[Expression, ...]  # a range ("May 14-15") is one group of two expressions
Matches = list[re.Match[str]]
Hits = dict[str, Matches]  # pattern name -> its matches (Patterns.scan)


def find(text: str, calendar: Calendar) -> tuple[Expression, ...]:
    """Every date expression of text, in text order, overlaps settled longest first."""
    tokens = calendar.tokens(text)
    idx = index(text, calendar, tokens)
    hits = calendar.patterns.scan(text, tokens)
    blocked = [m.span() for m in hits.get("not_dates", ())]
    groups = [g for g in _candidates(text, calendar, hits) if not _overlaps_any(g, blocked)]
    chosen = sorted(_non_overlapping(groups), key=lambda g: g[0].span.start)
    return tuple(_situate(e, text, idx, calendar) for g in chosen for e in g)


def _candidates(text: str, cal: Calendar, hits: Hits) -> Iterator[Group]:
    yield from _day_dates(text, cal, hits.get("month_day", []), "month-day")
    yield from _day_dates(text, cal, hits.get("day_month", []), "day-month")
    yield from _iso_dates(text, hits.get("iso", []))
    yield from _numeric_dates(text, cal, hits.get("numeric", []))
    yield from _month_years(text, cal, hits.get("month_year", []))
    yield from _bare_months(text, cal, hits.get("bare_month", []))
    yield from _bare_years(text, cal, hits.get("bare_year", []))
    yield from _weekdays(text, cal, hits.get("weekday", []))
    yield from _relatives(text, cal, hits.get("relative", []), hits.get("unresolvable", []))
    yield from _agos(text, cal, hits.get("ago", []))
    yield from _event_days(text, cal, hits.get("event_day", []))
    yield from _named_days(text, cal)


_FIELDS = tuple(f.name for f in fields(Expression))


def _copy(e: Expression, **changes: object) -> Expression:
    """dataclasses.replace without its per-call introspection (this runs per expression)."""
    return Expression(*[changes.get(name, getattr(e, name)) for name in _FIELDS])  # type: ignore[arg-type]


def _overlaps_any(group: Group, spans: list[tuple[int, int]]) -> bool:
    s, e = group[0].span.start, group[-1].span.end
    return any(a < e and s < b for a, b in spans)


def _non_overlapping(groups: list[Group]) -> list[Group]:
    def rank(g: Group) -> tuple[int, int, int]:
        length = g[-1].span.end - g[0].span.start
        return (-length, KINDS.index(g[0].kind), g[0].span.start)

    taken: list[Group] = []
    spans: list[tuple[int, int]] = []
    for g in sorted(groups, key=rank):
        if not _overlaps_any(g, spans):
            taken.append(g)
            spans.append((g[0].span.start, g[-1].span.end))
    return taken


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year or 2024, month, day)  # 2024 is a leap year: 29 February stays possible
    except ValueError:
        return False
    return True


def _month_of(token: str, cal: Calendar, word_like: frozenset[str] | None = None) -> int | None:
    """The month a token names; abbreviations and word-like names only when capitalised.

    word_like: the names that need a capital here (all of them for a month named alone).
    """
    name = token.rstrip(".").lower()
    number = cal.months.get(name)
    strict = cal.capitalised if word_like is None else word_like
    needs_capital = name in cal.month_abbreviations or name in strict
    if number is None or (needs_capital and not token[0].isupper()):
        return None
    return number


def _weekday_of(token: str | None, cal: Calendar) -> int | None:
    if not token:
        return None
    name = token.rstrip(".").lower()
    if name in cal.weekday_abbreviations and not token[0].isupper():
        return None
    return cal.weekdays.get(name)


# --- day-precise forms ---------------------------------------------------------------------


def _day_dates(text: str, cal: Calendar, matches: Matches, rule: str) -> Iterator[Group]:
    """May 14; Saturday May 14; on Saturday (May 14); 14 May 2022; the 14th of May; May 14-15."""
    # "march 14 km" is a verb, "3 march" a date: day-first needs fewer capitals.
    word_like = cal.capitalised_in_dates if rule == "day-month" else cal.capitalised
    for m in matches:
        month = _month_of(m.group("mon"), cal, word_like)
        weekday = _weekday_of(m.group("wd"), cal)
        if month is None or (m.group("wd") and weekday is None):
            continue
        year = int(m.group("year")) if m.group("year") else None
        day = int(m.group("day"))
        if not _valid(year, month, day):
            continue
        span = _span(text, m.start(), m.end())
        offset = _year_offset(m, cal)
        first = Expression("date", span, rule, year, month, day, weekday, year_offset=offset)
        day2 = int(m.group("day2")) if m.group("day2") else None
        if day2 is None:
            yield (first,)
        elif day < day2 <= 31 and _valid(year, month, day2) and _is_range(text, m, cal):
            yield _range(text, m, first, day2)
        elif m.start("mon") < m.start("day"):  # "May 14 and 15 people": only "May 14"
            yield (replace(first, span=_span(text, m.start(), m.end("day"))),)
        elif _valid(year, month, day2):  # "14 and 15 May" without "between": only "15 May"
            yield (replace(first, span=_span(text, m.start("day2"), m.end()), day=day2),)


def _is_range(text: str, m: re.Match[str], cal: Calendar) -> bool:
    """A dash always links a range; a word ("to", "and") only after "from" or "between", or
    "and" closing a clause ("assaults on February 9 and 10."; not "May 14 and 15 people")."""
    if not m.group("link")[0].isalpha():
        return True
    if cal.patterns.range_opener.search(text, max(0, m.start() - 12), m.start()):
        return True
    return m.group("link").lower() == "and" and bool(_CLAUSE_END.match(text, m.end()))


_CLAUSE_END = re.compile(r"[.,;:)]|\s*$")


def _range(text: str, m: re.Match[str], first: Expression, day2: int) -> Group:
    """'May 14-15' is two mentions: 'May 14' and '15'; '14-15 May' is '14' and '15 May'."""
    one = _span(text, m.start(), m.end("day"))
    two = _span(text, m.start("day2"), m.end())
    second = replace(first, span=two, day=day2, weekday=None, rule=first.rule + ":range-end")
    return (replace(first, span=one), second)


def _iso_dates(text: str, matches: Matches) -> Iterator[Group]:
    for m in matches:
        year, month, day = int(m.group("year")), int(m.group("mon")), int(m.group("day"))
        if 1 <= month <= 12 and _valid(year, month, day):
            yield (Expression("date", _span(text, *m.span()), "iso", year, month, day),)


def _numeric_dates(text: str, cal: Calendar, matches: Matches) -> Iterator[Group]:
    """14/05/2022 only when one number exceeds 12 or both are equal (or the style is day-first)."""
    for m in matches:
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        span = _span(text, *m.span())
        if a == b or (a > 12 >= b) or (m.group("sep") in cal.day_first_separators):
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            reason = "day and month could be either way round"
            if _valid(year, a, b) or _valid(year, b, a):
                yield (Expression("ambiguous", span, "numeric", reason=reason),)
            continue
        if _valid(year, month, day):
            yield (Expression("date", span, "numeric", year, month, day),)


# --- month and year precision ---------------------------------------------------------------


def _month_years(text: str, cal: Calendar, matches: Matches) -> Iterator[Group]:
    """February 2023, in March 2022."""
    for m in matches:
        month = _month_of(m.group("mon"), cal)
        if month is not None:
            span = _span(text, m.start(), m.end())
            yield (Expression("month", span, "month-year", int(m.group("year")), month),)


def _bare_months(text: str, cal: Calendar, matches: Matches) -> Iterator[Group]:
    """in February, early March, last September: a month named without a year."""
    for m in matches:
        month = _month_of(m.group("mon"), cal, frozenset(cal.months))
        if month is None:
            continue
        words = m.group("pre").lower().replace("-", " ").split()
        modifier = next((w for w in words if w in ("last", "next", "this")), "")
        span = _span(text, m.start(), m.end())
        offset = _year_offset(m, cal)
        modifier = "" if offset is not None else modifier
        yield (
            Expression("month", span, "month", month=month, modifier=modifier, year_offset=offset),
        )


def _year_offset(m: re.Match[str], cal: Calendar) -> int | None:
    """The year offset of "last year"/"this year" written after a date or month."""
    words = m.group("ryear")
    if not words:
        return None
    return cal.relative[" ".join(words.lower().split())].offset


def _bare_years(text: str, cal: Calendar, matches: Matches) -> Iterator[Group]:
    """in 2014, the summer of 2022: a number with a year's preposition, in a plausible range."""
    low, high = cal.year_range
    for m in matches:
        year = int(m.group("year"))
        if low <= year <= high:
            yield (Expression("year", _span(text, *m.span()), "year", year),)


# --- relative forms -----------------------------------------------------------------------


def _weekdays(text: str, cal: Calendar, matches: Matches) -> Iterator[Group]:
    """on Sunday, Saturday night, Sunday's shelling, last Monday, next Friday, later on Monday."""
    aliases = {"coming": "next", "past": "last"}
    for m in matches:
        mod = " ".join((m.group("mod") or "").lower().split()[:1])  # "later on" -> "later"
        weekday = cal.weekdays[m.group("wd").lower()]
        span = _span(text, *m.span())
        rule = f"weekday:{aliases.get(mod, mod)}" if mod else "weekday"
        yield (Expression("weekday", span, rule, weekday=weekday, modifier=aliases.get(mod, mod)),)


def _relatives(
    text: str, cal: Calendar, matches: Matches, unresolvable: Matches
) -> Iterator[Group]:
    for m in matches:
        rel = cal.relative[" ".join(m.group(0).lower().replace("’", "'").split())]
        if rel.unit == "year" and _YEAR_AFTER.match(text, m.end()):
            continue  # "the beginning of the year 2022" names 2022, not this year
        yield (
            Expression(
                "relative",
                _span(text, *m.span()),
                f"relative-{rel.unit}",
                unit=rel.unit,
                offset=rel.offset,
                quotable=rel.quoted,
            ),
        )
    for m in unresolvable:
        reason = cal.unresolvable[" ".join(m.group(0).lower().split())]
        yield (Expression("unresolvable", _span(text, *m.span()), "relative", reason=reason),)


_YEAR_AFTER = re.compile(r"\s+\d{4}(?!\d)")


def _agos(text: str, cal: Calendar, matches: Matches) -> Iterator[Group]:
    """three days ago, six months ago, a year ago; vague ones and weeks are left out."""
    for m in matches:
        span = _span(text, *m.span())
        unit = cal.ago_units.get(m.group("unit").lower())
        n_text = m.group("n").lower()
        n = int(n_text) if n_text.isdigit() else cal.numbers.get(n_text)
        if m.group("vague") or unit is None or n is None:
            yield (Expression("unresolvable", span, "ago", reason="too vague for a calendar date"),)
            continue
        then = m.group("then")
        if then:  # "a year ago today": that day, a year back
            base = cal.relative[" ".join(then.lower().replace("’", "'").split())].offset
            rule = f"ago-{unit}-from-day"
            yield (Expression("ago", span, rule, unit=unit, offset=-n, quotable=False, base=base),)
            continue
        yield (Expression("ago", span, f"ago-{unit}", unit=unit, offset=-n),)


def _event_days(text: str, cal: Calendar, matches: Matches) -> Iterator[Group]:
    """the second day of the invasion, the war's 100th day, day 100 of the war."""
    for m in matches:
        noun = m.group("ev1") or m.group("ev2") or m.group("ev3")
        event = cal.event(noun)
        n = _ordinal(m.group("ord1") or m.group("ord2") or m.group("num3"), cal)
        if event is None or n is None or n < 1:
            continue
        day = event.start + dt.timedelta(days=n - 1)
        span = _span(text, *m.span())
        yield (Expression("date", span, "event-day", day.year, day.month, day.day),)


# The named-day pattern matches case-insensitively; the text lower-cased letter by letter folds
# the long s and the dotless i as the regex engine does, so a plain search of it for the names
# (Calendar.named_day_names, which lets the engine skip through the text in C) finds every
# text where that pattern can match. Most texts name no such day.
_FOLD_ODD = str.maketrans({"ſ": "s", "ı": "i"})


def _named_days(text: str, cal: Calendar) -> Iterator[Group]:
    """Christmas Day, New Year's Eve, Victory Day, Ukraine's Independence Day: a day and month
    (calendar.yaml `named_days`, `country_days`); the year comes later, from the article's date
    and the tense, as for any year-less date."""
    low = lowered(text)
    if "ſ" in low or "ı" in low:
        low = low.translate(_FOLD_ODD)  # rare: a plain str.translate of every text is slow
    if not cal.named_day_names.search(low):
        return  # no day's name anywhere, so no match of the named-day pattern either
    for m in cal.named_day.finditer(text):
        if not m.group("name")[:1].isupper() and m.group("name").split()[0].lower() != "the":
            continue  # "a victory day for the team" is no holiday
        found = cal.named_day_date(m.group("name"), m.group("country") or "")
        if found is None:
            continue  # "Independence Day" of no named country
        month, day = found
        span = _span(text, m.start("name"), m.end("name"))
        yield (Expression("date", span, "named-day", month=month, day=day),)


def _ordinal(token: str, cal: Calendar) -> int | None:
    digits = token.rstrip("stndrhSTNDRH")
    return int(digits) if digits.isdigit() else cal.ordinals.get(token.lower())


# --- context ------------------------------------------------------------------------------


def _situate(e: Expression, text: str, idx: TextIndex, cal: Calendar) -> Expression:
    """Add the tense, quotation, sentence and paragraph; a year-less date of a named event gets
    its year."""
    start, end = e.span.start, e.span.end
    e = _copy(
        e,
        tense=idx.tense(start, end),
        quoted=idx.quoted(start),
        sentence=idx.sentence(start),
        paragraph=idx.paragraph(start),
    )
    if e.kind == "weekday" and not e.modifier and e.tense in ("unmarked", "uncertain"):
        return _weekday_without_tense(e, text, idx, cal)
    if e.kind == "date" and e.year is None and e.weekday is None:
        s0, s1 = idx.sentence_bounds(start)
        for event in cal.events:
            same_day = (event.start.month, event.start.day) == (e.month, e.day)
            names_event = event.cues.match(text, end + 1)  # "the February 24 invasion"
            if same_day and not names_event and event.anniversary.search(text, s0, s1):
                return _copy(e, tense="nearest", rule=e.rule + ":anniversary")
            if same_day and event.cues.search(text, s0, s1):
                return _copy(e, year=event.start.year, rule=e.rule + ":event-year")
    if e.kind == "month" and e.year is None and e.year_offset is None and not e.modifier:
        for event in cal.events:  # "occupied since early March at the beginning of the war"
            first_weeks = (event.start.month, event.start.month % 12 + 1)
            if e.month in first_weeks and _at_opening(text, start, end, event.opening, cal):
                year = event.start.year + (e.month < event.start.month)
                return _copy(e, year=year, rule=e.rule + ":event-opening")
    return e


# Between a month and the words of an event's first weeks right after it ("early March at the
# beginning of the war"), or between those words and the month after them ("at the start of
# the invasion in March"). Farther apart ("In March, a year after the start of the war") the
# month is not said to be in the first weeks.
_MONTH_THEN_OPENING = re.compile(r"\s*,?\s*(?:at|in|during)\s+(?:the\s+)?", re.IGNORECASE)
_OPENING_THEN_MONTH = re.compile(r"\s*,?\s*(?:in\s+)?$", re.IGNORECASE)


def _at_opening(text: str, start: int, end: int, opening: re.Pattern[str],
                cal: Calendar) -> bool:
    gap = _MONTH_THEN_OPENING.match(text, end)
    if gap is not None and opening.match(text, gap.end()):
        return True
    before = max(0, start - 80)
    return any(_OPENING_THEN_MONTH.search(text[m.end():start]) and
               not cal.later_than_before.search(text, before, m.start())
               for m in opening.finditer(text, before, start))


def _weekday_without_tense(e: Expression, text: str, idx: TextIndex, cal: Calendar) -> Expression:
    """A weekday whose sentence tells no tense: after "by", "ahead of" or "until" it is the
    coming one; in a sentence about an event's anniversary ("racing to approve it before the
    anniversary of the invasion on Friday") it is the nearest one, before or after."""
    if cal.deadline_before.search(text, max(0, e.span.start - 12), e.span.start):
        return _copy(e, tense="future", rule=e.rule + ":deadline")
    s0, s1 = idx.sentence_bounds(e.span.start)
    if any(event.anniversary.search(text, s0, s1) for event in cal.events):
        return _copy(e, tense="nearest", rule=e.rule + ":anniversary")
    return e
