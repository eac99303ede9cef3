"""Claims pass: unattributed figures worth checking."""

from __future__ import annotations

import re
from builder.annotate.claims.scan import (
    END_PUNCT,
    QUOTE_MARKS,
    TRIM,
    Found,
    Scan,
)


def figures(scan: Scan, start: int, end: int, sentence: bool = False) -> None:
    """The figures of start..end; with `sentence`, the stretch is a whole sentence, and a
    short one that ends with its one figure is that figure's claim as a whole."""
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
    if sentence:  # a share is a figure only as the point of a short sentence of its own
        hits.extend(m.span() for m in cues.share_figure.finditer(low, start, end)
                    if _whole_sentence(scan.text, start, end, *m.span())[0] != m.start())
    hits.sort(key=lambda span: (span[0], -span[1]))
    last_end = -1
    kept: list[tuple[int, int]] = []
    for a, b in hits:
        if a < last_end or _is_year_or_age(low[a:b]):
            continue
        kept.append((a, b))
        last_end = b
    if sentence and len(kept) == 1:
        kept = [_whole_sentence(scan.text, start, end, *kept[0])]
    scan.found.extend(Found(a, b, "figure", None, rule="figure") for a, b in kept)


_LEAD_WORDS = 5  # at most this many words before the figure: the sentence states only it


def _whole_sentence(text: str, start: int, end: int, a: int, b: int) -> tuple[int, int]:
    """"An MQ-9 Reaper costs about $32 million.", "Before the war, Vinnytsia had a population
    of about 370,000.": a short sentence whose one figure ends it states that figure and
    nothing else, so the whole sentence is the claim; in a longer one, or one that goes on
    after it, the figure's own words are."""
    lead = start + len(text[start:a]) - len(text[start:a].lstrip(TRIM))
    if text[b:end].strip(END_PUNCT + QUOTE_MARKS) or len(text[lead:a].split()) > _LEAD_WORDS \
            or any(mark in text[lead:a] for mark in QUOTE_MARKS):
        return a, b
    return lead, b


_DIGIT = re.compile(r"\d")


def _is_year_or_age(s: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", s.split()[0]))
