"""Claims pass: unattributed figures worth checking."""

from __future__ import annotations

import re
from builder.annotate.claims.scan import (
    END_PUNCT,
    QUOTE_MARKS,
    TRIM,
    Found,
    Scan,
    unpunctuated_end,
)


def figures(scan: Scan, start: int, end: int, sentence: bool = False) -> None:
    """The figures of start..end; with `sentence`, the stretch is a whole sentence, and a
    short one that ends with its one figure, or one its figure opens, is that figure's claim
    as a whole."""
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
    if sentence and digit:  # "About 2.4 million Finns voted ...": the count opens it
        lead = start + len(scan.text[start:end]) - len(scan.text[start:end].lstrip(TRIM))
        if opening := cues.opening_figure.match(low, lead, end):
            hits.append(opening.span())
    hits.sort(key=lambda span: (span[0], -span[1]))
    last_end = -1
    kept: list[tuple[int, int]] = []
    for a, b in hits:
        if a < last_end or _is_year_or_age(low[a:b]):
            continue
        kept.append((a, b))
        last_end = b
    if sentence:  # a share is a figure only as the point of a short clause of its own
        shares = [m.span() for m in cues.share_figure.finditer(low, start, end)]
        kept = _whole_clauses(scan, start, end, kept, shares)
    scan.found.extend(Found(a, b, "figure", None, rule="figure") for a, b in kept)


_CLAUSE_BREAK = re.compile(r",\s+(?:and|but)\s+|;\s+")  # "..., and its annual consumption is"


def _whole_clauses(scan: Scan, start: int, end: int, kept: list[tuple[int, int]],
                   shares: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each clause of the sentence (", and", ", but", ";" part them) with one figure: the
    whole clause when it is short and ends with it (_whole_sentence); a clause with no other
    figure whose one share is its point: the whole clause too."""
    bounds = [start, *(x for m in _CLAUSE_BREAK.finditer(scan.text, start, end)
                       for x in (m.start(), m.end())), end]
    out = []
    for c_start, c_end in zip(bounds[::2], bounds[1::2]):
        inside = [(a, b) for a, b in kept if c_start <= a < c_end]
        if not inside:
            inside = [(a, b) for a, b in shares if c_start <= a < c_end]
            whole = _whole_sentence(scan, c_start, c_end, *inside[0]) \
                if len(inside) == 1 else None
            out.extend([whole] if whole is not None and whole != inside[0] else [])
        elif len(inside) == 1:
            out.append(_whole_sentence(scan, c_start, c_end, *inside[0]))
        else:
            out.extend(inside)
    return out


_QUOTATION = "“”\"„«»"  # (not an apostrophe: "Poland's border")
_SUBJECT_WORDS = 4  # at most this many words before the figure: the sentence states only it


def _whole_sentence(scan: Scan, start: int, end: int, a: int, b: int) -> tuple[int, int]:
    """The claim of a sentence (or clause) whose one figure is a..b: the whole of it when it
    states that figure and nothing else, else the figure's own words. It states only the
    figure when the figure is its subject, opening it ("Roughly $80 billion of the fund's
    assets were moved abroad in the weeks before the vote."), and when the figure ends
    it after at most four words ("A night-vision scope costs about $4,000.", "Before the war,
    Lutsk had a population of about 215,000.", "Finland's border with Russia is 1,340 km
    long.": a verb such as "is" or "had" right before the figure not counted). In a longer
    one, or one that goes on after a figure placed later, the figure's own words are."""
    text = scan.text
    lead = start + len(text[start:a]) - len(text[start:a].lstrip(TRIM))
    if any(mark in text[lead:a] for mark in _QUOTATION):
        return a, b
    stop = unpunctuated_end(text, lead, end)
    if lead == a:
        return lead, max(stop, b)
    if text[b:stop].strip(END_PUNCT + QUOTE_MARKS):  # it goes on after the figure
        return a, b
    words = text[lead:a].split()
    if words and words[-1].lower() in scan.cues.verb_words:
        words.pop()
    return (a, b) if len(words) > _SUBJECT_WORDS else (lead, b)


_DIGIT = re.compile(r"\d")


def _is_year_or_age(s: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", s.split()[0]))
