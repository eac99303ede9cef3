"""Phrase lists compiled into one fast regex (a character trie), matched as whole words."""

from __future__ import annotations

import re
from collections.abc import Iterable

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_END = ""  # trie key marking the end of a phrase


def normalise(phrase: str) -> str:
    """The lookup key of a phrase as printed: lower case, one apostrophe, single spaces."""
    return _SPACE.sub(" ", phrase.translate(_APOSTROPHES)).strip().lower()


def _unit(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['’]"
    return re.escape(ch)


def _trie(phrases: Iterable[str]) -> dict:
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return root


def _pattern(node: dict) -> str:
    ends = _END in node
    branches = [_unit(ch) + _pattern(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body


def alternation(phrases: Iterable[str], lower: bool = False) -> str:
    """A regex source matching any of the phrases (longest match wins); `lower` folds them
    to lower case, for matching a lowered text without the (slow) IGNORECASE flag."""
    keys = sorted({normalise(p) if lower or p.islower()
                   else _SPACE.sub(" ", p.translate(_APOSTROPHES)) for p in phrases if p.strip()})
    if not keys:
        return r"(?!x)x"
    return _pattern(_trie(keys))


def compile_words(phrases: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Whole-word matcher for a phrase list."""
    return re.compile(r"(?<![\w'’-])(?:" + alternation(phrases) + r")(?![\w'’])", flags)


def compile_lower(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole-word matcher of the phrases in lower case: run it on `lowered(text)`."""
    return re.compile(r"(?<![\w'’-])(?:" + alternation(phrases, True) + r")(?![\w'’])")


def lowered(text: str) -> str:
    """`text.lower()` with the same length (offsets stay valid)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(ch.lower()[:1] for ch in text)
