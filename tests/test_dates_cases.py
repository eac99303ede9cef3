"""Date annotation measured on case files (tests/cases/dates/*.txt, the inline notation).

Labels: `[May 14]{date:2022-05-14}` must be emitted with that value on an overlapping span;
`[last week]{unresolved}` and `[Monday, May 14, 2022]{contradiction}` must be left out with a
note of that kind. Any other emitted date fails the case (a wrong date is worse than none).
`@published YYYY-MM-DD` gives the article's date; `@expect-published YYYY-MM-DD` (or `none`)
checks the inferred one of an undated case.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from builder.annotate import Context, dates
from builder.knowledge import BUILTIN_DATA, calendar
from builder.model import Annotations, Document
from tests.casefile import Case, load_cases

CASES_DIR = Path(__file__).parent / "cases" / "dates"
CALENDAR, CALENDAR_DIAGNOSTICS = calendar.load((BUILTIN_DATA,))


def run(document: Document) -> Annotations:
    """The dates pass alone over one document, with the built-in calendar."""
    knowledge = SimpleNamespace(calendar=CALENDAR)
    ctx = Context(document=document, text=document.text, knowledge=knowledge)  # type: ignore[arg-type]
    return dates.annotate(ctx, Annotations())


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def problems(case: Case, ann: Annotations) -> list[str]:
    """Everything in which the pass's output differs from the case's labels."""
    found: list[str] = []
    expected = case.of_kind("date")
    for e in expected:
        hits = [d for d in ann.dates if overlaps(d.span.start, d.span.end, e.start, e.end)]
        if not any(d.date == e.value for d in hits):
            got = ", ".join(f"{d.date} {d.span.text!r}" for d in hits) or "nothing"
            found.append(f"expected {e.value} for {e.text!r}, got {got}")
    for d in ann.dates:
        if not any(
            overlaps(d.span.start, d.span.end, e.start, e.end) and d.date == e.value
            for e in expected
        ):
            found.append(f"unexpected {d.date} for {d.span.text!r} ({d.rule})")
    for e in case.of_kind("unresolved", "contradiction"):
        if not any(
            n.kind == e.kind and n.span and overlaps(n.span.start, n.span.end, e.start, e.end)
            for n in ann.notes
        ):
            found.append(f"expected a {e.kind} note for {e.text!r}")
    want = case.context.get("expect-published")
    if want is not None:
        got = ann.published.date.isoformat() if ann.published else "none"
        if got != want:
            found.append(f"expected publication {want}, inferred {got}")
    return found


def all_cases() -> list[Case]:
    return [c for path in sorted(CASES_DIR.glob("*.txt")) for c in load_cases(path)]


def test_builtin_calendar_loads_cleanly():
    assert CALENDAR_DIAGNOSTICS == ()
    assert CALENDAR.months["sept"] == 9 and CALENDAR.weekdays["sunday"] == 6
    assert CALENDAR.period == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))


def test_there_are_many_cases():
    assert len(all_cases()) >= 120


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.name)
def test_case(case: Case):
    ann = run(case.document())
    assert problems(case, ann) == []
