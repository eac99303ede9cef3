"""A body built from one mention, named again later by the same name ("Lumora said")."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from builder.annotate.speakers.speaker import Speaker, overlaps_any
from builder.knowledge.words import whole_word_starts

# A capitalised word just before or after the name: a longer name holds it ("Lumora Energy").
# "its Telegram channel": after a possessive, the name qualifies a thing the body owns.
_CAPITAL_BEFORE = re.compile(r"(?:[A-ZÀ-ÞĀ-Ž][\w'’.&-]*|(?<![\w'’-])(?:its|his|her|their))\s+$")
_CAPITAL_AFTER = re.compile(r"\s+(?:&\s+)?[A-ZÀ-ÞĀ-Ž]|['’]s?(?![\w])|\.\w")


def repeated_body_names(text: str, built: list[Speaker],
                        taken: list[tuple[int, int]]) -> list[Speaker]:
    """Each later mention of a body the text built from one mention ("the state grid
    operator Lumora said", "Veltrix, which builds the radars, said") where its whole name
    stands again as a word of its own, in no longer name, with no possessive after it and no
    other speaker holding it ("In a statement, Lumora said ..."): the same body again."""
    spans = sorted([*taken, *((sp.start, sp.end) for sp in built)])
    starts = [a for a, _ in spans]
    out: list[Speaker] = []
    seen: set[str] = set()
    for sp in sorted(built, key=lambda s: s.start):
        if sp.type != "org" or not sp.name[:1].isupper() or len(sp.name) < 3 or \
                sp.name in seen or text[sp.start:sp.end] != sp.name:
            continue
        seen.add(sp.name)
        for at in whole_word_starts(text, sp.name):
            end = at + len(sp.name)
            if at <= sp.start or overlaps_any(at, end, spans, starts) or \
                    _CAPITAL_BEFORE.search(text, max(0, at - 30), at) or \
                    _CAPITAL_AFTER.match(text, end):
                continue
            out.append(replace(sp, start=at, end=end))
            i = bisect.bisect_left(starts, at)
            spans.insert(i, (at, end))
            starts.insert(i, at)
    return out
