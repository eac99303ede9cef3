"""Claims pass: "X said A, as TASS reported": X's claim, relayed by the outlet after it."""

from __future__ import annotations

import re

from builder.annotate.claims.scan import Scan, speakers_from, tidy

# ", as RIA Novosti reported", ", Interfax reported": the outlet's name follows
_TAIL = re.compile(r"[”\"’]?,\s+(?:as\s+)?(?:the\s+)?(?=[A-Z])")
# the outlet's verb, then the sentence's end or a citing phrase (", citing the service")
_REPORTED = re.compile(r"(?:\s+news\s+agency)?\s+(?:earlier\s+)?reported(?=\s*[.,;]|\s*$)")


def outlet_tails(scan: Scan, end: int, before: int, covered: list[tuple[int, int]]) -> None:
    """A claim whose own speaker is named before it ("The ministry's press service said A")
    and then a registered outlet "reported" after it (", as RIA Novosti reported, citing the
    service"): the words stay the speaker's, via the outlet; the tail leaves the span, and a
    citing phrase in it names the speaker again, not a new one (covered)."""
    registry = scan.resolver.ctx.knowledge.sources
    text = scan.text
    for f in scan.found[before:]:
        if f.kind != "reported" or f.via or f.source is None or f.mention is None or \
                f.mention.end > f.start:
            continue
        entry = registry.get(f.source)
        if entry is not None and entry.kind == "media":
            continue  # an outlet's own report: nothing relayed
        for tail in _TAIL.finditer(text, f.start, end):
            outlet = next(iter(speakers_from(scan, tail.end(), 1)), None)
            if outlet is None or outlet.start != tail.end() or outlet.type != "org":
                continue
            out = registry.get(outlet.id)
            verb = _REPORTED.match(text, outlet.end)
            if out is None or out.kind != "media" or outlet.id in scan.own_outlets or \
                    outlet.id == f.source or verb is None:
                continue
            if tail.start() < f.end:
                f.start, f.end = tidy(text, f.start, tail.start())
            elif text[f.end:tail.start()].strip(" .,;”\"’"):
                break  # other words between the claim and the tail: not its relay
            f.via = (outlet.id,)
            f.rule += ":outlet-reported"
            covered.append((verb.end(), end))
            break
