"""Bodies named by a country and a lower-case noun: "Kazakhstan's interior ministry said"."""

from __future__ import annotations

from builder.annotate.speakers import Speaker, _in_speaker_position, overlaps_any, slug
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import lowered


def country_body_speakers(text: str, taken: list[tuple[int, int]], cues: Cues) -> list[Speaker]:
    """A body of a country's state named in lower case after the country's possessive or
    adjective (cues.yaml country_body_heads: "Georgia's interior ministry", "the Kazakh
    central bank"), where a speaker stands: that country's, with the id its adjective gives
    (kazakh-interior-ministry) as a registry entry's would be. Registered names, found
    first, are left as they are."""
    out: list[Speaker] = []
    if not cues.country_body_heads:
        return out
    low = lowered(text)
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    for m in cues.country_bodies.finditer(text):
        start, end, body = m.start(), m.end(), m.group("body")
        country = text[start:m.start("body")].strip()
        if country.startswith("The "):
            country, start = country[4:], start + 4
        side = cues.affiliation(country)
        if side is None or side not in cues.anonymous_prefixes or \
                overlaps_any(start, end, spans, starts) or \
                not _in_speaker_position(text, low, start, end, cues):
            continue
        prefix, adjective = cues.anonymous_prefixes[side]
        kind = cues.country_body_heads[m.group("head")]
        name = f"{adjective} {body.title()}"
        out.append(Speaker(start, end, slug(f"{prefix} {body}"), "org", name, kind, side,
                           built=True))
    return out
