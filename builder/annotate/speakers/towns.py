"""Where a text's places lie: a place's country, and the town a witness speaks in."""

from __future__ import annotations

import functools
import re

from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer, PlaceEntry, key_of
from builder.knowledge.phrases import alternation


def place_named(phrase: str, gazetteer: Gazetteer) -> PlaceEntry | None:
    """The place of the gazetteer a phrase names, or None."""
    place_id = gazetteer.names.get(key_of(phrase))
    return gazetteer.get(place_id) if place_id else None


def _town_named(phrase: str, cues: Cues, gazetteer: Gazetteer) -> PlaceEntry | None:
    """The town (a place of a kind in cues.yaml town_kinds) a phrase names, or None."""
    entry = place_named(phrase, gazetteer)
    return entry if entry is not None and entry.kind in cues.town_kinds else None


def country_of(name: str, gazetteer: Gazetteer) -> str:
    """The country a place of the gazetteer lies in ("Yekaterinburg" -> "Russia"), or ""."""
    entry = place_named(name, gazetteer)
    country = gazetteer.country_of(entry.id) if entry is not None else None
    return country.name if country is not None else ""


_FROM_TOWN = re.compile(r"\b(?:from|of)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


def home_town(role: str, cues: Cues, gazetteer: Gazetteer) -> str:
    """"a 29-year-old programmer from Samara": the town the witness's own description names,
    though its noun is no role the cues know."""
    for m in _FROM_TOWN.finditer(role):
        if town := _town_or_first_word(m.group(1), cues, gazetteer):
            return town
    return ""


def _town_or_first_word(name: str, cues: Cues, gazetteer: Gazetteer) -> str:
    """The town's name (the gazetteer's spelling: "St Petersburg" is "Saint Petersburg") when
    the name is a town's, else when its first word is ("Samara Oblast"), else ""."""
    for phrase in (name, name.split()[0]):
        if (entry := _town_named(phrase, cues, gazetteer)) is not None:
            return entry.name
    return ""


_CAPITALISED = re.compile(  # a capitalised word, and the next one when it is capitalised too
    r"[A-ZÀ-ÞĀ-Ž](?<![\w'’-][\s\S])[\w'’-]+(?=(\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?)")


def town_at(text: str, start: int, end: int, cues: Cues, gazetteer: Gazetteer) -> str:
    """The town a witness speaks in: the last one named before the witness in its paragraph,
    else the town the article names most (the earliest of equals)."""
    lo = text.rfind("\n", 0, start) + 1
    nearest = ""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    names: dict[str, str] = {}
    own = text[start:end]
    for m in _CAPITALISED.finditer(text):
        for phrase in (m.group() + m.group(1), m.group()) if m.group(1) else (m.group(),):
            entry = _town_named(phrase, cues, gazetteer)
            if entry is None or phrase == own:
                continue
            if lo <= m.start() < start:
                nearest = entry.name
            counts[entry.id] = counts.get(entry.id, 0) + 1
            first.setdefault(entry.id, m.start())
            names[entry.id] = entry.name
            break
    if nearest or not counts:
        return nearest
    return names[min(counts, key=lambda i: (-counts[i], first[i]))]


@functools.lru_cache(maxsize=4)
def _described_town(prepositions: frozenset[str]) -> re.Pattern[str]:
    """A capitalised name (group 1), a comma and a description's noun (group 2), after one of
    cues.yaml town_prepositions capitalised: "In Zarichne, a village beside the"."""
    return re.compile(
        r"(?<![\w'’-])(?:(?:" + alternation(p.capitalize() for p in prepositions) + r")\s+)?"
        r"([A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?),\s+(?:a|the)\s+"
        r"(?:[a-z][\w-]*\s+){0,2}?([a-z]+)\b")


@functools.lru_cache(maxsize=4)
def _home_lead(leads: frozenset[str]) -> re.Pattern[str]:
    """One of cues.yaml home_leads, then a capitalised name of one or two words (group 1)."""
    return re.compile(r"(?<![\w'’-])(?:" + alternation(leads) + r")\s+"
                      r"([A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?)")


@functools.lru_cache(maxsize=4)
def _left(words: frozenset[str]) -> re.Pattern[str]:
    """One of cues.yaml home_left as a word."""
    return re.compile(r"(?<![\w'’-])(?:" + alternation(words) + r")(?![\w'’-])")


# Where the witness's own words end. Not wording.SENTENCE_STOP: a semicolon ends them too
# ("who lives in Lviv; her sister stayed in Kherson"), while a stop before a closing quotation
# mark ('." ') does not end them here as it ends a sentence there: the two match differently.
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)|\n")


def town_lived_in(text: str, end: int, cues: Cues, gazetteer: Gazetteer) -> str:
    """The town the witness's own sentence says the witness lives in now, after the name
    ("Iryna, 41, who has lived in Osaka for six years"), when it names no town the
    witness left before it; "" for none."""
    if not cues.home_leads:
        return ""
    stop = _SENTENCE_END.search(text, end)
    m = _home_lead(cues.home_leads).search(text, end, stop.start() if stop else len(text))
    if m is None:
        return ""
    left = _left(cues.home_left).search(text, end, m.start()) if cues.home_left else None
    if left is not None and _told_elsewhere(text, left.end(), m.start(), end, stop):
        return ""  # ("who fled Berdiansk and now lives in ...": the town left is the story's)
    return _town_or_first_word(m.group(1), cues, gazetteer)


_NAME_AFTER = re.compile(r"\s+([A-ZÀ-ÞĀ-Ž][\w'’-]+)")


def _told_elsewhere(text: str, pos: int, limit: int, end: int, stop: re.Match[str] | None) -> bool:
    """Whether the town a witness left (the name after the word "fled", before `limit`) is
    one the article names outside the witness's sentence too: the story's town, then."""
    name = _NAME_AFTER.match(text, pos, limit)
    if name is None:
        return True  # ("who left last spring and lives in ...": no town left to weigh)
    lo = max(text.rfind(".", 0, end), text.rfind("\n", 0, end))
    hi = stop.end() if stop else len(text)
    return any(not lo < w.start() < hi for w in _whole_word(name.group(1)).finditer(text))


@functools.lru_cache(maxsize=256)
def _whole_word(name: str) -> re.Pattern[str]:
    """The name as a whole word (no letter, apostrophe or hyphen either side)."""
    return re.compile(r"(?<![\w'’-])" + re.escape(name) + r"(?![\w'’-])")


def described_town(text: str, start: int, cues: Cues) -> str:
    """A place the witness's paragraph calls a town, before the witness ("In Zarichne, a
    village beside the marshes, a shop assistant ..."), though the gazetteer
    lacks it; "" for none."""
    lo = text.rfind("\n", 0, start) + 1
    found = ""
    for m in _described_town(cues.town_prepositions).finditer(text, lo, start):
        if m.group(2) in cues.town_kinds and m.group(1) not in cues.not_names:
            found = m.group(1)
    return found
