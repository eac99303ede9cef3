"""Runs the claim passes over an article: quotes, reported speech and figures, each sourced."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from builder.annotate import Context
from builder.annotate.claims.ids import claim_ids
from builder.annotate.quotes import Quote, find_quotes, paragraph_spans, sentences
from builder.annotate.resolve import Resolver, speakers_for_claims
from builder.annotate.speakers import Speaker, turn_labels
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import lowered
from builder.model import Annotations, Claim, Note, Source, Span
from builder.annotate.claims.scan import (
    Found,
    Scan,
    Unit,
    END_PUNCT,
    QUOTE_MARKS,
    add_found,
    unpunctuated_end,
    quote_unit,
)
from builder.annotate.claims.named_next import named_next
from builder.annotate.claims.subjects import named_later
from builder.annotate.claims.relays import (
    carry_relays,
    interview_frames,
    citing,
    outlets_in_own_voice,
    own_outlets,
)
from builder.annotate.claims.verbs import (
    verbs,
)
from builder.annotate.claims.forms import (
    according,
    data_shows,
    estimate_openers,
    estimate_verbs,
    headline_colon,
    back_reference,
    colon_intro,
    labelled,
    orphan_quotes,
    passives,
    quoted_as,
)
from builder.annotate.claims.interviews import (
    continued_answers,
    is_question,
    opening_statements,
    unlabelled_answers,
)
from builder.annotate.claims.signed_blocks import signed_blocks
from builder.annotate.claims.written_pieces import written_pieces
from builder.annotate.claims.bare_quoted import bare_quoted
from builder.annotate.claims.outlet_tails import outlet_tails
from builder.annotate.claims.figures import (
    figures,
)


def annotate(ctx: Context, ann: Annotations) -> Annotations:
    text = ctx.text
    speakers = speakers_for_claims(ctx, ann.sources)
    paragraphs = paragraph_spans(text)
    quotes = find_quotes(text, paragraphs, ctx.knowledge.cues)
    quoted = tuple(q.content for q in quotes if text.count(" ", *q.content) >= 2)
    scan = Scan(text, lowered(text), ctx.knowledge.cues, speakers,
                Resolver(ctx, speakers, quoted))
    scan.opening = _opening_units(text, paragraphs, quotes)
    known = own_outlets(ctx)
    scan.own_outlets = known | outlets_in_own_voice(scan, known)
    turns = _answer_turns(scan, paragraphs)
    if turns:
        first = min(m.start() for m in turn_labels(text, ctx.knowledge.cues))
        turns += opening_statements(scan, paragraphs, turns, first)
    turns += continued_answers(scan, paragraphs, turns)
    turns += unlabelled_answers(scan, paragraphs, turns)
    turns += signed_blocks(scan, paragraphs, turns)
    for start, end, units in _sentences(text, paragraphs, quotes, ctx.knowledge.cues):
        if any(a <= start < b for a, b in turns):
            continue  # a transcript's answer turn is one quote, its speaker's
        if not units and _asks(scan, start, end):
            continue  # "Hasn't the army said it shot them down?": a question reports nothing
        _sentence(scan, start, end, units)
    named_later(text, scan.found)
    named_next(text, scan.found, ctx.knowledge.cues)
    written_pieces(scan)
    bare_quoted(scan)
    carry_relays(text, scan.found, ctx.knowledge.cues)
    interview_frames(scan)
    claims = _claims(text, scan.found)
    sources = _credited_sources(ctx, ann.sources, claims, scan)
    notes = (*ann.notes, *scan.notes, *_new_source_notes(sources))
    return replace(ann, claims=claims, sources=sources, notes=tuple(notes))


def _asks(scan: Scan, start: int, end: int) -> bool:
    """The sentence is a question: it opens with one of cues.yaml question_openers (an
    inverted verb, "why", "how") and ends in a question mark."""
    body = scan.text[start:end].strip()
    lead = start + len(scan.text[start:end]) - len(scan.text[start:end].lstrip())
    return body.rstrip(QUOTE_MARKS).endswith("?") and \
        scan.cues.question_openers.match(scan.low, lead) is not None


def _sentences(text: str, paragraphs: list[tuple[int, int]], quotes: tuple[Quote, ...],
               cues: Cues):
    """Sentences in text order, each with its quotation units; a sentence holding a
    multi-paragraph quotation runs on to the end of the sentence where the quotation ends."""
    by_para: dict[int, list[Quote]] = {}
    for q in quotes:
        by_para.setdefault(q.para, []).append(q)
    spans = []
    for index, (start, end) in enumerate(paragraphs):
        spans.extend(sentences(text, start, end, tuple(by_para.get(index, ())), cues))
    cursor = 0
    opens = [q.open for q in quotes]
    if spans and (lead := _DATELINE_LEAD.match(text, spans[0][0], spans[0][1])):
        spans[0] = (lead.end(), spans[0][1])  # "KYIV, Ukraine (AP) — " is no one's words
    elif len(spans) > 1 and _BARE_DATELINE.fullmatch(text, *spans[0]) and \
            (lead := _DATELINE_LEAD.match(text, spans[1][0], spans[1][1])):
        spans[1] = (lead.end(), spans[1][1])  # "MOSCOW." then "Aug 30 (Interfax) - "
    for s_start, s_end in spans:
        if s_start < cursor:
            continue
        units, stop = [], s_end
        for qi in range(bisect.bisect_left(opens, s_start), bisect.bisect_left(opens, s_end)):
            q = quotes[qi]
            if not q.continuation:
                unit, last_end = quote_unit(text, quotes, qi)
                units.append(unit)
                if last_end > stop:
                    stop = _sentence_end_after(spans, last_end)
        cursor = stop
        yield s_start, stop, units


_DASH = r"(?:--|[-–—](?=\s)|[–—])\s*"  # "-- ", " - ", "—" even with no space after it
_DATE = r"(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2},?)\s+\d{4}"  # with its year
_DATELINE_LEAD = re.compile(  # "KYIV, Ukraine, Jan. 5 (Reuters) - ", "WASHINGTON—", "MOSCOW,
    # (RIA Novosti) – ", "MOSCOW, December 25. /TASS/. ", "Kostiantynivka (Ukraine) (AFP) - "
    r"(?:[A-Z][A-Z.'’ -]{2,30}(?:,\s+[A-Z][\w.]+(?:\s+[A-Z0-9][\w.]*){0,2})*,?\.?\s*"
    r"(?:\((?:[A-Z][\w .&-]{1,30})\)\s*)?(?:/[A-Z][\w-]{1,20}/\.?\s+|" + _DASH + r")"
    r"|(?:[A-Z][\w'’.-]+(?:\s+[A-Z0-9][\w'’.-]*)?(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]*)?)*\s+)?"
    r"(?:\([A-Z][\w .&-]{1,30}\)\s*){1,2}" + _DASH +  # "Kyiv, Ukraine (CNN) — "
    r"|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]*){0,2},\s+" + _DATE + r",?\s*" + _DASH +
    r")(?=[A-Z“\"‘])")  # a release's "Mykolaiv, 21 July 2022 — ", "GENEVA, March 3, 2023 - "
_BARE_DATELINE = re.compile(r"[A-Z][A-Z'’ -]{2,30}\.\s*")  # "MOSCOW." as a sentence


def _answer_turns(scan: Scan, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A transcript's turns that quote their speaker ("Lloyd Austin, U.S. Defense Secretary:
    ...", or a name's turn after a question): each is one quote, the label's name its
    source. The other turns (the anchor's, the correspondent's) are narration, read as any
    paragraph."""
    text = scan.text
    cues = scan.resolver.ctx.knowledge.cues
    labels = {m.start(): m for m in turn_labels(text, cues)}
    out: list[tuple[int, int]] = []
    if not labels:
        return out  # no transcript: no line to look at
    turns = []
    previous: tuple[str, str] | None = None
    host: str | None = None  # the first label's: the one who introduces the others
    for start, end in _lines(text, paragraphs):
        m = labels.get(start + len(text[start:end]) - len(text[start:end].lstrip()))
        if m is None:
            continue
        name = m.group("name")
        answers = name in cues.answer_labels or previous is not None and previous[0] != name and (
            is_question(previous[1]) or previous[0] in cues.question_labels
            or (host is not None and name != host and _introduces(previous[1], name, cues)))
        host = name if host is None else host
        previous = (name, text[m.end():end])
        turns.append((start, end, m, answers))
    answering = {m.group("name") for _, _, m, answers in turns if answers} - \
        cues.question_labels  # a briefer who answers questions: the opening statement too
    for start, end, m, answers in turns:
        name = m.group("name")
        if not (m.group("role") or m.group("aside") or answers or name in answering):
            continue
        if name in cues.answer_labels:  # "Q: ...?" ¶ "A: ...": the person the interview is with
            first = min(labels)
            speaker = _lead_reference(scan) or next(
                (sp for sp in reversed(scan.speakers)
                 if sp.end <= first and sp.type == "person"), None)
        else:
            speaker = next((sp for sp in scan.speakers if m.start("name") <= sp.start
                            and sp.end <= m.end("name")), None)  # "GEN. RYDER": the name
        if speaker is None:
            continue
        source, rule = scan.resolver.resolve(speaker, m.start())
        stop = start + len(text[start:end].rstrip())
        if stop - m.end() < 3:
            continue
        add_found(scan, Found(m.end(), stop, "quote", source, speaker, rule="turn" + rule), [])
        out.append((start, stop))
    return out


def _lead_reference(scan: Scan) -> Speaker | None:
    """The role the lead paragraph's speaker is given, when the next paragraph names its
    person ("..., Kyiv's envoy in Lisbon has told Radio Atlantico"): the one interviewed."""
    end = scan.text.find("\n\n")
    for sp in scan.speakers:
        if end >= 0 and sp.start >= end:
            break
        if sp.type == "reference" and scan.resolver.source_type(
                scan.resolver.resolve(sp, sp.start)[0]) == "person":
            return sp
    return None


def _introduces(turn: str, name: str, cues: Cues) -> bool:
    """The host's turn plays the next label's person ("Here's the prosecutor, Karim Khan,
    speaking on Friday." then "KARIM KHAN: ..."; cues.yaml host_intros): that turn is the
    person's words; a correspondent the anchor hands over to ("Nick Schifrin reports")
    narrates."""
    words = name.split()
    if len(words) < 2:
        return False
    full = re.escape(" ".join(w.capitalize() if name.isupper() else w for w in words))
    return re.search(rf"{cues.host_intro.pattern}[^.!?]{{0,60}}(?<![\w'’-]){full}(?![\w'’-])"
                     rf"|(?<![\w'’-]){full},?\s+speaking\b", turn) is not None


def _lines(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lines of each paragraph (a transcript may put its turns on lines of one)."""
    out = []
    for start, end in paragraphs:
        for m in _LINE.finditer(text, start, end):
            if m.group().strip():
                out.append(m.span())
    return out


_LINE = re.compile(r"[^\n]+")


def _opening_units(text: str, paragraphs: list[tuple[int, int]],
                   quotes: tuple[Quote, ...]) -> dict[int, Unit]:
    """The quotation that opens each paragraph (for "X said:" at the end of the one before)."""
    starts = {start + len(text[start:end]) - len(text[start:end].lstrip()): start
              for start, end in paragraphs}
    out = {}
    for index, q in enumerate(quotes):
        if q.open in starts and not q.continuation:
            out[starts[q.open]] = quote_unit(text, quotes, index)[0]
    return out


def _sentence_end_after(spans: list[tuple[int, int]], pos: int) -> int:
    for start, end in spans:
        if start <= pos <= end or start >= pos:
            return max(end, pos)
    return pos


def _sentence(scan: Scan, start: int, end: int, units: list[Unit]) -> None:
    before = len(scan.found)
    covered: list[tuple[int, int]] = []
    back_reference(scan, start, end, covered)
    passives(scan, start, end, units, covered)
    according(scan, start, end, units, covered)
    estimate_verbs(scan, start, end, units, covered)
    quoted_as(scan, start, end, units, covered)
    verbs(scan, start, end, units, covered)
    colon_intro(scan, start, end, units, covered)
    outlet_tails(scan, end, before, covered)
    citing(scan, start, end, before, covered)
    if scan.sentence_via is not None:  # "X said A, his spokesman quoted him as saying."
        source, relay = scan.sentence_via
        for f in scan.found[before:]:
            if f.source == source and not f.via:
                f.via = (relay,)
        scan.sentence_via = None
    if len(scan.found) == before:  # "UN figures show X": only when no verb attributes X
        data_shows(scan, start, end, units, covered)
    if len(scan.found) == before:  # "By her estimate, X": only when no verb attributes X
        estimate_openers(scan, start, end, units, covered)
    if len(scan.found) == before:
        labelled(scan, start, end, units, covered)
    if len(scan.found) == before:
        headline_colon(scan, start, end, covered)
    if len(scan.found) == before:
        orphan_quotes(scan, start, end, units)
    if len(scan.found) == before:
        _continued_report(scan, start, end, covered)
    if len(scan.found) == before:
        figures(scan, start, end, sentence=True)
    elif not units:  # "X said A, which was home to 70,000 people before the war": the figure
        _figures_outside(scan, start, end, before)  # outside the claims is the outlet's own


def _continued_report(scan: Scan, start: int, end: int, covered) -> None:
    """"He noted that a house was damaged. There were no casualties.": a sentence that goes on
    with the report (cues.yaml continued_reports), right after a claim in the same paragraph
    with nothing between, is the same speaker's."""
    text = scan.text
    lead = start + len(text[start:end]) - len(text[start:end].lstrip())
    last = scan.found[-1] if scan.found else None
    if last is None or last.source is None or last.kind == "figure" or \
            not scan.cues.continued_reports.match(scan.low, lead) or \
            text[last.end:lead].strip(END_PUNCT + QUOTE_MARKS) or "\n" in text[last.end:lead]:
        return
    add_found(scan, Found(lead, unpunctuated_end(text, lead, end), "reported", last.source,
                          last.mention, last.via, "continued" + last.rule[last.rule.find(":"):]),
              covered)


def _figures_outside(scan: Scan, start: int, end: int, before: int) -> None:
    """Figures of a sentence that holds claims, in a relative clause after the last claim
    (", which was home to ..."), where the words are the outlet's, not the speaker's; and in
    a clause before a claim no one is named for ("As estimates put losses at around 10,000,
    Russia is said to ..."), likewise the outlet's."""
    first = min(scan.found[before:], key=lambda f: f.start)
    if first.rule == "passive" and scan.text[start:first.start].rstrip().endswith(","):
        figures(scan, start, first.start)
    last = max(f.end for f in scan.found[before:])
    rel = _RELATIVE_AFTER.search(scan.text, last, end)
    if rel is None or scan.text[last:rel.start()].strip(" ,.;"):
        return
    figures(scan, rel.end(), end)


_RELATIVE_AFTER = re.compile(r",\s+(?:which|where|a\s+(?:city|town|village|region)\s+that)\s")


def _claims(text: str, found: list[Found]) -> tuple[Claim, ...]:
    ordered = sorted(found, key=lambda f: (f.start, f.end))
    out = []
    for cid, f in zip(claim_ids(text[g.start:g.end] for g in ordered), ordered, strict=True):
        mention = f.mention
        mspan = Span(mention.start, mention.end, text[mention.start:mention.end]) if mention \
            and f.source else None
        out.append(Claim(id=cid, span=Span(f.start, f.end, text[f.start:f.end]), kind=f.kind,
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
    for source_id, sp in scan.relayed:  # "a video posted by the regiment"
        if source_id in credited:
            credited[source_id].append(Span(sp.start, sp.end, ctx.text[sp.start:sp.end]))
    by_id = {s.id: s for s in candidates}
    out = []
    for source_id, used in credited.items():
        base = by_id.get(source_id) or _registry_source(ctx, source_id) or \
            _made_source(scan.made.get(source_id)) or \
            _made_body(scan.resolver.made.get(source_id), ctx.text)
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


def _made_body(speaker: Speaker | None, text: str) -> Source | None:
    """A body given its id in the claims pass ("the South African Presidency"), named where
    its speaker stands (a name in narration a reference stood for: "The Moscow City Court")."""
    if speaker is None:
        return None
    return Source(speaker.id, speaker.name, speaker.kind, speaker.affiliation, registered=False,
                  mentions=(Span(speaker.start, speaker.end, text[speaker.start:speaker.end]),))


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
