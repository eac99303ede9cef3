"""Accuracy of claims and sources on a labelled set: 21 articles written in other outlets'
styles (wire with datelines, think tank, translated Ukrainian and Russian agencies, live blogs,
features, US political copy ...) and the five seeds' cleaned text, labelled by hand before the
annotator ran on them."""

from __future__ import annotations

from pathlib import Path

from tests.casefile import load_cases
from tests.claimcheck import Score, annotate, score

LABELLED = Path(__file__).parent / "labeled" / "claims"
TARGET = 0.90


def measure() -> Score:
    total = Score()
    for path in sorted(LABELLED.glob("*.txt")):
        for case in load_cases(path):
            ann = annotate(case.document())
            total.add(score(case.text, list(case.expected), ann, path.name))
    return total


def test_labelled_set_meets_the_targets():
    result = measure()
    print(
        f"\nclaims: expected {result.expected}, found {result.found}; "
        f"recall {result.recall:.3f}, precision {result.precision:.3f}, "
        f"right source {result.attribution:.3f}; "
        f"sources: recall {result.source_recall:.3f}, precision {result.source_precision:.3f}"
    )
    for miss in result.misses:
        print("  ", miss)
    assert len(list(LABELLED.glob("*.txt"))) >= 15
    assert result.recall >= TARGET
    assert result.precision >= TARGET
    assert result.attribution >= TARGET
    assert result.source_recall >= TARGET
    assert result.source_precision >= TARGET
