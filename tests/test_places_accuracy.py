"""Places accuracy on a hand-labelled set of articles: precision and recall >= 0.95."""

from __future__ import annotations

from pathlib import Path

from tests.casefile import load_cases
from tests.test_places import run

LABELED = Path(__file__).parent / "labeled" / "places"


def score() -> tuple[float, float, float, list[str]]:
    """Precision and recall over (start, end, place id); metonymy agreement; the errors."""
    tp = got_n = want_n = meto_ok = 0
    errors: list[str] = []
    for path in sorted(LABELED.glob("*.txt")):
        for case in load_cases(path):
            ann = run(case.text)
            got = {(m.span.start, m.span.end, p.id): m.metonymic
                   for p in ann.places for m in p.mentions}
            want = {(e.start, e.end, e.value): e.extra.get("metonymic") == "true"
                    for e in case.of_kind("place")}
            hits = got.keys() & want.keys()
            tp, got_n, want_n = tp + len(hits), got_n + len(got), want_n + len(want)
            meto_ok += sum(got[k] == want[k] for k in hits)
            errors += [f"{path.name}: unexpected {case.text[s:e]!r} -> {p}"
                       for s, e, p in sorted(got.keys() - want.keys())]
            errors += [f"{path.name}: missed {case.text[s:e]!r} ({p})"
                       for s, e, p in sorted(want.keys() - got.keys())]
    return tp / max(got_n, 1), tp / max(want_n, 1), meto_ok / max(tp, 1), errors


def test_precision_and_recall_at_least_95_percent() -> None:
    precision, recall, metonymy, errors = score()
    print(f"\nplaces: precision {precision:.3f}  recall {recall:.3f}  metonymy {metonymy:.3f}")
    print("\n".join(errors))
    assert len(list(LABELED.glob("*.txt"))) >= 15
    assert precision >= 0.95 and recall >= 0.95, errors
