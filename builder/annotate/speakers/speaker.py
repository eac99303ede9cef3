"""The Speaker record (a stretch of text naming a possible source) and its id and kind."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from builder import urls
from builder.knowledge.cues import Cues


@dataclass(frozen=True, slots=True)
class Speaker:
    """A stretch of text that names a possible source.

    type: person | org | group (anonymous) ; id: the source id it names.
    built: True for a name + apposition not in the registry.
    """

    start: int
    end: int
    id: str
    type: str
    name: str = ""
    kind: str = ""
    affiliation: str = ""
    built: bool = False
    definite: bool = False  # "the source" (a group named earlier), not "a source"
    singular: bool = False
    roles: tuple[str, ...] = ()  # for a later reference ("the ministry"): roles it may take


@functools.lru_cache(maxsize=4096)  # the same few descriptions come back in every article
def slug(text: str) -> str:
    """A lowercase ASCII id from a description, made as every id is (urls.slugify): accents
    are dropped, not their letters ("Péter Szijjártó" -> peter-szijjarto); "U.S." is "us"."""
    return urls.slugify(text.replace(".", ""), fallback="source")


def overlaps_any(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """[start, end) overlaps one of the sorted spans (`starts` are their starts)."""
    i = bisect.bisect_left(starts, end)
    return any(s < end and start < e for s, e in spans[max(0, i - 8):i])


def body_id(name: str, cues: Cues) -> str:
    """A body's id from its printed name, a country's possessive made its adjective as in
    every other id ("Ukraine's Ministry of Social Policy" -> ukrainian-ministry-of-social-policy,
    cues.yaml affiliations and anonymous prefixes), an abbreviated last word spelt out ("Nordlys
    Marine Corp." -> nordlys-marine-corporation, cues.yaml spelt_suffixes)."""
    *words, last = name.split() or [""]
    if words and last in cues.spelt_suffixes:
        name = " ".join((*words, cues.spelt_suffixes[last]))
    first, _, rest = name.partition(" ")
    if rest and first.endswith(("'s", "’s")):
        side = cues.affiliation(first)
        if side in cues.anonymous_prefixes:
            return _short_ministry(slug(f"{cues.anonymous_prefixes[side][0]} {rest}"), cues)
        return slug(f"{first[:-2]} {rest}")  # "Kherson's Regional ... Administration"
    return _short_ministry(slug(name), cues)


def _short_ministry(body: str, cues: Cues) -> str:
    """"uae-ministry-of-foreign-affairs" -> "uae-foreign-ministry": a country's ministry named
    by its portfolio (cues.yaml ministry_portfolios) when the portfolio ends the name; one
    with no country before it keeps its words as printed ("ministry-of-internal-affairs")."""
    head, found, portfolio = body.partition("-ministry-of-")
    short = cues.ministry_portfolios.get(portfolio.replace("-", " ")) if found else None
    return f"{head}-{short}-ministry" if short else body


def body_kind(name: str, cues: Cues) -> str:
    """The kind of body a name's words make it (cues.yaml org_words), or "" for none."""
    for word in name.split():
        if word in cues.org_words:
            return cues.org_words[word]
    return ""
