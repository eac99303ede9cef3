"""Tallies, on the dev sets only, where the right source of a mis-attributed claim stands.

For each labelled claim whose found claim has the wrong or no source: is the right source
mentioned (by the labels, or by a found source's mention) before the claim in its paragraph or
the two before, anywhere before, only after; is it a registry source or a source built for the
article at all. This is the ceiling a ranker choosing among the mentioned candidates could
reach. Run `python -m benchmarks.source_ceiling [--list]`. The blind files are never opened:
the file list is built from the dev names before any file is read.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from builder.annotate import annotate
from builder.model import Annotations, Claim
from tests.casefile import Case, Expected, load_cases
from tests.claimcheck import CLAIM_KINDS, expected_source, expected_via, span_matches
from tests.heldout_score import LATER_SETS, canonical, halves, knowledge, set_files

CANDIDATE = "choice: right id is a candidate (mentioned within 2 paragraphs before)"


def dev_files() -> list[Path]:
    """The dev files, split from the blind ones by heldout_score's own lists, by name before
    any file is read: tests/heldout/ outside 09-16 (halves), and the later sets that
    LATER_SETS marks as dev (a blind set's use is None)."""
    out = halves()[0]
    for folder, _, use in LATER_SETS:
        if use is not None:
            out += set_files(folder)
    return out


def paragraph_index(text: str, pos: int) -> int:
    return text.count("\n\n", 0, pos)


def place(text: str, spans: list[tuple[int, int]], e: Expected) -> str:
    """Where the nearest mention of the right source stands, relative to the claim."""
    para = paragraph_index(text, e.start)
    before = [s for s, t in spans if t <= e.start or (s < e.start and t <= e.end)]
    inside = [s for s, t in spans if e.start <= s and t <= e.end]
    after = [s for s, _ in spans if s >= e.end]
    if before:
        gap = para - paragraph_index(text, max(before))
        if gap == 0:
            return "before, same paragraph"
        if gap <= 2:
            return "before, 1-2 paragraphs back"
        return "before, further back"
    if after and paragraph_index(text, min(after)) == para:
        return "only after, same paragraph"
    if after:
        return "only after, later paragraph"
    if inside:
        return "only inside the claim"
    return "never mentioned"


def classify(case: Case, labels: list[Expected], ann: Annotations, e: Expected,
             got: Claim) -> tuple[str, str, str, str]:
    text = case.text
    want = expected_source(e) or ""
    labelled = [(m.start, m.end) for m in labels if m.kind == "source" and m.value == want]
    by_id = {s.id: s for s in ann.sources}
    found = [(m.start, m.end) for m in by_id[want].mentions] if want in by_id else []
    if want in by_id:
        known = "built or registered source of the article"
    elif knowledge().sources.get(want) is not None:
        known = "registry source, not found in the article"
    else:
        known = "neither (no source with that id)"
    return place(text, labelled, e), place(text, found, e), known, got.rule


def problem(text: str, labels: list[Expected], ann: Annotations, e: Expected,
            got: Claim) -> str:
    """Naming (the source chosen is the labelled one, its mentions overlap the labelled
    mentions, but its id is built otherwise) or choice (another source, or none, was chosen),
    and for a choice whether the right one is a found candidate: a source found in the
    article mentioned before the claim in its paragraph or the two before."""
    want = expected_source(e) or ""
    labelled = [(x.start, x.end) for x in labels if x.kind == "source" and x.value == want]
    pronouns = knowledge().cues.pronoun_types
    # the claim's own mention counts when it names the source; a pronoun or a later reference
    # resolved to the chosen source is held by it whether the choice was right or not
    resolved = any(w in got.rule for w in ("pronoun", "reference", "continues", "same-",
                                              "document", "office", "quoted"))
    own = got.source_mention if resolved else None

    def same(src_mentions: tuple) -> bool:
        """Overlaps a labelled mention by a name or description, not by a pronoun nor by the
        claim's own resolved mention."""
        return any(m.start < b and a < m.end for m in src_mentions for a, b in labelled
                   if m.text.lower() not in pronouns and
                   (own is None or (m.start, m.end) != (own.start, own.end)))

    by_id = {s.id: s for s in ann.sources}
    if got.source in by_id and same(by_id[got.source].mentions):
        return "naming: the right person or body chosen, its id built otherwise"
    para = paragraph_index(text, e.start)

    def near(src_id: str) -> bool:
        return any(m.end <= e.end and para - paragraph_index(text, m.start) <= 2
                   for m in by_id[src_id].mentions)

    if want in by_id:
        return CANDIDATE if near(want) else \
            "choice: right id found in the article, not a near candidate"
    if any(same(s.mentions) and near(s.id) for s in ann.sources):
        return "choice: right person or body a near candidate, but under another id"
    return "choice: right source not a found source of the article"


def decision(rule: str) -> str:
    """The kind of choice a claim's rule made: a pronoun's antecedent, a later reference's,
    a name read directly, none found, or another."""
    for word in ("pronoun", "reference", "document", "unnamed", "continues", "same-"):
        if word in rule:
            return word.rstrip("-")
    return "named" if rule.endswith(":named") else "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every wrong claim")
    args = parser.parse_args()
    names = ("outcome", "problem", "labelled", "found", "known", "rule", "got",
             "decision point: right", "decision point: wrong")
    tallies: dict[str, Counter[str]] = {k: Counter() for k in names}
    total = 0
    for path in dev_files():
        for case in load_cases(path):
            labels = canonical(case, path.parent)
            ann = annotate(case.document(), knowledge())
            anonymous = {s.id for s in ann.sources if s.kind == "anonymous"}
            for e in labels:
                if e.kind not in CLAIM_KINDS:
                    continue
                total += 1
                holders = [c for c in ann.claims if span_matches(case.text, c, e)
                           and e.kind in ("claim", c.kind)]
                if not holders:
                    tallies["outcome"]["not found (or wrong kind)"] += 1
                    continue
                point = decision(holders[0].rule)
                if any(c.source == expected_source(e) and c.via == expected_via(e)
                       for c in holders):
                    tallies["outcome"]["right"] += 1
                    tallies["decision point: right"][point] += 1
                    continue
                tallies["decision point: wrong"][point] += 1
                if any(c.source == expected_source(e) for c in holders):
                    tallies["outcome"]["right source, wrong via"] += 1
                    continue
                got = holders[0]
                if expected_source(e) is None:
                    tallies["outcome"]["source for an unsourced claim"] += 1
                    continue
                tallies["outcome"]["wrong or no source"] += 1
                lab, fnd, known, rule = classify(case, labels, ann, e, got)
                kind = problem(case.text, labels, ann, e, got)
                tallies["problem"][kind] += 1
                tallies["labelled"][lab] += 1
                tallies["found"][fnd] += 1
                tallies["known"][known] += 1
                tallies["rule"][rule] += 1
                tallies["got"]["none" if got.source is None else
                               "anonymous" if got.source in anonymous else "another named"] += 1
                if args.list:
                    mention = got.source_mention.text if got.source_mention else "-"
                    print(f"{path.parent.name}/{path.name}: want {e.value} got {got.source} "
                          f"({got.rule}; mention {mention!r}) | {lab} | {fnd} | {known} | "
                          f"{kind}")
    print(f"{len(dev_files())} dev files, {total} labelled claims")
    for name, tally in tallies.items():
        print(f"\n{name}:")
        for key, n in tally.most_common():
            print(f"  {n:5d}  {key}")
    right = tallies["outcome"]["right"]
    ceiling = tallies["problem"][CANDIDATE]
    print(f"\nright source {right}/{total} = {right / total:.3f}; a ranker choosing the right "
          f"near candidate every time: {right + ceiling}/{total} = "
          f"{(right + ceiling) / total:.3f} (+{ceiling})")


if __name__ == "__main__":
    main()
