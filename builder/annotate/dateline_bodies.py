"""Registered bodies printed without their country in a story datelined in that country."""

from __future__ import annotations

import re

from builder.annotate.speakers import Speaker, dateline_side, in_speaker_position, overlaps_any
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer
from builder.knowledge.phrases import lowered
from builder.knowledge.registry import SourceRegistry

# A registered name that ends in its country: "Ministry of National Defence of Poland".
_OF_COUNTRY = re.compile(r"(?P<body>[A-Z][\w'’-]*(?:\s+[\w'’-]+)+?)\s+of\s+(?:the\s+)?"
                         r"(?P<country>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)$")


def dateline_body_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                           registry: SourceRegistry,
                           gazetteer: Gazetteer | None) -> list[Speaker]:
    """"WARSAW, Aug. 1 (PAP) - ..., the Ministry of National Defence said": a registered
    body whose name ends in "of <country>", printed without it where a speaker stands, in a
    story whose dateline puts it in that country, is that country's body."""
    side = dateline_side(text, cues, gazetteer)
    if side == "unknown":
        return []
    bodies: dict[str, tuple[str, ...]] = {}
    for entry in registry.entries.values():
        m = _OF_COUNTRY.match(entry.name) if entry.affiliation == side else None
        country = m.group("country") if m else ""
        if m and side in (cues.place_sides.get(country), cues.affiliation(country + "'s")):
            bodies[m.group("body")] = (*bodies.get(m.group("body"), ()), entry.id)
    out: list[Speaker] = []
    if not bodies:
        return out
    low = lowered(text)
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    names = "|".join(re.escape(b) for b in sorted(bodies, key=len, reverse=True))
    for m in re.finditer(r"(?<![\w'’-])(?:[Tt]he\s+)?(" + names + r")(?![\w'’-])(?!\s+of\s)",
                         text):
        ids = bodies[m.group(1)]
        if len(ids) != 1 or overlaps_any(m.start(), m.end(), spans, starts) or \
                not in_speaker_position(text, low, m.start(), m.end(), cues):
            continue
        entry = registry.entries[ids[0]]
        out.append(Speaker(m.start(), m.end(), entry.id, entry.type, entry.name, entry.kind,
                           entry.affiliation))
    return out
