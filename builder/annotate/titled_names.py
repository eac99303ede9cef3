"""A last name after a title where a speaker stands ("Mr. Kant said"), full name or none."""

from __future__ import annotations

import re

from builder.annotate.speakers import (
    Speaker,
    describe,
    in_speaker_position,
    overlaps_any,
    slug,
)
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import lowered

_TITLED_LAST = re.compile(  # "Mr. Kant", "Dr Whitfield": a title, then one capitalised word
    # (no word just before the title: checked after its capital, so the engine skips to one);
    # a judge's style may follow a person's title ("Mr Justice Hollin")
    r"(?P<title>[A-Z](?<![\w'’.-][\s\S])[a-z]{1,4}\.?)(?: (?P<style>[A-Z][a-z]+))?"
    r" (?P<last>[A-ZÀ-ÞĀ-Ž][a-zà-ÿ'’-]+)(?![\w'’-])(?! [A-ZÀ-ÞĀ-Ž])"
)
_FIRST = r"(?<![\w'’.-])([A-ZÀ-ÞĀ-Ž][a-zà-ÿ'’-]+) "


def titled_last_names(text: str, taken: list[tuple[int, int]], known: list[Speaker],
                      cues: Cues) -> list[Speaker]:
    """A last name after a title (cues.yaml titles: "Mr. Kant", "Dr Whitfield") where a
    speaker stands, whose person the text named in full before only where no speaker stands
    ("with G20 Sherpa Amitabh Kant beside him"): that person, with the full name's id, so the
    later mentions of the last name follow; with no full name anywhere before, a person of
    the last name alone ("Ms. Okonkwo told reporters"). A last name of a person already found
    is left to the passes that tie last names to them."""
    out: list[Speaker] = []
    if not any(title in text for title in cues.titles if _names_by_surname(title, cues)):
        return out  # ("Lord Cameron", "Dame ...": every person's title, not only Mr/Ms/Dr)
    low = lowered(text)
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    lasts = {sp.name.split()[-1] for sp in known if sp.type == "person" and sp.name}
    for m in _TITLED_LAST.finditer(text):
        title, last, style = m.group("title"), m.group("last"), m.group("style")
        if style is not None and (cues.titles.get(title) != "person"
                                  or cues.titles.get(style) != "official"):
            continue  # "Mr Justice Hollin", "Lord Justice X"; not "Mr Smith Jones"
        if not _names_by_surname(title, cues) or last in lasts or \
                cues.not_a_name(last) or \
                overlaps_any(m.start(), m.end(), spans, starts) or \
                not in_speaker_position(text, low, m.start(), m.end(), cues):
            continue
        first = _first_before(text, last, m.start(), cues)
        if first is None and _a_role(last, cues):
            continue  # "Mr. Speaker", "Mr. Chairman": an office addressed, no one's name
        name = f"{first} {last}" if first else last  # no full name: the last name alone
        kind, affiliation = describe(text, m.start(), m.end(), cues)
        start = m.start("last") if style or cues.titles.get(title) != "person" else m.start()
        # (a judge's title stays before the mention, where "the judge" later finds it:
        # cues.yaml title_roles)
        out.append(Speaker(start, m.end(), slug(name), "person", name, kind, affiliation,
                           built=True))
        lasts.add(last)
    return out


def _a_role(word: str, cues: Cues) -> bool:
    low = word.lower()
    return low in cues.role_kinds or low in cues.delegate_nouns


def _first_before(text: str, last: str, before: int, cues: Cues) -> str | None:
    """The capitalised word before `last` where the text first names it in full, before
    `before`: a first name, not a title or a word that names no one."""
    m = re.search(_FIRST + re.escape(last) + r"(?![\w'’-])", text[:before])
    if m is None or cues.not_a_name(m.group(1)):
        return None
    return m.group(1)


def _names_by_surname(title: str, cues: Cues) -> bool:
    """Whether a title names a person by the surname alone: a person's title ("Ms. Okonkwo")
    or one of cues.yaml surname_titles ("Judge Kaplan")."""
    return cues.titles.get(title) == "person" or title in cues.surname_titles
