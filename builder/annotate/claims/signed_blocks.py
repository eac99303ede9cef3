"""Signed blocks: each paragraph an "experts react" piece's writer signed is one quote of theirs."""

from __future__ import annotations

import bisect

from builder.annotate.claims.interviews import OPENERS
from builder.annotate.claims.scan import Found, Scan, add_found
from builder.annotate.signatures import MIN_SIGNED, SIGNATURE

_SENTENCE_END = (".", "!", "?", "…", ".\"", ".”", "?\"", "?”", "!\"", "!”")


def signed_blocks(scan: Scan, paragraphs: list[tuple[int, int]],
                  taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each paragraph of a signed block (no quotation marks, from its heading, a paragraph
    with no closing punctuation, or the signature before, down to the signature) is one quote
    of the writer's; the paragraphs above the first heading are the news introduction."""
    text = scan.text
    starts = [sp.start for sp in scan.speakers]
    signs: list[tuple[int, str]] = []
    para_starts = [a for a, _ in paragraphs]
    found = list(SIGNATURE.finditer(text))
    if len(found) < MIN_SIGNED:
        return []
    for m in found:
        at = bisect.bisect_left(starts, m.start("name"))
        person = scan.speakers[at] if at < len(starts) and starts[at] == m.start("name") else None
        if person is None or person.type != "person":
            continue
        source, _rule = scan.resolver.resolve(person, person.start)
        if source:
            signs.append((bisect.bisect_right(para_starts, m.start()) - 1, source))
    out: list[tuple[int, int]] = []
    previous = -1
    for index, source in signs:
        for start, stop in _block(text, paragraphs, previous, index, taken):
            add_found(scan, Found(start, stop, "quote", source, None, rule="signed-block"), [])
            out.append((start, stop))
        previous = index
    return out


def _block(text: str, paragraphs: list[tuple[int, int]], previous: int, index: int,
           taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    block: list[tuple[int, int]] = []
    for start, end in reversed(paragraphs[previous + 1:index]):
        body = text[start:end].strip()
        if not body:
            continue
        if not body.endswith(_SENTENCE_END):
            return block  # the block's heading
        lead = start + len(text[start:end]) - len(text[start:end].lstrip())
        if body.startswith(OPENERS) or "\n" in body or any(a <= lead < b for a, b in taken):
            return []
        block.insert(0, (lead, lead + len(body)))
    return block if previous >= 0 else []
