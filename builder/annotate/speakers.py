"""Who may speak in a text: registry names, unnamed groups and names built from apposition."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, replace

from builder import urls
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer, key_of
from builder.knowledge.phrases import lowered, normalise
from builder.knowledge.registry import SourceRegistry

# Put after a first letter (the engine then jumps from capital to capital, instead of trying
# every place): no word goes on before it.
_ALONE = r"(?<![\w'’-][\s\S])"
_NAME = re.compile(
    r"[A-ZÀ-ÞĀ-Ž](?<![\w'’-][\s\S])(?:[\w'’-]+|(?<=[A-Z])\.)"  # no word just before
    r"(?:\s+(?:[A-ZÀ-ÞĀ-Ž][\w'’-]+|[A-Z]\.|de|van|von|der|al|bin|da|di|le|dos)){1,4}(?![\w'’])"
)
_CLAUSE_STOP = re.compile(r"(?<![A-Z])\.\s|[;:!?()“”\"‘\[\]—–\n]|,")
_PARENTHETICAL = re.compile(r"\s*(?:,|–|—|-|\()\s*$")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A stretch of text that names a possible source.

    type: person | org | group (anonymous) ; id: the source id it names.
    built: True for a name + apposition not in the registry.
    """

    start: int
    end: int
    id: str
    type: str
    name: str = ""
    kind: str = ""
    affiliation: str = ""
    built: bool = False
    definite: bool = False  # "the source" (a group named earlier), not "a source"
    singular: bool = False
    roles: tuple[str, ...] = ()  # for a later reference ("the ministry"): roles it may take


@functools.lru_cache(maxsize=4096)  # the same few descriptions come back in every article
def slug(text: str) -> str:
    """A lowercase ASCII id from a description, made as every id is (urls.slugify): accents
    are dropped, not their letters ("Péter Szijjártó" -> peter-szijjarto); "U.S." is "us"."""
    return urls.slugify(text.replace(".", ""), fallback="source")


def gap_ok(cues: Cues, gap: str) -> bool:
    """The words between a speaker and its verb allow them to belong together."""
    return bool(cues.subject_gap.fullmatch(gap))


def skip_parenthetical(text: str, start: int, pos: int) -> int:
    """Before `pos`, skip one ", apposition," / "– aside –" / "(aside)" back to its opener."""
    before = text[start:pos]
    closing = _PARENTHETICAL.search(before)
    if not closing:
        return pos
    mark = closing.group().strip()
    opener = {")": "(", ",": ",", "–": "–", "—": "—", "-": "-"}.get(mark, mark)
    if mark == "(":
        return pos
    inner_end = start + closing.start()
    found = text.rfind(opener if mark != ")" else "(", start, inner_end)
    if found < 0 or inner_end - found > 160:
        return pos
    return found


# --- registry, groups and built names --------------------------------------------------------


def registry_speakers(text: str, registry: SourceRegistry, cues: Cues) -> list[Speaker]:
    out = []
    named: dict[str, str] = {}  # last name -> the registered person the text named in full
    for hit in registry.find_in_article(text):
        if hit.surname and _follows_name_word(text, hit.start, cues):
            continue  # "Volodymyr Tymoshenko" is not the registry's other Tymoshenko
        if hit.surname and _name_word_after(text, hit.end, cues):
            continue  # "Pavel Drozdov": a first name that is a registered person's last name
        entry = registry.entries[hit.id]
        if entry.type == "org" and _other_side_before(text, hit.start, entry.affiliation, cues):
            continue  # "the Japanese Foreign Office" is not the registry's British one
        if entry.type == "org" and (at := _AT_BEFORE.search(text, max(0, hit.start - 8),
                                                             hit.start)) \
                and not text.startswith(("'s", "’s"), hit.end) \
                and not _members_before(text, at.start(), cues):
            continue  # "welcomed him at the Elysee and later said": a place, no speaker
        if hit.surname and named.get(text[hit.start:hit.end], hit.id) != hit.id:
            entry = registry.entries[named[text[hit.start:hit.end]]]  # "Mike Johnson ...
            # a spokesperson for Johnson": the Johnson named in full, not the registry's other
        elif not hit.surname and entry.is_person and len(entry.name.split()) >= 2:
            named.setdefault(entry.name.split()[-1], entry.id)
        out.append(Speaker(hit.start, hit.end, entry.id, entry.type, entry.name, entry.kind,
                           entry.affiliation))
    return out


_WORD_BEFORE = re.compile(r"([\w'’.-]+)\s+$")


def _other_side_before(text: str, start: int, affiliation: str, cues: Cues) -> bool:
    """A side's word right before a body's name that names another side."""
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    side = cues.affiliation(m.group(1)) if m else None
    return bool(side and affiliation and side != affiliation
                and side in cues.anonymous_prefixes and affiliation in cues.anonymous_prefixes)


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
        and prev.rstrip(".") not in {t.rstrip(".") for t in cues.titles}


_NAME_WORD_BEFORE = re.compile(r"([\w'’.-]+) $")
_NAME_WORD_AFTER = re.compile(r" ([A-ZÀ-ÞĀ-Ž][a-zà-ÿ][\w'’-]*)(?![\w'’.-])")


def _name_word_after(text: str, end: int, cues: Cues) -> bool:
    """A capitalised word of a name right after (one space, no punctuation): the hit is the
    first name of another person, not the registered person's last name."""
    m = _NAME_WORD_AFTER.match(text, end)
    if not m:
        return False
    word = m.group(1)
    return word not in cues.not_names and not cues.affiliation(word) and \
        word not in cues.titles and word + "." not in cues.titles  # (no dot in `word`)


_WORD_START = re.compile(r"(?<![\w'’-])[\w]")


def group_speakers(text: str, cues: Cues, registry: SourceRegistry | None = None,
                   gazetteer: Gazetteer | None = None) -> list[Speaker]:
    """Unnamed speakers ("Ukrainian officials", "a source"), grouped by the id convention of
    cues.yaml (anonymous: `<nationality>-<class>`), or the body a spokesperson speaks for."""
    out = []
    for head in cues.anonymous_heads.finditer(lowered(text)):
        m = _group_at(text, head.start(), head.end(), cues)
        if m is None:
            continue
        mods = [w for w in m.group("mods").split()
                if w not in cues.not_names or w.lower() in cues.anonymous_modifiers]
        word = m.group("head").lower()
        if word in cues.anonymous_modifiers and (after := _NEXT_WORD.match(text, m.end())) and \
                not cues.verbs.match(lowered(after.group(1))) and \
                not gap_ok(cues, " " + after.group(1) + " "):
            continue  # "the local branch": a qualifier of the next noun, not a head
        plural = cues.anonymous_plural.get(word, word)
        dets = [d.lower() for d in m.group("det").split()]
        if dets and dets[-1] == "the" and (
                (not mods and word in cues.reference_roles)
                or " ".join([*mods, word]).lower() in cues.reference_roles):
            continue  # "the agency", "the regional administration": later references
        start = m.start("mods") if not dets else m.start()
        if cues.described_outlet.search(text, m.start("head"), m.end() + 1) and \
                _NAME_NEXT.match(text, m.end()):
            continue  # "the Ukrainian outlet RBC-Ukraine": the outlet named next speaks
        if cues.anonymous_classes.get(plural, plural) in ("media", "outlets") and \
                _RELAYED_IN.search(text, max(0, start - 16), start):
            continue  # "officials quoted in local media said": the officials speak
        if word != plural and not dets and _TITLE_THEN_NAME.match(text, m.end()):
            continue  # "Commission chief spokesperson Eric Mamer": a title before a name
        if _ITS.match(text, start) or _ITS_BEFORE.search(text, max(0, start - 5), start):
            continue  # "its researchers": a body's own people, its voice (claims: "its")
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
        affiliation = _group_affiliation(mods, cues)
        if affiliation == "unknown":
            affiliation = _side_of_owner(text, m, registry)  # "Putin's spokesman"
        if affiliation == "unknown":
            affiliation = _side_from_place(text, start, m.end(), cues, gazetteer)
        elif gazetteer is not None and all(cues.affiliation(w) in (None, cues.affiliation(
                "local")) for w in mods) and any(w.lower() == "local" for w in mods):
            affiliation = _local_side(text, start, m.end(), cues, gazetteer)  # "in Yekaterinburg"
        if affiliation == "unknown" and registry is not None and \
                not cues.employer_after.match(text, m.end()):  # a firm's staff: no side of it
            affiliation = _side_of_body_after(text, m.end(), registry, cues)
        if affiliation == "unknown" and (to := cues.served_body_after.match(text, m.end())) and \
                (side := _SIDE_THEN_BODY.match(text, to.end() + (
                    4 if text.startswith("the ", to.end()) else 0))) is not None:
            affiliation = cues.affiliation(side.group(1)) or "unknown"  # "an adviser to the
            # Ukrainian interior minister": the side of the one served
        if affiliation == "unknown" and registry is not None and \
                (to := cues.served_body_after.match(text, m.end())) is not None:
            affiliation = _side_of_role_served(text, to.end(), registry, cues, gazetteer)
        unit = cues.sided_unit_after.match(text, m.end()) if affiliation == "unknown" else None
        if unit is not None:
            affiliation = cues.affiliation(unit.group(1)) or "unknown"  # "Soldiers of a
            # Russian penal assault company": the unit's side
        if affiliation == "unknown" and cues.local_body_after.match(text, m.end()):
            affiliation = _local_side(text, start, m.end(), cues, gazetteer)  # "regional police"
        lone = [w.lower() for w in mods if w.lower() not in cues.ranks]
        if affiliation == "unknown" and len(lone) == 1 and lone[0] in cues.anonymous_lone_sides \
                and not _ADJECTIVE_BEFORE.search(text, max(0, start - 20), start):
            affiliation = cues.anonymous_lone_sides[lone[0]]  # "administration officials"
        if affiliation == "unknown" and registry is not None:
            affiliation = _side_of_outlet_told(text, m.end(), registry, cues)
        if affiliation == "unknown" and registry is not None and (
                _of_government(m, cues) or _GOVERNMENT_AFTER.match(text, m.end())):
            # "government sources", in Kyodo's Kishida story
            affiliation = _lead_side(text, registry)
            # or "a source in the agriculture ministry": the lead's government
            if affiliation == "unknown":  # else the wire dateline's: "SEOUL, April 11 (Yonhap)
                affiliation = _dateline_side(text, cues, gazetteer)  # -- A presidential official"
            if affiliation == "unknown" and _IN_THE_MINISTRY.match(text, m.end()):
                affiliation = _sole_ministry_side(text, registry)  # "A source in the ministry"
        if affiliation == "unknown" and registry is not None:
            affiliation = _side_of_outlet(text, start, m, registry, cues)
        if affiliation == "unknown":
            affiliation = _side_of_branch(text, start, mods, cues)  # "A senior air-force
            # officer" after "Ukraine's air force has improvised ...": Ukraine's
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
        familiar = _FAMILIAR.match(text, end)
        if familiar is not None and cues.anonymous_classes.get(plural) is None:
            end = familiar.end()  # "two people familiar with the matter": a voice of its own
            name = f"{plural[:1].upper()}{plural[1:]} familiar with the {familiar.group(1)}"
            group_id = slug(name)
        out.append(Speaker(start, end, group_id, "group", name, "anonymous",
                           affiliation, built=True, definite=bool(dets) and dets[0] == "the",
                           singular=word != plural))
    return out


_ITS = re.compile(r"[Ii]ts\s")
_ITS_BEFORE = re.compile(r"(?<![\w'’-])[Ii]ts\s+$")
_NEXT_WORD = re.compile(  # a lower-case word after a head, not a function word
    r"\s+(?!(?:on|in|at|of|for|to|from|with|by|and|or|but|nor|that|who|whom|which|as|after|"
    r"before|over|under|about|near|into|than|then|this|these|those|the|a|an|its|their|"
    r"his|her|if|when|while|because|since|until|so)\b)([a-z][a-z-]*)\b")
_GOVERNMENT_AFTER = re.compile(
    r"\s+(?:in|at|within|inside|from|close\s+to)\s+the\s+(?:[a-z]+\s+){0,2}"
    r"(?:ministry|government|cabinet|chancellery)\b")
_IN_THE_MINISTRY = re.compile(r"\s+(?:in|at|within|inside|from|close\s+to)\s+the\s+ministry\b")


def _side_of_branch(text: str, start: int, mods: list[str], cues: Cues) -> str:
    """The side of the armed service a modifier names (cues.yaml service_branches), from the
    last mention of that service before `start` with a side's word right before it."""
    for mod in mods:
        branch = mod.lower().replace("-", " ")
        if branch not in cues.service_branches:
            continue
        pattern = re.compile(r"([\w'’.-]+)\s+" + re.escape(branch).replace(r"\ ", r"[\s-]")
                             + r"\b", re.IGNORECASE)
        for m in reversed(list(pattern.finditer(text, 0, start))):
            side = cues.affiliation(m.group(1))
            if side:
                return side
    return "unknown"


def _sole_ministry_side(text: str, registry: SourceRegistry) -> str:
    """"A source in the ministry" with no side in the lead: the side of the ministries (bodies
    with the registry role "ministry") the article names, when they are all of one side."""
    sides = {registry.entries[hit.id].affiliation for hit in registry.find(text)
             if "ministry" in registry.entries[hit.id].roles}
    return sides.pop() if len(sides) == 1 and "" not in sides and None not in sides \
        else "unknown"


_FAMILIAR = re.compile(r"\s+familiar\s+with\s+(?:the\s+)?([a-z]+)\b")
_IN_PLACE_AFTER = re.compile(r"\s+(?:in|from|of)\s+(?:the\s+)?([A-Z][\w'’-]+)(?![\w'’-])")
_IN_PLACE_BEFORE = re.compile(r"(?:^|[.!?]\s+|\n)In\s+([A-Z][\w'’-]+),\s+$")


_ROLE_AFTER = re.compile(r"the\s+([a-z]+(?:\s+[a-z]+)?)\b")


def _side_of_role_served(text: str, at: int, registry: SourceRegistry, cues: Cues,
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
    return _dateline_side(text, cues, gazetteer)


def _side_of_body_after(text: str, end: int, registry: SourceRegistry, cues: Cues) -> str:
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
    described = _SIDE_THEN_BODY.match(text, m.end())
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


_SIDE_THEN_BODY = re.compile(r"([A-Z][\w'’.-]+)\s+[a-z]+")  # "the Russian security services"


_ADJECTIVE_BEFORE = re.compile(r"\b[a-z]+(?:al|ary|ial)\s+$")  # "presidential administration"


_LEAD = 1200  # characters: the dateline and first paragraphs


def _local_side(text: str, start: int, end: int, cues: Cues,
                gazetteer: Gazetteer | None) -> str:
    """The side of a "local" voice: the place named beside it, else the dateline's, else the
    country of the town the article's lead names most, else the archive's default for "local"."""
    placed = _side_from_place(text, start, end, cues, gazetteer)
    if placed != "unknown" or gazetteer is None:
        return placed if placed != "unknown" else cues.affiliation("local") or "unknown"
    dated = _dateline_side(text, cues, gazetteer)
    if dated != "unknown":
        return dated  # "URALSK, Kazakhstan – ...": the story is where its dateline puts it
    town = _town_at(text[:_LEAD], 0, 0, cues, gazetteer)  # the lead says where the story is
    country = _country_of(town, gazetteer) if town else ""
    return cues.place_sides.get(country) or cues.affiliation("local") or "unknown"


_DATELINE_CITY = re.compile(r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})(?:,| [-–—])")


def _dateline_side(text: str, cues: Cues, gazetteer: Gazetteer | None) -> str:
    """The side of the city in a dateline that opens the article, in capitals ("SEOUL, April
    11 (Yonhap) --", "BRUSSELS —"): cues.yaml place_sides, else the country the gazetteer
    puts the city in; unknown when the article opens with no dateline."""
    m = _DATELINE_CITY.match(text)
    if m is None:
        return "unknown"
    name = m.group(1).title()
    if name in cues.place_sides:
        return cues.place_sides[name]
    country = _country_of(name, gazetteer) if gazetteer is not None else ""
    if not country and (named := _DATELINE_COUNTRY.match(text, m.end(1))):
        country = named.group(1)  # "URALSK, Kazakhstan –": a town the gazetteer lacks
    return cues.place_sides.get(country, "unknown")


_DATELINE_COUNTRY = re.compile(r",\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+[-–—]")


def _side_from_place(text: str, start: int, end: int, cues: Cues,
                     gazetteer: Gazetteer | None = None) -> str:
    """"officials in Georgia said", "In Kyiv, officials described": the side of the place
    the group speaks from (cues.yaml: anonymous place_sides, or the country a town of the
    gazetteer lies in), else unknown."""
    after = _IN_PLACE_AFTER.match(text, end)
    before = _IN_PLACE_BEFORE.search(text, max(0, start - 40), start)
    for found in (after, before):
        if found is None:
            continue
        if found.group(1) in cues.place_sides:
            return cues.place_sides[found.group(1)]
        country = _country_of(found.group(1), gazetteer) if gazetteer is not None else ""
        if country in cues.place_sides:
            return cues.place_sides[country]
    return "unknown"


def _country_of(name: str, gazetteer: Gazetteer) -> str:
    """The country a place of the gazetteer lies in ("Yekaterinburg" -> "Russia"), or ""."""
    place_id = gazetteer.names.get(key_of(name))
    entry = gazetteer.get(place_id) if place_id else None
    for _ in range(6):
        if entry is None or entry.kind == "country":
            break
        entry = gazetteer.get(entry.parent) if entry.parent else None
    return entry.name if entry is not None and entry.kind == "country" else ""


def _id_form(name: str, cues: Cues) -> str:
    """The spelling of a body's name its id takes (cues.yaml anonymous: body_id_forms)."""
    low = name.lower()
    for form, canonical in cues.body_id_forms.items():
        if form in low:
            return low.replace(form, canonical)
    return name


_REGION_BEFORE = re.compile(r"\b([A-Z][\w'’-]+)\s+(?:Oblast|[Rr]egion|[Pp]rovince)\b")


def _placed_administration(text: str, m: re.Match[str], mods: list[str], cues: Cues,
                           gazetteer: Gazetteer | None = None) -> str | None:
    """"the regional military administration" in a sentence that names one oblast before it
    ("in Sumy Oblast"): that oblast's administration, named as its own name would be; "the
    town administration": the administration of the town the story is in."""
    if mods and mods[0][:1].isupper() and mods[0].endswith(("'s", "’s")) and len(mods[0]) > 3:
        words = " ".join(w[:1].upper() + w[1:] for w in [*mods[1:], m.group("head")])
        return f"{mods[0][:-2]} {words}"  # "Kherson's military administration"
    if len(mods) == 1 and mods[0].lower() in cues.town_kinds and gazetteer is not None:
        town = _town_at(text, m.start(), m.start(), cues, gazetteer)
        return f"{town} {m.group('head').capitalize()}" if town else None
    if not mods or mods[0].lower() not in ("regional", "oblast"):
        return None
    lo = max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start()), 0)
    regions = {r.group(1) for r in _REGION_BEFORE.finditer(text, lo, m.start())}
    if not regions:  # none in the sentence: the region the article has named so far, or
        # of several, the one whose name (its town's too) the text has printed most
        named = {r.group(1) for r in _REGION_BEFORE.finditer(text, 0, m.start())}
        ranked = Counter({r: len(re.findall(r"\b" + re.escape(r) + r"\b", text[:m.start()]))
                          for r in named}).most_common(2)
        if len(ranked) == 1 or len(ranked) == 2 and ranked[0][1] > ranked[1][1]:
            regions = {ranked[0][0]}
    if len(regions) != 1:
        return None
    words = " ".join(w[:1].upper() + w[1:] for w in [*mods, m.group("head")])
    return f"{regions.pop()} {words}"


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
        return slug(found), found[:1].upper() + found[1:]
    return slug(f"{prefix[0]} {found}"), f"{prefix[1]} {found}"


def _of_government(m: re.Match[str], cues: Cues) -> bool:
    """"government sources", "a senior Foreign Ministry official": a government's people
    (a modifier that is a government body's word in cues.yaml org_words, or "government")."""
    return any(w.lower() == "government" or cues.org_words.get(w) == "government"
               for w in m.group("mods").split())


def _lead_side(text: str, registry: SourceRegistry) -> str:
    """The side of the first registered person the lead names: whose government an unsided
    "government source" in the story speaks for."""
    for hit in registry.find(text[:_LEAD // 3]):
        entry = registry.entries[hit.id]
        if entry.is_person and entry.affiliation:
            return entry.affiliation
    return "unknown"


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


def _side_of_owner(text: str, m: re.Match[str], registry: SourceRegistry | None) -> str:
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


def _side_of_outlet(text: str, start: int, m: re.Match[str], registry: SourceRegistry,
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


def _side_of_outlet_told(text: str, end: int, registry: SourceRegistry, cues: Cues) -> str:
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


def _group_at(text: str, head_start: int, head_end: int, cues: Cues) -> re.Match[str] | None:
    """The longest description ending at this head noun, within its clause (six words)."""
    lo = max(0, head_start - 70)
    stops = [m.end() for m in _CLAUSE_STOP.finditer(text, lo, head_start)]
    lo = stops[-1] if stops else lo
    starts = [w.start() for w in _WORD_START.finditer(text, lo, head_start + 1)][-7:]
    for start in starts:
        m = cues.anonymous.match(text, start)
        if m and m.end() == head_end:
            return m
    return None


_RELAYED_IN = re.compile(r"\b(?:quoted|cited|interviewed)\s+(?:in|by)\s+$")
_TITLE_THEN_NAME = re.compile(r"(?:\s+[a-z][\w-]*){0,3}\s+[A-Z][a-zà-ÿ]+\s+[A-Z][a-zà-ÿ]")
_NAME_NEXT = re.compile(
    r" (?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][\w'’.-]")


def _group_affiliation(mods: list[str], cues: Cues) -> str:
    for i, word in enumerate(mods):
        found = cues.affiliation(word) or (  # "a State Department official": two words
            cues.affiliation(f"{word} {mods[i + 1]}") if i + 1 < len(mods) else None)
        if found:
            return found
    return "unknown"


def overlaps_any(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """[start, end) overlaps one of the sorted spans (`starts` are their starts)."""
    i = bisect.bisect_left(starts, end)
    return any(s < end and start < e for s, e in spans[max(0, i - 8):i])


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
    for m in _NAME.finditer(text):
        m = _after_body_name(text, m, cues)  # "the X City Military Administration Hennadiy B."
        start, end = _trim_name(text, _abbreviation_start(text, m.start()), m.end(), cues,
                                body_words)
        if (start is None or start > m.start()) and cues.described_org_after.match(text, m.end()):
            start, end = _without_article(m), m.end()  # "Two Majors, a Telegram channel, wrote"
        if start is not None and cues.references.fullmatch(low, start, end):
            continue  # "the Defense Ministry": a later reference, resolved there
        if start is None or overlaps_any(start, end, spans, starts):
            continue
        if not _in_speaker_position(text, low, start, end, cues) or \
                _PLACE_BEFORE.search(text, max(0, start - 12), start):
            continue  # "on holiday in Lake Tahoe, Nevada, said": a place, not the speaker
        name = text[start:end]
        kind, affiliation = describe(text, start, end, cues)
        org_kind = _org_kind(name, cues) or _described_as_body(text, start, end, cues)
        described = cues.described_org_after.match(text, end) if not org_kind else None
        if described is not None:  # "Two Majors, a Telegram channel ...": a body the text
            org_kind = "ngo"  # describes, as _described_as_body's
        if org_kind and affiliation == "unknown":  # "Kazakhstan's Interior Ministry"
            affiliation = cues.affiliation(name.split()[0]) or affiliation
        person_id = slug(name)
        if not org_kind and _PATRONYMIC.fullmatch(name) and name.split()[0] in cues.gender_of_name:
            # "Lyudmila Petrovna, a retired nurse": a first name and patronymic, no surname,
            # names nobody in particular, as a first name alone: <name>-<role>
            role = _witness_role(text, start, end, None, affiliation, cues, gazetteer)
            person_id = slug(f"{name} {role}")
        out.append(Speaker(start, end, body_id(name, cues) if org_kind else person_id,
                           "org" if org_kind else "person", name,
                           org_kind or kind, affiliation, built=True))
    return out


# A first name and a woman's patronymic (translated Russian style), with no surname; a man's
# ending, -ovich, is a surname's too ("Aleksandr Volfovich").
_PATRONYMIC = re.compile(r"[A-Z][a-z]+\s+[A-Z][a-z]+(?:ovna|evna|ichna)")


def _abbreviation_start(text: str, start: int) -> int:
    """Where a name begins that runs on from an abbreviation's letters: "U.S. Commerce
    Department" from "S." (the name pattern starts at a capital after a full stop)."""
    while start >= 2 and text[start - 1] == "." and text[start - 2].isupper() and \
            (start == 2 or not text[start - 3].isalnum()):
        start -= 2
    return start


_PLACE_BEFORE = re.compile(
    r"(?<![\w'’-])(?:in|near|outside|inside|across|around|towards?|into)\s+$"
)


def _without_article(m: re.Match[str]) -> int:
    """The start of a body's name, after "The"/"A" opening it."""
    first = m.group().split()[0]
    return m.start() + len(first) + 1 if first in ("The", "A", "An") else m.start()




def _described_as_body(text: str, start: int, end: int, cues: Cues) -> str:
    """"The women's movement, Put Domoi, said", "X, a rights group, said": a body's name."""
    if cues.described_body_before.search(text, max(0, start - 30), start) or \
            cues.described_body_after.match(text, end):
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
    return _NAME.match(text, at) or m


_CAP = r"[A-ZÀ-ÞĀ-Ž][\w'’-]+"
_OF_NAME = re.compile(  # "the Freedom of Russia Legion", "Centre for Eastern Studies"
    r"[A-ZÀ-ÞĀ-Ž]" + _ALONE + r"[\w'’-]+(?:\s+" + _CAP + r"){0,3}(?:\s+(?:of|for)\s+(?:the\s+)?"
    + _CAP + r"(?:\s+" + _CAP + r"){0,3}){1,3}(?![\w'’-])")  # (and "Headquarters for the
# Treatment of Prisoners of War": up to three)
_ONE_WORD_ORG = re.compile(  # "Ukrhydroenergo, the state company that runs the dam, said"
    r"(?P<name>[A-ZÀ-ÞĀ-Ž]" + _ALONE + r"[\w'’-]+)(?:\s+\([A-Z]{2,8}\))?,\s+"
    r"(?:the|a|an|its|[A-Z][\w-]+['’]s)\s+"  # "Rosaviatsia, Russia's civil aviation agency,"
    r"(?P<apposition>[^,.;:“”\"()]{3,90}?),")
_LAST_WORD_BEFORE = re.compile(r"([\w'’-]+)\s+$")


_OF_ANCHOR = re.compile(r"\s(?:of|for)\s+(?:the\s+)?[A-ZÀ-ÞĀ-Ž]")


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


def place_body_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                        gazetteer: Gazetteer | None) -> list[Speaker]:
    """"Moscow city hall said": a town of the gazetteer and a lower-case body of it (cues.yaml
    place_bodies) name one body, on the side of the town's country."""
    out: list[Speaker] = []
    if gazetteer is None:
        return out
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for phrase in cues.place_bodies:  # printed in lower case: a plain search finds them
        at = text.find(phrase)
        while at >= 0:
            end = at + len(phrase)
            town = _TOWN_BEFORE.search(text, max(0, at - 40), at)
            if town is not None and (end == len(text) or not text[end].isalnum()) and \
                    gazetteer.names.get(key_of(town.group(1))) is not None:
                if not overlaps_any(at, end, spans, starts):
                    place = town.group(1)
                    country = _country_of(place, gazetteer)
                    side = cues.place_sides.get(country) or cues.place_sides.get(place) or \
                        "unknown"
                    name = f"{place} {phrase}"
                    out.append(Speaker(town.start(1), end, slug(name), "org", name,
                                       "government", side, built=True))
            at = text.find(phrase, end)
    return sorted(out, key=lambda sp: sp.start)


_TOWN_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)\s+$")


_MISSION = re.compile(  # "the Russian embassy in Dublin": a body of one country in another
    r"([A-Z](?<![\w'’-][\s\S])[\w'’-]+)\s+([A-Za-z]+)\s+in\s+(?:the\s+)?"  # no word just before
    r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


def mission_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                     gazetteer: Gazetteer | None) -> list[Speaker]:
    """"The Russian embassy in Dublin said": a body (cues.yaml org_words, in any case) of the
    side its adjective names, set in a place of another country; its id names both sides
    (russian-embassy-ireland), as no registry entry does."""
    out: list[Speaker] = []
    if gazetteer is None:
        return out
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    bodies = cues.org_words_folded
    for m in _MISSION.finditer(text):
        side, word, place = m.group(1), m.group(2), m.group(3)
        own = cues.affiliation(side)
        if word.lower() not in bodies or own not in cues.anonymous_prefixes:
            continue
        country = _country_of(place, gazetteer) or _country_of(place.split()[0], gazetteer)
        host = cues.place_sides.get(country) or country
        if not country or host == own or overlaps_any(m.start(), m.end(), spans, starts):
            continue  # "the Russian embassy in Moscow" is no mission; "in Dublin" is a place
        name = f"{side} {word[:1].upper()}{word[1:]} in {place}"  # a body's name, capitalised
        source_id = slug(f"{cues.anonymous_prefixes[own][0]} {word} {country}")
        out.append(Speaker(m.start(), m.end(2), source_id, "org", name, bodies[word.lower()],
                           own, built=True))
    return out


def org_speakers(text: str, taken: list[tuple[int, int]], cues: Cues) -> list[Speaker]:
    """Bodies not in the registry, where a speaker stands: a name holding "of" with a body
    word in it ("the Freedom of Russia Legion said"), or one capitalised word set off by an
    apposition that calls it a body ("Ukrhydroenergo, the state company ..., said")."""
    out: list[Speaker] = []
    low = lowered(text)
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for m in _of_names(text):
        start, end = m.start(), m.end()
        words = text[start:end].split()
        if (words[0] in cues.not_names or words[0] in cues.titles) and \
                words[0] not in cues.org_words:  # "Ministry of Social Policy" keeps "Ministry"
            start += len(words[0]) + len(text[start + len(words[0]):end]) - len(
                text[start + len(words[0]):end].lstrip())
        kind = _org_kind(text[start:end], cues)
        if not kind or start >= end or overlaps_any(start, end, spans, starts) or \
                cues.references.fullmatch(low, m.start(), end):
            continue  # "The Ministry of Defence" alone is a later reference, resolved there
        if not _in_speaker_position(text, low, start, end, cues):
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
        if name in cues.not_names or name in cues.titles or cues.affiliation(name) or \
                name in cues.gender_of_name or \
                not cues.org_nouns.search(m.group("apposition")) or \
                overlaps_any(start, end, spans, starts):
            continue
        verb = cues.verbs.search(low, m.end(), m.end() + 40)
        if verb is None or not gap_ok(cues, text[m.end():verb.start()]):
            continue
        kind, affiliation = describe(text, start, end, cues)
        out.append(Speaker(start, end, slug(name), "org", name,
                           _org_kind(m.group("apposition").title(), cues) or kind, affiliation,
                           built=True))
    out.extend(_unit_speakers(text, low, spans, starts, cues, out))
    for m in _NOUN_THEN_ONE_WORD_ORG.finditer(text):
        start, end = m.span("name")
        name, noun = m.group("name"), m.group("noun")
        if name in cues.not_names or name in cues.titles or cues.affiliation(name) or \
                name in cues.gender_of_name or not cues.org_nouns.fullmatch(noun) or \
                overlaps_any(start, end, spans, starts) or any(sp.start == start for sp in out):
            continue  # "the partisan movement Atesh, which says": the body the noun names
        verb = cues.verbs.match(low, m.end() + 1) if text.startswith(" ", m.end()) else None
        if verb is None and not _WHICH_SAYS.match(text, m.end()):
            continue
        kind, affiliation = describe(text, start, end, cues)
        out.append(Speaker(start, end, slug(name), "org", name,
                           _org_kind(noun.title(), cues) or "ngo", affiliation, built=True))
    return out


_NAME_THEN_UNIT = re.compile(  # "the Aidar battalion", "the Hospitallers volunteer battalion"
    r"(?<![\w'’-])[Tt]he\s+(?P<name>[A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?)"
    r"(?P<rest>(?:\s+[a-z][\w-]*){1,3})")
_LOWER_WORD = re.compile(r"[a-z][\w-]*")


def _unit_speakers(text: str, low: str, spans: list[tuple[int, int]], starts: list[int],
                   cues: Cues, found: list[Speaker]) -> list[Speaker]:
    """A unit's own name before a noun of cues.yaml named_unit_nouns ("the Aidar battalion said",
    "the Hospitallers volunteer battalion ... the battalion said"): a body that speaks."""
    out: list[Speaker] = []
    for m in _NAME_THEN_UNIT.finditer(text):
        start, name = m.start("name"), m.group("name")
        noun = next((w for w in _LOWER_WORD.finditer(text, m.start("rest"), m.end("rest"))
                     if w.group() in cues.named_unit_nouns), None)
        if noun is None or any(
                w in cues.not_names or w in cues.titles or cues.affiliation(w)
                or w in cues.gender_of_name for w in name.split()) or \
                overlaps_any(start, noun.end(), spans, starts) or \
                any(sp.start == start for sp in (*found, *out)):
            continue
        verb = cues.verbs.search(low, noun.end(), noun.end() + 40)
        if not (verb and gap_ok(cues, text[noun.end():verb.start()])) and \
                not _the_word_speaks(text, low, noun.end(), noun.group(), cues):
            continue
        out.append(Speaker(start, noun.end(), slug(name), "org",
                           f"{name} {noun.group().title()}",
                           _org_kind(noun.group().title(), cues) or "military",
                           describe(text, start, m.end("name"), cues)[1], built=True,
                           roles=tuple(cues.reference_roles.get(noun.group(), ()))))
    return out


_NOUN_THEN_ONE_WORD_ORG = re.compile(  # "the partisan movement Atesh, which says"
    r"(?:t" + _ALONE + r"he|a" + _ALONE + r"n?)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<noun>[a-z][\w-]*)\s+"
    r"(?P<name>[A-ZÀ-ÞĀ-Ž][\w'’-]+)(?![\w'’-])(?!\s+[A-ZÀ-ÞĀ-Ž])")
_WHICH_SAYS = re.compile(r",\s+which\s+(?:says|said|claims|claimed)\b")


_FIRST = r"([A-ZÀ-ÞĀ-Ž][a-zà-ÿ]+)"
# The same first name, with nothing word-like before it. The check follows the capital
# letter, so the regex engine jumps from capital to capital instead of trying every place.
_FIRST_ALONE = r"([A-ZÀ-ÞĀ-Ž](?<![\w'’-][\s\S])[a-zà-ÿ]+)"
_SINGLE_NAMES = (
    # "call sign Morpikh", "who goes by Vorona": a call sign or nickname is used as given
    re.compile(r"(?P<callsign>call[ -]?sign|nom de guerre|goes by|going by|nicknamed),? "
               r"[“\"‘']?" + _FIRST),
    # "Olha, a 34-year-old teacher,", "Mykola, 62, a retiree who ...": the name, then its role
    re.compile(_FIRST_ALONE + r", (?:\d{1,3}, )?(?P<role>(?:a|an|the) [^,.;:]{0,60}?)"
               r"(?:,| (?=who\b))"),
    # "a former lorry driver from Lviv named Taras": the role, then "named" and the name
    re.compile(r"(?P<role>[Aa]" + _ALONE + r"n? [^,.;:“”\"]{0,60}?) (?:named|called) "
               + _FIRST + r"(?![\w'’-])"),
    # "One resident, Oksana, told": the role, then the name
    re.compile(r"(?P<role>[AaOo]" + _ALONE + r"(?:(?<=[Aa])(?:n|nother)?|(?<=[Oo])ne) "
               r"[^,.;:“”\"]{0,60}?), "
               + _FIRST + r",? "),
    # "said Viktoriia, 27, who works in a shop": the name and an age after a speech verb
    re.compile(_FIRST_ALONE + r", (?P<age>\d{1,2}),"),
    # '"...," says Bison, a former lorry driver': a name alone right after a speech verb
    re.compile(_FIRST_ALONE + r"(?P<inverted>)(?=, (?:a|an|the|who)\b)"),
    # "A nurse from Izium, who asked to be identified only as Olena,", "the army medic, who
    # gave only his first name, Andriy,", "a gunner who gives his name only as Bohdan": the
    # role, then the name
    re.compile(r"(?P<role>(?:[Aa]" + _ALONE + r"(?:n|nother)?|[Tt]" + _ALONE + r"he) "
               r"[^,.;:“”\"]{0,60}?),? who (?:(?:asked|wished|wanted|agreed|preferred) to be "
               r"(?:identified|named|called|known) only (?:as|by (?:her|his|their) first name,?)"
               r"|(?:gave|gives|give) (?:only )?(?:her|his|their) (?:first )?name"
               r"(?: only)?(?:,| as,?)) " + _FIRST + r"(?![\w'’-])"),
    # "Yevhen, who drives an ambulance in Bakhmut, said": a known first name, its relative
    # clause, then a speech verb
    re.compile(_FIRST_ALONE + r"(?P<clause>), who [^,.;:“”\"]{1,80}, "
               r"(?=(?:said|says|told|tells|added|recalled|explained)\b)"),
    # "Volunteers set up a tent ... Oksana, one of them, told": a known first name, one of a
    # group whose role noun the words name
    re.compile(_FIRST_ALONE + r", one of (?:them|(?:the|those) (?P<among>[a-z]+)),"),
)
# Words each of _SINGLE_NAMES cannot match without (one of them), or () for none.
_SINGLE_NAME_WORDS = (("call", "nom de guerre", "goes by", "going by", "nicknamed"), (),
                      (" named ", " called "), (), (), (),
                      ("who asked", "who wished", "who wanted", "who agreed", "who preferred",
                       "who gave", "who give"), (", who ",), (", one of ",))
_FULL_NAME_APPOSED = re.compile(  # "Anatoliy Shtefan, a spokesman known by the call sign "
    r"(?<![\w'’-])([A-ZÀ-ÞĀ-Ž][a-zà-ÿ'’-]+)\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+,"
    r"[^,.;:“”\"]*$")
_ROLE_NOISE = re.compile(r"\b(?:a|an|the|one|another|\d+-year-old|\d+|old|young|local|"
                         r"who|that|with|at|in|from|for|of)\b", re.IGNORECASE)


def single_name_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                         gazetteer: Gazetteer | None = None) -> list[Speaker]:
    """A first name alone, made a speaker by a role or an age beside it, or a call sign.
    The id is `<firstname>-<role>` ("oleksandr-ukrainian-soldier"): a first name alone
    names nobody in particular."""
    out: list[Speaker] = []
    seen: set[int] = set()
    spans = sorted(taken)
    span_starts = [a for a, _ in spans]
    for m in cues.witness_kin.finditer(text):  # "his mother, Tatyana, who found the hotline"
        start, end = m.span("name")
        name = m.group("name")
        if name in cues.not_names or name in cues.titles or \
                overlaps_any(start, end, spans, span_starts):
            continue
        kind, affiliation = describe(text, start, end, cues)
        of = cues.witness_nouns.get(normalise(m.group("of") or ""), "")
        role = f"{of}s {m.group('kin').lower()}" if of in cues.witness_national else \
            _witness_role(text, start, end, None, affiliation, cues, gazetteer)
        # "The mother of a soldier, Nina,": nina-soldiers-mother, as "whose son serves" makes
        out.append(Speaker(start, end, slug(f"{name} {role}"), "person", name, kind,
                           affiliation, built=True))
        seen.add(start)
    for pattern, needs in zip(_SINGLE_NAMES, _SINGLE_NAME_WORDS):
        if needs and not any(word in text for word in needs):
            continue  # the pattern's own words are not in the text: a plain search first
        for m in pattern.finditer(text):
            name = next(g for g in m.groups() if g and g[:1].isupper() and g.isalpha())
            start = m.start(m.lastindex if pattern.groups == 1 else _name_group(m, name))
            end = start + len(name)
            if name in cues.not_names or cues.affiliation(name) or name in cues.titles or \
                    name.lower() in cues.ranks:
                continue  # "Senior Lieutenant Andriy Kovtun": "Senior" is a rank
            if start in seen or overlaps_any(start, end, spans, span_starts):
                continue
            if m.groupdict().get("clause") is not None and name not in cues.gender_of_name:
                continue  # "Kyiv, which ...": only a known first name opens this form
            if m.groupdict().get("callsign") and \
                    (full := _FULL_NAME_APPOSED.search(text, max(0, m.start() - 120), m.start())) \
                    and full.group(1) in cues.gender_of_name:
                continue  # the person named in full speaks: their call sign is no other one
            role = m.groupdict().get("role")
            if role is not None and not cues.roles.search(role):
                continue
            if ", one of " in m.group():
                role = _one_of(text, m, cues) if name in cues.gender_of_name else None
                if role is None:
                    continue
            if (m.groupdict().get("age") or m.groupdict().get("inverted") is not None) and \
                    not _after_speech(text, start, cues) and not (
                        m.groupdict().get("age") and _AFTER_QUOTE.search(
                            text, max(0, start - 4), start)  # '"...," Olena, 45, said'
                        and cues.verbs.match(lowered(text), m.end() + 1)) and not (
                        m.groupdict().get("age") and (
                            start == 0 or _SENTENCE_START.search(text, max(0, start - 4), start))
                        and (name in cues.gender_of_name
                             or _in_speaker_position(text, lowered(text), start, end, cues))):
                continue  # "Maria, 34, from Omsk, whose son ..., told": the subject
            kind, affiliation = describe(text, start, end, cues)
            if m.groupdict().get("callsign"):
                kind = "military" if kind == "person" else kind
                source_id = slug(name)
                if text[end:end + 1] in "\"”’'" and text[start - 1:start] in "\"“‘'":
                    seen.add(start)
                    start, end = start - 1, end + 1  # 'the call sign "Hunter" said': the
                    # marks are the name's, so the verb follows it
            elif cues.gender_of_name and name not in cues.gender_of_name and \
                    not _GIVEN_NAME.search(m.group()) and \
                    not _SURNAME_WITHHELD.match(text, m.end(), m.end() + 120):
                source_id = slug(name)  # "says Bison, a former lorry driver": a nickname as given
            else:
                if role is None and m.groupdict().get("inverted") is not None and \
                        (apposed := _APPOSED_ROLE.match(text, end)) and \
                        cues.roles.search(apposed.group(1)):
                    role = apposed.group(1)  # '"...," says Oleksandr, a Ukrainian soldier'
                described = (_relative_role(text, end, cues) if role is None else None) or \
                    _witness_role(text, start, end, role, affiliation, cues, gazetteer)
                source_id = slug(f"{name} {described}")
            out.append(Speaker(start, end, source_id, "person", name, kind, affiliation,
                               built=True))
            seen.add(start)
    return _same_first_names(out)


def _one_of(text: str, m: re.Match[str], cues: Cues) -> str | None:
    """"one of the volunteers", or "one of them" after a sentence whose plural noun is a
    role ("Volunteers set up a tent"): that role, as "a volunteer"."""
    if m.group("among"):
        words = [m.group("among")]
    else:
        begin = max((b.end() for b in _BREAK_BEFORE.finditer(text, max(0, m.start() - 300),
                                                             m.start())), default=0)
        prior = max((b.end() for b in _BREAK_BEFORE.finditer(text, max(0, begin - 300),
                                                             max(0, begin - 2))), default=0)
        words = re.findall(r"[A-Za-z]+", text[prior:begin])
    for word in words:
        single = word.lower()[:-1] if word.lower().endswith("s") else ""
        if single and cues.roles.fullmatch(single):
            return f"a {single}"
    return None


_BREAK_BEFORE = re.compile(r"[.!?][”\"’]?\s+|\n")


def _same_first_names(speakers: list[Speaker]) -> list[Speaker]:
    """"... who gave only his first name, Andriy, said" then "Andriy, 29, said": a first name
    alone that the text has already made a witness is that witness again, not a new one."""
    first: dict[str, Speaker] = {}
    out = []
    for sp in sorted(speakers, key=lambda s: s.start):
        earlier = first.setdefault(sp.name, sp)
        out.append(replace(sp, id=earlier.id, kind=earlier.kind, affiliation=earlier.affiliation)
                   if earlier is not sp else sp)
    return out


# ", who did not want his surname used": the name before is a first name, not a nickname
_SURNAME_WITHHELD = re.compile(r"[^.;:“”\"]*?\b(?:surname|last name|family name)\b")
# "gave only his first name, Andriy": the name the form gives is a first name
_GIVEN_NAME = re.compile(r"\b(?:first name|name only|name as|identified only)\b")
_SENTENCE_START = re.compile(r"(?:[.!?][”\"’]?\s+|\n)\s*$")
_AFTER_QUOTE = re.compile(r"[,!?][”\"’]\s+$")
_APPOSED_ROLE = re.compile(r", ((?:a|an|the) [^,.;:“”\"()]{1,60}?)(?=[,.;:]|\s+who\b|$)")


_RELATIVE = re.compile(
    r",[^.;:“”\"]{0,80}?\bwhose\s+(\w+)\s+(?:was|has\s+been|had\s+been|is|were)\s+(?:\w+\s+)?"
    r"(?:mobili[sz]ed|drafted|conscripted|called\s+up|serving|fighting|deployed)\b")


def _relative_role(text: str, end: int, cues: Cues) -> str | None:
    """"Maria, 34, whose husband was mobilised, told": a role by the relative who serves
    (cues.yaml witnesses: relatives), when the sentence gives the witness none of their own."""
    if not cues.witness_relatives or "whose" not in text[end:end + 90]:
        return None
    m = _RELATIVE.match(text, end)
    return cues.witness_relatives.get(m.group(1).lower()) if m else None


def _name_group(m: re.Match[str], name: str) -> int:
    for index in range(1, (m.re.groups or 0) + 1):
        if m.group(index) == name:
            return index
    return 0


def _role_words(role: str, cues: Cues) -> tuple[str, str]:
    """"a 34-year-old Ukrainian soldier" -> ("Ukrainian", "soldier"); "a resident of Bucha" ->
    ("Bucha", "resident"): the role noun with at most one qualifier."""
    hits = list(cues.roles.finditer(role))
    if not hits:
        return "", ""
    head = hits[0]
    for later in hits[1:]:  # "a volunteer rescuer": the last noun of the run is the head
        if not role[head.end():later.start()].isspace():
            break
        head = later
    place = re.match(r"\s+(?:of|from|in)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)",
                     role[head.end():])
    before = [w for w in _ROLE_NOISE.sub(" ", role[:head.start()]).split()
              if not w.endswith(("'s", "’s", "'", "’"))]  # "the crew's foreman": no qualifier
    qualifier = place.group(1) if place else (before[-1] if before else "")
    return qualifier, head.group()


def _witness_role(text: str, start: int, end: int, role: str | None, affiliation: str,
                  cues: Cues, gazetteer: Gazetteer | None) -> str:
    """The words after a witness's first name in its id (cues.yaml: witnesses): "Ukrainian
    soldier" for "a 34-year-old infantryman", "Kherson resident" for a resident (or a first
    name with no role) in a report from Kherson, "Lviv lorry driver" as the text gives it."""
    qualifier, head = _role_words(role or "", cues)
    noun = cues.witness_nouns.get(normalise(head), head) if head else cues.witness_default
    if noun in cues.witness_national:
        words = [cues.affiliation(w) for w in re.findall(r"[\w'’-]+", role or "")]
        side = next((a for a in words if a in cues.anonymous_prefixes), None) or (
            affiliation if affiliation in cues.anonymous_prefixes else cues.affiliation("local"))
        qualifier = cues.anonymous_prefixes[side][1] if side in cues.anonymous_prefixes else ""
    elif noun in cues.witness_placed and not qualifier and gazetteer is not None:
        apposed = _APPOSED_ROLE.match(text, end)
        qualifier = _home_town(role or (apposed.group(1) if apposed else ""), cues, gazetteer) \
            or _town_at(text, start, end, cues, gazetteer)
    return f"{qualifier} {noun}".strip()


_FROM_TOWN = re.compile(r"\b(?:from|of)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


def _home_town(role: str, cues: Cues, gazetteer: Gazetteer) -> str:
    """"a 29-year-old programmer from Samara": the town the witness's own description names,
    though its noun is no role the cues know."""
    for m in _FROM_TOWN.finditer(role):
        for phrase in (m.group(1), m.group(1).split()[0]):
            place_id = gazetteer.names.get(key_of(phrase))
            entry = gazetteer.get(place_id) if place_id else None
            if entry is not None and entry.kind in cues.town_kinds:
                return phrase
    return ""


_CAPITALISED = re.compile(  # a capitalised word, and the next one when it is capitalised too
    r"[A-ZÀ-ÞĀ-Ž](?<![\w'’-][\s\S])[\w'’-]+(?=(\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?)")


def _town_at(text: str, start: int, end: int, cues: Cues, gazetteer: Gazetteer) -> str:
    """The town a witness speaks in: the last one named before the witness in its paragraph,
    else the town the article names most (the earliest of equals)."""
    lo = text.rfind("\n", 0, start) + 1
    nearest = ""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    names: dict[str, str] = {}
    own = text[start:end]
    for m in _CAPITALISED.finditer(text):
        for phrase in (m.group() + m.group(1), m.group()) if m.group(1) else (m.group(),):
            place_id = gazetteer.names.get(key_of(phrase))
            entry = gazetteer.get(place_id) if place_id else None
            if entry is None or entry.kind not in cues.town_kinds or phrase == own:
                continue
            if lo <= m.start() < start:
                nearest = entry.name
            counts[entry.id] = counts.get(entry.id, 0) + 1
            first.setdefault(entry.id, m.start())
            names[entry.id] = entry.name
            break
    if nearest or not counts:
        return nearest
    return names[min(counts, key=lambda i: (-counts[i], first[i]))]


def _after_speech(text: str, start: int, cues: Cues) -> bool:
    before = _VERB_BEFORE.search(text[max(0, start - 20):start])
    return bool(before and cues.frames(before.group(1)))


_VERB_BEFORE = re.compile(r"([\w'’]+)\s+$")


_CALLED_BEFORE = re.compile(r"(?<![\w'’-])(?:called|named)\s+$")
_ARTICLES = frozenset({"The", "A", "An"})


def _trim_name(text: str, start: int, end: int, cues: Cues,
               body_words: frozenset[str] = frozenset()) -> tuple[int | None, int]:
    words = list(_NON_SPACE.finditer(text[start:end]))
    body_run = bool(words) and words[-1].group() in cues.org_words
    given = len(words) >= 2 and _CALLED_BEFORE.search(text, max(0, start - 8), start)
    while words and (words[0].group() in cues.not_names or cues.affiliation(words[0].group())
                     or words[0].group() in cues.titles
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


def body_id(name: str, cues: Cues) -> str:
    """A body's id from its printed name, a country's possessive made its adjective as in
    every other id ("Ukraine's Ministry of Social Policy" -> ukrainian-ministry-of-social-policy,
    cues.yaml affiliations and anonymous prefixes)."""
    first, _, rest = name.partition(" ")
    if rest and first.endswith(("'s", "’s")):
        side = cues.affiliation(first)
        if side in cues.anonymous_prefixes:
            return slug(f"{cues.anonymous_prefixes[side][0]} {rest}")
        return slug(f"{first[:-2]} {rest}")  # "Kherson's Regional ... Administration"
    return slug(name)


def _org_kind(name: str, cues: Cues) -> str:
    for word in name.split():
        if word in cues.org_words:
            return cues.org_words[word]
    return ""


def _in_speaker_position(text: str, low: str, start: int, end: int, cues: Cues) -> bool:
    if text.startswith(" (", end) and (paren := _PAREN_AFTER.match(text, end)):
        end = paren.end()  # 'Put Domoi ("The Way Home"), a movement of wives, said'
    after = text[end:end + 200]
    pos = end
    skipped = _skip_apposition(after)
    pos += skipped
    verb = cues.verbs.search(low, pos, pos + 60)
    if verb and gap_ok(cues, text[pos:verb.start()]):
        return True
    if not skipped and text[start:end].split()[0] in cues.gender_of_name and \
            (of := _OF_BODY_GAP.match(text, pos)) and cues.verbs.match(low, of.end()):
        return True  # "Olena Pavlenko of the Kyiv School of Economics said": the person
    if _AS_SAYING_AFTER.match(low, pos):
        return True  # "Suspilne quoted police chief Serhiy Bondarenko as saying that"
    if skipped and (start == 0 or _SENTENCE_START.search(text, max(0, start - 4), start)) \
            and cues.roles.search(after, 0, skipped):
        return True  # "Serhiy Kuzan, chairman of ..., has spent months at the front.": a "he"
    if skipped and after[skipped - 1] == ",":  # "X, 38, who lives by the river, told"
        for _ in range(2):
            more = _MORE_APPOSITION.match(text, pos, pos + 160)
            if more is None:
                break
            pos = more.end()
            if cues.verbs.match(low, pos):
                return True
    before = text[max(0, start - 40):start]
    if _appositive_name(text, low, start, end, before, cues):
        return True
    if _ACCORDING_TO_BEFORE.search(before):
        return True
    voiced = cues.voice_for_before.search(before)
    if voiced and cues.frames(voiced.group(1)) and _voice_words(voiced.group(2), cues):
        return True  # "..., reports the press service of the Ministry of Internal Affairs."
    untitled = _without_titles(before.rstrip(), cues)  # "said Lt. Col. Anatoliy Shtefan"
    prev_verb = _WORD_AT_END.search(untitled)
    if prev_verb and prev_verb.group(1).lower() in cues.role_kinds:
        lead = _INVERTED_LEAD.search(text, max(0, start - 80), start)
        if lead and cues.frames(lead.group(1)):
            return True  # ", said Chinese Foreign Ministry spokesperson Mao Ning"
    if prev_verb and cues.frames(prev_verb.group(1)) and untitled.rstrip()[-1:] != ".":
        return True
    described = _DESCRIBED_BY.search(text, max(0, start - 30), start)
    nxt = _NEXT_HE.match(text, end) if described and " " in text[start:end] else None
    if nxt and cues.verbs.match(low, nxt.end()):
        return True  # "... was the writer X. He told"
    if _TITLED_OPENING.search(text[max(0, start - 60):start]) and \
            (more := _COORDINATED_AFTER.match(text, end)) and cues.verbs.match(low, more.end()):
        return True  # "Opposition Leader X welcomed the plan but said ...": X's own verb
    return " " in text[start:end] and (_speaks_later(text, low, start, end, cues)
                                       or _title_speaks_later(text, low, start, end, cues))


def _voice_words(words: str, cues: Cues) -> bool:
    """The words end in a body's unnamed voice ("press service", "spokesman")."""
    parts = normalise(words).split()
    return any(" ".join(parts[i:]) in cues.spokes_for_body for i in range(len(parts)))


_OF_BODY_GAP = re.compile(  # " of the Kyiv School of Economics ", " from the Razumkov Centre "
    r"\s+(?:of|from|at)\s+(?:the\s+)?[A-Z][\w'’.&-]*\s+"
    r"(?:(?:[A-Z][\w'’.&-]*|of|for|and|the|on)\s+){0,7}(?:(?:group|think[- ]tank|project)\s+)?")
_ACCORDING_TO_BEFORE = re.compile(r"according\s+to\s+(?:the\s+)?[\w\s'’-]{0,30}$",
                                  re.IGNORECASE)
_WORD_AT_END = re.compile(r"\b(\w+)\s*$")


_TITLED_OPENING = re.compile(r"(?:^|[.!?][”\"’]?\s+|\n)(?:[A-Z][\w'’.-]*\s+){0,4}$")
_COORDINATED_AFTER = re.compile(  # a verb phrase of the name's, then "and"/"but" and a verb
    r"\s+[a-z]+ed\b[^.;:!?“”\"\n]{0,100}?(?:,\s*|\s)(?:and|but)\s+(?:also\s+|later\s+|then\s+)?")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?][”\"’]?\s+|\n)$")
_QUOTE_THEN_HE = re.compile(  # the next sentence is a quotation its "he"/"she" speaks
    r"[^.!?\n“”\"]{0,160}[.!?]\s+[“\"][^“”\"\n]{1,600}[,?!]?[”\"]\s*,?\s+(?:he|she)\s+")
_CLAUSE_THEN_HE = re.compile(  # the next sentence is a claim its trailing "he"/"she" makes
    r"[^.!?\n“”\"]{0,160}[.!?]\s+[A-Z][^.!?\n]{10,400}?,\s+(?:he|she)\s+")
_SAID_BEFORE = re.compile(r"\b([a-z]+)\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?$")


def _speaks_later(text: str, low: str, start: int, end: int, cues: Cues) -> bool:
    """A full name brought in by narration ("Oksana Hrytsenko, 61, fled Bakhmut in March.")
    speaks later: by last name ("Hrytsenko said", "said Hrytsenko"), or as the "he"/"she"
    opening the next sentence, when the name opens its own."""
    if _OPENS_SENTENCE.search(text, max(0, start - 3), start) or \
            cues.near_sentence_start.search(text, max(0, start - 30), start) or \
            _titled_opening(text, start, cues):
        nxt = _NEXT_HE.match(text, end)
        if nxt and cues.verbs.match(low, nxt.end()):
            return True  # "Viktor Ivanchenko runs a bakery. He said ..."
        quoted = _QUOTE_THEN_HE.match(text, end) or _CLAUSE_THEN_HE.match(text, end)
        if quoted and cues.verbs.match(low, quoted.end()):
            return True  # "... runs a bakery. “They took everything,” he said." (or "X asked
            # whether ... . The army was overstretched, he said.")
    words = text[start:end].split()
    if any(len(w) < 3 or w.endswith(".") or w in cues.not_names or w in cues.org_words
           or w.lower() in cues.role_kinds for w in words):
        return False  # "U.K. Ministry", "Defense Ministry": no person's name
    return any(_named_speaking(text, low, end, word, cues) for word in {words[-1], words[0]})


_TITLE_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)\s+$")


def _title_speaks_later(text: str, low: str, start: int, end: int, cues: Cues) -> bool:
    """A name printed after a title of cues.yaml roles ("Cardinal X", "Judge X") speaks
    later as "the <title>" ("the Cardinal said", "said the judge")."""
    title = _TITLE_WORD_BEFORE.search(text, max(0, start - 30), start)
    if title is None or title.group(1).lower() not in cues.role_kinds:
        return False
    return _the_word_speaks(text, low, end, title.group(1).lower(), cues)


def _the_word_speaks(text: str, low: str, end: int, word: str, cues: Cues) -> bool:
    """"the <word>" after `end` stands before a speech verb or after one."""
    pattern = re.compile(r"(?<![\w'’-])the\s+" + re.escape(word) + r"(?![\w'’-])")
    return any(_speech_beside(text, low, m.start(), m.end(), cues)  # "the Cardinal said",
               for m in pattern.finditer(low, end))  # "said the judge"


def _speech_beside(text: str, low: str, start: int, stop: int, cues: Cues) -> bool:
    """A speech verb follows the words at [start, stop) within 40 characters, past words
    that may stand between a speaker and its verb, or one stands right before them."""
    if (verb := cues.verbs.search(low, stop, stop + 40)) and \
            gap_ok(cues, text[stop:verb.start()]):
        return True
    said = _SAID_BEFORE.search(text, max(0, start - 20), start)
    return bool(said and cues.frames(said.group(1)))


def _titled_opening(text: str, start: int, cues: Cues) -> bool:
    """Only titles stand between a sentence's start and the name ("Senior Lieutenant X")."""
    lo = max(0, start - 40)
    before = text[lo:start]
    untitled = _without_titles(before.rstrip(), cues)
    if untitled == before.rstrip():
        return False
    return (not untitled.strip() and lo == 0) or bool(_OPENS_SENTENCE.search(untitled + " "))


def _named_speaking(text: str, low: str, end: int, word: str, cues: Cues) -> bool:
    """`word` (a last or first name) stands next to a speech verb after `end`."""
    if len(word) < 3 or not word[:1].isupper() or word.endswith("."):
        return False
    at = end
    while (at := text.find(word, at + 1)) >= 0:
        stop = at + len(word)
        if text[at - 1:at].isalnum() or text[stop:stop + 1].isalnum():
            continue
        if _speech_beside(text, low, at, stop, cues):
            return True  # "Hrytsenko said", "said Hrytsenko"
    return False


_DESCRIBED_BY = re.compile(  # a lower-case noun before the name: "the Colombian writer X"
    r"\b(?!(?:from|into|with|near|than|over|under|after|before|about|across|through|"
    r"towards?|that|this|where|when|while)\s)[a-z]{4,}\s+$")
_NEXT_HE = re.compile(  # the rest of the sentence, then a "he"/"she" opening the next one
    # (or set off after its first words: "His team, he said, had cleared ...")
    r"[^.!?\n“”\"]{0,160}[.!?]\s+(?:He|She|(?:His|Her)\s+[a-z]+(?:\s+[a-z]+)?,\s+(?:he|she))"
    r"\s+(?:also\s+|later\s+)?")
_AS_SAYING_AFTER = re.compile(r"\s+as\s+(?:saying|telling|writing|stating)\b")
_PAREN_AFTER = re.compile(r" \([^()\n]{1,60}\)")  # a translation or abbreviation after a name
_INVERTED_LEAD = re.compile(  # a speech verb, then only a body's name and a title, then a name
    r"\b([a-z]+)\s+(?:[A-Z][\w'’.-]*\s+){1,6}[a-z]+\s+$")
_LAST_TOKEN = re.compile(r"(\S+)\s*$")


def _without_titles(before: str, cues: Cues) -> str:
    """`before` without the titles ending it ("said Lieutenant General", "said Maj.")."""
    titled = False
    while (m := _LAST_TOKEN.search(before)) and (cues.is_title(m.group(1)) or titled and (
            m.group(1).lower() in cues.ranks)):  # "Senior Lieutenant": its rank word too
        before, titled = before[:m.start()], True
    return before


_ROLE_BEFORE_COMMA = re.compile(r"([\w'’-]+)\s*,\s*$")


def _appositive_name(text: str, low: str, start: int, end: int, before: str, cues: Cues) -> bool:
    """"Amnesty's secretary general, Agnès Callamard, said"; "said the military's
    spokesman, Andriy Kovalov": a name set off by commas after a role or before a verb."""
    before = _without_titles(before, cues)  # "Her colleague, Dr. Ivan Moroz, said"
    before = _AGE_BEFORE.sub("", before)  # "One resident, 67-year-old Halyna X, said"
    if not before.endswith(", ") or not re.match(r"\s*,", text[end:end + 3]):
        return False
    comma = text.index(",", end)
    verb = cues.verbs.match(low, comma + 1 + len(text[comma + 1:]) - len(text[comma + 1:].lstrip()))
    if verb:
        return True
    return any(role is not None and role.group(1).lower() in cues.role_kinds
               for role in (_ROLE_BEFORE_COMMA.search(before),
                            _ROLE_OF_BEFORE_COMMA.search(text, max(0, start - 90), start)))


_ROLE_OF_BEFORE_COMMA = re.compile(  # "Ukraine's ambassador to Canada, Yulia Kovaliv,"
    r"([\w'’-]+)\s+(?:to|for|of|in|at)\s+(?:[\w'’.-]+\s+){0,5}[\w'’.-]+,\s*$")


_AGE_BEFORE = re.compile(r"(?<=, )(?:an?\s+)?\d{1,3}-year-old\s+$")
_MORE_APPOSITION = re.compile(r"\s*[^,.;:“”\"()–—\n]{1,140}?,\s*")  # one more ", ... ," block


def _skip_apposition(after: str) -> int:
    """Length of ", a spokesman for X," right after a name (0 when there is none); a US
    party tag (", R-Mo.," / " (R-Calif.)") before it is skipped too."""
    party = _PARTY.match(after)
    skip = party.end() if party else 0
    opener = r"\s*(?:,|–|—|\()?" if skip and after[skip - 1] == "," else r"\s*(?:,|–|—|\()"
    m = re.match(opener + r"\s*([^,.;:“”\"()–—]{1,120}?)\s*(?:,|–|—|\))", after[skip:])
    if m is None or (skip and _predicate_starts(after[skip:])):
        return skip
    return skip + m.end()


def _predicate_starts(rest: str) -> bool:
    """After a party tag, a lower-case verb-like word opens the predicate, not an apposition."""
    word = re.match(r"\s*([a-z]+)", rest)
    return bool(word) and word.group(1) not in ("a", "an", "the", "who", "chair", "head")


_PARTY = re.compile(r",?\s*\(?[RDI]-[A-Z][A-Za-z.]{1,7}\)?,?(?=\s)")


def gender_of(text: str, start: int, end: int, name: str, cues: Cues) -> str:
    """"f", "m" or "" for a person named at [start, end): their first name, else a word
    beside the name ("Ms Maliar", "spokeswoman Maria Zakharova", "Olha, a mother of two")."""
    first = name.split()[0] if name.split() else ""
    found = cues.gender_of_name.get(first, "")
    if found:
        return found
    window = _window_before(text, start)[-30:] + " " + _apposition_after(text, end)[:60]
    for word in re.findall(r"[\w'’.]+", window):
        found = cues.gender_of_word.get(word.lower().rstrip("."), "") or \
            cues.gender_of_word.get(word.lower(), "")
        if found:
            return found
    return ""


def describe(text: str, start: int, end: int, cues: Cues) -> tuple[str, str]:
    """Kind and affiliation from the words around a name ("local police chief X")."""
    window = _window_before(text, start) + " " + _apposition_after(text, end)
    kind = "person"
    best = None
    for m in cues.roles.finditer(window):
        if best is None or len(m.group()) > len(best):
            best = m.group()
    if best:
        kind = cues.role_kinds.get(best.lower(), kind)
    words = re.findall(r"[\w'’.-]+", window)
    affiliations = [cues.affiliation(w) for w in words]
    found = [a for a in affiliations if a]
    if "independent" in found:
        return kind, "independent"
    return kind, found[0] if found else "unknown"


def _window_before(text: str, start: int) -> str:
    lo = max(0, start - 80)
    chunk = text[lo:start]
    stop = max((m.end() for m in _CLAUSE_STOP.finditer(chunk)), default=0)
    return chunk[stop:]


def _apposition_after(text: str, end: int) -> str:
    after = text[end:end + 200]
    n = _skip_apposition(after)
    return after[:n] if n else ""


# A transcript's turn label at a paragraph's start: "Geoff Bennett:", "Lloyd Austin, U.S.
# Defense Secretary:", "Volodymyr Zelenskyy, Ukrainian President (through translator):".
TURN_LABEL = re.compile(
    r"(?m)^(?P<name>[A-ZÀ-ÞĀ-Ž][\w'’.-]*(?: [A-ZÀ-ÞĀ-Ž][\w'’.-]*){0,3})"
    r"(?P<role>, [^:\n“”\"]{1,80}?)?"
    r"(?P<aside> \((?:through|via|in) (?:an? )?[\w ]{1,30}\))?: (?=\S)")
_MIN_TURNS = 3


def turn_labels(text: str, cues: Cues) -> list[re.Match[str]]:
    """The turn labels of a transcript: three or more paragraphs opening with a name and a
    colon, by two speakers or more (none of them an agency-style label like "Source:").
    The sources and claims passes both ask, of the same text: the last answer is kept."""
    global _last_turns
    last = _last_turns
    if last[0] is text and last[1] is cues:
        return list(last[2])
    found = _turn_labels(text, cues)
    _last_turns = (text, cues, tuple(found))
    return found


# (text, cues, labels) of the last call, one tuple read at once (a thread may replace it);
# the text is kept alive here, so `is` cannot match another string at its address.
_last_turns: tuple = (None, None, ())


def _turn_labels(text: str, cues: Cues) -> list[re.Match[str]]:
    if text.count(": ") < _MIN_TURNS:
        return []  # every label ends in its own ": " (TURN_LABEL tries every place: count first)
    found = [m for m in TURN_LABEL.finditer(text)
             if not cues.source_label.match(text, m.start())
             and not cues.quote_label.match(text, m.start())
             and (m.group("name") in cues.question_labels  # "Q: ...?" ¶ "A: ..."
                  or m.group("name") in cues.answer_labels
                  or m.group("name").split()[0] not in cues.not_names)]
    if len(found) < _MIN_TURNS or len({m.group("name") for m in found}) < 2:
        return []
    return found


def turn_speakers(text: str, taken: list[tuple[int, int]], cues: Cues) -> list[Speaker]:
    """The names of a transcript's turn labels not named otherwise: the people speaking."""
    out = []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for m in turn_labels(text, cues):
        start, end = m.span("name")
        if m.group("name") in cues.question_labels or m.group("name") in cues.answer_labels \
                or overlaps_any(start, end, spans, starts):
            continue
        name = _label_name(m.group("name"), cues)
        kind, affiliation = describe(text, start, m.end(), cues)
        out.append(Speaker(start, end, slug(name), "person", name, kind, affiliation,
                           built=True))
    return out


def _label_name(label: str, cues: Cues) -> str:
    """A turn label's name without the titles before it, in the capitals of a name: "MR
    MILLER" is Miller (an official's transcript prints the label in capitals), so that a
    person the text named in full before ("spokesman Matthew Miller") is that person."""
    words = label.split()
    titles = {t.rstrip(".").lower() for t in cues.titles}
    while len(words) > 1 and (words[0].rstrip(".").lower() in titles
                              or words[0].lower() in cues.role_kinds):
        words.pop(0)
    if label.isupper():
        words = [w.capitalize() for w in words]
    return " ".join(words)
