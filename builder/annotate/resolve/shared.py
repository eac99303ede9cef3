"""Role names, patterns and text helpers the reference resolvers share."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers.wording import sentence_begin
from builder.knowledge.phrases import alternation

_CONCRETE = ("person", "org", "group")
_BODY = "body"  # "the group", "the organisation": a body quoted just before, so described
_PERSON_ROLE = "person-role"  # "the governor", "the diplomat": a person quoted just before
_TRIED = "tried"  # "the defendant told the court": the person tried
_AGE_ROLE = "age"  # "the 46-year-old says": the person the text gave that age
# The roles of a later reference that stands for a person, not a body ("the governor found")
PERSON_ROLES = frozenset({_PERSON_ROLE, _AGE_ROLE, _TRIED})
_THE_AGE = re.compile(r"[Tt](?<![\w'’-][\s\S])he\s+(\d{1,3})-year-old(?![\w'’-])")
# The resolvers' sentence break (tighter than speakers.wording.SENTENCE_BREAK: a stop right
# before a space; a stop inside a closing quotation mark ends the quotation, not the sentence).
_BREAK = re.compile(r"[.!?]\s|\n")
# A subject's verb right after it: an auxiliary, a modal or a past tense ("Ukraine has",
# "Poland warned").
_SUBJECT_VERB = r"(?:has|have|had|is|was|will|would|[a-z]+ed)"
_OWNER = ("'s", "’s")


def _last_match(pattern: re.Pattern[str], text: str, pos: int,
                endpos: int) -> re.Match[str] | None:
    """The last match of a pattern in text[pos:endpos] (no copy of the text), or None."""
    last = None
    for last in pattern.finditer(text, pos, endpos):
        pass
    return last


def _last_word(name: str) -> str:
    """The last word of a name, in lower case ("" for none)."""
    words = name.split()
    return words[-1].lower() if words else ""


def _sentence_start(text: str, pos: int, reach: int, breaks: re.Pattern[str] = _BREAK) -> int:
    """wording.sentence_begin with the resolvers' break (_BREAK) unless told another."""
    return sentence_begin(text, pos, reach, breaks)


@functools.lru_cache(maxsize=4)
def _head_words(prepositions: frozenset[str]) -> str:
    """A determiner or a possessive, then up to four words none of which is one of cues.yaml
    head_prepositions, before a description's head noun ("Russia's maritime transport ")."""
    return (r"(?:the|a|an|[A-Z][\w'’-]*['’]s)\s+(?:(?!(?:" + alternation(prepositions, True)
            + r")\s)[\w'’-]+\s+){0,4}?")


@functools.lru_cache(maxsize=4)
def _apposed_head(prepositions: frozenset[str]) -> re.Pattern[str]:
    """An apposition right after a body's name, set off by commas, and the noun that ends it
    (group 1): ", Russia's maritime transport agency,"; no preposition before it (", the
    director of Navalny's foundation," is a person's post)."""
    return re.compile(r",\s+" + _head_words(prepositions) + r"([a-z][\w-]*),")
