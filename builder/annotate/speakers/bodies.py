"""Bodies not in the registry: names holding "of", one-word bodies, named units."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers.descriptions import describe
from builder.annotate.speakers.position import in_speaker_position, the_word_speaks
from builder.annotate.speakers.speaker import Speaker, body_id, body_kind, overlaps_any, slug
from builder.annotate.speakers.wording import ALONE, gap_ok
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import alternation, lowered
from builder.knowledge.words import Phrases, find_printed

_CAP = r"[A-ZÀ-ÞĀ-Ž][\w'’-]+"
_OF_NAME = re.compile(  # "the Freedom of Russia Legion", "Centre for Eastern Studies"
    r"[A-ZÀ-ÞĀ-Ž]" + ALONE + r"[\w'’-]+(?:\s+" + _CAP + r"){0,3}(?:\s+(?:of|for|on)\s+(?:the\s+)?"
    + _CAP + r"(?:\s+" + _CAP + r"){0,3}){1,3}(?![\w'’-])")  # (and "Headquarters for the
# Treatment of Prisoners of War": up to three)
_ONE_WORD_ORG = re.compile(  # "Hydroval, the state company that runs the dam, said"
    r"(?P<name>[A-ZÀ-ÞĀ-Ž]" + ALONE + r"[\w'’-]+)(?:\s+\([A-Z]{2,8}\))?,\s+"
    r"(?:the|a|an|its|[A-Z][\w-]+['’]s)\s+"  # "Avialor, Russia's civil aviation agency,"
    r"(?P<apposition>[^,.;:“”\"()]{3,90}?),")
_LAST_WORD_BEFORE = re.compile(r"([\w'’-]+)\s+$")
# The head noun of an apposition: its last word, or the last before "of"/"for"/"in" ...
# ("the broker for both vessels", "Germany's biggest arms maker").
_LONE_HEAD = re.compile(r"(?<![\w'’-])([a-z][\w-]*)"
                        r"(?:\s+(?:of|for|in|at|on|with|behind|that|which)\b.*)?$")


_OF_ANCHOR = re.compile(r"\s(?:of|for|on)\s+(?:the\s+)?[A-ZÀ-ÞĀ-Ž]")
_ON = re.compile(r"\s+on\s+(?:the\s+)?([\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)*)")
# The rest of a list after "of" ("Department of Agriculture, Food and the Marine",
# "Ministry of Foreign Affairs and Trade"): one-word items, the last after "and", of up to
# three words ("State Office of Weights, Measures and Product Safety").
_OF_LIST_TAIL = re.compile(r"(?:,\s+" + _CAP + r"){0,5},?\s+and\s+(?:the\s+)?" + _CAP
                           + r"(?:\s+" + _CAP + r"){0,2}(?![\w'’-])")


def _of_names(text: str) -> list[re.Match[str]]:
    """_OF_NAME matches, looked for only around an "of" before a capital (few per text)."""
    out: list[re.Match[str]] = []
    last_end = 0
    for anchor in _OF_ANCHOR.finditer(text):
        if anchor.start() < last_end:
            continue
        lo = max(last_end, anchor.start() - 4 * 25)
        for m in _OF_NAME.finditer(text, lo, min(len(text), anchor.end() + 4 * 25)):
            if m.start() <= anchor.start() < m.end() and m.start() >= last_end:
                out.append(m)
                last_end = m.end()
                break
    return out


def _on_cut(text: str, m: re.Match[str], cues: Cues) -> int:
    """Where a name holding "on" ends: "on" links a body's word to what it deals with ("the
    State Commission on Forest Fire Safety", "the Committee on Foreign Affairs"), only
    right after a body word (cues.yaml org_words) and before two capitalised words or more
    that are no time or platform between a speaker and its verb (cues.yaml subject_gap:
    "the Ministry of Defence on Monday", "the Agency on March 3" end before "on")."""
    for on in _ON.finditer(text, m.start(), m.end()):
        before = text[m.start():on.start()].split()[-1]
        words = on.group(1).split()
        if before not in cues.org_words or len(words) < 2 or \
                gap_ok(cues, f" on {words[0]}"):
            return on.start()
    return m.end()


def org_speakers(text: str, taken: list[tuple[int, int]], cues: Cues) -> list[Speaker]:
    """Bodies not in the registry, where a speaker stands: a name holding "of" with a body
    word in it ("the Freedom of Russia Legion said"), or one capitalised word set off by an
    apposition that calls it a body ("Hydroval, the state company ..., said")."""
    out: list[Speaker] = []
    low = lowered(text)
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for m in _of_names(text):
        start, end = m.start(), _on_cut(text, m, cues)  # ("on" never opens the name)
        tail = _OF_LIST_TAIL.match(text, end)
        if tail is not None and not overlaps_any(start, tail.end(), spans, starts) and \
                not any(w.strip(",") in cues.gender_of_name or cues.not_a_name(w.strip(","))
                        for w in text[end:tail.end()].split()[1:] if w[:1].isupper()):
            end = tail.end()  # "... of Fisheries and Oceans": the list is the name's
        words = text[start:end].split()
        if (words[0] in cues.not_names or words[0] in cues.titles) and \
                words[0] not in cues.org_words:  # "Ministry of Social Policy" keeps "Ministry"
            start += len(words[0]) + len(text[start + len(words[0]):end]) - len(
                text[start + len(words[0]):end].lstrip())
        kind = body_kind(text[start:end], cues)
        if kind and _office_then_person(text[start:end].split(), cues):
            continue  # "Secretary for Press Choi Min-ji": a person, built with the names
        if _person_of(text[start:end].split(), cues):
            continue  # "Pavel Sokolov of the Council for Human Rights said": the person
        if not kind or start >= end or overlaps_any(start, end, spans, starts) or \
                cues.references.fullmatch(low, m.start(), end):
            continue  # "The Ministry of Defence" alone is a later reference, resolved there
        if not in_speaker_position(text, low, start, end, cues):
            continue
        name = text[start:end]
        out.append(Speaker(start, end, body_id(name, cues), "org", name, kind,
                           describe(text, start, end, cues)[1], built=True))
    for m in _ONE_WORD_ORG.finditer(text):
        start, end = m.span("name")
        name = m.group("name")
        previous = _LAST_WORD_BEFORE.search(text, max(0, start - 40), start)
        if previous and previous.group(1)[:1].isupper():
            continue  # "the Free Buryatia Foundation, an anti-war group,": part of a name
        head = _LONE_HEAD.search(low, *m.span("apposition"))  # "the broker for both vessels"
        lone = cues.lone_body_nouns.fullmatch(low, *head.span(1)) if head else None
        if cues.not_a_name(name) or name in cues.gender_of_name or \
                not (cues.org_nouns.search(m.group("apposition")) or lone) or \
                overlaps_any(start, end, spans, starts):
            continue
        verb = cues.verbs.search(low, m.end(), m.end() + 40)
        if verb is None or not gap_ok(cues, text[m.end():verb.start()]):
            continue
        kind, affiliation = describe(text, start, end, cues)
        kind = body_kind(m.group("apposition").title(), cues) or (
            cues.lone_body_kinds.get(lone.group(), kind) if lone else kind)
        out.append(Speaker(start, end, slug(name), "org", name, kind, affiliation, built=True))
    out.extend(_unit_speakers(text, low, spans, starts, cues, out))
    for m in find_printed(_noun_then_one_word_org(cues.naming_phrases), text):
        start, end = m.span("name")
        name, noun = m.group("name"), m.group("noun")
        if cues.not_a_name(name) or name in cues.gender_of_name or \
                not cues.org_nouns.fullmatch(noun) or \
                overlaps_any(start, end, spans, starts) or any(sp.start == start for sp in out):
            continue  # "the partisan movement Vorona, which says": the body the noun names
        verb = cues.verbs.match(low, m.end() + 1) if text.startswith(" ", m.end()) else None
        if verb is None and not _WHICH_SAYS.match(text, m.end()):
            continue
        affiliation = describe(text, start, end, cues)[1]
        kind = cues.lone_body_kinds.get(noun) or body_kind(noun.title(), cues) or "ngo"
        # the noun's kind ("the partisan legion X": military); the claims pass reads the name
        # as a body, one "it" stands for, by the noun before it (resolve.speakers)
        out.append(Speaker(start, end, slug(name), "org", name, kind, affiliation,
                           built=True))
    return out


def _person_of(words: list[str], cues: Cues) -> bool:
    """Whether the name's words before its first "of"/"for"/"on" are a person's name: a first
    name (cues.yaml first names) first and no body word (cues.yaml org_words) ("Pavel Sokolov
    of the Council for Human Rights"; not "Freedom of Russia Legion")."""
    link = next((i for i, w in enumerate(words) if w in ("of", "for", "on")), 0)
    return link >= 2 and words[0] in cues.gender_of_name and \
        not any(w in cues.org_words for w in words[:link])


def _office_then_person(words: list[str], cues: Cues) -> bool:
    """Whether the name is a person's office held "for"/"of" a portfolio, then the person's
    own name: a role of a person before the first "for"/"of", every body word after it, and
    two capitalised words or more after the last body word ("Senior Deputy Secretary
    for Press Choi Min-ji"; not "Centre for Eastern Studies", "Secretary General of the
    Council of Europe")."""
    link = next((i for i, w in enumerate(words) if w in ("of", "for")), 0)
    bodies = [i for i, w in enumerate(words) if w in cues.org_words]
    if not link or not bodies or bodies[0] < link:
        return False
    head = words[link - 1].lower()
    return cues.role_kinds.get(head) not in (None, "media") and \
        sum(w[:1].isupper() for w in words[bodies[-1] + 1:]) >= 2


_NAME_THEN_UNIT = re.compile(  # "the Aidar battalion", "the Hospitallers volunteer battalion"
    r"[Tt](?<![\w'’-][\s\S])he\s+(?P<name>[A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?)"
    r"(?P<rest>(?:\s+[a-z][\w-]*){1,3})")
_AT_NAME_THEN_UNIT = Phrases(_NAME_THEN_UNIT, frozenset({"the"}))  # tried where "the" stands
_LOWER_WORD = re.compile(r"[a-z][\w-]*")


def _unit_speakers(text: str, low: str, spans: list[tuple[int, int]], starts: list[int],
                   cues: Cues, found: list[Speaker]) -> list[Speaker]:
    """A unit's own name before a noun of cues.yaml named_unit_nouns ("the Aidar battalion said",
    "the Hospitallers volunteer battalion ... the battalion said"): a body that speaks."""
    out: list[Speaker] = []
    for m in find_printed(_AT_NAME_THEN_UNIT, text):
        start, name = m.start("name"), m.group("name")
        noun = next((w for w in _LOWER_WORD.finditer(text, m.start("rest"), m.end("rest"))
                     if w.group() in cues.named_unit_nouns), None)
        if noun is None or any(cues.not_a_name(w) or w in cues.gender_of_name
                               for w in name.split()) or \
                overlaps_any(start, noun.end(), spans, starts) or \
                any(sp.start == start for sp in (*found, *out)):
            continue
        verb = cues.verbs.search(low, noun.end(), noun.end() + 40)
        if not (verb and gap_ok(cues, text[noun.end():verb.start()])) and \
                not the_word_speaks(text, low, noun.end(), noun.group(), cues):
            continue
        out.append(Speaker(start, noun.end(), slug(name), "org",
                           f"{name} {noun.group().title()}",
                           body_kind(noun.group().title(), cues) or "military",
                           describe(text, start, m.end("name"), cues)[1], built=True,
                           roles=tuple(cues.reference_roles.get(noun.group(), ()))))
    return out




@functools.lru_cache(maxsize=4)
def _noun_then_one_word_org(naming: frozenset[str]) -> Phrases:
    """An article (capitalised too, opening a sentence), up to two words, a body's noun, maybe
    one of cues.yaml naming_phrases, and a one-word name: "the partisan movement Vorona, which
    says", "A protest network calling itself Vorona said ...". Tried where the article
    stands."""
    names = r"(?:(?:" + alternation(naming, True) + r")\s+)?" if naming else ""
    return Phrases(re.compile(
        r"(?:[Tt]" + ALONE + r"he|[Aa]" + ALONE + r"n?)\s+(?:[a-z][\w-]*\s+){0,2}?"
        r"(?P<noun>[a-z][\w-]*)\s+" + names +
        r"(?P<name>[A-ZÀ-ÞĀ-Ž][\w'’-]+)(?![\w'’-])(?!\s+[A-ZÀ-ÞĀ-Ž])"),
        frozenset({"the", "a", "an"}))
_WHICH_SAYS = re.compile(r",\s+which\s+(?:says|said|claims|claimed)\b")
