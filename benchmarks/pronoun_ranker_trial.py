"""Trial of a learned ranker at the pronoun decision, against the hand rules, on dev sets only.

For each labelled claim whose found claim's source came from a pronoun ("he said", "it
added"), the candidates are the sources found in the article named (not by a pronoun) before
the pronoun in its paragraph or the two before. A perceptron (averaged, fixed order, fixed
epochs: deterministic) scores each candidate from distance, position and kind features; it is
trained on every other dev file and checked on the rest, then the halves swap. Printed: how
often the rules and the ranker choose the labelled source. Run `python -m
benchmarks.pronoun_ranker_trial`. Blind files are never opened (see source_ceiling.dev_files).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from benchmarks.source_ceiling import dev_files, paragraph_index
from builder.annotate import annotate
from builder.annotate.speakers import gender_of
from builder.model import Annotations, Claim, Source, Span
from tests.casefile import Expected, load_cases
from tests.claimcheck import CLAIM_KINDS, expected_source, span_matches
from tests.heldout_score import canonical, knowledge

EPOCHS = 10
_BREAK = re.compile(r"[.!?][\"”’]?\s|\n")
_QUOTE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_PERSON_KINDS = ("person", "witness", "analyst")
_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


@dataclass(frozen=True)
class Decision:
    """One pronoun's choice: the candidates' features, the labelled and the rules' pick."""

    where: str
    candidates: tuple[tuple[str, frozenset[str]], ...]
    want: str
    rules: str | None


def source_type(src: Source) -> str:
    entry = knowledge().sources.get(src.id)
    if entry is not None:
        return entry.type
    if src.kind == "anonymous":
        return "group"
    return "person" if src.kind in _PERSON_KINDS else "unknown"


def bucket(n: int) -> str:
    return str(min(6, int(math.log2(n + 1))))


def features(text: str, pronoun: Span, src: Source, mention: Span, rank: int,
             last_claim: Claim | None, claimed: set[str], count: int) -> frozenset[str]:
    """What the ranker reads of one candidate for one pronoun."""
    word = pronoun.text.lower()
    wanted = knowledge().cues.pronoun_types.get(word, "person")
    kind = source_type(src)
    between = text[mention.end:pronoun.start]
    sentences = len(_BREAK.findall(_QUOTE.sub("", between)))
    paragraphs = paragraph_index(text, pronoun.start) - paragraph_index(text, mention.start)
    opener = text[max(0, mention.start - 3):mention.start]
    after = text[mention.end:mention.end + 40].lower().split()
    cues = knowledge().cues
    out = {"bias", f"chars:{bucket(len(between) // 20)}", f"sentences:{min(sentences, 4)}",
           f"paragraphs:{paragraphs}", f"rank:{min(rank, 4)}", f"type:{wanted}-{kind}",
           f"count:{min(count, 4)}"}
    if wanted == "person" and kind == "person":
        gender = gender_of(text, mention.start, mention.end, src.name, cues)
        want_gender = _GENDER.get(word, "")
        if gender and want_gender:
            out.add("gender:" + ("same" if gender == want_gender else "other"))
    if not opener.strip() or _BREAK.search(opener + " "):
        out.add("opens-sentence")
    if after and after[0].strip(",") in cues.plain_saying:
        out.add("cue-verb-after")
    if re.search(r"according to\s+(?:the\s+)?$", text[max(0, mention.start - 20):mention.start],
                 re.IGNORECASE):
        out.add("according-to")
    if any(a <= mention.start and mention.end <= b for a, b in
           ((m.start(), m.end()) for m in _QUOTE.finditer(text, max(0, mention.start - 400),
                                                          min(len(text), mention.end + 400)))):
        out.add("inside-quote")
    if last_claim is not None and last_claim.source == src.id:
        out.add("last-speaker")
        out.add(f"last-speaker-type:{wanted}-{kind}")
    if src.id in claimed:
        out.add("spoke-in-window")
    return frozenset(out)


def decisions_of(where: str, text: str, labels: list[Expected],
                 ann: Annotations) -> list[Decision]:
    pronouns = knowledge().cues.pronoun_types
    out = []
    for e in labels:
        if e.kind not in CLAIM_KINDS or not expected_source(e):
            continue
        holders = [c for c in ann.claims if span_matches(text, c, e)
                   and e.kind in ("claim", c.kind)]
        if not holders or "pronoun" not in holders[0].rule or \
                holders[0].source_mention is None:
            continue
        got = holders[0]
        pronoun = got.source_mention
        assert pronoun is not None
        para = paragraph_index(text, pronoun.start)
        near: list[tuple[Span, Source]] = []
        for src in ann.sources:
            named = [m for m in src.mentions if m.end <= pronoun.start
                     and m.text.lower() not in pronouns
                     and para - paragraph_index(text, m.start) <= 2]
            if named:
                near.append((max(named, key=lambda m: m.start), src))
        near.sort(key=lambda pair: -pair[0].start)
        earlier = [c for c in ann.claims if c.span.end <= pronoun.start]
        last = max(earlier, key=lambda c: c.span.end) if earlier else None
        lo = text.rfind("\n\n", 0, pronoun.start)
        claimed = {c.source for c in earlier if c.span.start >= lo and c.source}
        candidates = tuple(
            (src.id, features(text, pronoun, src, mention, rank, last, claimed,
                              sum(1 for m in src.mentions if m.end <= pronoun.start)))
            for rank, (mention, src) in enumerate(near))
        out.append(Decision(where, candidates, expected_source(e) or "", got.source))
    return out


def train(data: list[Decision]) -> dict[str, float]:
    """An averaged perceptron over the candidates of each decision (fixed order)."""
    weights: dict[str, float] = {}
    total: dict[str, float] = {}
    step = 0
    for _ in range(EPOCHS):
        for d in data:
            step += 1
            if d.want not in {c for c, _ in d.candidates}:
                continue
            best = choose(weights, d)
            if best != d.want:
                good = next(f for c, f in d.candidates if c == d.want)
                bad = next(f for c, f in d.candidates if c == best)
                for f in good - bad:
                    weights[f] = weights.get(f, 0.0) + 1
                    total[f] = total.get(f, 0.0) + step
                for f in bad - good:
                    weights[f] = weights.get(f, 0.0) - 1
                    total[f] = total.get(f, 0.0) - step
    return {f: w - total.get(f, 0.0) / (step + 1) for f, w in sorted(weights.items())}


def choose(weights: dict[str, float], d: Decision) -> str | None:
    best, top = None, -math.inf
    for cid, feats in d.candidates:
        score = sum(weights.get(f, 0.0) for f in feats)
        if score > top:
            best, top = cid, score
    return best


def report(name: str, data: list[Decision], weights: dict[str, float]) -> None:
    rules = sum(d.rules == d.want for d in data)
    ranker = sum(choose(weights, d) == d.want for d in data)
    reachable = sum(d.want in {c for c, _ in d.candidates} for d in data)
    both = sum(d.rules == d.want and choose(weights, d) == d.want for d in data)
    print(f"{name}: {len(data)} pronoun decisions, right source among candidates {reachable}; "
          f"rules right {rules}, ranker right {ranker}, both {both}, "
          f"ranker only {ranker - both}, rules only {rules - both}")


def with_rules(data: list[Decision]) -> list[Decision]:
    """The same decisions, each candidate also told whether the hand rules chose it."""
    return [Decision(d.where, tuple((c, f | {"rules-pick"} if c == d.rules else f)
                                    for c, f in d.candidates), d.want, d.rules) for d in data]


def main() -> None:
    files = dev_files()
    halves: tuple[list[Decision], list[Decision]] = ([], [])
    for i, path in enumerate(files):
        for case in load_cases(path):
            ann = annotate(case.document(), knowledge())
            labels = canonical(case, path.parent)
            halves[i % 2].extend(decisions_of(path.name, case.text, labels, ann))
    a, b = halves
    report("trained on half A, checked on half B", b, train(a))
    report("trained on half B, checked on half A", a, train(b))
    weights = train(a + b)
    report("trained on all, checked on all (fit)", a + b, weights)
    a, b = with_rules(a), with_rules(b)  # the rules' pick as one more feature
    report("with the rules' pick: trained on A, checked on B", b, train(a))
    report("with the rules' pick: trained on B, checked on A", a, train(b))
    for f, w in sorted(weights.items(), key=lambda fw: -abs(fw[1]))[:25]:
        print(f"  {w:+8.2f}  {f}")


if __name__ == "__main__":
    main()
