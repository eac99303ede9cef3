"""Whether a name stands where a speaker stands: by a speech verb, or speaking later."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers.wording import (
    SENTENCE_BREAK,
    SENTENCE_START,
    JOB_WORDS,
    gap_ok,
    is_job,
    skip_apposition,
)
from builder.knowledge.cues import Cues
from builder.knowledge.phrases import alternation, normalise


def in_speaker_position(text: str, low: str, start: int, end: int, cues: Cues) -> bool:
    """The name at [start, end) speaks: a speech verb follows it (past an apposition), one
    comes right before it, it is set off as an apposition, or it speaks later in the text."""
    if text.startswith(" (", end) and (paren := _PAREN_AFTER.match(text, end)):
        end = paren.end()  # 'Rodnaya Zemlya ("Native Land"), a mothers' movement, said'
    after = text[end:end + 200]
    pos = end
    skipped = skip_apposition(after)
    pos += skipped
    verb = cues.verbs.search(low, pos, pos + 60)
    if verb and gap_ok(cues, text[pos:verb.start()]):
        return True
    if not skipped and text[start:end].split()[0] in cues.gender_of_name and \
            (of := _OF_BODY_GAP.match(text, pos)) and (cues.verbs.match(low, of.end()) or (
                _SET_OFF_BEFORE.search(text, max(0, start - 4), start)
                and (comma := _COMMA_AFTER.match(text, of.end()))
                and cues.verbs.match(low, comma.end()))):
        return True  # "Olena Pavlenko of the Kyiv School of Economics said": the person
        # (also set off: "A lawyer for the families, Maxim X of the Y project, said")
    if _AS_SAYING_AFTER.match(low, pos) or _QUOTED_AFTER.match(low, pos):
        return True  # "Suspilne quoted police chief Serhiy Bondarenko as saying that", "...,
        # Climate Minister Anna Moskwa was quoted by PAP as saying."
    if skipped and (start == 0 or SENTENCE_START.search(text, max(0, start - 4), start)) \
            and cues.roles.search(after, 0, skipped):
        return True  # "Serhiy Kuzan, chairman of ..., has spent months at the front.": a "he"
    if skipped and after[skipped - 1] == ",":  # "X, 38, who lives by the river, told"
        for _ in range(2):
            more = _MORE_APPOSITION.match(text, pos, pos + 160)
            if more is None:
                break
            pos = more.end()
            if cues.verbs.match(low, pos):
                return True
    before = text[max(0, start - 40):start]
    if _appositive_name(text, low, start, end, before, cues):
        return True
    if cues.according_before.search(before):
        return True
    voiced = cues.voice_for_before.search(before)
    if voiced and cues.frames(voiced.group(1)) and _voice_words(voiced.group(2), cues):
        return True  # "..., reports the press service of the Ministry of Internal Affairs."
    untitled = _without_titles(before.rstrip(), cues)  # "said Lt. Col. Anatoliy Shtefan"
    prev_verb = _WORD_AT_END.search(untitled)
    if prev_verb and prev_verb.group(1).lower() in cues.role_kinds:
        lead = _INVERTED_LEAD.search(text, max(0, start - 80), start)
        if lead and cues.frames(lead.group(1)):
            return True  # ", said Chinese Foreign Ministry spokesperson Mao Ning"
    if prev_verb and cues.frames(prev_verb.group(1)) and untitled.rstrip()[-1:] != ".":
        return True
    job = _JOB_LEAD.search(text, max(0, start - 60), start)
    if job and cues.frames(job.group("verb")) and is_job(job.group("job"), cues):
        return True  # '"...," said soil scientist Olena X': a job's noun before the name
    described = _described_by(cues.not_describing).search(text, max(0, start - 30), start)
    nxt = _NEXT_HE.match(text, end) if described and " " in text[start:end] else None
    if nxt and cues.verbs.match(low, nxt.end()):
        return True  # "... was the writer X. He told"
    if _TITLED_OPENING.search(text[max(0, start - 60):start]):
        verb_at = _past_gap(text, end, cues)  # "X on Tuesday closed ...": a time between
        if (more := _COORDINATED_AFTER.match(text, verb_at)) and \
                cues.verbs.match(low, more.end()):
            return True  # "Opposition Leader X welcomed the plan but said ...": X's own verb
        if (more := _PARTICIPLE_AFTER.match(text, verb_at)) and \
                cues.verbs.match(low, more.end()):
            return True  # "Speaker X resigned on Tuesday, telling MPs that ...": X's participle
    return " " in text[start:end] and (_speaks_later(text, low, start, end, cues)
                                       or _title_speaks_later(text, low, start, end, cues))


def _voice_words(words: str, cues: Cues) -> bool:
    """The words end in a body's unnamed voice ("press service", "spokesman")."""
    parts = normalise(words).split()
    return any(" ".join(parts[i:]) in cues.spokes_for_body for i in range(len(parts)))


_OF_BODY_GAP = re.compile(  # " of the Kyiv School of Economics ", " from the Razumkov Centre "
    r"\s+(?:of|from|at)\s+(?:the\s+)?[A-Z][\w'’.&-]*\s+"
    r"(?:(?:[A-Z][\w'’.&-]*|of|for|and|the|on)\s+){0,7}(?:(?:group|think[- ]tank|project)\s+)?")
_SET_OFF_BEFORE = re.compile(r",\s+$")
_COMMA_AFTER = re.compile(r"(?:[A-Za-z][\w'’.&-]*)?,\s+")  # "(the Y) project, " before the verb
_WORD_AT_END = re.compile(r"\b(\w+)\s*$")


_TITLED_OPENING = re.compile(r"(?:^|[.!?][”\"’]?\s+|\n)(?:[A-Z][\w'’.-]*\s+){0,4}$")
_COORDINATED_AFTER = re.compile(  # a verb phrase of the name's, then "and"/"but" and a verb
    r"\s+[a-z]+ed\b[^.;:!?“”\"\n]{0,100}?(?:,\s*|\s)(?:and|but)\s+(?:also\s+|later\s+|then\s+)?")
_PARTICIPLE_AFTER = re.compile(  # a verb phrase of the name's, then a comma (a participle next)
    r"\s+[a-z]+ed\b[^.,;:!?“”\"\n]{0,100},\s+")
_GAP_THEN_VERB = re.compile(r"[^.,;:!?“”\"\n]{1,40}?(?=\s+[a-z]+ed\b)")


def _past_gap(text: str, end: int, cues: Cues) -> int:
    """Past the words a speaker's verb may follow it by (cues.yaml subject_gap: "on Tuesday",
    "also"), before a verb in -ed; `end` when none stands there."""
    gap = _GAP_THEN_VERB.match(text, end)
    return gap.end() if gap is not None and gap_ok(cues, text[end:gap.end() + 1]) else end


_OPENS_SENTENCE = re.compile(r"(?:^|" + SENTENCE_BREAK.pattern + r")$")
_QUOTE_THEN_HE = re.compile(  # the next sentence is a quotation its "he"/"she" speaks
    r"[^.!?\n“”\"]{0,160}[.!?]\s+[“\"][^“”\"\n]{1,600}[,?!]?[”\"]\s*,?\s+(?:he|she)\s+")
_CLAUSE_THEN_HE = re.compile(  # the next sentence is a claim its trailing "he"/"she" makes
    r"[^.!?\n“”\"]{0,160}[.!?]\s+[A-Z][^.!?\n]{10,400}?,\s+(?:he|she)\s+")
_SAID_BEFORE = re.compile(r"\b([a-z]+)\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?$")


def _speaks_later(text: str, low: str, start: int, end: int, cues: Cues) -> bool:
    """A full name brought in by narration ("Oksana Hrytsenko, 61, fled Bakhmut in March.")
    speaks later: by last name ("Hrytsenko said", "said Hrytsenko"), or as the "he"/"she"
    opening the next sentence, when the name opens its own."""
    if _OPENS_SENTENCE.search(text, max(0, start - 3), start) or \
            cues.near_sentence_start.search(text, max(0, start - 30), start) or \
            _titled_opening(text, start, cues):
        nxt = _NEXT_HE.match(text, end)
        if nxt and cues.verbs.match(low, nxt.end()):
            return True  # "Viktor Ivanchenko runs a bakery. He said ..."
        quoted = _QUOTE_THEN_HE.match(text, end) or _CLAUSE_THEN_HE.match(text, end)
        if quoted and cues.verbs.match(low, quoted.end()):
            return True  # "... runs a bakery. “They took everything,” he said." (or "X asked
            # whether ... . The army was overstretched, he said.")
    words = text[start:end].split()
    if any(len(w) < 3 or w.endswith(".") or w in cues.not_names or w in cues.org_words
           or w.lower() in cues.role_kinds for w in words):
        return False  # "U.K. Ministry", "Defense Ministry": no person's name
    return any(_named_speaking(text, low, end, word, cues) for word in {words[-1], words[0]})


_TITLE_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)\s+$")


def _title_speaks_later(text: str, low: str, start: int, end: int, cues: Cues) -> bool:
    """A name printed after a title of cues.yaml roles ("Cardinal X", "Judge X") speaks
    later as "the <title>" ("the Cardinal said", "said the judge")."""
    title = _TITLE_WORD_BEFORE.search(text, max(0, start - 30), start)
    if title is None or title.group(1).lower() not in cues.role_kinds:
        return False
    return the_word_speaks(text, low, end, title.group(1).lower(), cues)


@functools.lru_cache(maxsize=4)
def _described_by(not_describing: frozenset[str]) -> re.Pattern[str]:
    """Search before a name: a lower-case noun, none of cues.yaml not_describing ("the
    Colombian writer X")."""
    return re.compile(r"\b(?!(?:" + alternation(not_describing, True) + r")\s)[a-z]{4,}\s+$")


def the_word_speaks(text: str, low: str, end: int, word: str, cues: Cues) -> bool:
    """"the <word>" after `end` stands before a speech verb or after one."""
    return any(_speech_beside(text, low, m.start(), m.end(), cues)  # "the Cardinal said",
               for m in _the_word(word).finditer(low, end))  # "said the judge"


@functools.lru_cache(maxsize=256)
def _the_word(word: str) -> re.Pattern[str]:
    """"the <word>" in lower case, as whole words."""
    return re.compile(r"(?<![\w'’-])the\s+" + re.escape(word) + r"(?![\w'’-])")


def _speech_beside(text: str, low: str, start: int, stop: int, cues: Cues) -> bool:
    """A speech verb follows the words at [start, stop) within 40 characters, past words
    that may stand between a speaker and its verb, or one stands right before them."""
    if (verb := cues.verbs.search(low, stop, stop + 40)) and \
            gap_ok(cues, text[stop:verb.start()]):
        return True
    said = _SAID_BEFORE.search(text, max(0, start - 20), start)
    return bool(said and cues.frames(said.group(1)))


def _titled_opening(text: str, start: int, cues: Cues) -> bool:
    """Only titles stand between a sentence's start and the name ("Senior Lieutenant X")."""
    lo = max(0, start - 40)
    before = text[lo:start]
    untitled = _without_titles(before.rstrip(), cues)
    if untitled == before.rstrip():
        return False
    return (not untitled.strip() and lo == 0) or bool(_OPENS_SENTENCE.search(untitled + " "))


def _named_speaking(text: str, low: str, end: int, word: str, cues: Cues) -> bool:
    """`word` (a last or first name) stands next to a speech verb after `end`, or past an
    aside set off after it ("Rilke, speaking at a briefing in Oslo, said")."""
    if len(word) < 3 or not word[:1].isupper() or word.endswith("."):
        return False
    at = end
    while (at := text.find(word, at + 1)) >= 0:
        stop = at + len(word)
        if text[at - 1:at].isalnum() or text[stop:stop + 1].isalnum():
            continue
        if _speech_beside(text, low, at, stop, cues):
            return True  # "Hrytsenko said", "said Hrytsenko"
        aside = skip_apposition(text[stop:stop + 200])
        if aside and _speech_beside(text, low, at, stop + aside, cues):
            return True  # "Lind, speaking in Oslo, said": past an aside set off by commas
    return False


_NEXT_HE = re.compile(  # the rest of the sentence, then a "he"/"she" opening the next one
    # (or set off after its first words: "His team, he said, had cleared ...")
    r"[^.!?\n“”\"]{0,160}[.!?]\s+(?:He|She|(?:His|Her)\s+[a-z]+(?:\s+[a-z]+)?,\s+(?:he|she))"
    r"\s+(?:also\s+|later\s+)?")
_QUOTED_AFTER = re.compile(r"\s+(?:was|were|is|are|has\s+been|had\s+been)\s+(?:also\s+)?"
                           r"(?:quoted|cited)\s+(?:by|as)\b")
_AS_SAYING_AFTER = re.compile(r"\s+as\s+(?:saying|telling|writing|stating)\b")
_PAREN_AFTER = re.compile(r" \([^()\n]{1,60}\)")  # a translation or abbreviation after a name
# a speech verb, then lower-case words ending in a singular noun of a job ("soil scientist")
_JOB_LEAD = re.compile(r"(?<![\w'’-])(?P<verb>[a-z]+)\s+" + JOB_WORDS + r"\s+$")
_INVERTED_LEAD = re.compile(  # a speech verb, then only a body's name and a title, then a name
    r"\b([a-z]+)\s+(?:[A-Z][\w'’.-]*\s+){1,6}[a-z]+\s+$")
_LAST_TOKEN = re.compile(r"(\S+)\s*$")


def _without_titles(before: str, cues: Cues) -> str:
    """`before` without the titles ending it ("said Lieutenant General", "said Maj.")."""
    titled = False
    while (m := _LAST_TOKEN.search(before)) and (cues.is_title(m.group(1)) or titled and (
            m.group(1).lower() in cues.ranks)):  # "Senior Lieutenant": its rank word too
        before, titled = before[:m.start()], True
    return before


_ROLE_BEFORE_COMMA = re.compile(r"([\w'’-]+)\s*,\s*$")


def _appositive_name(text: str, low: str, start: int, end: int, before: str, cues: Cues) -> bool:
    """"Amnesty's secretary general, Agnès Callamard, said"; "said the military's
    spokesman, Andriy Kovalov": a name set off by commas after a role or before a verb."""
    before = _without_titles(before, cues)  # "Her colleague, Dr. Ivan Moroz, said"
    before = _AGE_BEFORE.sub("", before)  # "One resident, 67-year-old Halyna X, said"
    if not before.endswith(", ") or not re.match(r"\s*,", text[end:end + 3]):
        return False
    comma = text.index(",", end)
    verb = cues.verbs.match(low, comma + 1 + len(text[comma + 1:]) - len(text[comma + 1:].lstrip()))
    if verb:
        return True
    return any(role is not None and role.group(1).lower() in cues.role_kinds
               for role in (_ROLE_BEFORE_COMMA.search(before),
                            _ROLE_OF_BEFORE_COMMA.search(text, max(0, start - 90), start)))


_ROLE_OF_BEFORE_COMMA = re.compile(  # "Ukraine's ambassador to Canada, Yulia Kovaliv,"
    r"([\w'’-]+)\s+(?:to|for|of|in|at)\s+(?:[\w'’.-]+\s+){0,5}[\w'’.-]+,\s*$")


_AGE_BEFORE = re.compile(r"(?<=, )(?:an?\s+)?\d{1,3}-year-old\s+$")
_MORE_APPOSITION = re.compile(r"\s*[^,.;:“”\"()–—\n]{1,140}?,\s*")  # one more ", ... ," block
