"""Claims pass: a lead's unnamed definite speaker is the one the next sentence opens with."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from builder.annotate.claims.scan import SENTENCE_END
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import printed

_DEFINITE = re.compile(r"(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s")
_UNKNOWN = (":unknown-closer", ":unknown-subject")
_NAMED = ("person", "org")


@functools.lru_cache(maxsize=4)
def _titles(dotted: frozenset[str]) -> re.Pattern[str]:
    """At most three capitalised words before a name ("Mayor ", "Governor Anna ..."), a word
    of them perhaps one of cues.yaml titles printed with its stop ("Mr. ", "Lt. Gen. ")."""
    titled = r"(?:" + printed(sorted(dotted)) + r")\s+|" if dotted else ""
    return re.compile(r"(?:" + titled + r"[A-Z][\w-]*\s+){0,3}")


def named_next(text: str, found: list, cues: Cues) -> None:
    """"A, the city's mayor said. ¶ Mayor Ivan Petrenko wrote that B": a definite speaker no
    list knows, in the article's first paragraph with no source, is the person or body whose
    name (after at most a few capitalised title words, "Mr." too) opens the next sentence, in
    the same paragraph or the next, and who speaks there: a lead names its speaker by role and
    the sentence after it by name."""
    titles = _titles(frozenset(t for t in cues.titles if "." in t))
    lead_end = text.find("\n\n")
    lead_end = len(text) if lead_end < 0 else lead_end
    ordered = sorted(found, key=lambda f: f.start)
    for f in ordered:
        m = f.mention
        if f.start >= lead_end or f.source or m is None or m.type != "unknown" or \
                not f.rule.endswith(_UNKNOWN) or not _DEFINITE.match(text, m.start):
            continue
        stop = SENTENCE_END.search(text, max(m.end, f.end))
        if stop is None:
            continue
        after = [g for g in ordered if g.mention is not None and g.mention.start >= stop.end()]
        named = min(after, key=lambda g: g.mention.start, default=None)
        if named is None or not named.source or named.mention.type not in _NAMED or \
                not titles.fullmatch(text, stop.end(), named.mention.start):
            continue
        f.source, f.rule = named.source, f.rule + ":named-next"
        f.mention = replace(named.mention, start=m.start, end=m.end)
