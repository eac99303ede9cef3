"""A person's family or friends speaking together: "Corbett's family said", "his parents said"."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers import Speaker, in_speaker_position, slug
from builder.annotate.speakers.wording import sentence_begin
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import lowered, printed

_NAME = r"[A-Z][\w-]*"
_END = r"(?![\w'’-])"


@functools.lru_cache(maxsize=4)
def _patterns(nouns: tuple[str, ...], possessives: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    """The forms of a kin group: a name's possessive ("Mr Tolley's parents"), "the <Name>
    family", "the family of <Name>", a person's possessive pronoun (cues.yaml
    person_possessives: "His family") before the noun, and the noun alone ("according to
    friends")."""
    noun = r"(?P<noun>(?i:" + "|".join(re.escape(n) for n in nouns) + r"))" + _END
    return (
        re.compile(r"(?<![\w'’-])(?P<owner>(?:" + _NAME + r" ){0,2}" + _NAME
                   + r")['’]s\s+" + noun),
        re.compile(r"(?<![\w'’-])[Tt]he\s+(?P<owner>" + _NAME + r")\s+" + noun),
        re.compile(r"(?<![\w'’-])(?:[Tt]he\s+)?" + noun[:-len(_END)] + r"\s+of\s+(?P<owner>(?:"
                   + _NAME + r"\.? ){0,2}" + _NAME + r")" + _END),
        re.compile(r"(?<![\w'’-])(?P<pronoun>" + printed(
            [*possessives, *(p.capitalize() for p in possessives)]) + r")\s+" + noun),
        re.compile(r"(?<![\w'’-])" + noun),
    )


@functools.lru_cache(maxsize=4)
def _scout(nouns: tuple[str, ...]) -> re.Pattern[str]:
    """What every kin noun standing as a word holds: one of the nouns' first letters with no
    word character before it, then one of the nouns' other letters, as a word. A plain look
    for the last of _patterns: its no-word-before check first would be tried at every place
    of the text, this one only after those letters."""
    firsts = "".join(sorted({re.escape(n[:1]) for n in nouns}))
    rests = "|".join(re.escape(n[1:]) for n in nouns)
    return re.compile(r"(?i:[" + firsts + r"])(?<![\w'’-][\s\S])(?i:" + rests + r")" + _END)


def kin_group_speakers(text: str, found: list[Speaker], cues: Cues) -> list[Speaker]:
    """Each family or friends of a person (cues.yaml kin_groups) where a speaker stands: the
    person is the name before the possessive or before "family" or after "of", the last person
    named before "his"/"her", or a person named earlier in the sentence of a noun alone ("Mr
    Hebden's car ..., according to friends"); the source's id is the person's last name and the
    noun's word (tolley-family). A noun with no such person names no one."""
    if not cues.kin_groups:
        return []
    nouns = tuple(sorted(cues.kin_groups, key=len, reverse=True))
    patterns = _patterns(nouns, cues.person_possessives)
    if _scout(nouns).search(text) is None or patterns[-1].search(text) is None:
        return []  # no kin noun standing as a word: every form holds one, so none matches
    low = lowered(text)
    persons = sorted((sp for sp in found if sp.type == "person" and sp.name
                      and text[sp.start:sp.end].lower() not in cues.pronoun_types),
                     key=lambda sp: sp.start)
    out: list[Speaker] = []
    seen: set[int] = set()
    for form, pattern in enumerate(patterns):
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if m.start("noun") in seen or not in_speaker_position(text, low, start, end, cues):
                continue
            surname = _owner(text, m, form, persons, cues)
            if surname is None:
                continue
            seen.add(m.start("noun"))
            suffix = cues.kin_groups[m.group("noun").lower()]
            out.append(Speaker(start, end, slug(f"{surname} {suffix}"), "group",
                               text[start:end], "witness", "unknown", built=True,
                               definite=True))
    return out


def _owner(text: str, m: re.Match[str], form: int, persons: list[Speaker],
           cues: Cues) -> str | None:
    """The last name of the person whose kin group `m` names, or None."""
    if form < 3:
        words = [w.rstrip(".") for w in m.group("owner").split()]
        while words and cues.not_a_name(words[0]):
            words.pop(0)  # "But Corbett's", "Mr Tolley's"
        if not words or cues.not_a_name(words[-1]) or any(w in cues.org_words for w in words):
            return None  # "Friends of Harbour Museum": a body's name
        return words[-1]
    if form == 3:
        before = [sp for sp in persons if sp.end <= m.start()]
        return before[-1].name.split()[-1] if before else None
    begin = sentence_begin(text, m.start())
    before = [sp for sp in persons if begin <= sp.start and sp.end <= m.start()]
    return before[-1].name.split()[-1] if before else None
