"""Where a sequence holds other objects than the last one at the same places, when few do."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence

PATCH_MOST = 64  # places replaced at most for the last result to be patched, not made anew


def replaced(last: Sequence[object] | None, now: Sequence[object]) -> list[int] | None:
    """The places at which `now` holds another object than `last` (the very object: found by
    one pass in C, as a preview's edit replaces a few); None when there is no `last`, the two
    differ in length, or more than PATCH_MOST places differ (patching costs more)."""
    if last is None or len(last) != len(now):
        return None
    at = list(itertools.compress(range(len(now)), map(operator.is_not, last, now)))
    return at if len(at) <= PATCH_MOST else None
