"""A body named again by the first words of its name: "Nordvolt Power ... According to Nordvolt"."""

from __future__ import annotations

from dataclasses import replace

from builder.annotate.speakers import Speaker
from builder.knowledge.cues import Cues


def short_body_names(built: list[Speaker], found: list[Speaker], cues: Cues) -> list[Speaker]:
    """Each name built from the text that is the first words of a longer body's name built
    before it ("Nordvolt" after "Nordvolt Power, which runs the power lines, said"), no side's
    or common word first: that body, not another of its own."""
    bodies = sorted((sp for sp in (*found, *built) if sp.type == "org" and sp.built
                     and len(sp.name.split()) >= 2), key=lambda sp: sp.start)
    if not bodies:
        return built
    out = []
    for sp in built:
        words = sp.name.split()
        if sp.type in ("org", "person") and words and not cues.not_a_name(words[0]):
            longer = [b for b in bodies if b.start < sp.start and b.id != sp.id
                      and len(b.name.split()) > len(words)
                      and b.name.split()[:len(words)] == words]
            if longer:
                body = longer[-1]
                sp = replace(sp, id=body.id, type="org", name=body.name, kind=body.kind,
                             affiliation=body.affiliation)
        out.append(sp)
    return out
