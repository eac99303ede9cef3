"""Shared helpers for the claims tests: run the source and claim passes, compare with labels."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import builder.annotate  # noqa: F401  (imports the pass package before knowledge)
from builder.annotate import Context, claims, sources
from builder.diagnostics import Diagnostic
from builder.knowledge import Knowledge, load
from builder.model import Annotations, Claim, Document
from tests.casefile import Expected

_EDGE = " \t\n.,;:!?…“”\"‘’'"
CLAIM_KINDS = ("quote", "reported", "figure", "claim")


@lru_cache(maxsize=1)
def loaded() -> tuple[Knowledge, tuple[Diagnostic, ...]]:
    """The built-in knowledge and the problems its files have, loaded once."""
    return load()


def knowledge() -> Knowledge:
    return loaded()[0]


def annotate(document: Document) -> Annotations:
    """The passes this part owns: sources, then claims."""
    ctx = Context(document=document, text=document.text, knowledge=knowledge())
    return claims.annotate(ctx, sources.annotate(ctx, Annotations()))


def core(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the quotation marks and punctuation at its edges."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _cores(text: str, found: Claim, expected: Expected) -> tuple[int, int, int, int]:
    """The found span's and the expected content's cores: f_start, f_end, e_start, e_end."""
    return (*core(text, found.span.start, found.span.end),
            *core(text, expected.start, expected.end))


def span_holds(text: str, found: Claim, expected: Expected) -> bool:
    """The found span holds the expected content, at any length (the issue's own wording)."""
    f_start, f_end, e_start, e_end = _cores(text, found, expected)
    return f_start <= e_start and e_end <= f_end


def span_matches(text: str, found: Claim, expected: Expected) -> bool:
    """The found span holds the expected content, and is not much larger than it."""
    f_start, f_end, e_start, e_end = _cores(text, found, expected)
    return f_start <= e_start and e_end <= f_end and \
        (f_end - f_start) <= 1.5 * (e_end - e_start) + 20


def overlaps(text: str, found: Claim, expected: Expected) -> bool:
    """The found span and the expected content share at least one character."""
    f_start, f_end, e_start, e_end = _cores(text, found, expected)
    return f_start < e_end and e_start < f_end


def expected_source(e: Expected) -> str | None:
    return e.value or None


def expected_via(e: Expected) -> tuple[str, ...]:
    via = e.extra.get("via", "")
    return tuple(v for v in via.split(",") if v)


@dataclass
class Score:
    """Counts for precision/recall of claims, attribution, and sources."""

    expected: int = 0
    found: int = 0
    matched_expected: int = 0  # expected claims with a found claim holding them
    matched_found: int = 0  # found claims that hold some expected claim
    attributed: int = 0  # expected claims found with the right source and via
    # The same three counts where a span of any length holding the content counts as found,
    # as the issue words it; the figures above also refuse a span much longer than the label.
    held_expected: int = 0
    held_found: int = 0
    held_attributed: int = 0
    source_expected: int = 0
    source_found: int = 0
    source_matched: int = 0
    misses: list[str] = field(default_factory=list)
    causes: Counter = field(default_factory=Counter)  # why each miss happened: counts only

    def add(self, other: Score) -> None:
        for name in ("expected", "found", "matched_expected", "matched_found", "attributed",
                     "held_expected", "held_found", "held_attributed",
                     "source_expected", "source_found", "source_matched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)
        self.causes.update(other.causes)

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def recall(self) -> float:
        return self.ratio(self.matched_expected, self.expected)

    @property
    def precision(self) -> float:
        return self.ratio(self.matched_found, self.found)

    @property
    def attribution(self) -> float:
        return self.ratio(self.attributed, self.expected)

    @property
    def held_recall(self) -> float:
        return self.ratio(self.held_expected, self.expected)

    @property
    def held_precision(self) -> float:
        return self.ratio(self.held_found, self.found)

    @property
    def held_attribution(self) -> float:
        return self.ratio(self.held_attributed, self.expected)

    @property
    def source_recall(self) -> float:
        return self.ratio(self.source_matched, self.source_expected)

    @property
    def source_precision(self) -> float:
        return self.ratio(self.source_matched, self.source_found)


def score(text: str, expected: list[Expected], ann: Annotations, name: str = "") -> Score:
    """Compare found claims and sources with the labels of one text."""
    wanted = [e for e in expected if e.kind in CLAIM_KINDS]
    s = Score(expected=len(wanted), found=len(ann.claims))
    anonymous = {src.id for src in ann.sources if src.kind == "anonymous"}
    used: set[str] = set()
    held: set[str] = set()
    for e in wanted:
        holders = [c for c in ann.claims if span_matches(text, c, e)]
        kind_ok = [c for c in holders if e.kind in ("claim", c.kind)]
        if holders:
            s.matched_expected += 1
            used.update(c.id for c in holders)
        right = [c for c in kind_ok if c.source == expected_source(e)
                 and c.via == expected_via(e)]
        loose = [c for c in ann.claims if span_holds(text, c, e)]
        if loose:
            s.held_expected += 1
            held.update(c.id for c in loose)
        if any(c.source == expected_source(e) and c.via == expected_via(e)
               and e.kind in ("claim", c.kind) for c in loose):
            s.held_attributed += 1
        if right:
            s.attributed += 1
        else:
            if not holders:  # (listed too, so that a case file fails on a claim not found)
                got = not_found_cause(text, e, loose, ann.claims)
                s.causes[got] += 1
            else:
                s.causes[miss_cause(e, holders, kind_ok, anonymous)] += 1
                got = "; ".join(f"{c.kind}:{c.source} via {c.via}" for c in holders)
            s.misses.append(f"{name}: expected {e.kind}:{e.value} {e.extra} "
                            f"'{e.text[:70]}' -> {got}")
    s.matched_found = len(used)
    s.held_found = len(held)
    for c in ann.claims:
        if c.id not in used:
            s.misses.append(f"{name}: extra {c.kind}:{c.source} '{c.span.text[:70]}' ({c.rule})")
            near = any(overlaps(text, c, e) for e in wanted)
            s.causes["extra claim " + ("unsourced" if c.source is None else "sourced")
                     + (" over a label" if near else "")] += 1
    want_sources = {v for e in wanted for v in (expected_source(e), *expected_via(e)) if v}
    got_sources = {src.id for src in ann.sources}
    s.source_expected, s.source_found = len(want_sources), len(got_sources)
    s.source_matched = len(want_sources & got_sources)
    for missing in sorted(want_sources - got_sources):
        s.misses.append(f"{name}: source missing {missing}")
        s.causes["source missing"] += 1
    for extra in sorted(got_sources - want_sources):
        s.misses.append(f"{name}: source extra {extra}")
        s.causes["source extra " + ("anonymous" if extra in anonymous else "named")] += 1
    return s


def not_found_cause(text: str, e: Expected, loose: list[Claim],
                    claims: tuple[Claim, ...]) -> str:
    """Why no span matched a label: a span holds it but is much longer, a span holds part of
    it, or no span touches it (a claim the annotator did not see at all)."""
    if loose:
        return "claim not found: held by a much longer span"
    if any(overlaps(text, c, e) for c in claims):
        return "claim not found: part of it found"
    return "claim not found"


def miss_cause(e: Expected, holders: list[Claim], kind_ok: list[Claim],
               anonymous: set[str]) -> str:
    """Why a labelled claim was not found with its source: one word, for aggregate counts."""
    if not kind_ok:
        return "claim of the wrong kind"
    want = expected_source(e)
    if any(c.source == want for c in kind_ok):
        return "right source, wrong via"
    got = kind_ok[0].source
    if got is None:
        return "claim with no source"
    if got in anonymous:
        return "anonymous group for a named source"
    if want is None:
        return "source for an unsourced figure"
    return "another named source" + id_likeness(want, got)


def id_likeness(want: str, got: str) -> str:
    """How a found source's id relates to the labelled one, in words only (no text shown):
    a superset of its words is usually a title or role left in a name built from the text, a
    subset a name cut short, and a partial overlap another person or body of the same side."""
    wanted, found = set(want.split("-")), set(got.split("-"))
    if not wanted & found:
        return ""
    if found > wanted:
        return " whose id holds every word of it and more"
    if found < wanted:
        return " whose id holds only some of its words"
    return " sharing a word of its id"


def mention_misses(text: str, expected: list[Expected], ann: Annotations) -> list[str]:
    """Expected source mentions that no found source's mentions overlap."""
    out = []
    by_id = {src.id: src for src in ann.sources}
    for e in expected:
        if e.kind != "source":
            continue
        src = by_id.get(e.value)
        if src is None or not any(m.start < e.end and e.start < m.end for m in src.mentions):
            out.append(f"mention '{e.text}' of {e.value} not found")
    return out
