"""A name's kind, side and gender, from the words around it ("local police chief X")."""

from __future__ import annotations

import re

from builder.annotate.speakers.wording import CLAUSE_STOP, skip_apposition
from builder.knowledge.cues import Cues


def gender_of(text: str, start: int, end: int, name: str, cues: Cues) -> str:
    """"f", "m" or "" for a person named at [start, end): their first name, else a word
    beside the name ("Ms Maliar", "spokeswoman Maria Zakharova", "Olha, a mother of two")."""
    first = name.split()[0] if name.split() else ""
    found = cues.gender_of_name.get(first, "")
    if found:
        return found
    window = _window_before(text, start)[-30:] + " " + _apposition_after(text, end)[:60]
    for word in re.findall(r"[\w'’.]+", window):
        found = cues.gender_of_word.get(word.lower().rstrip("."), "") or \
            cues.gender_of_word.get(word.lower(), "")
        if found:
            return found
    return ""


def describe(text: str, start: int, end: int, cues: Cues) -> tuple[str, str]:
    """Kind and affiliation from the words around a name ("local police chief X")."""
    window = _window_before(text, start) + " " + _apposition_after(text, end)
    kind = "person"
    best = None
    for m in cues.roles.finditer(window):
        if best is None or len(m.group()) > len(best):
            best = m.group()
    if best:
        kind = cues.role_kinds.get(best.lower(), kind)
    words = re.findall(r"[\w'’.-]+", window)
    affiliations = [cues.affiliation(w) for w in words]
    found = [a for a in affiliations if a]
    if "independent" in found:
        return kind, "independent"
    return kind, found[0] if found else "unknown"


def _window_before(text: str, start: int) -> str:
    lo = max(0, start - 80)
    chunk = text[lo:start]
    stop = max((m.end() for m in CLAUSE_STOP.finditer(chunk)), default=0)
    return chunk[stop:]


def _apposition_after(text: str, end: int) -> str:
    after = text[end:end + 200]
    n = skip_apposition(after)
    return after[:n] if n else ""
