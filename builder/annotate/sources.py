"""Annotator pass: every stretch of text that names a possible source, grouped into Sources.

This pass lists candidates (registry names, unnamed groups, names built from apposition);
the claims pass keeps only the sources credited with a claim, adding the later references
(pronouns, "the ministry") it resolved to them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from builder.annotate import Context
from builder.annotate.cited_names import cited_name_speakers
from builder.annotate.country_bodies import country_body_speakers
from builder.annotate.dateline_bodies import dateline_body_speakers
from builder.annotate.delegates import delegate_speakers
from builder.annotate.kin_groups import kin_group_speakers
from builder.annotate.datelines import wire_agency
from builder.annotate.described_outlets import (
    broadcast_name_speakers,
    described_outlet_speakers,
    interviewed_outlet_speakers,
    named_outlet_speakers,
)
from builder.annotate.owned_bodies import owned_body_speakers
from builder.annotate.short_names import short_body_names
from builder.annotate.signatures import signature_speakers
from builder.annotate.state_bodies import sided_state_bodies
from builder.annotate.speakers import (
    Speaker,
    built_speakers,
    group_speakers,
    lead_side,
    lone_body_speakers,
    noun_body_speakers,
    mission_speakers,
    org_speakers,
    place_body_speakers,
    registry_speakers,
    single_name_speakers,
    slug,
    turn_speakers,
)
from builder.annotate.speakers.offices import office_speakers
from builder.annotate.speakers.registry_names import office_before
from builder.annotate.speakers.relative_names import relative_name_speakers
from builder.annotate.speakers.voiced_bodies import voiced_bodies
from builder.annotate.speakers.repeated_bodies import repeated_body_names
from builder.annotate.titled_names import titled_last_names
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import key_of
from builder.knowledge.phrases import lowered
from builder.knowledge.registry import SHORT_SURNAME, family_name
from builder.model import Annotations, Source, Span


def annotate(ctx: Context, ann: Annotations) -> Annotations:
    speakers = find_speakers(ctx)
    return replace(ann, sources=candidate_sources(ctx.text, speakers))


def find_speakers(ctx: Context) -> list[Speaker]:
    """Registry names first; then groups and built names where no registry name stands."""
    text, cues = ctx.text, ctx.knowledge.cues
    registered = owned_body_speakers(text, _owned_bodies(text, _namesakes(
        text, registry_speakers(text, ctx.knowledge.sources, cues), ctx)), cues)
    starts = [s.start for s in registered]
    dropped: set[int] = set()
    groups = []
    for group in group_speakers(text, cues, ctx.knowledge.sources, ctx.knowledge.gazetteer):
        if _before_a_name(text, group):
            continue  # "Volunteer Andriy Kovalchuk": a title, not an unnamed speaker
        if _before_a_unit(text, group, cues):
            continue  # "the Aidar volunteer battalion": a unit's name, not volunteers
        if group.singular and cues.document_after.match(text, group.end):
            continue  # "his witness statement": a document's kind, not a witness (not
            # "partners report that": a plural's verb)
        lo = max(0, bisect.bisect_left(starts, group.start) - 4)
        if any(registered[i].type == "org" and _BODY_NOUN_GAP.fullmatch(
                text, registered[i].end, group.start)
               and not _quoting_gap(text, registered[i].end, group.start, cues)
               for i in range(lo, bisect.bisect_left(starts, group.start))
               if registered[i].end <= group.start):
            continue  # "the RIA news agency": the body's own description, not a group
        hi = bisect.bisect_left(starts, group.end)
        overlapping = [i for i in range(lo, hi) if registered[i].start < group.end
                       and group.start < registered[i].end]
        if all(registered[i].end < group.end for i in overlapping):  # the group's head wins
            dropped.update(overlapping)
            groups.append(group)
    found = [s for i, s in enumerate(registered) if i not in dropped] + _sided(groups)
    offices = office_speakers(text, registered, cues)
    if offices:  # "the Defense Department's inspector general": the office, not the body
        found = [s for s in found
                 if not any(o.start <= s.start and s.end <= o.end for o in offices)] + offices
    bodies = place_body_speakers(text, sorted((s.start, s.end) for s in found), cues,
                                 ctx.knowledge.gazetteer)
    if bodies:  # "Moscow city hall": the body's name takes in the town's
        found = [s for s in found
                 if not any(b.start <= s.start and s.end <= b.end for b in bodies)] + bodies
    taken = sorted((s.start, s.end) for s in found)
    missions = mission_speakers(text, taken, cues, ctx.knowledge.gazetteer)
    if missions:
        found.extend(missions)
        taken = sorted((s.start, s.end) for s in found)
    bodies = country_body_speakers(text, taken, cues, ctx.knowledge.sources)
    if bodies:  # "Georgia's interior ministry"
        found.extend(bodies)
        taken = sorted((s.start, s.end) for s in found)
    bodies = dateline_body_speakers(text, taken, cues, ctx.knowledge.sources,
                                    ctx.knowledge.gazetteer)
    if bodies:  # "WARSAW (PAP) - the Ministry of National Defence said": Poland's
        found.extend(bodies)
        taken = sorted((s.start, s.end) for s in found)
    delegates = delegate_speakers(text, [(s.start, s.end) for s in found if s.type != "group"],
                                  cues, ctx.knowledge.gazetteer, ctx.knowledge.sources)
    if delegates:  # "the representative of France": France's voice, no unnamed group
        found = [s for s in found
                 if not any(d.start <= s.start and s.end <= d.end for d in delegates)]
        found.extend(delegates)
        taken = sorted((s.start, s.end) for s in found)
    built = _sided_bodies(text, org_speakers(text, taken, cues), ctx)
    voiced = voiced_bodies(text, [*((s.start, s.end) for s in found if s.type != "group"),
                                  *((b.start, b.end) for b in built)], cues)
    if voiced:  # "A Brightwell's spokesman": the body, its voice the group after it
        found = [_past_owner(text, s, voiced) for s in found]
        built += voiced

    def taken_so_far() -> list[tuple[int, int]]:
        """The spans taken by the registry's passes and by every speaker built so far (each
        pass below sorts what it is given)."""
        return [*taken, *((b.start, b.end) for b in built)]

    built += named_outlet_speakers(text, taken_so_far(), cues,
                                   ctx.knowledge.gazetteer)  # "told the Dravan daily": an
    # outlet before a name is read as a person's ("the privately owned Nile Horizon channel")
    built += built_speakers(text, taken_so_far(), cues, ctx.knowledge.body_name_words,
                            ctx.knowledge.gazetteer)
    built += single_name_speakers(text, taken_so_far(), cues, ctx.knowledge.gazetteer)
    surnames = {sp.name.split()[-1] for sp in (*found, *built) if sp.type == "person"}
    built += [sp for sp in cited_name_speakers(text, taken_so_far(), cues,
                                               ctx.knowledge.gazetteer)
              if sp.name not in surnames]  # "according to Smith" after "John Smith": his
    person_words = frozenset(w for sp in (*found, *built) if sp.type == "person"
                             for w in sp.name.split())
    built += noun_body_speakers(text, taken_so_far(), cues, ctx.knowledge.gazetteer,
                                person_words)  # "German utility Veltane said"
    built += lone_body_speakers(text, taken_so_far(), cues, ctx.knowledge.gazetteer,
                                person_words)  # "Torvane said in a statement that"
    built += relative_name_speakers(text, taken_so_far(), cues, ctx.knowledge.gazetteer)
    # "Veltrix Radar Systems, which builds the sets, said"
    built += titled_last_names(text, taken_so_far(), [*found, *built],
                               cues)  # "Mr. Kant" after "Amitabh Kant"
    built += described_outlet_speakers(text, taken_so_far(),
                                       cues)  # "told the Czech music outlet Rytmus TV"
    built += broadcast_name_speakers(text, taken_so_far(), cues, wire_agency(
        text, ctx.knowledge.sources))  # "told Harbour TV"; in a wire's copy, "told Polish Radio"
    built += interviewed_outlet_speakers(text, taken_so_far(),
                                         cues)  # "in an interview with France 3"
    found = _named_voices(text, found, cues)
    built += turn_speakers(text, taken_so_far(), cues)
    built += signature_speakers(text, taken_so_far(), cues)
    built = short_body_names(built, found, cues)  # "According to Nordvolt": Nordvolt Power
    built = sided_state_bodies(text, built, cues)  # "In Estonia, the State Border Guard said"
    built = _surnames_of_earlier(built, [*found, *built], text, cues)
    found, taken = _surnames_of_built(text, found, built, taken, cues)
    built += repeated_body_names(text, built, taken)  # "In a statement, Lumora said"
    gazetteer = ctx.knowledge.gazetteer
    found.extend(sp for sp in built if sp.type not in ("person", "org") or gazetteer is None
                 or " " not in sp.name or gazetteer.names.get(key_of(sp.name)) is None
                 or any(ch.isdigit() for ch in sp.name))  # ("France 3": no place's key)
    # a built person or body that is a place of two words or more is none: "the United States,
    # ..., said", "the Russian Federation said" (the country, as a capital is its government)
    registry = ctx.knowledge.sources
    whole_names = [sp for sp in found if sp.type == "person" and not sp.built
                   and (entry := registry.get(sp.id)) is not None
                   and (not entry.surname or isinstance(entry.surname, str)
                        or len(family_name(entry)) <= SHORT_SURNAME  # ("Rau", once named
                        # in full: registry.surnames leaves so short a last name out)
                        or registry.shares_surname(entry))  # ("Fedorov": two registered
                   # people's, so only the one the text named in full)
                   and len(sp.name.split()) >= 2 and len(text[sp.start:sp.end].split()) >= 2]
    families = {sp.id: family_name(registry.entries[sp.id]) for sp in whole_names}
    found.extend(_surname_mentions(text, built, taken, whole_names, families))
    kin = kin_group_speakers(text, found, cues)
    if kin:  # "Corbett's family said": the family, not Corbett
        found = [s for s in found if not any(k.start <= s.start and s.end <= k.end
                                             for k in kin)] + kin
    return sorted(found, key=lambda s: (s.start, -s.end))


_UNIT_AFTER = re.compile(r"\s+([a-z]+)(?:\s+([a-z]+))?(?![\w'’-])")


def _before_a_unit(text: str, group: Speaker, cues: Cues) -> bool:
    """The group's head qualifies a noun of cues.yaml named_unit_nouns right after it ("volunteer
    battalion", "volunteer medical battalion")."""
    m = _UNIT_AFTER.match(text, group.end)
    return m is not None and not cues.named_unit_nouns.isdisjoint(m.groups())


def _owned_bodies(text: str, registered: list[Speaker]) -> list[Speaker]:
    """"according to the UN's World Food Programme": a registered body whose
    possessive opens another registered body's name owns the speaker, and is none itself;
    the speaker's mention takes in the owner's name."""
    owners = {b.start: a.start for a, b in zip(registered, registered[1:])
              if a.type == "org" and b.type == "org" and text[a.end:b.start] in ("'s ", "’s ")}
    if not owners:
        return registered
    return [replace(sp, start=owners[sp.start]) if sp.start in owners else sp
            for sp in registered if sp.start not in owners.values()]


def _namesakes(text: str, registered: list[Speaker], ctx: Context) -> list[Speaker]:
    """A short name two countries' outlets share ("ABC", cues.yaml: namesakes) is the outlet
    of the side the lead's first registered person is on ("KTV's Sunday Desk" in a story that
    opens with Australia's prime minister)."""
    names = ctx.knowledge.cues.namesakes
    if not any(text[sp.start:sp.end].lower() in names for sp in registered):
        return registered
    side = lead_side(text, ctx.knowledge.sources)
    out = []
    for sp in registered:
        other = names.get(text[sp.start:sp.end].lower(), {}).get(side)
        entry = ctx.knowledge.sources.get(other) if other else None
        if entry is not None:
            sp = replace(sp, id=entry.id, name=entry.name, kind=entry.kind,
                         affiliation=entry.affiliation)
        out.append(sp)
    return out


_THE_VOICE = re.compile(r"[Tt]he\s+(.+\s(\S+))$")


def _named_voices(text: str, found: list[Speaker], cues) -> list[Speaker]:
    """"The Kremlin spokesman noted" after "Kremlin spokesman Dmitry Peskov said": the
    spokesperson the text has named with those words, not the body they speak for."""
    persons = [sp for sp in found if sp.type == "person"]
    if not persons:
        return found
    out = []
    for sp in found:
        m = _THE_VOICE.match(text, sp.start, sp.end) if sp.type == "org" else None
        if m is not None and m.group(2).lower() in cues.voice_words and \
                m.group(2).lower() in cues.role_kinds:  # "spokesman", "press secretary"
            title = m.group(1).lower()
            for person in persons:
                if person.start >= sp.start:
                    break
                before = text[max(0, person.start - len(title) - 1):person.start].lower()
                after = text[person.end:person.end + len(title) + 8].lower()
                named = text[person.start:person.end].lower()
                if before.strip() == title or named.startswith(title + " ") or \
                        after.startswith((f", the {title}", f", {title}")):
                    sp = replace(person, start=sp.start, end=sp.end)
        out.append(sp)
    return out


_OWNER_END = re.compile(r"['’]s\s+")


def _past_owner(text: str, group: Speaker, bodies: list[Speaker]) -> Speaker:
    """An unnamed group that took in a body's name before its voice ("A Brightwell's
    spokesman") is the voice alone, after the name's "'s"; any other speaker as it is."""
    if group.type != "group":
        return group
    body = next((b for b in bodies if group.start <= b.start and b.end < group.end), None)
    owner = _OWNER_END.match(text, body.end) if body is not None else None
    if owner is None or owner.end() >= group.end:
        return group
    return replace(group, start=owner.end(), name=text[owner.end():group.end])


def _sided_bodies(text: str, built: list[Speaker], ctx: Context) -> list[Speaker]:
    """A government body named without its country ("the Department of Defence said" in a
    story whose lead names Australia's prime minister) is that country's: its id takes the
    country's adjective, as "Ukraine's Ministry of Social Policy" does (cues.yaml
    generic_body_heads)."""
    generic = ctx.knowledge.cues.generic_body_id
    if not any(generic.match(sp.id) for sp in built):
        return built
    cues = ctx.knowledge.cues
    side = lead_side(text, ctx.knowledge.sources)
    out = []
    for sp in built:
        if generic.match(sp.id) and sp.affiliation in ("", "unknown"):
            here = side if side in cues.anonymous_prefixes else _country_in_sentence(
                text, sp.start, cues)  # "arrived in Ireland ..., according to the
            prefix = cues.anonymous_prefixes.get(here)  # Department of Justice": Ireland's
            if prefix is not None:
                sp = replace(sp, id=f"{prefix[0]}-{sp.id}", affiliation=here)
        out.append(sp)
    return out


_IN_COUNTRY_NAME = re.compile(r"(?<![\w'’-])in\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


def _country_in_sentence(text: str, start: int, cues: Cues) -> str:
    """The side of the one country the sentence ending at `start` names after "in" ("have
    arrived in Ireland"), else unknown."""
    begin = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    sides = {cues.place_sides.get(m.group(1)) for m in _IN_COUNTRY_NAME.finditer(text, begin,
                                                                                 start)}
    sides.discard(None)
    return str(sides.pop()) if len(sides) == 1 else "unknown"


def _named_in_full(speakers: list[Speaker]) -> dict[str, Speaker]:
    """Each last name of a person named in full ("Serhiy Marchuk"): the first such person."""
    full: dict[str, Speaker] = {}
    for sp in sorted(speakers, key=lambda s: s.start):
        if sp.type == "person" and len(sp.name.split()) >= 2:
            full.setdefault(sp.name.split()[-1], sp)
    return full


def _full_name_ending(speakers: list[Speaker], last: str) -> Speaker | None:
    """The first person named in full whose name ends in the words of `last` (any case)."""
    words = last.lower().split()
    for sp in sorted(speakers, key=lambda s: s.start):
        named = sp.name.lower().split()
        if sp.type == "person" and len(named) > len(words) and named[-len(words):] == words:
            return sp
    return None


def _surnames_of_earlier(built: list[Speaker], known: list[Speaker], text: str,
                         cues: Cues) -> list[Speaker]:
    """A one-word name built from its apposition ("said Marchuk, a 24-year-old infantryman")
    that is the last name of a person named in full before it ("Serhiy Marchuk") is that
    person again, not a new source; so is one the text gave earlier after a known first name
    in narration only ("Volodymyr Khomenko, 46, a former teacher who ..., checks his phone")."""
    full = _named_in_full(known)
    out = []
    for sp in built:
        alone = sp.type == "person" and " " not in sp.name
        earlier = full.get(sp.name) if alone else None
        if earlier is None and sp.type == "person" and \
                sp.name.split()[0].lower() in cues.name_particles:
            earlier = _full_name_ending(known, sp.name)  # "Ten Doesschate" after "Sabine ten
            # Doesschate": the particle opens the last name, capitalised at a sentence start
        if earlier is not None and earlier.start < sp.start:
            sp = replace(earlier, start=sp.start, end=sp.end)
        elif alone and sp.id == slug(sp.name) and \
                (first := _first_name_before(text, sp.name, sp.end, cues)) is not None:
            name = f"{first} {sp.name}"
            sp = replace(sp, id=slug(name), name=name)
        out.append(sp)
    return out


_FIRST_THEN = re.compile(r"(?<![\w'’-])([A-ZÀ-ÞĀ-Ž][a-zà-ÿ]+) $")


def _first_name_before(text: str, last: str, before: int, cues: Cues) -> str | None:
    """The known first name (cues.yaml gender) that stands before `last` where the text
    first names it (its possessive too: "Olena Marchuk's goal"), before `before`; None
    when it first stands alone."""
    m = re.search(r"(?<![\w'’-])" + re.escape(last) + r"(?:['’]s)?(?![\w'’-])", text[:before])
    if m is None:
        return None
    first = _FIRST_THEN.search(text, max(0, m.start() - 30), m.start())
    return first.group(1) if first and first.group(1) in cues.gender_of_name else None


def _surnames_of_built(text: str, found: list[Speaker], built: list[Speaker],
                       taken: list[tuple[int, int]], cues: Cues
                       ) -> tuple[list[Speaker], list[tuple[int, int]]]:
    """"Vitaliy Matviyenko ... Matviyenko said": a last name alone after a person the article
    named in full is that person, not the registry's other one of that name (Valentina
    Matviyenko) whom the article never names in full (nor by an office before the last name:
    "President Biden ... Jill Biden ... Biden said" is the president); the built person's
    mentions take it."""
    full = {last: sp.start for last, sp in _named_in_full(built).items()}
    if not full:
        return found, taken
    named = {sp.id for sp in found if len(text[sp.start:sp.end].split()) >= 2
             or sp.type == "person" and office_before(text, sp.start, cues)}
    dropped = [sp for sp in found if sp.type == "person" and not sp.built
               and sp.id not in named and full.get(text[sp.start:sp.end], sp.start) < sp.start]
    if not dropped:
        return found, taken
    gone = {(sp.start, sp.end) for sp in dropped}
    return [sp for sp in found if sp not in dropped], [t for t in taken if t not in gone]


def _sided(groups: list[Speaker]) -> list[Speaker]:
    """A group with no side of its own ("Diplomats noted") is the article's group of that
    class named with a side before it ("three EU diplomats"): one unnamed voice per role."""
    latest: dict[str, Speaker] = {}
    out = []
    for group in sorted(groups, key=lambda g: g.start):
        if group.type == "group" and group.affiliation == "unknown" and group.id in latest:
            side = latest[group.id]
            group = replace(group, id=side.id, name=side.name, affiliation=side.affiliation)
        elif group.type == "group" and group.affiliation != "unknown" and "-" in group.id:
            latest[group.id.rsplit("-", 1)[1]] = group  # "south-korean-officials": officials
        out.append(group)
    return out


_BODY_NOUN_GAP = re.compile(r"\s+(?:[a-z]+\s+){0,2}")


def _quoting_gap(text: str, start: int, end: int, cues: Cues) -> bool:
    """"TASS quoted a security source as saying": a verb of quoting (cues.yaml quoted_as)
    between an outlet and an unnamed group makes the group the one quoted, not a noun
    describing the outlet."""
    return bool(cues.quoted_as.search(lowered(text[start:end])))
_NAME_AHEAD = re.compile(r" (?:[A-ZÀ-ÞĀ-Ž][\w'’-]+)(?: [A-ZÀ-ÞĀ-Ž][\w'’-]+)")
_NAMED_APPOSITION = re.compile(  # (a "who ..." clause first: "A police officer who rode with
    # the convoy, Senior Lieutenant Andriy Kovtun, told")
    r"(?:\s+who\s+[a-z][^,.;:“”\"\n]{1,80})?"
    r", (?:[A-ZÀ-ÞĀ-Ž][\w'’-]+)(?: [A-ZÀ-ÞĀ-Ž][\w'’-]+){1,3}(?:,| \(| [a-z]+ed\b| says\b)")


def _before_a_name(text: str, group: Speaker) -> bool:
    """"Volunteer Andriy Kovalchuk", "a military spokesman, Andriy Kovalov, said": the words
    are a title, and the named person speaks, not an unnamed group."""
    return group.singular and bool(_NAME_AHEAD.match(text, group.end)
                                   or _NAMED_APPOSITION.match(text, group.end))


def _surname_mentions(
    text: str, built: list[Speaker], taken: list[tuple[int, int]],
    registered: Sequence[Speaker] = (), families: dict[str, str] | None = None
) -> list[Speaker]:
    """Later mentions of a built person by last name alone ("Tymoshenko said"), and of a
    registered one whose last name alone is too common to name them anywhere, once the
    article has named them in full ("Anatoly Antonov ... Mr. Antonov said")."""
    out: list[Speaker] = []
    spans = sorted([*taken, *((b.start, b.end) for b in built)])
    starts = [a for a, _ in spans]
    by_last: dict[str, list[Speaker]] = {}
    for speaker in (*built, *registered):
        if speaker.type == "person":  # a registered family name first: "Mao Ning ... Mao"
            last = (families or {}).get(speaker.id) if not speaker.built else None
            by_last.setdefault(last or speaker.name.split()[-1], []).append(speaker)
    firsts: dict[str, list[Speaker]] = {}
    for speaker in built:  # "Oksana Hrytsenko ... Oksana said": a first name alone, when
        words = speaker.name.split()  # no other person in the text has it
        if speaker.type == "person" and len(words) >= 2 and words[0][:1].isupper() and \
                len(words[0]) > 2 and not words[0].endswith("."):
            firsts.setdefault(words[0], []).append(speaker)
    # A first word two people share ("Choi Hye-won ... Choi Min-ji said ... Choi said") names
    # the one named last in the paragraph, and no one outside it.
    shared: set[str] = set()
    for first, holders in firsts.items():
        if first not in by_last:
            by_last[first] = holders
            if len({h.id for h in holders}) > 1:
                shared.add(first)
    if not by_last:
        return out
    for start, end in _name_hits(text, sorted(by_last, key=len, reverse=True)):
        holders = by_last[text[start:end]]
        earlier = [s for s in holders if s.start < start]
        if text[start:end] in shared:
            earlier = [s for s in earlier if "\n" not in text[s.start:start]]
            if not earlier:
                continue
        speaker = max(earlier, key=lambda s: s.start) if earlier else holders[0]
        if start > speaker.start and not _overlaps(start, end, spans, starts):
            out.append(replace(speaker, start=start, end=end))
    return out


def _name_hits(text: str, names: list[str]) -> list[tuple[int, int]]:
    """The spans re.finditer would give for the alternation of `names` (tried in this order),
    each alone as a word: nothing word-like before it, and after it no word character, ’ or
    hyphen, and no ' but that of 's. Found with str.find, not by a regex made of these
    names: each article has names of its own, so that regex would be compiled again for
    nearly every article, and it would try every position of the text besides."""
    first: dict[int, int] = {}  # start -> end of the first name (in `names` order) there
    for name in names:
        at = text.find(name)
        while at >= 0:
            if at not in first and _alone(text, at, at + len(name)):
                first[at] = at + len(name)
            at = text.find(name, at + 1)
    hits, reached = [], 0
    for start in sorted(first):
        if start >= reached:  # finditer goes on after the end of its last match
            hits.append((start, first[start]))
            reached = first[start]
    return hits


def _alone(text: str, start: int, end: int) -> bool:
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_'’-"):
        return False
    if end < len(text):
        after = text[end]
        if after.isalnum() or after in "_’-":
            return False
        if after == "'" and text[end + 1:end + 2] != "s":
            return False
    return True


def _overlaps(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_left(starts, end)
    return any(s < end and start < e for s, e in spans[max(0, i - 8):i])


def candidate_sources(text: str, speakers: list[Speaker]) -> tuple[Source, ...]:
    """One Source per id, its mentions in text order; sources ordered by first mention."""
    by_id: dict[str, list[Speaker]] = {}
    for speaker in speakers:
        by_id.setdefault(speaker.id, []).append(speaker)
    out = []
    for source_id, group in by_id.items():
        first = group[0]
        mentions = tuple(Span(s.start, s.end, text[s.start:s.end]) for s in group)
        out.append(Source(id=source_id, name=first.name, kind=first.kind,
                          affiliation=first.affiliation, mentions=mentions,
                          registered=not first.built))
    return tuple(sorted(out, key=lambda s: (s.mentions[0].start, s.id)))
