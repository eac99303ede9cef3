"""A sentence that opens with its place before a comma: "In Estonia, the State Border Guard"."""

from __future__ import annotations

import re

from builder.knowledge.phrases import alternation

PLACE_WORD = r"[A-Z][\w'’-]+"
PLACE_NAME = PLACE_WORD + r"(?:\s+" + PLACE_WORD + r")?"  # "Estonia", "South Korea"


def place_opener(words: frozenset[str], name: str = PLACE_NAME, starts: bool = False) -> str:
    """Regex source: one of cues.yaml country_openers, a place's `name` (group "place") and
    its comma: "In Estonia,". With `starts`, only where a sentence, a line or a list item
    starts, checked after the word, so that the engine skips from one opener to the next in C."""
    if not words:
        return r"(?!x)x"
    if starts:
        word = "(?:" + "|".join(
            f"{w}(?:(?<=^{w})|(?<=\\n{w})|(?<=[.!?•]\\s{w}))" for w in map(re.escape, sorted(words))
        ) + ")"
    else:
        word = "(?:" + alternation(words) + ")"
    return word + r"\s+(?P<place>" + name + r"),"
