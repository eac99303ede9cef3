"""Unnamed speakers ("Ukrainian officials", "a source") and the bodies they name."""

from __future__ import annotations

import functools
import re
from collections import Counter

from builder.annotate.speakers.sides import (
    SIDE_THEN_BODY,
    court_side,
    dateline_side,
    group_affiliation,
    home_agency_side,
    home_side,
    lead_side,
    local_side,
    minister_side_before,
    side_from_place,
    side_of_body_after,
    side_of_branch,
    side_of_outlet,
    side_of_outlet_told,
    side_of_owner,
    side_of_role_served,
    sole_ministry_side,
)
from builder.annotate.speakers.speaker import Speaker, body_id, slug
from builder.annotate.speakers.story_side import story_side
from builder.annotate.speakers.towns import town_at
from builder.annotate.speakers.wording import CLAUSE_STOP, gap_ok
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer
from builder.knowledge.phrases import alternation, bounded_word, lowered, whole_word
from builder.knowledge.words import find as find_phrases
from builder.knowledge.registry import SourceRegistry

_WORD_START = re.compile(r"(?<![\w'’-])[\w]")


def group_speakers(text: str, cues: Cues, registry: SourceRegistry | None = None,
                   gazetteer: Gazetteer | None = None) -> list[Speaker]:
    """Unnamed speakers ("Ukrainian officials", "a source"), grouped by the id convention of
    cues.yaml (anonymous: `<nationality>-<class>`), or the body a spokesperson speaks for."""
    out = []
    next_word = _next_word(cues.function_words)
    for head in find_phrases(cues.lists["anonymous_heads"], text):
        m = _group_at(text, head.start(), head.end(), cues)
        if m is None:
            continue
        mods = [w for w in m.group("mods").split()
                if w not in cues.not_names or w.lower() in cues.anonymous_modifiers]
        word = m.group("head").lower()
        if word in cues.anonymous_modifiers and (after := next_word.match(text, m.end())) and \
                not cues.verbs.match(lowered(after.group(1))) and \
                not gap_ok(cues, " " + after.group(1) + " "):
            continue  # "the local branch": a qualifier of the next noun, not a head
        plural = cues.anonymous_plural.get(word, word)
        dets = [d.lower() for d in m.group("det").split()]
        if dets and dets[-1] == "the" and (
                (not mods and word in cues.reference_roles)
                or " ".join([*mods, word]).lower() in cues.reference_roles) and \
                not _region_level(text, m, mods, cues):
            continue  # "the agency", "the regional administration": later references
        start = m.start("mods") if not dets else m.start()
        if cues.described_outlet.search(text, m.start("head"), m.end() + 1) and \
                cues.capital_not_weekday_next.match(text, m.end()):
            continue  # "the Ukrainian outlet RBC-Ukraine": the outlet named next speaks
        if cues.anonymous_classes.get(plural, plural) in ("media", "outlets") and \
                _RELAYED_IN.search(text, max(0, start - 16), start):
            continue  # "officials quoted in local media said": the officials speak
        if word != plural and not dets and _TITLE_THEN_NAME.match(text, m.end()):
            continue  # "Commission chief spokesperson Eric Mamer": a title before a name
        if _ITS.match(text, start) or _ITS_BEFORE.search(text, max(0, start - 5), start):
            continue  # "its researchers": a body's own people, its voice (claims: "its")
        owner = _BODYS_BEFORE.search(text, max(0, start - 40), start)
        if owner is not None and word != plural and owner.group(1) in cues.reference_roles and \
                whole_word(word).search(text, 0, owner.start()):
            continue  # "the company's chief executive" after "Energoatom's chief executive,
            # Petro Kotin,": the body's officer the text named before, not a group
        if text[start:start + 1].isupper() and _body_of_before(text, start, cues):
            continue  # "the Latvian Association of Journalists": the end of a body's name
        if _named_body_inside(text, m, cues, registry):
            continue  # "Ukraine's GUR military intelligence agency": GUR, described, speaks
        if m.group("head")[:1].isupper() and (run := _CAPITALISED_AFTER.match(text, m.end())) \
                and run.group(1) in cues.org_words:
            continue  # "the Norwegian Police Security Service": a body's name goes on
        body = _body_spoken_for(text, m, plural, cues, registry)
        members_of = _body_of_members(text, m, plural, cues, registry)
        if members_of is not None:  # a group, so "they" may stand for it
            out.append(Speaker(start, m.end(), members_of.id, "group", members_of.name,
                               members_of.kind, members_of.affiliation))
            continue
        if body is not None:
            out.append(Speaker(start, m.end(), body.id, body.type, body.name, body.kind,
                               body.affiliation, singular=word != plural))
            continue
        affiliation = group_affiliation(mods, cues)
        if affiliation == "unknown":
            affiliation = side_of_owner(text, m, registry)  # "Putin's spokesman"
        if affiliation == "unknown":
            affiliation = side_from_place(text, start, m.end(), cues, gazetteer)
        elif gazetteer is not None and all(cues.affiliation(w) in (None, cues.affiliation(
                "local")) for w in mods) and any(w.lower() == "local" for w in mods):
            affiliation = local_side(text, start, m.end(), cues, gazetteer)  # "in Yekaterinburg"
        if affiliation == "unknown" and registry is not None and \
                _in_the_ministry(cues.ministry_prepositions).match(text, m.end()):
            # "a source at the ministry": the one named before
            affiliation = minister_side_before(text, start, registry)
            if affiliation == "unknown":  # none: the government of the lead's first person
                affiliation = lead_side(text, registry)  # ("President Andrzej Duda")
        if affiliation == "unknown" and registry is not None and \
                not cues.employer_after.match(text, m.end()):  # a firm's staff: no side of it
            affiliation = side_of_body_after(text, m.end(), registry, cues)
        if affiliation == "unknown" and (to := cues.served_body_after.match(text, m.end())) and \
                (side := SIDE_THEN_BODY.match(text, to.end() + (
                    4 if text.startswith("the ", to.end()) else 0))) is not None:
            affiliation = cues.affiliation(side.group(1)) or "unknown"  # "an adviser to the
            # Ukrainian interior minister": the side of the one served
        if affiliation == "unknown" and registry is not None and \
                (to := cues.served_body_after.match(text, m.end())) is not None:
            affiliation = side_of_role_served(text, to.end(), registry, cues, gazetteer)
        unit = cues.sided_unit_after.match(text, m.end()) if affiliation == "unknown" else None
        if unit is not None:
            affiliation = cues.affiliation(unit.group(1)) or "unknown"  # "Soldiers of a
            # Russian penal assault company": the unit's side
        if affiliation == "unknown":
            affiliation = home_side(text, start, cues)  # "the country's largest banks"
        if affiliation == "unknown" and cues.local_body_after.match(text, m.end()):
            affiliation = local_side(text, start, m.end(), cues, gazetteer)  # "regional police"
        if affiliation == "unknown" and any(w.lower() in cues.anonymous_placed for w in mods):
            affiliation = local_side(text, start, m.end(), cues, gazetteer)  # "regional
            # officials said": the region the story is in
        if affiliation == "unknown" and cues.placed_after.match(text, m.end()):
            affiliation = local_side(text, start, m.end(), cues, gazetteer, fallback=False)
            # "Police in the region said": the places the story is in, when it names some
        lone = [w.lower() for w in mods if w.lower() not in cues.ranks]
        if affiliation == "unknown" and len(lone) == 1 and lone[0] in cues.anonymous_lone_sides \
                and not _ADJECTIVE_BEFORE.search(text, max(0, start - 20), start):
            affiliation = cues.anonymous_lone_sides[lone[0]]  # "administration officials"
        if affiliation == "unknown" and registry is not None:
            affiliation = side_of_outlet_told(text, m.end(), registry, cues)
        if affiliation == "unknown" and registry is not None and (
                _of_government(m, cues) or cues.government_after.match(text, m.end())):
            # "government sources", in a wire story on its own premier
            affiliation = lead_side(text, registry)
            # or "a source in the agriculture ministry": the lead's government
            if affiliation == "unknown":  # else the wire dateline's: "SEOUL, April 11 (Yonhap)
                affiliation = dateline_side(text, cues, gazetteer)  # -- A presidential official"
            if affiliation == "unknown" and \
                    _in_the_ministry(cues.ministry_prepositions).match(text, m.end()):
                affiliation = sole_ministry_side(text, registry)  # "A source in the ministry"
        if affiliation == "unknown" and registry is not None:
            affiliation = side_of_outlet(text, start, m, registry, cues)
        if affiliation == "unknown" and plural == "officials" and registry is not None:
            affiliation = home_agency_side(text, cues, gazetteer, registry)  # "New Delhi, Mar
            # 8 (PTI) ... officials said": India's, in India's own agency's copy
        if affiliation == "unknown":
            affiliation = side_of_branch(text, start, mods, cues)  # "A senior air-force
            # officer" after "Ukraine's air force has improvised ...": Ukraine's
        if affiliation == "unknown" and registry is not None and \
                cues.anonymous_classes.get(plural) in cues.anonymous_story_sided:
            affiliation = story_side(text, cues, gazetteer, registry)  # "MUMBAI: ...
            # official sources said": the people of the country the story is about
        if affiliation == "unknown" and gazetteer is not None and \
                cues.anonymous_classes.get(plural) in cues.anonymous_court_sided:
            affiliation = court_side(text, cues, gazetteer)  # "A Kazan court jailed X ...
            # Prosecutors had sought six years": the court's country's
        council = _town_council(text, m, plural, cues, gazetteer)
        if council is not None:
            name, end = council
            out.append(Speaker(start, end, body_id(name, cues), "org", name, "official",
                               affiliation, built=True))
            continue
        named = _named_body(text, m, cues)
        if named is None and word in cues.placed_heads and (dets and dets[-1] == "the" or (
                m.group("mods").split() and m.group("mods").split()[0].endswith(("'s", "’s")))):
            named = _placed_administration(text, m, mods, cues, gazetteer)  # "in Sumy
            # Oblast ..., the regional military administration reported": Sumy's
        if named is not None:
            out.append(Speaker(start, m.end(), body_id(_id_form(named, cues), cues), "org", named,
                               cues.org_words.get(m.group("head"), "official"), affiliation,
                               built=True, singular=word != plural
                               and m.group("head") not in cues.org_words))
            continue  # singular: "Opposition Leader Peter Dutton" is a title before a name
        group_id, name = group_identity(mods, plural, affiliation, cues)
        end = m.end()
        familiar = cues.knowing_after.match(text, end)
        if familiar is not None and cues.anonymous_classes.get(plural) is None:
            end = familiar.end()  # "two people familiar with the matter": a voice of its own
            phrase = " ".join(familiar.group("phrase").split())
            name = f"{plural[:1].upper()}{plural[1:]} {phrase} the {familiar.group('noun')}"
            group_id = slug(name)
        out.append(Speaker(start, end, group_id, "group", name, "anonymous",
                           affiliation, built=True, definite=bool(dets) and dets[0] == "the",
                           singular=word != plural))
    return out


_ITS = re.compile(r"[Ii]ts\s")
_ITS_BEFORE = re.compile(r"(?<![\w'’-])[Ii]ts\s+$")
_BODYS_BEFORE = re.compile(r"(?<![\w'’-])[Tt]he\s+([a-z]+)['’]s\s+(?:[a-z]+\s+)?$")


@functools.lru_cache(maxsize=4)
def _next_word(function_words: frozenset[str]) -> re.Pattern[str]:
    """A lower-case word after a head (group 1), none of cues.yaml function_words."""
    return re.compile(r"\s+(?!(?:" + alternation(function_words, True) + r")\b)([a-z][a-z-]*)\b")


@functools.lru_cache(maxsize=4)
def _in_the_ministry(prepositions: frozenset[str]) -> re.Pattern[str]:
    """One of cues.yaml ministry_prepositions, then "the ministry": "a source at the ministry",
    "sources from the Ministry of Defense" too."""
    return re.compile(r"\s+(?:" + alternation(prepositions) + r")\s+the\s+[Mm]inistry\b")


_ADJECTIVE_BEFORE = re.compile(r"\b[a-z]+(?:al|ary|ial)\s+$")  # "presidential administration"


_OF_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*)\s+of\s+(?:the\s+)?$")


def _named_body_inside(text: str, m: re.Match[str], cues: Cues,
                       registry: SourceRegistry | None) -> bool:
    """A registered body named among the modifiers of a body's noun ("Russia's Rosatom
    nuclear agency", "Ukraine's GUR military intelligence agency"): the words describe it."""
    if registry is None or not cues.org_nouns.fullmatch(m.group("head").lower()):
        return False
    mods = m.group("mods")
    return any(entry.type == "org" and entry.kind != "government" and mods[n.start].isupper()
               for n in registry.find(mods) if (entry := registry.entries.get(n.id)))


def _body_of_before(text: str, start: int, cues: Cues) -> bool:
    """A body's head word and "of" right before a capitalised group noun: "Association of
    Journalists", "Union of Mothers" name the body, not an unnamed group that speaks."""
    m = _OF_BEFORE.search(text, max(0, start - 40), start)
    return m is not None and m.group(1) in cues.org_words


def _id_form(name: str, cues: Cues) -> str:
    """The spelling of a body's name its id takes (cues.yaml anonymous: body_id_forms)."""
    low = name.lower()
    for form, canonical in cues.body_id_forms.items():
        if form in low:
            return low.replace(form, canonical)
    return name


_REGION_BEFORE = re.compile(r"\b([A-Z][\w'’-]+)\s+(?:Oblast|[Rr]egion|[Pp]rovince)\b")


def _regions_in_sentence(text: str, at: int) -> set[str]:
    """The regions ("Sumy Oblast", "the Sumy region") named in the sentence before `at`."""
    lo = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at), 0)
    return {r.group(1) for r in _REGION_BEFORE.finditer(text, lo, at)}


def _region_level(text: str, m: re.Match[str], mods: list[str], cues: Cues,
                  regions: set[str] | None = None) -> bool:
    """"In the Sumy region, the military administration warned": a body of cues.yaml
    placed_heads whose words with "regional" before them make a regional body's name
    (cues.yaml anonymous body_id_forms), in a sentence that names one region before it, is
    that region's. `regions`: the sentence's (_regions_in_sentence), when already known."""
    regional = " ".join(["regional", *mods, m.group("head")]).lower()
    if m.group("head").lower() not in cues.placed_heads or regional not in cues.body_id_forms:
        return False
    return len(regions if regions is not None else _regions_in_sentence(text, m.start())) == 1


def _placed_administration(text: str, m: re.Match[str], mods: list[str], cues: Cues,
                           gazetteer: Gazetteer | None = None) -> str | None:
    """"the regional military administration" in a sentence that names one oblast before it
    ("in Sumy Oblast"): that oblast's administration, named as its own name would be; "the
    town administration": the administration of the town the story is in."""
    if mods and mods[0][:1].isupper() and mods[0].endswith(("'s", "’s")) and len(mods[0]) > 3:
        words = " ".join(w[:1].upper() + w[1:] for w in [*mods[1:], m.group("head")])
        return f"{mods[0][:-2]} {words}"  # "Kherson's military administration"
    if len(mods) == 1 and mods[0].lower() in cues.town_kinds and gazetteer is not None:
        town = town_at(text, m.start(), m.start(), cues, gazetteer)
        return f"{town} {m.group('head').capitalize()}" if town else None
    regions = _regions_in_sentence(text, m.start())
    if not mods or mods[0].lower() not in ("regional", "oblast"):
        if not _region_level(text, m, mods, cues, regions):
            return None
        mods = ["regional", *mods]  # "In the Sumy region, the military administration"
    if not regions:  # none in the sentence: the region the article has named so far, or
        # of several, the one whose name (its town's too) the text has printed most
        named = {r.group(1) for r in _REGION_BEFORE.finditer(text, 0, m.start())}
        ranked = Counter({r: len(bounded_word(r, False).findall(text, 0, m.start()))
                          for r in named}).most_common(2)
        if len(ranked) == 1 or len(ranked) == 2 and ranked[0][1] > ranked[1][1]:
            regions = {ranked[0][0]}
    if len(regions) != 1:
        return None
    words = " ".join(w[:1].upper() + w[1:] for w in [*mods, m.group("head")])
    return f"{regions.pop()} {words}"


_IN_THE_TOWN = (re.compile(r"\s+in\s+the\s+([a-z]+)\b"),  # "in the city", "in the besieged city"
                re.compile(r"\s+in\s+the\s+[a-z]+\s+([a-z]+)\b"))


def _town_council(text: str, m: re.Match[str], plural: str, cues: Cues,
                  gazetteer: Gazetteer | None) -> tuple[str, int] | None:
    """"officials in the besieged city": the council of the town the story is in (cues.yaml
    anonymous: town_bodies), and where the description ends."""
    if gazetteer is None or cues.anonymous_classes.get(plural) != "officials" or \
            m.group("mods").strip() or m.group("det").strip():
        return None
    place = next((p for p in (form.match(text, m.end()) for form in _IN_THE_TOWN)
                  if p is not None and p.group(1) in cues.town_bodies), None)
    if place is None:
        return None
    town = town_at(text, m.start(), m.start(), cues, gazetteer)
    return (f"{town} {cues.town_bodies[place.group(1)]}", place.end()) if town else None


# Capitalised words right after a group's head, the last captured: "Police| Security Service".
_CAPITALISED_AFTER = re.compile(r"(?:\s+[A-Z][\w'’-]*){0,3}\s+([A-Z][\w'’-]*)(?![\w'’-])")


def _named_body(text: str, m: re.Match[str], cues: Cues) -> str | None:
    """"the Sumy Oblast Military Administration": a capitalised head after capitalised
    qualifiers names one body, not an unnamed group."""
    words = m.group("mods").split()
    head = m.group("head")
    if not words or not head[:1].isupper() or not all(w[:1].isupper() for w in words):
        return None
    if any(w in cues.not_names and w.lower() not in cues.anonymous_modifiers for w in words):
        return None
    return text[m.start("mods"):m.end()]


def group_identity(mods: list[str], plural: str, affiliation: str, cues: Cues) -> tuple[str, str]:
    """The id and display name of an unnamed group: its class ("officials", "analysts"),
    prefixed by its side when known ("western-analysts"); other qualifiers are dropped."""
    found = cues.anonymous_classes.get(plural)
    for word in mods:
        found = cues.anonymous_classes.get(f"{word.lower()} {plural}", found)
    if found is None:  # a head with no class keeps its own description
        description = " ".join([*mods, plural])
        return slug(description), description[:1].upper() + description[1:]
    if affiliation == "unknown":
        affiliation = cues.anonymous_default_sides.get(found, affiliation)
    prefix = cues.anonymous_prefixes.get(affiliation)
    if prefix is None or found in cues.anonymous_unprefixed:
        found = cues.anonymous_unsided.get(found, found) if prefix is None else found
        return slug(found), found[:1].upper() + found[1:]
    return slug(f"{prefix[0]} {found}"), f"{prefix[1]} {found}"


def _of_government(m: re.Match[str], cues: Cues) -> bool:
    """"government sources", "a senior Foreign Ministry official", "a ministry official": a
    government's people (a modifier that is a government body's word in cues.yaml org_words,
    in either case, or "government")."""
    return any(w.lower() == "government"
               or "government" in (cues.org_words.get(w), cues.org_words.get(w.capitalize()))
               for w in m.group("mods").split())


def _body_spoken_for(text: str, m: re.Match[str], plural: str, cues: Cues,
                     registry: SourceRegistry | None):
    """"A White House spokesperson": the unnamed spokesperson speaks for the body named."""
    if registry is None or plural not in cues.spokes_for_body or not m.group("mods").strip():
        return None
    mods_start, mods_end = m.span("mods")
    for hit in registry.find(text[mods_start:mods_end].rstrip()):
        entry = registry.entries[hit.id]
        if hit.start == 0 and entry.type == "org":
            return entry
    return None


def _body_of_members(text: str, m: re.Match[str], plural: str, cues: Cues,
                     registry: SourceRegistry | None):
    """"leaders of the Group of Seven": the members of an international body the registry
    lists (cues.yaml anonymous: members_for_body) speak as the body."""
    if registry is None or plural not in cues.members_for_body:
        return None
    of = _OF_THE_BODY.match(text, m.end())
    if of is None:
        return None
    hits = registry.find(text[of.end():of.end() + 60])
    entry = registry.entries[hits[0].id] if hits and hits[0].start == 0 else None
    return entry if entry is not None and entry.type == "org" and \
        entry.kind == "international" else None


_OF_THE_BODY = re.compile(r"\s+of\s+(?:the\s+)?")


def _group_at(text: str, head_start: int, head_end: int, cues: Cues) -> re.Match[str] | None:
    """The longest description ending at this head noun, within its clause (six words)."""
    lo = max(0, head_start - 70)
    stops = [m.end() for m in CLAUSE_STOP.finditer(text, lo, head_start)]
    lo = stops[-1] if stops else lo
    starts = [w.start() for w in _WORD_START.finditer(text, lo, head_start + 1)][-7:]
    for start in starts:
        m = cues.anonymous.match(text, start)
        if m and m.end() == head_end:
            return m
    return None


_RELAYED_IN = re.compile(r"\b(?:quoted|cited|interviewed)\s+(?:in|by)\s+$")
_TITLE_THEN_NAME = re.compile(r"(?:\s+[a-z][\w-]*){0,3}\s+[A-Z][a-zà-ÿ]+\s+[A-Z][a-zà-ÿ]")
