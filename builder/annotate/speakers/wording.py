"""Regex pieces and checks for the words between a name and its verb: gaps and asides."""

from __future__ import annotations

import re

from builder.knowledge.cues import Cues

# Put after a first letter (the engine then jumps from capital to capital, instead of trying
# every place): no word goes on before it.
ALONE = r"(?<![\w'’-][\s\S])"
CLAUSE_STOP = re.compile(r"(?<![A-Z])\.\s|[;:!?()“”\"‘\[\]—–\n]|,")
_PARENTHETICAL = re.compile(r"\s*(?:,|–|—|-|\()\s*$")
_CLOSERS = "”\"’"  # closing quotation marks a sentence's stop may stand inside


def _stop(closers: str) -> str:
    return "[.!?][" + closers + "]?\\s+"


# A sentence's end, the one definition the annotator's passes share: a full stop, question or
# exclamation mark, maybe a closing quotation mark, then space (SENTENCE_STOP); or a line break.
SENTENCE_STOP = _stop(_CLOSERS)
SENTENCE_BREAK = re.compile(SENTENCE_STOP + r"|\n")
SENTENCE_START = re.compile(r"(?:" + SENTENCE_BREAK.pattern + r")\s*$")  # just after one
# sentence_begin's: a closing bracket may stand after the stop too ("(... in May.) Then").
_SENTENCE_END = re.compile(_stop(_CLOSERS + ")") + r"|\n")


def sentence_begin(text: str, pos: int, reach: int | None = None,
                   breaks: re.Pattern[str] = _SENTENCE_END) -> int:
    """Where the sentence (or the clause, by `breaks`) holding `pos` starts: after the last
    break before it, looked for in the `reach` characters before it when given; else `reach`
    characters back (0 with no reach)."""
    lo = 0 if reach is None else max(0, pos - reach)
    return max((m.end() for m in breaks.finditer(text, lo, pos)), default=lo)


def gap_ok(cues: Cues, gap: str) -> bool:
    """The words between a speaker and its verb allow them to belong together."""
    return bool(cues.subject_gap.fullmatch(gap))


# A job's lower-case words by a name: up to two modifiers, then its noun (group "job"), which
# is_job tells: "soil scientist", "military analyst" (speech verbs' inverted speakers).
JOB_WORDS = r"(?:[a-z][\w-]*\s+){0,2}(?P<job>[a-z]+)"


def is_job(noun: str, cues: Cues) -> bool:
    """A singular noun of cues.yaml anonymous heads (one with a plural of its own):
    "scientist", "analyst"."""
    return cues.anonymous_plural.get(noun, noun) != noun


def skip_parenthetical(text: str, start: int, pos: int) -> int:
    """Before `pos`, skip one ", apposition," / "– aside –" / "(aside)" back to its opener."""
    before = text[start:pos]
    closing = _PARENTHETICAL.search(before)
    if not closing:
        return pos
    mark = closing.group().strip()
    opener = {")": "(", ",": ",", "–": "–", "—": "—", "-": "-"}.get(mark, mark)
    if mark == "(":
        return pos
    inner_end = start + closing.start()
    found = text.rfind(opener if mark != ")" else "(", start, inner_end)
    if found < 0 or inner_end - found > 160:
        return pos
    return found


# A body's abbreviation in brackets: a capital, then one to seven letters ("(NGI)", "(ÖBB)");
# the Latin-1 letters' ranges leave out the signs among them, "×" and "÷".
BRACKETED_ABBREVIATION = r"\([A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ]{1,7}\)"
# The apposition's words up to its closing comma, dash or bracket; a body's abbreviation in
# brackets may stand inside it (", a researcher at the Nordic Grid Institute (NGI),").
_APPOSITION_BODY = (r"\s*((?:[^,.;:“”\"()–—]|\s" + BRACKETED_ABBREVIATION + r"(?=,)){1,120}?)"
                    r"\s*(?:,|–|—|\))")


def skip_apposition(after: str) -> int:
    """Length of ", a spokesman for X," right after a name (0 when there is none); a US
    party tag (", R-Mo.," / " (R-Calif.)") before it is skipped too."""
    after = _INITIALS.sub(lambda m: m.group().replace(".", "_"), after)  # "the U.S. envoy"
    party = _PARTY.match(after)
    skip = party.end() if party else 0
    opener = r"\s*(?:,|–|—|\()?" if skip and after[skip - 1] == "," else r"\s*(?:,|–|—|\()"
    m = re.match(opener + _APPOSITION_BODY, after[skip:])
    if m is None or (skip and _predicate_starts(after[skip:])):
        return skip
    return skip + m.end()


def _predicate_starts(rest: str) -> bool:
    """After a party tag, a lower-case verb-like word opens the predicate, not an apposition."""
    word = re.match(r"\s*([a-z]+)", rest)
    return word is not None and word.group(1) not in ("a", "an", "the", "who", "chair", "head")


_INITIALS = re.compile(
    r"(?<![\w.])(?:[A-Z]\.){2,}(?=[\s,])"  # "U.S.", "U.N.": no sentence end
    # a single capital is an initial inside a name that runs on: after "the" or a name's
    # capitalised first word, before two capitalised words ("the S. Rajaratnam School", "John
    # F. Kennedy School"); not a lone letter ending a sentence ("Plan B. Workers at ...")
    r"|(?:\bthe|(?<![\w.])[A-Z][a-z]+)\s[A-Z]\.(?=\s[A-Z][\w'’-]+\s[A-Z])")
_PARTY = re.compile(r",?\s*\(?[RDI]-[A-Z][A-Za-z.]{1,7}\)?,?(?=\s)")
