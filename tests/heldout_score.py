"""Scores the whole annotator on the blind held-out sets: every figure the claims and
places/dates issues set a target for, on articles no rule was written from.

Run `python -m tests.heldout_score [--details dev]` for the table; the details (every miss)
are printed only for the dev files: tests/heldout/ 01-08 and 17 on, and tests/heldout2/ (the
second set, blind until its figures were recorded, then retired to dev so the rules could learn
from its styles), likewise tests/heldout4/ (the fourth set), and tests/heldout6/ on (dev from
the start, one row each in tests/dev_sets.py). The test half of tests/heldout/ (09-16), the
whole of tests/heldout3/ and of tests/heldout5/ (sets written later by people who had not seen
the annotator) stay blind, scored in aggregate only, so that rules are not tuned to them.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from builder.annotate import annotate
from builder.knowledge import Knowledge, load
from builder.model import Annotations
from tests.casefile import Case, Expected, load_cases
from tests.claimcheck import Score, score as score_claims
from tests.dev_sets import DEV_SETS

HELDOUT = Path(__file__).parent / "heldout"
# The later sets, in order: folder, name in the table, and how it is used (None: blind, never
# tuned on, so only its aggregate is printed; otherwise dev, and --details dev prints its misses).
# The dev sets from heldout6 on (dev from the start) are the rows of tests/dev_sets.py, which
# test_heldout.py reads for their floors: a new set is one row there.
LATER_SETS = (
    ("heldout2", "second set", "dev since its measurement"),
    ("heldout3", "third blind set", None),
    ("heldout4", "fourth set", "dev since its measurement"),
    ("heldout5", "fifth blind set", None),
) + tuple((row[0], f"{row[2]} set", "dev") for row in DEV_SETS)
ALIASES = "aliases.yaml"  # in each set: the labeller's id -> the registry's id, naming only


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    return load()[0]


@lru_cache(maxsize=4)
def aliases(folder: Path = HELDOUT) -> dict[str, str]:
    path = folder / ALIASES
    if not path.exists():
        return {}
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def canonical(case: Case, folder: Path = HELDOUT) -> list[Expected]:
    """The labels with the labeller's ids mapped to ours where only the name differs."""
    table = aliases(folder)

    def fix(value: str) -> str:
        return table.get(value, value)

    out = []
    for e in case.expected:
        extra = dict(e.extra)
        if "via" in extra:
            extra["via"] = ",".join(fix(v) for v in extra["via"].split(","))
        out.append(Expected(e.kind, fix(e.value), e.start, e.end, e.text, extra))
    return out


@dataclass
class Tally:
    claims: Score = field(default_factory=Score)
    place_tp: int = 0
    place_found: int = 0
    place_expected: int = 0
    day_total: int = 0
    day_right: int = 0
    wrong_dates: int = 0  # a found date overlapping a labelled one, with another value
    extra_dates: int = 0  # a found date where nothing is labelled
    published_total: int = 0
    published_right: int = 0
    misses: list[str] = field(default_factory=list)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_places(name: str, case: Case, labels: list[Expected], ann: Annotations, t: Tally) -> None:
    got = {(m.span.start, m.span.end, p.id) for p in ann.places for m in p.mentions}
    want = {(e.start, e.end, e.value) for e in labels if e.kind == "place"}
    t.place_tp += len(got & want)
    t.place_found += len(got)
    t.place_expected += len(want)
    t.misses += [f"{name}: place extra {case.text[s:e]!r} -> {p}" for s, e, p in sorted(got - want)]
    t.misses += [f"{name}: place missed {case.text[s:e]!r} ({p})" for s, e, p in sorted(want - got)]


def score_dates(name: str, labels: list[Expected], ann: Annotations, t: Tally) -> None:
    want = [e for e in labels if e.kind == "date"]
    for e in want:
        right = any(d.date == e.value and overlaps((d.span.start, d.span.end), (e.start, e.end))
                    for d in ann.dates)
        if len(e.value) == 10:
            t.day_total += 1
            t.day_right += right
        if not right:
            t.misses.append(f"{name}: date missed {e.text!r} = {e.value}")
    for d in ann.dates:
        near = [e for e in want if overlaps((d.span.start, d.span.end), (e.start, e.end))]
        if not near:
            t.extra_dates += 1
            t.misses.append(f"{name}: date extra {d.span.text!r} -> {d.date} ({d.rule})")
        elif all(e.value != d.date for e in near):
            t.wrong_dates += 1
            t.misses.append(f"{name}: date WRONG {d.span.text!r} -> {d.date} ({d.rule})")


def score_published(name: str, case: Case, ann: Annotations, t: Tally) -> None:
    given, want = case.context.get("published"), case.context.get("expect-published")
    if given:
        return  # given dates are copied, not found
    t.published_total += 1
    got = ann.published
    if want == "none":
        ok = got is None
    else:
        wanted = dt.date.fromisoformat(want or "1900-01-01")
        ok = got is not None and abs((got.date - wanted).days) <= 1
    t.published_right += ok
    if not ok:
        t.misses.append(f"{name}: published expected {want}, got {got.date if got else None}")


def score_file(path: Path, t: Tally) -> None:
    for case in load_cases(path):
        labels = canonical(case, path.parent)
        ann = annotate(case.document(), knowledge())
        claims = score_claims(case.text, labels, ann, path.name)
        t.claims.add(claims)
        score_places(path.name, case, labels, ann, t)
        score_dates(path.name, labels, ann, t)
        score_published(path.name, case, ann, t)


def run(paths: list[Path]) -> Tally:
    t = Tally()
    for path in paths:
        score_file(path, t)
    t.misses = t.claims.misses + t.misses
    return t


def halves() -> tuple[list[Path], list[Path]]:
    files = sorted(HELDOUT.glob("[0-9]*.txt"))
    test = [p for p in files if 9 <= int(p.name[:2]) <= 16]
    return [p for p in files if p not in test], test


def set_files(folder: str) -> list[Path]:
    """The files of a later set (tests/<folder>/; none when it is absent)."""
    return sorted((Path(__file__).parent / folder).glob("[0-9]*.txt"))


def table(label: str, t: Tally) -> str:
    c = t.claims
    r = Score.ratio
    return "\n".join([
        f"{label}",
        f"  claims     recall {c.recall:.3f}  precision {c.precision:.3f}  "
        f"right source {c.attribution:.3f}   ({c.expected} labelled, {c.found} found)",
        f"  held       recall {c.held_recall:.3f}  precision {c.held_precision:.3f}  "
        f"right source {c.held_attribution:.3f}   (a span of any length holding the claim)",
        f"  sources    recall {c.source_recall:.3f}  precision {c.source_precision:.3f}",
        f"  places     recall {r(t.place_tp, t.place_expected):.3f}  "
        f"precision {r(t.place_tp, t.place_found):.3f}   ({t.place_expected} labelled)",
        f"  dates      day-precise right {r(t.day_right, t.day_total):.3f} ({t.day_total})  "
        f"wrong {t.wrong_dates}  unlabelled extra {t.extra_dates}",
        f"  published  {t.published_right}/{t.published_total} inferred right (within a day)",
        "  misses     " + " · ".join(f"{k} {n}" for k, n in sorted(c.causes.items())),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", choices=("none", "dev"), default="none")
    args = parser.parse_args()
    dev, test = halves()
    dev_t = run(dev)
    print(table("dev (01-08, 17 on)", dev_t))
    print(table("test half (09-16, blind)", run(test)))
    print(table(f"all {len(dev) + len(test)}", run(dev + test)))
    misses = list(dev_t.misses)
    for folder, name, use in LATER_SETS:
        files = set_files(folder)
        if not files:
            continue
        tally = run(files)
        print(table(f"{name} ({folder}, {len(files)} files{f', {use}' if use else ''})", tally))
        if use is not None:
            misses += [f"{folder}/{m}" for m in tally.misses]
    if args.details == "dev":
        print("\n".join(misses))

if __name__ == "__main__":
    main()
