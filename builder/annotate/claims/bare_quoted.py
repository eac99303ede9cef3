"""Claims pass: "X was quoted as saying" with no relay named takes the paragraph's outlet."""

from __future__ import annotations

import re

from builder.annotate.claims.scan import Scan, speakers_ending_before
from builder.annotate.quotes import paragraph_start

# "was quoted as saying" right after the speaker's mention, and no "by" in the rest of the
# clause ("was quoted as saying on Wednesday by his press service" names its relay)
_QUOTED_AS = re.compile(r"\s+(?:was|were|is|are)\s+(?:also\s+)?quoted\s+as\s+saying\b"
                        r"(?![^.!?;\n“”\"]*\bby\b)")


def bare_quoted(scan: Scan) -> None:
    """"Varga told the Harbour Gazette that A. "B," Varga was quoted as saying.", "The Evening
    Courier, citing port officials, reports that A. B, the officials are quoted as saying.": B
    comes via the registered outlet (not the publisher) its paragraph named last before it."""
    registry = scan.resolver.ctx.knowledge.sources
    text = scan.text
    for found in scan.found:
        mention = found.mention
        if found.via or found.source is None or mention is None or \
                not _QUOTED_AS.match(text, mention.end):
            continue
        at = min(found.start, mention.start)
        for sp in speakers_ending_before(scan, paragraph_start(text, at), at):
            entry = registry.get(sp.id or "")
            if entry is not None and entry.kind == "media" and sp.id != found.source and \
                    sp.id not in scan.own_outlets:
                found.via, found.rule = (sp.id,), found.rule + ":quoted-in-paragraph"
                break
