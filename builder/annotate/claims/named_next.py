"""Claims pass: a lead's unnamed definite speaker is the one the next paragraph opens with."""

from __future__ import annotations

import re
from dataclasses import replace

_DEFINITE = re.compile(r"(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s")
_TITLES = re.compile(r"(?:[A-Z][\w-]*\s+){0,3}")  # "Mayor ", "Governor Oleh ..." before a name
_UNKNOWN = (":unknown-closer", ":unknown-subject")
_NAMED = ("person", "org")


def named_next(text: str, found: list) -> None:
    """"A, the city's mayor said. ¶ Mayor Sergei Sobyanin wrote that B": a definite speaker no
    list knows, in the article's first paragraph with no source, is the person or body whose
    name (after at most a few capitalised title words) opens the next paragraph and who speaks
    there first: a lead names its speaker by role and the next paragraph by name."""
    lead_end = text.find("\n\n")
    if lead_end < 0:
        return
    nxt_end = text.find("\n\n", lead_end + 2)
    nxt_end = len(text) if nxt_end < 0 else nxt_end
    ordered = sorted(found, key=lambda f: f.start)
    first = next((f for f in ordered if lead_end < f.start < nxt_end), None)
    if first is None or not first.source or first.mention is None or \
            first.mention.type not in _NAMED:
        return
    if first.mention.start < lead_end + 2 or \
            not _TITLES.fullmatch(text, lead_end + 2, first.mention.start):
        return
    for f in ordered:
        m = f.mention
        if f.start >= lead_end or f.source or m is None or m.type != "unknown" or \
                not f.rule.endswith(_UNKNOWN) or not _DEFINITE.match(text, m.start):
            continue
        f.source, f.rule = first.source, f.rule + ":named-next"
        f.mention = replace(first.mention, start=m.start, end=m.end)
