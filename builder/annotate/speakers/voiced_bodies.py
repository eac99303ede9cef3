"""Bodies no list names, known by their voice: "a spokesperson for X said", "A X's spokesman"."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers.descriptions import describe
from builder.annotate.speakers.speaker import Speaker, body_kind, overlaps_any, slug
from builder.annotate.speakers.wording import gap_ok
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import alternation, lowered

_WORD = r"[A-ZÀ-ÞĀ-Ž][\w&-]*"  # a capitalised word, no apostrophe ("McDonald" of "McDonald's")


@functools.lru_cache(maxsize=4)
def _voiced(heads: frozenset[str]) -> re.Pattern[str]:
    """A voice of cues.yaml voiced_heads, then "for" and two to four capitalised words
    (group "for"); or "A"/"An", one or two capitalised words with "'s" (group "owner"), then
    the voice. The voice's head is group "head" (after "for") or "ohead" (after "'s")."""
    head = r"(?P<head>" + alternation(heads) + r")"
    return re.compile(
        r"(?<![\w'’-])" + head + r"\s+for\s+(?P<for>" + _WORD + r"(?:\s+" + _WORD + r"){1,3})"
        r"(?![\w'’-])(?!\s+[A-ZÀ-ÞĀ-Ž])"
        r"|(?<![\w'’-])[Aa]n?\s+(?P<owner>" + _WORD + r"(?:\s+" + _WORD + r")?)['’]s\s+"
        r"(?P<ohead>" + alternation(heads) + r")(?![\w'’-])")


def voiced_bodies(text: str, taken: list[tuple[int, int]], cues: Cues) -> list[Speaker]:
    """A body the registry lacks, named only where its voice speaks ("A spokesperson for
    Finnish Heritage said", "A Brightwell's spokesperson said in a statement that"): the voice
    is one of cues.yaml voiced_heads and a speech verb follows it (only the words a subject
    may have between); not a person's name (a known first name, a title) nor a name already
    taken."""
    if not cues.voiced_heads:
        return []
    low = lowered(text)
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    out: list[Speaker] = []
    for m in _voiced(cues.voiced_heads).finditer(text):
        group = "for" if m.group("for") else "owner"
        start, end = m.span(group)
        words = m.group(group).split()
        if words[0] in cues.gender_of_name or any(w in cues.titles for w in words) or \
                all(cues.not_a_name(w) for w in words) or overlaps_any(start, end, spans, starts):
            continue
        verb = cues.verbs.search(low, m.end(), m.end() + 40)
        if verb is None or not gap_ok(cues, text[m.end():verb.start()]):
            continue
        name = m.group(group) + ("'s" if group == "owner" else "")
        kind = body_kind(m.group(group), cues) or "organisation"
        out.append(Speaker(start, end, slug(name), "org", name, kind,
                           describe(text, start, end, cues)[1], built=True))
    return out
