"""Signature lines: the writers an "experts react" piece names ("—X is a fellow at ...")."""

from __future__ import annotations

import re

from builder.annotate.speakers import Speaker, describe, overlaps_any, slug
from builder.knowledge.cues import Cues

SIGNATURE = re.compile(  # a paragraph "—Natalie Verhoeven is a nonresident senior fellow ..."
    r"(?m)^[ \t]*(?:--|[—–])[ \t]*(?P<name>[A-ZÀ-ÞĀ-Ž][\w'’.-]+(?: [A-ZÀ-ÞĀ-Ž][\w'’.-]+){1,3})"
    r"(?= (?:is|was|has been|serves as) (?:an?|the) )")
MIN_SIGNED = 2  # one such line is an author's note under an op-ed, whose argument is narration


def signature_speakers(text: str, taken: list[tuple[int, int]], cues: Cues) -> list[Speaker]:
    """The writers named by two signature lines or more, not named otherwise: people."""
    found = list(SIGNATURE.finditer(text))
    if len(found) < MIN_SIGNED:
        return []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    out = []
    for m in found:
        start, end = m.span("name")
        if overlaps_any(start, end, spans, starts):
            continue
        kind, affiliation = describe(text, start, m.end() + 80, cues)
        out.append(Speaker(start, end, slug(m.group("name")), "person", m.group("name"), kind,
                           affiliation, built=True))
    return out
