"""Claims pass: relays (via), nested attribution and the publishing outlet."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Set as AbstractSet

from builder.annotate import Context
from builder.annotate.datelines import dateline_outlet, wire_agency
from builder.annotate.described_outlets import broadcaster_named
from builder.annotate.speakers import gap_ok
from builder.annotate.speakers.wording import SENTENCE_STOP
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import alternation, lowered, normalise, printed
from builder.annotate.claims.scan import (
    Found,
    Scan,
    Unit,
    QUOTE_MARKS,
    TRIM,
    unpunctuated_end,
    is_covered,
    text_key,
    speaker_after,
    speakers_ending_before,
    speakers_from,
    speech_verbs,
    tidy,
)
from builder.annotate.claims.clauses import (
    after_listener,
    after_verb,
)
from builder.annotate.claims.subjects import NOBODY_IN, titled_person_after
from builder.knowledge.words import find as find_phrases
from builder.knowledge.words import find_printed_any_case


_OWN_CORRESPONDENT = re.compile(
    r"([A-Z][\w-]*(?: [A-Z][\w-]*){0,3})['’]s (?:[A-Z][\w'’-]+ ){1,3}?(?:[A-Z][\w'’-]+),? "
    r"(?:who is )?reporting from"
    # "Reporting from Kyiv, Al Jazeera's Charlotte Bellis said": the place first
    r"|(?<![\w'’-])[Rr]eporting from [A-Z][^,.;:“”\"]{0,40}, "
    r"([A-Z][\w-]*(?: [A-Z][\w-]*){0,3})['’]s [A-Z]")


def own_outlets(ctx: Context) -> frozenset[str]:
    """The outlet that publishes the article: its metadata, a wire dateline "(AFP) -", or
    its own correspondent on location ("Al Jazeera's Charles Stratford, reporting from")."""
    registry = ctx.knowledge.sources
    names = [ctx.document.meta.outlet or ""]
    names.append(dateline_outlet(ctx.text) or "")
    if "eporting from" in ctx.text:  # the pattern's own words: a plain search first
        names.extend(own.group(1) or own.group(2)
                     for own in _OWN_CORRESPONDENT.finditer(ctx.text))
    return frozenset(hit.id for name in names if name for hit in registry.find(name))


_OUTLET_BEFORE_PHRASE = re.compile(r"['’]?s?(?:\s+[A-Z][\w'’-]+){0,3}\s*$")  # "Fox News' Jo Bloggs"
_OUTLET_AFTER_PHRASE = re.compile(r"\s+(?:the\s+)?", re.IGNORECASE)


def outlets_in_own_voice(scan: Scan, known: frozenset[str] = frozenset()) -> frozenset[str]:
    """Outlets the text itself shows as its publisher (cues.yaml: own_outlet_before/after):
    "verified by the BBC", "Euronews could not verify", or one that two speakers "told"; when
    the publisher is not `known` (metadata, dateline), the one outlet anybody "told" plainly,
    even with other outlets relaying others in the article. When the metadata names an outlet
    the registry lacks, an outlet told is the publisher only under that name: others relay."""
    registry = scan.resolver.ctx.knowledge.sources
    own: set[str] = set()

    def media(hits):
        return [h for h in hits if (e := registry.get(h.id)) is not None and e.kind == "media"]

    unregistered: list[set[str]] = []  # names in the publisher's voice no registry holds
    for m in find_phrases(scan.cues.lists["own_outlet_after"], scan.text):
        lo = max(0, m.start() - 60)
        hits = registry.find(scan.text[lo:m.start()])
        for hit in media(hits):
            if _OUTLET_BEFORE_PHRASE.fullmatch(scan.text, lo + hit.end, m.start()):
                own.add(hit.id)
        named = _NAME_BEFORE.search(scan.text, lo, m.start())
        if named is not None and not any(lo + h.end > named.start() for h in hits):
            unregistered.append(set(named.group().split()) - {"The"})
    for m in find_printed_any_case(scan.cues.printed_lists["told_paper"], scan.text):
        # "told the Harbour Courier that"
        if not registry.find(m.group("name")):
            unregistered.append(set(m.group("name").split()))
    told_names: dict[str, int] = {}  # a name no registry holds, told or spoken on twice
    # ("Speaking on Harbourline Breakfast", "told Harbourline's Evening Drive"): the publisher;
    # not a person told twice
    for m in find_printed_any_case(scan.cues.printed_lists["told_name"], scan.text):
        if not registry.find(m.group(1)) and not _listener_named(scan, m.start(1)):
            told_names[m.group(1)] = told_names.get(m.group(1), 0) + 1
    unregistered.extend({name} for name, count in told_names.items() if count >= 2)
    for m in find_phrases(scan.cues.lists["own_outlet_before"], scan.text):
        for hit in media(registry.find(scan.text[m.end():m.end() + 40])):
            if _OUTLET_AFTER_PHRASE.fullmatch(scan.text, m.end(), m.end() + hit.start):
                own.add(hit.id)
    told: dict[str, int] = {}
    spoken: dict[str, int] = {}  # on the outlet's air: "speaking on Sky News's Sunrise"
    bare: set[str] = set()  # told plainly: "told DW that", not "told CNN in an interview"
    by_name: set[str] = set()  # told plainly, by the outlet's proper name
    interviewed: set[str] = set()  # "said in an interview with the Northern Ledger that"
    for sp in scan.speakers:
        entry = registry.get(sp.id) if sp.type == "org" else None
        if entry is not None and entry.kind == "media" and sp.id not in own and \
                scan.cues.told_outlet.search(scan.text, max(0, sp.start - 30), sp.start):
            told[sp.id] = told.get(sp.id, 0) + 1
            if _TOLD_PLAINLY.match(scan.text, sp.end) and "agency" not in entry.roles and \
                    not _INTERVIEW_WITH.search(scan.text, max(0, sp.start - 30), sp.start) and \
                    not scan.cues.outlet_kind_after.match(scan.text, sp.end) and \
                    not scan.cues.described_outlet.search(scan.text, max(0, sp.start - 30),
                                                          sp.start):
                bare.add(sp.id)  # (not "told the N1 television channel": another outlet)
                if scan.text[sp.start].isupper():
                    by_name.add(sp.id)  # "told Ukrainska Pravda", not "told the national telethon"
            elif _INTERVIEW_WITH.search(scan.text, max(0, sp.start - 30), sp.start):
                interviewed.add(sp.id)
        elif entry is not None and entry.kind == "media" and sp.id not in own and \
                scan.cues.spoken_on.search(scan.text, max(0, sp.start - 30), sp.start):
            spoken[sp.id] = spoken.get(sp.id, 0) + 1
    if told:
        for m in _AS_REPORTED.finditer(scan.text):  # "As Interfax-Ukraine reported, ...": its
            for hit in registry.find(scan.text[m.end():m.end() + 40]):  # own earlier news
                if hit.start == 0 and hit.id in told and \
                        _REPORTED_AFTER.match(scan.text, m.end() + hit.end):
                    told[hit.id] += 1
    publisher = _unregistered_publisher(scan) if not known else None
    if publisher is not None:  # "told Suspilne" twice in a paper the metadata names: a relay
        own.update(o for o in told if _same_outlet(publisher, registry.get(o)))
        scan.other_papers = _other_papers(scan, own, told, by_name, interviewed, True, True)
        return frozenset(own)
    own.update(outlet for outlet, count in told.items() if count + spoken.get(outlet, 0) >= 2)
    short = {o for o in told for words in unregistered if words & _name_words(registry.get(o))}
    own |= short  # "The Post could not verify" and "told The Washington Post": the publisher
    elsewhere = bool(unregistered) and not short  # "Euromaidan Press could not verify": told
    # outlets are others
    papers = {o for o in told if "agency" not in registry.entries[o].roles}  # (a wire told
    # words always relays them, so it says nothing of who publishes: "told BNS")
    if not own and not known and not elsewhere and len(papers) == 1 and papers == bare and \
            scan.text.count("\n\n") >= _WHOLE_ARTICLE - 1 and \
            not scan.cues.publisher_in_person.search(scan.text) and \
            not _reviews_papers(scan, papers):
        own.update(papers)  # the one outlet anybody talks to plainly: the publisher
    scan.other_papers = _other_papers(scan, own | known, told, by_name, interviewed, elsewhere)
    return frozenset(own)


def _unregistered_publisher(scan: Scan) -> set[str] | None:
    """The words of the publisher the article's metadata names (outlet, or "source",
    "publisher", a title's " | Outlet"), when no registered outlet bears that name."""
    outlet = scan.resolver.ctx.document.meta.outlet
    if not outlet or scan.resolver.ctx.knowledge.sources.find(outlet):
        return None
    return set(outlet.split()) - {"The", "the"}


def _same_outlet(named: set[str], entry) -> bool:
    """A registered outlet is the one the metadata names: one of its names holds every word
    of that name, or that name holds every word of one of its names ("The Post", "Post")."""
    if entry is None or not named:
        return False
    return any(named <= (words := set(name.split()) - {"The", "the"}) or words <= named
               for name in (entry.name, *entry.aliases) if name.strip())


def _listener_named(scan: Scan, pos: int) -> bool:
    """The words told at `pos` name a person, not a programme's outlet: with no "the" before
    them, a role (cues.yaml roles) first after any side's words ("told Prime Minister Oskar
    Lind that", "told Russian President ...", not "told Polish Radio's ..." nor "told The
    Economist"), or a registered person ("told Vladimir Putin that")."""
    if not _THE_BEFORE_NAME.search(scan.text, max(0, pos - 4), pos):
        at = pos  # the end of the side's words read so far
        for word in _CAPITALISED.finditer(scan.text, pos, pos + 60):
            if scan.text[at:word.start()].strip():
                break
            if not scan.cues.affiliation(word.group()):
                role = scan.cues.roles.match(scan.low, word.start())
                if role is not None and not scan.low[role.end():role.end() + 1].isalnum():
                    return True
                break
            at = word.end()
    registry = scan.resolver.ctx.knowledge.sources
    return any(hit.start == 0 and (e := registry.get(hit.id)) is not None and e.type == "person"
               for hit in registry.find(scan.text[pos:pos + 40]))


_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")  # a capitalised word told
_THE_BEFORE_NAME = re.compile(r"(?i:\bthe)\s+$")


def _name_words(entry) -> set[str]:
    """The words of an outlet's name and aliases."""
    if entry is None:
        return set()
    return {w for name in (entry.name, *entry.aliases) for w in name.split()}


# A capitalised name (one to four words, "The" allowed) right before a phrase of the
# publisher's own voice: "Euromaidan Press could not verify".
_NAME_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s+$")


def _other_papers(scan: Scan, own: set[str], told: dict[str, int], bare: set[str],
                  interviewed: AbstractSet[str] = frozenset(), elsewhere: bool = False,
                  every_told: bool = False) -> frozenset[str]:
    """Newspapers told once in an article some other outlet plainly publishes: the publisher
    is known, or one outlet is named far more often than any told one ("an investigation by
    Bellingcat has found ... told Ukrainska Pravda"): their words come via the paper; so do a
    paper's, once, "in an interview with" it, when the publisher is known; `every_told`:
    a paper told more than once too (the metadata names the publisher, no told one)."""
    once = {outlet for outlet, count in told.items() if (count == 1 or every_told) and
            outlet not in own and outlet in bare}
    if own:
        once |= {o for o in interviewed if told.get(o) == 1 and o not in own}
    if not once:
        return frozenset()
    if own or elsewhere or scan.cues.publisher_in_person.search(scan.text):
        return frozenset(once)  # (a writer who was "told" things in person is no outlet told)
    if _reviews_papers(scan, once):
        return frozenset(once)  # a press review: the papers it reviews are all others
    registry = scan.resolver.ctx.knowledge.sources
    named: dict[str, int] = {}
    for sp in scan.speakers:
        entry = registry.get(sp.id) if sp.type == "org" else None
        if entry is not None and entry.kind == "media":
            named[sp.id] = named.get(sp.id, 0) + 1
    top = max(named.values(), default=0)
    if top < _NAMED_OFTEN:
        return frozenset()
    return frozenset(o for o in once if named.get(o, 0) == 1)


_NAMED_OFTEN = 3  # mentions: an outlet named this often is the article's own subject
_REVIEWED = 3  # outlets whose own reports a text gives: it reviews the papers


def _reviews_papers(scan: Scan, told: AbstractSet[str]) -> bool:
    """A press review: the text gives the own reports of three or more registered outlets
    besides those told words ("Kommersant reports", "Vedomosti notes", "Rossiyskaya Gazeta
    carries"), so a paper told words is one more it reviews, not its publisher."""
    registry = scan.resolver.ctx.knowledge.sources
    reporting = {sp.id for sp in scan.speakers if sp.type == "org" and sp.id not in told
                 and (entry := registry.get(sp.id)) is not None and entry.kind == "media"
                 and _OWN_REPORT.match(scan.text, sp.end)}
    return len(reporting) >= _REVIEWED
_OWN_REPORT = re.compile(r"\s+(?:reports|writes|notes|argues|says|carries|prints|quotes)\b")


_AS_REPORTED = re.compile(r"\bAs\s+(?:the\s+)?")
_REPORTED_AFTER = re.compile(r"\s+(?:earlier\s+|previously\s+|has\s+|had\s+)*reported\b")
_INTERVIEW_WITH = re.compile(r"interview\s+with\s+(?:the\s+)?$", re.IGNORECASE)
_WHOLE_ARTICLE = 5  # paragraphs: fewer, and an outlet named once says nothing of the publisher
_TOLD_PLAINLY = re.compile(  # not "told CNN in an interview", "told ABC during an interview",
    r"(?![^.;:]{0,20}?\b(?:in|during)\s+(?:an?\s+)?(?:\w+\s+)?interview)"  # nor a show by
    r"(?!['’]s?\s+[“\"‘][A-Z])")  # its title: "told CNN's "State of the Union"" (a broadcast)


def citing(scan: Scan, start: int, end: int, before: int, covered) -> None:
    """"TASS reported, citing the ministry": the ministry speaks, via TASS."""
    for m in find_phrases(scan.cues.lists["citing"], scan.text, start, end):
        last = scan.found[-1] if len(scan.found) > before else None
        if last is not None and last.mention is not None and not last.via and \
                m.end() <= last.mention.start and last.mention.end <= last.start and (
                    last.mention.start <= m.end() + 8 or _DESCRIBED_NAME.fullmatch(
                        scan.text, m.end(), last.mention.start)):
            outlet = _outlet_ending_at(scan, start, m.start())
            if outlet is not None and outlet != last.source:  # "The AP, citing an official,
                last.via = (outlet,)  # had reported that ...": the official's, via the AP
                last.rule += ":cited-by"
                return
        if is_covered(m.start(), covered) and not (
                last is not None and last.mention is not None
                and last.mention.end <= m.start() < last.start
                and (entry := scan.resolver.ctx.knowledge.sources.get(last.source or ""))
                and entry.kind == "media"):
            continue  # but "The Post, citing U.S. officials, reported that ...": theirs
        speaker = speaker_after(scan, m.end(), end, reach=40)
        if speaker is None:
            continue
        speaker = titled_person_after(scan, speaker, end) or speaker  # "citing HUR spokesman X"
        source, _rule = scan.resolver.resolve(speaker, m.start())
        target = scan.found[-1] if scan.found else None
        if target is None or source is None or target.source == source:
            continue
        if len(scan.found) == before and not _follows_closely(scan.text, target.end, start):
            continue
        via = tuple(v for v in (target.source, *target.via) if v)
        outlet = target.source
        targets = [f for f in scan.found[before:-1] if f.source == outlet and not f.via
                   and f.mention is target.mention and f.start > m.end()] + [target]
        for found in targets:  # "reported, citing X, that A and that B": both X's
            found.via, found.source, found.rule = via, source, found.rule + ":citing"
            found.mention = speaker
        return


_DESCRIBED_NAME = re.compile(  # "citing the spokesman for the ... Ministry, " before the name
    r"\s*(?:the|a|an|its|their)\s[^.;:“”\"()]{1,120},\s*")


def _outlet_ending_at(scan: Scan, start: int, pos: int) -> str | None:
    """The news outlet named right before `pos` (only a comma between): "the AP, citing"."""
    registry = scan.resolver.ctx.knowledge.sources
    for sp in speakers_ending_before(scan, start, pos):
        entry = registry.get(sp.id)
        if entry is None or entry.kind != "media" or sp.id in scan.own_outlets:
            return None
        return sp.id if scan.text[sp.end:pos].strip() in ("", ",") else None
    return None


_CARRIED_BY = re.compile(r",\s+(?:which|who)\s+was\s+(?:quoted|cited)\s+by\s+(?:the\s+)?$"
                         r"|,\s+in\s+(?:remarks|comments)\s+(?:carried|quoted|cited)\s+by"
                         r"\s+(?:the\s+)?$", re.IGNORECASE)


def told_outlet(scan: Scan, verb_end: int, relay: str) -> tuple[str, ...]:
    """"X told Ukrainska Pravda, which was quoted by Interfax, that A": the outlet X told,
    inside the relay that carried its report (a chain, outermost first: Interfax, then
    Ukrainska Pravda); none when the listener is no registered outlet or the article's own."""
    registry = scan.resolver.ctx.knowledge.sources
    first = bisect.bisect_left(scan.starts, verb_end)
    listener = next((sp for sp in scan.speakers[first:first + 3]
                     if sp.start - verb_end <= 5), None)
    carrier = next((sp for sp in scan.speakers[first:first + 4] if sp.id == relay), None)
    if listener is None or carrier is None or listener.id in (relay, *scan.own_outlets):
        return ()
    entry = registry.get(listener.id)
    if entry is None or entry.kind != "media" or \
            not _CARRIED_BY.search(scan.text, listener.end, carrier.start):
        return ()
    return (listener.id,)


def relay_of(scan: Scan, start: int, end: int, found: Found) -> str | None:
    """A broadcaster or news agency that carried the words ("told Sky News", "in an interview
    with the Rossiya-24 TV channel", "said on CNN's State of the Union"): the claim comes via
    it, unless it is the article's own outlet (a newspaper's own interview is no relay)."""
    registry = scan.resolver.ctx.knowledge.sources
    quoting = _quoting_outlet(scan, start, found)
    if quoting is not None:
        return quoting
    first = bisect.bisect_left(scan.starts, start)
    for sp in scan.speakers[first:bisect.bisect_left(scan.starts, end)]:
        readout = _readout(scan, sp, found, end)
        if readout is not None:
            return readout
        recorded = _recorded_by_reference(scan, sp, found, start)
        if recorded is not None:
            return recorded
        told = _told_agency(scan, sp, found, start)
        if told is not None:
            return told
        press = _own_press_service(scan, sp, found, start)
        if press is not None:
            return press
        entry = registry.get(sp.id)
        if entry is None and sp.built and sp.kind == "media" and sp.id != found.source and \
                not found.start <= sp.start < found.end and \
                scan.cues.relay_lead.search(scan.text, max(start, sp.start - 40), sp.start) and (
                    scan.cues.described_outlet.search(scan.text, max(start, sp.start - 30),
                                                      sp.start)
                    or scan.cues.outlet_noun_after.match(scan.text, sp.end)
                    or broadcaster_named(sp.name, scan.cues)
                    or _interviewed_by(scan, sp)
                    or scan.cues.broadcast_name.fullmatch(sp.name) and wire_agency(
                        scan.text, registry)):
            return sp.id  # "told the Czech music outlet Rytmus TV", "told the Dravan daily": an
            # outlet the registry lacks, introduced as one (in a news agency's wire copy, a
            # country's broadcaster too: "told Polish Radio")
        if entry is None and sp.built and sp.kind == "media" and sp.start >= found.end and \
                _TRAILING_RELAY.search(scan.text, max(found.end, sp.start - 50), sp.start) and \
                _RELAY_TAIL.fullmatch(scan.text, sp.end, end):
            return sp.id  # "X informed Y that A, the Tamedia newspapers reported"
        if entry is None or sp.id == found.source or sp.id in scan.own_outlets:
            continue
        if any(f is not found and f.mention is not None and f.mention.start <= sp.start < f.end
               for f in scan.found[-6:]):
            continue  # "X, who told CBS that A, the spokesperson said B": X's relay, not B's
        if found.start <= sp.start < found.end:
            continue
        if entry.kind != "media":
            if entry.type == "org" and found.source and \
                    scan.resolver.source_type(found.source) == "person" and \
                    _released_by(scan, max(start, sp.start - 50), sp.start):
                return sp.id  # "a captured fighter said in a video released by the SBU"
            continue  # an intelligence "agency" is no news agency
        if scan.cues.partner_lead.search(scan.text, max(start, sp.start - 40), sp.start):
            continue  # "X, which counts the dead together with the BBC, said": no relay
        if scan.cues.relay_lead.search(scan.text, max(start, sp.start - 40), sp.start):
            described = scan.cues.described_outlet.search
            if set(entry.roles) & scan.cues.relay_roles or \
                    described(scan.text, max(start, sp.start - 30), sp.start) or \
                    scan.cues.outlet_kind_after.match(scan.text, sp.end):
                return sp.id  # "told the German tabloid Bild" / "the Izvestia daily": introduced
            if sp.id in scan.other_papers and found.source is not None and \
                    scan.resolver.source_type(found.source) in ("person", "group"):
                return sp.id  # "told Ukrainska Pravda" in an article another outlet publishes
            continue  # "told the Guardian": a newspaper's own interview, no relay
        if sp.start >= found.end and entry.kind == "media" and _TRAILING_RELAY.search(
                scan.text, max(found.end, sp.start - 50), sp.start) and \
                _RELAY_TAIL.fullmatch(scan.text, sp.end, end):
            return sp.id  # "X said ..., TASS reported", "..., according to state news agency TASS"
    return None


def _interviewed_by(scan: Scan, sp) -> bool:
    """The built outlet stands right after "in an interview with" ("France 3")."""
    m = scan.cues.interviewed_outlet.search(scan.text, max(0, sp.start - 30), sp.end)
    return m is not None and m.span(1) == (sp.start, sp.end)


_QUOTES_WHO = re.compile(  # "Izvestia also quotes (US Secretary of State) X, who said"
    r"\s+(?:also\s+)?(?:quotes|quoted|cites|carries\s+(?:a\s+)?(?:statement|comments|remarks)"
    r"\s+(?:by|from))\s+(?:[\w'’.-]+\s+){0,5}$")


def _quoting_outlet(scan: Scan, start: int, found: Found) -> str | None:
    """"Izvestia also quotes X, who said that A", "Rossiyskaya Gazeta carries a statement by X,
    who writes that A": A is X's, via the registered outlet that quotes X (not the publisher)."""
    mention = found.mention
    if mention is None or found.source is None or mention.start < start or \
            not scan.text.startswith(", who ", mention.end):
        return None
    verb = _QUOTES_WHO.search(scan.text, start, mention.start)
    if verb is None:
        return None
    registry = scan.resolver.ctx.knowledge.sources
    for sp in speakers_ending_before(scan, start, verb.start()):
        entry = registry.get(sp.id)
        if entry is None or entry.kind != "media" or sp.id in scan.own_outlets or \
                sp.end != verb.start():
            return None
        return sp.id
    return None


def _recorded_by_reference(scan: Scan, sp, found: Found, start: int) -> str | None:
    """"said in a video posted by the regiment": the body a later reference names put out
    the person's words, so they come via it."""
    if sp.id or sp.type != "reference" or found.source is None or \
            scan.resolver.source_type(found.source) != "person" or \
            not _released_by(scan, max(start, sp.start - 50), sp.start):
        return None
    body = scan.resolver.resolve(sp, sp.start)[0]
    if not body or body == found.source or scan.resolver.source_type(body) != "org":
        return None
    scan.relayed.append((body, sp))
    return body


def _told_agency(scan: Scan, sp, found: Found, start: int) -> str | None:
    """"Peskov told the agency": a later reference to a news agency or broadcaster the text
    named before (a relay role's outlet) that the speaker told the words to: they come via it,
    as they would by its name."""
    if sp.id or sp.type != "reference" or found.source is None or \
            found.start <= sp.start < found.end or \
            not _TOLD_REFERENCE.search(scan.text, max(start, sp.start - 12), sp.start) or \
            _named_right_after(scan, sp):
        return None
    outlet = scan.resolver.resolve(sp, sp.start)[0]
    if outlet is None:
        return None
    entry = scan.resolver.ctx.knowledge.sources.get(outlet)
    if entry is None or entry.kind != "media" or outlet == found.source or \
            outlet in scan.own_outlets or not set(entry.roles) & scan.cues.relay_roles:
        return None
    scan.relayed.append((outlet, sp))
    return outlet


def _own_press_service(scan: Scan, sp, found: Found, start: int) -> str | None:
    """"X said in a note posted by her press service": the speaker's own press service
    (a voice noun of cues.yaml voices after "his"/"her") put out the words, so they come via
    the registry's entry for it ("Prigozhin's press service")."""
    if sp.id or found.source is None or \
            not _released_by(scan, max(start, sp.start - 50), sp.start):
        return None
    own = _own_voice(scan.cues.person_possessives).fullmatch(scan.text, sp.start, sp.end)
    registry = scan.resolver.ctx.knowledge.sources
    entry = registry.get(found.source)
    if own is None or entry is None or entry.type != "person" or \
            normalise(own.group(1)) not in scan.cues.voice_phrases:
        return None
    name = f"{entry.name.split()[-1]}'s {own.group(1)}"
    return next((hit.id for hit in registry.find(name)
                 if hit.start == 0 and hit.end == len(name) and hit.id != found.source), None)


@functools.lru_cache(maxsize=4)
def _own_voice(possessives: frozenset[str]) -> re.Pattern[str]:
    """A person's possessive pronoun (cues.yaml person_possessives) and one or two lower-case
    words after it: "his press service"."""
    return re.compile(r"(?:" + printed([*possessives, *(p.capitalize() for p in possessives)])
                      + r")\s+([a-z]+(?:\s+[a-z]+)?)")


def _named_right_after(scan: Scan, sp) -> bool:
    """A registered name follows the reference with only a space between ("told the state
    agency RIA Novosti"): the reference describes that name, it does not look back."""
    nxt = next(iter(speakers_from(scan, sp.end, 1)), None)
    return nxt is not None and nxt.id is not None and \
        scan.text[sp.end:nxt.start] in (" ", "\u00a0")


_TOLD_REFERENCE = re.compile(r"(?<![\w'’-])told\s+(?:the\s+)?$", re.IGNORECASE)


def _released_by(scan: Scan, lo: int, pos: int) -> bool:
    """A body put out a recording of the words right before `pos` (cues.yaml: recording_by):
    "in a video released by the SBU"."""
    return any(scan.text[m.end():pos].strip().lower() in ("", "the")
               for m in find_phrases(scan.cues.lists["recording_by"], scan.text, lo, pos))


def _readout(scan: Scan, sp, found: Found, end: int) -> str | None:
    """"Austin told Lee that X, according to the ministry (a ministry statement, a statement
    from the ministry)": a body's readout that carries a person's words after them (the body
    is no person, and not the speaker's own voice)."""
    if sp.start < found.end or found.source is None or \
            scan.resolver.source_type(found.source) != "person":
        return None
    lead = _TRAILING_ACCORDING.search(scan.text, max(found.end, sp.start - 60), sp.start)
    document = _DOCUMENT_AFTER.match(scan.text, sp.end, end)
    if document is not None and not _is_document(scan, document.group(1)):
        document = None
    if lead is None or (lead.group("doc") is not None or lead.group("article") is not None) \
            and not (_is_document(scan, lead.group("doc") or "") or document) \
            or not _RELAY_TAIL.fullmatch(scan.text, document.end() if document else sp.end,
                                         end):
        return None
    source, _rule = scan.resolver.resolve(sp, sp.start)
    if source is None or source == found.source or source in scan.own_outlets or \
            scan.resolver.source_type(source) not in ("org",):
        return None
    return source


_TRAILING_ACCORDING = re.compile(  # ", according to (the)", "a", "a statement from (the)";
    r",\s+(?:according\s+to|per)\s+(?:the\s+|(?P<article>an?\s+)|(?:the|an?)\s+"
    r"(?P<doc>[a-z]+(?:\s+[a-z]+)?)\s+(?:from|by|of)\s+(?:the\s+)?)?$", re.IGNORECASE)
_DOCUMENT_AFTER = re.compile(  # "the ministry statement", "the ministry's statement"
    r"(?:['’]s)?\s+([a-z]+(?:\s+[a-z]+)?)(?=[\s.,;!?”\"’]|$)")


def _is_document(scan: Scan, words: str) -> bool:
    """A document noun of cues.yaml documents ("statement", "readout", "press release")."""
    return bool(words) and scan.cues.documents.fullmatch("the " + words.lower()) is not None
_TRAILING_RELAY = re.compile(
    r"(?:,|\baccording\s+to)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_RELAY_TAIL = re.compile(r"(?:\s+(?:news\s+agency|agency|reported|reports|said|says|wrote|"
                         r"writes|TV\s+channel))*\s*[.!?”\"’]*\s*", re.IGNORECASE)


def _follows_closely(text: str, claim_end: int, start: int) -> bool:
    return start - claim_end < 80 and "\n\n" not in text[claim_end:start]


def nested(scan: Scan, outer: Found, units: list[Unit]) -> None:
    """A quotation that itself reports a named speaker: that speaker's claim, via the quoter."""
    if outer.kind != "quote" or outer.source is None:
        return
    unit = next((u for u in units if u.start == outer.start or u.open == outer.start - 1), None)
    parts = unit.parts if unit else ((outer.start, outer.end),)
    inner: list[Found] = []
    for part_start, part_end in parts:
        found = inner_claim(scan, part_start, part_end, outer)
        if found is not None:
            inner.append(found)
    if not inner:
        return
    scan.found[:] = [f for f in scan.found if not (
        f.kind == "quote" and f.source == outer.source and outer.start <= f.start < outer.end)]
    pieces = [(a, b) for a, b in parts if not any(a <= f.start < b for f in inner)]
    for a, b in _merge_adjacent(scan.text, pieces):
        a, b = tidy(scan.text, a, b)
        if b > a:
            scan.found.append(Found(a, b, "quote", outer.source, outer.mention, outer.via,
                                    outer.rule))
    scan.found.extend(inner)
    scan.found.sort(key=lambda f: f.start)


def _merge_adjacent(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        if out and not text[out[-1][1]:a].strip(TRIM + QUOTE_MARKS + "\n"):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def inner_claim(scan: Scan, start: int, end: int, outer: Found) -> Found | None:
    text = scan.text
    for m in speech_verbs(scan, start, end):
        frames = scan.cues.frames(m.group())
        for sp in speakers_ending_before(scan, start, m.start()):
            if sp.type not in ("person", "org") or not gap_ok(scan.cues, text[sp.end:m.start()]) \
                    or NOBODY_IN.search(text, max(start, sp.start - 24), sp.start):
                break  # "Nobody in the Kremlin will say it": nobody speaks
            body = after_listener(scan, m.end(), end) if "object" in frames else None
            if body is None:  # ("Putin told his guest Russia had ...": no "that" after a listener)
                body = after_verb(text, m.end(), end, frames, scan.cues, asides=False)
            if body is None or text_key(re.split(r"[,;.]", text[body:end], maxsplit=1)[0]) in \
                    scan.cues.not_content:
                break  # "... will say it, but ...": no content of its own
            if m.group().lower() not in scan.cues.plain_saying and \
                    not re.search(r"\bthat\s*$|:\s*$", text[m.end():body]):
                break  # "Russian military claims the title of ...": a jibe, no claim relayed
            source, rule = scan.resolver.resolve(sp, m.start())
            if source is None or source == outer.source:
                break
            body_end = unpunctuated_end(text, body, end)
            via = tuple(v for v in (outer.source, *outer.via) if v)
            return Found(body, body_end, "reported", source, sp, via, "nested" + rule)
    return None




# ("In" first, then what may stand before it: the regex engine skips from one "In" to the next)
_INTERVIEW_FRAME = re.compile(
    r"In(?:(?<=^In)|(?<=\nIn)|(?<=[.!?]\sIn))\s+(?:an?|his|her|their|the)\s+(?:[\w-]+\s+){0,2}"
    r"interview\s+"
    r"(?:(?:published|broadcast|aired|given|released|carried)\s+)?(?:on\s+[\w.]+\s+)?"
    r"(?:by|with|to|on)\s+")


def interview_frames(scan: Scan) -> None:
    """"In an interview published on Thursday by Le Parisien, the minister, X, defended ...":
    X's claims in this paragraph and the next two come via the outlet (not the publisher)."""
    text = scan.text
    registry = scan.resolver.ctx.knowledge.sources
    for m in _INTERVIEW_FRAME.finditer(text):
        outlet = next((sp for sp in speakers_from(scan, m.end(), 1)
                       if sp.start - m.end() <= 4), None)
        if outlet is None:
            continue
        entry = registry.get(outlet.id)
        if entry is None or entry.kind != "media" or outlet.id in scan.own_outlets:
            continue
        comma = text.find(", ", outlet.end, outlet.end + 40)  # the frame ends at its comma
        person = next((sp for sp in speakers_from(scan, comma, 4) if sp.type == "person"
                       and not re.search(r"[.;:!?]", text[comma:sp.start])
                       and sp.start - comma <= 80), None) if comma >= 0 else None
        if person is None:
            continue
        source, _rule = scan.resolver.resolve(person, person.start)
        end = m.start()
        for _ in range(3):  # this paragraph and the next two
            nxt = text.find("\n\n", end + 1)
            end = len(text) if nxt < 0 else nxt
        for f in scan.found:
            if m.start() <= f.start < end and f.source == source and not f.via:
                f.via = (outlet.id,)


def carry_relays(text: str, found: list[Found], cues: Cues) -> None:
    """A quotation that goes on with the words of a speaker just relayed ("Peskov was quoted
    by Interfax as saying ..." ¶ "“...,” Peskov said.") comes via the same relay."""
    ordered = sorted(found, key=lambda f: f.start)
    for before, after in itertools.pairwise(ordered):
        if after.via or not before.via or after.source != before.source:
            continue
        if after.kind == "reported" and after.mention is not None and \
                _SAME_BREATH.fullmatch(text, before.end, after.mention.start):
            after.via = before.via  # "said on KTV's Sunday Desk that A, while Ms Varga warned B"
            continue
        if after.kind == "reported" and "\n\n" not in text[before.end:after.start] and (
                cues.bare_said.match(text, after.end) or _body_said(text, after.end, cues)) and \
                after.start - before.end < _RELAYED_BODY_REACH:
            after.via = before.via  # "..., the Kremlin said, according to RIA. ..., it added."
            continue  # (or "..., the ministry said": the body just relayed, by its reference)
        if after.kind == "reported" and before.rule.startswith("according-to-readout") and \
                after.mention is not None and after.mention.type == "pronoun" and \
                "\n\n" not in text[before.end:after.start] and \
                _NEXT_SENTENCE.fullmatch(text, before.end, after.mention.start):
            after.via = before.via  # "According to a Kremlin readout, Putin told his guest A.
            continue  # He said B": the readout's, sentence by sentence, as it goes on
        if after.kind == "reported" and after.rule.endswith(":participle") and \
                after.mention is not None and after.mention is before.mention and \
                _SAME_SENTENCE.fullmatch(text, before.end, after.start):
            after.via = before.via  # "He said B, adding that C": C as B
            continue
        if after.kind != "quote" or text.count("\n\n", before.end, after.start) > 1:
            continue
        tail = text[after.end:after.end + _BARE_SAID_REACH]
        if not cues.bare_said.match(tail) and not cues.bare_said_before.search(
                text, max(0, after.start - _BARE_SAID_REACH), after.start):
            continue  # the quotation has an attribution of its own ("told reporters")
        after.via = before.via


# How far carry_relays looks. A claim's span stops short of its sentence's end by at most a
# closing bracket or quotation mark and a space: more, and words of the sentence were left out
# of the claim, so the next sentence's pronoun is not shown to go on with it.
_CLAIM_END_SLACK = 3
# ", adding that" and the like between a claim and the participle's claim that goes on with
# it: a short phrase, not a clause of its own (which would have a speaker of its own).
_ADDING_GAP = 40
# The next claim of a body just relayed, after a bare ", the ministry said.": in the same or the
# next sentence (about two sentences of wire copy), not a later paragraph's.
_RELAYED_BODY_REACH = 120
# A bare "he said" / "said Peskov" right after a quotation, or right before it: the width of a
# speaker's name and its verb; an attribution further away is another sentence's.
_BARE_SAID_REACH = 40
_NEXT_SENTENCE = re.compile(  # the claim's sentence ends
    r"[^.!?\n]{0,%d}" % _CLAIM_END_SLACK + SENTENCE_STOP)
_SAME_SENTENCE = re.compile(r"[^.!?\n]{0,%d}" % _ADDING_GAP)  # no sentence between
# ", while Ms Varga warned": the same speaker again in the same sentence (a short title first)
_SAME_BREATH = re.compile(r"[”\"’]?\s*,\s*(?:while|and)\s+(?:[A-Z][a-z]{0,3}\.?\s+)?")


def _body_said(text: str, pos: int, cues: Cues) -> bool:
    """", the ministry said." right after the claim: a body's reference (cues.yaml references)
    and a bare verb."""
    m = _the_then_said(cues.body_said_verbs).match(text, pos)
    return m is not None and cues.references.fullmatch(
        lowered(text), m.start(1), m.end(1)) is not None


@functools.lru_cache(maxsize=4)
def _the_then_said(verbs: frozenset[str]) -> re.Pattern[str]:
    """", the ministry said." (group 1: the reference), with one of cues.yaml body_said_verbs."""
    return re.compile(r"[”\"’']?,\s+the\s+([a-z]+(?:\s+[a-z]+)?)\s+(?:" + alternation(verbs)
                      + r")\s*[.,]")
