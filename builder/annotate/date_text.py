"""Where a position of an article's text stands: its sentence, clause, tense and quotation."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from builder.knowledge.calendar import Calendar


@dataclass(frozen=True, slots=True)
class TextIndex:
    """Sentence starts, clause breaks, tense cues and quotations of one text, found once."""

    length: int
    sentence_starts: tuple[int, ...]
    break_starts: tuple[int, ...]
    break_ends: tuple[int, ...]
    cue_starts: tuple[int, ...]
    cue_ends: tuple[int, ...]
    cue_kinds: tuple[str, ...]  # "future" | "past"
    quote_starts: tuple[int, ...]
    quote_ends: tuple[int, ...]

    def sentence(self, pos: int) -> int:
        """Index of the sentence holding pos."""
        return bisect_right(self.sentence_starts, pos) - 1

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        i = self.sentence(pos)
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else self.length
        return self.sentence_starts[i], end

    def clause_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): between the nearest breaks inside its sentence."""
        s0, s1 = self.sentence_bounds(start)
        i = bisect_right(self.break_ends, start) - 1
        c0 = max(s0, self.break_ends[i]) if i >= 0 else s0
        j = bisect_left(self.break_starts, end)
        c1 = min(s1, self.break_starts[j]) if j < len(self.break_starts) else s1
        return c0, c1

    def tense(self, start: int, end: int) -> str:
        """The nearest tense cue in the clause, else in the sentence; news defaults to past."""
        for lo, hi in (self.clause_bounds(start, end), self.sentence_bounds(start)):
            cue = self._nearest_cue(start, end, lo, hi)
            if cue:
                return cue
        return "past"

    def _nearest_cue(self, start: int, end: int, lo: int, hi: int) -> str:
        best, best_distance = "", hi - lo + 1
        first = bisect_left(self.cue_starts, lo)
        for k in range(first, len(self.cue_starts)):
            c0, c1 = self.cue_starts[k], self.cue_ends[k]
            if c0 >= hi:
                break
            if c1 > hi or (c0 < end and c1 > start):
                continue  # past the range, or part of the expression itself ("last month")
            distance = start - c1 if c1 <= start else c0 - end
            if distance < best_distance:
                best, best_distance = self.cue_kinds[k], distance
        return best

    def quoted(self, pos: int) -> bool:
        """True inside direct speech."""
        i = bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.quote_ends[i]


def index(text: str, calendar: Calendar) -> TextIndex:
    """Find the sentences, clauses, tense cues and quotations of text."""
    p = calendar.patterns
    starts = [0] + [m.end() for m in p.sentence_end.finditer(text)]
    breaks = [m.span() for m in p.clause_break.finditer(text)]
    cues = _governed(
        text,
        [
            (m.start(), m.end(), "future" if m.group("future") else "past")
            for m in p.cues.finditer(text)
            if m.group("future") or m.group(0).lower() not in calendar.not_past
        ],
    )
    quotes = _quotations(text, calendar)
    return TextIndex(
        length=len(text),
        sentence_starts=tuple(sorted(set(starts))),
        break_starts=tuple(b[0] for b in breaks),
        break_ends=tuple(b[1] for b in breaks),
        cue_starts=tuple(c[0] for c in cues),
        cue_ends=tuple(c[1] for c in cues),
        cue_kinds=tuple(c[2] for c in cues),
        quote_starts=tuple(q[0] for q in quotes),
        quote_ends=tuple(q[1] for q in quotes),
    )


_VERB_GROUP = re.compile(r"[A-Za-z'’ ]{0,16}")


def _governed(text: str, cues: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A past form right after a future auxiliary is future: "will be held", "will have met"."""
    out = list(cues)
    for k in range(1, len(out)):
        start, end, kind = out[k]
        before = out[k - 1]
        if (
            kind == "past"
            and before[2] == "future"
            and _VERB_GROUP.fullmatch(text, before[1], start)
        ):
            out[k] = (start, end, "future")
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
