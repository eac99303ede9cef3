"""The role words of a witness's id ("oleksandr-ukrainian-soldier")."""

from __future__ import annotations

import re

from builder.annotate.speakers.towns import described_town, home_town, town_at, town_lived_in
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer
from builder.knowledge.phrases import normalise

_ROLE_NOISE = re.compile(r"\b(?:a|an|the|one|another|\d+-year-old|\d+|old|young|local|"
                         r"who|that|with|at|in|from|for|of)\b", re.IGNORECASE)
# A relative clause inside a role ("a welder whose uncle ..."): its words describe someone or
# something else, so none of them names the witness.
_RELATIVE_CLAUSE = re.compile(r"\s(?:who|whose|whom|which)\b")
APPOSED_ROLE = re.compile(r", ((?:a|an|the) [^,.;:“”\"()]{1,60}?)(?=[,.;:]|\s+who\b|$)")


def _role_words(role: str, cues: Cues) -> tuple[str, str]:
    """"a 34-year-old Ukrainian soldier" -> ("Ukrainian", "soldier"); "a resident of Bucha" ->
    ("Bucha", "resident"): the role noun with at most one qualifier, from the words before any
    relative clause ("a welder whose uncle ...": not the uncle)."""
    clause = _RELATIVE_CLAUSE.search(role)
    role = role[:clause.start()] if clause else role
    hits = list(cues.roles.finditer(role))
    if not hits:
        return "", ""
    head = hits[0]
    for later in hits[1:]:  # "a volunteer rescuer": the last noun of the run is the head
        if not role[head.end():later.start()].isspace():
            break
        head = later
    place = re.match(r"\s+(?:of|from|in)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)",
                     role[head.end():])
    before = [w for w in _ROLE_NOISE.sub(" ", role[:head.start()]).split()
              if not w.endswith(("'s", "’s", "'", "’"))]  # "the crew's foreman": no qualifier
    qualifier = place.group(1) if place else (before[-1] if before else "")
    return qualifier, head.group()


def witness_role(text: str, start: int, end: int, role: str | None, affiliation: str,
                  cues: Cues, gazetteer: Gazetteer | None) -> str:
    """The words after a witness's first name in its id (cues.yaml: witnesses): "Ukrainian
    soldier" for "a 34-year-old infantryman", "Kherson resident" for a resident (or a first
    name with no role) in a report from Kherson, "Lviv lorry driver" as the text gives it."""
    qualifier, head = _role_words(role or "", cues)
    noun = cues.witness_nouns.get(normalise(head), head) if head else cues.witness_default
    if noun in cues.witness_national:
        words = [cues.affiliation(w) for w in re.findall(r"[\w'’-]+", role or "")]
        side = next((a for a in words if a in cues.anonymous_prefixes), None) or (
            affiliation if affiliation in cues.anonymous_prefixes else cues.affiliation("local"))
        qualifier = cues.anonymous_prefixes[side][1] if side in cues.anonymous_prefixes else ""
    elif noun in cues.witness_placed and not qualifier and gazetteer is not None:
        apposed = APPOSED_ROLE.match(text, end)
        qualifier = town_lived_in(text, end, cues, gazetteer) or \
            home_town(role or (apposed.group(1) if apposed else ""), cues, gazetteer) \
            or described_town(text, start, cues) or town_at(text, start, end, cues, gazetteer)
    elif noun not in cues.witness_placed and cues.role_kinds.get(normalise(head)) == "witness" \
            and gazetteer is not None and (town := town_lived_in(text, end, cues, gazetteer)
            or home_town(role or "", cues, gazetteer)):
        # "a 49-year-old welder from Uzhhorod": a civilian the text places in a town is that
        # town's resident, whatever the work ("welder", "accountant"); a role the
        # story needs ("volunteer", "driver") is `placed`, a soldier's `national`; a role of
        # another kind than a witness's ("a sergeant from Lviv") keeps its words
        return f"{town} {cues.witness_default}"
    return f"{qualifier} {noun}".strip()
