"""One-word names a text cites as its source: "according to Navlyx", "data from Oceanis"."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers import Speaker, overlaps_any, slug
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer, key_of
from builder.knowledge.phrases import alternation, normalise
from builder.knowledge.words import find as find_phrases

# Lower-case words describing a body before its name, the last a body's noun (cues.yaml
# lone_body_kinds): "internet monitor ", "ship-tracking firm ", "the consultancy "
_DESCRIBED = re.compile(r"(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}?(?P<noun>[a-z]+)\s+(?=[A-Z])")


@functools.lru_cache(maxsize=4)
def _by_compiler(prepositions: frozenset[str]) -> re.Pattern[str]:
    """Search at a filler's end: one of cues.yaml compiler_prepositions ("data compiled by ")."""
    return re.compile(r"(?<![\w'’-])(?:" + alternation(prepositions) + r")\s*$")


_KIND = re.compile(r"[A-Z][\w'’-]*")  # a capitalised word naming a kind of data: "AIS"


def _compiler_after_kind(text: str, at: int, cues: Cues, end: int | None = None) -> int | None:
    """Where a body's name may start after a capitalised word at `at` and filler words ending
    in a compiler's preposition ("AIS data compiled by ", "Sentinel images from "): the
    capitals name the kind of data, not who speaks; None when no such words stand there."""
    stop = len(text) if end is None else end
    kind = _KIND.match(text, at, stop)
    if kind is None:
        return None
    rest = cues.according_filler.match(text, kind.end(), stop)
    if rest is None or rest.end() == kind.end() or _by_compiler(
            cues.compiler_prepositions).search(text, kind.end(), rest.end()) is None:
        return None
    return rest.end()


def compiled_data_gap(text: str, start: int, end: int, cues: Cues) -> bool:
    """Between "according to" at `start` and a body's name at `end`: filler words, then a kind
    of data in capitals and its compiler's preposition ("AIS data compiled by ")."""
    filler = cues.according_filler.match(text, start, end)
    return _compiler_after_kind(text, filler.end() if filler else start, cues, end) == end


def described_name_at(text: str, pos: int, end: int, cues: Cues) -> int | None:
    """Where a name starts after lower-case words at `pos` that describe a body, the last a
    body's noun of cues.yaml lone_body_kinds ("internet monitor ", "the consultancy "); None
    when no such words stand there."""
    m = _DESCRIBED.match(text, pos, end)
    if m is None or cues.lone_body_nouns.fullmatch(text, *m.span("noun")) is None:
        return None
    return m.end()


def cited_name_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                        gazetteer: Gazetteer | None) -> list[Speaker]:
    """A single capitalised word right after "according to" (cues.yaml according, and the
    filler words according_gap allows: "according to data from Navlyx") that nothing else
    names (not registered, not a place, a first name, a side or a title), before the end of
    the clause or a word of cited_name_after ("according to Navlyx data"), is a body the text
    cites: a source of its own, where it would otherwise credit no one."""
    out: list[Speaker] = []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for cue in find_phrases(cues.lists["according"], text):
        if cue.group() in cues.according_documents:
            continue  # "Under X": a document's author, resolved as a document
        filler = cues.according_filler.match(text, cue.end())
        at = filler.end() if filler is not None else cue.end()
        compiler = _compiler_after_kind(text, at, cues)
        if compiler is not None:  # "according to AIS data compiled by ShipWatch": the
            at = compiler  # capitals name the kind of data; the body that compiled it follows
        m = cues.cited_name.match(text, at)
        named_at = described_name_at(text, at, len(text), cues) if m is None else None
        if named_at is not None:
            m = cues.cited_name.match(text, named_at)  # "according to internet monitor
            # NetWatch", "according to ship-tracking firm Navlyx"
        if m is None or at == cue.end():
            continue  # "according to" runs into the name with no space: not a cue
        name = m.group("name")
        if cues.not_a_name(name) or name in cues.gender_of_name or \
                name.lower() in cues.role_kinds or normalise(name) in cues.reference_roles or \
                (gazetteer is not None and gazetteer.names.get(key_of(name)) is not None) or \
                overlaps_any(m.start(), m.end(), spans, starts):
            continue
        out.append(Speaker(m.start(), m.end(), slug(name), "org", name, "analyst", "unknown",
                           built=True))
    return out
