"""Bodies named right after a noun that describes them: "German utility Veltane said"."""

from __future__ import annotations

import re

from builder.annotate.speakers.lone_bodies import kind_of_noun, side_in
from builder.annotate.speakers.speaker import Speaker, overlaps_any, slug
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer, key_of
from builder.knowledge.words import find as find_phrases

# One or two capitalised words (or an acronym) right after the noun, then no other
# capitalised word, (an adverb and) a lower-case verb.
_WORD = r"[A-ZÀ-ÞĀ-Ž][\w'’-]*(?:\.(?=\w)[\w'’-]*)*"  # "Krym.Realii", no full stop at its end
_NAME_VERB = re.compile(
    r" (?P<name>" + _WORD + r"(?: " + _WORD + r")?)(?![\w'’.-])"
    r"\s+(?:(?:also|later|earlier|then|previously|on\s+[A-Z][a-z]+day)\s+)?"
    r"(?P<verb>[a-z]+)(?![\w'’-])")
# Up to three words before the noun back to the clause's start, an article first or not:
# "Danish shipping " before "giant", "The Norwegian " before "company".
_MODIFIERS = re.compile(r"(?:^|(?<=[\s(“\"]))(?:(?:[Tt]he|[Aa]n?)\s+)?"
                        r"(?:[\w'’-]+\s+){0,3}$")


def noun_body_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                       gazetteer: Gazetteer | None, names: frozenset[str]) -> list[Speaker]:
    """A name of one or two capitalised words right after a body's noun of cues.yaml
    lone_body_kinds ("German utility Veltane said", "Danish shipping giant Kessmark said on
    Monday that", "The Norwegian company Nammo said"), before a speech verb of
    lone_subject_verbs or plain_saying, that nothing else names (not registered, no place,
    title, side or common word, no word of a person's name in `names`): the body the noun
    describes, its kind the noun's and its side a word before the noun gives."""
    out: list[Speaker] = []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for noun in find_phrases(cues.lists["lone_body_nouns"], text):
        if not text[noun.start()].islower():
            continue  # "Deutsche Bank", "Major X": a name's or a rank's word
        m = _NAME_VERB.match(text, noun.end())
        if m is None or not (m.group("verb") in cues.lone_subject_verbs
                             or m.group("verb") in cues.plain_saying):
            continue
        start, end = m.span("name")
        name = m.group("name")
        words = name.split()
        if any(cues.not_a_name(w) or w in cues.gender_of_name or w in names for w in words) or \
                (gazetteer is not None and gazetteer.names.get(key_of(name)) is not None) or \
                overlaps_any(start, end, spans, starts):
            continue
        lead = _MODIFIERS.search(text, max(0, noun.start() - 60), noun.start())
        side = side_in(lead.group() if lead else "", cues)
        out.append(Speaker(start, end, slug(name), "org", name,
                           kind_of_noun(noun.group(), cues), side or "unknown", built=True))
    return out
