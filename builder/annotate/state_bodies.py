"""The country of a state body named without one: "In Estonia, the State Border Guard said"."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from builder.annotate.country_bodies import body_head
from builder.annotate.speakers import Speaker
from builder.annotate.speakers.openers import place_opener
from builder.annotate.speakers.story_side import opening_side
from builder.annotate.speakers.wording import sentence_begin
from builder.knowledge.cues import Cues

# A capitalised word, and the next one's start, that may begin a country's name ("Indonesia",
# "South Korea").
_NAME = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?=(\s+[A-Z][a-z]+)?(?![\w-]))")


@functools.lru_cache(maxsize=4)
def _opener(words: frozenset[str]) -> re.Pattern[str]:
    """A sentence's opening place (group "place"): "In Estonia, the State Border Guard said"."""
    return re.compile(place_opener(words) + r"\s")


def is_state_body(sp: Speaker, cues: Cues) -> bool:
    """A body built from the text whose kind is a state body's, with no side word in its name:
    of no side, its name ending in a head of a state's body (cues.yaml country_body_heads:
    "Agriculture Ministry", "State Security Service", "State Border Guard"), or named "<head>
    of ..." (cues.yaml generic_body_heads: "Department of Foreign Affairs"), then also with a
    side its description gave it that its id lacks ("no Irish citizens", after it)."""
    if not sp.built or sp.type != "org" or sp.kind not in cues.country_body_kinds:
        return False
    if cues.generic_body_id.match(sp.id):
        prefix = cues.anonymous_prefixes.get(sp.affiliation)
        if prefix is not None and sp.id.startswith(prefix[0] + "-"):
            return False
    elif sp.affiliation not in ("", "unknown") or \
            body_head(" ".join(sp.name.lower().split()), cues, alone=False) is None:
        return False
    return not any(cues.affiliation(w) or cues.country_side(w) for w in sp.name.split())


def state_body_side(text: str, start: int, cues: Cues) -> str | None:
    """The side of the country a state body named at `start` belongs to: the place its
    sentence opens with ("In Estonia, the ..."), else the one side the sentence names before it
    ("The price of rice in Vietnam ..., according to the Agriculture Ministry"), else
    the country the story opens with as its subject ("Lithuania's broadcasting watchdog
    on Monday fined ...")."""
    begin = sentence_begin(text, start)
    opener = _opener(cues.country_openers).match(text, begin)
    if opener is not None and opener.end() <= start:
        side = cues.country_side(opener.group("place"))
        if side:
            return side
    sides = {cues.affiliation(m.group()) for m in cues.affiliations.finditer(text, begin, start)}
    for m in _NAME.finditer(text, begin, start):
        sides.add(cues.country_side(m.group() + (m.group(1) or "")) or
                  cues.country_side(m.group()))
    sides.discard(None)
    if len(sides) == 1:
        return sides.pop()
    if sides:
        return None
    return opening_side(text, cues)


def sided_state_bodies(text: str, built: list[Speaker], cues: Cues) -> list[Speaker]:
    """Each state body built with no side (is_state_body) takes the side its first mention
    shows (state_body_side), its id that side's adjective first, as "Estonia's State Border
    Guard" gives estonian-state-border-guard; with no side shown it stays as built."""
    sides: dict[str, str | None] = {}
    for sp in built:
        if sp.id not in sides and is_state_body(sp, cues):
            known = sp.affiliation not in ("", "unknown")
            sides[sp.id] = sp.affiliation if known else state_body_side(text, sp.start, cues)
    out = []
    for sp in built:
        side = sides.get(sp.id)
        prefix = cues.anonymous_prefixes.get(side) if side else None
        if side and prefix is not None:
            sp = replace(sp, id=f"{prefix[0]}-{sp.id}", affiliation=side)
        out.append(sp)
    return out
