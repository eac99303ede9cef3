"""Names not in the registry that stand where a speaker stands: people and bodies."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers.descriptions import describe
from builder.annotate.speakers.name_trim import trim_name
from builder.annotate.speakers.position import in_speaker_position
from builder.annotate.speakers.sides import local_side
from builder.annotate.speakers.speaker import Speaker, body_id, body_kind, overlaps_any, slug
from builder.annotate.speakers.witness_ids import witness_role
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer
from builder.knowledge.phrases import alternation, lowered, normalise

@functools.lru_cache(maxsize=4)
def _name_pattern(particles: frozenset[str], word_particles: frozenset[str]) -> re.Pattern[str]:
    """A capitalised name of up to five words, no word just before; initials with or without
    full stops ("V. K. Singh", "V K Singh"); cues.yaml name_particles inside it ("Ursula von
    der Leyen"), or joined by a hyphen to a capitalised word ("Kamal al-Rashid"), those that
    are words too only before a capital ("Anna ten Brink", not "Oslo ten days")."""
    return re.compile(
        r"[A-ZÀ-ÞĀ-Ž](?<![\w'’-][\s\S])(?:[\w'’-]+|(?<=[A-Z])\.|(?<=[B-HJ-Z])(?=\s[A-Z]))"
        r"(?:\s+(?:[A-ZÀ-ÞĀ-Ž][\w'’-]+|[A-Z]\.|[A-Z](?=\s[A-Z])|"
        + r"(?:" + alternation(particles - word_particles, True) + r")-[A-ZÀ-ÞĀ-Ž][\w'’-]+|"
        + alternation(particles - word_particles, True)
        + r"|(?:" + alternation(word_particles, True) + r")(?=\s+[A-ZÀ-ÞĀ-Ž])))"
        r"{1,4}(?![\w'’])")


def built_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                   body_words: frozenset[str] = frozenset(),
                   gazetteer: Gazetteer | None = None) -> list[Speaker]:
    """Names not in the registry, when they stand where a speaker stands; `body_words` are
    capitalised words that open bodies' names ("State", "National", "Central": see
    Knowledge.body_name_words), kept at the head of a body's name."""
    out: list[Speaker] = []
    low = lowered(text)
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for m in _name_pattern(cues.name_particles, cues.word_particles).finditer(text):
        m = _after_body_name(text, m, cues)  # "the X City Military Administration Hennadiy B."
        start, end = trim_name(text, _abbreviation_start(text, m.start()), m.end(), cues,
                                body_words)
        if (start is None or start > m.start()) and cues.described_org_after.match(text, m.end()):
            start, end = _without_article(m), m.end()  # "Two Majors, a Telegram channel, wrote"
        if start is not None and cues.references.fullmatch(low, start, end):
            continue  # "the Defense Ministry": a later reference, resolved there
        if start is None or overlaps_any(start, end, spans, starts):
            continue
        if normalise(text[start:end]) in cues.voice_phrases:
            continue  # "the FSB Public Relations Center said": the body's voice, not a body
        if not in_speaker_position(text, low, start, end, cues) or \
                _PLACE_BEFORE.search(text, max(0, start - 12), start):
            continue  # "on holiday in Lake Tahoe, Nevada, said": a place, not the speaker
        if _OFFICE_FOR_BEFORE.search(text, max(0, start - 40), start) and \
                _APPOSED_NAME.match(text, end):
            continue  # "the High Commissioner for Human Rights, Volker Türk,": the office's
            # field; the name set off after it speaks
        numbered = _ORDINAL_BEFORE.search(text, max(0, start - 40), start) \
            if normalise(text[start:end].split()[-1]) in cues.named_unit_nouns else None
        if numbered is not None:
            start = numbered.start()  # "Ukraine's 17th Tank Brigade": the number is the name's
        name = _without_postnominals(text[start:end], cues)
        kind, affiliation = describe(text, start, end, cues)
        org_kind = body_kind(name, cues) or _described_as_body(text, start, end, cues)
        described = cues.described_org_after.match(text, end) if not org_kind else None
        if described is not None:  # "Two Majors, a Telegram channel ...": a body the text
            org_kind = "ngo"  # describes, as _described_as_body's
        if org_kind and affiliation == "unknown":  # "Kazakhstan's Interior Ministry"
            affiliation = cues.affiliation(name.split()[0]) or affiliation
        person_id = slug(_MIDDLE_INITIALS.sub(" ", name))  # "Retno LP Marsudi": retno-marsudi,
        # as the registry's "Dmitri S. Peskov" is dmitry-peskov (not "V K Singh": no first name)
        if not org_kind and _PATRONYMIC.fullmatch(name) and name.split()[0] in cues.gender_of_name:
            # "Lyudmila Petrovna, a retired nurse": a first name and patronymic, no surname,
            # names nobody in particular, as a first name alone: <name>-<role>
            role = witness_role(text, start, end, None, affiliation, cues, gazetteer)
            person_id = slug(f"{name} {role}")
        if numbered is not None and org_kind:
            side = affiliation if affiliation != "unknown" else \
                local_side(text, start, end, cues, gazetteer, fallback=False)
            person_id = _unit_id(name, numbered.group("owner"), side, cues)  # (no side word:
            # the side of the places the story is in, as for "regional officials")
        out.append(Speaker(start, end, person_id if numbered is not None and org_kind
                           else body_id(name, cues) if org_kind else person_id,
                           "org" if org_kind else "person", name,
                           org_kind or kind, affiliation, built=True))
    return out


def _without_postnominals(name: str, cues: Cues) -> str:
    """A name without the honours printed after it (cues.yaml postnominals: "Anna Kerr KC"
    is Anna Kerr), so its id and later references are the person's."""
    words = name.split()
    while len(words) > 2 and words[-1] in cues.postnominals:
        words.pop()
    return " ".join(words) if len(words) < len(name.split()) else name


# Initials between a first name written out and a last name ("Retno LP Marsudi", "John F.
# Kennedy"): left out of the person's id.
_MIDDLE_INITIALS = re.compile(
    r"(?<=[a-zà-ÿ])\s+(?:[A-Z]{1,3}\.?\s+|(?:[A-Z]\.\s*){1,3})(?=[A-ZÀ-ÞĀ-Ž][a-zà-ÿ])")


# A first name and a woman's patronymic (translated Russian style), with no surname; a man's
# ending, -ovich, is a surname's too ("Aleksandr Volfovich").
_PATRONYMIC = re.compile(r"[A-Z][a-z]+\s+[A-Z][a-z]+(?:ovna|evna|ichna)")


# An ordinal before a unit's capitalised name, perhaps after a country's possessive: "the 35th
# Separate Marine Brigade", "Ukraine's 17th Tank Brigade"
_ORDINAL_BEFORE = re.compile(
    r"(?:(?P<owner>[A-ZÀ-ÞĀ-Ž][\w'’-]*['’]s?)\s+)?(?<![\w'’-])\d{1,3}(?:st|nd|rd|th)\s+$")


def _unit_id(name: str, owner: str | None, affiliation: str, cues: Cues) -> str:
    """A numbered unit's id: its side's adjective, the number, and the name's words without
    the designations every unit of an army bears (cues.yaml unit_designations: "Separate"),
    so "the 35th Separate Marine Brigade" and "the 35th Marine Brigade" are one body, and one
    side's 35th is not the other's."""
    words = [w for w in name.split()[1 if owner else 0:]
             if normalise(w) not in cues.unit_designations]
    side = cues.affiliation(owner) if owner else affiliation
    prefix = cues.anonymous_prefixes[side][0] if side in cues.anonymous_prefixes else ""
    return slug(" ".join([prefix, *words]))


def _abbreviation_start(text: str, start: int) -> int:
    """Where a name begins that runs on from an abbreviation's letters: "U.S. Commerce
    Department" from "S." (the name pattern starts at a capital after a full stop)."""
    while start >= 2 and text[start - 1] == "." and text[start - 2].isupper() and \
            (start == 2 or not text[start - 3].isalnum()):
        start -= 2
    return start


_OFFICE_FOR_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][a-z]+\s+for\s+$")
_APPOSED_NAME = re.compile(r",\s+[A-ZÀ-ÞĀ-Ž][\w'’.-]+\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+,")
_PLACE_BEFORE = re.compile(
    r"(?<![\w'’-])(?:in|near|outside|inside|across|around|towards?|into)\s+$"
)


def _without_article(m: re.Match[str]) -> int:
    """The start of a body's name, after "The"/"A" opening it."""
    first = m.group().split()[0]
    return m.start() + len(first) + 1 if first in ("The", "A", "An") else m.start()


def _described_as_body(text: str, start: int, end: int, cues: Cues) -> str:
    """"The tenants' movement, Nash Dvir, said", "X, a rights group, said", "X, which runs
    the grid, said": a body's name."""
    if cues.described_body_before.search(text, max(0, start - 30), start) or \
            cues.described_body_after.match(text, end) or \
            cues.body_relative_after.match(text, end):  # "Nordvolt Power, which runs"
        return "ngo"
    return ""


def _after_body_name(text: str, m: re.Match[str], cues: Cues) -> re.Match[str]:
    """A body's name run into a person's ("the Marhanets City Military Administration
    Hennadiy Borovyk told"): the name that follows the body's last word."""
    words = m.group().split()
    if cues.org_words.keys().isdisjoint(words[:-1]):
        return m
    last = max(i for i, w in enumerate(words[:-1]) if w in cues.org_words)
    at = m.start() + m.group().index(words[last + 1], len(" ".join(words[:last + 1])))
    return _name_pattern(cues.name_particles, cues.word_particles).match(text, at) or m
