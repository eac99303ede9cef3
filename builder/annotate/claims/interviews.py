"""Interviews printed as questions and answers with no labels and no quotation marks."""

from __future__ import annotations

import functools
import re

from builder.annotate.claims.scan import Found, Scan, add_found
from builder.annotate.speakers import turn_labels
from builder.knowledge.phrases import alternation
from builder.knowledge.words import find as find_phrases

OPENERS = ("\"", "“", "«", "‘")
_CLOSING = " \t\n”\"’)"  # what may follow a question's mark
_MIN_QUESTIONS = 2
_YOU = re.compile(r"(?<![\w'’-])(?:you|your)(?![\w'’-])", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"(?<![\w'’-])(?:we|I)\s+(?:\w+\s+)?$", re.IGNORECASE)


def is_question(paragraph: str) -> bool:
    """Whether a paragraph ends in a question mark (closing quotation marks aside)."""
    return paragraph.rstrip(_CLOSING).endswith("?")


def unlabelled_answers(scan: Scan, paragraphs: list[tuple[int, int]],
                       taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"<Outlet> talked to X about ..." (cues.yaml interview_intros), then questions (a
    paragraph ending in "?") each followed by paragraphs that open with no quotation mark:
    those are X's answers, each paragraph one quote of X's with no mention. Two such
    questions or more, or it is an explainer's question subheadings."""
    text = scan.text
    if text.count("?") < _MIN_QUESTIONS:
        return []  # each question counted below ends in one: too few, no interview to find
    intro = _interviewee(scan, paragraphs)
    if intro is None:
        return []
    at, source = intro
    answers: list[tuple[int, int]] = []
    questions, in_answer = 0, False
    for start, end in paragraphs:
        body = text[start:end].strip()
        if end <= at or not body or any(a <= start < b for a, b in taken):
            in_answer = False
            continue
        if is_question(body):
            questions += 1 if _YOU.search(body) else 0  # a question put to the interviewee
            in_answer = True
            continue
        if in_answer and not body.startswith(OPENERS) and "\n" not in body:
            lead = start + len(text[start:end]) - len(text[start:end].lstrip())
            answers.append((lead, lead + len(body)))
    if questions < _MIN_QUESTIONS or len(answers) < _MIN_QUESTIONS:
        return []
    out = []
    for start, stop in answers:
        add_found(scan, Found(start, stop, "quote", source, None, rule="interview-answer"), [])
        out.append((start, stop))
    return out


def _interviewee(scan: Scan, paragraphs: list[tuple[int, int]]) -> tuple[int, str] | None:
    """(end of the intro's paragraph, the person interviewed) before the first question."""
    text = scan.text
    for start, end in paragraphs:
        if is_question(text[start:end]):
            return None  # a question before any intro: no interview of this form
        for m in find_phrases(scan.cues.lists["interview_intros"], scan.text, start, end):
            if not _asker_before(scan, start, m.start()):
                continue
            person = next((sp for sp in scan.speakers if sp.type == "person"
                           and 0 <= sp.start - m.end() <= 2), None)
            if person is None:
                continue
            source, _rule = scan.resolver.resolve(person, person.start)
            if source:
                return end, source
    return None


def _asker_before(scan: Scan, start: int, at: int) -> bool:
    """The one who talked to the interviewee is an outlet of the registry or "we"/"I": the
    publisher asking, not a person of the story who spoke to another."""
    if _FIRST_PERSON.search(scan.text, start, at):
        return True
    registry = scan.resolver.ctx.knowledge.sources
    for sp in scan.speakers:
        if start <= sp.start and sp.end <= at and not scan.text[sp.end:at].strip():
            entry = registry.get(sp.id)
            return entry is not None and entry.kind == "media"
    return False


def continued_answers(scan: Scan, paragraphs: list[tuple[int, int]],
                      turns: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A transcript's paragraph with no turn label right after an answer turn ("Maria
    Zakharova: ..." then "Let me remind you ..."), in the first person (cues.yaml
    first_person): the same speaker goes on, one quote with no mention, up to the next
    label, question or quotation."""
    text = scan.text
    if not turns:
        return []
    by_start = {f.start: f for f in scan.found if f.kind == "quote" and f.rule.startswith("turn")}
    out: list[tuple[int, int]] = []
    source = None
    labelled = [m.start() for m in turn_labels(text, scan.cues)]
    for index, (start, end) in enumerate(paragraphs):
        body = text[start:end].strip()
        lead = start + len(text[start:end]) - len(text[start:end].lstrip())
        turn = next((a for a, b in turns if a <= lead < b), None)
        if turn is not None:
            found = next((f for f in scan.found if lead <= f.start < end), None)
            source = found.source if found is not None and found.start in by_start else None
            continue
        if source is None or not body or body.startswith(OPENERS) or "\n" in body \
                or is_question(body) or _LABEL.match(body) \
                or not (scan.cues.first_person.search(body)  # (else the reporter's narration,
                        or _before_a_turn(paragraphs, index, labelled)  # unless a turn follows
                        and not _names_someone(scan, lead, end)):  # and it brings in nobody)
            source = None
            continue
        add_found(scan, Found(lead, lead + len(body), "quote", source, None, rule="turn-goes-on"),
                  [])
        out.append((lead, lead + len(body)))
    return out


_LABEL = re.compile(r"[A-Z][\w'’.-]*(?: [\w'’.-]+){0,3}: ")


def _names_someone(scan: Scan, start: int, end: int) -> bool:
    """A person, a body, a group or a later reference ("the spokeswoman") is named in
    [start, end): narration that brings in a speaker ("At the ministry, X was asked ...")."""
    return any(start <= sp.start < end and sp.type in ("person", "org", "group", "reference")
               for sp in scan.speakers)


def _before_a_turn(paragraphs: list[tuple[int, int]], index: int, labelled: list[int]) -> bool:
    """The paragraph after this one opens with a turn label: in a transcript where every
    speaker's turn is labelled, a paragraph between two turns goes on with the first."""
    if index + 1 >= len(paragraphs):
        return False
    start, end = paragraphs[index + 1]
    return any(start <= a < end for a in labelled)


def opening_statements(scan: Scan, paragraphs: list[tuple[int, int]],
                       turns: list[tuple[int, int]], first_label: int) -> list[tuple[int, int]]:
    """A briefing transcript that opens with topic headings ("On the situation in ...") before
    its first turn label: the paragraphs under the headings are the opening statements of the
    one speaker whose turns answer the questions, each one quote with no mention."""
    text = scan.text
    answering = {f.source for f in scan.found if f.kind == "quote" and f.rule.startswith("turn")}
    if len(turns) < _MIN_QUESTIONS or len(answering) != 1 or None in answering:
        return []
    source = answering.pop()
    statements: list[tuple[int, int]] = []
    headed = False
    for start, end in paragraphs:
        body = text[start:end].strip()
        if start >= first_label:
            break
        if not body:
            continue
        if _byline(scan.cues.byline_words).fullmatch(body):
            return []  # "By Jane Smith": a reporter's article, its paragraphs her narration
        if _heading(body):
            headed = True
            continue
        if not headed:
            return []  # narration before any heading: a report, not a briefing's opening
        if body.startswith(OPENERS) or "\n" in body or is_question(body) or _LABEL.match(body):
            continue
        lead = start + len(text[start:end]) - len(text[start:end].lstrip())
        statements.append((lead, lead + len(body)))
    for start, stop in statements:
        add_found(scan, Found(start, stop, "quote", source, None, rule="opening-statement"), [])
    return statements


def _heading(body: str) -> bool:
    """A topic heading: one short line with no closing stop."""
    return "\n" not in body and len(body.split()) <= _HEADING_WORDS and \
        not body.rstrip(_CLOSING).endswith((".", "!", "?", ":", ";", ","))


_HEADING_WORDS = 20
@functools.lru_cache(maxsize=4)
def _byline(words: frozenset[str]) -> re.Pattern[str]:
    """A byline paragraph: one of cues.yaml byline_words, then a name ("By Jane Smith"), and
    maybe ", <her post>"."""
    return re.compile(r"(?:" + alternation(words) + r") (?:[A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’-]+"
                      r"(?:,[^\n]{0,60})?")
