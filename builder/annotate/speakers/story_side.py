"""The country a story is about, from its dateline, its opening subject and its lead."""

from __future__ import annotations

import re

from builder.annotate.speakers.sides import city_side, dateline_side, lead_side, opening_side
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer
from builder.knowledge.registry import SourceRegistry

# A dateline in a home paper's or agency's own form: "NEW DELHI:", "Brasília -".
_HOME_DATELINE = re.compile(r"([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2})(?::| [-–—]) ")


def story_side(text: str, cues: Cues, gazetteer: Gazetteer | None,
               registry: SourceRegistry) -> str:
    """The one country the story's signs point to: its dateline city's ("MUMBAI:" too),
    the country it opens with as its subject, the side of the first person its lead names
    unless a country at war's (cues.yaml story_sides_not: foreign copy opens with the war's
    leaders). Signs of two sides are too mixed to decide ("PARIS —" over a Polish minister's
    words), and a country at war's place tells nothing: unknown."""
    home = _HOME_DATELINE.match(text)
    dateline = dateline_side(text, cues, gazetteer)
    if dateline == "unknown" and home is not None:
        dateline = city_side(text, home, cues, gazetteer)
    lead = lead_side(text, registry)
    signs = [dateline, opening_side(text, cues) or "unknown",
             "unknown" if lead in cues.story_sides_not else lead]
    known = [s for s in signs if s != "unknown"]
    if len(set(known)) != 1 or known[0] in cues.story_sides_not:
        return "unknown"
    return known[0]
