"""Annotator pass: quotes, reported speech and figures, each tied to the source that made it."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field, replace

from builder.annotate import Context
from builder.annotate.quotes import Quote, find_quotes, paragraph_spans, sentences
from builder.annotate.resolve import Resolver, speakers_for_claims
from builder.annotate.speakers import Speaker, gap_ok, skip_parenthetical
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import lowered, normalise
from builder.model import Annotations, Claim, Note, Source, Span

_TRIM = " \t\n,;:–—-"
_END_PUNCT = " \t\n.,;:!?…"
_QUOTE_MARKS = "“”\"‘’'„«»"
_COLON_OR_COMMA = re.compile(r"\s*(?:,\s*)?(?:(?:in|on|at|during|via)\s[^:,.“”\"]{0,60})?[:,]\s*")
_THAT = re.compile(r"\s*,?\s*that\b\s*", re.IGNORECASE)
_ASIDE_THAT = re.compile(r"\s*,\s*[^,.;:“”\"]{1,80},\s*that\b\s*", re.IGNORECASE)
_TOLD_OBJECT = re.compile(
    r"\s+(?P<obj>[^,.:;“”\"]{1,80}?)(?:\s+that\b\s*|\s*[:,]\s*(?=[“\"‘])|\s*:\s*|\s+(?=[“\"]))"
)
_ING = re.compile(r"ing$", re.IGNORECASE)
_ORPHAN_MIN_WORDS = 5


@dataclass(slots=True)
class Found:
    """A claim before it gets its id."""

    start: int
    end: int
    kind: str
    source: str | None
    mention: Speaker | None = None
    via: tuple[str, ...] = ()
    rule: str = ""


@dataclass(slots=True)
class Unit:
    """A quotation as one unit of a sentence: a multi-paragraph quote is one unit."""

    open: int
    start: int  # first content character
    end: int  # end of content (exclusive)
    close: int  # after the closing mark (== end when unclosed)
    parts: tuple[tuple[int, int], ...] = ()  # content of each paragraph


@dataclass(slots=True)
class Scan:
    """Everything one article's claim scan reads and builds."""

    text: str
    low: str  # the text in lower case, for the lower-case cue patterns
    cues: Cues
    speakers: list[Speaker]
    resolver: Resolver
    found: list[Found] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # speakers' starts (speakers are sorted)
    by_end: list[Speaker] = field(default_factory=list)  # speakers sorted by (end, -start)
    ends: list[int] = field(default_factory=list)
    opening: dict[int, Unit] = field(default_factory=dict)  # paragraph start -> its quotation
    own_outlets: frozenset[str] = frozenset()  # the publishing outlet's source ids
    spans: set[tuple[int, int]] = field(default_factory=set)  # claim spans kept so far
    made: dict[str, Speaker] = field(default_factory=dict)  # unnamed sources given a side here

    def __post_init__(self) -> None:
        self.starts = [sp.start for sp in self.speakers]
        self.by_end = sorted(self.speakers, key=lambda sp: (sp.end, -sp.start))
        self.ends = [sp.end for sp in self.by_end]


# --- the pass -------------------------------------------------------------------------------------


def annotate(ctx: Context, ann: Annotations) -> Annotations:
    text = ctx.text
    speakers = speakers_for_claims(ctx, ann.sources)
    scan = Scan(text, lowered(text), ctx.knowledge.cues, speakers, Resolver(ctx, speakers))
    paragraphs = paragraph_spans(text)
    quotes = find_quotes(text, paragraphs)
    scan.opening = _opening_units(text, paragraphs, quotes)
    scan.own_outlets = _own_outlets(ctx) | _outlets_in_own_voice(scan)
    for start, end, units in _sentences(text, paragraphs, quotes, ctx.knowledge.cues.verbs):
        _sentence(scan, start, end, units)
    _carry_relays(text, scan.found)
    claims = _claims(text, scan.found)
    sources = _credited_sources(ctx, ann.sources, claims, scan)
    notes = (*ann.notes, *scan.notes, *_new_source_notes(sources))
    return replace(ann, claims=claims, sources=sources, notes=tuple(notes))


def _sentences(text: str, paragraphs: list[tuple[int, int]], quotes: tuple[Quote, ...],
               verbs: re.Pattern[str] | None = None):
    """Sentences in text order, each with its quotation units; a sentence holding a
    multi-paragraph quotation runs on to the end of the sentence where the quotation ends."""
    by_para: dict[int, list[Quote]] = {}
    for q in quotes:
        by_para.setdefault(q.para, []).append(q)
    spans = []
    for index, (start, end) in enumerate(paragraphs):
        spans.extend(sentences(text, start, end, tuple(by_para.get(index, ())), verbs))
    cursor = 0
    opens = [q.open for q in quotes]
    if spans and (lead := _DATELINE_LEAD.match(text, spans[0][0], spans[0][1])):
        spans[0] = (lead.end(), spans[0][1])  # "KYIV, Ukraine (AP) — " is no one's words
    for s_start, s_end in spans:
        if s_start < cursor:
            continue
        units, stop = [], s_end
        for qi in range(bisect.bisect_left(opens, s_start), bisect.bisect_left(opens, s_end)):
            q = quotes[qi]
            if not q.continuation:
                unit, last_end = _unit(text, quotes, qi)
                units.append(unit)
                if last_end > stop:
                    stop = _sentence_end_after(spans, last_end)
        cursor = stop
        yield s_start, stop, units


_DATELINE_LEAD = re.compile(
    r"(?:[A-Z][A-Z.'’ -]{2,30}(?:,\s+[A-Z][\w.]+(?:\s+[A-Z0-9][\w.]*){0,2})*\.?\s*"
    r"(?:\((?:[A-Z][\w .&-]{1,30})\)\s*)?(?:/[A-Z][\w-]{1,20}/\.?|[-–—])\s+"
    r"|\([A-Z][\w .&-]{1,30}\)\s*[-–—]\s+)(?=[A-Z“\"‘])")
_DATELINE = re.compile(
    r"\((?P<outlet>[A-Z][\w .&-]{1,30})\)\s*[-–—]|/(?P<slashed>[A-Z][\w-]{1,20})/")


_OWN_CORRESPONDENT = re.compile(
    r"([A-Z][\w-]*(?: [A-Z][\w-]*){0,3})['’]s (?:[A-Z][\w'’-]+ ){1,3}?(?:[A-Z][\w'’-]+),? "
    r"(?:who is )?reporting from")


def _own_outlets(ctx: Context) -> frozenset[str]:
    """The outlet that publishes the article: its metadata, a wire dateline "(AFP) -", or
    its own correspondent on location ("Al Jazeera's Charles Stratford, reporting from")."""
    registry = ctx.knowledge.sources
    names = [ctx.document.meta.outlet or ""]
    m = _DATELINE.search(ctx.text[:300])
    if m:
        names.append(m.group("outlet") or m.group("slashed"))
    names.extend(own.group(1) for own in _OWN_CORRESPONDENT.finditer(ctx.text))
    return frozenset(hit.id for name in names if name for hit in registry.find(name))


_TOLD_OUTLET = re.compile(r"(?:told|telling|speaking\s+to|in\s+an\s+interview\s+with)\s+(?:the\s+)?$",
                          re.IGNORECASE)
_OUTLET_BEFORE_PHRASE = re.compile(r"['’]?s?(?:\s+[A-Z][\w'’-]+){0,3}\s*$")  # "Fox News' Jo Bloggs"
_OUTLET_AFTER_PHRASE = re.compile(r"\s+(?:the\s+)?", re.IGNORECASE)


def _outlets_in_own_voice(scan: Scan) -> frozenset[str]:
    """Outlets the text itself shows as its publisher (cues.yaml: own_outlet_before/after):
    "verified by the BBC", "Euronews could not verify", or one that two speakers "told"."""
    registry = scan.resolver.ctx.knowledge.sources
    own: set[str] = set()

    def media(hits):
        return [h for h in hits if (e := registry.get(h.id)) is not None and e.kind == "media"]

    for m in scan.cues.own_outlet_after.finditer(scan.low):
        lo = max(0, m.start() - 60)
        for hit in media(registry.find(scan.text[lo:m.start()])):
            if _OUTLET_BEFORE_PHRASE.fullmatch(scan.text, lo + hit.end, m.start()):
                own.add(hit.id)
    for m in scan.cues.own_outlet_before.finditer(scan.low):
        for hit in media(registry.find(scan.text[m.end():m.end() + 40])):
            if _OUTLET_AFTER_PHRASE.fullmatch(scan.text, m.end(), m.end() + hit.start):
                own.add(hit.id)
    told: dict[str, int] = {}
    for sp in scan.speakers:
        if sp.id not in own and _TOLD_OUTLET.search(scan.text, max(0, sp.start - 30), sp.start):
            entry = registry.get(sp.id)
            if entry is not None and entry.kind == "media":
                told[sp.id] = told.get(sp.id, 0) + 1
    own.update(outlet for outlet, count in told.items() if count >= 2)
    return frozenset(own)


def _opening_units(text: str, paragraphs: list[tuple[int, int]],
                   quotes: tuple[Quote, ...]) -> dict[int, Unit]:
    """The quotation that opens each paragraph (for "X said:" at the end of the one before)."""
    starts = {start + len(text[start:end]) - len(text[start:end].lstrip()): start
              for start, end in paragraphs}
    out = {}
    for index, q in enumerate(quotes):
        if q.open in starts and not q.continuation:
            out[starts[q.open]] = _unit(text, quotes, index)[0]
    return out


def _unit(text: str, quotes: tuple[Quote, ...], index: int) -> tuple[Unit, int]:
    q = quotes[index]
    parts = [q.content]
    last = q
    while last.next_part >= 0:
        last = quotes[last.next_part]
        parts.append(last.content)
    close = last.end + 1 if last.closed else last.end
    return Unit(q.open, q.open + 1, last.end, close, tuple(parts)), close


def _sentence_end_after(spans: list[tuple[int, int]], pos: int) -> int:
    for start, end in spans:
        if start <= pos <= end or start >= pos:
            return max(end, pos)
    return pos


# --- one sentence ---------------------------------------------------------------------------------


def _sentence(scan: Scan, start: int, end: int, units: list[Unit]) -> None:
    before = len(scan.found)
    covered: list[tuple[int, int]] = []
    _back_reference(scan, start, end, covered)
    _passives(scan, start, end, units, covered)
    _according(scan, start, end, units, covered)
    _quoted_as(scan, start, end, units, covered)
    _verbs(scan, start, end, units, covered)
    _colon_intro(scan, start, end, units, covered)
    _citing(scan, start, end, before, covered)
    if len(scan.found) == before:
        _labelled(scan, start, end, units, covered)
    if len(scan.found) == before:
        _orphan_quotes(scan, start, end, units)
    if len(scan.found) == before:
        _figures(scan, start, end)


def _in_units(pos: int, units: list[Unit]) -> bool:
    return any(u.open <= pos < u.close for u in units)


def _covered(pos: int, covered: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in covered)


def _add(scan: Scan, found: Found, covered: list[tuple[int, int]]) -> None:
    """Keep a claim; a quotation running over several paragraphs is one span per paragraph."""
    pieces = [(found.start, found.end)]
    if found.kind == "quote":
        pieces = _paragraph_pieces(scan.text, found.start, found.end)
    for a, b in pieces:
        start, end = _tidy(scan.text, a, b)
        if end - start < 2 or (start, end) in scan.spans:
            continue
        scan.spans.add((start, end))
        piece = replace(found, start=start, end=end) if len(pieces) > 1 else found
        piece.start, piece.end = start, end
        scan.found.append(piece)
        covered.append((start, end))
        scan.resolver.claimed(piece)


def _paragraph_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while True:
        cut = text.find("\n\n", pos, end)
        if cut < 0:
            out.append((pos, end))
            return out
        out.append((pos, cut))
        pos = cut + 2


def _tidy(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _END_PUNCT:
        end -= 1
    if end > start and text[start] in _QUOTE_MARKS and _count_quotes(text[start:end]) == 1:
        start += 1
    if end > start and text[end - 1] in _QUOTE_MARKS and _count_quotes(text[start:end]) == 1:
        end -= 1
        while end > start and text[end - 1] in _END_PUNCT:
            end -= 1
    return start, end


def _count_quotes(s: str) -> int:
    return sum(s.count(c) for c in "“”\"")


def _body_end(text: str, start: int, end: int) -> int:
    """The sentence end without its final punctuation."""
    while end > start and text[end - 1] in _END_PUNCT:
        end -= 1
    return end


# --- "This was stated by X": the sentence or paragraph before is X's ---------------------------


_BY_SPEAKER = re.compile(r"[^.;:!?“”\"]{0,120}?\bby\s+", re.IGNORECASE)


def _back_reference(scan: Scan, start: int, end: int, covered) -> None:
    """Translated agency style: "This was stated on Telegram by X" credits the sentence
    before it, or the paragraph before when it opens its own paragraph."""
    text = scan.text
    m = scan.cues.back_references.match(scan.low, _first_visible(text, start))
    if m is None:
        return
    by = _BY_SPEAKER.match(text, m.end(), end)
    speaker = _by_speaker(scan, by.end(), end) if by else None
    if speaker is None:
        return
    para_start = text.rfind("\n\n", 0, start) + 2 if "\n\n" in text[:start] else 0
    if text[para_start:start].strip():
        lo, hi = para_start, start  # the sentences before it in its paragraph
    elif para_start >= 2:
        hi = para_start - 2
        lo = text.rfind("\n\n", 0, hi) + 2 if "\n\n" in text[:hi] else 0
    else:
        return
    if any(lo <= f.start < hi and f.kind != "figure" for f in scan.found[-30:]):
        return  # the words before are credited already
    source, rule = scan.resolver.resolve(speaker, m.start())
    if source is None:
        return
    scan.found[:] = [f for f in scan.found if not lo <= f.start < hi]  # figures inside
    _add(scan, Found(lo, hi, "reported", source, speaker, rule="back-reference" + rule), [])
    covered.append((start, end))


def _by_speaker(scan: Scan, pos: int, end: int) -> Speaker | None:
    """The speaker after "by": the named one when a title's words ("Military
    Administration") come before the name."""
    stop = min(end, pos + 120)
    comma = scan.text.find(",", pos, stop)
    stop = comma if comma >= 0 else stop
    found = [sp for sp in _speakers_from(scan, pos, 6) if sp.start < stop]
    for types in (("person",), ("org", "group")):  # "the head of X Administration Y": Y
        named = [sp for sp in found if sp.type in types]
        if named:
            return named[0]
    return found[0] if found else None


def _first_visible(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


# --- passive: "it is claimed", "X is said to be" --------------------------------------------------


def _passives(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    for m in scan.cues.passive.finditer(scan.low, start, end):
        if _in_units(m.start(), units) or _covered(m.start(), covered):
            continue
        rest = scan.text[m.end():end].strip(_END_PUNCT)
        if not rest:  # "..., it is claimed."
            content = (start, m.start())
        else:  # "It comes as Russian forces are said to be pulling out ..."
            content = _passive_clause(scan.text, start, end, m.start(), m.end())
        _add(scan, Found(*content, "reported", None, rule="passive"), covered)
        covered.append((m.start(), m.end()))
        return


_SUBORDINATOR = re.compile(r"\b(?:as|with|while|after|when|because|since|amid|that)\s",
                           re.IGNORECASE)
_NEXT_CLAUSE = re.compile(r"\s(?:as|while|after|amid|because|since)\s|;", re.IGNORECASE)


def _passive_clause(text: str, start: int, end: int, cue_start: int, cue_end: int):
    """The clause around "X is said to ...": after a leading "as"/"with", up to the next one."""
    lead = [m.end() for m in _SUBORDINATOR.finditer(text, start, cue_start)]
    first = lead[-1] if lead else start
    tail = _NEXT_CLAUSE.search(text, cue_end, end)
    return first, tail.start() if tail else end


# --- "according to X" -----------------------------------------------------------------------------


def _according(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    text = scan.text
    for m in scan.cues.according.finditer(scan.low, start, end):
        if _in_units(m.start(), units) or _attributed_before(scan, start, m.start(), units):
            continue  # "“Q,” Zelenskyy told senators, according to two people": Zelenskyy's
        speaker = _speaker_after(scan, m.end(), end, reach=60)
        if speaker is not None and not _FILLER.fullmatch(text, m.end(), speaker.start):
            speaker = None
        titled = _TITLE_THEN_NAME.match(text, m.end(), end) if speaker is None else None
        if titled is not None:  # "according to the city's mayor, Vitali Klitschko, ..."
            named = _speaker_after(scan, titled.end(), end, reach=5)
            speaker = named if named is not None and named.type == "person" else None
        if speaker is None:
            source, rule, tail = None, "-unnamed", _clause_end(text, m.end(), end)
        else:
            source, rule = scan.resolver.resolve(speaker, m.start())
            tail = _clause_end(text, speaker.end, end)
        lead = text[start:m.start()].strip(_TRIM)
        if lead and not (_SHORT_LEAD.fullmatch(lead) and text[tail:end].strip(_END_PUNCT)):
            joints = list(_JOINT.finditer(text, start, m.start()))
            first = joints[-1].end() if joints else start  # "He declined to say, but X, ..."
            content = (first, m.start())  # "... , according to X."
        else:  # "According to X, ..."
            content = (tail, _clause_cut(scan, units, tail, _body_end(text, tail, end)))
        found = Found(*content, "reported", source, speaker, rule="according-to" + rule)
        _add(scan, found, covered)
        covered.append((m.start(), tail))


_JOINT = re.compile(r";\s+|,\s+(?:but|while|whereas|although|though)\s+", re.IGNORECASE)
# "Since then, according to the UN, ...": a short adverbial opener is not the claim.
_SHORT_LEAD = re.compile(r"[\w'’-]+(?:\s+[\w'’-]+){0,2}")


def _attributed_before(scan: Scan, start: int, pos: int, units: list[Unit]) -> bool:
    """A named speaker and a speech verb already attribute the sentence before `pos`."""
    for m in _speech_verbs(scan, start, pos):
        if _in_units(m.start(), units):
            continue
        speaker, _inverted = _subject(scan, start, m.start(), m.end(), pos, units)
        if speaker is not None and speaker.type in ("person", "org", "group"):
            return True
    return False


_TITLE_THEN_NAME = re.compile(r"\s*(?:the\s+)?(?:[\w'’-]+\s+){0,4}?[a-z][\w'’-]*\s*,\s*")
_FILLER = re.compile(
    r"(?:\s*(?:the|a|an|its|their|new|latest|official|figures|data|statement|statements|report|"
    r"reports|estimates?|count|tally|update|assessment|released|published|issued|compiled|"
    r"provided|from|by|of|cited|a\s+spokesperson\s+for|sources\s+close\s+to)\b)*\s*",
    re.IGNORECASE)


def _clause_end(text: str, pos: int, end: int) -> int:
    comma = text.find(",", pos, end)
    return comma + 1 if comma >= 0 else end


def _speakers_from(scan: Scan, pos: int, count: int) -> list[Speaker]:
    """The first `count` speakers starting at or after `pos` (no copy of the tail)."""
    first = bisect.bisect_left(scan.starts, pos)
    return scan.speakers[first:first + count]


def _speaker_after(scan: Scan, pos: int, end: int, reach: int) -> Speaker | None:
    first = bisect.bisect_left(scan.starts, pos)
    last = bisect.bisect_left(scan.starts, min(end, pos + reach))
    for sp in scan.speakers[first:last + 1]:
        if pos <= sp.start < min(end, pos + reach):
            between = scan.text[pos:sp.start]
            if not re.search(r"[,.;:“”\"]", between):
                return sp
        if sp.start >= pos + reach:
            break
    return None


# --- "Y quoted X as saying": X's words, relayed by Y -----------------------------------------


_AS_SAYING = re.compile(
    r"[^.;:“”\"]{0,150}?(?P<as>\bas\s+(?:saying|telling\s+[^,.:;“”\"]{1,40}?|having\s+said))\b"
    r"(?:\s*,?\s*that\b)?\s*[:,]?\s*", re.IGNORECASE)
_QUOTED_BY = re.compile(r"\s+by\s+", re.IGNORECASE)


def _quoted_as(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    """"Interfax quoted Peskov as saying ..." and "Peskov was quoted by Interfax as saying
    ...": the words are the speaker's, via whoever quoted them (a spokesman quoting his
    president, an outlet quoting an official)."""
    text = scan.text
    for m in scan.cues.quoted_as.finditer(scan.low, start, end):
        if _in_units(m.start(), units) or _covered(m.start(), covered):
            continue
        tail = _AS_SAYING.match(text, m.end(), end)
        if tail is None:
            continue
        passive = _BEEN.search(text, start, m.start())
        between = _concrete_in(scan, m.end(), tail.start("as"))
        subject, _inv = _subject(scan, start, passive.start() if passive else m.start(),
                                 m.end(), end, units)
        by = _QUOTED_BY.match(text, m.end())
        speaker, relay = (subject, between) if passive and by else (between, subject)
        if speaker is None:
            continue
        relay_id = scan.resolver.resolve(relay, m.start())[0] if relay is not None else None
        # "Nykyforov quoted him as saying": "him" is not the one quoting
        at = relay.start if relay is not None and speaker.type == "pronoun" else m.start()
        source, rule = scan.resolver.resolve(speaker, at)
        if source is None:
            continue
        via = (relay_id,) if relay_id and relay_id != source and \
            relay_id not in scan.own_outlets else ()
        body_end = _body_end(text, start, end)
        unit = _unit_at(units, tail.end())
        head = min(speaker.start, m.start(), relay.start if relay is not None else end)
        lead = _unit_ending_at(text, units, start, _strip_titles(scan, start, head))
        if lead is not None and not text[tail.end():end].strip(_END_PUNCT):
            # '"...," his spokesman Serhiy Nykyforov quoted him as saying.'
            found = Found(lead.start, lead.end, "quote", source, speaker, via, "quoted-as" + rule)
        elif unit is not None and _body_end(text, unit.close, body_end) <= unit.close + 1:
            found = Found(unit.start, unit.end, "quote", source, speaker, via, "quoted-as" + rule)
        else:
            cut = _clause_cut(scan, units, tail.end(), body_end)
            found = Found(tail.end(), cut, "reported", source, speaker, via, "quoted-as" + rule)
        _add(scan, found, covered)
        covered.append((min(speaker.start, m.start()), tail.end()))


def _concrete_in(scan: Scan, lo: int, hi: int) -> Speaker | None:
    """The speaker named in [lo, hi): a person before any body ("Apti Alaudinov,
    commander of the Akhmat forces")."""
    found = [sp for sp in _speakers_from(scan, lo, 6) if sp.end <= hi]
    for types in (("person",), ("person", "org", "group", "pronoun", "reference")):
        for sp in found:
            if sp.type in types:
                return sp
    return None


# --- speech verbs ---------------------------------------------------------------------------------


def _speech_verbs(scan: Scan, start: int, end: int):
    """Speech-verb forms in [start, end), except inside "think tank", "called for" ..."""
    for m in scan.cues.verbs.finditer(scan.low, start, end):
        if not scan.cues.not_verbs.match(scan.low, m.start()) and not _attributive(scan, m):
            yield m


def _speech_verb_at(scan: Scan, pos: int) -> bool:
    """A speech verb (not an adjective like "alleged collaborators") starts at `pos`."""
    m = scan.cues.verbs.match(scan.low, pos)
    return m is not None and not scan.cues.not_verbs.match(scan.low, pos) and \
        not _attributive(scan, m)


_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|a|an|his|her|its|their|our|this|these|those|of|for|with|over|about|and|or)\s+$",
    re.IGNORECASE)
_CONJUNCTION_BEFORE = re.compile(r"\b(?:and|or)\s+$", re.IGNORECASE)
_PHRASE_AFTER = re.compile(r"\s+([a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,3})(?=\s*(?:[.,;)]|$))")


def _attributive(scan: Scan, verb) -> bool:
    """"the alleged attack", "saboteurs and alleged collaborators": a participle before a noun
    is an adjective, no speech verb. After "and"/"or" only a bare noun phrase may follow
    ("denied it and alleged Russia had staged it" stays speech)."""
    if verb.group() not in scan.cues.passive_participles:
        return False
    before = _DETERMINER_BEFORE.search(scan.text, max(0, verb.start() - 8), verb.start())
    if before is None:
        return False
    phrase = _PHRASE_AFTER.match(scan.text, verb.end())
    if phrase is None:
        return False
    if not _CONJUNCTION_BEFORE.search(before.group()):
        return True
    return not any(_looks_like_verb(scan, w) or w.lower() == "that"
                   for w in phrase.group(1).split())


def _verbs(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    text, cues = scan.text, scan.cues
    last: Found | None = None
    for m in _speech_verbs(scan, start, end):
        if _in_units(m.start(), units) or _covered(m.start(), covered):
            continue
        if m.group() in cues.passive_participles and \
                re.match(r"\s+to\s+(?:be|have)\b", text[m.end():m.end() + 12]):
            continue  # "estimated to have": a passive, handled above
        frames = cues.frames(m.group())
        if _normal(m.group()) in cues.naming_verbs and \
                _WHAT_BEFORE.search(text, max(start, m.start() - 40), m.start()):
            continue  # "what he called the country's 'mobilisation resource'"
        by = _passive_by(scan, start, end, m)
        if by is not None:
            _add(scan, by, covered)
            covered.append((m.start(), by.mention.end if by.mention else m.end()))
            continue
        if last is not None and _participle_after(text, last, m):
            speaker, inverted = None, False  # "X said A, noting that B": X's, not a name in A
        else:
            speaker, inverted = _subject(scan, start, m.start(), m.end(), end, units)
        if speaker is None and last is not None and _same_subject(text, start, m):
            speaker = last.mention  # "..., he said, adding that ..."
            source = last.source
            rule = ":participle"
        elif speaker is None and (head := _sentence_subject(scan, start, m)) is not None:
            speaker = head  # "Zelensky, in his nightly address, thanked ... and said ..."
            source, rule = scan.resolver.resolve(speaker, m.start())
            rule = ":coordinated" + rule
        elif speaker is None:
            continue
        else:
            source, rule = scan.resolver.resolve(speaker, m.start())
        if rule.startswith(":unresolved"):
            said = Span(speaker.start, speaker.end, text[speaker.start:speaker.end])
            scan.notes.append(Note("unresolved", f"'{said.text}' has no earlier speaker it can "
                                   "stand for", said, rule="pronoun"))
        found = _content(scan, start, end, units, m, frames, speaker, inverted)
        if found is None:
            continue
        if found.start > m.end() and any(
                _RELATIVE_BEFORE.search(text, max(m.end(), v.start() - 30), v.start())
                for v in _speech_verbs(scan, m.end(), found.start)):
            continue  # "lashed out at Amnesty, which said ... that X": X is Amnesty's
        if _key(text[found.start:found.end]) in scan.cues.not_content:
            continue
        if found.kind == "reported" and _normal(m.group()) in scan.cues.needs_that and \
                not _THAT_OR_COLON.search(text, m.end(), found.start):
            continue  # "declared a day of mourning", "announced a curfew": acts, not claims
        if found.kind == "reported" and _normal(m.group()) in scan.cues.needs_as and \
                _TOPIC.match(text, found.start) and not _AS_WORD.search(text, found.start,
                                                                         found.end):
            continue  # "described the fighting by phone": a topic, not what was said
        if found.kind == "reported" and _normal(m.group()) in scan.cues.needs_for and \
                not _FOR_WORD.search(text, found.start, found.end):
            continue  # "criticized the decision": no claim without "for ..."
        found.source, found.mention = source, speaker
        found.rule = found.rule + rule
        relay = _relay(scan, start, end, found)
        if relay:
            found.via = (relay,)
        _add(scan, found, covered)
        covered.append((speaker.start, m.end()))
        last = found
        _nested(scan, found, units)
        _and_that(scan, found, end, units, covered)
        if found.end <= speaker.start and found.end <= m.start():
            _but_after_attribution(scan, found, m.end(), end, units, covered)


_COORDINATED = re.compile(r"(?:,\s*|\s)(?:but|and)\s+(?:also\s+|later\s+|then\s+)?$")


_BY = re.compile(r"\s+by\s+")
_BEEN = re.compile(r"\b(?:was|were|has been|have been|had been|is|are)\s+$", re.IGNORECASE)


def _passive_by(scan: Scan, start: int, end: int, verb) -> Found | None:
    """"Russian withdrawal was announced by the Ukrainian leader": the subject is the claim."""
    text = scan.text
    aux = _BEEN.search(text, start, verb.start())
    by = _BY.match(text, verb.end())
    if aux is None or by is None:
        return None
    speaker = _speaker_after(scan, by.end(), end, reach=8)
    if speaker is None or text[speaker.end:end].strip(_END_PUNCT):
        return None
    source, rule = scan.resolver.resolve(speaker, verb.start())
    return Found(start, aux.start(), "reported", source, speaker, rule="passive-by" + rule)


_AND_VERB = re.compile(r"(?:,\s*|\s)and\s+(?:also\s+|later\s+|then\s+)?$")
_OPENER = re.compile(r"(?:[A-Z][\w'’.-]*\s+){0,4}")  # titles before a subject's name


def _sentence_subject(scan: Scan, start: int, verb) -> Speaker | None:
    """"X ... and said": the speaker opening the sentence, when only a verb phrase of theirs
    and "and" stand between them and this verb (no other speaker, no clause of its own)."""
    text = scan.text
    if not _AND_VERB.search(text, start, verb.start()):
        return None
    first = next((sp for sp in _speakers_from(scan, start, 3)
                  if sp.type in ("person", "org", "group", "pronoun", "metonym")), None)
    if first is None or first.end > verb.start():
        return None
    if _OPENER.match(text, start).end() < first.start - start + start:
        return None  # the sentence does not open with the speaker
    between = [sp for sp in _speakers_from(scan, first.end, 4) if sp.start < verb.start()]
    if between or re.search(r"[;:“”\"]|\bthat\b", text[first.end:verb.start()]):
        return None
    return first


_PARTICIPLE_GAP = re.compile(r"[\s”\"’]*,\s*(?:also\s+|further\s+)?")


def _participle_after(text: str, last: Found, verb) -> bool:
    """"X said A, noting that B": a participle right after X's reported clause is X's."""
    return last.kind == "reported" and bool(_ING.search(verb.group())) and \
        _PARTICIPLE_GAP.fullmatch(text, last.end, verb.start()) is not None


def _same_subject(text: str, start: int, verb) -> bool:
    """"..., adding that", "... but insisted that": the verb shares the sentence's speaker."""
    before = text[start:verb.start()]
    if _ING.search(verb.group()) and before.rstrip().endswith(","):
        return True
    return bool(_COORDINATED.search(before))


_THAT_OR_COLON = re.compile(r"\bthat\b|:", re.IGNORECASE)
_AS_WORD = re.compile(r"\bas\b", re.IGNORECASE)
_FOR_WORD = re.compile(r"\bfor\b", re.IGNORECASE)
_TOPIC = re.compile(r"(?:the|his|her|their|its|our|this|that)\s", re.IGNORECASE)


def _normal(verb: str) -> str:
    return " ".join(verb.lower().replace("’", "'").split())


def _key(text: str) -> str:
    return " ".join(text.strip(_END_PUNCT).lower().split())


_AND_THAT = re.compile(r"\.?[,;]?\s+(?:and|but)\s+that\s+|\.?,\s+but\s+(?!that\b)", re.IGNORECASE)


def _and_that(scan: Scan, found: Found, end: int, units: list[Unit], covered) -> None:
    """"X said A, and that B" / "X said A, but B": B is a second claim by the same speaker."""
    if found.kind != "reported":
        return
    m = _AND_THAT.match(scan.text, found.end)
    if m is None or (not m.group().rstrip().endswith("that") and not _continues(scan, m.end())):
        return
    body_end = _body_end(scan.text, m.end(), end)
    cut = _clause_cut(scan, units, m.end(), body_end)
    second = Found(m.end(), cut, "reported", found.source, found.mention, found.via, found.rule)
    unit = _unit_at(units, m.end())
    if unit is not None and unit.open == m.end() and \
            not scan.text[unit.close:cut].strip(_END_PUNCT + _QUOTE_MARKS):
        second.start, second.end, second.kind = unit.start, unit.end, "quote"  # "and that '...'"
    _add(scan, second, covered)
    _and_that(scan, second, end, units, covered)


_BUT_AFTER = re.compile(r"\s*,\s+but\s+(?!that\b)")


def _but_after_attribution(scan: Scan, found: Found, after: int, end: int, units: list[Unit],
                           covered) -> None:
    """"A, he said, but B.": B goes on with the same speaker's words."""
    m = _BUT_AFTER.match(scan.text, after)
    word = _WORD_AT.match(scan.text, m.end()) if m else None
    if m is None or word is None or _looks_like_verb(scan, word.group()) or \
            _speaking_clause_ahead(scan, m.end(), end) or _in_units(m.end(), units):
        return
    body_end = _body_end(scan.text, m.end(), end)
    cut = _clause_cut(scan, units, m.end(), body_end)
    if cut - m.end() > 8:
        _add(scan, Found(m.end(), cut, "reported", found.source, found.mention, found.via,
                         found.rule + ":but"), covered)


def _continues(scan: Scan, pos: int) -> bool:
    """After "A, but", a new subject continues the reported speech ("but older weapons were
    harder to hit"); a verb ("but gave no details") or a named speaker ahead does not."""
    word = _WORD_AT.match(scan.text, pos)
    if word is None or _looks_like_verb(scan, word.group()):
        return False
    return not _speaker_ahead(scan, pos)


_WORD_AT = re.compile(r"[\w'’-]+")
_AUXILIARIES = frozenset({"did", "does", "do", "gave", "made", "would", "could", "has", "have",
                          "had", "was", "were", "is", "are", "will", "declined", "refused",
                          "offered", "provided", "stopped", "not", "also", "then", "later"})


def _looks_like_verb(scan: Scan, word: str) -> bool:
    low = word.lower()
    return low in _AUXILIARIES or low.endswith("ed") or bool(scan.cues.frames(low))


def _speaker_ahead(scan: Scan, pos: int) -> bool:
    """A speaker (or a speech verb of the same speaker) opens the clause at `pos`."""
    skip = re.compile(r"(?:also\s+|later\s+)?").match(scan.text, pos)
    if _speech_verb_at(scan, skip.end() if skip else pos):
        return True  # ", but insisted that ...": the same speaker's next claim
    return any(pos <= sp.start < pos + 70 and sp.type in ("person", "org", "group", "metonym")
               and not _PLACE_PREP.search(scan.text, max(0, sp.start - 6), sp.start)
               for sp in _speakers_from(scan, pos, 6))


def _subject(scan: Scan, start: int, vs: int, ve: int, end: int, units: list[Unit]):
    """The speaker before the verb ("Maliar said"), or right after it (", said Maliar")."""
    text = scan.text
    placed = _before_place_phrase(text, start, vs)
    body = next((sp for sp in _speakers_ending_before(scan, placed, vs) if sp.type == "org"),
                None)  # "A source in the SBU told": the SBU is no place
    vs = placed
    for sp in _speakers_ending_before(scan, start, vs):
        if sp.type == "metonym" and _PLACE_PREP.search(text, max(start, sp.start - 6), sp.start):
            continue  # "officials in Kharkiv said": Kharkiv is where, not who
        group = _group_before_body(scan, start, body or sp)
        if group is not None and gap_ok(scan.cues, text[sp.end:vs]):
            return group, False  # "A source in the emergency services told"
        if sp.type == "group" and _OF.search(text, max(start, sp.start - 8), sp.start):
            break  # "the head of the administration urged": the head speaks, unnamed
        if text[sp.start - 1:sp.start] == "(" and text[sp.end:sp.end + 1] == ")":
            continue  # "the Ministry of Defense (MoD) said": the abbreviation is an aside
        if gap_ok(scan.cues, text[sp.end:vs]) or (
                sp.type == "org" and scan.cues.voice_gap.fullmatch(text, sp.end, vs)):
            return sp, False
        if sp.type == "person" and _SET_OFF.fullmatch(text, sp.end, vs) and \
                _SET_OFF_BEFORE.search(text, max(start, sp.start - 3), sp.start):
            owner = _titled_owner(scan, start, sp)
            return owner or sp, False  # "The head of the DPR, Denis Pushilin, said": the person
        break
    lead = text[start:vs].rstrip()
    found = _before_apposition(scan, start, _without_gap_words(scan, start, start + len(lead)))
    if found is not None:
        return found, False
    if lead.endswith((",", "”", '"', "’")) or _ends_with_unit(lead, start, units):
        sp = _speaker_after(scan, ve, end, reach=4 + _titles_ahead(scan, ve, end))
        if sp is not None and not _NOT_INVERTED.match(text, sp.end):
            return _named_in_apposition(scan, sp.end, end) or sp, True
        named = _named_in_apposition(scan, ve, end)
        if sp is None and named is not None:
            return named, True  # "..., said the General Staff's spokesman, Andriy Kovalov"
    return None, False


_BODY_PREP = re.compile(r"\s+(?:in|at|close\s+to|within|inside|familiar\s+with|near)\s+"
                        r"(?:the\s+)?$", re.IGNORECASE)


def _group_before_body(scan: Scan, start: int, body: Speaker) -> Speaker | None:
    """"A source close to the Defense Ministry": the unnamed source speaks, on the side of
    the body named after it (russian-officials when the ministry is Russia's)."""
    prep = _BODY_PREP.search(scan.text, max(start, body.start - 20), body.start)
    if prep is None or body.type == "group":
        return None
    group = next((sp for sp in _speakers_ending_before(scan, start, prep.start() + 1)
                  if sp.end == prep.start() and sp.type == "group"), None)
    if group is None or group.affiliation not in ("", "unknown"):
        return group
    side_of, _rule = scan.resolver.resolve(body, body.start)
    entry = scan.resolver.ctx.knowledge.sources.get(side_of or "")
    prefix = scan.cues.anonymous_prefixes.get(entry.affiliation) if entry else None
    if prefix is None or group.id in scan.cues.anonymous_unprefixed:
        return group
    sided = replace(group, id=f"{prefix[0]}-{group.id}", affiliation=entry.affiliation,
                    name=f"{prefix[1]} {group.name.lower()}")
    scan.made.setdefault(sided.id, sided)
    return sided


def _titles_ahead(scan: Scan, pos: int, end: int) -> int:
    """Length of titles right after an inverted verb ("said Rep. Kevin McCarthy")."""
    length = 0
    for m in _WORD_AHEAD.finditer(scan.text, pos, end):
        if m.start() != pos + length or m.group(1) not in scan.cues.titles:
            break
        length = m.end() - pos
    return length


_WORD_AHEAD = re.compile(r"\s+(\S+)")


def _without_gap_words(scan: Scan, start: int, stop: int) -> int:
    """"X, a website that tracks losses, has documented": the end of the apposition, before
    the auxiliaries and adverbs a subject may have before its verb."""
    while (m := _LAST_WORD.search(scan.text, start, stop)) and gap_ok(scan.cues, m.group(1)):
        stop = start + len(scan.text[start:m.start(1)].rstrip())
    return stop


def _named_in_apposition(scan: Scan, pos: int, end: int) -> Speaker | None:
    """", said the military's spokesman, Andriy Kovalov": the person the title belongs to."""
    comma = scan.text.find(", ", pos, min(end, pos + 40))
    if comma < 0 or re.search(r"[.;:“”\"]", scan.text[pos:comma]):
        return None
    for other in _speakers_from(scan, comma + 2, 2):
        if other.start == comma + 2 and other.type == "person":
            return other
    return None


_FINITE_ASIDE = re.compile(  # a verb of its own, not inside "who was ..." / "which has ..."
    r"(?:(?!\b(?:who|which|whose|that|where|when)\b)[^“”\"])*?"
    r"\b(?:was|were|is|are|had|has|have|will|would)\s+(?:been\s+)?[a-z]+(?:ed|en)\b")


def _before_apposition(scan: Scan, start: int, stop: int) -> Speaker | None:
    """"X, a spokesman for Y, said": X. An apposition may hold commas of its own ("head of
    the administration in Kharkiv, Ukraine's second city,"): try up to three openers."""
    text = scan.text
    opener = skip_parenthetical(text, start, stop)
    if opener >= stop:
        return None
    inner = _named_inside(scan, opener, stop)
    person = next(iter(_speakers_ending_before(scan, start, opener)), None)
    if person is not None and person.type == "person" and \
            gap_ok(scan.cues, text[person.end:opener]):
        return person  # "Dmitri S. Peskov, the Kremlin spokesman, said": the person
    if inner is not None and _is_whole(text, inner, opener, stop) or (
            inner is not None and _strip_titles(scan, opener + 1, inner.start) <= opener + 2
            and not text[inner.end:stop - 1].strip(" ,")):
        return inner  # "Ukraine's nuclear company, Energoatom, said"; "…, General X, said"
    for _ in range(3):
        if _FINITE_ASIDE.match(text, opener, stop):
            return None  # ", among them three children, were killed and ...": a clause
        for sp in _speakers_ending_before(scan, start, opener):
            if _place_or_owner(text, start, sp):
                break  # "advance into Ukraine, ...", "Ukraine's air force, ...": no speaker
            if gap_ok(scan.cues, text[sp.end:opener]):
                inner = _named_inside(scan, opener, stop)
                if sp.type == "group" and inner is not None:
                    return inner  # "His spokesman, Stephane Dujarric, said"
                return sp
            break
        earlier = text.rfind(",", start, opener)
        if earlier < 0 or stop - earlier > 200:
            return None
        opener = earlier
    return None


_OF_THE_TITLE = re.compile(r"\bof\s+the\s+(?:[\w'’-]+\s+){0,2}?(?P<title>[\w'’-]+)$",
                           re.IGNORECASE)


def _titled_owner(scan: Scan, start: int, person: Speaker) -> Speaker | None:
    """"The office of the Ukrainian President, Volodymyr Zelensky, said": the name is set off
    after "of the <title>", an apposition to the title; the body holding it speaks."""
    comma = scan.text.rfind(",", start, person.start)
    body = next((sp for sp in _speakers_ending_before(scan, start, comma) if sp.end == comma),
                None)
    if body is None or body.type != "org":
        return None
    m = _OF_THE_TITLE.search(scan.text, body.start, body.end)
    return body if m and normalise(m.group("title")) in scan.cues.role_kinds else None


def _place_or_owner(text: str, start: int, sp: Speaker) -> bool:
    """A country word after a place preposition, or owning a noun ("Ukraine's air force")."""
    if sp.type != "metonym":
        return False
    return bool(_PLACE_PREP.search(text, max(start, sp.start - 7), sp.start)
                or _POSSESSIVE.match(text, sp.end))


_POSSESSIVE = re.compile(r"['’]s?\s+[a-z]")
_OF = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
_SET_OFF = re.compile(r"\s*,\s*")
_SET_OFF_BEFORE = re.compile(r",\s*$")
# After an inverted speaker (", said Maliar"): the clause ends, or an apposition or a manner
# phrase follows; ", claiming Ukraine was planning" is no inverted speaker.
# ", claiming Ukraine was planning": Ukraine opens a clause of its own, no inverted speaker.
_NOT_INVERTED = re.compile(
    r"\s+(?:was|were|is|are|had|has|have|would|will|could|can|did|does|do|might|may|must|"
    r"[a-z]+ed)\b")
_PLACE_PREP = re.compile(r"\b(?:in|into|from|of|at|to|near)\s+$", re.IGNORECASE)
_PLACE_PHRASE = re.compile(
    r"\s+(?:in|from|at)\s+(?:the\s+)?[A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?\s*$")


def _before_place_phrase(text: str, start: int, vs: int) -> int:
    """"Officials in Kharkiv said": the speaker ends before "in Kharkiv"."""
    m = _PLACE_PHRASE.search(text, start, vs)
    return m.start() + 1 if m else vs


def _named_inside(scan: Scan, lo: int, hi: int) -> Speaker | None:
    for sp in scan.speakers[bisect.bisect_right(scan.starts, lo):]:
        if sp.start >= hi:
            break
        if sp.end < hi and sp.type in ("person", "org"):
            return sp
    return None


def _is_whole(text: str, sp: Speaker, lo: int, hi: int) -> bool:
    return not text[lo + 1:sp.start].strip() and not text[sp.end:hi - 1].strip(" ,")


def _ends_with_unit(lead: str, start: int, units: list[Unit]) -> bool:
    stop = start + len(lead)
    return any(u.close == stop for u in units)


def _speakers_ending_before(scan: Scan, start: int, pos: int):
    """Speakers inside [start, pos), nearest end first."""
    hi = bisect.bisect_right(scan.ends, pos)
    lo = bisect.bisect_left(scan.ends, start)
    hits = [sp for sp in scan.by_end[lo:hi] if sp.start >= start]
    hits.reverse()
    return hits


def _content(scan: Scan, start: int, end: int, units: list[Unit], verb, frames, speaker,
             inverted: bool) -> Found | None:
    """What the speaker said: after the verb, or (for a trailing attribution) before it."""
    text = scan.text
    first = min(speaker.start, verb.start())
    lead_unit = _unit_ending_at(text, units, start, _strip_titles(scan, start, first))
    if lead_unit is not None:  # “Q,” she said / “Q,” said Smith
        return Found(lead_unit.start, lead_unit.end, "quote", None, rule="quote-before")
    after = verb.end()
    ahead = _quote_in_next_paragraph(scan, after, end)
    if ahead is not None:  # "..., the Russian president said:" ¶ "“Q ...”
        return Found(ahead.start, ahead.end, "quote", None, rule="quote-next-paragraph")
    if inverted and speaker.start >= after and _ONLY_APPOSITION.fullmatch(text, speaker.end, end):
        body_start = None  # "..., said X, the governor of the region.": the content is before
        after = speaker.end + len(text[speaker.end:end]) - len(text[speaker.end:end].lstrip())
        frames = frozenset({"object"})  # the clause has ended (see _ends_clause)
    elif "object" in frames:
        body_start = _after_listener(scan, after, end)
    else:
        body_start = None
    if body_start is None and after == verb.end():
        body_start = _after_verb(text, after, end, frames, scan.cues)
    if body_start is None and _normal(verb.group()) in scan.cues.figure_verbs:
        count = _COUNT_AHEAD.match(text, after, end)  # "has documented at least 1,900 tanks"
        body_start = count.end() if count else None
    body_end = _body_end(text, start, end)
    body_end = _cut_trailing_attribution(scan, body_start or after, body_end)
    if body_start is not None and body_start < body_end:
        unit = _unit_at(units, body_start)
        if unit is not None and _body_end(text, unit.close, body_end) <= unit.close + 1:
            return Found(unit.start, unit.end, "quote", None, rule="quote-after")
        cut = _clause_cut(scan, units, body_start, body_end)
        fragment = _only_fragment(text, units, body_start, cut)
        if fragment is not None:  # warned of a "very real risk": the quoted words
            return Found(fragment.start, fragment.end, "quote", None, rule="quote-fragment")
        cut = _without_trailing_aside(text, body_start, cut)
        return Found(_determiner_that(scan, body_start), cut, "reported", None, rule="reported")
    if speaker.kind != "media" and (_AS_LEAD.fullmatch(text, start, first) or _AS_LEAD.fullmatch(
            text, start, _strip_titles(scan, start, first))):  # not "As Ukrinform reported"
        comma = text.find(",", after, end)  # "As the ministry reported earlier, ..."
        if comma >= 0 and len(text[after:comma].split()) <= 4:
            return Found(comma + 1, _body_end(text, comma + 1, end), "reported", None,
                         rule="as-reported")
    if not _ends_clause(text, after, end, frames):
        return None
    lead = _ARTICLE_END.sub("", text[start:_strip_titles(scan, start, first)])
    if not inverted and not _TRAILING_MARK.search(lead):
        return None  # "a claim Ukraine's military denied": no attribution
    before_end = start + len(lead)
    if text[start:before_end].strip(_TRIM + _QUOTE_MARKS):
        prior = _claim_start(scan, start, before_end)
        unit = _unit_ending_at(text, units, prior, before_end)
        if unit is not None:
            return Found(unit.start, unit.end, "quote", None, rule="quote-before")
        return Found(prior, before_end, "reported", None, rule="reported-before")
    return None


_ONLY_APPOSITION = re.compile(r"(?:\s*,[^“”\"]*?)?[\s.!?]*")


_AS_LEAD = re.compile(r"\s*(?:[Aa]s|[Aa]ccording\s+to\s+what)(?:\s+the)?\s*", re.IGNORECASE)
_CLAUSE_TAIL = re.compile(
    r"\s*(?:[,;–—(]|$|(?:in|on|at|during|via|through|to|late|early|earlier|later|last|this|"
    r"overnight|yesterday|today|tonight|when|while|after|before|as|from|outside|inside|"
    r"afterwards|again|also|then|recently|previously|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b)", re.IGNORECASE)


def _ends_clause(text: str, after: int, end: int, frames) -> bool:
    """The verb closes its clause ("..., she said in a statement."), so the claim is before it."""
    rest = text[after:end].strip(_END_PUNCT)
    if not rest:
        return True
    if "object" in frames and len(rest.split()) <= 6:
        return True  # "..., he told CNN."
    return bool(_CLAUSE_TAIL.match(text, after))


_TRAILING_MARK = re.compile(r"[,”\"’'–—)]\s*$")
_COORDINATION = re.compile(
    r"(?P<semi>;\s)|(?P<that>,?\s+(?:and|but)\s+that\s)|(?P<but>,\s+but\s)"
    r"|(?P<verb>,?\s+(?:and|but)\s+(?:also\s+|later\s+|then\s+)?(?=[\w'’-]+))"
    r"|(?P<aside>,\s+(?=(?:which|where|whom|whose|prompting|sparking|probably|possibly|"
    r"although|though|even\s+as|while|whereas|the\s+name|capping|marking|underscoring|"
    r"highlighting|signalling|signaling|deepening|fuelling|fueling|"
    r"as\s+(?=(?-i:[A-Z])|the\s|a\s)|(?:\w+\s+)?(?:days?|weeks?|months?|hours?|years?)\s+"
    r"(?:before|after|earlier|later))\b))"
    r"|(?P<ing>,\s+(?=[a-z]+ing\b))|(?P<dash>\s[–—]\s)",
    re.IGNORECASE)


def _quotes_speaker(scan: Scan, pos: int, end: int) -> bool:
    """The stretch quotes words with no other speech verb before them: the speaker's."""
    rest = scan.text[pos:end]
    mark_at = min((i for i in (rest.find(m) for m in "“”\"") if i >= 0), default=-1)
    return mark_at >= 0 and not any(True for _ in _speech_verbs(scan, pos, pos + mark_at))


def _speaker_words_ahead(scan: Scan, pos: int, end: int) -> bool:
    """The aside is still the speaker's: it quotes their words ("where defences were
    “relatively robust”"), or it is a short parenthesis (", though small,") inside the clause."""
    rest = scan.text[pos:end]
    mark_at = min((i for i in (rest.find(m) for m in "“”\"") if i >= 0), default=-1)
    if mark_at >= 0:  # its quotation marks are the speaker's, unless another verb has them
        return not any(True for _ in _speech_verbs(scan, pos, pos + mark_at))
    comma = rest.find(",")
    return 0 <= comma and len(rest[:comma].split()) <= 3 and bool(rest[comma + 1:].strip())


_WHICH = re.compile(r"(?:which|whom|what)\s+", re.IGNORECASE)


def _speaker_opens(scan: Scan, pos: int) -> bool:
    """", which he called ...": a speaker of their own opens the aside."""
    m = _WHICH.match(scan.text, pos)
    if m is None:
        return False
    return any(sp.start == m.end() for sp in _speakers_from(scan, m.end(), 1))


def _clause_cut(scan: Scan, units: list[Unit], start: int, end: int) -> int:
    """Reported content stops where the reporter's own next clause begins: "; ...",
    ", but ...", ", and that ...", "and said ...", ", claiming ...", ", which ...",
    " – Kyiv says ..."."""
    text = scan.text
    for m in _COORDINATION.finditer(text, start, end):
        if _in_units(m.start(), units) or m.start() - start < 8:
            continue
        if m.group("aside") is not None:
            if not _speaker_words_ahead(scan, m.end(), end) or _speaker_opens(scan, m.end()):
                return m.start()
        elif m.group("semi") or m.group("that") or m.group("but"):
            return m.start()
        if m.group("verb") is not None:
            word = _WORD_AT.match(text, m.end())
            if word and (_speech_verb_at(scan, m.end()) or (
                    "but" in m.group().lower() and m.group().startswith(",")
                    and _looks_like_verb(scan, word.group()))):
                return m.start()
            if m.group().startswith(",") and _speaking_clause_ahead(scan, m.end(), end):
                return m.start()  # ", and the EU's foreign policy chief, X, called ..."
        elif m.group("ing") is not None:
            if _speech_verb_at(scan, m.end()):
                return m.start()
        elif m.group("dash") is not None and (_speaker_ahead(scan, m.end()) or (
                not _DASH.search(text, m.end(), end) and not _DASH.search(text, start, m.start())
                and not _in_units(m.end() + 1, units)
                and not _quotes_speaker(scan, m.end(), end))):
            return m.start()  # "... — about one percent of ...": an unpaired dash adds an aside
    return end


_STOPS = re.compile(r"[.;:“”\"]")
_RELATIVE_BEFORE = re.compile(r",\s+(?:which|who)\s+(?:[a-z]+\s+){0,2}$")
_WHAT_BEFORE = re.compile(r"\bwhat\s+(?:[\w'’-]+\s+){1,4}$", re.IGNORECASE)
_DASH = re.compile(r"\s[–—]\s")
_APPOSED = re.compile(r",[^,.;:“”\"]{1,80},\s*")


def _speaking_clause_ahead(scan: Scan, pos: int, end: int) -> bool:
    """A new clause with a named speaker and their speech verb opens at `pos`."""
    for verb in _speech_verbs(scan, pos, min(end, pos + 120)):
        if _STOPS.search(scan.text, pos, verb.start()):
            return False
        for sp in _speakers_ending_before(scan, pos, verb.start()):
            if sp.type not in ("person", "org", "group", "metonym") or (
                    sp.type == "metonym" and _PLACE_PREP.search(
                        scan.text, max(pos, sp.start - 6), sp.start)):
                continue
            gap = scan.text[sp.end:verb.start()]
            if gap_ok(scan.cues, gap) or _APPOSED.fullmatch(gap) or (
                    gap.strip() == "," and scan.text[pos:sp.start].rstrip().endswith(",")):
                return True  # "X said", "X, a spokesman, said", "the chief, X, said"
        return False
    return False


def _claim_start(scan: Scan, start: int, before_end: int) -> int:
    """A trailing attribution's content starts after any claim already in the sentence."""
    for f in reversed(scan.found):
        if start <= f.end <= before_end:
            return f.end
    return start


def _strip_titles(scan: Scan, start: int, pos: int) -> int:
    """Move back over "General", "Ukrainian President" ... printed before a speaker's name;
    a lower-case title phrase ("deputy defence minister", "the head of the regional
    administration") counts when it holds a role and runs back to a clause boundary."""
    cues = scan.cues
    known = pos  # start of the titles recognised word by word
    cur, seen_role = pos, False
    for _ in range(9):
        m = _LAST_WORD.search(scan.text, start, cur)
        if not m:
            break
        word = m.group(1)
        if word in cues.not_names or word.lower() in cues.role_kinds or word in cues.titles \
                or cues.affiliation(word):
            seen_role = seen_role or word.lower() in cues.role_kinds or word in cues.titles
            cur = m.start(1)
            if known == m.end(1) or not scan.text[m.end(1):known].strip():
                known = cur
            continue
        if not _TITLE_FILLER.fullmatch(word) or word.lower() in _NOT_TITLE:
            break
        seen_role = seen_role or word.lower() in cues.reference_roles \
            or word.lower() in cues.voice_words  # "news agency TASS", "the press service of"
        cur = m.start(1)
    if seen_role and cur < known and _BOUNDARY_BEFORE.search(scan.text, start, cur):
        return cur
    return known


_LAST_WORD = re.compile(r"([\w.'’-]+)\s*$")
_TITLE_FILLER = re.compile(r"[a-z][\w-]*|[A-Z][\w-]*['’]s|[A-Z]{2,5}")
_NOT_TITLE = frozenset({"and", "but", "or", "said", "says", "that", "which", "who", "as",
                        "while", "when", "after", "because", "if", "than", "then", "to"})
_BOUNDARY_BEFORE = re.compile(r"(?:^|[,;:(“”\"–—-])\s*$")


_ARTICLE_END = re.compile(r"(?:\s+|^)(?:the|a|an)\s*$", re.IGNORECASE)


def _unit_ending_at(text: str, units: list[Unit], start: int, pos: int) -> Unit | None:
    """The quotation that opens the sentence and ends just before the speaker ("...,” the
    city's mayor Vitali Klitschko wrote): at most six plain words between them."""
    for u in units:
        if u.close > pos or text[start:u.open].strip(_TRIM):
            continue
        between = text[u.close:pos].strip(" ,\t\n–—")
        if len(between.split()) <= 6 and not re.search(r"[.;:!?“”\"]", between):
            return u
    return None


def _unit_at(units: list[Unit], pos: int) -> Unit | None:
    for u in units:
        if u.open == pos or u.start == pos:
            return u
    return None


_LISTENER_TAIL = re.compile(
    r"(?:\s+(?:at|in|on|from)\s+(?:the\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})?"
    r"(?:\s+(?:on|late|early|last|this|yesterday|today)\s+[\w-]+)?(?:\s*,?\s*that\b|\s*:)?\s+"
    r"(?!(?:in|at|on|from|by|via|during|after|before)\b)(?=[\w“\"‘'])")


def _after_listener(scan: Scan, after: int, end: int) -> int | None:
    """"told reporters (at the White House) it was ...": the content starts after the
    listener; a registered outlet is a listener ("told Sky News the strikes ...")."""
    pos = after + 1
    m = scan.cues.listeners.match(scan.low, pos)
    stop = m.end() if m else None
    if stop is None:
        first = bisect.bisect_left(scan.starts, pos)
        for sp in scan.speakers[first:first + 2]:
            entry = scan.resolver.ctx.knowledge.sources.get(sp.id)
            if sp.start == pos and entry is not None and entry.kind == "media":
                stop = sp.end
        if stop is None:
            return None
    more = _MORE_CAPITALS.match(scan.text, stop, end)  # "told Fox News Digital that"
    stop = more.end() if more else stop
    tail = _LISTENER_TAIL.match(scan.text, stop, end)
    if tail is None or scan.text[after:pos] != " ":
        return None
    return tail.end()


_MORE_CAPITALS = re.compile(r"(?:\s+[A-Z][\w'’-]+){1,2}(?=\s+that\b)")
_COLON_AT_END = re.compile(r"[^.;:!?“”\"]{0,80}?:\s*$")


def _quote_in_next_paragraph(scan: Scan, after: int, end: int) -> Unit | None:
    """A verb whose clause ends the paragraph with a colon introduces the quotation that
    opens the next paragraph."""
    if not _COLON_AT_END.match(scan.text, after, end) or scan.text[end:end + 2] != "\n\n":
        return None
    return scan.opening.get(end + 2)


_COUNT_AHEAD = re.compile(
    r"\s+(?=(?:(?:at\s+least|more\s+than|fewer\s+than|less\s+than|about|around|nearly|almost|"
    r"over|some|up\s+to|roughly|approximately)\s+)?\d)", re.IGNORECASE)
_TRAILING_ASIDE = re.compile(r"\s*\([^()“”\"]{3,80}\)\s*[.,;]?\s*$")


def _without_trailing_aside(text: str, start: int, end: int) -> int:
    """"... near Robotyne (both southwest of Orikhiv)": the outlet's own parenthesis at the
    end is not the speaker's."""
    m = _TRAILING_ASIDE.search(text, start, end)
    return m.start() if m and m.start() > start + 10 else end


_FRAGMENT_LEAD = re.compile(r"(?:(?:of|a|an|the|to|for|on|about|its|his|her|their)\s+)*",
                            re.IGNORECASE)


def _only_fragment(text: str, units: list[Unit], start: int, end: int) -> Unit | None:
    """The content is only a quoted fragment after a small word ("of", "a", "to")."""
    lead = _FRAGMENT_LEAD.match(text, start)
    unit = _unit_at(units, lead.end()) if lead else None
    if unit is None or text[unit.close:end].strip(_END_PUNCT + _QUOTE_MARKS):
        return None
    return unit


_THAT_BEFORE = re.compile(r"\bthat\s+$", re.IGNORECASE)


def _determiner_that(scan: Scan, body: int) -> int:
    """"Kyiv says that attack never happened": "that" points at a thing already named, and
    belongs to the claim (the nouns it points at are data)."""
    m = _THAT_BEFORE.search(scan.text, max(0, body - 6), body)
    word = _WORD_AT.match(scan.low, body)
    if m and word and word.group() in scan.cues.pointed_nouns:
        return m.start()
    return body


def _after_verb(text: str, after: int, end: int, frames, cues: Cues | None = None) -> int | None:
    """Where the content starts after the verb, or None when the verb ends the clause."""
    cues_rest = text[after:end]
    if "object" in frames:
        m = _THAT.match(cues_rest) or _TOLD_OBJECT.match(cues_rest)  # "informs that" too
        return after + m.end() if m else None
    m = _THAT.match(cues_rest) or _ASIDE_THAT.match(cues_rest)
    if m:
        return after + m.end()
    m = _COLON_OR_COMMA.match(cues_rest)
    if m and (cues_rest[m.end():m.end() + 1] in "“\"‘'" or ":" in m.group()):
        return after + m.end()
    return _after_manner(text, after, end, frames, cues)


_TIME_NOUN = r"\s+(?:morning|afternoon|evening|night|week|weekend|month|year|time|spring|summer|autumn|fall|winter)\b(?!['’])"
_MANNER = re.compile(
    r"\s+(?:in|on|at(?!\s+(?:least|most)\b)|during|via|through|late|early|earlier|later|"
    r"(?:last|this)(?=" + _TIME_NOUN + r")|overnight|yesterday|"
    r"today|tonight|separately|also|again|publicly|previously|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)\b", re.IGNORECASE)  # not "said at least 25 ...",
# nor "said this was ...": those open the content


def _after_manner(text: str, after: int, end: int, frames, cues: Cues | None) -> int | None:
    rest = text[after:end]
    if rest.lstrip()[:1] in (",", ")"):
        return None  # "a claim Ukraine's military denied, was ...": the clause has ended
    manner = _MANNER.match(rest)
    if manner:
        that = re.search(r"\bthat\b\s*", rest[:160])
        colon = re.search(r":\s*", rest[:120])
        hits = [h for h in (that, colon) if h is not None]
        if hits:
            return after + min(h.end() for h in hits)
        low = text[after:end].lower()  # this clause only, not the whole text per verb
        bare = cues.manner_phrase.match(low) if cues else None
        bare_end = after + bare.end() if bare is not None else 0
        if bare is not None and "clause" in frames and \
                len(text[bare_end:end].split()) >= 3 and \
                not _NOT_CLAUSE_START.match(text, bare_end):
            if _NOT_INVERTED.match(text, bare_end - 1):  # "says Monday will be": a subject
                return after + len(rest) - len(rest.lstrip())
            return bare_end  # "said on Telegram two women were wounded"
        return None  # "said in a statement on Monday." — the claim is before the verb
    if "clause" not in frames:
        lead = re.match(r"\s*(?=[“\"‘])", rest)
        return after + lead.end() if lead else None
    if not rest.strip(_END_PUNCT):
        return None
    return after + len(rest) - len(rest.lstrip())


_NOT_CLAUSE_START = re.compile(
    r"(?:in|on|at|from|by|to|for|with|after|before|during|and|but|or|as|when|while|that|"
    r"which|who|of|about|than|because|since|until)\b|[,.;:!?)–—-]", re.IGNORECASE)


_LAST_CLAUSE = re.compile(r",[”\"’]?\s*([^,“”\"]{1,100})$")
_TRAILING_WORDS = 4  # "..., X said in a statement today."


def _cut_trailing_attribution(scan: Scan, start: int, end: int) -> int:
    """"..., the British officials said" (or "..., Director General X said today") at the
    end of the content is an attribution of its own: the content ends before its comma."""
    m = _LAST_CLAUSE.search(scan.text, start, end)
    if m is None:
        return end
    head = m.start(1)
    for verb in _speech_verbs(scan, head, end):
        if len(scan.text[verb.end():end].split()) > _TRAILING_WORDS:
            break
        if any(head <= sp.start and sp.end <= verb.start()
               for sp in _speakers_from(scan, head, 4)):
            return m.start()
    return end


# --- relays and nested attribution ----------------------------------------------------------------


def _citing(scan: Scan, start: int, end: int, before: int, covered) -> None:
    """"TASS reported, citing the ministry": the ministry speaks, via TASS."""
    for m in scan.cues.citing.finditer(scan.low, start, end):
        if _covered(m.start(), covered):
            continue
        speaker = _speaker_after(scan, m.end(), end, reach=40)
        if speaker is None:
            continue
        source, _rule = scan.resolver.resolve(speaker, m.start())
        target = scan.found[-1] if scan.found else None
        if target is None or source is None or target.source == source:
            continue
        if len(scan.found) == before and not _follows_closely(scan.text, target.end, start):
            continue
        via = tuple(v for v in (target.source, *target.via) if v)
        target.via, target.source, target.rule = via, source, target.rule + ":citing"
        target.mention = speaker
        return


_RELAY_LEAD = re.compile(
    r"(?:told|to|with|on|quoted\s+by|cited\s+by|via|in\s+an\s+interview\s+with|speaking\s+to|"
    r"interviewed\s+by|on\s+the\s+air\s+of)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", re.IGNORECASE)


def _relay(scan: Scan, start: int, end: int, found: Found) -> str | None:
    """A broadcaster or news agency that carried the words ("told Sky News", "in an interview
    with the Rossiya-24 TV channel", "said on CNN's State of the Union"): the claim comes via
    it, unless it is the article's own outlet (a newspaper's own interview is no relay)."""
    registry = scan.resolver.ctx.knowledge.sources
    first = bisect.bisect_left(scan.starts, start)
    for sp in scan.speakers[first:bisect.bisect_left(scan.starts, end)]:
        entry = registry.get(sp.id)
        if entry is None or sp.id == found.source or sp.id in scan.own_outlets:
            continue
        if found.start <= sp.start < found.end or not set(entry.roles) & _RELAY_ROLES or \
                entry.kind != "media":
            continue  # an intelligence "agency" is no news agency
        if _RELAY_LEAD.search(scan.text, max(start, sp.start - 40), sp.start):
            return sp.id
        if sp.start >= found.end and entry.kind == "media" and _TRAILING_RELAY.search(
                scan.text, max(found.end, sp.start - 50), sp.start) and \
                _RELAY_TAIL.fullmatch(scan.text, sp.end, end):
            return sp.id  # "X said ..., TASS reported", "..., according to state news agency TASS"
    return None


_TRAILING_RELAY = re.compile(
    r"(?:,|\baccording\s+to)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_RELAY_TAIL = re.compile(r"(?:\s+(?:news\s+agency|agency|reported|reports|said|says|wrote|"
                         r"writes|TV\s+channel))*\s*[.!?”\"’]*\s*", re.IGNORECASE)
_RELAY_ROLES = frozenset({"broadcaster", "agency"})


def _follows_closely(text: str, claim_end: int, start: int) -> bool:
    return start - claim_end < 80 and "\n\n" not in text[claim_end:start]


def _nested(scan: Scan, outer: Found, units: list[Unit]) -> None:
    """A quotation that itself reports a named speaker: that speaker's claim, via the quoter."""
    if outer.kind != "quote" or outer.source is None:
        return
    unit = next((u for u in units if u.start == outer.start or u.open == outer.start - 1), None)
    parts = unit.parts if unit else ((outer.start, outer.end),)
    inner: list[Found] = []
    for part_start, part_end in parts:
        found = _inner_claim(scan, part_start, part_end, outer)
        if found is not None:
            inner.append(found)
    if not inner:
        return
    scan.found[:] = [f for f in scan.found if not (
        f.kind == "quote" and f.source == outer.source and outer.start <= f.start < outer.end)]
    pieces = [(a, b) for a, b in parts if not any(a <= f.start < b for f in inner)]
    for a, b in _merge_adjacent(scan.text, pieces):
        a, b = _tidy(scan.text, a, b)
        if b > a:
            scan.found.append(Found(a, b, "quote", outer.source, outer.mention, outer.via,
                                    outer.rule))
    scan.found.extend(inner)
    scan.found.sort(key=lambda f: f.start)


def _merge_adjacent(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        if out and not text[out[-1][1]:a].strip(_TRIM + _QUOTE_MARKS + "\n"):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _inner_claim(scan: Scan, start: int, end: int, outer: Found) -> Found | None:
    text = scan.text
    for m in _speech_verbs(scan, start, end):
        frames = scan.cues.frames(m.group())
        for sp in _speakers_ending_before(scan, start, m.start()):
            if sp.type not in ("person", "org") or not gap_ok(scan.cues, text[sp.end:m.start()]):
                break
            body = _after_verb(text, m.end(), end, frames)
            if body is None:
                break
            source, rule = scan.resolver.resolve(sp, m.start())
            if source is None or source == outer.source:
                break
            body_end = _body_end(text, body, end)
            via = tuple(v for v in (outer.source, *outer.via) if v)
            return Found(body, body_end, "reported", source, sp, via, "nested" + rule)
    return None


# --- "X was blunter: “Q”" ------------------------------------------------------------------


def _colon_intro(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    """A quotation after a colon in a clause whose subject is a speaker ("Presidential
    adviser Mykhailo Podolyak was blunter: “...”"): the speaker's words."""
    text = scan.text
    for unit in units:
        if _covered(unit.start, covered) or _covered(unit.open, covered):
            continue
        lead = text[start:unit.open].rstrip()
        if not lead.endswith(":") or len(lead.split()) > 14:
            continue
        colon = start + len(lead) - 1
        speaker = next((sp for sp in _speakers_ending_before(scan, start, colon)
                        if sp.type in ("person", "org", "group", "pronoun", "metonym")
                        and not (sp.type == "metonym" and _PLACE_PREP.search(
                            text, max(start, sp.start - 6), sp.start))), None)
        if speaker is None or re.search(r"[,;“”\"]", text[speaker.end:colon]):
            continue
        source, rule = scan.resolver.resolve(speaker, unit.open)
        if source is None:
            continue
        _add(scan, Found(unit.start, unit.end, "quote", source, speaker, rule="colon" + rule),
             covered)


# --- labelled paragraphs ("Source: X on Telegram", "Quote: “...”") ------------------------------


def _labelled(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    """Agency-style labelled paragraphs (cues.yaml: source_labels, quote_labels): "Source: X
    on Telegram" credits X with the unattributed paragraph before it; "Quote: “...”" holds
    the words of the source cited last, in this paragraph or the three before."""
    text = scan.text
    if start > 0 and text[max(0, start - 2):start] != "\n\n":
        return
    label = scan.cues.quote_label.match(text, start, end)
    if label is not None:
        unit = next((u for u in units if u.open == label.end()), None)
        last = scan.resolver._last_claim(lambda f: f.source is not None and f.end <= start)
        if unit is not None and last is not None and text.count("\n\n", last.end, start) <= 3:
            _add(scan, Found(unit.start, unit.end, "quote", last.source, last.mention, last.via,
                             "labelled-quote"), covered)
        return
    label = scan.cues.source_label.match(text, start, end)
    if label is None or start < 2:
        return
    speaker = next((sp for sp in _speakers_from(scan, label.end(), 1)
                    if sp.start < end and sp.type in ("person", "org", "group")), None)
    if speaker is None or text[label.end():speaker.start].strip(" ,") not in ("", "the", "The"):
        return
    source, rule = scan.resolver.resolve(speaker, speaker.start)
    prev_start = text.rfind("\n\n", 0, start - 2) + 2 if "\n\n" in text[:start - 2] else 0
    if source is None or any(prev_start <= f.start < start for f in scan.found[-20:]):
        return
    _add(scan, Found(prev_start, start - 2, "reported", source, speaker,
                     rule="source-label" + rule), covered)


# --- quotations with no attribution in their sentence ---------------------------------------------


def _orphan_quotes(scan: Scan, start: int, end: int, units: list[Unit]) -> None:
    text = scan.text
    for unit in units:
        words = len(text[unit.start:unit.end].split())
        if words < 2 or text[start:unit.open].strip(_TRIM):
            continue
        inner = _trailing_inside(scan, unit)
        previous = scan.resolver.previous_quote(unit.open)
        if inner is not None:
            _add(scan, inner, [])
        elif previous is not None and (words >= _ORPHAN_MIN_WORDS
                                       or scan.text.count("\n\n", previous.end, unit.open) == 0):
            found = Found(unit.start, unit.end, "quote", previous.source, previous.mention,
                          previous.via, "continues-quote")
            _add(scan, found, [])
        elif words >= _ORPHAN_MIN_WORDS and (introduced := _introduced(scan, unit)):
            _add(scan, introduced, [])
        elif words >= _ORPHAN_MIN_WORDS and not text[unit.close:end].strip(_END_PUNCT):
            scan.notes.append(Note("unresolved", "a quotation with no speaker",
                                   Span(unit.start, unit.end, text[unit.start:unit.end]),
                                   rule="orphan-quote"))


def _introduced(scan: Scan, unit: Unit) -> Found | None:
    """A quotation opening a paragraph, after a paragraph that introduces a speaker and
    credits them with nothing ("A commander, call sign Morpikh, described the fighting by
    phone." ¶ "“We went in at night ..."): the speaker named last there."""
    text = scan.text
    para_start = text.rfind("\n\n", 0, unit.open) + 2
    if para_start < 2 or text[para_start:unit.open].strip():
        return None
    prev_start = text.rfind("\n\n", 0, para_start - 2) + 2 if para_start > 2 else 0
    if any(prev_start <= f.start < para_start for f in scan.found[-20:]):
        return None
    lo = bisect.bisect_left(scan.starts, prev_start)
    hi = bisect.bisect_left(scan.starts, para_start)
    named = [sp for sp in scan.speakers[lo:hi]
             if sp.end <= para_start - 2 and sp.type in ("person", "group")]
    if not named:
        return None
    persons = [sp for sp in named if sp.type == "person"]
    speaker = persons[-1] if persons else named[-1]  # not the role in "Oleksandr, a soldier,"
    source, rule = scan.resolver.resolve(speaker, unit.open)
    return Found(unit.start, unit.end, "quote", source, speaker,
                 rule="quote-introduced" + rule) if source else None


def _trailing_inside(scan: Scan, unit: Unit) -> Found | None:
    """An unclosed quotation ending in its own attribution: '"Q, the officials said.'"""
    if unit.close != unit.end:
        return None
    text = scan.text
    body_end = _body_end(text, unit.start, unit.end)
    comma = text.rfind(",", unit.start, body_end)
    if comma < 0 or body_end - comma > 80:
        return None
    verb = None
    for m in _speech_verbs(scan, comma, body_end + 1):
        verb = m
    if verb is None or text[verb.end():body_end].strip(_END_PUNCT):
        return None
    for sp in _speakers_ending_before(scan, comma, verb.start()):
        if gap_ok(scan.cues, text[sp.end:verb.start()]) and \
                not _ARTICLE_END.sub("", text[comma + 1:sp.start]).strip():
            source, rule = scan.resolver.resolve(sp, verb.start())
            return Found(unit.start, comma, "quote", source, sp, rule="quote-inside" + rule)
        break
    return None


# --- unattributed figures -------------------------------------------------------------------------


def _figures(scan: Scan, start: int, end: int) -> None:
    cues = scan.cues
    low = scan.low
    hits = [m.span() for m in cues.figure.finditer(low, start, end)]
    if cues.casualty.search(low, start, end):
        hits.extend(m.span() for m in cues.people_figure.finditer(low, start, end))
    for pattern in (cues.money_figure, cues.measure_figure, cues.population_figure):
        hits.extend(m.span() for m in pattern.finditer(low, start, end))
    hits.extend(m.span("count") for m in cues.put_at_figure.finditer(low, start, end))
    hits.sort(key=lambda span: (span[0], -span[1]))
    last_end = -1
    for a, b in hits:
        if a < last_end or _is_year_or_age(low[a:b]):
            continue
        scan.found.append(Found(a, b, "figure", None, rule="figure"))
        last_end = b


def _is_year_or_age(s: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", s.split()[0]))


def _carry_relays(text: str, found: list[Found]) -> None:
    """A quotation that goes on with the words of a speaker just relayed ("Peskov was quoted
    by Interfax as saying ..." ¶ "“...,” Peskov said.") comes via the same relay."""
    ordered = sorted(found, key=lambda f: f.start)
    for before, after in itertools.pairwise(ordered):
        if after.via or not before.via or after.source != before.source:
            continue
        if after.kind == "reported" and _pronoun_goes_on(text, before, after):
            after.via = before.via  # "X told RIA that ... . He described the attack as ..."
            continue
        if after.kind != "quote" or text.count("\n\n", before.end, after.start) > 1:
            continue
        tail = text[after.end:after.end + 40]
        if not _BARE_SAID.match(tail) and not _BARE_SAID_BEFORE.search(
                text, max(0, after.start - 40), after.start):
            continue  # the quotation has an attribution of its own ("told reporters")
        after.via = before.via


_PRONOUN_VERB = re.compile(r"[.!?”\"’]*\s+(?:He|She|They|It)\s+(?:also\s+)?[a-z]+\s+(?:that\s+)?",
                           re.IGNORECASE)


def _pronoun_goes_on(text: str, before: Found, after: Found) -> bool:
    """The next sentence of the same paragraph goes on with a bare pronoun and its verb."""
    m = before.mention
    if m is None or after.mention is None or m.start > before.start:
        return False
    return bool(_PRONOUN_VERB.fullmatch(text, before.end, after.start))


_BARE_SAID = re.compile(r"[,.!?]?[”\"’']?,?\s+(?:[A-Z][\w'’-]+|he|she|they|it)\s+"
                        r"(?:said|says|added|adds)\s*[.,]")
_BARE_SAID_BEFORE = re.compile(r"(?:[A-Z][\w'’-]+|[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s+"
                               r"(?:said|says|added|adds)\s*:?\s*[“\"‘']?\s*$")


# --- output ---------------------------------------------------------------------------------------


def _claims(text: str, found: list[Found]) -> tuple[Claim, ...]:
    ordered = sorted(found, key=lambda f: (f.start, f.end))
    out = []
    for i, f in enumerate(ordered, start=1):
        mention = f.mention
        mspan = Span(mention.start, mention.end, text[mention.start:mention.end]) if mention \
            and f.source else None
        out.append(Claim(id=f"c{i}", span=Span(f.start, f.end, text[f.start:f.end]), kind=f.kind,
                         source=f.source, via=f.via, source_mention=mspan, rule=f.rule))
    return tuple(out)


def _credited_sources(ctx: Context, candidates: tuple[Source, ...], claims: tuple[Claim, ...],
                      scan: Scan) -> tuple[Source, ...]:
    credited: dict[str, list[Span]] = {}
    for c in claims:
        for source_id in (c.source, *c.via):
            if source_id:
                credited.setdefault(source_id, [])
        if c.source and c.source_mention and not scan.resolver.is_metonym(c.source_mention.start):
            credited[c.source].append(c.source_mention)
    by_id = {s.id: s for s in candidates}
    out = []
    for source_id, used in credited.items():
        base = by_id.get(source_id) or _registry_source(ctx, source_id) or \
            _made_source(scan.made.get(source_id))
        if base is None:
            continue
        spans = {(m.start, m.end): m for m in (*base.mentions, *used)}
        mentions = tuple(spans[k] for k in sorted(spans))
        entry = ctx.knowledge.sources.get(source_id) if base.registered else None
        aliases = entry.aliases if entry else base.aliases
        out.append(replace(base, mentions=mentions, aliases=aliases))
    return tuple(sorted(out, key=lambda s: (s.mentions[0].start if s.mentions else 0, s.id)))


def _made_source(speaker: Speaker | None) -> Source | None:
    """An unnamed source given its side in the claims pass ("a source in the SBU")."""
    if speaker is None:
        return None
    return Source(speaker.id, speaker.name, "anonymous", speaker.affiliation, registered=False)


def _registry_source(ctx: Context, source_id: str) -> Source | None:
    entry = ctx.knowledge.sources.get(source_id)
    if entry is None:
        return None
    return Source(entry.id, entry.name, entry.kind, entry.affiliation, entry.aliases)


def _new_source_notes(sources: tuple[Source, ...]) -> list[Note]:
    notes = []
    for s in sources:
        if not s.registered and s.mentions:
            first = s.mentions[0]
            notes.append(Note("new-source", f"'{s.name}' is not in the registry: {s.kind}, "
                              f"{s.affiliation} (from the words around the name)", first,
                              rule="apposition" if s.kind != "anonymous" else "anonymous"))
    return notes
