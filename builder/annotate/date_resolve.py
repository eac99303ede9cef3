"""Resolves date expressions to calendar values (day, month or year) against a publication date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from builder.annotate.date_expressions import Expression
from builder.knowledge.calendar import Calendar

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(slots=True)  # not frozen: one per expression and candidate publication day, and
class Outcome:  # a frozen __init__ costs about four times a plain one; never changed once made
    """A resolved value, or why there is none.

    problem: "" when resolved, "unresolved" when the expression is left out, "contradiction"
    when its weekday does not fit its date.
    """

    value: str | None
    rule: str
    problem: str = ""
    reason: str = ""


def resolve_within(e: Expression, window: Sequence[dt.date], cal: Calendar) -> Outcome:
    """Resolve against every possible publication date; keep the value only if all agree."""
    if not window:
        return resolve(e, None, cal)
    outcomes = [resolve(e, day, cal) for day in window]
    if len({o.value for o in outcomes}) == 1:
        return outcomes[0]
    reason = "depends on the exact day of publication, which is only inferred"
    return Outcome(None, e.rule, "unresolved", reason)


def resolve(e: Expression, published: dt.date | None, cal: Calendar) -> Outcome:
    """One expression's value given the publication date (None when it is unknown)."""
    if e.tense in ("uncertain", "unmarked"):
        return _either(e, published, cal)
    if e.kind in ("unresolvable", "ambiguous"):
        return _left_out(e, e.reason)
    if e.kind == "year":
        return Outcome(f"{e.year:04d}", e.rule)
    if e.kind == "date" and e.year_offset is None:
        return _date(e, published, cal)
    if e.kind == "month" and e.year is not None:
        return Outcome(f"{e.year:04d}-{e.month:02d}", e.rule)
    if e.year_offset is not None:
        return _relative_year(e, published, cal)
    if published is None:
        return _left_out(e, "relative to the publication date, which is unknown")
    if e.quoted and not e.quotable:
        return _left_out(e, "inside a quotation, relative to when the speaker spoke")
    if e.kind == "month":
        return _month(e, published)
    if e.kind == "weekday":
        return _weekday(e, published)
    return _relative(e, published)


def _either(e: Expression, published: dt.date | None, cal: Calendar) -> Outcome:
    """No sure tense: the past reading when both agree, or (unmarked, as news narrates the
    past) unless it lies far back while the future one is close: in December, "with
    Republicans taking control of the House in January, some want ..." is next month's."""
    past, future = (resolve(replace(e, tense=t), published, cal) for t in ("past", "future"))
    if past.value == future.value:
        return past
    if e.tense == "unmarked" and not _far_back_near_ahead(past, future, published):
        return past
    return _left_out(e, "the sentence may speak of the past or of the future")


def _far_back_near_ahead(past: Outcome, future: Outcome, published: dt.date | None) -> bool:
    if published is None or past.value is None or future.value is None:
        return False
    back, ahead = (abs((_first_day(value) - published).days)
                   for value in (past.value, future.value))
    return back >= 270 and ahead <= 92


def _first_day(value: str) -> dt.date:
    return dt.date.fromisoformat((value + "-01-01")[:10])


def _relative_year(e: Expression, published: dt.date | None, cal: Calendar) -> Outcome:
    """'24 February last year', 'in March this year': the year counted from publication."""
    if published is None:
        return _left_out(e, "relative to the publication date, which is unknown")
    year = published.year + (e.year_offset or 0)
    if e.kind == "month":
        return Outcome(f"{year:04d}-{e.month:02d}", e.rule + ":relative-year")
    fixed = _date(replace(e, year=year, year_offset=None), published, cal)
    return Outcome(fixed.value, e.rule + ":relative-year", fixed.problem, fixed.reason)


def _left_out(e: Expression, reason: str) -> Outcome:
    return Outcome(None, e.rule, "unresolved", reason)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _candidates(e: Expression, years: range) -> list[dt.date]:
    out = []
    for year in years:
        try:
            out.append(dt.date(year, e.month or 1, e.day or 1))
        except ValueError:
            continue
    return out


def _date(e: Expression, published: dt.date | None, cal: Calendar) -> Outcome:
    if e.year is not None:
        day = _candidates(e, range(e.year, e.year + 1))[0]
        if e.weekday is not None and day.weekday() != e.weekday:
            reason = f"{_iso(day)} is a {WEEKDAY_NAMES[day.weekday()]}, not a {_wd(e)}"
            return Outcome(None, e.rule, "contradiction", reason)
        return Outcome(_iso(day), e.rule)
    if e.weekday is not None:
        return _weekday_fixed_year(e, published, cal)
    if published is None:
        return _left_out(e, "names no year, and the article's date is unknown")
    options = _candidates(e, range(published.year - 1, published.year + 2))
    if not options:
        return _left_out(e, "no year near the article's date has that day")
    slack = dt.timedelta(days=cal.past_slack_days)
    if e.tense in ("prospective", "nearest"):  # "said they would meet on May 20": after the
        # saying; "the anniversary of the invasion on February 24": the nearest return
        nearest = min(options, key=lambda d: abs((d - published).days))
        if e.tense == "nearest" and abs((nearest - published).days) > cal.nearest_within_days:
            return _left_out(e, "an anniversary far from the article's date")
        return Outcome(_iso(nearest), e.rule + f":year-from-published:{e.tense}")
    if e.tense == "future":
        later = [d for d in options if d >= published - slack]
        if not later:
            return _left_out(e, "no such day ahead of the article's date")
        return Outcome(_iso(min(later)), e.rule + ":year-from-published:future")
    earlier = [d for d in options if d <= published + slack]
    if not earlier:
        return _left_out(e, "no such day before the article's date")
    return Outcome(_iso(max(earlier)), e.rule + ":year-from-published")


def _wd(e: Expression) -> str:
    return WEEKDAY_NAMES[e.weekday or 0]


def _weekday_fixed_year(e: Expression, published: dt.date | None, cal: Calendar) -> Outcome:
    """'Saturday May 14': the year in which that day is that weekday, nearest the article."""
    if published is not None:
        years = range(published.year - 1, published.year + 2)
        fits = [d for d in _candidates(e, years) if d.weekday() == e.weekday]
        if not fits:
            reason = f"{e.month:02d}-{e.day:02d} is not a {_wd(e)} in {years[0]}-{years[-1]}"
            return Outcome(None, e.rule, "contradiction", reason)
        best = min(fits, key=lambda d: (abs((d - published).days), d))
        return Outcome(_iso(best), e.rule + ":weekday-year")
    start, end = cal.period
    fits = [d for d in _candidates(e, range(start.year, end.year + 1)) if d.weekday() == e.weekday]
    fits = [d for d in fits if start <= d <= end]
    if len(fits) != 1:
        reason = f"{len(fits)} years of the archive's period fit a {_wd(e)} on that day"
        return _left_out(e, reason)
    return Outcome(_iso(fits[0]), e.rule + ":weekday-year-in-period")


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _shift_day(day: dt.date, e: Expression) -> dt.date:
    """A day moved by e.offset days, months or years (31 March less a month is 28/29 Feb)."""
    if e.unit == "day":
        return day + dt.timedelta(days=e.offset)
    by = e.offset * (12 if e.unit == "year" else 1)
    year, month = _shift_month(day.year, day.month, by)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _month(e: Expression, published: dt.date) -> Outcome:
    """A month without a year: 'last'/'next' name the nearest one strictly before/after."""
    month, current, year = e.month or 1, published.month, published.year
    if e.modifier == "this":
        chosen = year
    elif e.modifier == "last":
        if month < current:
            return _left_out(e, "'last' may mean this year's or last year's")
        chosen = year - 1
    elif e.modifier == "next":
        if month > current:
            return _left_out(e, "'next' may mean this year's or next year's")
        chosen = year + 1
    elif e.tense == "future":
        chosen = year if month >= current else year + 1
    elif e.tense == "prospective":  # "said they would meet in August": after the saying
        if month < current:
            return _left_out(e, "the future of a past moment: this year's or next year's")
        chosen = year
    else:
        chosen = year if month <= current else year - 1
    return Outcome(f"{chosen:04d}-{month:02d}", e.rule + (f":{e.tense}" if not e.modifier else ""))


def _weekday(e: Expression, published: dt.date) -> Outcome:
    """Past: the latest such day on or before publication; future: the next one after it."""
    back = (published.weekday() - (e.weekday or 0)) % 7
    ahead = ((e.weekday or 0) - published.weekday()) % 7
    if e.modifier in ("last", "next"):  # on a Wednesday, "last Monday" may be two days or
        # nine days back: kept only when the nearest such day lies in another week
        day = published + dt.timedelta(days=ahead or 7) if e.modifier == "next" else (
            published - dt.timedelta(days=back or 7)
        )
        if day.isocalendar()[:2] == published.isocalendar()[:2]:
            return _left_out(e, f"'{e.modifier}' may mean this week's or the other week's")
        return Outcome(_iso(day), e.rule)
    if e.modifier == "later" and ahead == 0:  # "would announce later on Wednesday", written
        return Outcome(_iso(published), e.rule)  # on a Wednesday: the same day, whatever the tense
    if e.tense == "prospective":
        return _left_out(e, "the future of a past moment ('would'): before or after the article")
    if e.tense == "nearest":  # "the anniversary on Friday": the closer of the two
        days = ahead if ahead < back else -back
        return Outcome(_iso(published + dt.timedelta(days=days)), e.rule)
    if e.tense == "future":
        if ahead == 0:
            return _left_out(e, "future tense on the publication's own weekday: today or in a week")
        return Outcome(_iso(published + dt.timedelta(days=ahead)), e.rule + ":future")
    return Outcome(_iso(published - dt.timedelta(days=back)), e.rule + ":past")


def _relative(e: Expression, published: dt.date) -> Outcome:
    if e.base is not None:
        return Outcome(_iso(_shift_day(published + dt.timedelta(days=e.base), e)), e.rule)
    if e.unit == "day":
        return Outcome(_iso(published + dt.timedelta(days=e.offset)), e.rule)
    if e.unit == "month":
        year, month = _shift_month(published.year, published.month, e.offset)
        return Outcome(f"{year:04d}-{month:02d}", e.rule)
    return Outcome(f"{published.year + e.offset:04d}", e.rule)
