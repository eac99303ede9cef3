"""Russian-based spellings of Ukrainian settlement names: Pavlivka -> Pavlovka, Gorlovka."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Ukrainian г is romanised h, Russian г g; kh, zh, ch, sh keep their h.
_H = re.compile(r"(?<![KkZzCcSs])([Hh])")
# Ukrainian и is romanised y, Russian и i; not a word's first letter (Yahidne keeps it).
_Y = re.compile(r"(?<=[A-Za-z])y(?![aeiou])")


@dataclass(frozen=True, slots=True)
class RussianStyle:
    """The rewriting rules (from places.yaml `rules:`), compiled once per knowledge load.

    endings: the last word's ending, longest match first (ivka -> ovka, ske -> skoye);
    letters: letter groups anywhere (ia -> ya, ie -> e); morphemes: word parts carried over
    from Russian forms of given names (Oleksandr -> Aleksandr, Mykola -> Nikola)."""

    endings: dict[str, tuple[str, ...]]
    ending_lengths: tuple[int, ...]  # longest first
    letters: re.Pattern[str] | None
    letter_map: dict[str, str]
    morphemes: re.Pattern[str] | None
    morpheme_map: dict[str, str]


def compile_style(
    endings: Iterable[object], letters: Iterable[object], morphemes: Iterable[object]
) -> RussianStyle:
    """Rules as "from>to" strings -> a compiled RussianStyle (letters apply in list order of
    precedence: an earlier, longer group wins where two overlap)."""
    by_end: dict[str, list[str]] = {}
    for a, b in parse_pairs(endings):
        by_end.setdefault(a, []).append(b)
    letter_map = dict(parse_pairs(letters))
    morpheme_map = {a.lower(): b.lower() for a, b in parse_pairs(morphemes)}
    return RussianStyle(
        endings={a: tuple(dict.fromkeys(b)) for a, b in by_end.items()},
        ending_lengths=tuple(sorted({len(a) for a in by_end}, reverse=True)),
        letters=_alternation(letter_map), letter_map=letter_map,
        morphemes=_alternation(morpheme_map, re.IGNORECASE), morpheme_map=morpheme_map,
    )


def _alternation(table: dict[str, str], flags: int = 0) -> re.Pattern[str] | None:
    if not table:
        return None
    return re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)), flags)


def parse_pairs(items: Iterable[object]) -> tuple[tuple[str, str], ...]:
    """"from>to" strings as pairs; anything else is skipped."""
    pairs = (str(i).split(">", 1) for i in items)
    return tuple((p[0].strip(), p[1].strip()) for p in pairs if len(p) == 2 and p[0].strip())


def spellings(name: str, style: RussianStyle) -> tuple[str, ...]:
    """Russian-based spellings of a settlement's Ukrainian-based name, without the name."""
    found: dict[str, None] = {}
    for ended in _endings(name, style):
        for morphed in dict.fromkeys((ended, _morphemes(ended, style))):
            for i_for_y in (False, True):
                spelt = _Y.sub("i", morphed) if i_for_y else morphed
                if style.letters is not None:
                    spelt = style.letters.sub(lambda m: style.letter_map[m.group()], spelt)
                found.setdefault(spelt)
                found.setdefault(_g_for_h(spelt))
    found.pop(name, None)
    return tuple(found)


def _endings(name: str, style: RussianStyle) -> list[str]:
    """The name with each rewrite of its longest rewritable ending, and the name itself."""
    head, _, last = name.rpartition(" ")
    head = head + " " if head else ""
    for n in style.ending_lengths:
        if len(last) > n + 1 and last[-n:] in style.endings:
            return [name] + [head + last[:-n] + b for b in style.endings[last[-n:]]]
    return [name]


def _morphemes(name: str, style: RussianStyle) -> str:
    if style.morphemes is None:
        return name

    def swap(m: re.Match[str]) -> str:
        new = style.morpheme_map[m.group().lower()]
        return new.capitalize() if m.group()[0].isupper() else new

    return style.morphemes.sub(swap, name)


def _g_for_h(name: str) -> str:
    return _H.sub(lambda m: "G" if m.group(1) == "H" else "g", name)
