"""words.whole_word_starts finds what a pattern of the name finds, with str.find."""

from __future__ import annotations

import random
import re

from builder.knowledge.words import whole_word_starts


def _by_pattern(text: str, name: str, stop: int, joined_after: str) -> list[int]:
    after = re.escape(joined_after)
    pattern = re.compile(rf"(?<![^\W_]|[_'’-]){re.escape(name)}(?![^\W_]|[{after}])")
    return [m.start() for m in pattern.finditer(text[:stop])]


def test_whole_word_starts_are_the_patterns_matches() -> None:
    """Random texts of a name's pieces and what joins or parts words (ecb8baa checked this
    by hand on 200,000 texts; here it stays checked), with and without a stop."""
    draw = random.Random(11)
    pieces = ("A", "A A", "ab", "b", " ", "-", "'", "’", "_", ".", "1", "é", "\n")
    names = ("A", "A A", "ab", "b-b", "A’s", "é")
    for _ in range(20000):
        text = "".join(draw.choices(pieces, k=draw.randint(0, 14)))
        name = draw.choice(names)
        stop = draw.randint(0, len(text) + 2)
        for joined_after in ("_'’-", "_-"):
            got = list(whole_word_starts(text, name, stop, joined_after))
            assert got == _by_pattern(text, name, stop, joined_after), (text, name, stop)
        assert list(whole_word_starts(text, name)) == _by_pattern(text, name, len(text), "_'’-")
