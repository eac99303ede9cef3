"""Claims pass: unattributed figures worth checking."""

from __future__ import annotations

import re
from builder.annotate.claims.scan import (
    Found,
    Scan,
)


def figures(scan: Scan, start: int, end: int) -> None:
    cues = scan.cues
    low = scan.low
    digit = _DIGIT.search(low, start, end)
    counted = digit or cues.worded_count.search(low, start, end)  # no figure without a count
    hits = [m.span() for m in cues.figure.finditer(low, start, end)] if counted else []
    if counted and cues.casualty.search(low, start, end):
        hits.extend(m.span() for m in cues.people_figure.finditer(low, start, end))
    if digit:  # sums, measures, populations and "put at" hold digits
        if cues.money_sign.search(low, start, end):  # the long money pattern needs a sign
            hits.extend(m.span() for m in cues.money_figure.finditer(low, start, end))
        for pattern in (cues.measure_figure, cues.population_figure, cues.length_figure):
            hits.extend(m.span() for m in pattern.finditer(low, start, end))
        hits.extend(m.span("count") for m in cues.put_at_figure.finditer(low, start, end))
    hits.sort(key=lambda span: (span[0], -span[1]))
    last_end = -1
    for a, b in hits:
        if a < last_end or _is_year_or_age(low[a:b]):
            continue
        scan.found.append(Found(a, b, "figure", None, rule="figure"))
        last_end = b


_DIGIT = re.compile(r"\d")


def _is_year_or_age(s: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", s.split()[0]))
