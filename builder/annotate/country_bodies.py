"""Bodies named by a country and a lower-case noun: "Kazakhstan's interior ministry said"."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers import Speaker, in_speaker_position, overlaps_any, slug
from builder.annotate.speakers.openers import place_opener
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import lowered
from builder.knowledge.registry import SourceRegistry


def country_body_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                          registry: SourceRegistry | None = None) -> list[Speaker]:
    """A body of a country's state named in lower case after the country's possessive or
    adjective (cues.yaml country_body_heads: "Georgia's interior ministry", "the Kazakh
    central bank"), where a speaker stands: that country's, with the id its adjective gives
    (kazakh-interior-ministry) as a registry entry's would be. Registered names, found
    first, are left as they are."""
    out: list[Speaker] = []
    if not cues.country_body_heads:
        return out
    low = lowered(text)
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for m in cues.country_bodies.finditer(text):
        start, end, body = m.start(), m.end(), m.group("body")
        country = text[start:m.start("body")].strip()
        for article in ("The ", "A ", "An "):  # "A Russian court said": as "a Russian court"
            if country.startswith(article):
                country, start = country[len(article):], start + len(article)
                break
        side = cues.affiliation(country)
        if side is None or side not in cues.anonymous_prefixes or \
                overlaps_any(start, end, spans, starts) or \
                not in_speaker_position(text, low, start, end, cues):
            continue
        prefix, adjective = cues.anonymous_prefixes[side]
        kind = cues.country_body_heads[m.group("head")]
        name = f"{adjective} {body.title()}"
        out.append(Speaker(start, end, slug(f"{prefix} {body}"), "org", name, kind, side,
                           built=True))
    if registry is not None:
        out.extend(_opened_with_country(text, cues, registry))
    return out


@functools.lru_cache(maxsize=4)
def _in_country(openers: frozenset[str]) -> re.Pattern[str]:
    """A sentence or item that opens with its country, then a body with no country of its own:
    "In Estonia, the Interior Ministry said" (group "place", group "body")."""
    return re.compile(place_opener(openers, starts=True) + r"\s+"
                      r"(?P<the>the)\s+(?P<body>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})")


def _opened_with_country(text: str, cues: Cues, registry: SourceRegistry) -> list[Speaker]:
    """"In Estonia, the Interior Ministry said": a body after a sentence's opening country
    (a head of cues.yaml country_body_heads, with a reference role) is that country's, with
    the id its adjective gives, when the registry holds no body of that role on its side
    (then the role's reference finds the registered one)."""
    out: list[Speaker] = []
    low = lowered(text)
    for m in _in_country(cues.country_openers).finditer(text):
        country = m.group("place")
        side = cues.affiliation(country) or cues.affiliation(country + "'s")
        if side is None or side not in cues.anonymous_prefixes:
            continue
        found = _body_words(m.group("body").split(), cues)
        if found is None:
            continue
        n, body, head, roles = found
        end = m.start("body") + len(" ".join(m.group("body").split()[:n]))
        if any(e.affiliation == side for r in roles for e in registry.with_role(r)) or \
                not in_speaker_position(text, low, m.start("body"), end, cues):
            continue
        prefix, adjective = cues.anonymous_prefixes[side]
        out.append(Speaker(m.start("the"), end, slug(f"{prefix} {body}"), "org",
                           f"{adjective} {body.title()}", cues.country_body_heads[head], side,
                           built=True))
    return out


def body_head(phrase: str, cues: Cues, alone: bool = True) -> str | None:
    """The head of cues.yaml country_body_heads that `phrase` (lower case, one space between
    words) ends with, after a word of its own ("the state border guard"), or that it is
    whole when `alone` ("interior ministry")."""
    return next((h for h in cues.country_body_heads
                 if alone and phrase == h or phrase.endswith(" " + h)), None)


def _body_words(words: list[str], cues: Cues) -> tuple[int, str, str, tuple[str, ...]] | None:
    """The longest start of `words` that is a body: a head of cues.yaml country_body_heads
    at its end, and a reference role ("interior ministry"): its length, phrase, head, roles."""
    for n in range(len(words), 0, -1):
        body = " ".join(words[:n]).lower()
        head = body_head(body, cues)
        roles = cues.reference_roles.get(body, ())
        if head is not None and roles:
            return n, body, head, roles
    return None
