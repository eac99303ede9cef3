"""Where a position of an article's text stands: its sentence, clause, tense and quotation."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import compress, repeat
from operator import or_
from dataclasses import dataclass, field

from builder.knowledge.calendar import Calendar, Tokens

Cue = tuple[int, int, str]  # start, end, "prospective" | "future" | "timetable" | "past"
# | "inflected" (-ed)


@dataclass(frozen=True, slots=True)
class Sentence:
    """The clause breaks and tense cues of one sentence."""

    break_starts: tuple[int, ...]
    break_ends: tuple[int, ...]
    cues: tuple[Cue, ...]


@dataclass(slots=True)
class TextIndex:
    """Sentences and quotations of one text; clauses and tense cues worked out on demand.

    Only sentences that hold a date expression are ever analysed, so the cost follows the
    number of dates, not the length of the article.
    """

    text: str
    calendar: Calendar
    tokens: Tokens
    sentence_starts: tuple[int, ...]
    quote_starts: tuple[int, ...]
    quote_ends: tuple[int, ...]
    paragraph_starts: tuple[int, ...] = (0,)
    analysed: dict[int, Sentence] = field(default_factory=dict)

    def sentence(self, pos: int) -> int:
        """Index of the sentence holding pos."""
        return bisect_right(self.sentence_starts, pos) - 1

    def paragraph(self, pos: int) -> int:
        """Index of the paragraph (text between line breaks) holding pos."""
        return bisect_right(self.paragraph_starts, pos) - 1

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        i = self.sentence(pos)
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return self.sentence_starts[i], end

    def clause_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): between the nearest breaks inside its sentence."""
        s0, s1 = self.sentence_bounds(start)
        sentence = self._analyse(start)
        i = bisect_right(sentence.break_ends, start) - 1
        c0 = max(s0, sentence.break_ends[i]) if i >= 0 else s0
        j = bisect_left(sentence.break_starts, end)
        c1 = min(s1, sentence.break_starts[j]) if j < len(sentence.break_starts) else s1
        return c0, c1

    def tense(self, start: int, end: int) -> str:
        """The nearest tense cue in the clause, else in the sentence; "unmarked" when the clause
        has none and the sentence no future (news narrates the past, see date_resolve).

        A prospective cue ("would", "were due to") counts only in the date's own clause:
        "Its fall would be the third retreat, after the withdrawal in March" is no prospect.
        So does a timetable's present ("begins", "expires"), which then tells the future.
        """
        cues = self._analyse(start).cues
        c0, c1 = self.clause_bounds(start, end)
        cue = _nearest_cue(cues, start, end, c0, c1)
        lo, hi = self.sentence_bounds(start)
        if cue in ("past", "inflected") and self._backshifted(cues, lo, c0, c1):
            return "prospective"
        if cue == "inflected":  # "-ed" may be a participle: "expected to take longer, with
            # contracts signed by September" is no past; a future elsewhere leaves it open
            inside = self.quoted(start)  # a quotation's future is its speaker's: "'You will
            strong = tuple(c for c in cues if c[2] == "future"  # not forgive me,' he said
                           and self.quoted(c[0]) == inside)  # to X, whose son was killed on"
            that = _THAT.search(self.text, end, hi)  # "declared on Wednesday that Germany had
            hi = that.start() if that else hi  # no plans to deliver": the told clause's own
            finite = any(c0 == end + 1 and k == "inflected" for c0, _, k in cues) or any(
                k == "inflected" and c0 <= a < start and _AGENT.match(self.text, b)
                for a, b, k in cues
            )  # "on Monday signed": a verb right after its time; "the fund created by Paris in
            # October": a passive with its agent tells a deed done, whatever the main verb
            return (
                "uncertain" if _nearest_cue(strong, start, end, lo, hi) and not finite else "past"
            )
        if cue:
            return "future" if cue == "timetable" else cue
        cues = tuple(c for c in cues if c[2] not in ("prospective", "timetable"))
        found = _nearest_cue(cues, start, end, lo, hi)
        # a past cue in another clause ("first agreed in July, expires on November 19") is no
        # better than none: past, unless that lies far back and the future close
        return "future" if found == "future" else "unmarked"

    def _backshifted(self, cues: tuple[Cue, ...], s0: int, c0: int, c1: int) -> bool:
        """A time clause under a prospective main clause tells its future in the past: "they
        would review the deal when they met in August"."""
        opener = self.calendar.patterns.backshift_opener.search(self.text, max(s0, c0 - 12), c0)
        return bool(opener) and any(k == "prospective" and not c0 <= a < c1 for a, _, k in cues)

    def quoted(self, pos: int) -> bool:
        """True inside direct speech."""
        i = bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.quote_ends[i]

    def _analyse(self, pos: int) -> Sentence:
        i = self.sentence(pos)
        if i not in self.analysed:
            self.analysed[i] = _sentence(self, *self.sentence_bounds(pos))
        return self.analysed[i]


def _nearest_cue(cues: tuple[Cue, ...], start: int, end: int, lo: int, hi: int) -> str:
    """The nearest cue; one right after the expression governs it ("says Monday will be")."""
    best, best_distance = "", hi - lo + 1
    for c0, c1, kind in cues:
        if c0 < lo or c1 > hi or (c0 < end and c1 > start):
            continue  # outside the range, or part of the expression itself ("last month")
        distance = start - c1 if c1 <= start else c0 - end
        if distance < best_distance or (c0 >= end and distance <= 1):
            best, best_distance = kind, distance
    return best


def index(text: str, calendar: Calendar, tokens: Tokens) -> TextIndex:
    """Find the sentences and quotations of text."""
    starts = [0] + [m.end() for m in calendar.patterns.sentence_end.finditer(text)]
    quotes = _quotations(text, calendar)
    return TextIndex(
        text=text,
        calendar=calendar,
        tokens=tokens,
        sentence_starts=tuple(sorted(set(starts))),
        quote_starts=tuple(q[0] for q in quotes),
        quote_ends=tuple(q[1] for q in quotes),
        paragraph_starts=(0, *(m.end() for m in _LINE_BREAKS.finditer(text))),
    )


_LINE_BREAKS = re.compile(r"\n\n*")  # (not \n+: a literal first lets the engine skip to it)
_THAT = re.compile(r"\bthat\b", re.IGNORECASE)
_AGENT = re.compile(  # "by" and a named agent, not a time ("signed by September")
    r"\s+by\s+(?:the\s+)?(?!(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|then|now|mid|early|late|the\s+end)\b)[A-Z]"
)


def _sentence(idx: TextIndex, s0: int, s1: int) -> Sentence:
    """Clause breaks (punctuation, "that", "while" ...) and tense cues between s0 and s1."""
    text, cal, tokens = idx.text, idx.calendar, idx.tokens
    p = cal.patterns
    breaks = [m.span() for m in p.clause_marks.finditer(text, s0, s1)]
    cues: list[Cue] = []
    lo, hi = bisect_left(tokens.starts, s0), bisect_left(tokens.starts, s1)
    words = tokens.keys[lo:hi]
    # Only a clause word, a cue's first word or an -ed form can do anything below: the
    # others are passed over by C-level maps instead of one by one.
    marked = map(or_, map(p.marked.__contains__, words),
                 map(str.endswith, words, repeat("ed")))
    for i in compress(range(lo, hi), marked):
        word, start = tokens.keys[i], tokens.starts[i]
        if word in p.clause_words:
            breaks.append((start, start + len(word)))
        if word in p.cue_starts or (word.endswith("ed") and word not in cal.not_past):
            m = p.cues.match(text, start - (word == "ll"))
            if m:
                kind = _kind(m)
                if kind == "inflected" and i > 0 and tokens.keys[i - 1] in cal.tenseless_after:
                    continue  # "unless it is extended": a present passive
                if kind == "inflected" and not text[s0:start].strip(_OPENERS):
                    continue  # "Asked whether Sweden could join before the leaders meet in
                    # July, he replied": a participle opening the sentence has no tense of its own
                if kind == "inflected" and _finite(text, tokens, i, cal.finite_after):
                    kind = "past"  # "he first used": a finite verb, not a participle
                cues.append((m.start(), m.end(), kind))
    cues.extend(_bidden(text, tokens, lo, hi, cal.directives))
    cues.sort()
    breaks.sort()
    return Sentence(
        break_starts=tuple(b[0] for b in breaks),
        break_ends=tuple(b[1] for b in breaks),
        cues=tuple(_governed(text, cues)),
    )


_OPENERS = " \t\n\"“‘'([—–-"  # what may stand before a sentence's first word
_BID_REACH = 5  # words between a verb of bidding and its "to"
_NOT_A_VERB = frozenset(("the", "a", "an", "this", "that", "its", "their", "his", "her", "our"))


def _bidden(
    text: str, tokens: Tokens, lo: int, hi: int, directives: frozenset[str]
) -> list[Cue]:
    """A prospective cue at the "to" of "instructed governors to stop", "urged allies to
    send": what is bidden comes after the bidding. Not "ordered troops to Bakhmut" (a place),
    "told reporters to the end" (no verb), nor with a name or time before the "to" ("ordered
    its troops on Wednesday to pull back": Wednesday is the order's)."""
    out: list[Cue] = []
    keys, starts = tokens.keys, tokens.starts
    for i in compress(range(lo, hi), map(directives.__contains__, keys[lo:hi])):
        for k in range(i + 1, min(i + 2 + _BID_REACH, hi - 1)):
            if keys[k] != "to":
                continue
            between = text[starts[i + 1]:starts[k]]
            if any(c.isupper() or c.isdigit() for c in between):
                break  # "ordered its troops on Wednesday to pull back": the time is the order's
            nxt = text[starts[k + 1]:starts[k + 1] + 1]
            if nxt.islower() and keys[k + 1] not in _NOT_A_VERB:
                out.append((starts[k], starts[k] + 2, "prospective"))
            break
    return out


def _finite(text: str, tokens: Tokens, i: int, finite_after: frozenset[str]) -> bool:
    """Is the -ed token i a finite verb: after a subject pronoun or auxiliary, perhaps with one
    word between ("he first used", "which was launched"), or right after a name ("Russia
    launched")?"""
    keys, starts = tokens.keys, tokens.starts
    if any(k >= 0 and keys[k] in finite_after for k in (i - 1, i - 2)):
        return True
    if i == 0:
        return False
    before = text[starts[i - 1]:starts[i]]
    return before[:1].isupper() and before.rstrip().isalpha() and before.endswith(" ")


def _kind(m: re.Match[str]) -> str:
    return next(
        k for k in ("prospective", "future", "timetable", "past", "inflected") if m.group(k)
    )


_VERB_GROUP = re.compile(r"[A-Za-z'’ ]{0,16}")


def _governed(text: str, cues: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A past form right after a future auxiliary takes its tense: "will be held" is future,
    "would have met" prospective."""
    out = list(cues)
    for k in range(1, len(out)):
        start, end, kind = out[k]
        before = out[k - 1]
        if (
            kind in ("past", "inflected")
            and before[2] in ("future", "prospective")
            and _VERB_GROUP.fullmatch(text, before[1], start)
        ):
            out[k] = (start, end, before[2])
    return out


def _quotations(text: str, calendar: Calendar) -> list[tuple[int, int]]:
    """Spans of direct speech; an unclosed quotation ends with its paragraph."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for m in calendar.patterns.quote_mark.finditer(text):
        mark = m.group(0)
        if opened is None and mark in '“"':
            opened = m.start()
        elif opened is not None and mark in '”"\n\n':
            spans.append((opened, m.start()))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans
