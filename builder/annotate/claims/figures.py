"""Claims pass: unattributed figures worth checking."""

from __future__ import annotations

import re
from builder.knowledge.words import find
from builder.annotate.claims.scan import (
    END_PUNCT,
    QUOTE_MARKS,
    TRIM,
    Found,
    Scan,
    unpunctuated_end,
)


def figures(scan: Scan, start: int, end: int, sentence: bool = False) -> None:
    """The figures of start..end, each the number's phrase: the words that hold the number
    and what it counts ("about $45 billion", "a population of about 120,000"), never the
    sentence around it. With `sentence`, the stretch is a whole sentence, so a count that
    opens it and a share that is the point of a short clause of its own are figures too."""
    cues = scan.cues
    low = scan.low
    digit = _DIGIT.search(low, start, end)
    counted = digit or cues.worded_count.search(low, start, end)  # no figure without a count
    hits = [m.span() for m in cues.figure.finditer(low, start, end)] if counted else []
    if counted and cues.casualty.search(low, start, end):
        hits.extend(m.span() for m in cues.people_figure.finditer(low, start, end))
    if digit:  # sums, measures and "put at" hold digits
        if cues.money_sign.search(low, start, end):  # the long money pattern needs a sign
            hits.extend(m.span() for m in cues.money_figure.finditer(low, start, end))
        for pattern in (cues.measure_figure, cues.length_figure):
            hits.extend(m.span() for m in pattern.finditer(low, start, end))
        hits.extend(m.span("count") for m in cues.put_at_figure.finditer(low, start, end))
    # a population's lead ("home to", "a population of") marks it: its count may be in words
    # ("a population of about one million")
    hits.extend(m.span() for m in find(cues.lists["population_figure"], scan.text, start, end))
    if sentence:  # "Before the floods the valley had about 9,000 inhabitants."
        lead = start + len(scan.text[start:end]) - len(scan.text[start:end].lstrip(TRIM))
        if led := cues.population_led.match(low, lead, end):
            hits.append(led.span("count"))
    if sentence and digit:  # "About 2.4 million Finns voted ...": the count opens it
        lead = start + len(scan.text[start:end]) - len(scan.text[start:end].lstrip(TRIM))
        if opening := cues.opening_figure.match(low, lead, end):
            hits.append(opening.span())
    if sentence:  # a share is a figure only as the point of a short clause of its own
        shares = [m.span() for m in find(cues.lists["share_figure"], scan.text, start, end)]
        hits.extend(_pointed_shares(scan, start, end, hits, shares))
    hits.sort(key=lambda span: (span[0], -span[1]))
    last_end = -1
    kept: list[tuple[int, int]] = []
    for a, b in hits:
        if a < last_end or _is_year_or_age(low[a:b]) or _in_a_name(scan, a) or \
                (cues.owner_before.search(low, max(0, a - 10), a)
                 and cues.owned_count.match(low, a)):
            continue
        kept.append((a, b))
        last_end = b
    scan.found.extend(Found(a, b, "figure", None, rule="figure") for a, b in kept)


_CLAUSE_BREAK = re.compile(r",\s+(?:and|but)\s+|;\s+")  # "..., and its annual consumption is"


def _pointed_shares(scan: Scan, start: int, end: int, hits: list[tuple[int, int]],
                    shares: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The shares that are the point of their clause (", and", ", but", ";" part a
    sentence's clauses): the one share of a clause with no other figure, which ends the
    clause ("The port handles about 12 per cent of the country's grain exports.", "The
    island, cut off since May, gets about half of its fuel by ferry")."""
    bounds = [start, *(x for m in _CLAUSE_BREAK.finditer(scan.text, start, end)
                       for x in (m.start(), m.end())), end]
    out = []
    for c_start, c_end in zip(bounds[::2], bounds[1::2]):
        inside = [(a, b) for a, b in shares if c_start <= a < c_end]
        if len(inside) == 1 and not any(c_start <= a < c_end for a, _ in hits) and \
                _ends_clause(scan, c_start, c_end, *inside[0]):
            out.append(inside[0])
    return out


_QUOTATION = "“”\"„«»"  # (not an apostrophe: "Poland's border")


def _ends_clause(scan: Scan, start: int, end: int, a: int, b: int) -> bool:
    """The share a..b ends the clause start..end after words of its own (a subject and a
    verb, at any length: the dev labels keep a share after a long subject, "Before the war,
    the plant, now shut, produced about a fifth of the region's power."), outside quotation
    marks."""
    text = scan.text
    lead = start + len(text[start:a]) - len(text[start:a].lstrip(TRIM))
    return lead != a and not any(mark in text[lead:a] for mark in _QUOTATION) and \
        not text[b:unpunctuated_end(text, lead, end)].strip(END_PUNCT + QUOTE_MARKS)


_DIGIT = re.compile(r"\d")


_SHORT_NUMBER = re.compile(r"\d{1,2}(?![\d,.])")


def _in_a_name(scan: Scan, a: int) -> bool:
    """"pledged Challenger 2 tanks": the count a.. is a model's number, not a count, when it
    opens with one or two digits right after a capitalised word inside the sentence."""
    return bool(_SHORT_NUMBER.match(scan.text, a)) and \
        scan.cues.model_name_before.search(scan.text, max(0, a - 40), a) is not None


def _is_year_or_age(s: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", s.split()[0]))
