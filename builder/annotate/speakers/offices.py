"""Offices inside a registered body: "the Defense Department's inspector general"."""

from __future__ import annotations

import re

from builder.annotate.speakers.speaker import Speaker, slug
from builder.knowledge.cues import Cues

# "'s inspector general": the office's words right after the body's possessive
_OFFICE_AFTER = re.compile(r"['’]s\s+([a-z]+(?:\s+[a-z]+){0,2})(?![\w'’-])")
_CAPITAL_NEXT = re.compile(r",?\s+[A-Z]")  # "'s inspector general, Robert Storch": a person


def office_speakers(text: str, registered: list[Speaker], cues: Cues) -> list[Speaker]:
    """A registered body's possessive and an office of its own (cues.yaml body_offices:
    "inspector general", "ombudsman") name that office, a source apart from the body: its id
    is the body's and the office's ("pentagon-inspector-general"), as the dev sets label it.
    With a name after it, the person named speaks instead."""
    out = []
    for sp in registered:
        if sp.type != "org":
            continue
        m = _OFFICE_AFTER.match(text, sp.end)
        if m is None:
            continue
        words = m.group(1).split()
        office = next((" ".join(words[:n]) for n in range(len(words), 0, -1)
                       if " ".join(words[:n]) in cues.body_offices), None)
        if office is None:
            continue
        end = m.start(1) + len(office)
        if _CAPITAL_NEXT.match(text, end):
            continue
        name = f"{sp.name} {office}"
        out.append(Speaker(sp.start, end, slug(f"{sp.id} {office}"), "org", name, sp.kind,
                           sp.affiliation, built=True))
    return out
