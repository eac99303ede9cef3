"""Claim ids that stay with their claim when the article around it is edited."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

# An id is "c" and the first hex digits of a hash of the claim's words (spacing aside), so a
# link to a claim (`article/#claim-c…`, or a claim in the JSON export) keeps pointing at the
# same claim when an editor adds, removes or re-attributes another one; only a change to the
# claim's own words gives it a new id. Ordinal ids (c1, c2 …) sent every such link to a
# different claim, and changed every listing page that links a later claim of the article.
_DIGITS = 8


def claim_ids(texts: Iterable[str]) -> list[str]:
    """The id of each claim, given their texts in text order: unique within the article (a
    text that comes again, or a hash that collides, takes "-2", "-3" … by order)."""
    taken: set[str] = set()
    ids = []
    for text in texts:
        words = " ".join(text.split()).encode("utf-8")
        base = "c" + hashlib.blake2b(words, digest_size=8).hexdigest()[:_DIGITS]
        cid, n = base, 1
        while cid in taken:
            n += 1
            cid = f"{base}-{n}"
        taken.add(cid)
        ids.append(cid)
    return ids
