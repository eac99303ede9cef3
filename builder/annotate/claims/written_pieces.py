"""Claims pass: a person's words from a piece written for an outlet come via the outlet."""

from __future__ import annotations

import re

from builder.annotate.claims.scan import Found, Scan, speakers_ending_before
from builder.annotate.quotes import paragraph_start

# Where a sentence starts: after a sentence's stop (and a closing mark) or a line break.
_SENTENCE_START = re.compile(r"(?:[.!?][”\"’]?\s+|\n)")
_WORD = re.compile(r"[a-z][\w-]*")


def written_pieces(scan: Scan) -> None:
    """"In the popular Evening Courier, columnist X writes that A", "X returned the favour in
    the Harbour Gazette, writing that A": A is X's, via the registered outlet (not
    the publisher) that "in" brings in before A in its sentence, with a verb of a written
    piece (cues.yaml column_verbs) after it; X's later claims in the paragraph follow."""
    registry = scan.resolver.ctx.knowledge.sources
    text = scan.text
    framed: list[tuple[str, str, int]] = []  # (source, outlet, paragraph end)
    for found in sorted(scan.found, key=lambda f: f.start):
        if found.via or found.source is None or \
                scan.resolver.source_type(found.source) != "person":
            continue
        held = next((outlet for source, outlet, end in framed
                     if source == found.source and found.start < end), None)
        if held is not None:
            found.via, found.rule = (held,), found.rule + ":written-in"
            continue
        outlet = _venue(scan, found, registry)
        if outlet is None:
            continue
        found.via, found.rule = (outlet,), found.rule + ":written-in"
        end = text.find("\n\n", found.end)
        framed.append((found.source, outlet, len(text) if end < 0 else end))


def _venue(scan: Scan, found: Found, registry) -> str | None:
    """The registered outlet a bare "in" brings in before the claim in its sentence, with one
    of cues.yaml column_verbs between it and the claim and none right before the "in"."""
    text = scan.text
    para = paragraph_start(text, found.start)
    starts = [m.end() for m in _SENTENCE_START.finditer(text, para, found.start)]
    sentence = starts[-1] if starts else para
    verbs = scan.cues.column_verbs
    for sp in speakers_ending_before(scan, sentence, found.start):
        entry = registry.get(sp.id or "")
        if entry is None or entry.kind != "media" or sp.id == found.source or \
                sp.id in scan.own_outlets:
            continue
        lead = _IN_BEFORE.search(scan.low, sentence, sp.start)
        if lead is None or lead.group(1) in verbs or \
                not any(w.group() in verbs for w in _WORD.finditer(scan.low, sp.end, found.start)):
            continue
        return sp.id
    return None


# "in the popular " right before an outlet (up to two lower-case words), and the word before
# "in" (group 1): "writing in the Guardian" is a contributor the publisher may run itself
_IN_BEFORE = re.compile(
    r"(?:([\w'’-]+)\s+)?(?<![\w'’-])in\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}$")
