"""Bodies named by a place: "Moscow city hall", "the Russian embassy in Dublin"."""

from __future__ import annotations

import re

from builder.annotate.speakers.sides import dateline_side
from builder.annotate.speakers.speaker import Speaker, overlaps_any, slug
from builder.annotate.speakers.towns import country_of
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer, key_of
from builder.knowledge.words import find_before


def place_body_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                        gazetteer: Gazetteer | None) -> list[Speaker]:
    """"Moscow city hall said": a town of the gazetteer and a lower-case body of it (cues.yaml
    place_bodies) name one body, on the side of the town's country."""
    out: list[Speaker] = []
    if gazetteer is None:
        return out
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for phrase in cues.place_bodies:  # printed in lower case: a plain search finds them
        at = text.find(phrase)
        while at >= 0:
            end = at + len(phrase)
            town = _TOWN_BEFORE.search(text, max(0, at - 40), at)
            if town is not None and gazetteer.names.get(key_of(town.group(1))) is None:
                town = _ONE_WORD_TOWN_BEFORE.search(text, town.start(), at)  # "The Mariupol"
                if town is not None and gazetteer.names.get(key_of(town.group(1))) is None:
                    town = None
            if town is None and _THE_BEFORE.search(text, max(0, at - 4), at) and \
                    (end == len(text) or not text[end].isalnum()) and \
                    not overlaps_any(at, end, spans, starts):
                place = _last_town(text, at, cues, gazetteer)  # "The city council said"
                if place is not None:
                    name = f"{place} {phrase}"
                    side = cues.place_sides.get(country_of(place, gazetteer)) or "unknown"
                    out.append(Speaker(at - 4, end, slug(name), "org", name, "government",
                                       side, built=True))
            if town is not None and (end == len(text) or not text[end].isalnum()) and \
                    gazetteer.names.get(key_of(town.group(1))) is not None:
                if not overlaps_any(at, end, spans, starts):
                    place = _POSSESSIVE.sub("", town.group(1))  # "Daugavpils's city council"
                    country = country_of(place, gazetteer)
                    side = cues.place_sides.get(country) or cues.place_sides.get(place) or \
                        "unknown"
                    name = f"{place} {phrase}"
                    out.append(Speaker(town.start(1), end, slug(name), "org", name,
                                       "government", side, built=True))
            at = text.find(phrase, end)
    return sorted(out, key=lambda sp: sp.start)


_TOWN_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)\s+$")
_ONE_WORD_TOWN_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]+)\s+$")
_POSSESSIVE = re.compile(r"['’]s$")  # the town's possessive: its body is the town's own
_THE_BEFORE = re.compile(r"(?<![\w'’-])[Tt]he $")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]+")


def _last_town(text: str, at: int, cues: Cues, gazetteer: Gazetteer) -> str | None:
    """The town the text named last before `at` (of a kind in cues.yaml body_town_kinds)."""
    for m in reversed(list(_CAPITALISED.finditer(text, 0, at))):
        place_id = gazetteer.names.get(key_of(m.group()))
        entry = gazetteer.entries.get(place_id) if place_id else None
        if entry is not None and entry.kind in cues.body_town_kinds:
            return m.group()
    return None


_MISSION = re.compile(  # "the Russian embassy in Dublin": a body of one country in another
    r"([A-Z](?<![\w'’-][\s\S])[\w'’-]+)\s+([A-Za-z]+)\s+in\s+(?:the\s+)?"  # no word just before
    r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
_IN = frozenset({"in"})


def mission_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                     gazetteer: Gazetteer | None) -> list[Speaker]:
    """"The Russian embassy in Dublin said": a body (cues.yaml org_words, in any case) of the
    side its adjective names, set in a place of another country; its id names both sides
    (russian-embassy-ireland), as no registry entry does."""
    out: list[Speaker] = []
    if gazetteer is None:
        return out
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    bodies = cues.org_words_folded
    for m in find_before(_MISSION, _IN, (2,), text):  # the name two words before "in"
        side, word, place = m.group(1), m.group(2), m.group(3)
        own = cues.affiliation(side)
        if word.lower() not in bodies or own not in cues.anonymous_prefixes:
            continue
        country = country_of(place, gazetteer) or country_of(place.split()[0], gazetteer)
        host = cues.place_sides.get(country) or country
        if not country or host == own or overlaps_any(m.start(), m.end(), spans, starts):
            continue  # "the Russian embassy in Moscow" is no mission; "in Dublin" is a place
        name = f"{side} {word[:1].upper()}{word[1:]} in {place}"  # a body's name, capitalised
        source_id = slug(f"{cues.anonymous_prefixes[own][0]} {word} {country}")
        out.append(Speaker(m.start(), m.end(2), source_id, "org", name, bodies[word.lower()],
                           own, built=True))
    out.extend(_dateline_missions(text, sorted([*taken, *((sp.start, sp.end) for sp in out)]),
                                  out, cues, gazetteer))
    return out


_MISSION_NO_PLACE = re.compile(  # "the Russian embassy said": no place after the mission
    r"(?<![\w'’-])([A-Z][\w'’-]+)\s+([Ee]mbassy|[Cc]onsulate)(?![\w'’-])(?!\s+(?:in|to|of)\s)")


def _dateline_missions(text: str, taken: list[tuple[int, int]], placed: list[Speaker],
                       cues: Cues, gazetteer: Gazetteer) -> list[Speaker]:
    """"ANKARA: ... The Swedish embassy said": a country's embassy (or consulate) named
    without its place, in a story whose dateline sets it in another country, is its mission
    in that country (swedish-embassy-turkey), as "in Ankara" after it would say; after the
    same mission `placed` in a town ("the Swedish embassy in Oslo"), it is that one again."""
    host = dateline_side(text, cues, gazetteer)
    out: list[Speaker] = []
    if host == "unknown":
        return out
    starts = [a for a, _ in taken]
    for m in _MISSION_NO_PLACE.finditer(text):
        side, word = m.group(1), m.group(2)
        own = cues.affiliation(side)
        if own not in cues.anonymous_prefixes or own == host or \
                overlaps_any(m.start(), m.end(), taken, starts):
            continue
        before = [sp for sp in placed if sp.end <= m.start() and sp.affiliation == own
                  and sp.name.split()[1].lower() == word.lower()]
        source_id = before[-1].id if before else \
            slug(f"{cues.anonymous_prefixes[own][0]} {word} {host}")
        out.append(Speaker(m.start(), m.end(), source_id, "org", f"{side} {word.title()}",
                           cues.org_words_folded.get(word.lower(), "government"), own,
                           built=True))
    return out
