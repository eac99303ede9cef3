"""The source and claim passes stay linear: a seed-length article takes milliseconds."""

from __future__ import annotations

import time
from pathlib import Path

from tests.casefile import load_cases
from tests.claimcheck import annotate

SEEDS = sorted((Path(__file__).parent / "labeled" / "claims").glob("seed_*.txt"))


def test_claim_passes_are_fast_and_do_not_grow_faster_than_the_text():
    docs = [case.document() for path in SEEDS for case in load_cases(path)]
    annotate(docs[0])
    start = time.process_time()
    for doc in docs:
        annotate(doc)
    per_article = (time.process_time() - start) / len(docs)
    print(f"\nsources+claims: {per_article * 1000:.1f} ms CPU per seed-length article")
    assert per_article < 0.020
    long_doc = docs[0]
    ten = type(long_doc)(long_doc.source_file, long_doc.meta, long_doc.paragraphs * 10)
    start = time.process_time()
    annotate(ten)
    ten_times = time.process_time() - start
    assert ten_times < 25 * per_article  # roughly linear, never quadratic
