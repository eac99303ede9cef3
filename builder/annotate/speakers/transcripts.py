"""A transcript's turn labels ("Geoff Bennett:") and the people they name."""

from __future__ import annotations

import re

from builder.annotate.speakers.descriptions import describe
from builder.annotate.speakers.speaker import Speaker, overlaps_any, slug
from builder.knowledge.cues import Cues

# A transcript's turn label at a paragraph's start: "Geoff Bennett:", "Lloyd Austin, U.S.
# Defense Secretary:", "Volodymyr Zelenskyy, Ukrainian President (through translator):".
TURN_LABEL = re.compile(
    r"(?m)^(?P<name>[A-ZÀ-ÞĀ-Ž][\w'’.-]*(?: [A-ZÀ-ÞĀ-Ž][\w'’.-]*){0,3})"
    r"(?P<role>, [^:\n“”\"]{1,80}?)?"
    r"(?P<aside> \((?:through|via|in) (?:an? )?[\w ]{1,30}\))?: (?=\S)")
_MIN_TURNS = 3


def turn_labels(text: str, cues: Cues) -> list[re.Match[str]]:
    """The turn labels of a transcript: three or more paragraphs opening with a name and a
    colon, by two speakers or more (none of them an agency-style label like "Source:").
    The sources and claims passes both ask, of the same text: the last answer is kept."""
    global _last_turns
    last = _last_turns
    if last[0] is text and last[1] is cues:
        return list(last[2])
    found = _turn_labels(text, cues)
    _last_turns = (text, cues, tuple(found))
    return found


# (text, cues, labels) of the last call, one tuple read at once (a thread may replace it);
# the text is kept alive here, so `is` cannot match another string at its address.
_last_turns: tuple = (None, None, ())


def _turn_labels(text: str, cues: Cues) -> list[re.Match[str]]:
    if text.count(": ") < _MIN_TURNS:
        return []  # every label ends in its own ": " (TURN_LABEL tries every place: count first)
    found = [m for m in TURN_LABEL.finditer(text)
             if not cues.source_label.match(text, m.start())
             and not cues.quote_label.match(text, m.start())
             and m.group("name") not in cues.check_labels  # "THE FACTS:": a fact-check's
             and (m.group("name") in cues.question_labels  # "Q: ...?" ¶ "A: ..."
                  or m.group("name") in cues.answer_labels
                  or m.group("name").split()[0] not in cues.not_names)]
    if len(found) < _MIN_TURNS or len({m.group("name") for m in found}) < 2:
        return []
    return found


def turn_speakers(text: str, taken: list[tuple[int, int]], cues: Cues) -> list[Speaker]:
    """The names of a transcript's turn labels not named otherwise: the people speaking."""
    out = []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for m in turn_labels(text, cues):
        start, end = m.span("name")
        if m.group("name") in cues.question_labels or m.group("name") in cues.answer_labels \
                or overlaps_any(start, end, spans, starts):
            continue
        name = _label_name(m.group("name"), cues)
        kind, affiliation = describe(text, start, m.end(), cues)
        out.append(Speaker(start, end, slug(name), "person", name, kind, affiliation,
                           built=True))
    return out


def _label_name(label: str, cues: Cues) -> str:
    """A turn label's name without the titles before it, in the capitals of a name: "MR
    MILLER" is Miller (an official's transcript prints the label in capitals), so that a
    person the text named in full before ("spokesman Matthew Miller") is that person."""
    words = label.split()
    titles = {t.rstrip(".").lower() for t in cues.titles}
    while len(words) > 1 and (words[0].rstrip(".").lower() in titles
                              or words[0].lower() in cues.role_kinds):
        words.pop(0)
    if label.isupper():
        words = [w.capitalize() for w in words]
    return " ".join(words)
