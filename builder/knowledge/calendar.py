"""Loads calendar.yaml (month and weekday names, relative expressions, tense cues), compiled."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import Any

from builder import yamlnodes
from builder.diagnostics import Diagnostic, error
from builder.knowledge.phrases import alternation

from builder.knowledge.words import DIGITS, TOKEN
from builder.knowledge.words import words as split_words

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
    anniversary: re.Pattern[str] = re.compile("(?!)")  # words that show it speaks of a return
    opening: re.Pattern[str] = re.compile("(?!)")  # "at the beginning of Putin's war"


Trigger = tuple[str, str, int, "frozenset[str] | None"]


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
    cues: re.Pattern[str]  # tense cues: groups `prospective`, `future`, `past`, `inflected` (-ed)
    cue_starts: frozenset[str]  # tokens where a tense cue may start
    clause_words: frozenset[str]  # words that end a clause
    clause_marks: re.Pattern[str]  # punctuation that ends a clause
    sentence_end: re.Pattern[str]
    quote_mark: re.Pattern[str]
    published_cue: re.Pattern[str]  # "Published:" right before a date
    range_opener: re.Pattern[str]  # "from", "between" right before a date
    # token -> (pattern, token class it needs, within how many tokens, the tokens that may
    # come next or None for any) for each pattern that may match from that token; an empty
    # class needs nothing.
    triggers: Mapping[str, tuple[Trigger, ...]]
    backshift_opener: re.Pattern[str] = re.compile("(?!)")  # "when" opening a time clause
    # The triggers of each token grouped by the class they need, with the pattern objects
    # themselves (see _plan): derived from `triggers` when the patterns are made.
    plan: Mapping[str, tuple[_Step, ...]] = field(init=False, repr=False, compare=False)
    # clause_words | cue_starts: the only words the tense pass looks at besides -ed forms
    marked: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "plan", _plan(self))
        object.__setattr__(self, "marked", self.clause_words | self.cue_starts)

    def scan(self, text: str, tokens: Tokens) -> dict[str, list[re.Match[str]]]:
        """Every match of every date pattern, each tried only where it can start.

        Python's regex engine tries a long alternation at every position of the text; trying
        each pattern only at a trigger token, and only when the token class it needs (a month
        name, a number, "ago") follows closely, keeps the pass linear and fast.
        """
        found: dict[str, list[re.Match[str]]] = {}
        plan, classes = self.plan, tokens.classes
        keys, starts = tokens.keys, tokens.starts
        last = len(keys) - 1
        for i in compress(range(len(keys)), map(plan.__contains__, keys)):
            following = keys[i + 1] if i < last else ""
            for cls, reach, entries in plan[keys[i]]:
                gap = 0
                if cls:  # the token class these patterns need soon after their first token
                    positions = classes.get(cls, ())
                    k = bisect_left(positions, i)
                    if k == len(positions):
                        continue
                    gap = positions[k] - i
                    if gap > reach:
                        continue
                for name, pattern, within, nexts in entries:
                    if gap > within:
                        continue
                    if nexts is not None and following not in nexts and following.isascii():
                        continue  # no phrase of the pattern goes on with that word
                    m = pattern.match(text, starts[i])
                    if m:
                        found.setdefault(name, []).append(m)
        return found


# One class group of a token's triggers: (class, the largest `within` of its patterns, and
# each pattern as (name, compiled pattern, within, next tokens or None)).
_Step = tuple[str, int, tuple[tuple[str, "re.Pattern[str]", int, "frozenset[str] | None"], ...]]


def _plan(patterns: Patterns) -> dict[str, tuple[_Step, ...]]:
    """Patterns.triggers grouped by the token class each trigger needs: scan looks up where
    the next token of a class lies once per token and class, not once per pattern (a token
    like "the" starts seven patterns, four of which need a number). A pattern is tried at a
    token at most once either way, so the matches found are the same."""
    plan: dict[str, tuple[_Step, ...]] = {}
    for token, triggers in patterns.triggers.items():
        groups: dict[str, list[tuple[str, re.Pattern[str], int, frozenset[str] | None]]] = {}
        for name, cls, within, nexts in triggers:
            groups.setdefault(cls, []).append((name, getattr(patterns, name), within, nexts))
        plan[token] = tuple(
            (cls, max(e[2] for e in entries), tuple(entries)) for cls, entries in groups.items()
        )
    return plan


@dataclass(frozen=True, slots=True)
class Tokens:
    """The words and numbers of a text, with where the month names, numbers etc. are."""

    starts: Sequence[int]
    keys: Sequence[str]  # lower-case word, or DIGITS for a number
    classes: Mapping[str, Sequence[int]]  # class -> indexes of its tokens, ascending


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
    token_classes: Mapping[str, str]  # token -> "month" | "weekday" | "digits" | "ago" | "day"
    finite_after: frozenset[str] = frozenset()  # "he" in "he used": -ed after it is finite
    tenseless_after: frozenset[str] = frozenset()  # "is" in "is extended": -ed after it no cue
    directives: frozenset[str] = frozenset()  # "instructed" in "instructed them to stop ..."
    reporting: re.Pattern[str] = re.compile("(?!)")  # "said", "told": a time of telling
    deadline_before: re.Pattern[str] = re.compile("(?!)")  # "by " before a weekday (search)
    later_than_before: re.Pattern[str] = re.compile("(?!)")  # "a year after the " (search)
    nearest_within_days: int = 122  # how far from the article an anniversary's day may lie
    week_anchors: Mapping[str, int] = field(default_factory=dict)  # "last week" -> -1
    named_days: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # -> (month, day)
    # a day's name -> the country words that may precede it ("" for none) -> (month, day)
    country_days: Mapping[str, Mapping[str, tuple[int, int]]] = field(default_factory=dict)
    named_day: re.Pattern[str] = re.compile("(?!)")  # [country['s] [national]] name
    named_day_names: re.Pattern[str] = re.compile("(?!)")  # the names alone, in lowered text

    def named_day_date(self, name: str, country: str = "") -> tuple[int, int] | None:
        """The (month, day) of a day's name as `named_day` matched it, with the country words
        before it ("Independence Day" after "Ukraine's": August 24); None for a country's day
        whose country is not named or not listed."""
        name = _norm(name)
        if name in self.named_days:
            return self.named_days[name]
        by_country = self.country_days.get(name, {})
        return by_country.get(_norm(country)) or by_country.get("")

    def tokens(self, text: str) -> Tokens:
        """Tokenise text once for every pattern and tense cue of the dates pass."""
        found = split_words(text)  # split once per article, shared with the phrase lists
        keys = found.keys
        table = self.token_classes
        classes: dict[str, list[int]] = {}
        for i in compress(range(len(keys)), map(table.__contains__, keys)):
            classes.setdefault(table[keys[i]], []).append(i)
        return Tokens(found.starts, keys, classes)

    def full_weekdays(self) -> tuple[str, ...]:
        """The days' full names (no abbreviation), lower case, Monday first."""
        return tuple(name for _, name in sorted(
            (day, name) for name, day in self.weekdays.items()
            if name not in self.weekday_abbreviations))

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
    """One calendar.yaml as a mapping; a syntax error, or a list entry YAML reads as no
    text (left out), names its line."""
    root, problems = yamlnodes.compose(text, path)
    if root is None or yamlnodes.is_null(root):
        return {}, problems
    if not yamlnodes.is_mapping(root):
        return {}, (error(path, 1, "calendar data must be a mapping of keys"),)
    root, unquoted = yamlnodes.words_only(root, path, skip=_NUMBER_LISTS)
    return yamlnodes.value(root), unquoted


_NUMBER_LISTS = ("named_days", "country_days")  # their lists are [month, day]


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
    full_days = sorted(n for n in weekdays if n not in weekday_abbr)
    data = {**data, "unresolvable": _per_weekday(data.get("unresolvable") or {}, full_days)}
    relative = _relatives(data.get("relative", {}), bad)
    events = _events(data.get("events", {}), bad)
    published = data.get("published", {}) or {}
    period = _period(data.get("period", {}), bad)
    years = data.get("years", {}) or {}
    words = _Words(data)
    named_days = _month_days(data.get("named_days") or {}, "named_days", bad)
    country_days = {
        _norm(name): _month_days(table or {}, f"country_days: {name}", bad)
        for name, table in (data.get("country_days") or {}).items()
    }
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
        token_classes=_token_classes(months, weekdays),
        finite_after=words.set("finite_after"),
        tenseless_after=words.set("tenseless_after"),
        directives=words.set("directives"),
        reporting=re.compile(_word_alternation(words.list("reporting_words")), re.IGNORECASE),
        deadline_before=re.compile(r"(?<=\w\s)(?:" + alternation(words.list("deadline_words"))
                                   + r")\s+$", re.IGNORECASE),
        later_than_before=re.compile(r"(?:" + alternation(words.list("later_than_words"))
                                     + r")\s+(?:the\s+)?$", re.IGNORECASE),
        nearest_within_days=int(data.get("anniversary_within_days", 122)),
        week_anchors={_norm(k): int(v) for k, v in (data.get("week_anchors") or {}).items()},
        named_days=named_days,
        country_days=country_days,
        named_day=_named_day_pattern(named_days, country_days),
        named_day_names=re.compile(alternation([*named_days, *country_days], True)),
    )
    return calendar, tuple(problems)


def _month_days(table: Mapping[Any, Any], key: str, bad: Any) -> dict[str, tuple[int, int]]:
    """name -> [month, day] entries as (month, day); an impossible day is reported, skipped."""
    out: dict[str, tuple[int, int]] = {}
    for name, value in table.items():
        try:
            month, day = (int(v) for v in value)
            dt.date(2000, month, day)  # a leap year: February 29 is a day
        except (TypeError, ValueError):
            bad(f"{key}: '{name}' must be [month, day]")
            continue
        out["" if name is None else _norm(str(name))] = (month, day)
    return out


def _named_day_pattern(named: Mapping[str, Any],
                       by_country: Mapping[str, Mapping[str, Any]]) -> re.Pattern[str]:
    """A day's name, with the country words that may precede it ("Ukraine's Independence Day")."""
    names = [*named, *by_country]
    if not names:
        return re.compile("(?!)")
    countries = {c for days in by_country.values() for c in days if c}
    return re.compile(
        rf"(?:(?P<country>{alternation(countries)})(?:['’]s)?\s+(?:national\s+)?)?"
        rf"(?P<name>{alternation(names)})\b",
        re.IGNORECASE,
    )


def _per_weekday(table: Mapping[str, Any], days: Sequence[str]) -> dict[str, Any]:
    """Phrases with "{weekday}" written out once for each weekday name."""
    out: dict[str, Any] = {}
    for phrase, reason in table.items():
        key = str(phrase)
        names = days if "{weekday}" in key else ("",)
        out.update({key.replace("{weekday}", day): reason for day in names})
    return out


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
        returns = re.compile(_word_alternation(entry.get("anniversary") or ()), re.IGNORECASE)
        out.append(Event(str(name), start, nouns, cues, returns, _opening(entry, nouns)))
    return tuple(out)


def _opening(entry: dict, nouns: tuple[str, ...]) -> re.Pattern[str]:
    """ "the beginning of (the, Putin's) war": an opening word, "of", up to two determiners or
    possessives, one of the event's nouns."""
    openings = entry.get("openings") or ()
    if not openings or not nouns:
        return re.compile("(?!)")
    return re.compile(
        rf"(?<![\w-])(?:{_alternation(openings)})\s+of\s+"
        rf"(?:(?:the|this|[\w.-]+['’]s)\s+){{0,2}}(?:{_alternation(nouns)})(?![\w-])",
        re.IGNORECASE,
    )


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
    """Whole words or phrases; one starting with an apostrophe ("'ll") follows a word.

    The look-arounds are hoisted out of the alternation: a word and a suffix never match at
    the same offset (they start with different characters), so this matches exactly what one
    look-behind per alternative would, without retrying every alternative at every offset.
    """
    unique = sorted({_norm(w) for w in words}, key=lambda w: (-len(w), w))
    words_ = [_phrase(w) for w in unique if w[0].isalnum()]
    suffixes = [_phrase(w) for w in unique if not w[0].isalnum()]
    parts = [
        rf"{behind}(?:{'|'.join(group)})"
        for behind, group in ((r"(?<![\w'’])", words_), (r"(?<=\w)", suffixes))
        if group
    ]
    return rf"(?:(?:{'|'.join(parts) or '(?!)'})(?![\w'’]))"


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
            rf"(?<!every\s)(?<!each\s)(?<![\w-])(?:(?P<mod>last|next|this|coming|past|later(?:\s+on)?)\s+)?"
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
            rf"(?P<prospective>{_word_alternation(words.list('prospective_cues'))})"
            rf"|(?P<future>{_word_alternation(words.list('future_cues'))})"
            rf"|(?P<timetable>{_word_alternation(words.list('timetable_cues'))})"
            rf"|(?P<past>{_word_alternation(words.list('past_cues'))})"
            r"|(?P<inflected>(?<![\w-])\w{2,}ed(?!\w))",
            ic,
        ),
        cue_starts=_first_words(
            words.list("prospective_cues") + words.list("future_cues") + words.list("past_cues")
            + words.list("timetable_cues")
        ),
        clause_words=words.set("clause_words"),
        clause_marks=re.compile(r"[,;:()\[\]—–“”\"]"),
        # Either a run of stops before a capital, or of line breaks. Written to start with one
        # character class, which lets the regex engine skip to the next candidate character.
        sentence_end=re.compile(
            r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z])|(?<=\n)\n*)"
        ),
        # A quotation mark, or a paragraph break: one character class first, as above.
        quote_mark=re.compile(r"[“”\"\n](?:(?<=[“”\"])|(?<=\n)\n)"),
        range_opener=re.compile(rf"{_word_alternation(words.list('range_openers'))}\s+$", ic),
        backshift_opener=re.compile(
            rf"{_word_alternation(words.list('backshift_openers'))}\s*$", ic
        ),
        triggers=_triggers(data, months, weekdays, relative, events),
        published_cue=re.compile(
            rf"{_word_alternation((data.get('published') or {}).get('cues') or ())}"
            r"\s*(?:on\s*)?:?\s*$",
            ic,
        ),
    )


def _first_words(phrases: Iterable[str]) -> frozenset[str]:
    """The tokens that phrases start with ("the end of" -> "the", "'ll" -> "ll")."""
    firsts = set()
    for phrase in phrases:
        token = TOKEN.search(phrase)
        if token:
            firsts.add(DIGITS if token.group().isdigit() else token.group().lower())
    return frozenset(firsts)


def _triggers(
    data: Mapping[str, Any],
    months: Mapping[str, int],
    weekdays: Mapping[str, int],
    relative: Mapping[str, Relative],
    events: tuple[Event, ...],
) -> dict[str, tuple[Trigger, ...]]:
    """For each token a match can start with, the patterns it can start (with what the
    next word must be)."""
    words = _Words(data)
    month_names, day_names = _first_words(months), _first_words(weekdays)
    full_days = _first_words(n for n in weekdays if len(n) > 3)
    month_pre, year_pre = (
        _first_words(words.list("month_prefixes")),
        _first_words(words.list("year_prefixes")),
    )
    nouns = _first_words(n for e in events for n in e.nouns)
    starts: dict[str, frozenset[str]] = {
        "month_day": month_names | day_names,
        "day_month": day_names | {DIGITS, "the"},
        "iso": frozenset({DIGITS}),
        "numeric": frozenset({DIGITS}),
        "month_year": month_pre | month_names,
        "bare_month": month_pre,
        "bare_year": year_pre,
        "weekday": full_days | {"last", "next", "this", "coming", "past", "later"},
        "relative": _first_words(relative),
        "unresolvable": _first_words((data.get("unresolvable") or {}).keys()),
        "ago": _first_words(words.list("vague")) | _first_words(words.list("numbers")) | {DIGITS},
        "event_day": _first_words(words.list("ordinals")) | nouns | {DIGITS, "the", "day"},
        "not_dates": _first_words(words.list("not_dates")),
    }
    phrases = {
        "relative": relative.keys(),
        "unresolvable": (data.get("unresolvable") or {}).keys(),
        "not_dates": words.list("not_dates"),
    }
    table: dict[str, list[Trigger]] = {}
    for name, tokens in starts.items():
        nexts = _second_words(phrases[name]) if name in phrases else {}
        for token in tokens:
            cls, within = NEEDS.get((token, name)) or NEEDS.get(name) or ("", 0)
            table.setdefault(token, []).append((name, cls, within, nexts.get(token)))
    return {token: tuple(entries) for token, entries in sorted(table.items())}


def _second_words(phrases: Iterable[str]) -> dict[str, frozenset[str]]:
    """First token -> the tokens that follow it in the phrases, for the first tokens whose
    phrases all have a second token in ASCII (a phrase matches case-insensitively, and only
    in ASCII does that equal comparing lower-cased tokens). A phrase starting with that token
    cannot match where another ASCII token follows it."""
    seconds: dict[str, set[str]] = {}
    open_ended: set[str] = set()
    for phrase in phrases:
        found = [_key(t) for t in TOKEN.findall(_norm(str(phrase)))]
        if not found:
            continue
        if len(found) < 2 or not found[1].isascii():
            open_ended.add(found[0])
        else:
            seconds.setdefault(found[0], set()).add(found[1])
    return {k: frozenset(v) for k, v in seconds.items() if k not in open_ended}


def _key(token: str) -> str:
    return DIGITS if token.isdigit() else token.lower()


# What a pattern needs close after its first token: (token class, within n tokens); keyed by
# pattern, or by (first token, pattern) where that token allows a tighter test.
NEEDS: dict[str | tuple[str, str], tuple[str, int]] = {
    ("the", "day_month"): ("digits", 1),
    "month_day": ("digits", 5),
    "day_month": ("month", 7),
    "iso": ("digits", 0),
    "numeric": ("digits", 0),
    "month_year": ("digits", 8),
    "bare_month": ("month", 7),
    "bare_year": ("digits", 7),
    "weekday": ("weekday", 2),
    "ago": ("ago", 6),
    "event_day": ("day", 6),
}


def _token_classes(months: Mapping[str, int], weekdays: Mapping[str, int]) -> dict[str, str]:
    classes = {DIGITS: "digits", "ago": "ago", "day": "day"}
    classes.update({str(k): "month" for k in _first_words(months)})
    classes.update({str(k): "weekday" for k in _first_words(weekdays)})
    return classes
