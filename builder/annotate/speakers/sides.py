"""The side an unnamed group speaks for, from the places, bodies and outlets beside it."""

from __future__ import annotations

import functools
import re

from builder.annotate.datelines import dateline_agencies
from builder.annotate.speakers.openers import PLACE_WORD, place_opener
from builder.annotate.speakers.towns import country_of, town_at
from builder.annotate.speakers.wording import SENTENCE_BREAK, sentence_begin
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer
from builder.knowledge.phrases import alternation, lowered
from builder.knowledge.registry import SourceRegistry


def side_of_branch(text: str, start: int, mods: list[str], cues: Cues) -> str:
    """The side of the armed service a modifier names (cues.yaml service_branches), from the
    last mention of that service before `start` with a side's word right before it."""
    for mod in mods:
        branch = mod.lower().replace("-", " ")
        if branch not in cues.service_branches:
            continue
        for m in reversed(list(_before_branch(branch).finditer(text, 0, start))):
            side = cues.affiliation(m.group(1))
            if side:
                return side
    return "unknown"


@functools.lru_cache(maxsize=64)
def _before_branch(branch: str) -> re.Pattern[str]:
    """A word (group 1), then the service's words (any case; hyphenated too: "air-defence")."""
    return re.compile(r"([\w'’.-]+)\s+" + re.escape(branch).replace(r"\ ", r"[\s-]") + r"\b",
                      re.IGNORECASE)


_MINISTER_BEFORE = re.compile(r"[Mm]inister\b[^.!?\n]{0,60}$")


def minister_side_before(text: str, start: int, registry: SourceRegistry) -> str:
    """"Minister of National Defence Arvydas Anusauskas told LRT ... A source at the ministry
    told BNS": the side of the last registered ministry, or registered person titled
    minister, the text names before `start`; unknown when it names none."""
    for hit in reversed(registry.find(text[:start])):
        entry = registry.entries[hit.id]
        if not entry.affiliation:
            continue
        if "ministry" in entry.roles or entry.is_person and \
                _MINISTER_BEFORE.search(text, max(0, hit.start - 60), hit.start):
            return entry.affiliation
    return "unknown"


def sole_ministry_side(text: str, registry: SourceRegistry) -> str:
    """"A source in the ministry" with no side in the lead: the side of the ministries (bodies
    with the registry role "ministry") the article names, when they are all of one side."""
    sides = {registry.entries[hit.id].affiliation for hit in registry.find(text)
             if "ministry" in registry.entries[hit.id].roles}
    return sides.pop() if len(sides) == 1 and "" not in sides and None not in sides \
        else "unknown"


_IN_PLACE_AFTER = re.compile(r"\s+(?:in|from|of)\s+(?:the\s+)?([A-Z][\w'’-]+)(?![\w'’-])")


@functools.lru_cache(maxsize=4)
def _in_place_before(openers: frozenset[str]) -> re.Pattern[str]:
    """A sentence's opening place of one word right before a group: "In Kyiv, officials"."""
    return re.compile(r"(?:^|[.!?]\s+|\n)" + place_opener(openers, PLACE_WORD) + r"\s+$")


_ROLE_AFTER = re.compile(r"the\s+([a-z]+(?:\s+[a-z]+)?)\b")


def side_of_role_served(text: str, at: int, registry: SourceRegistry, cues: Cues,
                         gazetteer: Gazetteer | None) -> str:
    """"an adviser to the president": the side of the first registered person the article
    names who holds the role (cues.yaml reference_roles, registry roles), else the side of
    the dateline's city; unknown for any other words."""
    m = _ROLE_AFTER.match(text, at)
    roles = None
    if m is not None:
        words = m.group(1).split()
        roles = cues.reference_roles.get(m.group(1)) or cues.reference_roles.get(words[0])
    if not roles:
        return "unknown"
    for hit in registry.find(text):
        entry = registry.entries[hit.id]
        if entry.is_person and entry.affiliation and set(roles) & set(entry.roles):
            return entry.affiliation
    return dateline_side(text, cues, gazetteer)


def side_of_body_after(text: str, end: int, registry: SourceRegistry, cues: Cues) -> str:
    """"a source in the Kremlin", "officials close to the Defence Ministry": the body's side;
    "a source in the Russian security services": the side its first word names."""
    m = cues.body_after.match(text, end)  # cues.yaml: body_prepositions
    if m is None:
        return "unknown"
    hits = registry.find(text[m.end():m.end() + 60])
    if hits and hits[0].start == 0:
        entry = registry.get(hits[0].id)
        if entry is not None and entry.affiliation:
            return entry.affiliation
    described = SIDE_THEN_BODY.match(text, m.end())
    if described is not None and cues.affiliation(described.group(1)):
        return cues.affiliation(described.group(1)) or "unknown"
    return _side_of_body_referred(text, end, m.end(), registry, cues)


def _side_of_body_referred(text: str, end: int, at: int, registry: SourceRegistry,
                           cues: Cues) -> str:
    """"a source in the ministry" after "The Russian Defense Ministry said": the side of the
    last registered body the text named before that holds the reference's role, else of the
    first one it names after."""
    if not text.startswith(("the ", "The "), at - 4):
        return "unknown"
    ref = cues.references.match(lowered(text), at)
    roles = set(cues.reference_roles.get(" ".join(ref.group().lower().split()), ())) \
        if ref is not None and not text[ref.end():ref.end() + 1].isalnum() else set()
    if not roles:
        return "unknown"
    if roles == {"government"} and (home := lead_side(text, registry, True)) != "unknown":
        return home  # "Sources close to the government": the lead's government, not the last
        # one named in passing ("Japan's government says ..." before "the Russian government")
    before = reversed(registry.find(text[max(0, end - _REFERRED_REACH):end]))
    after = registry.find(text[end:end + _REFERRED_REACH])
    for hit in (*before, *after):
        entry = registry.entries[hit.id]
        if not entry.is_person and roles & set(entry.roles) and entry.affiliation:
            return entry.affiliation
    return _article_side(text, registry, cues)


def _article_side(text: str, registry: SourceRegistry, cues: Cues) -> str:
    """The side most of the article's registered sources are on (more than half of those
    with a side): whose "Defence Ministry" an unqualified one is in a story about one side."""
    counts: dict[str, int] = {}
    for hit in registry.find_in_article(text):
        side = registry.entries[hit.id].affiliation
        if side in cues.anonymous_prefixes:
            counts[side] = counts.get(side, 0) + 1
    top = max(counts, key=lambda k: counts[k], default=None)
    return top if top is not None and 2 * counts[top] > sum(counts.values()) else "unknown"


_REFERRED_REACH = 2000  # characters before an unnamed group that its body was named in


SIDE_THEN_BODY = re.compile(r"([A-Z][\w'’.-]+)\s+[a-z]+")  # "the Russian security services"


_LEAD = 1200  # characters: the dateline and first paragraphs


def local_side(text: str, start: int, end: int, cues: Cues,
                gazetteer: Gazetteer | None, fallback: bool = True) -> str:
    """The side of a "local" voice: the place named beside it, else the dateline's, else the
    country of the town the article's lead names most, else (with `fallback`) the archive's
    default for "local"."""
    default = (cues.affiliation("local") or "unknown") if fallback else "unknown"
    placed = side_from_place(text, start, end, cues, gazetteer)
    if placed != "unknown" or gazetteer is None:
        return placed if placed != "unknown" else default
    dated = dateline_side(text, cues, gazetteer)
    if dated != "unknown":
        return dated  # "URALSK, Kazakhstan – ...": the story is where its dateline puts it
    town = town_at(text[:_LEAD], 0, 0, cues, gazetteer)  # the lead says where the story is
    country = country_of(town, gazetteer) if town else ""
    return cues.place_sides.get(country) or default


_DATELINE_CITY = re.compile(r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})(?:,| [-–—])")
_WIRE_DATELINE_CITY = re.compile(  # "New Delhi, Mar 8 (PTI)", "Tokyo, April 5 (Jiji Press)--"
    r"([A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){0,2}), [A-Z][a-z]{2,8}\.? \d{1,2} \([A-Z]")


def home_agency_side(text: str, cues: Cues, gazetteer: Gazetteer | None,
                     registry: SourceRegistry) -> str:
    """The dateline's side when the agency the dateline names is of that side ("New Delhi,
    Mar 8 (PTI)": a national agency writing at home), else unknown."""
    side = dateline_side(text, cues, gazetteer)
    if side == "unknown":
        return side
    return side if any(entry.affiliation == side for entry in dateline_agencies(text, registry)) \
        else "unknown"


@functools.lru_cache(maxsize=4)
def _court_noun(nouns: frozenset[str]) -> re.Pattern[str]:
    """One of cues.yaml anonymous court_nouns as a word (on lower case)."""
    return re.compile(r"(?<![\w'’-])(?:" + alternation(nouns, True) + r")(?![\w'’-])")


def court_side(text: str, cues: Cues, gazetteer: Gazetteer) -> str:
    """The side of the court a story is about: the country of the town named most (the
    first of equals) in the first sentence that names a court (cues.yaml anonymous
    court_nouns) and a town ("A Kazan court on Tuesday jailed ...", "... at a trial in
    Zhytomyr"), by cues.yaml place_sides; unknown when no such sentence names one."""
    if not cues.anonymous_court_nouns:
        return "unknown"
    low = lowered(text)
    done = -1
    for m in _court_noun(cues.anonymous_court_nouns).finditer(low):
        if m.start() < done:
            continue
        begin = sentence_begin(text, m.start(), 400)
        stop = SENTENCE_BREAK.search(text, m.end())
        done = stop.end() if stop is not None else len(text)
        town = town_at(text[begin:done], 0, 0, cues, gazetteer)
        if town:
            return cues.place_sides.get(country_of(town, gazetteer), "unknown")
    return "unknown"


def dateline_side(text: str, cues: Cues, gazetteer: Gazetteer | None) -> str:
    """The side of the city in a dateline that opens the article, in capitals ("SEOUL, April
    11 (Yonhap) --", "BRUSSELS —") or as a wire prints it before the date and its own name
    ("New Delhi, Mar 8 (PTI)"): cues.yaml place_sides, else the country the gazetteer puts
    the city in; unknown when the article opens with no dateline."""
    m = _DATELINE_CITY.match(text) or _WIRE_DATELINE_CITY.match(text)
    return "unknown" if m is None else city_side(text, m, cues, gazetteer)


def city_side(text: str, m: re.Match[str], cues: Cues, gazetteer: Gazetteer | None) -> str:
    """The side of the dateline city `m` (group 1) names: cues.yaml place_sides, else the
    country the gazetteer (or the dateline itself: "URALSK, Kazakhstan –") puts it in."""
    name = m.group(1).title()
    if name in cues.place_sides:
        return cues.place_sides[name]
    country = country_of(name, gazetteer) if gazetteer is not None else ""
    if not country and (named := _DATELINE_COUNTRY.match(text, m.end(1))):
        country = named.group(1)  # "URALSK, Kazakhstan –": a town the gazetteer lacks
    if country not in cues.place_sides and country in cues.anonymous_prefixes:
        return country  # "New Delhi, Mar 8 (PTI)": India, a side with its own groups' ids
    return cues.place_sides.get(country, "unknown")


_DATELINE_COUNTRY = re.compile(r",\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+[-–—]")


def side_from_place(text: str, start: int, end: int, cues: Cues,
                     gazetteer: Gazetteer | None = None) -> str:
    """"officials in Georgia said", "In Kyiv, officials described": the side of the place
    the group speaks from (cues.yaml: anonymous place_sides, or the country a town of the
    gazetteer lies in), else unknown."""
    after = _IN_PLACE_AFTER.match(text, end)
    before = _in_place_before(cues.country_openers).search(text, max(0, start - 40), start)
    for found in (after, before):
        if found is None:
            continue
        if found.group(1) in cues.place_sides:
            return cues.place_sides[found.group(1)]
        country = country_of(found.group(1), gazetteer) if gazetteer is not None else ""
        if country in cues.place_sides:
            return cues.place_sides[country]
    return "unknown"


_HOME_BEFORE = re.compile(r"\b(?:country|nation)['’]s\s+(?:[a-z]+\s+){0,2}$")
# The story's opening subject: "Latvia's National ... Council revoked", "Poland will".
_OPENING = re.compile(r"\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:['’]s\s| [a-z])")


def opening_side(text: str, cues: Cues) -> str | None:
    """The side of the country the story opens with as its subject ("Lithuania's broadcasting
    watchdog on Monday fined ...", "Slovakia will give ..."), or None."""
    opening = _OPENING.match(text)
    return cues.country_side(opening.group(1)) if opening else None


def home_side(text: str, start: int, cues: Cues) -> str:
    """"Two of the country's largest cable operators": the side of the country the story
    opens with as its subject (opening_side)."""
    if _HOME_BEFORE.search(text, max(0, start - 40), start) is None:
        return "unknown"
    return opening_side(text, cues) or "unknown"


def lead_side(text: str, registry: SourceRegistry, governments: bool = False) -> str:
    """The side of the first registered person the lead names: whose government an unsided
    "government source" in the story speaks for; with `governments`, a registered government
    the lead names before any person counts too ("Japan's government says ..., after
    President Vladimir Putin signed": Japan's)."""
    for hit in registry.find(text[:_LEAD // 3]):
        entry = registry.entries[hit.id]
        if entry.affiliation and (entry.is_person or (
                governments and "government" in entry.roles and entry.kind == "government")):
            return entry.affiliation
    return "unknown"


def side_of_owner(text: str, m: re.Match[str], registry: SourceRegistry | None) -> str:
    """"Putin's spokesman", "Zelensky's aides": the side of the registered person whose
    possessive qualifies the unnamed group."""
    if registry is None or not m.group("mods").strip():
        return "unknown"
    mods_start, mods_end = m.span("mods")
    for hit in registry.find(text[mods_start:mods_end].rstrip()):
        entry = registry.entries[hit.id]
        if entry.type == "person" and entry.affiliation and \
                text.startswith(("'s", "’s"), mods_start + hit.end):
            return entry.affiliation
    return "unknown"


_CITING_BEFORE = re.compile(r"\b(?:citing|quoting|cited|quoted)\s+$")
# Where the last sentence before the end of the searched window begins (the window's start
# when it holds no sentence break).
_LAST_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n)(?=[^.!?\n]*$)")


def side_of_outlet(text: str, start: int, m: re.Match[str], registry: SourceRegistry,
                    cues: Cues) -> str:
    """"TASS reported, citing a source in the fleet's command", "Izvestia's source": the side
    of a national outlet (cues.yaml anonymous: outlet_sides) that cites the unnamed source."""
    mods_start, mods_end = m.span("mods")
    owners = [h for h in registry.find(text[mods_start:mods_end].rstrip())
              if text.startswith(("'s", "’s"), mods_start + h.end)]
    if not owners and _CITING_BEFORE.search(text, max(0, start - 12), start):
        lo = _LAST_SENTENCE_START.search(text, max(0, start - 200), start)
        owners = registry.find(text[lo.end() if lo else max(0, start - 200):start])
    for hit in reversed(owners):
        entry = registry.entries[hit.id]
        if entry.kind == "media" and entry.affiliation in cues.outlet_sides:
            return entry.affiliation
    return "unknown"


_TOLD_AFTER = re.compile(r"[^.;:“”\"]{0,60}?\btold\s+(?:the\s+)?")


def side_of_outlet_told(text: str, end: int, registry: SourceRegistry, cues: Cues) -> str:
    """"Sources close to the government told RBC": the side of the national outlet (cues.yaml
    anonymous: outlet_sides) the unnamed source spoke to, as one that cites it."""
    told = _TOLD_AFTER.match(text, end)
    if told is None:
        return "unknown"
    for hit in registry.find(text[told.end():told.end() + 40]):
        entry = registry.entries[hit.id]
        if hit.start == 0 and entry.kind == "media" and entry.affiliation in cues.outlet_sides:
            return entry.affiliation
    return "unknown"


def group_affiliation(mods: list[str], cues: Cues) -> str:
    """The side a group's qualifiers name ("Ukrainian officials"; "a State Department
    official": two words), else unknown."""
    for i, word in enumerate(mods):
        found = cues.affiliation(word) or (  # "a State Department official": two words
            cues.affiliation(f"{word} {mods[i + 1]}") if i + 1 < len(mods) else None)
        if found:
            return found
    return "unknown"
