"""An article's words, split once: where each starts and its lower-case key, shared by the
dates pass's tokens and the phrase lists tried only where one of their first words stands."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, chain

from builder.knowledge.phrases import lowered, normalise

# A word or a run of digits, as [^\W\d_]+|\d+ finds them; a character class first lets the
# regex engine skip to the next one in C.
TOKEN = re.compile(r"[^\W_](?:(?<=\d)\d*|[^\W\d_]*)")
TOKEN_SPLIT = re.compile(rf"({TOKEN.pattern})")
DIGITS = "#"  # the key of every run of digits 0-9
_SEP = "\0"
_NUMBER_KEY = re.compile(r"[0-9](?<![^\0][0-9])[^\0]*")  # a token that starts with a digit 0-9
# The only letters whose lower case depends on what stands around them: a key holding one
# may differ from its word in the lowered text, so a list starting with one scans.
_SIGMAS = frozenset("σς")
# Besides letters and digits, what joins a word to the one beside it (whole_word_starts), and
# what a run of find_before holds.
_JOINED = "_'’-"


@dataclass(frozen=True, eq=False, slots=True)
class Phrases:
    """A phrase-list pattern (run on `lowered` text) with the words its phrases start with.

    `find` tries the pattern only where a token of `words` is one of them, with the matches
    `pattern.finditer` gives: the pattern must not match where a word character goes on just
    before (the check of compile_lower), nor let a first word that ends a phrase go on with a
    letter or digit. `firsts` is None when some phrase starts with no word: it scans."""

    pattern: re.Pattern[str]
    firsts: frozenset[str] | None


def first_words(phrases: Iterable[str]) -> frozenset[str] | None:
    """The keys of the tokens the phrases start with ("according to" -> "according"), or None
    when one starts with no word or with a letter whose lower case depends on its context."""
    firsts = set()
    for phrase in phrases:
        word = TOKEN.match(normalise(phrase))
        if word is None or _SIGMAS & set(word.group()):
            return None
        firsts.add(_NUMBER_KEY.sub(DIGITS, word.group()))
    return frozenset(firsts)


def last_words(phrases: Iterable[str]) -> frozenset[str] | None:
    """The keys of the tokens the phrases end with ("news agency" -> "agency"), for a pattern
    matched case-insensitively; None when one ends in no word of ASCII letters."""
    lasts = set()
    for phrase in phrases:
        key = normalise(phrase)
        word = TOKEN.findall(key)[-1:]
        if not word or not key.endswith(word[0]) or not (word[0].isascii()
                                                         and word[0].isalpha()):
            return None
        lasts.add(word[0])
    return frozenset(lasts)


@dataclass(frozen=True, eq=False, slots=True)
class Words:
    """The tokens of one text (TOKEN), in order: start offsets and keys (lower case; DIGITS
    for a number). `exact`: every key is its word as `lowered` prints it."""

    text: str
    starts: list[int]
    keys: list[str]
    exact: bool
    at: dict[str, list[int]]  # key -> where its tokens start, in order
    keyset: frozenset[str]  # the keys of `at`
    hits: dict[Phrases, list[int]] = field(default_factory=dict)  # where each list may start

    def starts_of(self, keys: frozenset[str]) -> list[int]:
        """Where the tokens of these keys start, in order."""
        common = keys & self.keyset  # (a frozenset's & walks the smaller of the two)
        if len(common) == 1:
            return self.at[next(iter(common))]
        return sorted(chain.from_iterable(map(self.at.__getitem__, common)))

    def starts_of_list(self, lists: Phrases) -> list[int]:
        """Where the tokens of a list's first words start, worked out once a list and text."""
        hits = self.hits.get(lists)
        if hits is None:
            assert lists.firsts is not None
            hits = self.starts_of(lists.firsts)
            self.hits[lists] = hits
        return hits


_last: list[Words] = []


def words(text: str) -> Words:
    """The tokens of text; the last answer is kept (the passes ask it of the same article)."""
    if _last and _last[0].text is text:
        return _last[0]
    parts = TOKEN_SPLIT.split(text)  # separator, token, separator, token, ..., separator
    starts = list(accumulate(map(len, parts)))[:-1:2]  # where each token starts
    joined = _SEP.join(parts[1::2])
    low = joined.lower()
    # Lower-cased in one call (no token holds the separator), ASCII numbers as DIGITS.
    keys = _NUMBER_KEY.sub(DIGITS, low).split(_SEP) if len(parts) > 1 else []
    at: dict[str, list[int]] = {}
    for key, start in zip(keys, starts):
        where = at.get(key)
        if where is None:
            at[key] = [start]
        else:
            where.append(start)
    found = Words(text, starts, keys, len(low) == len(joined), at, frozenset(at))
    _last[:] = [found]
    return found


def find(lists: Phrases, text: str, start: int = 0,
         end: int | None = None) -> Iterator[re.Match[str]]:
    """`lists.pattern.finditer(lowered(text), start, end)`, tried only at its first words."""
    low = lowered(text)
    size = len(low)
    end = size if end is None else end
    found = _last[0] if _last and _last[0].text is text else words(text)
    if lists.firsts is None or not found.exact:
        return lists.pattern.finditer(low, start, end)
    hits = found.hits.get(lists)
    if hits is None:
        hits = found.starts_of_list(lists)
    cut = end
    if 0 < end < size and low[end].isalnum() and _same_token(low[end - 1], low[end]):
        cut = found.starts[bisect_left(found.starts, end) - 1]  # the window ends in a word:
        # its key is not the window's word, so from its start the pattern scans
    first, last = bisect_left(hits, start), bisect_left(hits, cut)
    if first == last and cut == end:
        return _NONE  # no first word in the window (most calls): no generator to run
    return _matches_in(lists.pattern, low, hits, first, last, start, cut, end)


_NONE: Iterator[re.Match[str]] = iter(())


def _matches_in(pattern: re.Pattern[str], low: str, hits: list[int], first: int, last: int,
                start: int, cut: int, end: int) -> Iterator[re.Match[str]]:
    """find's matches: at hits[first:last], none inside the one before, then a scan of
    [cut, end)."""
    after = start
    for i in range(first, last):
        pos = hits[i]
        if pos < after:
            continue
        m = pattern.match(low, pos, end)
        if m is not None:
            yield m
            after = m.end()
    if cut < end:
        yield from pattern.finditer(low, max(cut, after), end)


def find_printed(lists: Phrases, text: str) -> Iterator[re.Match[str]]:
    """`lists.pattern.finditer(text)` on the text as printed (not lowered), tried only where a
    token of `lists.firsts` starts: for a pattern whose every match starts at the first letter
    of one of those words with no word character before it ("the" or "The" checked after its
    first letter, as _THE_ROLE does in resolve/speakers.py), so no match starts elsewhere."""
    assert lists.firsts is not None
    yield from matches_at(lists.pattern, text, words(text).starts_of_list(lists))


# Letters a pattern matched in any case (re.IGNORECASE) reads as an ASCII letter where
# str.lower() does not give that letter ("ı" and "İ" for "i", "ſ" for "s"): the key of a word
# holding one is not the word the pattern reads.
_ODD_FOLDS = ("ı", "İ", "ſ")


def find_printed_any_case(lists: Phrases, text: str) -> Iterator[re.Match[str]]:
    """find_printed for a pattern that may be matched in any case: a scan of the whole text
    where a key may not be what the pattern reads (a letter of _ODD_FOLDS in the text), or
    where some phrase starts with no word (`lists.firsts` None)."""
    if lists.firsts is None or any(odd in text for odd in _ODD_FOLDS):
        return lists.pattern.finditer(text)
    return find_printed(lists, text)


def stands_in(lists: Phrases, text: str, start: int, end: int, any_case: bool = False) -> bool:
    """Whether a token of `lists.firsts` starts in text[start:end]: False only where the keys
    tell it (not for a list that scans, a text whose keys are not its lowered words, nor, for a
    pattern matched in any case, a text holding a letter of _ODD_FOLDS). For a pattern that
    cannot match without one of those words standing whole in its window."""
    found = words(text)
    if lists.firsts is None or not found.exact or \
            (any_case and any(odd in text for odd in _ODD_FOLDS)):
        return True
    hits = found.starts_of_list(lists)
    first = bisect_left(hits, start)
    return first < len(hits) and hits[first] < end


def find_before(pattern: re.Pattern[str], anchors: frozenset[str], back: tuple[int, ...],
                text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, tried only where a run of word characters, apostrophes and
    hyphens starts that holds the token `back` tokens before a token of `anchors` (for each
    count in `back`): for a pattern whose every match starts there, a name with no word
    character before it, then words no token of which lies between ("Torvane said": the
    run of the token one before "said"; the word characters of the regex engine's \\w)."""
    found = words(text)
    starts = found.starts
    tried = set()
    for pos in found.starts_of(anchors):
        i = bisect_left(starts, pos)
        for k in back:
            if i >= k:
                start = starts[i - k]
                while start and (text[start - 1].isalnum() or text[start - 1] in _JOINED):
                    start -= 1
                tried.add(start)
    yield from matches_at(pattern, text, sorted(tried))


def matches_at(pattern: re.Pattern[str], text: str,
                places: list[int]) -> Iterator[re.Match[str]]:
    """pattern.match at each of the places, in order, none inside a match before it: the
    matches of `pattern.finditer(text)` when no match can start anywhere else."""
    match, after = pattern.match, 0
    for pos in places:
        if pos >= after:
            m = match(text, pos)
            if m is not None:
                yield m
                after = m.end()


def _same_token(a: str, b: str) -> bool:
    """Two characters side by side in one TOKEN (letters, or digits; not a digit then a
    letter, which TOKEN splits, though a fullmatch would backtrack into taking both)."""
    m = TOKEN.match(a + b)
    return m is not None and m.end() == 2


def whole_word_starts(text: str, name: str, stop: int | None = None,
                      joined_after: str = _JOINED) -> Iterator[int]:
    """Where `name` stands in text[:stop] as a word of its own: no letter, digit or one of
    "_'’-" just before it, none of them (or of `joined_after`) just after it, the end of
    text[:stop] ending it; found left to right as a pattern of the name finds them, but with
    str.find, not a pattern compiled for each name that tries every place."""
    stop = len(text) if stop is None else min(stop, len(text))
    size = len(name)
    at = text.find(name, 0, stop)
    while at >= 0:
        end = at + size
        if not (at and (text[at - 1].isalnum() or text[at - 1] in _JOINED)) and \
                not (end < stop and (text[end].isalnum() or text[end] in joined_after)):
            yield at
            at = text.find(name, end if size else at + 1, stop)
        else:
            at = text.find(name, at + 1, stop)
