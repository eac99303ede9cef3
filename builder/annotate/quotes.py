"""Quotations and sentences of an article's text, tolerant of unbalanced quotation marks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from builder.knowledge.cues import Cues

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
_LETTER = re.compile(r"[\w]")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: its marks and content. `end` is the closing mark, or where an unclosed
    quotation stops (a line break or the paragraph's end). `next_part` links a paragraph
    of a multi-paragraph quotation to the next one (index into the tuple), else -1."""

    open: int
    end: int
    closed: bool
    para: int
    next_part: int = -1
    continuation: bool = False  # this paragraph continues the quotation of the one before

    @property
    def content(self) -> tuple[int, int]:
        return self.open + 1, self.end


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines."""
    spans, pos = [], 0
    for part in text.split("\n\n"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return spans


def paragraph_start(text: str, pos: int) -> int:
    """Where the paragraph holding `pos` starts: after the last blank line before it, or 0."""
    brk = text.rfind("\n\n", 0, pos)
    return 0 if brk < 0 else brk + 2


def find_quotes(text: str, paragraphs: list[tuple[int, int]], cues: Cues) -> tuple[Quote, ...]:
    """Every quotation, paragraph by paragraph; an unclosed one never spoils the rest."""
    quotes: list[Quote] = []
    for index, (start, end) in enumerate(paragraphs):
        found = _paragraph_quotes(text, start, end, index)
        if quotes and found and found[0].open == _first_visible(text, start):
            prev = quotes[-1]
            if not prev.closed and prev.end == paragraphs[prev.para][1] and prev.para == index - 1:
                quotes[-1] = _link(prev, len(quotes))
                found[0] = Quote(found[0].open, found[0].end, found[0].closed, index, -1, True)
        quotes.extend(q for q in found if not _quoted_name(text, q, cues))
    return tuple(quotes)


_A_NAME = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w'’-]*(?: [A-ZÀ-ÞĀ-Ž][\w'’-]*){0,2}")


def _quoted_name(text: str, q: Quote, cues: Cues) -> bool:
    """'the call sign "Hunter"': a name in quotation marks after a naming phrase (cues.yaml
    call_sign_phrases, quoted_name_intros) is a name, not a quotation."""
    return q.closed and q.para >= 0 and _A_NAME.fullmatch(text, *q.content) is not None and \
        cues.quoted_name_before.search(text, max(0, q.open - 30), q.open) is not None


def _link(quote: Quote, next_index: int) -> Quote:
    return Quote(quote.open, quote.end, quote.closed, quote.para, next_index, quote.continuation)


def _first_visible(text: str, start: int) -> int:
    pos = start
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


_MARKS = re.compile(r"[“”\"‘'„«»]")


def _paragraph_quotes(text: str, start: int, end: int, para: int) -> list[Quote]:
    out: list[Quote] = []
    opened = -1
    resume = start
    for m in _MARKS.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if i < resume:
            continue
        if opened < 0 and _opens(text, i, start, ch):
            opened = i
        elif opened >= 0 and _closes(text, i, ch, text[opened]):
            out.append(Quote(opened, i, True, para))
            opened = -1
        elif opened >= 0 and ch in OPEN_DOUBLE:
            out.append(Quote(opened, _trim_end(text, opened, i), False, para))
            opened = i
        elif opened < 0 and ch in "‘'" and _opens_single(text, i, start):
            close = _single_close(text, i, end, ch)
            if close > 0:
                out.append(Quote(i, close, True, para))
                resume = close + 1
    if opened >= 0:
        newline = text.find("\n", opened, end)
        stop = newline if newline >= 0 else end
        out.append(Quote(opened, _trim_end(text, opened, stop), False, para))
    return out


def _trim_end(text: str, opened: int, stop: int) -> int:
    while stop > opened + 1 and text[stop - 1] in " \t\n":
        stop -= 1
    return stop


def _opens(text: str, i: int, start: int, ch: str) -> bool:
    if ch in OPEN_DOUBLE:
        return True
    if ch != '"':
        return False
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _LETTER.match(before) and not after.isspace()


def _closes(text: str, i: int, ch: str, opener: str) -> bool:
    if ch in CLOSE_DOUBLE:
        return True
    return ch == '"'


def _opens_single(text: str, i: int, start: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and bool(_LETTER.match(after))


def _single_close(text: str, i: int, end: int, opener: str) -> int:
    closers = "’" if opener == "‘" else "'"
    for j in range(i + 2, min(end, i + 400)):
        if text[j] in closers and text[j - 1] != " ":
            after = text[j + 1] if j + 1 < end else " "
            if not _LETTER.match(after):
                return j
        if text[j] in "“”\"\n":
            return -1
    return -1


# --- sentences -----------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?… \t\n](?:(?<=[.!?…])[.!?…]*[’”\"')\]]*\s+(?=[A-Z“‘\"'(\d])"
                       r"|(?<=[ \t])[ \t]*\n(?=\s*\S)|(?<=\n)(?=\s*\S))")
# (every match starts with one character of a set, taken first so the regex engine skips to
# the next such character in C; a lookbehind then tells which alternative it opens)
# (a line break inside a paragraph, as in a list, starts a sentence of its own whatever ends
# the one before: the text parsers join lines a sentence runs over)
# _BOUNDARY for a paragraph with no space or tab right before a line break: that alternative
# can match nowhere there, and without it the engine skips from stop to stop, not space to space
_BOUNDARY_AT_STOPS = re.compile(r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[’”\"')\]]*\s+"
                                r"(?=[A-Z“‘\"'(\d])|(?<=\n)(?=\s*\S))")


def sentences(text: str, start: int, end: int, quotes: tuple[Quote, ...],
              cues: Cues) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph; a quotation is never split inside. A quotation
    ending its sentence ('"We will win." Then ...') ends there, unless its speaker follows
    ('"We will win." Zelensky said.'); `cues.verbs` (lower case) tells a speaker's verb, and
    `cues.abbreviations` the dots that end no sentence."""
    inside = [(q.open, q.end if q.closed else q.end - 1)
              for q in quotes if q.open < end and q.end > start]
    spans, pos = [], start
    trailing = text.find(" \n", start, end) >= 0 or text.find("\t\n", start, end) >= 0
    for m in (_BOUNDARY if trailing else _BOUNDARY_AT_STOPS).finditer(text, start, end):
        cut = m.end()
        stripped = m.group().rstrip()
        mark_end = m.start() + len(stripped)
        if _abbreviation(text, m.start(), cues):
            continue
        if any(a < m.start() < b for a, b in inside) and not (
                any(a < m.start() < b < mark_end for a, b in inside)
                and not (_speaker_follows(text, cut, cues)
                         and not _attributed_before(text, pos, m.start(), inside, cues))):
            continue
        if any(a < mark_end - 1 < b + 1 and b < mark_end for a, b in inside) and \
                text[m.start() - 1:m.start()] == "":
            continue
        if text[pos:cut].strip():
            spans.append((pos, mark_end))
        pos = cut
    if text[pos:end].strip():
        spans.append((pos, end))
    return spans


def _attributed_before(text: str, pos: int, stop: int, inside: list[tuple[int, int]],
                       cues: Cues) -> bool:
    """The quotation around `stop` closes a clause whose speech verb stands before it in its
    sentence ('Peskov called the ban "xenophobic." He said ...'): what follows is not its
    attribution."""
    opening = max((a for a, b in inside if a < stop < b), default=pos)
    return opening > pos and cues.verbs.search(text[pos:opening].lower()) is not None


_WORD_END = re.compile(r"(?<=[\w.'’-])\s+")


def _speaker_follows(text: str, pos: int, cues: Cues) -> bool:
    """A speaker and a speech verb open the text at `pos` ("Zelensky said", "the
    Ukrainian leader added")."""
    low = text[pos:pos + 200].lower()
    ends = [m.end() for m in _WORD_END.finditer(low[:60])][:4]  # a name of up to four words
    for end in ends:
        verb = cues.verbs.match(low, end)
        if verb is None or _NEGATED.search(low, 0, end):
            continue  # ("The account did not respond.": no attribution of the quotation)
        clause = _CLAUSE_REST.match(low, verb.end())  # always matches (it may be empty)
        rest = clause.group() if clause else ""
        rest = _PARTICIPLE_ASIDE.sub("", rest)  # "..., sharing footage of ...": the
        # narration's aside, no tail of it (what follows its closing comma still is)
        # "Zelensky said on Monday." closes the quote; "He said the two leaders had agreed
        # ..." opens a sentence of its own
        words = rest.split()
        manner = cues.manner_next.match(rest) is not None
        if words and not manner and low.startswith(('"', "“"), verb.end() + len(rest)):
            return False  # 'He said Dugina had shown "by deed" ...': a clause that quotes
        return len(words) <= 3 or manner and len(words) <= _ATTRIBUTION_TAIL
    return False


# ", sharing footage", ", posting a video": up to the aside's closing comma, if any
_PARTICIPLE_ASIDE = re.compile(r",\s+[a-z]+ing\b[^,]*")
_NEGATED = re.compile(r"(?<![\w'’-])(?:not|never|n['’]t|to)\s+$")  # "did not ", "declined to "
_CLAUSE_REST = re.compile(r"[^.!?;:“”\"]*")
_ATTRIBUTION_TAIL = 12  # words after the verb of an attribution ("in his nightly address",
# "in an interview with the broadcaster TV Prva on Monday")


def _abbreviation(text: str, dot: int, cues: Cues) -> bool:
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE_DOT.search(text[max(0, dot - 12):dot])
    if not m:
        return False
    word = m.group(1)
    if word.lower() in cues.may_end_abbreviations and cues.after_abbreviation.match(text, dot + 1):
        return False  # "... suppliers in the U.S. The French push ...": the sentence ended
    if word.lower() in cues.letter_names and _ON_BEFORE.search(text, max(0, dot - 5),
                                                               dot - len(word)):
        return False  # "... in a post on X. "A long night," he wrote": the platform
    return cues.is_abbreviation(word)


_WORD_BEFORE_DOT = re.compile(r"([\w.]+)$")
_ON_BEFORE = re.compile(r"(?<![\w'’-])on\s$")  # "on X.": a platform, not an initial
