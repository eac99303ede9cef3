"""Claims pass: where reported content starts after its verb and where it ends."""

from __future__ import annotations

import bisect
import functools
import re

from builder.annotate.speakers import gap_ok
from builder.annotate.quotes import paragraph_start
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import key_of
from builder.knowledge.phrases import alternation
from builder.annotate.claims.scan import (
    Scan,
    Unit,
    END_PUNCT,
    QUOTE_MARKS,
    TRIM,
    WORD_AT,
    in_units,
    looks_like_verb,
    speakers_ending_before,
    speakers_from,
    speech_verb_at,
    speech_verbs,
)
from builder.annotate.claims.subjects import (
    NOT_INVERTED,
    PLACE_PREP,
    speaker_ahead,
)


_COLON_OR_COMMA = re.compile(r"\s*(?:,\s*)?(?:(?:in|on|at|during|via)\s[^:,.“”\"]{0,60})?[:,]\s*")
_THAT_NOUN_TO = re.compile(  # a noun and its infinitive right after "that", and no verb of
    # the clause's own after them ("that efforts to rebuild the bridge had stalled" is a clause)
    r"[a-z]+\s+to\s+(?!(?:the|a|an|his|her|its|their|this|that|these|those|our|be|have)\b)"
    r"[a-z]+\b(?!\s+(?:to|from)\b)(?![^.,;:“”\"]*\b(?:is|are|was|were|has|have|had|will|"
    r"would|could|can|may|might|must|should|[a-z]+ed)\b)")
THAT = re.compile(r"\s*,?\s*that\b\s*", re.IGNORECASE)
# ", in a statement, that", ", in remarks in Bergen, where he is attending ..., that": one
# aside between commas (or two) before "that"
_ASIDE_THAT = re.compile(r"\s*,\s*[^,.;:“”\"]{1,80},\s*(?:[^,.;:“”\"]{1,80},\s*)?that\b\s*"
                         # "reported, citing X, the leader in Donetsk, that": the cited
                         r"|\s*,\s*(?:citing|quoting)\s[^,.;:“”\"]{1,80},\s*[^,.;:“”\"]{1,80},"
                         r"\s*that\b\s*", re.IGNORECASE)  # name's apposition too
ING = re.compile(r"ing$", re.IGNORECASE)


ONLY_APPOSITION = re.compile(r"(?:\s*,[^“”\"]*?)?[\s.!?]*")


AS_LEAD = re.compile(r"\s*(?:[Aa]s|[Aa]ccording\s+to\s+what)(?:\s+the)?\s*", re.IGNORECASE)
_ACCORDING_AFTER = re.compile(r"\s*(?:[\w'’.-]+\s+){0,3}[\w'’.-]+,\s+according\s+to\s")


@functools.lru_cache(maxsize=4)
def _listener_words(determiners: frozenset[str]) -> re.Pattern[str]:
    """A listener of up to three words (after one of cues.yaml listener_determiners) before a
    phrase of time or place (clause_tail_words): "told farm owners on"."""
    return re.compile(r"(?:(?:" + alternation(determiners) + r")\s+)?(?:[\w'’-]+\s+){0,2}"
                      r"[\w'’-]+(?=\s+[a-z])")


@functools.lru_cache(maxsize=4)
def _content_mark(conjunctions: frozenset[str]) -> re.Pattern[str]:
    """What opens content of its own: a colon, a quotation mark or one of cues.yaml
    content_conjunctions ("that", "whether")."""
    return re.compile(r"[:“”\"]|\b(?:" + alternation(conjunctions) + r")\b")
# The verb's listener by name, then a comma: "..., X has told Radio Atlantico, a day after ..."
_NAMED_LISTENER_COMMA = re.compile(r"\s*(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,3},\s")


def ends_clause(text: str, after: int, end: int, frames, cues: Cues) -> bool:
    """The verb closes its clause ("..., she said in a statement."), so the claim is before it."""
    rest = text[after:end].strip(END_PUNCT)
    if not rest:
        return True
    if "object" in frames and len(rest.split()) <= 6:
        return True  # "..., he told CNN."
    if "object" in frames and _ACCORDING_AFTER.match(rest):
        return True  # "..., Kim told Putin, according to KCNA, the North's news agency."
    if "object" in frames and _NAMED_LISTENER_COMMA.match(rest):
        return True  # "..., the envoy has told Radio Atlantico, a day after ..."
    listener = _listener_words(cues.listener_determiners).match(rest) \
        if "object" in frames else None
    if listener is not None and not _content_mark(cues.content_conjunctions).search(rest) and \
            cues.clause_tail.match(rest, listener.end()):
        return True  # "..., X told farm owners on Monday in a speech at the fair."
    return bool(cues.clause_tail.match(text, after))


def listener_ends_clause(scan: Scan, after: int, end: int, frames) -> bool:
    """"..., Russia told the Security Council today, at a meeting ...": the verb's listener
    (cues.yaml listeners), then only a phrase that closes the clause."""
    if "object" not in frames or scan.text[after:after + 1] != " ":
        return False
    m = scan.cues.listeners.match(scan.low, after + 1, end)
    return m is not None and bool(scan.cues.clause_tail.match(scan.text, m.end(), end))


TRAILING_MARK = re.compile(r"[,”\"’'–—)]\s*$")
_COORDINATION = re.compile(
    # Every alternative starts with ";", "," or a space, taken first (outside the groups) so
    # the regex engine can jump to those characters; a lookbehind then tells which it was.
    r"[;,\s](?:(?<=;)(?P<semi>\s)|(?P<that>(?:(?<=,)\s+|(?<=\s)\s*)(?:and|but)\s+that\s)"
    r"|(?<=,)(?P<but>\s+but\s(?!\s*only\b))"  # (not ", but only if ...": the same words)
    r"|(?P<verb>(?:(?<=,)\s+|(?<=\s)\s*)(?:and|but)\s+(?:also\s+|later\s+|then\s+)?"
    r"(?=[\w'’-]+))"
    r"|(?<=,)(?P<aside>\s+(?=(?:which|whom|whose|prompting|sparking|probably|possibly|"
    r"appearing|seemingly|apparently|effectively|in\s+an?\s+apparent|(?:in|after)\s+what|unlike|"
    r"although|though|even\s+as|while|whereas|the\s+name|capping|marking|underscoring|"
    r"highlighting|signalling|signaling|deepening|fuelling|fueling|"
    r"(?:a|an)\s+(?:unverified\s+|unconfirmed\s+|similar\s+)?(?P<aside_noun>[a-z]+)\s+"
    r"(?:that|which|the|it|[A-Z]|[a-z]+ed\s+by)|"
    r"in\s+(?:remarks|comments)\s+(?:reported|carried|published|quoted|cited)\b|"
    r"as\s+(?=(?-i:[A-Z])|the\s|a\s)|(?:\w+\s+)?(?:days?|weeks?|months?|hours?|years?)\s+"
    r"(?:before|after|earlier|later)|"
    # the occasion the words were said on: ", during a surprise visit to ..."
    r"during\s+(?:a|an|the|his|her|their|its)\s+(?:[\w'’-]+\s+){0,3}?(?:visit|trip|call|"
    r"meeting|talks|conversation|interview|speech|address|conference|briefing|summit)|"
    # a place clause in the present perfect: ", where Russian forces have for weeks been ..."
    r"where\s+(?:[\w'’-]+\s+){1,4}?(?:have|has)\s+(?:[a-z]+\s+){0,3}?been\b)\b))"
    r"|(?<=,)(?P<ing>\s+(?=(?!according\b)[a-z]+ing\b))|(?<=\s)(?P<dash>[–—]\s)"
    r"|(?<=,)(?P<sub>\s+(?:before|after|until|when|while|as|since|because|although|though)\s+)"
    r"|(?<=,)(?P<according>[”\"’]?\s+"  # "..., according to Interfax", "..., per a readout"
    r"(?=according\s+to\s|per\s+(?:(?:a|an|the)\s|(?-i:[A-Z])))))",
    re.IGNORECASE)


def _quotes_speaker(scan: Scan, pos: int, end: int) -> bool:
    """The stretch quotes words with no other speech verb before them: the speaker's."""
    rest = scan.text[pos:end]
    mark_at = min((i for i in (rest.find(m) for m in "“”\"") if i >= 0), default=-1)
    return mark_at >= 0 and not any(True for _ in speech_verbs(scan, pos, pos + mark_at))


_OTHER_WORDS = re.compile(r"\bin\s+the\s+words\s+of\b", re.IGNORECASE)  # another's marks


def _speaker_words_ahead(scan: Scan, pos: int, end: int) -> bool:
    """The aside is still the speaker's: it quotes their words ("where defences were
    “relatively robust”"), or it is a short parenthesis (", though small,") inside the clause."""
    rest = scan.text[pos:end]
    mark_at = min((i for i in (rest.find(m) for m in "“”\"") if i >= 0), default=-1)
    if mark_at >= 0:  # its quotation marks are the speaker's, unless another verb has them
        return not _OTHER_WORDS.search(rest, 0, mark_at) and \
            not any(True for _ in speech_verbs(scan, pos, pos + mark_at))
    comma = rest.find(",")
    return 0 <= comma and len(rest[:comma].split()) <= 3 and bool(rest[comma + 1:].strip())


_WHICH = re.compile(r"(?:which|whom|what)\s+", re.IGNORECASE)


def _speaker_opens(scan: Scan, pos: int) -> bool:
    """", which he called ...": a speaker of their own opens the aside."""
    m = _WHICH.match(scan.text, pos)
    if m is None:
        return False
    return any(sp.start == m.end() for sp in speakers_from(scan, m.end(), 1))


_COMMA = re.compile(r",\s+")


def _act_cut(scan: Scan, units: list[Unit], start: int, end: int) -> int:
    """", without saying what caused it": the speaker's act after a comma ends the content."""
    for m in _COMMA.finditer(scan.text, start, end):
        if not in_units(m.start(), units) and scan.cues.speaker_acts.match(scan.low, m.end()):
            return m.start()
    return end


def narration_aside_cut(scan: Scan, units: list[Unit], start: int, end: int) -> int:
    """", in a bid to cool rents", ", under an arrangement ...": the narration's aside after
    a comma (cues.yaml narration_asides) ends the content."""
    for m in _COMMA.finditer(scan.text, start + 8, end):
        if not in_units(m.start(), units) and scan.cues.narration_asides.match(scan.low, m.end()):
            return m.start()
    return end


def clause_cut(scan: Scan, units: list[Unit], start: int, end: int) -> int:
    """Reported content stops where the reporter's own next clause begins: "; ...",
    ", but ...", ", and that ...", "and said ...", ", claiming ...", ", which ...",
    " – Kyiv says ...", ", without saying ..."."""
    text = scan.text
    end = _act_cut(scan, units, start, end)
    end = narration_aside_cut(scan, units, start, end)
    for m in _COORDINATION.finditer(text, start, end):
        at = m.end() - 1 if m.group("according") else m.start()  # '"fake," according to'
        if in_units(at, units) or m.start() - start < 8:
            continue
        if m.group("aside") is not None:
            if (noun := m.group("aside_noun")) is not None and not \
                    {noun.lower(), noun.lower().removesuffix("s")} & scan.cues.aside_nouns:
                continue  # (cues.yaml aside_nouns: "a claim ...", "a finding that ...")
            if _RESUMED.match(text, m.end(), end) or _RESUMED_VERB.match(text, m.end(), end):
                continue  # "talks with X, which builds it in Y, about lifting production"
            if _place_described(scan, start, m.start(), m.end()):
                continue  # "from Novorossiysk, which is not covered by the sanctions"
            if not _speaker_words_ahead(scan, m.end(), end) or _speaker_opens(scan, m.end()):
                return m.start()
        elif m.group("according"):
            return m.start() + 2 if text[m.start() + 1] in "”\"’" else m.start()
        elif m.group("but") and (word := WORD_AT.match(scan.low, m.end())) is not None and \
                word.group() in scan.cues.but_modals:
            continue  # "A would not, but would B": the content's subject goes on
        elif m.group("semi") or m.group("that") or m.group("but"):
            return m.start()
        if m.group("verb") is not None:
            if scan.cues.speaker_acts.match(scan.low, m.end()):
                return m.start()  # "A and declined to comment further": the speaker's act
            word = WORD_AT.match(text, m.end())
            if any(scan.low.startswith(v, m.end()) for v in scan.cues.finding_verbs):
                continue  # "had walked the site and found that ...": still the content
            if word and (speech_verb_at(scan, m.end()) or (
                    m.group().startswith(",") and looks_like_verb(scan, word.group())
                    and ("but" in m.group().lower() or word.group().lower().endswith("ed")
                         or _present_speech(scan, word.group())))):
                return m.start()  # ", and called for an inquiry": the speaker's next act
            if word and "but" in m.group().lower() and looks_like_verb(scan, word.group()) \
                    and _object_only(scan, start, m.start()):
                return m.start()  # "confirmed the fire but sent crews": an object, then
                # the speaker's next act (no verb of the content's own before "but")
            if m.group().startswith(",") and speaking_clause_ahead(scan, m.end(), end):
                return m.start()  # ", and the EU's foreign policy chief, X, called ..."
            if m.group().startswith(",") and _person_acts(scan, m.end(), ("person", "org")):
                return m.start()  # ", and the Foreign Office summoned ...": the narration's
        elif m.group("ing") is not None:
            if speech_verb_at(scan, m.end()) or scan.cues.citing.match(scan.low, m.end()):
                return m.start()  # ", claiming ...", ", citing emergency services"
        elif m.group("sub") is not None:
            if speaking_clause_ahead(scan, m.end(), end) or _speech_participle(scan, m.end()):
                return m.start()  # ", before his spokesman insisted ...": someone else's words
            if _person_acts(scan, m.end()):
                return m.start()  # ", as he hosted ...": the narration's event
            if m.group("sub").strip().lower() == "after" and (
                    _ING_WORD.match(text, m.end())
                    or _tensed_near(text, start, m.start(), scan.cues)):
                return m.start()  # ", after touring the site": the speaker's act; "had
                # received A, after a convoy crossed ...": the narration's time, not A's
        elif m.group("dash") is not None and not _RELATIVE_START.match(text, m.end()) and (
                speaker_ahead(scan, m.end()) or (
                not _DASH.search(text, m.end(), end) and not _DASH.search(text, start, m.start())
                and not in_units(m.end() + 1, units)
                and not _quotes_speaker(scan, m.end(), end))):
            return m.start()  # "... — about one percent of ...": an unpaired dash adds an aside
    return end


def _object_only(scan: Scan, start: int, end: int) -> bool:
    """The content is a short noun phrase, the verb's object ("confirmed the fire"): at most
    six words, none a verb (verb_words, tense_auxiliaries, content_finite_words, in -ed)."""
    words = _PLAIN.findall(scan.text, start, end)
    cues = scan.cues
    return 0 < len(words) <= 6 and not any(
        w.lower() in cues.verb_words or w.lower() in cues.tense_auxiliaries
        or w.lower() in cues.content_finite_words or w.lower().endswith("ed") for w in words)


_PLAIN = re.compile(r"[\w'’-]+")
_ING_WORD = re.compile(r"[a-z]+ing\b")  # ", after hosting ...": the speaker's own act


@functools.lru_cache(maxsize=4)
def _tense_auxiliary(auxiliaries: frozenset[str]) -> re.Pattern[str]:
    """One of cues.yaml tense_auxiliaries: content in a perfect or modal tense states how
    things stand, so an "after" clause then is the narration's (content in the simple past
    may tell its own sequence: "came, after ...")."""
    return re.compile(r"\b(?:" + alternation(auxiliaries) + r")\b")


@functools.lru_cache(maxsize=4)
def _relative_before(relatives: frozenset[str]) -> re.Pattern[str]:
    """Search right before an auxiliary: one of cues.yaml clause_relatives (and an adverb in
    -ly): the auxiliary is a relative clause's."""
    return re.compile(r"\b(?:" + alternation(relatives) + r")\s+(?:[a-z]+ly\s+)?$")


def _tensed_near(text: str, start: int, comma: int, cues: Cues) -> bool:
    """The content's own verb before ", after" is perfect or modal: an auxiliary in the
    clause that reaches the comma, not one in an earlier clause or a relative clause
    ("the convoy that had been held ... crossed, after ...": "crossed" is the verb)."""
    seg = max(start, text.rfind(",", start, comma) + 1)
    relative = _relative_before(cues.clause_relatives)
    return any(not relative.search(text, seg, aux.start())
               for aux in _tense_auxiliary(cues.tense_auxiliaries).finditer(text, seg, comma))


_PLACE_BEFORE = re.compile(r"(?:^|\s)([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s*$")
_WHICH_IS = re.compile(r"\s*which\s+(?:is|lies|was|has|had|sits|remains|borders)\b")


def _place_described(scan: Scan, start: int, comma: int, pos: int) -> bool:
    """", which is not covered by the sanctions" right after a place the gazetteer knows
    ("from Novorossiysk"): the clause describes the place, in the speaker's sentence."""
    gazetteer = scan.resolver.ctx.knowledge.gazetteer
    if gazetteer is None or not _WHICH_IS.match(scan.text, pos):
        return False
    named = _PLACE_BEFORE.search(scan.text, start, comma)
    return named is not None and gazetteer.names.get(key_of(named.group(1))) is not None


@functools.lru_cache(maxsize=4)
def _person_pronoun(pronouns: frozenset[str]) -> re.Pattern[str]:
    """One of cues.yaml subject_pronouns that stands for a person or a group ("he", "they")."""
    return re.compile(r"(?:" + alternation(pronouns, True) + r")\b")


_TITLE_WORDS = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,4}")  # "President " before the name


def _person_acts(scan: Scan, pos: int, kinds: tuple[str, ...] = ("person",)) -> bool:
    """", as he hosted ...", ", after President X signed a decree ...": a person, by pronoun or
    by name, and a verb in -ed (no speech verb) open the subordinate clause: what happened
    around the words, told by the narration, not more of them. With "org" among `kinds`, a
    registered body after "the" too: ", and the Foreign Office summoned ..."."""
    who = _person_pronoun(scan.cues.person_pronouns).match(scan.text, pos)
    if who is not None:
        after = who.end()
    else:
        named = next((sp for sp in speakers_from(scan, pos, 3) if sp.type in kinds), None)
        if named is None or not (
                _TITLE_WORDS.fullmatch(scan.text, pos, named.start) or (
                    named.type == "org" and not named.built
                    and scan.text[pos:named.start] in ("the ", "The "))):
            return False
        after = named.end
    word = WORD_AT.match(scan.text, after + 1) if scan.text[after:after + 1] == " " else None
    return word is not None and word.group().endswith("ed") and \
        looks_like_verb(scan, word.group()) and not speech_verb_at(scan, word.start())


_ADVERB_ING = re.compile(r"(?:earlier\s+|first\s+|[a-z]+ly\s+)?([a-z]+ing)\b")


def _speech_participle(scan: Scan, pos: int) -> bool:
    """", after (initially) reporting that ...": the speaker's own earlier words follow."""
    m = _ADVERB_ING.match(scan.text, pos)
    return m is not None and speech_verb_at(scan, m.start(1))


def _present_speech(scan: Scan, word: str) -> bool:
    """"It says that A, and calls for B": a speech verb's present -s form, with no subject."""
    low = word.lower()
    return low.endswith("s") and bool(scan.cues.frames(low))


_STOPS = re.compile(r"[.;:“”\"]")
# A relative clause set off by commas, after which the first clause goes on with a
# preposition: the aside is inside the claim, not its end.
# ... or after which the first clause's subject gets its verb: "the Kinzhal, which Putin has
# called “invincible,” could be intercepted".
_RESUMED_VERB = re.compile(r"\s*(?:which|who)\s[^.;:()–—\n]{1,80}?,[”\"’]?\s+(?:could|would|"
                           r"can|will|may|might|must|should|is|was|are|were|has|have|had)\s")
_RESUMED = re.compile(r"\s*(?:which|who)\s[^,.;:“”\"()–—]{1,80},\s+(?:about|for|over|on|with|"
                      r"to|into|from|against|in)\s")


_RELATIVE_START = re.compile(r"(?:which|who|whom|whose|where|when)\b", re.IGNORECASE)
_DASH = re.compile(r"\s[–—]\s")
_APPOSED = re.compile(r",[^,.;:“”\"]{1,80},\s*")


def speaking_clause_ahead(scan: Scan, pos: int, end: int) -> bool:
    """A new clause with a named speaker and their speech verb opens at `pos`."""
    for verb in speech_verbs(scan, pos, min(end, pos + 120)):
        if any(sp.type == "document" and sp.start < verb.start() and verb.end() <= sp.end
               for sp in speakers_ending_before(scan, pos, verb.end())):
            continue  # "the report" is no verb "report": its own verb follows
        if _STOPS.search(scan.text, pos, verb.start()):
            return False
        for sp in speakers_ending_before(scan, pos, verb.start()):
            if sp.type == "pronoun" and sp.start == pos and \
                    gap_ok(scan.cues, scan.text[sp.end:verb.start()]):
                return True  # ", and he described the fighting as ...": his next claim
            if sp.type == "document" and not scan.text[pos:sp.start].strip() and \
                    gap_ok(scan.cues, scan.text[sp.end:verb.start()]):
                return True  # ", and the report says ...": the document's next claim
            if sp.type not in ("person", "org", "group", "metonym") or (
                    sp.type == "metonym" and PLACE_PREP.search(
                        scan.text, max(pos, sp.start - 6), sp.start)):
                continue
            gap = scan.text[sp.end:verb.start()]
            if gap_ok(scan.cues, gap) or _APPOSED.fullmatch(gap) or (
                    gap.strip() == "," and scan.text[pos:sp.start].rstrip().endswith(",")):
                return True  # "X said", "X, a spokesman, said", "the chief, X, said"
        return False
    return False


def claim_start(scan: Scan, start: int, before_end: int) -> int:
    """A trailing attribution's content starts after any claim already in the sentence."""
    for f in reversed(scan.found):
        if start <= f.end <= before_end:
            return f.end
    return start


ARTICLE_END = re.compile(r"(?:\s+|^)(?:the|a|an)\s*$", re.IGNORECASE)


def unit_ending_at(text: str, units: list[Unit], start: int, pos: int) -> Unit | None:
    """The quotation that opens the sentence and ends just before the speaker ("...,” the
    city's mayor Vitali Klitschko wrote): at most six plain words between them."""
    for u in units:
        if u.close > pos or text[start:u.open].strip(TRIM):
            continue
        between = text[u.close:pos].strip(" ,\t\n–—")
        if len(between.split()) <= 6 and not _STOP_MARK.search(between):
            return u
    return None


_STOP_MARK = re.compile(r"[.;:!?“”\"]")


def unit_at(units: list[Unit], pos: int) -> Unit | None:
    for u in units:
        if u.open == pos or u.start == pos:
            return u
    return None


_LISTENER_TAIL = re.compile(
    r"(?:\s+(?:at|in|on|from)\s+(?:the\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})?"
    r"(?:\s+(?:on|late|early|last|this|yesterday|today)\s+[\w-]+)?"
    # "told reporters at the airport before leaving for Washington that": a time clause of a
    # participle, then "that"
    r"(?:\s+(?:before|after|while|when)\s+[a-z]+ing\b[^,;:.“”\"]{0,60}?(?=\s+that\b))?"
    # "told Radio Liberty, speaking generally about the south, that": a participle's aside
    r"(?:\s*,\s+[a-z]+ing\b[^,;:.“”\"]{0,80},(?=\s+that\b))?"
    r"(?:\s*,?\s*that\b|\s*:)?\s+"
    r"(?!(?:in|at|on|from|by|via|during|after|before)\b)(?=[\w“\"‘'])")


def after_listener(scan: Scan, after: int, end: int) -> int | None:
    """"told reporters (at the White House) it was ...": the content starts after the
    listener; a registered outlet is a listener ("told Sky News the strikes ...")."""
    pos = after + 1
    m = scan.cues.listeners.match(scan.low, pos)
    stop = m.end() if m else None
    if stop is None:
        first = bisect.bisect_left(scan.starts, pos)
        for sp in scan.speakers[first:first + 2]:
            entry = scan.resolver.ctx.knowledge.sources.get(sp.id)
            if sp.start == pos and entry is not None and entry.kind == "media":
                stop = sp.end
        if stop is None:
            return _named_listener(scan, pos, end)
    more = _MORE_CAPITALS.match(scan.text, stop, end)  # "told Fox News Digital that"
    stop = more.end() if more else stop
    if scan.cues.only_time_after.match(scan.text, stop, end):
        return None  # "A, Russia told the Security Council today.": the words came before
    tail = _LISTENER_TAIL.match(scan.text, stop, end)
    if tail is None or scan.text[after:pos] != " ":
        return None
    return tail.end()


_NAMED_LISTENER = re.compile(  # "Kestrel", "9Live", "The Harbour Ledger", "KTV's Morning Desk"
    r"(?:The\s+)?[A-Z0-9][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,2}\s+([a-z]+)\s")
_WORDS_AHEAD = re.compile(r"[\w'’-]+")


def _named_listener(scan: Scan, pos: int, end: int) -> int | None:
    """"told Kestrel the premier had called off ...": a listener in capitals no list knows, then
    content with no "that": its first word one of cues.yaml named_listener_openers, a verb
    (tense_auxiliaries, content_finite_words, or in -ed) within its next six words."""
    m = _NAMED_LISTENER.match(scan.text, pos, end)
    if m is None or not opens_clause(scan, m.start(1), end):
        return None
    for but in _BUT_WORD.finditer(scan.text, m.end(), end):
        if looks_like_verb(scan, but.group(1)):
            return None  # "told Kestrel the premier had called off A, but kept B": whose act
            # B is (the teller's or the premier's) nothing shows, and with no "that" nothing
            # bounds the words either; not read as a claim
    return m.start(1)


_BUT_WORD = re.compile(r",\s+but\s+([\w'’-]+)")


_OPENING_WORD = re.compile(r"([a-z]+)\s")


def opens_clause(scan: Scan, pos: int, end: int) -> bool:
    """A clause of its own opens at `pos` with no "that" before it: its first word one of
    cues.yaml named_listener_openers, a verb (tense_auxiliaries, content_finite_words, or in
    -ed) within its next six words ("the premier had cut short", "she was")."""
    cues = scan.cues
    m = _OPENING_WORD.match(scan.text, pos, end)
    if m is None or m.group(1) not in cues.named_listener_openers:
        return False
    ahead = _WORDS_AHEAD.findall(scan.text, m.end(), end)[:6]
    return any(w in cues.tense_auxiliaries or w in cues.content_finite_words or
               (w.endswith("ed") and w.islower()) for w in ahead)


_MORE_CAPITALS = re.compile(  # "told Fox News Digital that", "told RFE/RL's Russian Service that"
    r"(?:['’]s)?(?:\s+[A-Z][\w'’.-]+){1,2}(?:\s+(?:service|programme|program|show|channel|"
    r"podcast|desk|website|bureau))?(?=\s+that\b)")
_COLON_AT_END = re.compile(r"[^.;:!?“”\"]{0,80}?:\s*$")


def quote_in_next_paragraph(scan: Scan, after: int, end: int) -> Unit | None:
    """A verb whose clause ends the paragraph with a colon introduces the quotation that
    opens the next paragraph."""
    if not _COLON_AT_END.match(scan.text, after, end) or scan.text[end:end + 2] != "\n\n":
        return None
    return scan.opening.get(end + 2)


COUNT_AHEAD = re.compile(
    r"\s+(?=(?:(?:at\s+least|more\s+than|fewer\s+than|less\s+than|about|around|nearly|almost|"
    r"over|some|up\s+to|roughly|approximately)\s+)?\d)", re.IGNORECASE)
_TRAILING_ASIDE = re.compile(r"\s*\([^()“”\"]{3,80}\)\s*[.,;]?\s*$")


def without_trailing_aside(text: str, start: int, end: int) -> int:
    """"... near Robotyne (both southwest of Orikhiv)": the outlet's own parenthesis at the
    end is not the speaker's."""
    m = _TRAILING_ASIDE.search(text, start, end)
    return m.start() if m and m.start() > start + 10 else end


_FRAGMENT_LEAD = re.compile(r"(?:(?:of|a|an|the|to|for|on|about|its|his|her|their)\s+)*",
                            re.IGNORECASE)


def only_fragment(text: str, units: list[Unit], start: int, end: int) -> Unit | None:
    """The content is only a quoted fragment after a small word ("of", "a", "to")."""
    lead = _FRAGMENT_LEAD.match(text, start)
    unit = unit_at(units, lead.end()) if lead else None
    if unit is None:
        return None
    tail = text[unit.close:end].strip(END_PUNCT + QUOTE_MARKS)
    if tail and not _FRAGMENT_TAIL.fullmatch(tail):
        return None
    return unit


# '"we haven't seen the final act" of the crisis': a short phrase on the quoted words' topic
_FRAGMENT_TAIL = re.compile(r"(?:of|about|on|over|for)\s+(?:the|this|that|its|his|her|their)\s+"
                            r"[a-z][\w-]*")


_THAT_BEFORE = re.compile(r"\bthat\s+$", re.IGNORECASE)


def determiner_that(scan: Scan, body: int) -> int:
    """"Kyiv says that attack never happened": "that" points at a thing already named, and
    belongs to the claim (the nouns it points at are data)."""
    m = _THAT_BEFORE.search(scan.text, max(0, body - 6), body)
    word = WORD_AT.match(scan.low, body)
    if m and word and word.group() in scan.cues.pointed_nouns:
        return m.start()
    return body


_SAID_NOTHING = re.compile(  # "has said nothing in public about the ruble": no words at all
    r"(?:nothing|little)\s+(?:(?:in\s+public|publicly|so\s+far|yet)\s+)?"
    r"(?:about|on|of|regarding|in\s+public|publicly|more|else|further)\b", re.IGNORECASE)


def after_verb(text: str, after: int, end: int, frames, cues: Cues,
               asides: bool = True) -> int | None:
    """Where the content starts after the verb, or None when the verb ends the clause or says
    that nothing was said; `asides`: the cue lists' asides and manner phrases may come first
    (an aside between commas, "said on Telegram two women ...", "documented cases ...")."""
    start = _content_start(text, after, end, frames, cues.told_object, cues.event_then_that,
                           cues if asides else None)
    if start is not None and _SAID_NOTHING.match(text, start):
        return None
    return start


def _content_start(text: str, after: int, end: int, frames, told_object: re.Pattern[str],
                   event: re.Pattern[str], cues: Cues | None) -> int | None:
    cues_rest = text[after:end]
    if "object" in frames:
        m = THAT.match(cues_rest) or told_object.match(cues_rest) or \
            _ASIDE_THAT.match(cues_rest)  # "informs that" too; "assured, in a statement, that"
        return after + m.end() if m else _told_object_aside(text, after, end, cues)
    m = THAT.match(cues_rest) or _ASIDE_THAT.match(cues_rest)
    if m and _THAT_NOUN_TO.match(cues_rest, m.end()):
        return None  # "expect that part to pass": "that" points at a thing, no clause follows
    if m:
        return after + m.end()
    m = _COLON_OR_COMMA.match(cues_rest)
    if m and (cues_rest[m.end():m.end() + 1] in "“\"‘'" or ":" in m.group()):
        return after + m.end()
    return _after_manner(text, after, end, frames, event, cues)


_OBJECT_THEN_COMMA = re.compile(r"\s+(?:[^,.:;“”\"]|(?<=\w)\.(?=\w)){1,80}?,\s+")
_ASIDE_THEN_THAT = re.compile(r"[^,.;:“”\"]{1,120}?,\s+"  # (and the manner after the aside:
                              # "informed her counterpart, X, in a letter on Thursday that")
                              r"(?:(?:in|on|at|by|via|during|through)\s+[^,.;:“”\"]{1,60}?\s+)?"
                              r"that\b\s*")


def _told_object_aside(text: str, after: int, end: int, cues: Cues | None) -> int | None:
    """"told the envoy, according to TASS, that A", "told Ukrainska Pravda, which was quoted
    by Interfax, that A", "told the paper, a news site, that A": the listener, then an aside
    between commas before "that"."""
    m = _OBJECT_THEN_COMMA.match(text, after, end)
    if m is None or cues is None:
        return None
    aside = _ASIDE_THEN_THAT.match(text, m.end(), end)
    return aside.end() if aside else None


def _after_manner(text: str, after: int, end: int, frames, event_then_that: re.Pattern[str],
                  cues: Cues | None) -> int | None:
    rest = text[after:end]
    if rest.lstrip()[:1] in (",", ")"):
        return None  # "a claim Ukraine's military denied, was ...": the clause has ended
    event = event_then_that.match(rest)
    if event is not None:  # "said after a meeting of the alliance's ambassadors that A"
        return after + event.end()
    manner = cues.manner_after.match(rest) if cues is not None else None
    if manner:
        that = _THAT.search(rest[:160])  # in the clause's first words
        colon = _COLON.search(rest[:120])
        hits = [h for h in (that, colon) if h is not None and (
            "," not in rest[:h.start()] or rest[:h.start()].rstrip().endswith(","))]
        # not "announced on Wednesday, ending weeks of hesitation that had ...": past a comma,
        # a "that" belongs to the words after it unless it follows the comma at once
        if hits:
            return after + min(h.end() for h in hits)
        low = text[after:end].lower()  # this clause only, not the whole text per verb
        bare = cues.manner_phrase.match(low) if cues else None
        bare_end = after + bare.end() if bare is not None else 0
        if bare is not None and "clause" in frames and \
                len(text[bare_end:end].split()) >= 3 and \
                not _NOT_CLAUSE_START.match(text, bare_end) and \
                not _PARTICIPLE_TAIL.match(text, bare_end):  # "in a speech aired on TV."
            if NOT_INVERTED.match(text, bare_end - 1):  # "says Monday will be": a subject
                return after + len(rest) - len(rest.lstrip())
            return bare_end  # "said on Telegram two women were wounded"
        return None  # "said in a statement on Monday." — the claim is before the verb
    if "clause" not in frames:
        lead = _BEFORE_QUOTE.match(rest)
        if lead is None and cues is not None and (space := _SPACE.match(rest)) and \
                cues.finding_objects.match(text.lower(), after + space.end()):
            return after + space.end()  # "documented cases in which ...": a finding
        return after + lead.end() if lead else None
    if not rest.strip(END_PUNCT):
        return None
    return after + len(rest) - len(rest.lstrip())


_THAT = re.compile(r"\bthat\b\s*")  # "said on Monday that": where the claim starts
_COLON = re.compile(r":\s*")  # "said in a statement: ..."
_BEFORE_QUOTE = re.compile(r"\s*(?=[“\"‘])")  # "told reporters “...": the quotation is the claim
_SPACE = re.compile(r"\s+")
_PARTICIPLE_TAIL = re.compile(  # the manner phrase goes on: "in an address aired on state TV"
    r"(?:[a-z]+ed|broadcast|shown|written|given|shot|run|held)\s+(?:on|by|in|at|to|from|"
    r"over|during|live)\b")
_NOT_CLAUSE_START = re.compile(
    r"(?:in|on|at|from|by|to|for|with|after|before|during|and|but|or|as|when|while|that|"
    r"which|who|of|about|than|because|since|until)\b|[,.;:!?)–—-]", re.IGNORECASE)


_NOUN_BEFORE = re.compile(r"\b(?:a|an|the|its|his|her|their|this|that)\s+$", re.IGNORECASE)
_LAST_CLAUSE = re.compile(r",[”\"’]?\s*([^,“”\"]{1,100})$")
_TRAILING_WORDS = 4  # "..., X said in a statement today."


def cut_trailing_attribution(scan: Scan, start: int, end: int) -> int:
    """"..., the British officials said" (or "..., Director General X said today") at the
    end of the content is an attribution of its own: the content ends before its comma."""
    m = _LAST_CLAUSE.search(scan.text, start, end)
    if m is None:
        return end
    head = m.start(1)
    for verb in speech_verbs(scan, head, end):
        if len(scan.text[verb.end():end].split()) > _TRAILING_WORDS:
            break
        if _NOUN_BEFORE.search(scan.text, max(head, verb.start() - 8), verb.start()):
            continue  # "..., officials would see it as a warning": a noun, no attribution
        if any(head <= sp.start and sp.end <= verb.start()
               for sp in speakers_from(scan, head, 4)):
            return m.start()
    return end


def prior_range(text: str, start: int) -> tuple[int, int] | None:
    """What a back reference at `start` points at: the sentences before it in its paragraph,
    or the paragraph before when it opens its own."""
    para_start = paragraph_start(text, start)
    if text[para_start:start].strip():
        return para_start, start
    if para_start >= 2:
        hi = para_start - 2
        return paragraph_start(text, hi), hi
    return None


# "X reported this on Telegram", "Y said it in an interview": the content is only a pointer
# back at what came before, and a manner or time phrase.
THIS_ONLY = re.compile(
    r"this(?:\s+(?:news|information))?(?:\s+(?:on|in|via|at|to|during|over|through|"
    r"earlier|later|late|early|last|yesterday|today|tonight|overnight|this|on)\b[^.;:“”\"]*)?"
    r"[.!]?\s*", re.IGNORECASE)
