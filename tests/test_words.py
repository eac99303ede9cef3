"""words.find gives the matches of each phrase list's whole-text scan, on every seed and on
texts made to catch a boundary (a window ending inside a word, digits against a word, a letter
whose lower case is longer, hyphens before a word)."""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import pytest

from builder.knowledge import Knowledge, load
from builder.knowledge.phrases import lowered
from builder.knowledge.words import Phrases, find, first_words, words

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    return load()[0]


def lists() -> list[Phrases]:
    k = knowledge()
    return [*k.cues.lists.values(), k.sources.names_at]


def texts() -> list[str]:
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [text, text.replace(" said", " 2said").replace("the ", "the3 "),
                  text.replace("e", "İ", 3), text.replace(" ", "-", 40),
                  text.replace(" i", " İ")]  # "In", lowered "in", keyed "i̇n"
    assert found, f"no seed in {SEEDS}"
    return found


def test_every_list_starts_with_words() -> None:
    """The lists tried at their first words: none of them falls back to a scan."""
    assert lists() and all(p.firsts for p in lists())


@pytest.mark.parametrize("seed", range(3))
def test_find_equals_the_scan(seed: int) -> None:
    rnd = random.Random(seed)
    matched = 0
    for text in texts()[seed::3]:
        low = lowered(text)
        for phrases in lists():
            windows = [(0, len(text))] + [
                tuple(sorted(rnd.sample(range(len(text) + 1), 2))) for _ in range(6)]
            for start, end in windows:
                want = [m.span() for m in phrases.pattern.finditer(low, start, end)]
                assert [m.span() for m in find(phrases, text, start, end)] == want
                matched += len(want)
    assert matched, "the scans matched nothing: the comparison was of empty lists"


def test_first_words() -> None:
    assert first_words(["according to", "As reported by", "24 Kanal"]) == \
        frozenset({"according", "as", "#"})
    assert first_words(["’s spokesman"]) is None  # no word first: the list scans
    assert first_words(["σπύρος"]) is None  # a sigma's lower case depends on the next letter


def test_words_are_split_once_per_text() -> None:
    text = "The ministry said on 24 February that it had"
    found = words(text)
    assert words(text) is found
    assert found.keys == ["the", "ministry", "said", "on", "#", "february", "that", "it", "had"]
    assert found.starts_of(frozenset({"said", "it", "nothing"})) == [13, 38]
