"""Claims pass, shared ground: the scan state, found claims, spans and speaker look-ups."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from builder.knowledge.words import find as find_phrases
from builder.annotate.quotes import Quote
from builder.annotate.resolve import Resolver
from builder.annotate.speakers import Speaker
from builder.knowledge.cues import Cues
from builder.model import Note


TRIM = " \t\n,;:–—-*•▪"  # (a list's bullet too)
END_PUNCT = " \t\n.,;:!?…"
QUOTE_MARKS = "“”\"‘’'„«»"
SENTENCE_END = re.compile(r"[.!?][”\"’]?\s+")  # a sentence's stop, a closing mark, a space


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
    other_papers: frozenset[str] = frozenset()  # newspapers told, not the publisher: relays
    spans: set[tuple[int, int]] = field(default_factory=set)  # claim spans kept so far
    made: dict[str, Speaker] = field(default_factory=dict)  # unnamed sources given a side here
    relayed: list[tuple[str, Speaker]] = field(default_factory=list)  # "by the regiment": a
    # later reference that names a relay, with the relay's id (a mention of it)
    # "X said A, his spokesman quoted him as saying.": (source, relay) for the sentence's claims
    sentence_via: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        self.starts = [sp.start for sp in self.speakers]
        self.by_end = sorted(self.speakers, key=lambda sp: (sp.end, -sp.start))
        self.ends = [sp.end for sp in self.by_end]


def quote_unit(text: str, quotes: tuple[Quote, ...], index: int) -> tuple[Unit, int]:
    q = quotes[index]
    parts = [q.content]
    last = q
    while last.next_part >= 0:
        last = quotes[last.next_part]
        parts.append(last.content)
    close = last.end + 1 if last.closed else last.end
    return Unit(q.open, q.open + 1, last.end, close, tuple(parts)), close


def in_units(pos: int, units: list[Unit]) -> bool:
    return any(u.open <= pos < u.close for u in units)


def is_covered(pos: int, covered: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in covered)


def add_found(scan: Scan, found: Found, covered: list[tuple[int, int]]) -> None:
    """Keep a claim; a quotation running over several paragraphs is one span per paragraph."""
    pieces = [(found.start, found.end)]
    if found.kind == "quote":
        pieces = _paragraph_pieces(scan.text, found.start, found.end)
    if found.kind == "reported" and (lead := _TIME_OPENER.match(scan.text, found.start)) \
            and lead.end() < found.end - 10:
        pieces = [(lead.end(), found.end)]  # "Nearly a year after X, Y, according to Z": Y
    if found.kind == "reported" and (only := _ONLY_THAT.match(scan.text, pieces[0][0])) \
            and only.end() < found.end - 3:
        pieces = [(only.end(), found.end)]  # "saying only that X": X
    if found.kind == "reported":
        pieces = [_colon_cut(scan.text, *pieces[0])]
    for a, b in pieces:
        start, end = tidy(scan.text, a, b)
        if end - start < 2 or (start, end) in scan.spans:
            continue
        scan.spans.add((start, end))
        piece = replace(found, start=start, end=end) if len(pieces) > 1 else found
        piece.start, piece.end = start, end
        scan.found.append(piece)
        covered.append((start, end))
        scan.resolver.claimed(piece)


# A colon, then a capital or a quotation mark: a clause or a quotation of its own follows.
_COLON_AHEAD = re.compile(r":\s+(?=[“\"A-Z])")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?][”\"’]?\s+|\n)\s*$")


def _colon_cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Reported content with a colon before a capital or a quotation mark (none before it):
    when the content opens its sentence, what precedes the colon is the narration's lead
    ("Bottom line: A", "X took the other side: A"), and the content starts after it; when the
    content follows its verb, a clause in capitals after the colon is the narration's gloss
    ("said A: B has hosted ..."), and the content ends at the colon."""
    m = _COLON_AHEAD.search(text, start, end)
    if m is None or m.end() >= end - 3 or any(c in text[start:m.start()] for c in "“”\""):
        return start, end
    if _SENTENCE_BEFORE.search(text, max(0, start - 4), start):
        return m.end(), end
    if text[m.end()].isupper() and m.start() - start >= 8:
        return start, m.start()
    return start, end  # (a quotation after the colon: the content is left whole)


def _paragraph_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while True:
        cut = text.find("\n\n", pos, end)
        if cut < 0:
            out.append((pos, end))
            return out
        out.append((pos, cut))
        pos = cut + 2


def tidy(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    lead = _RUN_IN.match(text, start, end)
    if lead is not None and lead.end() < end:  # "* GERMANY: Over 1 million ...": a list's
        start = lead.end()  # bullet and run-in head are no part of the claim
    while end > start and text[end - 1] in END_PUNCT:
        end -= 1
    if end > start and text[start] in QUOTE_MARKS and _count_quotes(text[start:end]) == 1:
        start += 1
    if end > start and text[end - 1] in QUOTE_MARKS and _count_quotes(text[start:end]) == 1:
        end -= 1
        while end > start and text[end - 1] in END_PUNCT:
            end -= 1
    return start, end


# A time phrase opening a reported sentence ("Nearly a year after Russia invaded, ...",
# "Two weeks into the offensive, ..."): the outlet's setting, not the claim.
_TIME_OPENER = re.compile(
    r"(?:(?:nearly|almost|more\s+than|just|about|some|over|barely)\s+)?"
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})\s+"
    r"(?:years?|months?|weeks?|days?|hours?)\s+(?:after|since|into|before)\s[^,;:“”\"]{3,90},\s+",
    re.IGNORECASE)
_ONLY_THAT = re.compile(r"(?:only|simply|merely|just)\s+that\s+", re.IGNORECASE)
_RUN_IN = re.compile(r"(?:[*•·▪]\s+)?(?:[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3}:\s+)?")


def _count_quotes(s: str) -> int:
    return sum(s.count(c) for c in "“”\"")


def unpunctuated_end(text: str, start: int, end: int) -> int:
    """The sentence end without its final punctuation."""
    while end > start and text[end - 1] in END_PUNCT:
        end -= 1
    return end


def clause_end(text: str, pos: int, end: int) -> int:
    comma = text.find(",", pos, end)
    return comma + 1 if comma >= 0 else end


def speakers_from(scan: Scan, pos: int, count: int) -> list[Speaker]:
    """The first `count` speakers starting at or after `pos` (no copy of the tail)."""
    first = bisect.bisect_left(scan.starts, pos)
    return scan.speakers[first:first + count]


def speaker_after(scan: Scan, pos: int, end: int, reach: int) -> Speaker | None:
    first = bisect.bisect_left(scan.starts, pos)
    last = bisect.bisect_left(scan.starts, min(end, pos + reach))
    for sp in scan.speakers[first:last + 1]:
        if pos <= sp.start < min(end, pos + reach):
            between = scan.text[pos:sp.start]
            if not _CLAUSE_MARK.search(between):
                return sp
        if sp.start >= pos + reach:
            break
    return None


_CLAUSE_MARK = re.compile(r"[,.;:“”\"]")


def speech_verbs(scan: Scan, start: int, end: int):
    """Speech-verb forms in [start, end), except inside "think tank", "called for" ..."""
    for m in find_phrases(scan.cues.lists["verbs"], scan.text, start, end):
        if not scan.cues.not_verbs.match(scan.low, m.start()) and not _attributive(scan, m) \
                and not scan.cues.convening.match(scan.low, m.start()):
            yield m


def speech_verb_at(scan: Scan, pos: int) -> bool:
    """A speech verb (not an adjective like "alleged collaborators") starts at `pos`."""
    m = scan.cues.verbs.match(scan.low, pos)
    return m is not None and not scan.cues.not_verbs.match(scan.low, pos) and \
        not _attributive(scan, m) and not scan.cues.convening.match(scan.low, pos)


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
    return not any(looks_like_verb(scan, w) or w.lower() == "that"
                   for w in phrase.group(1).split())


def normal(verb: str) -> str:
    return " ".join(verb.lower().replace("’", "'").split())


def text_key(text: str) -> str:
    return " ".join(text.strip(END_PUNCT).lower().split())


WORD_AT = re.compile(r"[\w'’-]+")


def looks_like_verb(scan: Scan, word: str) -> bool:
    low = word.lower()
    return low in scan.cues.verb_words or low.endswith("ed") or bool(scan.cues.frames(low))


def speakers_ending_before(scan: Scan, start: int, pos: int):
    """Speakers inside [start, pos), nearest end first."""
    hi = bisect.bisect_right(scan.ends, pos)
    lo = bisect.bisect_left(scan.ends, start)
    hits = [sp for sp in scan.by_end[lo:hi] if sp.start >= start]
    hits.reverse()
    return hits
