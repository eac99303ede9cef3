"""Outlets the registry lacks, named after a description: "the Russian sports outlet Match TV"."""

from __future__ import annotations

import re

from builder.annotate.speakers import Speaker, describe, overlaps_any, slug
from builder.knowledge.cues import Cues

_NAME = re.compile(  # capitalised words (or "TV"), one to four, then no other capitalised word
    r"(?<![\w'’.-])[A-ZÀ-ÞĀ-Ž][\w'’.-]*(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’.-]*){0,3}(?![\w'’-])"
)
_THE_BEFORE = re.compile(r"(?<![\w'’-])the\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)


def described_outlet_speakers(text: str, taken: list[tuple[int, int]],
                              cues: Cues) -> list[Speaker]:
    """A name right after "the <words> <outlet noun>" (cues.yaml outlet_nouns: "told the
    Russian sports outlet Match TV", "the Kazakh news site Orda") that nothing else names:
    a news outlet of its own, so that words told to it come via it, as they do for a
    registered outlet the text introduces the same way."""
    out: list[Speaker] = []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for m in _NAME.finditer(text):
        start, end = m.span()
        lead = cues.described_outlet.search(text, max(0, start - 30), start)
        if lead is None or not _THE_BEFORE.search(text, max(0, lead.start() - 40),
                                                   lead.start()) or \
                text[start:end] in cues.not_names or \
                overlaps_any(start, end, spans, starts):
            continue
        name = text[start:end].rstrip(".")
        end = start + len(name)
        affiliation = describe(text, start, end, cues)[1]
        out.append(Speaker(start, end, slug(name), "org", name, "media", affiliation,
                           built=True))
    return out
