"""Names of several capitalised words before a speech verb: set off by a relative clause, or
after "The" with "its" after the verb."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers.lone_bodies import KIND_DEFAULT, sentence_opens
from builder.annotate.speakers.speaker import Speaker, body_id, overlaps_any, slug
from builder.knowledge.cue_patterns import relative_clause_subject
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer, key_of
from builder.knowledge.phrases import alternation
from builder.knowledge.words import Phrases, find_printed, first_words

_WORD = r"[A-ZÀ-ÞĀ-Ž][\w'’-]*"  # "Veltrix", "Missiles"
# The same word with no word character, apostrophe, dot or hyphen before it: the check
# follows the capital, so the regex engine jumps from capital to capital instead of trying
# the check at every place of the text.
_FIRST_WORD = r"[A-ZÀ-ÞĀ-Ž](?<![\w'’.-][\s\S])[\w'’-]*"


def _words(joiners: frozenset[str], most: int, first: str = _WORD) -> str:
    """Two to `most` + 1 capitalised words (the first as `first` gives it); one of cues.yaml
    name_joiners may join them."""
    return (first + r"(?: (?:(?:" + alternation(joiners) + r") )?" + _WORD + r"){1,"
            + str(most) + "}")


@functools.lru_cache(maxsize=4)
def _named_relative(joiners: frozenset[str], relatives: frozenset[str],
                    adverbs: frozenset[str]) -> re.Pattern[str]:
    """cue_patterns.relative_clause_subject of two to five capitalised words (the last may
    keep an abbreviation's dot: "Corp."), a relative clause of cues.yaml person_relatives or
    body_relatives, then (one of speech_adverbs and) the verb."""
    return relative_clause_subject(_words(joiners, 4, _FIRST_WORD) + r"\.?",
                                   sorted(relatives), sorted(adverbs), 120)


@functools.lru_cache(maxsize=4)
def _the_name_its(joiners: frozenset[str], articles: frozenset[str]) -> Phrases:
    """One of cues.yaml name_articles and two to four capitalised words opening a sentence,
    then a speech verb and "its" or "that": a body speaking of itself ("The Premier Union said
    its board had ..."); with the articles' words, where alone a match may start (see
    words.find_printed: a whole-text scan would try the no-word-before check everywhere)."""
    return Phrases(re.compile(
        r"(?<![\w'’.-])(?:" + alternation(articles) + r") (?P<name>" + _words(joiners, 3)
        + r") (?P<verb>[a-z]+)(?: that)? its\s"), first_words(articles))


def relative_name_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                           gazetteer: Gazetteer | None) -> list[Speaker]:
    """A name of two to five capitalised words opening a sentence, set off by a relative
    clause before a speech verb of lone_subject_verbs or plain_saying, that nothing else
    names (no place, no span another speaker holds, no word a common or first name): "who"
    makes it a person, "which" a body ("Veltrix Radar Systems, which builds the sets in
    Tampere, said in a statement that"). Likewise a body's name after "The", whatever its
    first word, before a speech verb and "its" ("The Premier Union said its board ...")."""
    out: list[Speaker] = []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    named_relative = _named_relative(cues.name_joiners,
                                     cues.person_relatives | cues.body_relatives,
                                     cues.speech_adverbs)
    the_name_its = _the_name_its(cues.name_joiners, cues.name_articles)
    after_the = the_name_its.pattern.finditer(text) if the_name_its.firsts is None else \
        find_printed(the_name_its, text)
    for m in (*named_relative.finditer(text), *after_the):
        start, end = m.start(), m.end("name")  # (with "The" before the name)
        name = m.group("name")
        verb = m.group("verb")
        if not (verb in cues.lone_subject_verbs or verb in cues.plain_saying) or \
                not sentence_opens(text, start, cues):
            continue
        words = [w for w in name.split() if w[:1].isupper()]
        if m.re is named_relative and any(  # (after "The" a title's word may open a name)
                cues.not_a_name(w) or w in cues.gender_of_name for w in words[:1]) or \
                (gazetteer is not None and gazetteer.names.get(key_of(name)) is not None) or \
                overlaps_any(start, end, spans, starts):
            continue
        if m.re is named_relative and m.group("rel") in cues.person_relatives:
            out.append(Speaker(start, end, slug(name), "person", name, "person", "unknown",
                               built=True))
        else:
            out.append(Speaker(start, end, body_id(name, cues), "org", name, KIND_DEFAULT,
                               "unknown", built=True))
    return out
