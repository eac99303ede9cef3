"""The speakers a claims pass reads: registry and built names, later references, offices."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from builder.annotate.speakers import Speaker, body_kind
from builder.annotate.speakers.towns import place_named
from builder.knowledge.phrases import alternation, lowered, normalise
from builder.knowledge.words import Phrases, find_before, find_printed, first_words
from builder.knowledge.words import find_printed_any_case
from builder.knowledge.words import find as find_phrases
from builder.model import Source
from builder.annotate.resolve.shared import _AGE_ROLE, _PERSON_ROLE, _THE_AGE, _TRIED, _apposed_head

if TYPE_CHECKING:
    from builder.annotate import Context
    from builder.knowledge.cues import Cues
    from builder.knowledge.registry import SourceRegistry

_OWNER_BEFORE = re.compile(r"['’]s\s+$")
_THE_ROLE = re.compile(  # "the foreign minister"; "Its director" (of the body just named)
    r"(?:[Tt](?<![\w'’-][\s\S])he|[Ii](?<![\w'’-][\s\S])ts)\s+(?:[A-Z][\w'’-]+\s+|([a-z]+)\s+)?"
    r"([a-z]+(?:-[a-z]+)*)(?![\w'’-])")
_MODIFIED = re.compile(r"(?<![\w'’])(?:the|its|their)\s+([a-z][a-z-]{2,})\s+$")
_OF_THE = re.compile(r"\s+of\s+the\s+")
_CAPITAL_OR_OF_NEXT = re.compile(r"\s+(?:[A-Z]|of\b)")  # "the mayor Vitali", "the mayor of"
_NAME_NEXT = re.compile(r",? [A-Z]")  # "the French president Emmanuel Macron": a name follows
# "The Taoiseach said"
_THE_TITLE = re.compile(r"[Tt](?<![\w'’-][\s\S])he\s+((?:[A-Z][a-zá-ú]+\s+){0,2}?[A-Z][a-zá-ú]+"
                        r"(?:\s+of\s+[A-Z][a-zá-ú]+)?)(?=\s+[a-z])")  # "The Secretary of State"
# (the no-word-before check after the T, as in _THE_ROLE: the engine skips from one t to the next)
_OF_NAME = re.compile(r"\s+of\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?![\w'’-])")
_PLACE_ROLE = re.compile(  # no word just before: checked after the capital (see _THE_AGE)
    r"([A-Z](?<![\w'’-][\s\S])[\w-]+)['’]s\s+([a-z]+)(?![\w'’-])")
_BODY_ROLE = re.compile(  # "the company's chief executive": a body's officer (no word just
    # before "the": checked after its first letter, see _THE_AGE)
    r"[Tt](?<![\w'’-][\s\S])he\s+([a-z]+)['’]s\s+([a-z]+)(?:\s+([a-z]+))?(?![\w'’-])")
_NAME_AFTER = re.compile(r",\s+[A-Z]")  # "Kyiv's mayor, Vitali Klitschko,"
# Where a role's holder is posted, after the role: "Kyiv's envoy in Lisbon", "to Chile"
_POSTED_IN = re.compile(r"\s+(?:in|to)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
                        r"(?![\w'’-])(?!\s+[A-Z])")
# The patterns above that start with "the" (no word before it), tried only where it stands
_THE = frozenset({"the"})
_AT_THE_AGE, _AT_BODY_ROLE, _AT_THE_TITLE = (
    Phrases(p, _THE) for p in (_THE_AGE, _BODY_ROLE, _THE_TITLE))
_AT_THE_ROLE = Phrases(_THE_ROLE, frozenset({"the", "its"}))
_AGED_ROLE = re.compile(r"\s+([a-z]+)(?:\s+([a-z]+))?")  # " mother of" after "the 34-year-old"
_CAPITAL_NEXT = re.compile(r"\s+[A-Z]")


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


def speakers_for_claims(ctx: Context, sources: tuple[Source, ...]) -> list[Speaker]:
    """The candidate sources' mentions, plus references, documents, pronouns and metonyms."""
    text, cues, registry = ctx.text, ctx.knowledge.cues, ctx.knowledge.sources
    low = lowered(text)
    found = [_speaker(s, m.start, m.end, text, ctx) for s in sources for m in s.mentions]
    taken = sorted((sp.start, sp.end) for sp in found)
    extra: list[Speaker] = []
    for m in find_phrases(cues.lists["references"], text):
        phrase = text[m.start("a"):m.end("a")] if m.group("a") else text[m.start("b"):m.end("b")]
        if normalise(phrase).split()[-1] in cues.any_outlet and _CAPITAL_NEXT.match(text, m.end()):
            continue  # "told the newspaper Bild": the outlet's name follows, it speaks
        if m.group("b") and not phrase[:1].isupper():
            mod = _MODIFIED.search(low, max(0, m.start() - 30), m.start())
            if mod is None or not text[mod.start(1)].islower() \
                    or mod.group(1) in cues.not_modifiers \
                    or cues.documents.fullmatch(low, mod.start(), m.end()):
                continue  # "the Wagner group" is a name, "the press service" a document
            extra.append(Speaker(mod.start(), m.end(), "", "reference",
                                 text[mod.start():m.end()],
                                 roles=cues.reference_roles.get(normalise(phrase), ())))
            continue  # "the rights group", "the energy company": one modifier word
        roles = cues.reference_roles.get(normalise(phrase), ())
        extra.append(Speaker(m.start(), m.end(), "", "reference", phrase, roles=roles))
    extra.extend(Speaker(m.start(), m.end(), "", "reference", text[m.start():m.end()],
                         roles=cues.reference_roles.get(normalise(m.group("a")), ()))
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
            # "Sen. Tom Hale, R-Ohio, the panel's chairman, opened": his title)
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
    for m in find_printed_any_case(cues.printed_lists["metonyms"], text):
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


_APPOSITION_OPENS = re.compile(  # "Valery Gerasimov, " (or ", the head of ") before a reference
    r"(?<![\w'’-])(?!(?:In|At|On|From|By|For|After|Before|Near|Inside|Outside|Across)\s)"
    r"[A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’.-]+)+,\s+"
    r"(?:(?:the|a|an)\s+[^,.;:“”\"\n]*)?$")
_APPOSITION_ENDS = re.compile(r",")


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
        if len(holders) == 1 and not _NAME_NEXT.match(text[m.end():m.end() + 3]):
            # (not "the French president Emmanuel Macron": the name that follows speaks)
            e = holders[0]
            out.append(Speaker(m.start(), m.end(), e.id, "person", text[m.start():m.end()],
                               e.kind, e.affiliation))
    return out


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
            or _apposed_body(source, text, ctx) or _noun_named_body(source, text, ctx) \
            else "person"  # cues.yaml body_kinds: a body the text described as a movement ...
    words = text[start:end].split()
    if entry is not None and len(words) == 1 and \
            words[0].lower() in ctx.knowledge.cues.members_for_body:
        kind_of = "group"  # "leaders (of the G7)": a group of the body's members, "they"
    roles = entry.roles if entry else ()
    if entry is None and kind_of == "org":  # "the prosecutor's office" for a body built here
        low = source.name.lower()
        roles = tuple(r for m in ctx.knowledge.cues.references.finditer(low) if m.end() == len(low)
                      for r in ctx.knowledge.cues.reference_roles.get(normalise(m.group()), ()))
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


def _noun_named_body(source: Source, text: str, ctx: Context) -> bool:
    """A built one-word name right after a body's noun (cues.yaml org_nouns), maybe through
    one of naming_phrases ("the partisan legion Vorona said", "a protest network calling
    itself Vorona said"): a body, whatever kind its noun gave it."""
    first = source.mentions[0] if source.mentions else None
    if first is None or source.registered or " " in source.name:
        return False
    cues = ctx.knowledge.cues
    noun = _noun_before(cues.org_nouns.pattern, cues.naming_phrases)
    return noun.search(text, max(0, first.start - 80), first.start) is not None


@functools.lru_cache(maxsize=4)
def _noun_before(nouns: str, naming: frozenset[str]) -> re.Pattern[str]:
    """A body's noun, maybe a naming phrase, then the space before a name, at the end."""
    names = r"(?:\s+(?:" + alternation(naming, True) + r"))?" if naming else ""
    return re.compile(nouns + names + r"\s+$", re.IGNORECASE)


def _outlet_described(source: Source, text: str, ctx: Context) -> bool:
    """A built outlet whose first mention an apposition calls a body ("MapFront, a Ukrainian
    channel that charts the fighting, wrote") or an outlet noun follows ("the Nile Horizon
    channel"): a body, though a blogger is media too."""
    first = source.mentions[0] if source.mentions else None
    cues = ctx.knowledge.cues
    return source.kind == "media" and first is not None and (
        cues.described_org_after.match(text, first.end) is not None
        or cues.outlet_noun_after.match(text, first.end) is not None)
