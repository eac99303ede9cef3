"""Claims pass: "An editorial in the Harbour Ledger argues that A": the outlet's piece speaks."""

from __future__ import annotations

import re

from builder.annotate.claims.scan import Scan, speakers_from
from builder.annotate.speakers import Speaker, slug

# "An editorial in X ", "A column in the daily X has": the piece, the outlet, then the verb
_PIECE_IN = re.compile(
    r"(?:An?|The)\s+(?:[a-z-]+\s+){0,2}?(?P<piece>[a-z-]+)\s+(?:in|by)\s+(?:the\s+)?"
    r"(?:[a-z]+\s+)?(?P<name>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,3})"
    r"(?:\s+(?:has|had|also|later))*\s+")


def piece_in_subject(scan: Scan, start: int, verb: re.Match[str]) -> Speaker | None:
    """The sentence opens with an outlet's piece (cues.yaml outlet_pieces: editorial, column,
    article) "in" or "by" a name, then the saying verb: the outlet (or author) named speaks,
    the registry's or one given an id from the name."""
    m = _PIECE_IN.fullmatch(scan.text, start, verb.start())
    if m is None or m.group("piece") not in scan.cues.outlet_pieces:
        return None
    named = next(iter(speakers_from(scan, m.start("name"), 1)), None)
    if named is not None and named.start == m.start("name") and named.end <= m.end("name") \
            and named.id and named.type in ("org", "person"):
        return named
    if named is not None and named.start < m.end("name"):
        return None  # another speaker stands inside the name
    name = m.group("name")
    if any(scan.cues.not_a_name(w) for w in name.split()[:1]):
        return None
    made = Speaker(m.start("name"), m.end("name"), slug(name), "org", name, "media", "unknown")
    scan.resolver.made.setdefault(made.id, made)
    scan.resolver.types.setdefault(made.id, "org")
    return made
