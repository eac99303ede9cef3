"""Bodies named by an international body's possessive: "the EU's Court of Auditors"."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers import Speaker, slug
from builder.annotate.speakers.speaker import body_kind
from builder.knowledge.cues import Cues

_CAP = r"[A-ZÀ-ÞĀ-Ž][\w'’-]+"
_OWNED_NAME = re.compile(r"['’]s\s+(" + _CAP + r"(?:\s+(?:of\s+(?:the\s+)?)?" + _CAP + r"){0,3})")


def owned_body_speakers(text: str, registered: list[Speaker], cues: Cues) -> list[Speaker]:
    """"The European Union's Court of Auditors found ... the Court of Auditors": a registered
    international body's possessive before a capitalised name with a body's word in it
    (cues.yaml org_words) that no registry name covers is one body of the owner's, its id the
    owner's prefix (cues.yaml anonymous_prefixes: eu-court-of-auditors), as a country's
    possessive makes one (ukrainian-supreme-court); the name printed again without the
    possessive later is the same body."""
    starts = {sp.start for sp in registered}
    owned: dict[int, Speaker] = {}
    for sp in registered:
        prefix = cues.anonymous_prefixes.get(sp.affiliation)
        m = _OWNED_NAME.match(text, sp.end)
        if sp.type != "org" or sp.kind != "international" or prefix is None or m is None:
            continue
        name = m.group(1)
        kind = next(filter(None, (body_kind(w, cues) for w in reversed(name.split()))), "")
        if not kind or any(m.start(1) <= s < m.end(1) for s in starts):
            continue  # no body's word, or a registered body's own name ("the UN's UNICEF")
        owned[sp.start] = Speaker(sp.start, m.end(1), slug(f"{prefix[0]} {name}"), "org",
                                  name, kind, sp.affiliation, built=True)
    if not owned:
        return registered
    out = [owned.get(sp.start, sp) for sp in registered]
    taken = [(sp.start, sp.end) for sp in out]
    for body in owned.values():
        for m in _printed_again(body.name).finditer(text, body.end):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(Speaker(m.start(), m.end(), body.id, "org", body.name, body.kind,
                                   body.affiliation, built=True))
                taken.append(m.span())  # (another body's name printed again is not in it)
    return sorted(out, key=lambda sp: sp.start)


@functools.lru_cache(maxsize=256)
def _printed_again(name: str) -> re.Pattern[str]:
    """The body's name as printed, as a whole name."""
    return re.compile(r"(?<![\w'’-])" + re.escape(name) + r"(?![\w'’-])")
