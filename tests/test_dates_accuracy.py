"""Accuracy of the dates pass on a labeled set of whole articles (tests/labeled/dates/).

The set holds articles written in several outlets' styles and the seeds' cleaned text, every
date a careful reader can resolve labeled by hand. Prints day-precision accuracy, month/year
accuracy, wrong dates emitted and publication dates; asserts the issue's targets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tests.casefile import Case, load_cases
from tests.test_dates_cases import overlaps, run

LABELED_DIR = Path(__file__).parent / "labeled" / "dates"


@dataclass
class Tally:
    day_total: int = 0
    day_right: int = 0
    coarse_total: int = 0
    coarse_right: int = 0
    wrong: int = 0
    published_total: int = 0
    published_right: int = 0


def score(case: Case, tally: Tally, report: list[str]) -> None:
    """Add one labeled article to the tally; note every miss and every wrong date."""
    ann = run(case.document())
    name = Path(case.path).name
    for e in case.of_kind("date"):
        right = any(
            d.date == e.value and overlaps(d.span.start, d.span.end, e.start, e.end)
            for d in ann.dates
        )
        if len(e.value) == 10:
            tally.day_total += 1
            tally.day_right += right
        else:
            tally.coarse_total += 1
            tally.coarse_right += right
        if not right:
            report.append(f"  missed  {name}: {e.text!r} = {e.value}")
    for d in ann.dates:
        if not any(
            d.date == e.value and overlaps(d.span.start, d.span.end, e.start, e.end)
            for e in case.of_kind("date")
        ):
            tally.wrong += 1
            report.append(f"  WRONG   {name}: {d.span.text!r} -> {d.date} ({d.rule})")
    score_published(case, ann.published, tally, report, name)


def score_published(case: Case, published, tally: Tally, report: list[str], name: str) -> None:
    given, want = case.context.get("published"), case.context.get("expect-published")
    tally.published_total += 1
    if given:
        ok = (
            published is not None and published.date.isoformat() == given and not published.inferred
        )
    elif want == "none":
        ok = published is None
    else:
        ok = (
            published is not None
            and published.inferred
            and abs(published.date - dt.date.fromisoformat(want or "1900-01-01")).days <= 1
        )
    tally.published_right += ok
    got = f"{published.date} ({published.reason})" if published else "none"
    report.append(f"  {'ok  ' if ok else 'BAD '}    {name}: published {given or want}, got {got}")


def test_labeled_set_meets_the_targets(capsys):
    cases = [c for path in sorted(LABELED_DIR.glob("*.txt")) for c in load_cases(path)]
    tally, report = Tally(), []
    for case in cases:
        score(case, tally, report)
    day_accuracy = tally.day_right / tally.day_total
    with capsys.disabled():
        print(f"\nlabeled dates: {len(cases)} articles")
        print(f"  day-precise: {tally.day_right}/{tally.day_total} = {day_accuracy:.3f}")
        print(f"  month/year:  {tally.coarse_right}/{tally.coarse_total}")
        print(f"  wrong dates emitted: {tally.wrong}")
        print(f"  publication dates right: {tally.published_right}/{tally.published_total}")
        print("\n".join(report))
    assert len(cases) >= 15
    assert tally.wrong == 0
    assert day_accuracy >= 0.95
    assert tally.published_right == tally.published_total
