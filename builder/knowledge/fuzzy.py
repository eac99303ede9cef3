"""Fuzzy lookup of misspelt place names: transliteration folding + Damerau-Levenshtein."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

# Spelling differences between romanisations that are not errors: folded away first.
_FOLDS = (
    ("shch", "sc"), ("sch", "s"), ("ch", "c"), ("kh", "h"), ("zh", "z"), ("ck", "k"),
    ("c", "k"), ("y", "i"), ("j", "i"), ("w", "v"), ("ph", "f"),
)
_DOUBLE = re.compile(r"(.)\1+")


def phonetic(name: str) -> str:
    """A name folded for fuzzy comparison: Balakliia, Balakliya, Balakleya -> balaklia/…."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z]", "", ascii_)
    for old, new in _FOLDS:
        s = s.replace(old, new)
    return _DOUBLE.sub(r"\1", s)


def max_edits(length: int) -> int:
    """How many edits a misspelling of this (folded) length may have."""
    return 0 if length < 5 else 1 if length <= 8 else 2 if length <= 12 else 3


def distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, or limit+1 when above it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _within(a: str, b: str, limit: int) -> int:
    """distance(a, b, limit) when that is within the limit, else limit+1: only the cells of
    the table at most `limit` off its diagonal are worked out (any other is above it)."""
    n, m = len(a), len(b)
    big = limit + 1
    if abs(n - m) > limit:
        return big
    if limit == 1:
        return _one_edit(a, b)
    prev2: list[int] = []
    prev = [j if j <= limit else big for j in range(m + 1)]
    for i in range(1, n + 1):
        ca = a[i - 1]
        lo, hi = max(1, i - limit), min(m, i + limit)
        cur = [big] * (m + 1)
        if i <= limit:
            cur[0] = i
        best = cur[lo - 1]
        for j in range(lo, hi + 1):
            cb = b[j - 1]
            v = prev[j - 1] if ca == cb else prev[j - 1] + 1
            if prev[j] + 1 < v:
                v = prev[j] + 1
            if cur[j - 1] + 1 < v:
                v = cur[j - 1] + 1
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and prev2[j - 2] + 1 < v:
                v = prev2[j - 2] + 1
            if v > big:
                v = big
            cur[j] = v
            if v < best:
                best = v
        if best > limit:
            return big
        prev2, prev = prev, cur
    return prev[m]


def _one_edit(a: str, b: str) -> int:
    """_within(a, b, 1) for lengths at most one apart: 0, 1 (one letter changed, added,
    dropped, or two neighbours swapped) or 2, read off the first difference."""
    if a == b:
        return 0
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1:] == b[i + 1:]:
            return 1
        swapped = a[i + 1:i + 2] == b[i:i + 1] and a[i:i + 1] == b[i + 1:i + 2]
        return 1 if swapped and a[i + 2:] == b[i + 2:] else 2
    if len(a) > len(b):
        return 1 if a[i + 1:] == b[i:] else 2
    return 1 if a[i:] == b[i + 1:] else 2


@dataclass(frozen=True, slots=True)
class FuzzyMatch:
    """A misspelling read as a known name: the target id, edits and confidence."""

    target: str
    name: str
    edits: int
    confidence: float


# Words remembered with their answer (an answer is a pure function of the word, so forgetting
# one costs only its search again): ~20 MB at most, where a preview left running for days over
# a growing archive would otherwise keep every unknown capitalised word it ever met.
MEMO_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class FuzzyIndex:
    """Folded names bucketed by first letter; answers are memoised per folded token."""

    buckets: Mapping[str, tuple[tuple[str, str, str, int], ...]]
    memo: dict[str, FuzzyMatch | None] = field(default_factory=dict, compare=False)
    spelled: dict[str, FuzzyMatch | None] = field(default_factory=dict, compare=False)
    # first letter -> length -> (letter set, name) of its bucket's names, made when first asked
    shapes: dict[str, dict[int, tuple[tuple[int, tuple[str, str, str, int]], ...]]] = field(
        default_factory=dict, compare=False)

    def lookup(self, token: str) -> FuzzyMatch | None:
        """The single closest name within the edit budget, or None (none or a tie). Among
        equally close names the better-known kind wins (a city over a village): a misspelt
        name in the news is far likelier to be a city's."""
        try:
            return self.spelled[token]  # the same unknown words come back in every article
        except KeyError:
            pass
        if len(self.spelled) >= MEMO_LIMIT:  # a long preview meets ever new words: start over
            self.spelled.clear()
            self.memo.clear()
        folded = phonetic(token)
        if folded not in self.memo:
            self.memo[folded] = self._search(folded)
        self.spelled[token] = found = self.memo[folded]
        return found

    def _search(self, folded: str) -> FuzzyMatch | None:
        limit = max_edits(len(folded))
        if not limit:
            return None
        shapes = self.shapes.get(folded[:1])
        if shapes is None:
            shapes = self.shapes[folded[:1]] = _by_length(self.buckets.get(folded[:1], ()))
        size, letters, most = len(folded), _letters(folded), 2 * limit
        # Only names within the edit budget can be the answer, and each edit changes the
        # length by at most one and the set of letters by at most two: names further off
        # are passed over without the (slow) distance. (The order of the names tried does
        # not matter: they are sorted by all their fields.)
        scored = sorted(
            (_within(folded, key, limit), rank, target, name)
            for length in range(size - limit, size + limit + 1)
            for held, (key, target, name, rank) in shapes.get(length, ())
            if (held ^ letters).bit_count() <= most
        )
        best = [s for s in scored if s[:2] == scored[0][:2]] if scored else []
        if not best or best[0][0] > limit or len({t for _, _, t, _ in best}) > 1:
            return None
        edits, _, target, name = best[0]
        confidence = round(max(0.5, 1 - edits / max(len(folded), 1) - 0.05), 2)
        return FuzzyMatch(target, name, edits, confidence)


def _by_length(
    bucket: tuple[tuple[str, str, str, int], ...]
) -> dict[int, tuple[tuple[int, tuple[str, str, str, int]], ...]]:
    out: dict[int, list[tuple[int, tuple[str, str, str, int]]]] = {}
    for entry in bucket:
        out.setdefault(len(entry[0]), []).append((_letters(entry[0]), entry))
    return {length: tuple(entries) for length, entries in out.items()}


def _letters(folded: str) -> int:
    """The set of letters of a folded name, as bits (letters that share a bit only make the
    difference between two sets look smaller, so the test above stays safe)."""
    bits = 0
    for ch in set(folded):
        bits |= 1 << (ord(ch) % 64)
    return bits


def build_fuzzy_index(
    names: Mapping[str, str], ranks: Mapping[str, int] | None = None
) -> FuzzyIndex:
    """Index single-word names (folded token -> target id); `ranks` orders targets on a tie
    (lower is better known; absent means 0)."""
    buckets: dict[str, list[tuple[str, str, str, int]]] = {}
    for name, target in names.items():
        key = phonetic(name)
        if len(key) >= 4:
            rank = (ranks or {}).get(target, 0)
            buckets.setdefault(key[:1], []).append((key, target, name, rank))
    return FuzzyIndex({k: tuple(sorted(set(v))) for k, v in buckets.items()})
