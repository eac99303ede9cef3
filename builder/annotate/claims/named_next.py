"""Claims pass: a lead's unnamed definite speaker is the one the next sentence opens with."""

from __future__ import annotations

import re
from dataclasses import replace

_DEFINITE = re.compile(r"(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s")
_TITLES = re.compile(r"(?:[A-Z][\w-]*\s+){0,3}")  # "Mayor ", "Governor Oleh ..." before a name
_UNKNOWN = (":unknown-closer", ":unknown-subject")
_NAMED = ("person", "org")
_SENTENCE_END = re.compile(r"[.!?][”\"’]?\s+")


def named_next(text: str, found: list) -> None:
    """"A, the city's mayor said. ¶ Mayor Ivan Petrenko wrote that B": a definite speaker no
    list knows, in the article's first paragraph with no source, is the person or body whose
    name (after at most a few capitalised title words) opens the next sentence, in the same
    paragraph or the next, and who speaks there: a lead names its speaker by role and the
    sentence after it by name."""
    lead_end = text.find("\n\n")
    lead_end = len(text) if lead_end < 0 else lead_end
    ordered = sorted(found, key=lambda f: f.start)
    for f in ordered:
        m = f.mention
        if f.start >= lead_end or f.source or m is None or m.type != "unknown" or \
                not f.rule.endswith(_UNKNOWN) or not _DEFINITE.match(text, m.start):
            continue
        stop = _SENTENCE_END.search(text, max(m.end, f.end))
        if stop is None:
            continue
        after = [g for g in ordered if g.mention is not None and g.mention.start >= stop.end()]
        named = min(after, key=lambda g: g.mention.start, default=None)
        if named is None or not named.source or named.mention.type not in _NAMED or \
                not _TITLES.fullmatch(text, stop.end(), named.mention.start):
            continue
        f.source, f.rule = named.source, f.rule + ":named-next"
        f.mention = replace(named.mention, start=m.start, end=m.end)
