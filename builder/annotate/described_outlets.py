"""Outlets the registry lacks, named beside a description: "the Czech music outlet Rytmus TV",
"the Dravan daily"; or by a broadcaster's name: "told Polish Radio"."""

from __future__ import annotations

import re
from bisect import bisect_left

from builder.annotate.speakers import Speaker, describe, overlaps_any, slug
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer, key_of
from builder.knowledge.phrases import lowered, normalise
from builder.knowledge.words import Phrases, find_printed, words

_NAME = re.compile(  # capitalised words (or "TV"), one to four, then no other capitalised word
    r"[A-ZÀ-ÞĀ-Ž](?<![\w'’.-][\s\S])[\w'’.-]*(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’.-]*){0,3}(?![\w'’-])"
)
_THE_BEFORE = re.compile(r"(?<![\w'’-])the\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)


def described_outlet_speakers(text: str, taken: list[tuple[int, int]],
                              cues: Cues) -> list[Speaker]:
    """A name right after "the <words> <outlet noun>" (cues.yaml outlet_nouns: "told the
    Serbian sports outlet Arena Plus", "the Kyrgyz news site Tazar"), or after a relay's lead
    and such words ("told state broadcaster RTK"), that nothing else names:
    a news outlet of its own, so that words told to it come via it, as they do for a
    registered outlet the text introduces the same way."""
    out: list[Speaker] = []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    ends = cues.outlet_noun_ends
    found = words(text)
    for m in _NAME.finditer(text):
        start, end = m.span()
        lo = max(0, start - 30)
        if ends is not None:  # the noun's last word is the token before the name (with only
            # spaces between): most names have another word there, so no search is needed
            i = bisect_left(found.starts, start) - 1
            if i < 0 or (found.starts[i] >= lo and found.keys[i] not in ends
                         and found.keys[i].isascii()):
                continue
        lead = cues.described_outlet.search(text, lo, start)
        if lead is None or not (
                _THE_BEFORE.search(text, max(0, lead.start() - 40), lead.start())
                or cues.relay_lead.search(text, max(0, lead.start() - 40), lead.start())) or \
                text[start:end] in cues.not_names or \
                normalise(text[start:end].rstrip(".")) in cues.platforms or \
                overlaps_any(start, end, spans, starts):
            continue
        name = text[start:end].rstrip(".")
        end = start + len(name)
        affiliation = describe(text, start, end, cues)[1]
        out.append(Speaker(start, end, slug(name), "org", name, "media", affiliation,
                           built=True))
    return out


_THE_NAME = re.compile(  # "the " and one to three capitalised words (up to two plain words
    # before them: "the privately owned Nile Horizon channel"), then a space
    r"[Tt](?<![\w'’-][\s\S])he\s+(?:[a-z][a-z-]*\s+){0,2}"
    r"([A-ZÀ-ÞĀ-Ž][\w'’.-]*(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’.-]*){0,2})(?=\s)")
_AT_THE_NAME = Phrases(_THE_NAME, frozenset({"the"}))  # tried only where "the" stands


def named_outlet_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                          gazetteer: Gazetteer | None) -> list[Speaker]:
    """A name between "the" and an outlet noun ("told the Sme daily", "quoted by the TASR
    newswire") that nothing else names and that is no place or side ("the Kyiv daily", "the
    Ukrainian news agency"): a news outlet of its own, as after a description."""
    out: list[Speaker] = []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for m in find_printed(_AT_THE_NAME, text):
        start, end = m.span(1)
        name = m.group(1)
        noun = cues.outlet_noun_after.match(text, end)
        if noun is None or \
                any(cues.not_a_name(w) for w in name.split()) or \
                normalise(name) in cues.platforms or \
                overlaps_any(start, end, spans, starts) or \
                (gazetteer is not None and gazetteer.names.get(key_of(name)) is not None):
            continue
        affiliation = describe(text, start, end, cues)[1]
        if text.startswith(" ", noun.end()) and cues.verbs.match(lowered(text), noun.end() + 1):
            end = noun.end()  # "The Sme daily reported that": the noun stands before the verb
        out.append(Speaker(start, end, slug(name), "org", name, "media", affiliation,
                           built=True))
    return out


def broadcast_name_speakers(text: str, taken: list[tuple[int, int]],
                            cues: Cues, wire: bool = False) -> list[Speaker]:
    """A broadcaster's name the registry lacks (capitalised words, then one of cues.yaml
    broadcaster_words: "Harbour TV", "Rytmus TV") right after a phrase
    that brings in an outlet ("told", "said on a"): a news outlet of its own, so that words
    told to it come via it. A side's word alone before it ("Polish Radio", "Russian TV") makes
    no name this pass builds: a country's public broadcaster, often the publisher's own
    network, or no name at all; but in a news agency's `wire` copy ("Prague, March 15 (CTK)
    -") it is another outlet ("said on Czech Television", "told Polish Radio")."""
    out: list[Speaker] = []
    if cues.broadcaster_firsts is not None and \
            words(text).keyset.isdisjoint(cues.broadcaster_firsts):
        return out  # no broadcaster word in the text: the pattern cannot match
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for m in cues.broadcast_name.finditer(text):
        start, end = m.span()
        name = " ".join(m.group().split())
        if overlaps_any(start, end, spans, starts) or \
                not cues.relay_lead.search(text, max(0, start - 40), start) or \
                not (broadcaster_named(name, cues)
                     or wire and cues.broadcast_name.fullmatch(name) is not None):
            continue
        affiliation = describe(text, start, end, cues)[1]
        out.append(Speaker(start, end, slug(name), "org", name, "media", affiliation,
                           built=True))
    return out


def interviewed_outlet_speakers(text: str, taken: list[tuple[int, int]],
                                cues: Cues) -> list[Speaker]:
    """A broadcaster the registry lacks right after "in an interview with" (cues.yaml
    outlet_interview_leads), named by a channel number or a broadcaster word ("in an interview
    with France 3", "with Polish Radio"): another outlet, whose interview relays the words.
    A country's word before the broadcaster word names one here, as after "told" it does
    not (see broadcast_name_speakers): a publisher does not say it interviewed someone."""
    out: list[Speaker] = []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    firsts = cues.interview_lead_firsts  # every match starts at a lead's first word
    for m in cues.interviewed_outlet.finditer(text) if firsts is None else \
            find_printed(Phrases(cues.interviewed_outlet, firsts), text):
        start, end = m.span(1)
        if overlaps_any(start, end, spans, starts):
            continue
        name = m.group(1)
        affiliation = describe(text, start, end, cues)[1]
        out.append(Speaker(start, end, slug(name), "org", name, "media", affiliation,
                           built=True))
    return out


def broadcaster_named(name: str, cues: Cues) -> bool:
    """The name is a broadcaster's own (see broadcast_name_speakers): "Kaito TV", not "Polish
    Radio" or "Russian TV"."""
    words = name.split()
    return cues.broadcast_name.fullmatch(name) is not None and \
        not all(cues.not_a_name(w) for w in words[:-1])
