"""Claim and source case files (tests/cases/claims/*.txt): each case must come out exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.casefile import load_cases
from tests.claimcheck import annotate, loaded, mention_misses, score

CASES = sorted(
    (case for path in sorted((Path(__file__).parent / "cases" / "claims").glob("*.txt"))
     for case in load_cases(path)),
    key=lambda c: c.name,
)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case):
    ann = annotate(case.document())
    result = score(case.text, list(case.expected), ann, case.name)
    problems = [m for m in result.misses if "source extra" not in m and "source missing" not in m]
    problems += mention_misses(case.text, list(case.expected), ann)
    assert not problems, "\n".join(problems)


def test_there_are_many_cases():
    assert len(CASES) >= 150


def test_the_knowledge_files_load_without_a_problem():
    """A cues.yaml key missing from cues._LISTS (or _MAPS ...), or a list YAML cannot read as
    words (a bare on), is dropped with a diagnostic: the cases would run without it."""
    problems = loaded()[1]
    assert not problems, "\n".join(f"{d.path}:{d.line}: {d.message}" for d in problems)
