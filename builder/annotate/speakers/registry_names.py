"""Registered sources the text names, less the hits that name someone else."""

from __future__ import annotations

import re

from builder.annotate.speakers.speaker import Speaker, slug
from builder.knowledge.cues import Cues
from builder.knowledge.registry import SourceEntry, SourceRegistry


def registry_speakers(text: str, registry: SourceRegistry, cues: Cues) -> list[Speaker]:
    """The registry's names in the text, less the hits that name someone else (another
    person of that last name, a body of another side, a place after "at the")."""
    out: list[Speaker] = []
    named: dict[str, str] = {}  # last name -> the registered person the text named in full
    others: dict[str, str] = {}  # last name -> another person of it the text named in full
    outlets: dict[str, str] = {}  # last word -> the outlet of a longer name ending in it
    for hit in registry.find_in_article(text):
        last = text[hit.start:hit.end]
        if hit.surname and _follows_name_word(text, hit.start, cues):
            first = _NAME_WORD_BEFORE.search(text[max(0, hit.start - 30):hit.start])
            if first and first.group(1) in cues.gender_of_name and last not in named:
                others.setdefault(last, f"{first.group(1)} {last}")
            continue  # "Volodymyr Tymoshenko" is not the registry's other Tymoshenko
        if hit.surname and last in others and last not in named:
            out.append(Speaker(hit.start, hit.end, slug(others[last]), "person", others[last],
                               "person", "unknown", built=True))
            continue  # "the activist Pavel Drevny ... Drevny said": Pavel, not a registered
            # person of that last name, whom the text never names in full
        if hit.surname and _name_word_after(text, hit.end, cues):
            continue  # "Pavel Drozdov": a first name that is a registered person's last name
        entry = registry.entries[hit.id]
        branch = _branch_before(text, hit.start, entry, cues)
        if branch is not None:
            out.append(Speaker(branch, hit.end, slug(text[branch:hit.end]), entry.type,
                               text[branch:hit.end], entry.kind,
                               cues.affiliation(text[branch:hit.start].strip()) or "unknown",
                               built=True))
            continue  # "the Irish Red Cross": Ireland's own society, not the ICRC
        if entry.type == "org" and _other_side_before(text, hit.start, entry.affiliation, cues):
            continue  # "the Japanese Foreign Office" is not the registry's British one
        if entry.kind == "media" and _broadcaster_before(text, hit.start, cues):
            continue  # "Polish Radio's Channel One" is not the registry's Russian one
        if entry.type == "org" and (at := _AT_BEFORE.search(text, max(0, hit.start - 8),
                                                             hit.start)) \
                and not text.startswith(("'s", "’s"), hit.end) \
                and not _members_before(text, at.start(), cues):
            continue  # "welcomed him at the Elysee and later said": a place, no speaker
        if hit.surname and named.get(text[hit.start:hit.end], hit.id) != hit.id:
            entry = registry.entries[named[text[hit.start:hit.end]]]  # "Mike Johnson ...
            # a spokesperson for Johnson": the Johnson named in full, not the registry's other
        elif not hit.surname and entry.is_person and len(entry.name.split()) >= 2 or \
                hit.surname and entry.is_person and last not in others and \
                office_before(text, hit.start, cues):
            named.setdefault(entry.name.split()[-1], entry.id)  # "President Biden ... Jill
            # Biden ... Biden said": the surname alone stays the registered person's
        if entry.kind == "media":
            words = entry.name.split()
            short = outlets.get(words[-1]) if len(words) == 2 and words[0] == "The" else None
            if short is not None and short != entry.id:
                entry = registry.entries[short]  # "The New York Times ... the Times said": the
                # paper named in full, not the registry's other "The Times"
            elif len(words) > 2 and words[0] == "The":  # "The Moscow Times"
                outlets.setdefault(words[-1], entry.id)
        end = _name_goes_on(text, hit.start, hit.end, entry) if entry.is_person else hit.end
        if out and out[-1].id == entry.id and text[out[-1].end:hit.start] == " (" and \
                text.startswith(")", end):
            continue  # "the Institute for the Study of War (ISW)": one mention, not two
        if out and entry.type == "org" and out[-1].type == "org" and \
                text.startswith(")", end) and \
                _OWNED_OFFICE.fullmatch(text, out[-1].end, hit.start):
            out[-1] = Speaker(out[-1].start, hit.start - 2, entry.id, entry.type, entry.name,
                              entry.kind, entry.affiliation)
            continue  # "the UN's humanitarian coordination office (OCHA)": the body the
            # short form names, described as the other's (not the owner, the UN)
        out.append(Speaker(hit.start, end, entry.id, entry.type, entry.name, entry.kind,
                           entry.affiliation))
    return out


def _name_goes_on(text: str, start: int, end: int, entry: SourceEntry) -> int:
    """"President Xi Jinping": a form ending in the first word of the entry's name ("President
    Xi"), then the name's next word right after it: the mention runs to that word."""
    m = _NAME_WORD_AFTER.match(text, end)
    if m is None:
        return end
    joined = f"{text[start:end].split()[-1]} {m.group(1)}".lower()
    return m.end() if joined in (f.lower() for f in (entry.name, *entry.aliases)) else end


_WORD_BEFORE = re.compile(r"([\w'’.-]+)\s+$")
_OWNED_OFFICE = re.compile(r"['’]s(?:\s+[a-z][\w-]*){1,5}\s+\(")  # "'s humanitarian office ("


def _branch_before(text: str, start: int, entry: SourceEntry, cues: Cues) -> int | None:
    """Where a country's word starts right before the name of a body of no country's
    ("independent": the International Committee of the Red Cross), which with it names that
    country's own body ("the Irish Red Cross"); None for any other name."""
    if entry.type != "org" or entry.affiliation != "independent":
        return None
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    side = cues.affiliation(m.group(1)) if m else None
    return m.start(1) if m and side in cues.anonymous_prefixes and m.group(1)[:1].isupper() \
        else None


def _other_side_before(text: str, start: int, affiliation: str, cues: Cues) -> bool:
    """A side's word right before a body's name that names another side."""
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    side = cues.affiliation(m.group(1)) if m else None
    return bool(side and affiliation and side != affiliation
                and side in cues.anonymous_prefixes and affiliation in cues.anonymous_prefixes)


_OWNER_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w-]*)['’]s\s+$")


def _broadcaster_before(text: str, start: int, cues: Cues) -> bool:
    """A broadcaster's possessive right before the name: the name is its own channel."""
    m = _OWNER_BEFORE.search(text, max(0, start - 30), start)
    return m is not None and m.group(1).lower() in cues.broadcaster_words


_AT_BEFORE = re.compile(r"(?<![\w'’-])at\s+the\s+$")
_HEAD_BEFORE = re.compile(r"(?<![\w'’-])([A-Za-z]+)\s+$")


def _members_before(text: str, at: int, cues: Cues) -> bool:
    """"Analysts at the Institute for the Study of War said": the body after "at the" is
    where an unnamed group works, as in "analysts at ISW", not a place."""
    m = _HEAD_BEFORE.search(text, max(0, at - 20), at)
    return bool(m and m.group(1).lower() in cues.anonymous_plural)


def _follows_name_word(text: str, start: int, cues: Cues) -> bool:
    m = _NAME_WORD_BEFORE.search(text[max(0, start - 30):start])
    if not m:
        return False
    prev = m.group(1)
    if prev.endswith(".") and len(prev.rstrip(".")) > 1 and "." not in prev.rstrip(".") and \
            prev not in cues.titles:
        return False  # "... no mention of Wagner. Prigozhin complained": a sentence ended
    return prev[:1].isupper() and prev not in cues.not_names and not cues.affiliation(prev) \
        and prev.rstrip(".") not in {t.rstrip(".") for t in cues.titles} \
        and prev.lower() not in cues.role_kinds  # "Chancellor Scholz": an office, no name


_NAME_WORD_BEFORE = re.compile(r"([\w'’.-]+) $")
_OFFICE_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+) $")
_NAME_WORD_AFTER = re.compile(r" ([A-ZÀ-ÞĀ-Ž][a-zà-ÿ][\w'’-]*)(?![\w'’.-])")


def office_before(text: str, start: int, cues: Cues) -> bool:
    """An office's capitalised word right before the surname ("President Biden", "Chancellor
    Scholz": cues.yaml roles), which names the registered person as fully as the full name."""
    m = _OFFICE_WORD_BEFORE.search(text, max(0, start - 30), start)
    return m is not None and m.group(1).lower() in cues.role_kinds


def _name_word_after(text: str, end: int, cues: Cues) -> bool:
    """A capitalised word of a name right after (one space, no punctuation): the hit is the
    first name of another person, not the registered person's last name."""
    m = _NAME_WORD_AFTER.match(text, end)
    if not m:
        return False
    word = m.group(1)
    return not cues.not_a_name(word) and word + "." not in cues.titles  # (no dot in `word`)
