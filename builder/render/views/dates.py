"""Date and period pages, and the dates index's calendar of months and years."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from builder import urls
from builder.assemble.site import (
    DateEntry,
    Site,
)
from builder.model import Source
from builder.render.highlight import Known
from builder.render.views.entry_pages import PageItems, entry_pages
from builder.render.views.formatting import MONTHS, WEEKDAYS, date_words
from builder.render.views.listings import PERIOD_INLINE, Listings, has_period_pages, ref_slug
from builder.render.views.paging import LazyView, Pagination, lazy_pages, pagination
from builder.render.views.rows import ArticleLink, ClaimGroup, MentionRow, NamedLink, mention_row


@dataclass(frozen=True, slots=True)
class DayCell:
    day: int
    url: str
    label: str


@dataclass(frozen=True, slots=True)
class MonthView:
    name: str
    anchor: str
    weeks: tuple[tuple[DayCell | None, ...], ...]
    mentions: tuple[MentionRow, ...]  # expressions that name the whole month (the newest)
    more: NamedLink | None = None  # the page with all of them, when there are more


@dataclass(frozen=True, slots=True)
class YearView:
    year: str
    anchor: str
    months: tuple[MonthView, ...]
    mentions: tuple[MentionRow, ...]  # expressions that name the whole year (the newest)
    more: NamedLink | None = None


@dataclass(frozen=True, slots=True)
class DatesIndexView:
    years: tuple[YearView, ...]
    weekdays: tuple[str, ...] = WEEKDAYS


def dates_index_view(site: Site, listings: Listings | None = None) -> DatesIndexView:
    """A calendar per month that has a dated page or a month mention; years newest last.
    A month or year named as a whole shows its newest PERIOD_INLINE mentions and links to
    the pages with all of them."""
    listings = listings or Listings(site)
    by_key = {e.date: e for e in site.by_date}
    months = sorted({k[:7] for k in by_key if len(k) >= 7})
    years = sorted({k[:4] for k in by_key})
    return DatesIndexView(
        tuple(
            YearView(
                y,
                urls.year_anchor(y),
                tuple(_month_view(m, by_key, listings) for m in months if m.startswith(y)),
                *_period_mentions(by_key.get(y), listings),
            )
            for y in years
        )
    )


def _month_view(month: str, by_key: dict[str, DateEntry], listings: Listings) -> MonthView:
    year, number = int(month[:4]), int(month[5:])
    weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(year, number)
    return MonthView(
        f"{MONTHS[number - 1]} {year}",
        urls.month_anchor(month),
        tuple(tuple(_day_cell(month, d, by_key) for d in week) for week in weeks),
        *_period_mentions(by_key.get(month), listings),
    )


def _period_mentions(
    entry: DateEntry | None, listings: Listings
) -> tuple[tuple[MentionRow, ...], NamedLink | None]:
    """The mentions of a month or year shown on the index, and the link to all of them."""
    if entry is None:
        return (), None
    if not has_period_pages(entry):
        return tuple(mention_row(r, listings.link) for r in entry.mentions), None
    shown = tuple(mention_row(r, listings.link) for r in entry.mentions[:PERIOD_INLINE])
    name = date_words(entry.date)
    return shown, NamedLink(
        f"All {len(entry.mentions)} mentions of {name}", urls.period(entry.date), name
    )


def _day_cell(month: str, day: int, by_key: dict[str, DateEntry]) -> DayCell | None:
    if day == 0:
        return None
    iso = f"{month}-{day:02d}"
    entry = by_key.get(iso)
    if entry is None:
        return DayCell(day, "", "")
    label = (
        f"{date_words(iso)}: {_count(len(entry.published), 'article')} published, "
        f"{_count(len(entry.mentions), 'mention')}"
    )
    return DayCell(day, urls.date(iso), label)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@dataclass(frozen=True, slots=True)
class PeriodView:
    """One page of the mentions of a whole month or year."""

    iso: str
    name: str
    calendar_url: str
    mentions: tuple[MentionRow, ...]
    total: int  # the whole archive's mentions, on page 1 only (0 on later pages)
    pagination: Pagination


def period_pages(entry: DateEntry, listings: Listings) -> Iterator[LazyView]:
    """A period's pages (a month or a year), each built only when asked for (LazyView.make)."""
    pages = listings.period(entry)
    (mentions,) = listings.split("period", entry.date, entry, pages, (entry.mentions, ref_slug))

    def make(k: int) -> PeriodView:
        return PeriodView(
            entry.date,
            date_words(entry.date),
            urls.date(entry.date),
            tuple(mention_row(r, listings.link) for r in mentions[k]),
            len(entry.mentions) if k == 0 else 0,
            pagination(urls.period(entry.date), pages, k + 1),
        )

    head = (entry.date,)
    listings.head("period", entry.date, head)
    skipped = functools.partial(listings.skipped, "period", entry.date)
    return lazy_pages(pages, head, (mentions,), make, (len(entry.mentions),), skipped)


@dataclass(frozen=True, slots=True)
class DateView:
    iso: str
    name: str
    weekday: str
    published: tuple[ArticleLink, ...]
    claims: tuple[ClaimGroup, ...]
    mentions: tuple[MentionRow, ...]
    month_url: str
    previous: NamedLink | None
    next: NamedLink | None
    published_any: bool = False  # whether any article was published that day (not how many)
    pagination: Pagination | None = None


def date_pages(
    entry: DateEntry,
    neighbours: tuple[str | None, str | None],
    sources: dict[str, Source],
    known: Known,
    listings: Listings,
) -> Iterator[LazyView]:
    """A day's pages: each holds some of the articles published that day or referring to
    it, newest first, with their claims about the day and mentions of it.
    Each view is built only when asked for (LazyView.make)."""
    day = dt.date.fromisoformat(entry.date)
    before, after = neighbours
    pages = listings.day(entry)

    def make(k: int, items: PageItems) -> DateView:
        return DateView(
            iso=entry.date,
            name=date_words(entry.date),
            weekday=_WEEKDAY_NAMES[day.weekday()],
            published=items.articles,
            claims=items.claims,
            mentions=items.mentions,
            month_url=urls.date(entry.date[:7]),
            previous=NamedLink(date_words(before), urls.date(before)) if before else None,
            next=NamedLink(date_words(after), urls.date(after)) if after else None,
            published_any=bool(entry.published),
            pagination=pagination(urls.date(entry.date), pages, k + 1),
        )

    head = (entry.date, before, after, bool(entry.published))  # a page shows no total
    items = (entry.published, entry.claims, entry.mentions)
    return entry_pages(listings, ("day", entry.date), entry, pages, items, head, sources, known,
                       make)


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_neighbours(days: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """For each day with a page, the previous and next days with pages."""
    return {
        d: (days[i - 1] if i > 0 else None, days[i + 1] if i + 1 < len(days) else None)
        for i, d in enumerate(days)
    }
