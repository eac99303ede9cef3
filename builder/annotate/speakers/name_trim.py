"""A built name's own words: the titles, sides, owners and offices before it cut off."""

from __future__ import annotations

import re

from builder.knowledge.cues import Cues

_CALLED_BEFORE = re.compile(r"(?<![\w'’-])(?:called|named)\s+$")
_ARTICLES = frozenset({"The", "A", "An"})


def trim_name(text: str, start: int, end: int, cues: Cues,
               body_words: frozenset[str] = frozenset()) -> tuple[int | None, int]:
    """The [start, end) of a person's or body's own name within a run of capitalised words
    (titles, sides, owners and offices before it dropped); (None, end) when none is left."""
    words = list(_NON_SPACE.finditer(text[start:end]))
    words = words[_sentence_end(words, cues):]
    body_run = bool(words) and words[-1].group() in cues.org_words
    given = len(words) >= 2 and _CALLED_BEFORE.search(text, max(0, start - 8), start)
    if (lead := _leading_title(words, cues)) and len(words) - lead >= 2:
        del words[:lead]  # "Air Marshal Ian Kerr": a rank of several words
    while words and (cues.not_a_name(words[0].group())
                     or words[0].group().lower() in cues.role_kinds):
        if body_run and len(words) > 1 and (words[0].group() in body_words
                                            or cues.affiliation(words[0].group())):
            break  # "the State Statistics Service", "the Japanese Foreign Office"
        if given and words[0].group() not in cues.titles and words[0].group() not in \
                _ARTICLES and words[0].group().lower() not in cues.role_kinds:
            break  # "an account called Eastern Front Truth": the name as given, side words too
        words.pop(0)
    while words and words[-1].group().endswith(("'s", "’s")):
        words.pop()
    owner = max((i for i, w in enumerate(words) if w.group().endswith(("'s", "’s"))), default=-1)
    rest = words[owner + 1:]
    if len(rest) >= 2 and not any(w.group() in cues.org_words for w in rest):
        words = rest  # "Al Jazeera's Assed Baig": the correspondent, not the outlet
    body = max((i for i, w in enumerate(words) if w.group() in cues.org_words), default=-1)
    if 0 <= body and len(words) - body - 1 >= 2:
        words = words[body + 1:]  # "Head of the Oblast Council Yurii Sobolevskyi": the person
    role = max((i for i, w in enumerate(words) if w.group().lower() in cues.role_kinds),
               default=-1)
    if 0 <= role and len(words) - role - 1 >= 2:
        words = words[role + 1:]  # "Spanish Defense Minister Margarita Robles": the person
    if len(words) >= 3 and _PORTFOLIO_BEFORE.search(text, max(0, start - 8), start) \
            and not any(w.group() in cues.name_particles for w in words):
        words = words[-2:]  # "Minister for Foreign Affairs Micheál Martin": the portfolio first
    elif len(words) > 2 and _after_office(text, start, cues):
        keep = 3 if words[-2].group().islower() else 2  # "Ursula von der Leyen" aside
        words = words[-keep:]  # "Minister for Foreign Affairs Micheál Martin": the person
    if len(words) < 2 or any(w.group().isupper() and len(w.group()) > 2
                             and "." not in w.group() for w in words):  # "U.S." is no acronym
        return None, end
    return start + words[0].start(), start + words[-1].end()


_NON_SPACE = re.compile(r"\S+")


def _sentence_end(words: list[re.Match[str]], cues: Cues) -> int:
    """How many words before the name are the last of a sentence that ends in a single
    capital ("Plan B. Tomas Rilke said"): the capital stands after a word that is no first
    name and before a first name (cues.yaml first names), where "John F. Kennedy" has a first
    name before its initial and none after; 0 when none ends."""
    for i in range(1, len(words) - 2):
        if _initial(words[i].group()) and \
                words[i + 1].group() in cues.gender_of_name and \
                words[i - 1].group() not in cues.gender_of_name and \
                not _initial(words[i - 1].group()):
            return i + 1
    return 0


def _initial(word: str) -> bool:
    """A single capital and a stop ("B.", "Ł.", "Š."): any upper-case letter."""
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def _leading_title(words: list[re.Match[str]], cues: Cues) -> int:
    """How many of the first words make one title of several words (cues.yaml titles: "Air
    Marshal", "Air Vice-Marshal", "Lt. Gen."), the longest; 0 when none does."""
    for n in (3, 2):
        if len(words) > n and " ".join(w.group() for w in words[:n]) in cues.titles:
            return n
    return 0


_PORTFOLIO_BEFORE = re.compile(r"(?<![\w'’-])(?:for|of|of\s+the)\s+$")


_OFFICE_LEAD = re.compile(r"(?<![\w'’-])([A-Za-z][\w-]*)\s+(?:for|of|to)\s+(?:the\s+)?")
_OFFICE_WORDS = re.compile(  # the capitalised words of a portfolio or a body's name
    r"(?:[A-ZÀ-ÞĀ-Ž][\w'’-]*,?\s+|(?:and|of|the|for)\s+)*")


def _after_office(text: str, start: int, cues: Cues) -> bool:
    """The name runs on from an office held "for" or "of" something ("Minister for
    Children, Equality and Youth Roderic O'Gorman", "adviser to the head of the Donetsk
    People's Republic Jan Gagin"): the capitalised words before the person's own name are
    the portfolio's or the body's (the role words are cues.yaml roles)."""
    lo = max(0, start - 120)
    for m in reversed(list(_OFFICE_LEAD.finditer(text, lo, start))):
        if m.group(1).lower() in cues.role_kinds:
            return _OFFICE_WORDS.fullmatch(text, m.end(), start) is not None
    return False
