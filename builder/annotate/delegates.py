"""Speakers named only by the country they speak for: "the representative of France"."""

from __future__ import annotations

import re

from builder.annotate.speakers import Speaker, overlaps_any
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer, key_of
from builder.knowledge.registry import SourceRegistry

_PLACE = r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})"
_NOUN = r"(?P<noun>[a-z]+)"
_FORMS = (
    # "the representative of the Russian Federation", "The speaker for the United States"
    re.compile(r"[Tt](?<![\w'’-][\s\S])he\s+" + _NOUN + r"\s+(?:of|for)\s+(?:the\s+)?" + _PLACE),
    # "France's delegate"
    re.compile(r"[A-Z](?<![\w'’-][\s\S])[\w'’-]*(?:\s+[A-Z][\w'’-]+){0,3}['’]s\s+" + _NOUN),
)
_NAME_AFTER = re.compile(r",?\s+[A-Z][\w'’-]+\s+[A-Z]")  # "..., Nicolas de Riviere, said"


def delegate_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                      gazetteer: Gazetteer | None, registry: SourceRegistry) -> list[Speaker]:
    """A delegate noun (cues.yaml delegate_nouns) of a country of the gazetteer, with no name
    after it, speaks for the country's government: the registry's government of that side,
    or one built from the country's adjective (cues.yaml anonymous: prefixes)."""
    out: list[Speaker] = []
    if gazetteer is None or not any(noun in text for noun in cues.delegate_nouns):
        return out  # each form's noun is one of them, as printed: none in the text, no match
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for form in _FORMS:
        for m in form.finditer(text):
            if m.group("noun") not in cues.delegate_nouns:
                continue
            place = m.group("place") if "place" in m.groupdict() and m.group("place") \
                else re.sub(r"['’]s$", "", text[m.start():m.start("noun")].strip())
            speaker = _government(place, cues, gazetteer, registry)
            end = m.end("noun") if form is _FORMS[1] else m.end("place")
            if speaker is None or _NAME_AFTER.match(text, end) or \
                    overlaps_any(m.start(), end, spans, starts):
                continue
            out.append(Speaker(m.start(), end, *speaker))
    return sorted(out, key=lambda sp: sp.start)


# The gazetteer last asked (held, so `is` cannot match a later one at the same address) and
# its country id -> the names of its capitals.
_CAPITALS: list[tuple[Gazetteer, dict[str, tuple[str, ...]]]] = []


def _capitals(gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Country id -> the names of its capitals, worked out once per gazetteer."""
    if _CAPITALS and _CAPITALS[0][0] is gazetteer:
        return _CAPITALS[0][1]
    out: dict[str, list[str]] = {}
    for place in gazetteer.entries.values():
        if place.kind == "capital" and place.parent:
            out.setdefault(place.parent, []).append(place.name)
    found = {k: tuple(v) for k, v in out.items()}
    _CAPITALS[:] = [(gazetteer, found)]
    return found


def _government(place: str, cues: Cues, gazetteer: Gazetteer,
                registry: SourceRegistry) -> tuple[str, str, str, str, str, bool] | None:
    """(id, type, name, kind, affiliation, built) of the government of a country named."""
    place_id = gazetteer.names.get(key_of(place))
    entry = gazetteer.get(place_id) if place_id else None
    if entry is None or entry.kind != "country":
        return None
    for name in (entry.name, *_capitals(gazetteer).get(entry.id, ())):
        known = registry.get(cues.metonym_ids.get(name, ""))  # the capital stands for it
        if known is not None:
            return (known.id, "org", known.name, known.kind, known.affiliation, False)
    side = cues.place_sides.get(entry.name) or entry.name
    prefix = cues.anonymous_prefixes.get(side)
    if prefix is None:
        return None
    return (f"{prefix[0]}-government", "org", f"Government of {entry.name}", "government",
            side, True)
