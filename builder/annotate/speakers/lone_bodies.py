"""One-word bodies nothing else names, as a speech verb's subject ("Torvane said that")."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from builder.annotate.speakers.descriptions import describe
from builder.annotate.speakers.speaker import Speaker, body_id, overlaps_any, slug
from builder.annotate.speakers.wording import SENTENCE_STOP
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer, key_of
from builder.knowledge.phrases import NEVER, alternation, lowered
from builder.knowledge.words import find_before, whole_word_starts

# Where a sentence (or a wire story after its dateline) opens.
_OPENS = re.compile(r"(?:^|(?=(?P<dot>[.!?]))" + SENTENCE_STOP + r"|\n\s*|\)\s+[-–—]\s+)$")
_WORD_BEFORE_DOT = re.compile(r"([\w.]+)\.[”\"’]?\s+$")


def _where(cues: Cues) -> re.Pattern[str]:
    """Where the verb said it (on lower case; may be nothing): one of cues.yaml
    where_said_prepositions, one of its where_said_determiners and up to four words."""
    return _where_of(cues.where_said_prepositions, cues.where_said_determiners)


@functools.lru_cache(maxsize=4)
def _where_of(prepositions: frozenset[str], determiners: frozenset[str]) -> re.Pattern[str]:
    """_where's pattern, made once for the lists ("in a note to clients", "on its website")."""
    return re.compile(r"(?:\s+(?:" + alternation(prepositions, True) + r")\s+(?:"
                      + alternation(determiners, True) + r")\s+[\w-]+(?:\s+[\w-]+){0,3}?)?")


def _says(cues: Cues) -> re.Pattern[str]:
    """What the verb says (on lower case): past _where, "that", a colon, a quotation or one of
    cues.yaml content_openers ("its", "the")."""
    return _says_of(_where(cues), cues.content_openers)


@functools.lru_cache(maxsize=4)
def _says_of(where: re.Pattern[str], openers: frozenset[str]) -> re.Pattern[str]:
    """_says' pattern, made once for `where` and the content openers."""
    return re.compile(where.pattern + r"(?:\s+that\s|\s*:\s|\s*,?\s*[“\"]"
                      r"|\s+(?:" + alternation(openers, True) + r")\s)")


@functools.lru_cache(maxsize=4)
def _its(prepositions: frozenset[str]) -> re.Pattern[str]:
    """"its" after the verb: a body's words of itself ("Gazprom said its exports had fallen",
    "Gasvalt said on its website that": one of cues.yaml where_said_prepositions); people
    say "his", "her", "their"."""
    return re.compile(r"\s+(?:that\s+)?its\s|\s+(?:" + alternation(prepositions, True)
                      + r")\s+its\s")


@functools.lru_cache(maxsize=4)
def _it_then(verbs: frozenset[str]) -> re.Pattern[str]:
    """"it" and one of cues.yaml body_it_verbs after the verb ("Torvane said it would"): a
    body's word of itself as "its" is, for a name that is no plural ("Teachers said it was
    cold": the weather's "it")."""
    if not verbs:
        return NEVER
    return re.compile(r"\s+(?:that\s+)?it\s+(?:" + alternation(verbs, True) + r")\s")


# '"...," Torvane said.', '..., Torvane said in a statement.': after the words, ending them
_AFTER_CLAIM = re.compile(r"[,!?][”\"’]?\s+$")
_ENDS = re.compile(r"\s*[.!?]")


@functools.lru_cache(maxsize=4)
def _clause_opener(conjunctions: frozenset[str]) -> re.Pattern[str]:
    """Search right before a word: one of cues.yaml clause_conjunctions, opening a clause
    inside a sentence ("Shares fell after Veltane said that"): a capital there is a name's."""
    return re.compile(r"(?<![\w'’-])(?:" + alternation(conjunctions) + r")\s+$")


def _opens_clause(text: str, start: int, cues: Cues) -> bool:
    """One of cues.yaml clause_conjunctions stands right before `start`."""
    return _clause_opener(cues.clause_conjunctions).search(
        text, max(0, start - 12), start) is not None


def lone_body_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                       gazetteer: Gazetteer | None, names: frozenset[str]) -> list[Speaker]:
    """A single capitalised word opening a sentence before a speech verb of cues.yaml
    lone_subject_verbs and what the verb says ("Torvane said in a statement that ...",
    "Brastow said on Thursday that ..."), that nothing else names (not registered, no
    place, first name, title, side or common word, no word of a person's name in `names`):
    a body of its own, its kind from the nouns the text describes it with."""
    out: list[Speaker] = []
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    low = lowered(text)
    back = cues.lone_subject_back  # its name ends that many tokens before one of its verbs:
    for m in find_before(cues.lone_subject, cues.lone_subject_verbs, back, text) if back \
            else cues.lone_subject.finditer(text):  # tried there, not at every capital
        start, end = m.span("name")
        name = m.group("name")
        if m.group("verb") not in cues.lone_subject_verbs or \
                not _stands_as_subject(text, low, m, cues):
            continue
        if _known_otherwise(name, start, end, spans, starts, cues, gazetteer, names):
            continue
        kind, side = _kind(text, low, m, cues)
        affiliation = side or describe(text, start, end, cues)[1]
        out.append(Speaker(start, end, slug(name), "org", name, kind, affiliation, built=True))
    out.extend(_relative_subjects(text, low, spans, starts, cues, gazetteer, names))
    return out


def _known_otherwise(name: str, start: int, end: int, spans: list[tuple[int, int]],
                     starts: list[int], cues: Cues, gazetteer: Gazetteer | None,
                     names: frozenset[str]) -> bool:
    """Whether a lone capitalised word is something other than an unknown body: a common
    word, a first name, a word of a person's name in the text, a side's plural ("Ukrainians
    said"), a role, a place, or a span another speaker already holds."""
    return bool(
        cues.not_a_name(name) or name in cues.gender_of_name or name in names
        or name.endswith("s") and cues.affiliation(name[:-1])
        or name.lower() in cues.role_kinds
        or (gazetteer is not None and gazetteer.names.get(key_of(name)) is not None)
        or overlaps_any(start, end, spans, starts))


def _relative_subjects(text: str, low: str, spans: list[tuple[int, int]], starts: list[int],
                       cues: Cues, gazetteer: Gazetteer | None,
                       names: frozenset[str]) -> list[Speaker]:
    """A lone word that nothing else names opening a sentence or a clause, set off by a
    relative clause before a speech verb: "who" makes it a person ("Hartmann, who heads the
    institute's Russia programme, said"), "which" a body ("Ferrexpo, which owns two mines in
    Poltava, said"), whether or not another mention shows it is a name."""
    out: list[Speaker] = []
    relatives = cues.person_relatives | cues.body_relatives  # (cues.relative_subject's)
    for m in find_before(cues.relative_subject, relatives, (1,), text):
        start, end = m.span("name")
        name = m.group("name")
        verb = m.group("verb")
        if not (verb in cues.lone_subject_verbs or verb in cues.plain_saying) or not (
                sentence_opens(text, start, cues)
                or _opens_clause(text, start, cues)):
            continue
        if _known_otherwise(name, start, end, spans, starts, cues, gazetteer, names):
            continue
        if m.group("rel") in cues.person_relatives:  # (the clause's side words are its
            kind = describe(text, start, end, cues)[0]  # subject's: "heads the programme")
            out.append(Speaker(start, end, slug(name), "person", name, kind, "unknown",
                               built=True))
        else:
            out.append(Speaker(start, end, body_id(name, cues), "org", name, KIND_DEFAULT,
                               "unknown", built=True))
    return out


def _stands_as_subject(text: str, low: str, m: re.Match[str], cues: Cues) -> bool:
    """The word speaks where it stands: after the words it ends ('"...," Kessmark said.',
    with said/says/told), or opening a clause inside a sentence ("after Veltane said that")
    or a sentence, before what the verb says; at a sentence's start, where any word takes a
    capital, only when another mention shows it is a name."""
    start = m.start("name")
    if m.group("verb") in cues.plain_saying and \
            _AFTER_CLAIM.search(text, max(0, start - 4), start) is not None and \
            _ENDS.match(text, _past_time_and_place(low, m.end(), cues)) is not None:
        return True
    inside = _opens_clause(text, start, cues)
    if not inside and not sentence_opens(text, start, cues):
        return False
    timed = _past_time(low, m.end(), cues)  # (" on Thursday": past a time phrase)
    if cues.manner_phrase.match(low, m.end()) is None and _says(cues).match(low, timed) is None:
        return False
    its = _its(cues.where_said_prepositions)
    it_then = _it_then(cues.body_it_verbs) if not m.group("name").endswith("s") else NEVER
    return inside or its.match(low, m.end()) is not None or \
        its.match(low, timed) is not None or it_then.match(low, timed) is not None or \
        _ACRONYM.fullmatch(m.group("name")) is not None or _named_elsewhere(text, m, cues)


# An acronym of three to eight capitals ("ERSA has said"): a name wherever it stands, as no
# common word opening a sentence is printed in capitals
_ACRONYM = re.compile(r"[A-Z]{3,8}")


def _past_time(low: str, pos: int, cues: Cues) -> int:
    m = cues.time_after_verb.match(low, pos)
    return m.end() if m else pos


def _past_time_and_place(low: str, pos: int, cues: Cues) -> int:
    at = _past_time(low, pos, cues)
    m = _where(cues).match(low, at)
    return m.end() if m else at


KIND_DEFAULT = "organisation"
_LATER = 600  # characters after the mention where "the company" may describe it


def _kind(text: str, low: str, m: re.Match[str], cues: Cues) -> tuple[str, str]:
    """The kind of cues.yaml lone_body_kinds a noun describing the word gives it, and the
    side a word beside that noun names: in an apposition after a mention ("Pellor, the
    Polish refiner,"), right before one ("the Japanese trading houses Torvane"), or "the
    <noun>" after this mention ("The company said": no side)."""
    for start, end in _mentions(text, m.group("name")):
        apposition = _APPOSITION.match(text, end)
        if apposition is not None:
            noun = cues.lone_body_nouns.search(low, *apposition.span(1))
            if noun is not None:
                return kind_of_noun(noun.group(), cues), side_in(apposition.group(1), cues)
        before = _NOUN_BEFORE.search(low, max(0, start - 40), start)
        noun = cues.lone_body_nouns.fullmatch(low, *before.span(1)) if before else None
        if noun is not None:
            phrase = _PHRASE_BEFORE.search(text, max(0, start - 60), start)
            side = side_in(phrase.group() if phrase else "", cues)
            return kind_of_noun(noun.group(), cues), side
    for the in _THE_NOUN.finditer(low, m.end(), min(len(low), m.end() + _LATER)):
        pair = cues.lone_body_nouns.fullmatch(low, the.start(1), the.end(2)) \
            if the.group(2) else None  # "the trading house" before "the company"
        noun = pair or cues.lone_body_nouns.fullmatch(low, *the.span(1))
        if noun is not None:
            return kind_of_noun(noun.group(), cues), ""
    return KIND_DEFAULT, ""


def side_in(phrase: str, cues: Cues) -> str:
    """The side the first word of a side ("Japanese", "Poland's") in a phrase names."""
    return next((side for w in re.findall(r"[\w'’.-]+", phrase)
                 if (side := cues.affiliation(w))), "")


# The words of a description before a mention, back to the clause's start: "the Japanese
# trading houses " before "Torvane".
_PHRASE_BEFORE = re.compile(r"[^,.;:!?“”\"()\n]*$")


def kind_of_noun(noun: str, cues: Cues) -> str:
    """The kind of a noun of lone_body_kinds or of its plural."""
    kinds = cues.lone_body_kinds
    return kinds.get(noun) or kinds.get(noun[:-1]) or kinds.get(noun[:-3] + "y") or \
        KIND_DEFAULT


_NOUN_BEFORE = re.compile(r"(?<![\w'’-])((?:[a-z-]+\s+)?[a-z-]+)\s+$")
_THE_NOUN = re.compile(r"(?<![\w'’-])the\s+([a-z-]+)(?![\w'’-])(?:\s+([a-z-]+)(?![\w'’-]))?")


def _mentions(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Where the word stands as a word of its own (no word character, apostrophe or hyphen
    just before it, no word character or hyphen just after), as (start, end)."""
    for at in whole_word_starts(text, name, joined_after="_-"):
        yield at, at + len(name)


def _named_elsewhere(text: str, m: re.Match[str], cues: Cues) -> bool:
    """The word is a name by its other mentions: capitalised after a lower-case word ("the
    trading houses Torvane and Halvard", "an analyst at Quillon"), with a possessive
    ("Brastow's sales"), or set off by an apposition with a body's noun ("Pellor, the
    Polish refiner,"); a common word opening a sentence ("Nobody said that") has none."""
    for start, end in _mentions(text, m.group("name")):
        if start == m.start():
            continue
        if _MID_SENTENCE.search(text, max(0, start - 30), start) or \
                _POSSESSIVE_END.match(text, end):
            return True
        apposition = _APPOSITION.match(text, end)
        if apposition is not None and (cues.org_nouns.search(apposition.group(1)) or
                                       cues.lone_body_nouns.search(apposition.group(1))):
            return True
    return False


_MID_SENTENCE = re.compile(r"(?<![\w'’-])[a-z][\w'’-]*,?\s+$")
# "'s" or a plural's "s'" ending the word ("Brastow's sales", "Veltane shareholders'")
_POSSESSIVE_END = re.compile(r"['’]s(?![\w'’-])|(?<=s)['’](?![\w'’-])")
_APPOSITION = re.compile(r",\s+((?:the|a|an|[A-Z][\w-]+['’]s)\s+[^,.;:“”\"()]{3,90}?),")


def sentence_opens(text: str, start: int, cues: Cues) -> bool:
    """A sentence opens at `start`: the text's or a paragraph's start, a wire dateline's
    dash, or a full stop that ends no abbreviation ("the right hon. Gentleman")."""
    m = _OPENS.search(text, max(0, start - 6), start)
    if m is None:
        return False
    if m.group("dot") != ".":
        return True
    word = _WORD_BEFORE_DOT.search(text, max(0, start - 16), start)
    return word is None or not cues.is_abbreviation(word.group(1))
