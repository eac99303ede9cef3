"""Phrase lists compiled into one fast regex (a character trie), matched as whole words."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_END = ""  # trie key marking the end of a phrase
NEVER = re.compile(r"(?!x)x")  # a pattern that matches nothing


def normalise(phrase: str) -> str:
    """The lookup key of a phrase as printed: lower case, one apostrophe, single spaces."""
    if phrase.isalpha():  # one word ("said"): no space, apostrophe or no-break space to fold
        return phrase.lower()
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


def _pattern(node: dict, guard: str = "") -> str:
    ends = _END in node
    branches = [_unit(ch) + guard + _pattern(child) for ch, child in sorted(node.items())
                if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body


def alternation(phrases: Iterable[str], lower: bool = False, guard: str = "") -> str:
    """A regex source matching any of the phrases (longest match wins); `lower` folds them
    to lower case, for matching a lowered text without the (slow) IGNORECASE flag. `guard`
    goes right after each phrase's first character (see compile_capitalised)."""
    keys = sorted({normalise(p) if lower or p.islower()
                   else _SPACE.sub(" ", p.translate(_APOSTROPHES)) for p in phrases if p.strip()})
    if not keys:
        return r"(?!x)x"
    return _pattern(_trie(keys), guard)


def printed(words: list[str]) -> str:
    """A regex source matching any of the words exactly as printed (a space is one space),
    the longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=1024)
def whole_word(phrase: str) -> re.Pattern[str]:
    """The phrase as printed, any case, with no word character, apostrophe or hyphen on
    either side ("chief executive" not in "chief-executive's")."""
    return re.compile(r"(?<![\w'’-])" + re.escape(phrase) + r"(?![\w'’-])", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def bounded_word(word: str, any_case: bool = True) -> re.Pattern[str]:
    """The word as printed (in any case unless `any_case` is off) between word boundaries."""
    return re.compile(r"\b" + re.escape(word) + r"\b", re.IGNORECASE if any_case else 0)


def compile_words(phrases: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Whole-word matcher for a phrase list."""
    return re.compile(r"(?<![\w'’-])(?:" + alternation(phrases) + r")(?![\w'’])", flags)


def compile_capitalised(phrases: Iterable[str]) -> re.Pattern[str]:
    """compile_words(phrases, 0) for phrases that start with a capital ("Moscow", "the
    Kremlin" is not one): the no-word-before check follows the first letter, so the regex
    engine jumps from one of those capitals to the next. (For lower-case phrases that would
    be slower: the check before the phrase fails at once inside a word.)"""
    return re.compile(r"(?:" + alternation(phrases, guard=r"(?<![\w'’-][\s\S])")
                      + r")(?![\w'’])")


_FEW_FIRST_LETTERS = 8  # see compile_lower


def compile_lower(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole-word matcher of the phrases in lower case: run it on `lowered(text)`.

    When the phrases start with only a few letters ("according to", "as reported by"), the
    no-word-before check follows the first letter (as in compile_capitalised): the regex
    engine then skips from one of those letters to the next in C, several times faster than
    trying the check at every position. With many first letters ("said", "told", "warned",
    ...) checking first is faster. The matches are the same either way."""
    return re.compile(r"(?:" + lower_words(phrases) + r")(?![\w'’])")


def lower_words(phrases: Iterable[str]) -> str:
    """A regex source matching the phrases in lower case, each where no word goes on before
    it, with that check placed as compile_lower explains (the end of the word is left to the
    caller)."""
    phrases = list(phrases)
    firsts = {normalise(p)[:1] for p in phrases if p.strip()}
    if len(firsts) <= _FEW_FIRST_LETTERS:
        return alternation(phrases, True, guard=r"(?<![\w'’-][\s\S])")
    return r"(?<![\w'’-])(?:" + alternation(phrases, True) + r")"


def lowered(text: str) -> str:
    """`text.lower()` with the same length (offsets stay valid).

    The last answer is kept: the passes lower the same article text several times."""
    global _last_lowered
    last = _last_lowered
    if text is last[0]:
        return last[1]
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower()[:1] for ch in text)
    _last_lowered = (text, low)
    return low


# (text, lowered(text)) of the last call, one tuple read at once (a thread may replace it);
# the text is kept alive here, so `is` cannot match another string at its address.
_last_lowered: tuple[str, str] = ("", "")
