"""Later references to sources: pronouns, "the ministry", "the briefing", "Moscow said"."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from builder.annotate.speakers import Speaker, body_kind, dateline_side, gender_of, slug
from builder.annotate.speakers.towns import country_of, place_named
from builder.knowledge.gazetteer import key_of
from builder.knowledge.phrases import alternation, bounded_word, lowered, whole_word
from builder.knowledge.words import (Phrases, find_before, find_printed, first_words,
                                     whole_word_starts)
from builder.knowledge.words import find as find_phrases
from builder.knowledge.registry import press_service_of
from builder.model import Source

if TYPE_CHECKING:
    from builder.annotate import Context
    from builder.annotate.claims.scan import Found
    from builder.knowledge.cues import Cues
    from builder.knowledge.registry import SourceEntry, SourceRegistry

_CONCRETE = ("person", "org", "group")
_BODY = "body"  # "the group", "the organisation": a body quoted just before, so described
_PERSON_ROLE = "person-role"  # "the governor", "the diplomat": a person quoted just before
_PRESIDENCY = "presidency"  # "The Presidency said": a president's office (cues references)
_PRESIDENT = re.compile(r"\bpresident\b", re.IGNORECASE)
_OWNER_BEFORE = re.compile(r"['’]s\s+$")
_OPENING_ARTICLE = re.compile(r"^(?:The|A|An)\s+")
_TRIED = "tried"  # "the defendant told the court": the person tried
_PERSON_NAME = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+)(?![\w'’-])")
_PERSON_NAME_BEFORE = re.compile(  # "Vadim Shishimarin, a 21-year-old soldier," before "is"
    r"(?<![\w'’.-])((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+)(?:,[^,.;:\n]{1,80},)?$")
_AGE_ROLE = "age"  # "the 46-year-old says": the person the text gave that age
# The roles of a later reference that stands for a person, not a body ("the governor found")
PERSON_ROLES = frozenset({_PERSON_ROLE, _AGE_ROLE, _TRIED})
_THE_AGE = re.compile(r"[Tt](?<![\w'’-][\s\S])he\s+(\d{1,3})-year-old(?![\w'’-])")
_THE_ROLE = re.compile(  # "the foreign minister"; "Its director" (of the body just named)
    r"(?:[Tt](?<![\w'’-][\s\S])he|[Ii](?<![\w'’-][\s\S])ts)\s+(?:[A-Z][\w'’-]+\s+|([a-z]+)\s+)?"
    r"([a-z]+(?:-[a-z]+)*)(?![\w'’-])")
_MODIFIED = re.compile(r"(?<![\w'’])(?:the|its|their)\s+([a-z][a-z-]{2,})\s+$")
_OF_THE = re.compile(r"\s+of\s+the\s+")
_CAPITAL_OR_OF_NEXT = re.compile(r"\s+(?:[A-Z]|of\b)")  # "the mayor Vitali", "the mayor of"
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_OWNED = re.compile(r"\b(?:his|her|its|their)\s+$", re.IGNORECASE)  # "his spokesman"
_BREAK = re.compile(r"[.!?]\s|\n")
_VERB_AFTER = re.compile(r"\s+(?:has|have|had|is|was|will|would|[a-z]+ed)\b")  # "Ukraine has"
_TITLE_RUN = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’.-]*\s+)+$")  # "Japan's Foreign Minister "
# "The Taoiseach said"
_THE_TITLE = re.compile(r"[Tt](?<![\w'’-][\s\S])he\s+((?:[A-Z][a-zá-ú]+\s+){0,2}?[A-Z][a-zá-ú]+"
                        r"(?:\s+of\s+[A-Z][a-zá-ú]+)?)(?=\s+[a-z])")  # "The Secretary of State"
# (the no-word-before check after the T, as in _THE_ROLE: the engine skips from one t to the next)
_LEAD_IN_WORDS = 6  # "In a joint statement on Monday,"
_PLAIN_WORD = re.compile(r"[a-z]+")
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")  # a quotation's own sentences
_TRAILING_PRONOUN = re.compile(r"[,”\"’]\s*$")  # "..., it said": the pronoun after the claim


_OF_NAME = re.compile(r"\s+of\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?![\w'’-])")


_PLACE_ROLE = re.compile(  # no word just before: checked after the capital (see _THE_AGE)
    r"([A-Z](?<![\w'’-][\s\S])[\w-]+)['’]s\s+([a-z]+)(?![\w'’-])")
_BODY_ROLE = re.compile(  # "the company's chief executive": a body's officer (no word just
    # before "the": checked after its first letter, see _THE_AGE)
    r"[Tt](?<![\w'’-][\s\S])he\s+([a-z]+)['’]s\s+([a-z]+)(?:\s+([a-z]+))?(?![\w'’-])")
_NAME_AFTER = re.compile(r",\s+[A-Z]")  # "Kyiv's mayor, Vitali Klitschko,"
# Where a role's holder is posted, after the role: "Kyiv's ambassador in London", "to Turkey"
_POSTED_IN = re.compile(r"\s+(?:in|to)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
                        r"(?![\w'’-])(?!\s+[A-Z])")
# The patterns above that start with "the" (no word before it), tried only where it stands
_THE = frozenset({"the"})
_AT_THE_AGE, _AT_BODY_ROLE, _AT_THE_TITLE = (
    Phrases(p, _THE) for p in (_THE_AGE, _BODY_ROLE, _THE_TITLE))
_AT_THE_ROLE = Phrases(_THE_ROLE, frozenset({"the", "its"}))
_OWNER = ("'s", "’s")
_AGED_ROLE = re.compile(r"\s+([a-z]+)(?:\s+([a-z]+))?")  # " mother of" after "the 34-year-old"
_CAPITAL_NEXT = re.compile(r"\s+[A-Z]")
_CLAUSE_BREAK = re.compile(r"[.!?;:,]\s|\n")
# " to Lithuania " after a role: capitalised words (in any case the role is searched in) and
# the function words of a title
_TITLE_TAIL = r"(?:\s+(?:to|of|for|in|the|(?-i:[A-Z])[\w'’.-]*))*\s+$"
_OWNED_DOCUMENT = re.compile(r"(.+?)['’]s\s+\S+$", re.IGNORECASE)  # "the report's authors"
_APPOSITION_AFTER = re.compile(  # ", 34, a tractor driver from Izium," after a name
    r"(?:,\s*\d{1,3})?,\s+((?:a|an|the|[A-Z][\w'’-]*['’]s)\s[^,.;:!?“”\"()\n]{1,80})")


@functools.lru_cache(maxsize=64)
def _age_given(age: str) -> re.Pattern[str]:
    """Where the text gives that age: ", 46," or "46-year-old"."""
    return re.compile(rf",\s*{age},|(?<![\w'’-]){age}-year-old(?![\w'’-])")


@functools.lru_cache(maxsize=64)
def _noun_by(noun: str) -> re.Pattern[str]:
    """"a <noun> by [the] ": a document whose author follows."""
    return re.compile(r"(?<![\w'’-])an?\s+(?:[a-z]+\s+)?" + re.escape(noun)
                      + r"\s+by\s+(?:the\s+)?")


@functools.lru_cache(maxsize=64)
def _named_ending_in(noun: str) -> re.Pattern[str]:
    """Capitalised words ending in the noun (as printed), and an "of" phrase maybe: "the
    Supreme Court of Ukraine"."""
    return re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’-]*\s+){1,4}" + noun
                      + r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})?"
                      r"(?![\w'’-])")


@functools.lru_cache(maxsize=256)
def _role_then_name(role: str) -> re.Pattern[str]:
    """The role as a word (any case), then a comma or spaces: where a name may follow."""
    return re.compile(r"\b" + re.escape(role) + r"\b[,\s]+", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _word_then_role(role: str) -> re.Pattern[str]:
    """A word (group 1), then the role as a word (any case): "shadow minister"."""
    return re.compile(r"\b(\w+)\s+" + re.escape(role) + r"\b", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _titled_name(title: str) -> re.Pattern[str]:
    """The title as a whole word (any case), a preposition maybe, then two to five
    capitalised words (group 1): "Ambassador to Lithuania Petro Beshta"."""
    return re.compile("(?i:" + whole_word(title).pattern + r")(?:\s+(?:to|of|for|in)"
                      r"\s+)?((?:\s*[A-Z][\w'’-]+){2,5})(?![\w'’-])")


def _of_town(text: str, stop: int, ctx: Context) -> re.Match[str] | None:
    """" of Kherson" after a role word: a place the gazetteer knows, so the role holder's."""
    m = _OF_NAME.match(text, stop)
    return m if m is not None and _a_town(m.group(1), ctx) else None


def _a_town(name: str, ctx: Context) -> bool:
    """A settlement or region the gazetteer knows by this name (not a country: "Ukraine's
    president" is the registry's)."""
    gazetteer = ctx.knowledge.gazetteer
    entry = place_named(name, gazetteer) if gazetteer is not None else None
    return entry is not None and entry.kind != "country"


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


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding `pos` ends (after its break), else the text's end."""
    m = _BREAK.search(text, pos)
    return m.end() if m else len(text)


def _sentence_start(text: str, pos: int, reach: int, breaks: re.Pattern[str] = _BREAK) -> int:
    """Where the sentence (or the clause, by `breaks`) holding `pos` starts: after the last
    break in the `reach` characters before it, else `reach` characters back."""
    lo = max(0, pos - reach)
    return max((m.end() for m in breaks.finditer(text, lo, pos)), default=lo)


def speakers_for_claims(ctx: Context, sources: tuple[Source, ...]) -> list[Speaker]:
    """The candidate sources' mentions, plus references, documents, pronouns and metonyms."""
    text, cues, registry = ctx.text, ctx.knowledge.cues, ctx.knowledge.sources
    low = lowered(text)
    found = [_speaker(s, m.start, m.end, text, ctx) for s in sources for m in s.mentions]
    taken = sorted((sp.start, sp.end) for sp in found)
    extra: list[Speaker] = []
    for m in find_phrases(cues.lists["references"], text):
        phrase = text[m.start("a"):m.end("a")] if m.group("a") else text[m.start("b"):m.end("b")]
        if _key(phrase).split()[-1] in cues.any_outlet and _CAPITAL_NEXT.match(text, m.end()):
            continue  # "told the newspaper Bild": the outlet's name follows, it speaks
        if m.group("b") and not phrase[:1].isupper():
            mod = _MODIFIED.search(low, max(0, m.start() - 30), m.start())
            if mod is None or not text[mod.start(1)].islower() \
                    or mod.group(1) in cues.not_modifiers \
                    or cues.documents.fullmatch(low, mod.start(), m.end()):
                continue  # "the Wagner group" is a name, "the press service" a document
            extra.append(Speaker(mod.start(), m.end(), "", "reference",
                                 text[mod.start():m.end()],
                                 roles=cues.reference_roles.get(_key(phrase), ())))
            continue  # "the rights group", "the energy company": one modifier word
        roles = cues.reference_roles.get(_key(phrase), ())
        extra.append(Speaker(m.start(), m.end(), "", "reference", phrase, roles=roles))
    extra.extend(Speaker(m.start(), m.end(), "", "reference", text[m.start():m.end()],
                         roles=cues.reference_roles.get(_key(m.group("a")), ()))
                 for m in find_phrases(cues.lists["voiced_references"], text))  # "the court's
    # press service"
    extra.extend(_office_holders(text, ctx))
    kinds = cues.role_kinds
    for m in find_printed(_AT_THE_AGE, text):
        noun = next((sp for sp in found if sp.type == "group" and sp.start == m.end() + 1
                     and text[m.end()] == " "), None)  # "the 52-year-old volunteer": the
        # person given that age, the noun no group of volunteers
        if noun is not None:
            found.remove(noun)
            taken = sorted((sp.start, sp.end) for sp in found)
        end = m.end() if noun is None else noun.end
        aged = _AGED_ROLE.match(text, end) if noun is None else None
        if aged is not None:  # "the 34-year-old mother of two said": the age's person
            first, second = aged.group(1, 2)
            if f"{first} {second}" in kinds:
                end = aged.end()
            elif first in kinds:
                end = aged.end(1)
            last = text[m.end():end].split()[-1:]
            counted = cues.child_count.match(text, end) \
                if last and last[0] in cues.counted_roles else None
            end = counted.end() if counted is not None else end
        extra.append(Speaker(m.start(), end, "", "reference", text[m.start():end],
                             roles=(_AGE_ROLE,)))
    described: list[tuple[int, int]] = []
    for m in find_printed(_AT_THE_ROLE, text):
        role, modifier = m.group(2, 1)
        if modifier is None and role not in kinds and role not in cues.trial_roles:
            continue
        if role in cues.voice_phrases and _OWNER_BEFORE.search(text, m.start(), m.start(2)):
            continue  # "The SBU's spokeswoman said": the body's voice, so the body speaks
        role, stop = role.lower(), m.end()
        if modifier and f"{modifier} {role}" in cues.role_kinds:
            role = f"{modifier} {role}"  # "the first lady"
        elif modifier and (role not in cues.role_kinds or modifier in cues.not_modifiers):
            if modifier.lower() in cues.anonymous_modifiers and \
                    not cues.verbs.match(low, m.start(2)) and \
                    not cues.subject_gap.fullmatch(f" {role} "):
                continue  # "the local branch": a qualifier of a noun, no one speaking
            role, stop = modifier, m.end(1)  # "the governor added", not "the governor added"
        of_body = _OF_THE.match(text, stop) if role in cues.head_roles else None
        body = cues.references.match(low, of_body.end()) if of_body else None
        if body is not None and (body.end() == len(text) or not text[body.end()].isalnum()):
            extra.append(Speaker(m.start(), body.end(), "", "reference",
                                 text[m.start():body.end()], roles=(_PERSON_ROLE,)))
            continue  # "the head of the RMA said": the person who heads it, named before
        region = cues.of_region.match(text, stop) if role in cues.role_kinds else None
        region = region or (_of_town(text, stop, ctx) if role in cues.role_kinds else None)
        if region is not None:
            extra.append(Speaker(m.start(), region.end(), "", "reference",
                                 text[m.start():region.end()], roles=(_PERSON_ROLE,)))
            continue  # "the governor of the Belgorod region", "the mayor of Kherson": the
            # governor or mayor named before
        if role in cues.trial_roles and stop == (m.end(1) if modifier else m.end()) and \
                not _CAPITAL_OR_OF_NEXT.match(text, stop):
            extra.append(Speaker(m.start(), stop, "", "reference", text[m.start():stop],
                                 roles=(_TRIED,)))
            continue  # "the defendant told the court": the person tried
        counted = cues.child_count.match(text, stop) if role in cues.counted_roles else None
        if counted is not None:
            extra.append(Speaker(m.start(), counted.end(), "", "reference",
                                 text[m.start():counted.end()], roles=(_PERSON_ROLE,)))
            continue  # "the mother of two said": the woman brought in as "a mother of two"
        if role in cues.role_kinds and not _CAPITAL_OR_OF_NEXT.match(text, stop):
            extra.append(Speaker(m.start(), stop, "", "reference", text[m.start():stop],
                                 roles=(_PERSON_ROLE,)))
            if m.start(2) - m.start() > 4 and not modifier:
                described.append((m.start(), m.start(2)))  # "the Kremlin hardliner": a person
    for m in _PLACE_ROLE.finditer(text):
        posted = _POSTED_IN.match(text, m.end()) if m.group(2) in kinds else None
        end = posted.end() if posted is not None else m.end()  # "in London": where posted
        if m.group(2) in kinds and _a_town(m.group(1), ctx) and \
                not _CAPITAL_OR_OF_NEXT.match(text, end) and \
                not _NAME_AFTER.match(text, end):
            extra.append(Speaker(m.start(), end, "", "reference", text[m.start():end],
                                 roles=(_PERSON_ROLE,)))  # "Kharkiv's mayor said": the
            # mayor named before (not "Kyiv's mayor, Vitali Klitschko, said": the name)
    for m in find_printed(_AT_BODY_ROLE, text):
        first, second = m.group(2, 3)
        end = m.end()  # "chief executive", "chief executive" by "executive", or "director"
        if not ((second and f"{first} {second}" in kinds) or (second and second in kinds)):
            end = m.end(2)
            if first not in kinds:
                continue
        role = text[m.start(2):end].lower()
        if m.group(1) in cues.reference_roles and role not in cues.voice_phrases and \
                not _CAPITAL_OR_OF_NEXT.match(text, end) and not _NAME_AFTER.match(text, end) and \
                not text[max(0, m.start() - 2):m.start()].startswith(","):  # (no apposition:
            # "Sen. Jack Reed, D-R.I., the committee's chairman, opened": his title)
            extra.append(Speaker(m.start(1), end, "", "reference", text[m.start(1):end],
                                 roles=(_PERSON_ROLE,)))  # "the company's chief executive
            # said": the chief executive named before, not the company
    for m in find_printed(_AT_THE_TITLE, text):
        if " ".join(m.group(1).lower().split()) in kinds:  # a capitalised title alone: "The
            # Taoiseach said", "The Defence Secretary said", "The Secretary of State said"
            extra.append(Speaker(m.start(), m.end(), "", "reference", m.group(),
                                 roles=(_PERSON_ROLE,)))
        elif " " not in m.group(1) and cues.affiliation(m.group(1)) and \
                cues.verbs.match(low, m.end() + 1):  # "The Ukrainian said": the person of that
            # nationality named before (its demonym as a noun, a saying verb right after)
            extra.append(Speaker(m.start(), m.end(), "", "reference", m.group(),
                                 roles=(_PERSON_ROLE,)))
    if described:
        found = [sp for sp in found
                 if not any(a <= sp.start and sp.end <= b for a, b in described)]
        taken = sorted((sp.start, sp.end) for sp in found)
    for m in find_phrases(cues.lists["documents"], text):
        extra.append(Speaker(m.start(), m.end(), "", "document", text[m.start():m.end()]))
    for m in find_phrases(cues.lists["pronouns"], text):
        extra.append(Speaker(m.start(), m.end(), "", "pronoun", m.group()))
    for m in cues.metonyms.finditer(text):
        source_id = cues.metonym_ids.get(m.group(), "")
        if registry.get(source_id):
            extra.append(Speaker(m.start(), m.end(), source_id, "metonym", m.group()))
    voiced = _voiced(low, found, cues)
    extra = [sp for sp in extra if sp.type != "reference" or not any(
        a <= sp.start and sp.end <= b for a, b in voiced)]
    mask = bytearray(len(text) + 1)
    for a, b in taken:
        mask[a:b] = b"\x01" * (b - a)
    for sp in sorted(extra, key=lambda s: (s.start, -s.end)):
        if 1 not in mask[sp.start:sp.end] and not (sp.type == "reference"
                                                  and _in_apposition(text, sp.start, sp.end)):
            found.append(sp)
            mask[sp.start:sp.end] = b"\x01" * (sp.end - sp.start)
    return sorted(found, key=lambda s: (s.start, -s.end))


def _voiced(low: str, found: list[Speaker], cues: Cues) -> list[tuple[int, int]]:
    """The words naming a body's own voice right after it ("the FSB Public Relations Center",
    "the court's press service"; cues.yaml voices): the body speaks, so no reference noun
    inside them ("Center", "service") looks for a body of its own."""
    return [(sp.end, m.end()) for sp in found
            if sp.type == "org" and (m := cues.voice_after.match(low, sp.end))]


def _short_title(text: str, start: int, shorts: tuple[str, ...]) -> bool:
    """The title printed in short right before a name holds the role ("Gen. Martin Herem" for
    "the general"; cues.yaml: title_roles)."""
    before = text[max(0, start - 40):start]
    return any(re.search(r"(?<![\w'’-])" + re.escape(short) + r"\s+(?:[A-Z][\w'’-]+\s+)?$",
                         before) for short in shorts)


_APPOSITION_OPENS = re.compile(  # "Valery Gerasimov, " (or ", the head of ") before a reference
    r"(?<![\w'’-])(?!(?:In|At|On|From|By|For|After|Before|Near|Inside|Outside|Across)\s)"
    r"[A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’.-]+)+,\s+"
    r"(?:(?:the|a|an)\s+[^,.;:“”\"\n]*)?$")
_APPOSITION_ENDS = re.compile(r",")


def _role_right_before(text: str, pos: int, role: str) -> bool:
    """The role word stands right before a name: "Belgorod governor Vyacheslav Gladkov"."""
    lo = max(0, pos - len(role) - 2)
    return re.fullmatch(r"(?:^|.*\W)" + re.escape(role) + r"\s", text[lo:pos],
                        re.IGNORECASE | re.DOTALL) is not None


def _in_apposition(text: str, start: int, end: int) -> bool:
    """"General Valery Gerasimov, the chief of the general staff, has claimed": a reference
    inside the role set off after a person's full name describes them; nobody else speaks."""
    return bool(_APPOSITION_OPENS.search(text, max(0, start - 80), start)
                and _APPOSITION_ENDS.match(text, end))


_OFFICE_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}
# (registry, its number of entries, the roles of its people) for the registry last asked
_OFFICES: tuple = (None, 0, ())


def _offices(registry: SourceRegistry) -> tuple[str, ...]:
    """The roles of the registry's people, sorted: worked out once per registry, not for every
    article (a walk over every entry, ~3% of an article's annotation)."""
    global _OFFICES
    held = _OFFICES
    if held[0] is not registry or held[1] != len(registry.entries):
        roles = {r for e in registry.entries.values() if e.is_person for r in e.roles}
        held = (registry, len(registry.entries), tuple(sorted(roles)))
        _OFFICES = held
    return held[2]


def _office_pattern(offices: tuple[str, ...]) -> re.Pattern[str]:
    """"[The ]Side['s] role": the first letter first, so the engine skips between capitals
    and t's; group "side", or the first letter and "tail", is the side."""
    pattern = _OFFICE_PATTERNS.get(offices)
    if pattern is None:
        pattern = _OFFICE_PATTERNS.setdefault(offices, re.compile(
            r"[A-Zt](?<![\w'’-][\s\S])(?:(?<=[Tt])he\s+(?P<side>[A-Z][a-z]+(?:['’]s)?)"
            r"|(?<=[A-Z])(?P<tail>[a-z]+(?:['’]s)?))\s+(?P<role>"
            + "|".join(re.escape(o) for o in sorted(offices, key=len, reverse=True))
            + r")(?![\w'’-])"))
    return pattern


def _office_holders(text: str, ctx: Context) -> list[Speaker]:
    """"Poland's president", "the Polish president": the one person the registry gives that
    office (a role of a person's entry) on that country's side, when there is only one."""
    registry, cues = ctx.knowledge.sources, ctx.knowledge.cues
    offices = _offices(registry)
    if not any(office in text for office in offices):
        return []  # the pattern's own words are not in the text: a plain search first (most
        # articles name no office; the pattern tries every capital and "t")
    pattern = _office_pattern(offices)
    out = []
    firsts = first_words(offices)  # the side's word ends one token before the office, its
    # "'s" two, "the" three: the pattern is tried only at their runs
    found = pattern.finditer(text) if firsts is None else \
        find_before(pattern, firsts, (1, 2, 3), text)
    for m in found:
        side = cues.affiliation(m.group("side") or text[m.start():m.end("tail")])
        if not side:
            continue
        holders = [e for e in registry.with_role(m.group("role").lower())
                   if e.is_person and e.affiliation == side]
        if len(holders) == 1 and not re.match(r",? [A-Z]", text[m.end():m.end() + 3]):
            # (not "the French president Emmanuel Macron": the name that follows speaks)
            e = holders[0]
            out.append(Speaker(m.start(), m.end(), e.id, "person", text[m.start():m.end()],
                               e.kind, e.affiliation))
    return out


def _inside(quoted: tuple[tuple[int, int], ...], speakers: list[Speaker]) -> frozenset[int]:
    """Indexes of the mentions (in text order) inside one of the quotations (in text order)."""
    out, at = [], 0
    for index, sp in enumerate(speakers):
        while at < len(quoted) and quoted[at][1] <= sp.start:
            at += 1
        if at == len(quoted):
            break
        if quoted[at][0] <= sp.start and sp.end <= quoted[at][1]:
            out.append(index)
    return frozenset(out)


def _key(phrase: str) -> str:
    return " ".join(phrase.replace("’", "'").lower().split())


def _town_body(name: str, ctx: Context) -> bool:
    """A town's lower-case body (cues.yaml place_bodies: "Kharkiv city council")."""
    low = name.lower()
    return any(low.endswith(" " + phrase) for phrase in ctx.knowledge.cues.place_bodies)


def _speaker(source: Source, start: int, end: int, text: str, ctx: Context) -> Speaker:
    entry = ctx.knowledge.sources.get(source.id) if source.registered else None
    if entry is not None:
        kind_of = entry.type
    elif source.kind == "anonymous":
        kind_of = "group"
    else:
        kind_of = "org" if body_kind(source.name, ctx.knowledge.cues) \
            or source.kind in ctx.knowledge.cues.body_kinds \
            or _outlet_described(source, text, ctx) or _town_body(source.name, ctx) \
            or _apposed_body(source, text, ctx) \
            else "person"  # cues.yaml body_kinds: a body the text described as a movement ...
    words = text[start:end].split()
    if entry is not None and len(words) == 1 and \
            words[0].lower() in ctx.knowledge.cues.members_for_body:
        kind_of = "group"  # "leaders (of the G7)": a group of the body's members, "they"
    roles = entry.roles if entry else ()
    if entry is None and kind_of == "org":  # "the prosecutor's office" for a body built here
        low = source.name.lower()
        roles = tuple(r for m in ctx.knowledge.cues.references.finditer(low) if m.end() == len(low)
                      for r in ctx.knowledge.cues.reference_roles.get(_key(m.group()), ()))
    plural = ctx.knowledge.cues.anonymous_plural
    last = words[-1].lower() if words else ""
    return Speaker(start, end, source.id, kind_of, source.name, source.kind, source.affiliation,
                   built=not source.registered,
                   definite=bool(words) and words[0].lower() == "the",
                   singular=kind_of == "group" and plural.get(last, last) != last,
                   roles=roles)


def _apposed_body(source: Source, text: str, ctx: Context) -> bool:
    """A built source whose first mention an apposition ending in a body's noun sets off
    (cues.yaml org_nouns: "Rosmorrechflot, Russia's maritime transport agency, said"): a
    body, whatever kind its words gave it."""
    first = source.mentions[0] if source.mentions else None
    apposed = _apposed_head(ctx.knowledge.cues.head_prepositions).match(text, first.end) \
        if first is not None else None
    return apposed is not None and \
        ctx.knowledge.cues.org_nouns.fullmatch(apposed.group(1)) is not None


def _outlet_described(source: Source, text: str, ctx: Context) -> bool:
    """A built outlet whose first mention an apposition calls a body ("DeepState, a Ukrainian
    channel that maps the front, wrote"): a body, though a blogger is media too."""
    first = source.mentions[0] if source.mentions else None
    return source.kind == "media" and first is not None and \
        ctx.knowledge.cues.described_org_after.match(text, first.end) is not None


class Resolver:
    """Resolves a speaker mention to a source id, reading the claims found so far."""

    def __init__(self, ctx: Context, speakers: list[Speaker],
                 quoted: tuple[tuple[int, int], ...] = ()) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.speakers = speakers
        self.starts = [sp.start for sp in speakers]
        # Names inside a quotation are what the speaker talks about, not who speaks: they are
        # no antecedent for "he said" or "the president added" ("“... Putin is behind it,” the
        # president added" is Biden's).
        self.quoted = _inside(quoted, speakers)
        self.claims: list[Found] = []
        self.made: dict[str, Speaker] = {}  # bodies given an id here ("south-african-presidency")
        self.types = {sp.id: sp.type for sp in speakers if sp.type in _CONCRETE}
        self.references = self._resolve_references()
        self.metonyms = {sp.start for sp in speakers if sp.type == "metonym"}
        self.genders = self._genders()

    def _genders(self) -> dict[str, str]:
        """Each person's sex where the text or the name tells it (first finding wins)."""
        out: dict[str, str] = {}
        cues = self.ctx.knowledge.cues
        for sp in self.speakers:
            if sp.type == "person" and not out.get(sp.id):
                out[sp.id] = gender_of(self.text, sp.start, sp.end, sp.name, cues)
        return out

    def fits(self, source_id: str | None, pronoun: str) -> bool:
        """"she" does not stand for a man, nor "he" for a woman (a body fits both)."""
        wanted = _PRONOUN_GENDER.get(pronoun.lower(), "")
        found = self.genders.get(source_id or "", "")
        return not wanted or not found or wanted == found

    def claimed(self, found: Found) -> None:
        self.claims.append(found)

    def is_metonym(self, start: int) -> bool:
        return start in self.metonyms

    def source_type(self, source_id: str | None) -> str:
        if source_id is None:
            return ""
        entry = self.ctx.knowledge.sources.get(source_id)
        return entry.type if entry else self.types.get(source_id, "")

    # --- resolution -----------------------------------------------------------------------

    def resolve(self, sp: Speaker, pos: int) -> tuple[str | None, str]:
        if sp.type in _CONCRETE:
            if sp.type == "group" and sp.singular and \
                    _OWNED.search(self.text, max(0, sp.start - 7), sp.start):
                later = self._named_later(sp)
                if later is not None:
                    return later, ":named-later"
            if sp.type == "group" and sp.definite and sp.singular and \
                    _THE_AGE.match(self.text, sp.start):
                aged = self._person_of_age(sp)  # "the 52-year-old volunteer said": the person
                if aged is not None:  # given that age, not volunteers in general
                    return aged, ":age-reference"
            if sp.type == "group" and sp.definite and sp.singular:
                head = self.text[sp.start:sp.end].lower().split()[-1]
                unnamed = head in self.ctx.knowledge.cues.unnamed_heads
                same = self.last_claim(lambda f: f.mention is not None and f.mention.type ==
                                        "group" and f.mention.singular and self.text[
                                            f.mention.start:f.mention.end].lower().split()[-1]
                                        == head, limit=3)
                if same is not None and same.source and same.mention is not None and \
                        "\n\n" not in self.text[same.mention.start:sp.start]:
                    return same.source, ":same-unnamed-source"  # "A brigade commander told
                    # me ... The commander said": that one, not a registered commander
                voiced = self._voice_named_before(sp, head)
                if voiced is not None:
                    return voiced, ":same-voice"
                person = None if unnamed else self._person_by_role(sp)
                if person is not None:
                    return person, ":role-reference"
                earlier = self.last_claim(lambda f: f.mention is not None
                                           and f.mention.type == "group" and f.mention.singular)
                if earlier is not None:
                    return earlier.source, ":same-unnamed-source"
            return sp.id, ":named"
        if sp.type == "metonym":
            return sp.id, ":metonym"
        if sp.type == "reference" and _TRIED in sp.roles:
            found = self._person_tried(sp)
            return (found, ":tried-reference") if found else (None, ":unresolved-reference")
        if sp.type == "reference" and _AGE_ROLE in sp.roles:
            found = self._person_of_age(sp)
            return (found, ":age-reference") if found else (None, ":unresolved-reference")
        if sp.type == "reference":
            found = self._body_just_quoted(sp, pos) if _BODY in sp.roles else None
            if found is None and _PERSON_ROLE in sp.roles:  # "The foreman said": the witness
                words = self.text[sp.start:sp.end].lower().split()
                found = self._witness_of_role(sp, words[-1]) if len(words) == 2 and \
                    words[0] == "the" else None
            found = found or self.references.get(sp.start)
            if found is None and (_PERSON_ROLE in sp.roles or _BODY in sp.roles):
                found = self._person_by_role(sp, "org" if _BODY in sp.roles else "person")
            if found is None and _BODY in sp.roles:
                found = self._body_named_before(sp)
            if found is None and _PRESIDENCY in sp.roles:
                found = self._presidency_of_president(sp)
            found = found or self._built_in_passing(sp) or self._employer_in_passing(sp) or \
                self._described_in_passing(sp)
            if found is None and _PERSON_ROLE in sp.roles:
                found = self._role_named_next(sp)
            return (found, ":reference") if found else (None, ":unresolved-reference")
        if sp.type == "document" and \
                _last_word(sp.name) in self.ctx.knowledge.cues.document_writers:
            return self._authors(sp, pos)
        if sp.type == "document":
            author = self._document_author(sp)
            author = author or self._document_by_before(sp)
            return (author, ":document-by") if author else self._same_document(sp) or \
                self._owned_document(sp, pos) or self._document(pos)
        return self._pronoun(sp, pos)

    def _authors(self, sp: Speaker, pos: int) -> tuple[str | None, str]:
        """"The report's authors wrote" (cues.yaml document_writers): the report's, as "the
        report" would be; "The authors assess", "its authors": the body last named in a
        sentence that names a document ("A report by the Royal United Services Institute"),
        not whoever was quoted last."""
        owned = _OWNED_DOCUMENT.match(sp.name)
        if owned is not None:
            return self.resolve(replace(sp, end=sp.start + owned.end(1), name=owned.group(1)),
                                pos)
        low = lowered(self.text)
        cues = self.ctx.knowledge.cues
        nouns, writers = cues.document_nouns, cues.document_writers
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            named = self.speakers[i]
            if named.type != "org" or not named.id or i in self.quoted:
                continue
            lo = _sentence_start(self.text, named.start, 200)
            stop = _BREAK.search(self.text, named.end)
            hi = stop.start() if stop else len(self.text)
            if any(_last_word(m.group()) not in writers for m in nouns.finditer(low, lo, hi)):
                return named.id, ":document-authors"
        return None, ":unresolved-document"

    def _person_tried(self, sp: Speaker) -> str | None:
        """"The defendant told the court": the person named the nearest before it right after
        a trial's act ("sentenced Sergeant Artyom Kolesov") or right before one ("X is accused
        of", cues.yaml trial_acts, tried_acts), or given the role in an apposition; a person
        nobody quoted is given an id from the name."""
        role = self.text[sp.start:sp.end].lower().split()[-1]
        apposed = self._titled_before(sp, role) or self._apposed_before(sp, role)
        if apposed is not None:
            return apposed
        cues, low = self.ctx.knowledge.cues, lowered(self.text)
        names = [n for m in cues.trial_acts.finditer(low, 0, sp.start)
                 if (n := _PERSON_NAME.match(self.text, m.end())) is not None]
        for m in cues.tried_acts.finditer(low, 0, sp.start):
            n = _PERSON_NAME_BEFORE.search(self.text, max(0, m.start() - 140), m.start())
            if n is not None:
                names.append(n)
        for n in sorted(names, key=lambda n: -n.start(1)):
            words = n.group(1).split()
            while words and (words[0].lower() in cues.role_kinds or words[0] in cues.titles
                             or words[0].lower() in ("the", "a", "an")):
                words = words[1:]  # "Sergeant Artyom Kolesov": the name after the rank
            if not 2 <= len(words) <= 3 or body_kind(" ".join(words), cues) or \
                    any(cues.not_a_name(w) for w in words):
                continue
            end = n.end(1)
            start = end - len(" ".join(words))
            i = bisect.bisect_left(self.starts, end)
            named = next((o for o in self.speakers[max(0, i - 2):i + 1] if o.type == "person"
                          and o.id and o.start < end and start < o.end), None)
            if named is not None:
                return named.id
            made = Speaker(start, end, slug(" ".join(words)), "person", " ".join(words),
                           "person", "unknown", built=True)
            self.made.setdefault(made.id, made)
            self.types.setdefault(made.id, "person")
            return made.id
        return None

    def _presidency_of_president(self, sp: Speaker) -> str | None:
        """"The Presidency said" with no presidential office named before: the office of the
        president the text named first, the story's own ("President Cyril Ramaphosa met Putin"
        -> the South African Presidency), its id the side's prefix (cues.yaml anonymous
        prefixes) and "presidency"."""
        cues, registry = self.ctx.knowledge.cues, self.ctx.knowledge.sources
        for other in self.speakers[:bisect.bisect_left(self.starts, sp.start)]:
            if other.type != "person" or not other.id:
                continue
            entry = registry.get(other.id)
            if not (entry and "president" in entry.roles) and \
                    not _PRESIDENT.search(self.text, max(0, other.start - 12), other.end):
                continue
            prefix = cues.anonymous_prefixes.get(other.affiliation)
            if prefix is None:
                return None
            made = Speaker(sp.start, sp.end, f"{prefix[0]}-presidency", "org",
                           f"{prefix[1]} Presidency", "government", other.affiliation)
            self.made.setdefault(made.id, made)
            return made.id
        return None

    def _person_of_age(self, sp: Speaker) -> str | None:
        """"the 46-year-old says": the person named right before ", 46," or right around "a
        46-year-old ..." the last time the text gave that age."""
        the_age = _THE_AGE.match(self.text, sp.start)  # (matched when the mention was found)
        if the_age is None:
            return None
        age = the_age.group(1)
        given = _age_given(age)
        for m in reversed(list(given.finditer(self.text, 0, sp.start))):
            for other in self.speakers:
                if other.type != "person" or not other.id or other.start >= sp.start:
                    continue
                if 0 <= m.start() - other.end <= 2 or (
                        m.group().endswith("old") and 0 <= other.start - m.end() <= 90
                        and "." not in self.text[m.end():other.start]):
                    return other.id
        if any(not sp.start <= m.start() < sp.end for m in given.finditer(self.text)):
            return None  # the age is another's, given later or to no one named
        return self._sole_person_before(sp)

    def _paragraph_before_start(self, at: int) -> int:
        """Where the paragraph before the one holding `at` starts (its break: -1 when it is
        the first)."""
        return self.text.rfind("\n\n", 0, max(0, self.text.rfind("\n\n", 0, at)))

    def _sole_person_before(self, sp: Speaker) -> str | None:
        """"X has farmed here for 26 years. ¶ “Q,” the 58-year-old said": with the age given
        nowhere, the one person named in this paragraph and the one before."""
        lo = self._paragraph_before_start(sp.start)
        named = set()
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            other = self.speakers[i]
            if other.start <= lo:
                break  # (speakers are in order of their starts)
            if other.type == "person" and other.id:
                named.add(other.id)
        return named.pop() if len(named) == 1 else None

    def _named_later(self, sp: Speaker) -> str | None:
        """"..., before his spokesman insisted ..." and later "his spokesman, Serhiy
        Nykyforov, wrote": the person the same title names further on (three paragraphs on at
        most)."""
        role = self.text[sp.start:sp.end].lower().split()[-1]
        stop = sp.end
        for _ in range(4):  # this paragraph and the next three
            stop = self.text.find("\n\n", stop + 2)
            if stop < 0:
                stop = len(self.text)
                break
        for m in _role_then_name(role).finditer(self.text, sp.end, stop):
            i = bisect.bisect_left(self.starts, m.end())
            if i < len(self.speakers) and self.speakers[i].start == m.end() and \
                    self.speakers[i].type == "person":
                return self.speakers[i].id
        return None

    def _role_named_next(self, sp: Speaker) -> str | None:
        """"A, the regional governor says." then "Donetsk governor Pavlo Kyrylenko said ...": a
        role with no person named before it is the person the next paragraph names with it,
        or, named with no role, the person whose bare name opens that paragraph ("Vitaliy Kim
        said")."""
        words = self.text[sp.start:sp.end].lower().split()
        for posted in ("in", "to"):  # "Kyiv's ambassador in London": the ambassador
            words = words[:words.index(posted)] if posted in words[1:] else words
        if len(words) not in (2, 3) or words[0] != "the" and not words[0].endswith(_OWNER):
            return None
        i = bisect.bisect_left(self.starts, sp.start)
        if any(other.type == "person" for other in self.speakers[:i]):
            return None  # someone named before: not a reference forward
        lo = self.text.find("\n\n", sp.end)
        if lo < 0:
            return None
        hi = self.text.find("\n\n", lo + 2)
        hi = len(self.text) if hi < 0 else hi
        role = bounded_word(words[-1])
        first = None
        for other in self.speakers[i:]:
            if other.start >= hi:
                break
            if other.start > lo and other.type == "person" and other.id:
                if role.search(self.text, max(lo, other.start - 40), other.end):
                    return other.id
                first = first or other
        if first is not None and first.start == lo + 2 and \
                self.text[first.start:first.end] == first.name:
            return first.id  # "Vitaliy Kim said": opening the paragraph by a bare name
        return None

    def _voice_named_before(self, sp: Speaker, head: str) -> str | None:
        """"The Prime Minister's official spokesman said ... the spokesman added": the body
        whose unnamed voice (a word of cues.yaml voices that role_kinds makes an official:
        spokesman, spokeswoman, spokesperson) the text named just before, not a person the
        role's kind fits."""
        cues = self.ctx.knowledge.cues
        if head not in cues.voice_words or cues.role_kinds.get(head) != "official":
            return None
        same = self.last_claim(lambda f: f.mention is not None and f.mention.type == "org"
                               and f.mention.start < sp.start and self.text[
                                   f.mention.start:f.mention.end].lower().split()[-1] == head,
                               limit=6)
        return same.source if same is not None else None

    def _person_by_role(self, sp: Speaker, wanted: str = "person") -> str | None:
        """"The diplomat stressed", "the governor added": a person quoted just before whose
        title holds the word, or whose kind the role names (a diplomat is government); "the
        group said": a body quoted just before that the text called a group."""
        words = self.text[sp.start:sp.end].lower().split()
        if "of" in words:
            words = words[:words.index("of")]  # "the head of the RMA": the head
        if len(words) not in (2, 3) or (words[0] != "the" and not words[0].endswith(_OWNER)):
            return None  # "the governor", "the Kremlin hardliner", "Kharkiv's mayor"
        role = words[-1]
        if " ".join(words[-2:]) in self.ctx.knowledge.cues.role_kinds:
            role = " ".join(words[-2:])  # "the first lady"
        kind = self.ctx.knowledge.cues.role_kinds.get(role)
        sex = self.ctx.knowledge.cues.gender_of_word.get(role, "")
        holder = self._role_holder_before(sp, role) if wanted == "person" else None
        if holder is not None:
            return holder  # "the chancellor": the person the registry gives that office
        recent = [f for f in reversed(self.claims[-3:]) if f.mention is not None
                  and self.source_type(f.source) == wanted
                  and not self._in_other_office(f.source, role)]  # (not "The shadow
        # Secretary of State, X" for "the Secretary of State")
        shorts = self.ctx.knowledge.cues.title_roles.get(role)
        titles = (role, *self.ctx.knowledge.cues.role_covers.get(role, ()))  # "the diplomat":
        # the ambassador too
        for f in recent:
            if sex and wanted == "person" and self.genders.get(f.source or "") == sex:
                return f.source  # "the woman says": the woman quoted just before
            mention = f.mention
            assert mention is not None
            window = self._sentence_window(mention.start, mention.end) if wanted == "person" \
                else self.text[max(0, mention.start - 60):mention.end + 60]  # (a body's: its
            # reference just after may be in reach, "X said. ¶ The organization documented")
            if any(whole_word(title).search(window) for title in titles) or \
                    shorts and any(_short_title(self.text, other.start, shorts)
                                   for other in self.speakers
                                   if other.id == f.source and other.start < sp.start) or (
                    wanted == "person" and not self.ctx.knowledge.sources.get(f.source or "")
                    and self._introduced_as(f.source, role)):
                return f.source
        if wanted != "person":
            return None
        titled = next((found for title in titles
                       if (found := self._titled_before(sp, title)
                           or self._apposed_before(sp, title)) is not None), None) or \
            self._of_sex_before(sp, sex) or self._titled_in_narration(sp, titles) or \
            self._described_before(sp, titles)
        if titled is not None:
            return titled  # "Sen. X said A. Y said B. The senator said": X, though Y spoke
            # last and a senator's kind is Y's too
        for f in recent:
            entry = self.ctx.knowledge.sources.get(f.source or "")
            mention = f.mention
            assert mention is not None
            if kind is not None and (entry.kind if entry is not None else mention.kind
                                     or self._built_kind(f.source)) == kind:
                return f.source
        return self._of_side_before(sp, role, kind) or self._same_words_before(sp)

    def _described_before(self, sp: Speaker, titles: tuple[str, ...]) -> str | None:
        """"Kyiv's ambassador in London has told Times Radio" (resolved to the person the
        next paragraph names) ... "The ambassador insisted": the last earlier claim whose
        speaker was a reference holding the role, that reference's person."""
        for f in reversed(self.claims):
            mention = f.mention
            if mention is None or mention.start >= sp.start or not f.source or \
                    mention.type != "reference" or self.source_type(f.source) != "person":
                continue
            words = self.text[mention.start:mention.end]
            if any(whole_word(title).search(words) for title in titles):
                return f.source
        return None

    def _titled_in_narration(self, sp: Speaker, titles: tuple[str, ...]) -> str | None:
        """"Ukraine's Ambassador to Lithuania Petro Beshta thanked the donors. “Q,” the
        diplomat said": a name the text titled with the role in this paragraph or the one
        before, in narration that made nobody a speaker; the nearest such, given an id."""
        lo = max(0, self._paragraph_before_start(sp.start))
        cues = self.ctx.knowledge.cues
        best: tuple[int, int] | None = None
        for title in titles:
            for m in _titled_name(title).finditer(self.text, lo, sp.start):
                words = m.group(1).split()
                first = next((k for k, w in enumerate(words) if w in cues.gender_of_name),
                             max(0, len(words) - 2))
                name = words[first:first + 3]
                if len(name) < 2 or any(cues.not_a_name(w) for w in name) or \
                        body_kind(" ".join(name), cues):
                    continue
                start = self.text.index(name[0], m.start(1))
                span = (start, start + len(" ".join(name)))
                if best is None or span[0] > best[0]:
                    best = span
        if best is None:
            return None
        i = bisect.bisect_left(self.starts, best[1])
        if any(o.start < best[1] and best[0] < o.end for o in self.speakers[max(0, i - 2):i + 1]):
            return None  # a speaker stands there: not a name in narration
        name = self.text[best[0]:best[1]]
        made = Speaker(best[0], best[1], slug(name), "person", name, "person", "unknown",
                       built=True)
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "person")
        return made.id

    def _of_sex_before(self, sp: Speaker, sex: str) -> str | None:
        """"Anna says A. The woman told The Insider B": a word of one sex ("the woman", "the
        mother") for the nearest person named before it in its paragraph, of that sex."""
        if not sex:
            return None
        lo = self.text.rfind("\n\n", 0, sp.start)
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            named = self.speakers[i]
            if named.start < lo:
                break
            if named.type == "person" and named.id and i not in self.quoted:
                return named.id if self.genders.get(named.id) == sex else None
        return None

    def _sentence_window(self, start: int, end: int, reach: int = 60) -> str:
        """The words around a mention (reach characters each side), lower-cased, cut at the
        ends of its sentence: a role word in the next sentence is another's."""
        lo = _sentence_start(self.text, start, reach)
        stop = _BREAK.search(self.text, end, end + reach)
        return self.text[lo:stop.start() if stop else end + reach].lower()

    def _apposed_before(self, sp: Speaker, role: str) -> str | None:
        """"The prosecutor, Yaroslav Melnyk, asked ...", "Olena Shevchuk, a mother of two from
        Irpin, said": a person named before (this paragraph or the one before) whom an
        apposition right before or after the name gives the role, though nobody quoted them
        just before; or whom the text gave the role where it named them earlier ("the city's
        mayor, Ivan Fedorov, reported ... ¶ Fedorov made a similar point. The mayor said")."""
        lo = self._paragraph_before_start(sp.start)
        here = bisect.bisect_left(self.starts, sp.start)
        seen: set[str] = set()
        for i in range(here - 1, -1, -1):
            named = self.speakers[i]
            if named.start < lo:
                break
            if named.type != "person" or not named.id or i in self.quoted or \
                    named.id in seen or self._in_other_office(named.id, role):
                continue  # (not "The shadow Foreign Secretary, X" for "the Foreign Secretary")
            seen.add(named.id)
            if any(self._given_role(j, role) for j in range(i, -1, -1)
                   if self.speakers[j].id == named.id and j not in self.quoted):
                return named.id
        return None

    def _given_role(self, index: int, role: str) -> bool:
        """The mention at `index` has the role set off right before the name ("The
        prosecutor, X", "the city's mayor, X") or in the apposition after it ("X, 34, a nurse
        at the city hospital,")."""
        named = self.speakers[index]
        word = whole_word(role)
        before = self.text[max(0, named.start - len(role) - 4):named.start]
        if word.search(before) and re.search(r",\s*$", before):
            return True
        lo = _sentence_start(self.text, named.start, 60, _CLAUSE_BREAK)
        if re.search(word.pattern + _TITLE_TAIL, self.text[lo:named.start], re.IGNORECASE):
            return True  # "Ukraine's Ambassador to Lithuania Petro Beshta"
        apposed = _APPOSITION_AFTER.match(self.text, named.end)
        return apposed is not None and word.search(apposed.group(1)) is not None

    def _same_words_before(self, sp: Speaker) -> str | None:
        """"The Secretary of State said A ... B, the Secretary of State replied": the person
        the same words stood for the last time they were credited with a claim."""
        words = self.text[sp.start:sp.end].lower().split()
        for f in reversed(self.claims):
            m = f.mention
            if m is not None and m.type == "reference" and f.source and \
                    self.text[m.start:m.end].lower().split() == words:
                return f.source
        return None

    def _built_kind(self, source_id: str | None) -> str:
        """The kind the text gave a person not in the registry where it named them."""
        return next((o.kind for o in self.speakers if o.id == source_id and o.type == "person"
                     and o.kind), "")

    def _introduced_as(self, source_id: str | None, role: str) -> bool:
        """The text brought the person in with the role or its verb beside the name ("X, 46,
        a former teacher who now commands one of the groups": "the commander")."""
        first = next((o for o in self.speakers if o.id == source_id and o.type == "person"),
                     None)
        if first is None:
            return False
        stems = {role, role[:-2] + "s", role[:-1] + "s"} if role.endswith("er") else {role}
        para = self.text.rfind("\n\n", 0, first.start)
        lo = max(first.start - 60, para + 2 if para >= 0 else 0)  # (the text's first words too)
        lo = max((m.end() for m in _BREAK.finditer(self.text, lo, first.start)), default=lo)
        # (not a sentence before: "Prosecutor X asked for 15 years. The judge, Y, said")
        hi = self.text.find("\n\n", first.end)
        window = self.text[lo:min(first.end + 160, len(self.text) if hi < 0 else hi)].lower()
        return any(bounded_word(stem, False).search(window) for stem in stems)

    def _in_other_office(self, source_id: str | None, role: str) -> bool:
        """A mention of the source has the role word as another office of the same name
        right around it ("shadow", "former": cues.yaml other_office)."""
        other = self.ctx.knowledge.cues.other_office
        pattern = _word_then_role(role)
        for sp in self.speakers:
            if sp.id != source_id:
                continue
            window = self.text[max(0, sp.start - 60):sp.end + 60]
            if any(m.group(1).lower() in other for m in pattern.finditer(window)):
                return True
        return False

    def _witness_of_role(self, sp: Speaker, role: str) -> str | None:
        """"The foreman said": the one witness named earlier by a first name and this role
        (a built id `<firstname>-<role>`), when only one such witness is named."""
        tail = "-" + role.replace(" ", "-")
        found = {other.id for other in self.speakers[:bisect.bisect_left(self.starts, sp.start)]
                 if other.type == "person" and other.id.endswith(tail)
                 and not self.ctx.knowledge.sources.get(other.id)}
        return found.pop() if len(found) == 1 else None

    def _role_holder_before(self, sp: Speaker, role: str) -> str | None:
        """The person named just before (this paragraph or the one before) whose registry
        entry holds the office ("Olaf Scholz ... The chancellor said")."""
        return next((named.id for named, entry in self._registered_persons_before(sp)
                     if role in entry.roles), None)

    def _registered_persons_before(self, sp: Speaker) -> Iterator[tuple[Speaker, SourceEntry]]:
        """The registered persons named before `sp` (nearest first) in its paragraph and the
        one before, that nobody has quoted yet, with their registry entries."""
        lo = self._paragraph_before_start(sp.start)
        registry = self.ctx.knowledge.sources
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            named = self.speakers[i]
            if named.start < lo:
                break
            entry = registry.get(named.id) if named.type == "person" else None
            if entry is not None and i not in self.quoted:
                yield named, entry

    def _of_side_before(self, sp: Speaker, role: str, kind: str | None) -> str | None:
        """"Emmanuel Macron hosted Olaf Scholz. The French president said": the person named
        just before (this paragraph or the one before) whom the registry gives the side the
        qualifier names and the role (or the role's kind)."""
        words = self.text[sp.start:sp.end].split()
        side = self.ctx.knowledge.cues.affiliation(words[1]) if len(words) == 3 else None
        if not side:
            return None
        return next((named.id for named, entry in self._registered_persons_before(sp)
                     if entry.affiliation == side
                     and (role in entry.roles or (kind is not None and entry.kind == kind))),
                    None)

    def _titled_before(self, sp: Speaker, role: str) -> str | None:
        """"Taoiseach Leo Varadkar met ... . The Taoiseach said": a person named just before
        (this paragraph or the one before) with the role word in the title printed right
        before the name, though nobody has been quoted yet; further back, the only person
        the article has titled so ("Cardinal X" three paragraphs before "the Cardinal")."""
        lo = self._paragraph_before_start(sp.start)
        pattern = bounded_word(role)
        earlier: set[str] = set()
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            named = self.speakers[i]
            if named.type != "person" or i in self.quoted or named.end > sp.start:
                continue
            title = _TITLE_RUN.search(self.text, max(0, named.start - 60), named.start)
            if title is not None and pattern.search(title.group()) or \
                    _role_right_before(self.text, named.start, role):
                if named.start >= lo:
                    return named.id  # (or "Belgorod governor Vyacheslav Gladkov": lower case)
                earlier.add(named.id)
        return earlier.pop() if len(earlier) == 1 else None

    def _body_just_quoted(self, sp: Speaker, pos: int) -> str | None:
        """"the group said" right after a body was quoted: that body (a generic noun stands
        for what was just quoted), when its name holds the noun or it may take the role."""
        last = self.last_claim(lambda f: f.source is not None and f.end <= pos, limit=1)
        if last is None or self.source_type(last.source) != "org" or \
                self.text.count("\n\n", last.end, pos) > 1:
            return None
        head = sp.name.lower().split()[-1] if sp.name.split() else ""
        entry = self.ctx.knowledge.sources.get(last.source or "")
        name = (entry.name if entry else last.source or "").lower()
        words = sp.name.lower().split()
        cues = self.ctx.knowledge.cues
        qualifier = cues.reference_qualifiers.get(words[-2]) if len(words) > 1 else None
        if qualifier and set(name.replace("-", " ").split()).isdisjoint(qualifier):
            return None  # "the regional administration" after a city's: not that one
        if head in name.replace("-", " ").split() or (entry and _BODY in entry.roles) or \
                head in cues.any_body or (entry is None and head in cues.unlisted_body) or \
                (entry and entry.kind == "media" and head in cues.any_outlet):
            return last.source
        if entry is None and self._described_with(last.source or "", head):
            return last.source  # "The women's movement, Put Domoi, ..." then "the movement"
        return None

    def _body_named_before(self, sp: Speaker) -> str | None:
        """"ICRC delegates have visited ... . The organization said": a generic noun for a body
        (cues.yaml any_body, unlisted_body) is the body named last before it in its paragraph,
        though nobody quoted it there."""
        cues = self.ctx.knowledge.cues
        head = sp.name.lower().split()[-1] if sp.name.split() else ""
        if head in cues.any_outlet:
            return self._outlet_named_before(sp)
        if head not in cues.any_body and head not in cues.unlisted_body:
            return None
        lo = self.text.rfind("\n\n", 0, sp.start)
        kind = cues.lone_body_kinds.get(head)
        before = self._paragraph_before_start(sp.start)
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            other = self.speakers[i]
            if other.start <= before:
                break
            if other.id and other.end <= sp.start and self.source_type(other.id) == "org" and (
                    other.start > lo or (kind and other.kind == kind and i not in self.quoted
                                         and not self.ctx.knowledge.sources.get(other.id))):
                return other.id  # (or, opening its paragraph, "The company said" for the
                # firm the paragraph before named, the text having made it a company)
            if other.start <= lo and other.type in _CONCRETE:
                break  # (the last one named there only)
        return None

    def _outlet_named_before(self, sp: Speaker) -> str | None:
        """"Kommersant reported A. Peskov said B. The newspaper said C": an outlet's noun
        (cues.yaml any_outlet) is the outlet named last in this paragraph or the one before,
        though another has spoken since."""
        lo = self._paragraph_before_start(sp.start)
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            other = self.speakers[i]
            if other.start <= lo:
                break
            if other.id and other.type == "org" and other.kind == "media" and \
                    i not in self.quoted:
                return other.id
        return None

    def _described_with(self, source_id: str, noun: str) -> bool:
        """A body built from the text was described with this noun beside its name."""
        for sp in self.speakers:
            if sp.id == source_id and sp.type == "org":
                window = self.text[max(0, sp.start - 40):sp.end + 60].lower()
                return bounded_word(noun, False).search(window) is not None
        return False

    def previous_quote(self, pos: int) -> Found | None:
        """The last claim, when it is a quotation in this paragraph or the one before."""
        if not self.claims:
            return None
        last = max(self.claims, key=lambda f: f.end)
        if last.kind != "quote" or last.source is None or last.end > pos:
            return None
        return last if self.text.count("\n\n", last.end, pos) <= 1 else None

    def last_claim(self, test, limit: int = 40) -> Found | None:
        """The latest claim passing `test`, among the last `limit` (a bounded look-back)."""
        for f in reversed(self.claims[-limit:]):
            if test(f):
                return f
        return None

    def _document_author(self, sp: Speaker) -> str | None:
        """"The paper, released by the foreign ministry on Friday, states ...": the body the
        document's own apposition names as its author (cues.yaml authoring_participles)."""
        m = self.ctx.knowledge.cues.document_by.match(self.text, sp.end)
        if m is None:
            return None
        i = bisect.bisect_left(self.starts, m.end())
        if i > 0 and self.speakers[i - 1].end > m.end():
            i -= 1  # the speaker's span takes "the" in: "released by the ministry"
        if i < len(self.speakers) and self.speakers[i].start <= m.end() < self.speakers[i].end:
            found = self.speakers[i]
            source = found.id or self.references.get(found.start)
            return source if source and self.source_type(source) != "person" or \
                found.type == "org" else None
        return None

    def _document_by_before(self, sp: Speaker) -> str | None:
        """"... a review by the Defense Department's inspector general. The review found":
        "the <noun>" again after "a <noun> by X" in this paragraph or the one before is X's."""
        words = self.text[sp.start:sp.end].split()
        if len(words) != 2 or words[0].lower() != "the":
            return None
        lo = self._paragraph_before_start(sp.start)
        by = _last_match(_noun_by(words[1].lower()), self.text, 0, sp.start)
        if by is None or by.start() < lo:
            return None
        i = bisect.bisect_left(self.starts, by.end() - 4)
        found = next((o for o in self.speakers[i:i + 2]
                      if o.start <= by.end() < o.end or o.start == by.end()), None)
        if found is None or found.type not in _CONCRETE:
            return None
        return found.id or None

    def _same_document(self, sp: Speaker) -> tuple[str, str] | None:
        """"The draft also foresees X" after "according to a draft of the package": the
        document named before with the same noun, and its author."""
        head = sp.name.split()[-1].lower() if sp.name.split() else ""
        word = bounded_word(head)
        same = self.last_claim(lambda f: f.mention is not None and f.source is not None
                                and f.mention.type == "document" and f.end <= sp.start
                                and f.mention.start < sp.start
                                and len(f.mention.name.split()) > 2
                                and word.search(f.mention.name) is not None)
        if same is None or same.source is None:  # (the test above asks for a source)
            return None
        return same.source, ":document-same"

    def _owned_document(self, sp: Speaker, pos: int) -> tuple[str, str] | None:
        """"But his press service said": the press service (in the registry) of the person
        the possessive stands for; not whoever was quoted last. "His office said": that
        person's office in the registry ("Zelensky's office"), else the person."""
        words = sp.name.lower().split()
        office = len(words) == 2 and words[1] == "office"
        press = len(words) >= 3 and " ".join(words[-2:]) in ("press service", "press office")
        if words[0] not in ("his", "her") or not (office or press):
            return None
        owner, _rule = self._pronoun(replace(sp, end=sp.start + len(words[0]), type="pronoun",
                                             name=words[0]), pos)
        registry = self.ctx.knowledge.sources
        if office and owner:
            return press_service_of(registry, owner, "office") or owner, ":office-of"
        service = press_service_of(registry, owner) if owner else None
        return (service, ":press-service-of") if service else None

    def _document(self, pos: int) -> tuple[str | None, str]:
        recent = self.claims[-1] if self.claims else None
        if recent is not None and recent.source and recent.end <= pos and \
                self.text.count("\n\n", recent.end, pos) <= 1:
            return recent.source, ":document-last-quoted"  # "A later post said" (Klitschko's)
        last = self.last_claim(lambda f: self.source_type(f.source) == "org")
        if last is not None:
            return last.source, ":document-last-quoted"
        org = self.nearest(pos, ("org",), 0)
        return (org, ":document-named") if org else (None, ":unresolved-document")

    def _pronoun(self, sp: Speaker, pos: int) -> tuple[str | None, str]:
        wanted = self.ctx.knowledge.cues.pronoun_types.get(sp.name.lower(), "person")
        last = self.claims[-1] if self.claims else None
        since = last.end if last else 0
        pronoun = sp.name
        if last is not None and last.source is None and last.mention is not None and \
                self._next_sentence(last.end, sp.start):
            return None, ":unresolved-pronoun"  # "The court found that A. It said B": the
            # speaker no name was found for goes on; no one named further back
        if wanted == "person":
            named = self._sentence_subject(pos, since, pronoun=pronoun)
            if named:
                return named, ":pronoun-named"
            unnamed = self._unnamed_subject(sp.start, since, pronoun)
            if unnamed:
                return unnamed, ":pronoun-unnamed-subject"
            if last is not None and last.via and self.source_type(last.source) != "person" \
                    and self.source_type(last.via[0]) == "person" \
                    and self.fits(last.via[0], pronoun):
                return last.via[0], ":pronoun-relay"  # "X said, citing the World Bank, A. She
                # said B": the person who cited the bank, not the bank
            if last is not None and self._spoke_since(last, sp.start):
                return None, ":unresolved-pronoun"  # "Mahmoud, a baker, said that A. "Q," he
                # said": whoever spoke last in between, not the last speaker credited
            if last is not None and last.source and self.fits(last.source, pronoun):
                return last.source, ":pronoun-last-speaker"
            if last is not None and last.source:  # the last speaker is of the other sex
                earlier = self.last_claim(lambda f: f.source is not None
                                           and self.source_type(f.source) == "person"
                                           and self.fits(f.source, pronoun), limit=12)
                if earlier is not None:
                    return earlier.source, ":pronoun-same-sex-speaker"
            named = self.nearest(pos, ("person",), 0, pronoun)
            return (named, ":pronoun-nearest") if named else (None, ":unresolved-pronoun")
        types = ("org",) if wanted == "org" else ("group", "org")
        trailing = _TRAILING_PRONOUN.search(self.text, max(0, sp.start - 4), sp.start) \
            and not self._after_lead_in(sp.start)
        same = None if trailing else self._same_sentence(pos, types)  # "A ..., it said":
        # a body named inside A is not the one speaking
        if same:
            return same, ":pronoun-same-sentence"
        if wanted == "group" and not trailing and \
                (group := self._sentence_subject(pos, since, ("group",))):
            return group, ":pronoun-named"  # "Western officials are upbeat. They (Some) think"
        if last is not None and (self.source_type(last.source) in types or (
                wanted == "org" and last.source and last.mention is not None
                and last.mention.type == "group" and last.mention.singular
                and self.text.count("\n\n", last.end, pos) == 0)):
            return last.source, ":pronoun-last-speaker"  # (or "The town administration told
            # the BBC that ... . It said": the unnamed body, not the listener)
        before = pos
        if trailing:  # look before the sentence the claim fills
            before = _sentence_start(self.text, sp.start, 400)
        country = self._country_subject_before(sp.start) if wanted == "org" else None
        if country:
            return country, ":pronoun-country-subject"
        named = self._sentence_subject(before, 0, types)
        if named:
            return named, ":pronoun-nearest"
        if last is not None and last.source and not (
                wanted == "org" and self.source_type(last.source) == "person"):
            return last.source, ":pronoun-last-speaker"  # but "it" is no person
        return None, ":unresolved-pronoun"

    def _spoke_since(self, found: Found, pos: int) -> bool:
        """Someone says something in a sentence after the one holding the claim and its
        attribution and before the one holding `pos` (quotations aside)."""
        after = max(found.end, found.mention.end if found.mention is not None else 0)
        after = _sentence_end(self.text, after)
        between = _QUOTATION.sub("", self.text[after:pos]) if after < pos else ""
        own = max((m.start() for m in _BREAK.finditer(between)), default=0)  # its own sentence
        saying = self.ctx.knowledge.cues.plain_saying  # "said", "told"
        return any(w in saying for w in _PLAIN_WORD.findall(between, 0, own))

    def _next_sentence(self, end: int, start: int) -> bool:
        """`start` is in the sentence right after the one ending at `end` (its quotations
        aside), in the same paragraph."""
        between = _QUOTATION.sub("", self.text[end:start])
        return "\n" not in between and len(_BREAK.findall(between)) <= 1

    def _unnamed_subject(self, start: int, since: int, pronoun: str) -> str | None:
        """"A Ukrainian intelligence officer was more worried. A, he said": one unnamed person
        introduced there (a singular group, "a"/"one") opening a sentence since the last claim,
        the latest such, is whom "he" or "she" stands for when no person was named there."""
        for i in range(bisect.bisect_left(self.starts, start) - 1, -1, -1):
            sp = self.speakers[i]
            if sp.start < since:
                return None
            if sp.type != "group" or not sp.singular or sp.definite or i in self.quoted or \
                    not self.fits(sp.id, pronoun):  # ("the man" refers back: not this form)
                continue
            lo = max((m.end() for m in _BREAK.finditer(self.text, max(0, sp.start - 400),
                                                        sp.start)), default=0)
            if not self.text[lo:sp.start].strip():
                return sp.id
        return None

    def _country_subject_before(self, start: int) -> str | None:
        """"Ukraine has tried ambushes. In the spring, it claimed ...": a country (metonym)
        opening the sentence just before the pronoun's, as its subject, is what "it" names
        when no body spoke last (a body named paragraphs back is not)."""
        breaks = [m.end() for m in _BREAK.finditer(self.text, max(0, start - 400), start)]
        if len(breaks) < 2 or "\n" in self.text[breaks[-2]:start]:
            return None
        opener = breaks[-2]
        while opener < start and self.text[opener].isspace():
            opener += 1
        i = bisect.bisect_left(self.starts, opener)
        sp = self.speakers[i] if i < len(self.speakers) else None
        if sp is None or sp.start != opener or sp.type != "metonym" or \
                not _VERB_AFTER.match(self.text, sp.end):
            return None
        return sp.id

    def _after_lead_in(self, start: int) -> bool:
        """"In a joint statement, they said": a short phrase of cues.yaml lead_ins opens the
        sentence before the comma, so the pronoun opens its clause and follows no claim."""
        begin = max((m.end() for m in _BREAK.finditer(self.text, max(0, start - 80), start)),
                    default=0 if start <= 80 else start)
        words = self.text[begin:start].rstrip().rstrip(",").split()
        return 0 < len(words) <= _LEAD_IN_WORDS and \
            words[0].lower() in self.ctx.knowledge.cues.lead_ins and \
            not any(ch in self.text[begin:start].rstrip()[:-1] for ch in ',"“”')

    def _sentence_subject(self, pos: int, since: int, types: tuple[str, ...] = ("person",),
                          pronoun: str = "") -> str | None:
        """The first source named in the latest sentence naming one (after `since`)."""
        lead = self.ctx.knowledge.cues.object_lead

        def wanted(sp: Speaker) -> bool:
            return since <= sp.start and sp.end <= pos and self.fits(sp.id, pronoun) and (
                sp.type in types or (sp.type == "reference" and "org" in types
                                     and bool(self.references.get(sp.start))
                                     and ("person" in types or self.source_type(
                                         self.references[sp.start]) != "person"))) and \
                not lead.search(self.text, max(0, sp.start - 40), sp.start)

        index = bisect.bisect_left(self.starts, pos)
        first = bisect.bisect_left(self.starts, since)
        last = next((self.speakers[i] for i in range(index - 1, first - 1, -1)
                     if i not in self.quoted and wanted(self.speakers[i])), None)
        if last is None:
            return None
        lo = bisect.bisect_left(self.starts, max(since, last.start - 300))
        for i in range(lo, index):
            sp = self.speakers[i]
            if sp is not last and self.text.startswith(("'s ", "’s "), sp.end):
                continue  # "Petrenko's neighbour, ... Valentyna, refused": the neighbour
            if i not in self.quoted and wanted(sp) and \
                    not _BREAK.search(self.text, sp.end, last.start):
                return sp.id or self.references.get(sp.start)
        return last.id or self.references.get(last.start)

    def _same_sentence(self, pos: int, types: tuple[str, ...]) -> str | None:
        """A source of the right type named earlier in the pronoun's own sentence."""
        start = _sentence_start(self.text, pos, 300)
        for sp in self.speakers[bisect.bisect_left(self.starts, start):]:
            if sp.start >= pos:
                break
            if sp.end <= pos and sp.type in types:
                return sp.id
        return None

    def nearest(self, pos: int, types: tuple[str, ...], since: int,
                 pronoun: str = "") -> str | None:
        for i in range(bisect.bisect_left(self.starts, pos) - 1, -1, -1):
            sp = self.speakers[i]
            if sp.start < since:
                break
            if sp.end > pos or i in self.quoted or not self.fits(sp.id, pronoun):
                continue
            if sp.type in types and sp.type in _CONCRETE:
                return sp.id
            if sp.type == "reference" and "org" in types and self.references.get(sp.start):
                return self.references[sp.start]
        return None

    def _resolve_references(self) -> dict[int, str | None]:
        """Each "the ministry"-style reference: the latest source with the role, else a
        country word just before it, else the role's default."""
        out: dict[int, str | None] = {}
        history: list[tuple[str, tuple[str, ...]]] = []
        registry, cues = self.ctx.knowledge.sources, self.ctx.knowledge.cues
        sides: dict[str, int] = {}  # named speakers per side so far
        latest: dict[str, tuple[int, str]] = {}  # role -> (order, id) of its latest source
        by_word: dict[str, str] = {}  # a word of a body's name -> the latest body so named
        bodies: list[tuple[frozenset[str], str]] = []  # each body's name words, in order

        def remember(source_id: str, roles: tuple[str, ...]) -> None:
            history.append((source_id, roles))
            for role in roles:
                latest[role] = (len(history), source_id)

        for index, sp in enumerate(self.speakers):
            if sp.type in _CONCRETE:
                if index in self.quoted:
                    continue
                remember(sp.id, tuple(dict.fromkeys((*sp.roles, *self._name_roles(sp))))
                         if sp.built else sp.roles)
                if sp.type == "person":
                    ministry = self._portfolio_ministry(sp)
                    if ministry is not None:  # "the energy minister, X": "the ministry" is his
                        remember(ministry.id, tuple(r for r in ministry.roles if r == "ministry"))
                if sp.type == "org":
                    by_word.update((w, sp.id) for w in sp.name.lower().split())
                    bodies.append((frozenset(sp.name.lower().split()), sp.id))
                if sp.affiliation and sp.affiliation != "unknown":  # (no side: not one)
                    sides[sp.affiliation] = sides.get(sp.affiliation, 0) + 1
                continue
            if sp.type != "reference":
                continue
            hits = [latest[r] for r in sp.roles if r in latest]
            found = max(hits)[1] if hits else None
            words = sp.name.lower().split()
            head = words[-1] if words else ""
            if _BODY in sp.roles and head in by_word:
                found = by_word[head]  # "the Legion": the body whose name says legion
            qualifier = cues.reference_qualifiers.get(words[-2]) if len(words) > 1 else None
            if qualifier and _BODY in sp.roles:  # "the regional administration": the region's
                found = next((b for names, b in reversed(bodies) if head in names
                              and not names.isdisjoint(qualifier)), found)
            found = found or self._by_subject_country(sp) or self._by_country(sp) or \
                self._by_side(sp, sides) or \
                self._by_dateline(sp) or self._by_opening_country(sp) or \
                self._named_in_passing(sp) or next(
                (cues.reference_defaults[r] for r in sp.roles if r in cues.reference_defaults),
                None)
            if found and (registry.get(found) or found in self.types):  # a body built here too
                entry = registry.get(found)
                out[sp.start] = found
                remember(found, entry.roles if entry else ())
            else:
                out[sp.start] = None
        return out

    def _named_in_passing(self, sp: Speaker) -> str | None:
        """"judges at the International Criminal Court issued a warrant. The court said":
        the registry's body with the reference's role that the text named last before it,
        though not where a speaker stands."""
        roles = set(sp.roles) - {_BODY}
        if not roles:
            return None
        registry = self.ctx.knowledge.sources
        hits = [h for h in registry.find_in_article(self.text) if h.end <= sp.start
                and not roles.isdisjoint(registry.entries[h.id].roles)]
        return hits[-1].id if hits else None

    def _built_in_passing(self, sp: Speaker) -> str | None:
        """"The Moscow City Court on Monday sentenced X. The court's press service said": a
        body the registry lacks, named before in narration by capitalised words ending in the
        reference's noun, capitalised, is the body the reference stands for."""
        words = self.text[sp.start:sp.end].lower().split()
        if len(words) < 2 or words[0] != "the":
            return None
        last = _last_match(_named_ending_in(words[-1].capitalize()), self.text, 0, sp.start)
        if last is None:
            return None
        name = _OPENING_ARTICLE.sub("", last.group())
        cues, registry = self.ctx.knowledge.cues, self.ctx.knowledge.sources
        kind = body_kind(name, cues)
        if not kind or " " not in name or any(True for _ in registry.find(name)):
            return None
        made = Speaker(last.end() - len(name), last.end(), slug(name), "org", name, kind,
                       "unknown")
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id

    def _employer_in_passing(self, sp: Speaker) -> str | None:
        """"Analysts at Goldman Sachs wrote ... The bank said": a firm the registry lacks,
        named in this paragraph or the one before only after an unnamed group and "at" or
        "from" (cues.yaml anonymous heads), is the body "the <noun>" of cues.yaml
        lone_body_kinds (company kind) stands for, when it is the only such name there."""
        cues, registry = self.ctx.knowledge.cues, self.ctx.knowledge.sources
        words = self.text[sp.start:sp.end].lower().split()
        if len(words) != 2 or words[0] != "the" or \
                cues.lone_body_kinds.get(words[1]) != "company":
            return None
        lo = max(0, self._paragraph_before_start(sp.start))
        low = lowered(self.text)
        gazetteer = self.ctx.knowledge.gazetteer
        names = set()
        for m in _EMPLOYER_NAME.finditer(self.text, lo, sp.start):
            head = cues.anonymous_heads.fullmatch(low, *m.span("group"))
            name = m.group("name")
            if head is None or any(True for _ in registry.find(name)) or \
                    any(cues.not_a_name(w) for w in name.split()) or \
                    (gazetteer is not None and gazetteer.names.get(key_of(name)) is not None):
                continue
            names.add((name, m.start("name")))
        if len({n for n, _ in names}) != 1:
            return None
        name, start = max(names, key=lambda n: n[1])
        made = Speaker(start, start + len(name), slug(name), "org", name,
                       cues.lone_body_kinds[words[1]], "unknown")
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id

    def _described_in_passing(self, sp: Speaker) -> str | None:
        """"The Czech arms maker Excalibur Army delivered ... ¶ The company said": a firm the
        registry lacks, named in narration in this paragraph or the one before right after a
        noun of the reference's kind (cues.yaml lone_body_kinds: maker, firm ...), the last
        such name, is the body "the company" stands for."""
        cues, registry = self.ctx.knowledge.cues, self.ctx.knowledge.sources
        words = self.text[sp.start:sp.end].lower().split()
        kind = cues.lone_body_kinds.get(words[1]) if len(words) == 2 and words[0] == "the" \
            else None
        if kind is None:
            return None
        pattern = _described_name(tuple(sorted(n for n, k in cues.lone_body_kinds.items()
                                               if k == kind)))
        last = _last_match(pattern, self.text, max(0, self._paragraph_before_start(sp.start)),
                           sp.start)
        if last is None:
            return None
        name = last.group("name")
        gazetteer = self.ctx.knowledge.gazetteer
        if any(True for _ in registry.find(name)) or \
                cues.not_a_name(name.split()[0]) or name.split()[0] in cues.gender_of_name or \
                (gazetteer is not None and gazetteer.names.get(key_of(name)) is not None):
            return None
        made = Speaker(last.start("name"), last.end("name"), slug(name), "org", name, kind,
                       "unknown")
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id

    def _name_roles(self, sp: Speaker) -> tuple[str, ...]:
        """A body built from the text ("Latvia's Foreign Ministry") takes the roles of the
        reference nouns its name ends with, so that "the ministry" later is that body."""
        if sp.type != "org":
            return ()
        refs = self.ctx.knowledge.cues.reference_roles
        words = sp.name.lower().replace("’", "'").split()
        roles: list[str] = []
        for n in (2, 1):
            if len(words) >= n:
                roles.extend(r for r in refs.get(" ".join(words[-n:]), ()) if r not in roles)
        apposed = _apposed_head(self.ctx.knowledge.cues.head_prepositions).match(
            self.text, sp.end)  # "X, Russia's maritime transport
        if apposed is not None:  # agency, said": "the agency" is X
            roles.extend(r for r in refs.get(apposed.group(1), ()) if r not in roles)
        name = self.text[sp.start:sp.end]  # as a word before `sp` (and at it)
        for at in whole_word_starts(self.text, name, sp.start + len(name)):
            before = _described_head(self.ctx.knowledge.cues.head_prepositions).search(
                self.text, max(0, at - 80), at)
            if before is not None:  # "the state property agency, X": "the agency" is X too
                roles.extend(r for r in refs.get(before.group(1), ()) if r not in roles)
        return tuple(roles)

    def _portfolio_ministry(self, sp: Speaker):
        """The registry's ministry of the portfolio a person's title names around the
        mention ("Ukraine's energy minister, Herman Halushchenko", "Health Minister X"), on
        the person's side (else the side a country word before the title names)."""
        text, cues = self.text, self.ctx.knowledge.cues
        lo = _sentence_start(text, sp.start, 60)
        window = text[lo:sp.end]
        hit = _last_match(cues.portfolio, window, 0, len(window))
        if hit is None:
            return None
        role = cues.portfolio_roles.get(hit.group(1).lower())
        sides: set[str | None] = {sp.affiliation} if sp.affiliation else set()
        sides.update(cues.affiliation(m.group()) for m in cues.affiliations.finditer(window))
        for entry in self.ctx.knowledge.sources.with_role(role or ""):
            if entry.affiliation in sides:
                return entry
        return None

    def _by_side(self, sp: Speaker, sides: dict[str, int]) -> str | None:
        """A bare "the Defense Ministry" in an article whose named speakers so far are
        mostly of one side (a Moscow Times report quoting Peskov and Gladkov): that side's."""
        ranked = sorted(sides.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return None  # no clear side: the role's default decides
        return self._office_of_side(sp, ranked[0][0])

    def _by_dateline(self, sp: Speaker) -> str | None:
        """A bare "the defense ministry" in a wire story datelined in a capital ("SEOUL,
        April 11 (Yonhap) --"), whose speakers so far show no clear side: the dateline's."""
        side = dateline_side(self.text, self.ctx.knowledge.cues, self.ctx.knowledge.gazetteer)
        return None if side == "unknown" else self._office_of_side(sp, side)

    def _by_opening_country(self, sp: Speaker) -> str | None:
        """A bare "the Defence Ministry" in a story that opens with a country as its subject
        ("Slovakia will give ... jets to Ukraine"), no side shown otherwise: that country's."""
        cues = self.ctx.knowledge.cues
        m = _OPENING_NAME.match(self.text)
        if m is None:
            return None
        side = cues.country_side(m.group(1))
        return self._office_of_side(sp, side) if side else None

    def _by_subject_country(self, sp: Speaker) -> str | None:
        """"The Czech Republic has sent arms ... Some 200,000 refugees from Ukraine have
        arrived, according to Interior Ministry estimates": a bare office in a sentence that
        opens with a country as its subject, or in the sentence right after one, is that
        country's, over a country the text names nearer in passing ("from Ukraine")."""
        text, cues = self.text, self.ctx.knowledge.cues
        para = text.rfind("\n\n", 0, sp.start) + 2 if "\n\n" in text[:sp.start] else 0
        starts = [para, *(m.end() for m in _SENTENCE_BREAK.finditer(text, para, sp.start))]
        for begin in reversed(starts[-2:]):
            m = _SUBJECT_COUNTRY.match(text, begin)
            if m is None:
                continue
            side = cues.country_side(m.group(1))
            found = self._office_of_side(sp, side) if side else None
            if found is not None:
                return found
        return None

    def _by_country(self, sp: Speaker) -> str | None:
        """A bare office followed by "in" and a capital ("the Interior Ministry in Kyiv"), else
        after a side's word (the nearest, in its paragraph, 150 characters back at most):
        that side's office."""
        text, cues = self.text, self.ctx.knowledge.cues
        para = text.rfind("\n\n", 0, sp.start) + 2 if "\n\n" in text[:sp.start] else 0
        window = text[max(para, sp.start - 150):sp.start]
        words = [cues.affiliation(m.group()) for m in cues.affiliations.finditer(window)]
        placed = self._office_in_place(sp)
        if placed is not None:
            return placed
        return next((found for affiliation in reversed(words)
                     if (found := self._office_of_side(sp, affiliation)) is not None), None)

    def _office_in_place(self, sp: Speaker) -> str | None:
        """An office followed by "in" and its capital or country ("the Foreign Ministry in
        Athens"): that country's registry entry of the office, else, for an office named by
        two words or more, that country's office given an id here, its adjective and the
        reference's words (greek-foreign-ministry), as "Greece's foreign ministry" would be."""
        text, cues = self.text, self.ctx.knowledge.cues
        place = re.match(r"\s+in\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)",
                         text[sp.end:sp.end + 40])
        if place is None:
            return None
        name = place.group(1)
        side: str | None = None
        if name.split()[0] in cues.metonym_ids:
            entry = self.ctx.knowledge.sources.get(cues.metonym_ids[name.split()[0]])
            side = entry.affiliation if entry else None
        gazetteer = self.ctx.knowledge.gazetteer
        side = side or cues.country_side(name) or (cues.country_side(
            country_of(name, gazetteer)) if gazetteer is not None else None)
        if not side:
            return None
        found = self._office_of_side(sp, side)
        words = text[sp.start:sp.end].split()
        prefix = cues.anonymous_prefixes.get(side)
        if found is not None or prefix is None or not _office_roles(sp) or \
                len(words) < 3 or words[0].lower() != "the":
            return found
        office = " ".join(words[1:])
        made = Speaker(sp.start, sp.end, slug(f"{prefix[0]} {office}"), "org",
                       f"{prefix[1]} {office}", "government", side, built=True)
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id

    def _office_of_side(self, sp: Speaker, side: str | None) -> str | None:
        """The registry's entry of `side` that holds the reference's office (_office_roles:
        "the defense ministry"), if any."""
        for role in _office_roles(sp):
            for entry in self.ctx.knowledge.sources.with_role(role):
                if entry.affiliation == side:
                    return entry.id
        return None


_OPENING_NAME = re.compile(r"\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:['’]s)? [a-z]")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z\"“])")
# A sentence's subject that is a country, then its verb: "The Czech Republic has sent".
_SUBJECT_COUNTRY = re.compile(r"(?:The\s+)?([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+"
                              r"(?:has|have|had|is|was|will|would|[a-z]+ed|[a-z]+s)\s")


@functools.lru_cache(maxsize=8)
def _described_name(nouns: tuple[str, ...]) -> re.Pattern[str]:
    """A name of capitalised words right after one of the nouns ("arms maker Excalibur
    Army")."""
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(n) for n in sorted(
        nouns, key=len, reverse=True)) + r")\s+(?P<name>[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*)"
        r"{0,3})(?![\w'’-])")


# An unnamed group, "at" or "from", then one to three capitalised words: "Analysts at Goldman
# Sachs", "economists from ING".
_EMPLOYER_NAME = re.compile(r"(?<![\w'’-])(?P<group>[A-Za-z]+)\s+(?:at|from)\s+"
                            r"(?P<name>[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,2})(?![\w'’-])")


# An apposition right after a body's name, set off by commas, and the noun that ends it
# (no preposition before it: ", the director of Navalny's foundation," is a person's post).


@functools.lru_cache(maxsize=4)
def _head_words(prepositions: frozenset[str]) -> str:
    """A determiner or a possessive, then up to four words none of which is one of cues.yaml
    head_prepositions, before a description's head noun ("Russia's maritime transport ")."""
    return (r"(?:the|a|an|[A-Z][\w'’-]*['’]s)\s+(?:(?!(?:" + alternation(prepositions, True)
            + r")\s)[\w'’-]+\s+){0,4}?")


@functools.lru_cache(maxsize=4)
def _described_head(prepositions: frozenset[str]) -> re.Pattern[str]:
    """Search before a name: "the state property agency, " (group 1: its head noun)."""
    return re.compile(r"(?<![\w'’-])" + _head_words(prepositions) + r"([a-z][\w-]*),?\s+\Z")


@functools.lru_cache(maxsize=4)
def _apposed_head(prepositions: frozenset[str]) -> re.Pattern[str]:
    """After a name: ", Russia's maritime transport agency," (group 1: its head noun)."""
    return re.compile(r",\s+" + _head_words(prepositions) + r"([a-z][\w-]*),")



def _office_roles(sp: Speaker) -> tuple[str, ...]:
    """The roles of a reference that name an office a side's registry entry holds ("the
    defense ministry"); the generic noun for any body ("the council", "the legion") names
    none, so it takes no side's entry by side alone."""
    return tuple(r for r in sp.roles if r != _BODY)
