"""Loads calendar.yaml (month and weekday names, relative expressions, tense cues) and compiles it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from builder.diagnostics import Diagnostic, error

FILE_NAME = "calendar.yaml"


@dataclass(frozen=True, slots=True)
class Relative:
    """A relative expression: its precision and its offset from the publication date."""

    unit: str  # "day" | "month" | "year"
    offset: int
    quoted: bool  # may it be resolved inside direct speech?


@dataclass(frozen=True, slots=True)
class Event:
    """An event whose days can be counted ("the second day of the invasion")."""

    name: str
    start: dt.date
    nouns: tuple[str, ...]
    cues: re.Pattern[str]  # words that show a sentence speaks of this event


@dataclass(frozen=True, slots=True)
class Patterns:
    """Every regular expression of the dates pass, compiled once per load."""

    month_day: re.Pattern[str]  # [weekday] month day[-day2][, year]
    day_month: re.Pattern[str]  # [weekday] [the] day[-day2] [of] month[ year]
    iso: re.Pattern[str]  # 2022-05-14
    numeric: re.Pattern[str]  # 14/05/2022, 14.05.2022
    month_year: re.Pattern[str]  # [in] February 2023
    bare_month: re.Pattern[str]  # in February, early March, last September
    bare_year: re.Pattern[str]  # in 2014, the summer of 2022
    weekday: re.Pattern[str]  # [last|next|this] Sunday['s]
    relative: re.Pattern[str]  # yesterday, last month, this year ...
    unresolvable: re.Pattern[str]  # last week, overnight ...
    ago: re.Pattern[str]  # three days ago
    event_day: re.Pattern[str]  # the second day of the invasion, the war's 100th day
    not_dates: re.Pattern[str]  # Mail on Sunday, Russia Today ...
    cues: re.Pattern[str]  # tense cues: groups `future` and `past`
    clause_break: re.Pattern[str]
    sentence_end: re.Pattern[str]
    quote_mark: re.Pattern[str]
    published_cue: re.Pattern[str]  # "Published:" right before a date
    range_opener: re.Pattern[str]  # "from", "between" right before a date


@dataclass(frozen=True, slots=True)
class Calendar:
    """Calendar knowledge; see builder/data/calendar.yaml for what each field means."""

    period: tuple[dt.date, dt.date]
    months: Mapping[str, int]  # lower-case name or abbreviation -> 1..12
    month_abbreviations: frozenset[str]
    capitalised: frozenset[str]
    capitalised_in_dates: frozenset[str]
    day_first_separators: frozenset[str]
    weekdays: Mapping[str, int]  # lower-case name or abbreviation -> 0..6 (Monday = 0)
    weekday_abbreviations: frozenset[str]
    relative: Mapping[str, Relative]
    unresolvable: Mapping[str, str]
    ago_units: Mapping[str, str]
    vague: frozenset[str]
    numbers: Mapping[str, int]
    ordinals: Mapping[str, int]
    not_past: frozenset[str]
    past_slack_days: int
    weekday_follows_days: int
    year_range: tuple[int, int]
    events: tuple[Event, ...]
    patterns: Patterns

    def event(self, noun: str) -> Event | None:
        """The event a noun ("invasion", "war") names, if any."""
        key = _norm(noun)
        return next((e for e in self.events if key in e.nouns), None)


# --- loading -----------------------------------------------------------------------------


def load(dirs: Iterable[Path]) -> tuple[Calendar, tuple[Diagnostic, ...]]:
    """Merge calendar.yaml from each dir in order (built-in first), then compile it."""
    merged: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for folder in dirs:
        path = Path(folder) / FILE_NAME
        if not path.is_file():
            continue
        data, diags = parse(path.read_text(encoding="utf-8"), str(path))
        problems.extend(diags)
        merged = merge(merged, data)
    calendar, diags = build(merged, FILE_NAME)
    return calendar, (*problems, *diags)


def parse(text: str, path: str) -> tuple[dict[str, Any], tuple[Diagnostic, ...]]:
    """One calendar.yaml as a mapping; a syntax error names its line."""
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        return {}, (error(path, line, f"invalid YAML: {exc.problem}"),)
    if data is None:
        return {}, ()
    if not isinstance(data, dict):
        return {}, (error(path, 1, "calendar data must be a mapping of keys"),)
    return data, ()


def merge(base: Any, extra: Any) -> Any:
    """User data over built-in data: mappings merge, lists are appended to, scalars replace."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [v for v in extra if v not in base]
    return extra


def build(data: Mapping[str, Any], path: str) -> tuple[Calendar, tuple[Diagnostic, ...]]:
    """Validate merged data and compile the patterns; a bad entry is reported and skipped."""
    problems: list[Diagnostic] = []

    def bad(message: str) -> None:
        problems.append(error(path, 0, message))

    months, month_abbr = _names(data.get("months", {}), 1, 12, "months", bad)
    weekdays, weekday_abbr = _names(data.get("weekdays", {}), 0, 6, "weekdays", bad)
    relative = _relatives(data.get("relative", {}), bad)
    events = _events(data.get("events", {}), bad)
    published = data.get("published", {}) or {}
    period = _period(data.get("period", {}), bad)
    years = data.get("years", {}) or {}
    words = _Words(data)
    calendar = Calendar(
        period=period,
        months=months,
        month_abbreviations=month_abbr,
        capitalised=words.set("capitalised"),
        capitalised_in_dates=words.set("capitalised_in_dates"),
        day_first_separators=frozenset(map(str, data.get("numeric_day_first_separators") or ())),
        weekdays=weekdays,
        weekday_abbreviations=weekday_abbr,
        relative=relative,
        unresolvable={_norm(k): str(v) for k, v in (data.get("unresolvable") or {}).items()},
        ago_units={_norm(k): str(v) for k, v in (data.get("ago_units") or {}).items()},
        vague=words.set("vague"),
        numbers={_norm(k): int(v) for k, v in (data.get("numbers") or {}).items()},
        ordinals={_norm(k): int(v) for k, v in (data.get("ordinals") or {}).items()},
        not_past=words.set("not_past"),
        past_slack_days=int(data.get("past_slack_days", 7)),
        weekday_follows_days=int(published.get("weekday_follows_days", 1)),
        year_range=(int(years.get("min", 1900)), int(years.get("max", 2099))),
        events=events,
        patterns=_compile(data, months, month_abbr, weekdays, weekday_abbr, relative, events),
    )
    return calendar, tuple(problems)


@dataclass(frozen=True, slots=True)
class _Words:
    data: Mapping[str, Any]

    def list(self, key: str) -> tuple[str, ...]:
        return tuple(_norm(str(w)) for w in (self.data.get(key) or ()))

    def set(self, key: str) -> frozenset[str]:
        return frozenset(self.list(key))


def _norm(word: str) -> str:
    return " ".join(word.lower().replace("’", "'").split())


def _names(
    table: Any, low: int, high: int, key: str, bad: Any
) -> tuple[dict[str, int], frozenset[str]]:
    names: dict[str, int] = {}
    abbreviations: set[str] = set()
    for number, entry in (table or {}).items():
        if not isinstance(number, int) or not low <= number <= high or not isinstance(entry, dict):
            bad(f"{key}: '{number}' must be a number from {low} to {high} with names")
            continue
        for name in entry.get("names") or ():
            names[_norm(name)] = number
        for abbr in entry.get("abbreviations") or ():
            names[_norm(abbr)] = number
            abbreviations.add(_norm(abbr))
    return names, frozenset(abbreviations)


def _relatives(table: Any, bad: Any) -> dict[str, Relative]:
    out: dict[str, Relative] = {}
    for phrase, entry in (table or {}).items():
        unit = entry.get("unit") if isinstance(entry, dict) else None
        if unit not in ("day", "month", "year"):
            bad(f"relative: '{phrase}' needs unit day, month or year")
            continue
        out[_norm(phrase)] = Relative(unit, int(entry.get("offset", 0)), bool(entry.get("quoted")))
    return out


def _events(table: Any, bad: Any) -> tuple[Event, ...]:
    out: list[Event] = []
    for name, entry in sorted((table or {}).items()):
        start = entry.get("start") if isinstance(entry, dict) else None
        if not isinstance(start, dt.date):
            bad(f"events: '{name}' needs a start date (YYYY-MM-DD)")
            continue
        nouns = tuple(_norm(n) for n in entry.get("nouns") or ())
        cues = re.compile(_word_alternation(entry.get("cues") or [name]), re.IGNORECASE)
        out.append(Event(str(name), start, nouns, cues))
    return tuple(out)


def _period(entry: Any, bad: Any) -> tuple[dt.date, dt.date]:
    start, end = (entry or {}).get("start"), (entry or {}).get("end")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
        bad("period: needs start and end dates (YYYY-MM-DD), start first")
        return dt.date(2022, 1, 1), dt.date(2023, 12, 31)
    return start, end


# --- patterns ----------------------------------------------------------------------------


def _phrase(words: str) -> str:
    """A phrase as a regex: words separated by any whitespace, apostrophes of either kind."""
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in words.split())


def _alternation(words: Iterable[str]) -> str:
    unique = sorted({_norm(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(_phrase(w) for w in unique) or "(?!)"


def _word_alternation(words: Iterable[str]) -> str:
    """Whole words or phrases; one starting with an apostrophe ("'ll") follows a word."""
    unique = sorted({_norm(w) for w in words}, key=lambda w: (-len(w), w))
    parts = [
        (r"(?<![\w'’])" if w[0].isalnum() else r"(?<=\w)") + _phrase(w) + r"(?![\w'’])"
        for w in unique
    ]
    return f"(?:{'|'.join(parts) or '(?!)'})"


def _compile(
    data: Mapping[str, Any],
    months: Mapping[str, int],
    month_abbr: frozenset[str],
    weekdays: Mapping[str, int],
    weekday_abbr: frozenset[str],
    relative: Mapping[str, Relative],
    events: tuple[Event, ...],
) -> Patterns:
    words = _Words(data)
    full_months = _alternation(n for n in months if n not in month_abbr)
    month = rf"(?:{full_months}|(?:{_alternation(month_abbr)})\.?)"
    full_days = _alternation(n for n in weekdays if n not in weekday_abbr)
    weekday = rf"(?:{full_days}|(?:{_alternation(weekday_abbr)})\.?)"
    lead = rf"(?:(?P<wd>{weekday})(?:,?\s+|\s*(?P<open>\()\s*))?"
    close = r"(?(open)\s*\))"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?!:\d)"
    links = _alternation(words.list("range_links"))
    day2 = (
        rf"(?:\s*(?P<link>{links})\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?![,.:]\d)"
        r"(?!\s*(?:%|per\b)))?"
    )
    number_year = r"(?P<year>(?:19|20)\d\d)(?![\d,.]\d)"
    year_words = _alternation(k for k, r in relative.items() if r.unit == "year")
    year = rf"(?:{number_year}|(?P<ryear>{year_words})(?![\w-]))"  # 2022 | last year
    month_pre = rf"(?P<pre>(?:(?<![\w-])(?:{_alternation(words.list('month_prefixes'))})[\s-]+)+)"
    year_pre = rf"(?P<pre>(?:(?<![\w-])(?:{_alternation(words.list('year_prefixes'))})[\s-]+)+)"
    numbers = _alternation(words.list("numbers"))
    ordinals = _alternation(words.list("ordinals"))
    ordinal = rf"(?:{ordinals}|\d{{1,4}}(?:st|nd|rd|th))"
    nouns = _alternation(n for e in events for n in e.nouns)
    vague = _alternation(words.list("vague"))
    day_words = _alternation(k for k, r in relative.items() if r.unit == "day")
    units = _alternation((data.get("ago_units") or {}).keys() | {"week", "weeks"})
    ic = re.IGNORECASE
    return Patterns(
        month_day=re.compile(
            rf"(?<![\w-]){lead}(?P<mon>{month})\s+{day}(?!,\d){day2}(?:,?\s+{year})?{close}", ic
        ),
        day_month=re.compile(
            rf"(?<![\w,.-]){lead}(?:the\s+)?{day}{day2}(?:\s+of)?\s+(?P<mon>{month})(?!\w)"
            rf"(?:,?\s+{year})?{close}",
            ic,
        ),
        iso=re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)(?![\d-])"),
        numeric=re.compile(
            r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})"
            r"(?!\d)(?![/.]\d)"
        ),
        month_year=re.compile(rf"{month_pre}?(?<![\w-])(?P<mon>{month}),?\s+{number_year}", ic),
        bare_month=re.compile(
            rf"{month_pre}(?P<mon>{full_months})(?![\w-])(?!\s*\d)"
            rf"(?:\s+(?P<ryear>{year_words})(?![\w-]))?",
            ic,
        ),
        bare_year=re.compile(
            rf"{year_pre}(?P<year>\d{{4}})(?![\w-])(?![,.]\d)(?!\s*(?:%|per\s*cent|percent))",
            ic,
        ),
        weekday=re.compile(
            rf"(?<!every\s)(?<!each\s)(?<![\w-])(?:(?P<mod>last|next|this|coming|past)\s+)?"
            rf"(?P<wd>{full_days})(?:['’]s)?(?![\w-])",
            ic,
        ),
        relative=re.compile(_word_alternation(relative), ic),
        unresolvable=re.compile(_word_alternation((data.get("unresolvable") or {}).keys()), ic),
        ago=re.compile(
            rf"(?<![\w-])(?:(?P<vague>{vague})\s+)?(?P<n>\d{{1,3}}|{numbers})\s+"
            rf"(?P<unit>{units})\s+ago(?!\w)(?:\s+(?P<then>{day_words})(?![\w-]))?",
            ic,
        ),
        event_day=re.compile(
            rf"(?<![\w-])(?:the\s+)?(?:(?P<ord1>{ordinal})\s+day\s+of\s+(?:the\s+)?"
            rf"(?:russia['’]s\s+)?(?P<ev1>{nouns})"
            rf"|(?P<ev2>{nouns})['’]s\s+(?P<ord2>{ordinal})\s+day"
            rf"|day\s+(?P<num3>\d{{1,4}})\s+of\s+(?:the\s+)?(?:russia['’]s\s+)?(?P<ev3>{nouns}))"
            r"(?![\w-])",
            ic,
        ),
        not_dates=re.compile(_word_alternation(words.list("not_dates")), ic),
        cues=re.compile(
            rf"(?P<future>{_word_alternation(words.list('future_cues'))})"
            rf"|(?P<past>{_word_alternation(words.list('past_cues'))}|(?<![\w-])\w{{2,}}ed(?!\w))",
            ic,
        ),
        clause_break=re.compile(
            rf"[,;:()\[\]—–“”\"]|{_word_alternation(words.list('clause_words'))}", ic
        ),
        sentence_end=re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z])|\n+"),
        quote_mark=re.compile(r"[“”\"]|\n\n"),
        range_opener=re.compile(rf"{_word_alternation(words.list('range_openers'))}\s+$", ic),
        published_cue=re.compile(
            rf"{_word_alternation((data.get('published') or {}).get('cues') or ())}"
            r"\s*(?:on\s*)?:?\s*$",
            ic,
        ),
    )
