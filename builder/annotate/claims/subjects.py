"""Claims pass: who speaks a speech verb (the subject before it, an apposition, a name after it)."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import replace

from builder.annotate.speakers import Speaker, gap_ok, skip_parenthetical
from builder.annotate.speakers.wording import BRACKETED_ABBREVIATION, JOB_WORDS, is_job
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import key_of
from builder.knowledge.phrases import alternation, lowered, normalise
from builder.annotate.claims.scan import (
    Scan,
    Unit,
    speaker_after,
    speakers_ending_before,
    speakers_from,
    speech_verb_at,
)


# not "all but"
_AND_VERB = re.compile(r"(?:,\s*|(?<!\ball)\s)(?:and|but)\s+(?:also\s+|later\s+|then\s+)?$")
_COMMA_AT_END = re.compile(r",\s*$")  # "X thanked the crews, saying ...": X's; ", X of Y, said"
_OPENER = re.compile(  # an opening phrase ("In his nightly address, ") and titles before a name
    r"(?:(?:In|On|At|During|After|Before|Later|Earlier|Speaking|Meanwhile|Separately)\b"
    r"[^,.;:“”\"]{0,60},\s+)?(?:[A-Z][\w'’.-]*\s+(?:(?:of|for|and)\s+(?=[A-Z]))?){0,4}"
    r"(?:(?<=['’]s\s)[a-z][\w -]{0,40},\s+)?"  # "Kyiv's mayor, Vitali Klitschko, ..."
    r"(?:(?<=\w\s)(?:[a-z][\w-]*\s+){1,3}(?=[A-Z]))?")  # "Commission chief spokesperson X"


def sentence_subject(scan: Scan, start: int, verb) -> Speaker | None:
    """"X ... and said": the speaker opening the sentence (or, failing that, the clause after
    its last ", and", ", but" or ";"), when only a verb phrase of theirs and "and" stand
    between them and this verb (no other speaker, no clause of its own)."""
    head = _subject_from(scan, start, verb)
    if head is not None:
        return head
    clause = None
    for clause in _CLAUSE_START.finditer(scan.text, start, verb.start()):
        pass
    # "Warsaw had asked for it, and Prime Minister X praised the senators ..., saying": the
    # second clause's own subject speaks, not the sentence's
    return None if clause is None else _subject_from(scan, clause.end(), verb)


_CLAUSE_START = re.compile(r"(?:,\s+(?:and|but)|;)\s+(?=[A-Z])")


def _subject_from(scan: Scan, start: int, verb) -> Speaker | None:
    """sentence_subject from `start`: the speaker opening the text there."""
    text = scan.text
    if not _AND_VERB.search(text, start, verb.start()) and not (
            verb.group().endswith("ing") and (_COMMA_AT_END.search(text, start, verb.start())
                                              or _BY_ING.search(text, start, verb.start()))):
        return None
    # ("The ministry published footage, saying ...": a reference with "the" is the subject of
    # a participle's sentence; a title word before a name, "President", is not)
    ing = verb.group().endswith("ing")
    first = next((sp for sp in speakers_from(scan, start, 3) if sp.type in _SUBJECT_KINDS or (
        ing and sp.type == "reference" and _THE.match(text, sp.start))), None)
    if first is None or first.end > verb.start():
        return None
    opener = _OPENER.match(text, _after_time_phrase(scan, start))  # (always matches)
    if opener is not None and opener.end() < first.start:
        return None  # the sentence does not open with the speaker
    appo = _APPOSITION_AFTER.match(text, first.end, verb.start())
    past = appo.end() if appo else first.end  # ", a spokesperson for the agency,": its own
    object_of = scan.cues.object_of_verb  # "thanked Scholz", "in an interview with X"
    between = [sp for sp in speakers_from(scan, past, 4) if sp.start < verb.start()
               and sp.type != "document"  # "declined to confirm the report, but said"
               and not object_of.search(text, max(first.end, sp.start - 20), sp.start)
               and not (sp.type == "pronoun" and sp.name.lower() in _POSSESSIVES)
               and not (sp.type != "pronoun" and _POSSESSIVE_THEN_LOWER.match(text, sp.end))
               and not (sp.type == "group" and _ON_OUTLET.search(text, first.end, sp.start))
               and not (sp.type == "org" and _IN_OUTLET.search(text, first.end, sp.start))
               and not carried_by(scan, first.end, sp)
               and not scan.cues.question_lead.search(lowered(text), first.end, sp.start)]
    # ("asked why it had taken the government a year, and said": a name inside the question
    # asked, cues.yaml question_leads, is no subject of the speaker's next verb)
    # ("thanked the delegation for its support and said", "declined to comment on the FSB's
    # findings, telling": a possessive is nobody's subject)
    if between and between[0].id and between[0].id == first.id and \
            not text[first.end:between[0].start].strip():
        first, between = between[0], between[1:]  # "Norway's Defence Minister Ola
        # Nordmann visited ...": a title the registry holds as the same person's name
    if between and between[0].type == "person" and text.startswith(",", between[0].end) and \
            _TITLE_COMMA.fullmatch(text, first.end, between[0].start):
        first, between = between[0], between[1:]  # "Kyiv's mayor, Vitali Klitschko, urged"
    elif between and between[0].type == "person" and first.type == "org" and \
            _TITLE_BEFORE_NAME.fullmatch(text, first.end, between[0].start):
        first, between = between[0], between[1:]  # "Commission chief spokesperson Eric Mamer"
    elif between and between[0].type in ("person", "org") and \
            _COMPOUND_BEFORE_NAME.fullmatch(text, first.end, between[0].start):
        first, between = between[0], between[1:]  # "The Wagner-linked channel Grey Zone": a
        # name inside a compound modifier of the speaker's description is not the speaker
    where = [sp for sp in between if not (  # "flew to Kyiv, where": where he went, no speaker
        sp.type == "metonym" and PLACE_PREP.search(text, first.end, sp.start))]
    if len(where) == 1 and where[0].type == "pronoun" and \
            _where_clause(scan.cues.where_relatives).search(
                text, max(first.end, where[0].start - 16), where[0].start):
        first, between = where[0], []  # "X visited Kyiv, where he announced ... and said"
    if between or _BREAK_OR_THAT.search(_FRAGMENT.sub(_blank, text[first.end:verb.start()])):
        return None
    return first




@functools.lru_cache(maxsize=4)
def _where_clause(relatives: frozenset[str]) -> re.Pattern[str]:
    """Search right before a pronoun: a comma and one of cues.yaml where_relatives ("visited
    Kyiv, where he")."""
    return re.compile(r",\s+(?:" + alternation(relatives) + r")\s+$")


# A few quoted words inside the verb phrase ("thanked the crews for their "tireless" work
# and said"): a word of the speaker's own in the act, no quotation that breaks the sentence.
_FRAGMENT = re.compile(r"(?<=[\w'’] )[“\"]([^“”\".,;:!?]{1,40})[”\"](?= [\w])")


def _blank(m: re.Match[str]) -> str:
    """The fragment's words without their marks, when it is at most four words."""
    return f" {m.group(1)} " if len(m.group(1).split()) <= 4 else m.group()


def carried_by(scan: Scan, start: int, sp) -> bool:
    """The speaker is the outlet of a " quoted by " (cues.yaml: cited_by) right before it
    ("X, quoted by Ukrinform, urged ..."): it carried another's words, it said nothing."""
    return sp.type == "org" and any(
        m.end() == sp.start for m in scan.cues.cited_by.finditer(
            scan.text, max(start, sp.start - 24), sp.start))


_TIME_PHRASE = re.compile(r"(?:[\w'’-]+\s+){1,3}?([a-z]+),\s+")


def _after_time_phrase(scan: Scan, start: int) -> int:
    """Past "Hours later, " or "Two days earlier, " opening the sentence (cues.yaml
    time_phrase_ends); `start` when none does."""
    m = _TIME_PHRASE.match(scan.text, start)
    return m.end() if m is not None and m.group(1) in scan.cues.time_phrase_ends else start


_SUBJECT_KINDS = ("person", "org", "group", "pronoun", "metonym")
_THE = re.compile(r"the\s", re.IGNORECASE)
_POSSESSIVES = frozenset({"its", "his", "her", "their"})
_BY_ING = re.compile(r"[a-z]\s+by\s+$")  # "X responded by saying that ...": X's
_ON_OUTLET = re.compile(r"\s(?:on|to|with)\s+(?:[a-z][\w-]*\s+|\d[\d,.]*\s+)?$")  # "spoke on
# national television, but said", "announced sanctions on 12 officials and said": an unnamed
# group after a preposition is where he spoke or whom the act concerns, no speaker
_IN_OUTLET = re.compile(r"\s(?:in|on)\s+(?:the\s+)?$")  # "wrote in the X Daily, saying":
# a body after "in" or "on" is where the subject's words appeared, no subject of its own
_APPOSITION_AFTER = re.compile(r",\s+(?:a|an|the|[a-z]+\s+(?:of|for|at))\s[^,.;:“”\"]{1,100}?,\s")
_TITLE_BEFORE_NAME = re.compile(r"(?:['’]s)?(?:\s+[a-z][\w-]*){1,4}\s+")  # " chief spokesperson "
_COMPOUND_BEFORE_NAME = re.compile(r"-[a-z]+(?:\s+[a-z][\w-]*){1,3}\s+")  # "-linked channel "
_TITLE_COMMA = re.compile(r"(?:['’]s\s+[a-z][\w -]{0,40})?,\s+")  # "Kyiv's mayor, "
_BREAK_OR_THAT = re.compile(  # not "echoed that view": a demonstrative
    r"[;:“”\"]|(?<!\basked )(?<!\brequested )(?<!\binsisted on )"  # "asked that his name ..."
    r"\bthat\b(?!\s+(?:view|position|stance|point|sentiment|assessment|message|line|"
    r"call|warning|claim|argument|concern)\b)")
_ALSO_LATER = re.compile(r"(?:also\s+|later\s+)?")


def speaker_ahead(scan: Scan, pos: int) -> bool:
    """A speaker (or a speech verb of the same speaker) opens the clause at `pos`."""
    skip = _ALSO_LATER.match(scan.text, pos)
    if speech_verb_at(scan, skip.end() if skip else pos):
        return True  # ", but insisted that ...": the same speaker's next claim
    return any(pos <= sp.start < pos + 70 and sp.type in ("person", "org", "group", "metonym")
               and not PLACE_PREP.search(scan.text, max(0, sp.start - 6), sp.start)
               for sp in speakers_from(scan, pos, 6))


def speaker_of_verb(scan: Scan, start: int, vs: int, ve: int, end: int, units: list[Unit]):
    """The speaker before the verb ("Maliar said"), or right after it (", said Maliar")."""
    text = scan.text
    verb_start = vs
    if text[vs - 2:vs - 1] in ")," and (paren := _PAREN_BEFORE.search(text, max(start, vs - 70),
                                                                      vs)) and \
            not _ABBREVIATION_CLOSING.fullmatch(text, paren.start(), vs):
        vs = paren.start()  # 'Rodnaya Zemlya ("Native Land") said': the name is the subject
    person = _person_of_body(scan, start, vs)
    if person is not None:
        return person, False  # "Anna Lind of the Baltic Defence Institute said"
    placed = _before_place_phrase(text, start, vs)
    if placed == vs:
        placed = _body_before_place_and_aux(scan, start, vs)
    ahead = speakers_ending_before(scan, start, vs)
    if placed < vs and any(sp.start < placed and sp.type in ("org", "person")
                           and gap_ok(scan.cues, text[sp.end:vs])
                           for sp in ahead if sp.end > placed):
        placed = vs  # "The Russian embassy in Washington said": the place is in the name
    if placed == vs:
        placed = _before_knowing_phrase(scan, start, vs)
    # The phrases below end an unnamed group (or a later reference) before them: with none
    # before the verb, each would leave `placed` as it is, so their patterns are not tried.
    grouped = any(sp.type in ("group", "reference") for sp in ahead)
    if placed == vs and grouped:
        placed = _before_serving_phrase(scan, start, vs)
    if placed == vs and grouped:
        placed = _before_group_place(scan, start, vs)
    if placed == vs and grouped:
        placed = _before_site(scan, start, vs)
    if grouped:
        placed = _before_participle_phrase(scan, start, placed)  # "fighting (near Verbove)"
    body = next((sp for sp in speakers_ending_before(scan, placed, vs) if sp.type == "org"),
                None)  # "A source in the SBU told": the SBU is no place
    vs = placed
    for sp in speakers_ending_before(scan, start, vs):
        if sp.type == "group" and _OWNED.search(text, max(start, sp.start - 4), sp.start) and \
                normalise(text[sp.start:sp.end]) in scan.cues.voice_phrases:
            continue  # "the ministry's spokesman said": the body's voice, so the body
        if sp.type == "metonym" and not _WHICH_THEN.fullmatch(text, sp.end, vs) and (
                PLACE_PREP.search(text, max(start, sp.start - 6), sp.start)
                or _PLACE_LIST.search(text, max(start, sp.start - 60), sp.start)):
            continue  # "officials in Kharkiv (and Warsaw) said": where, not who (but "no
            # comment from Moscow, which says ...": the capital speaks in its relative clause)
        if NOBODY_IN.search(text, max(start, sp.start - 24), sp.start):
            return None, False  # "Nobody in the Kremlin will say it": nobody speaks
        group = _group_before_body(scan, start, body or sp)
        if group is not None and (gap_ok(scan.cues, text[sp.end:vs]) or sp.type == "org" and (
                scan.cues.voice_gap.fullmatch(text, sp.end, vs) or _kind_after(scan, sp, vs))):
            return group, False  # "A source in the emergency services (security service) told"
        if sp.type == "group" and _OF.search(text, max(start, sp.start - 8), sp.start) and \
                not _SOME_OF.search(text, max(start, sp.start - 16), sp.start):
            break  # "the head of the administration urged": the head speaks, unnamed (but
            # "one of the officials said": one of the group speaks for it)
        if text[sp.start - 1:sp.start] == "(" and text[sp.end:sp.end + 1] == ")":
            continue  # "the Ministry of Defense (MoD) said": the abbreviation is an aside
        holder = _relative_holder(scan, start, sp, vs)
        if holder is not None:
            return holder, False  # "Rybar, which is close to the Russian military, has said"
        if gap_ok(scan.cues, text[sp.end:vs]) or _kind_after(scan, sp, vs) or (
                sp.type in ("org", "person", "pronoun", "reference") and (
                    sp.type == "org" or _POSSESSIVE_THEN_LOWER.match(text, sp.end)
                    or sp.name.lower() == "its"  # "Its researchers found": the body's voice
                    or sp.type == "reference" and _A_BODY.match(text, sp.start))
                # ("the ministry's press service said": the body the reference stands for)
                and scan.cues.voice_gap.fullmatch(text, sp.end, vs)):
            if _AUX_AFTER_COMMA.match(text, sp.end, vs) and _ARTICLE_APPOSITION.match(
                    text, text.rfind(",", start, sp.start) + 1, sp.start):
                lead_end = start + len(text[start:vs].rstrip())
                named = _before_apposition(scan, start, _without_gap_words(scan, start, lead_end))
                if named is not None and named.type == "person" and named.end < sp.start:
                    return named, False  # "X, a fellow at the Carnegie Endowment, has argued"
            return _person_of(scan, start, sp) or sp, False  # (a person's only through "'s":
            # "the governor's office said"; "Anna Lind of the BDI said": the person)
        if sp.type in ("org", "reference", "metonym") and _document_between(scan, sp.end, vs):
            return sp, False  # "A Kremlin statement said", "the ministry's report said"
        if sp.type in ("person", "org", "reference", "pronoun") and \
                text[verb_start:ve].endswith("ing") and \
                scan.cues.issued_object.fullmatch(text, sp.end, vs):
            return sp, False  # "X released a statement saying A": X's words
        if sp.type == "person" and text[sp.end:vs].strip(" ”\"’") == "," and \
                _ONLY_AS_BEFORE.search(text, max(start, sp.start - 40), sp.start):
            return sp, False  # "A woman, who asked to be identified only as Oksana, told"
        if sp.type == "person" and _ONLY_COMMA.fullmatch(text, sp.end, vs) and (
                _SET_OFF_BEFORE.search(text, max(start, sp.start - 20), sp.start)
                or scan.cues.call_sign_before.search(text, max(start, sp.start - 20), sp.start)):
            owner = _titled_owner(scan, start, sp)
            return owner or sp, False  # "The head of the DPR, Denis Pushilin, said": the person
        break
    lead = text[start:vs].rstrip()
    found = _before_apposition(scan, start, _without_gap_words(scan, start, start + len(lead)))
    if found is not None:
        return found, False
    if "object" in scan.cues.frames(text[verb_start:ve]):
        return None, False  # ", told Reuters that": whom it was told to, not who told it
    if lead.endswith((",", "”", '"', "’")) or _ends_with_unit(lead, start, units):
        titled = _titles_ahead(scan, ve, end) or _job_ahead(scan, ve, end)  # "said Lt. Col.
        # X": past the titles' dots; "said soil scientist X": past the job's words
        sp = speaker_after(scan, ve + titled, end, reach=4) if titled else None
        article = 4 if text.startswith((" the ", " The "), ve) else 0  # a name without it
        sp = sp or speaker_after(scan, ve, end, reach=4 + titled + article)
        if sp is not None and sp.type in ("group", "document"):
            sp = _body_voiced_after(scan, sp, end) or sp  # ", said a spokesman for the Navy"
        if sp is not None and sp.type == "group":
            sp = _group_with_body_after(scan, sp, end)  # ", said an aide to the president"
        if sp is not None and not NOT_INVERTED.match(text, sp.end):
            return _named_in_apposition(scan, sp.end, end) or titled_person_after(
                scan, sp, end) or sp, True
        named = _named_in_apposition(scan, ve, end)
        if sp is None and named is not None:
            return named, True  # "..., said the General Staff's spokesman, Andriy Kovalov"
    return None, False


_PERSON_OF = re.compile(r"\s+(?:of|from|at)\s+(?:the\s+)?")
# ", has argued" after a body inside an apposition that opens with an article (", a senior
# fellow at the Carnegie Endowment, has argued"): the person before the apposition speaks
_AUX_AFTER_COMMA = re.compile(r"\s*,\s*(?:has|have|had)\b")
# ", which is close to ..." up to the end, no comma since: a relative clause still open there
_RELATIVE_STILL_OPEN = re.compile(r",\s+(?:which|who)\s+[^,;:“”\"]*$")
_WHICH_THEN = re.compile(r",\s+which\s+(?:has\s+|have\s+|had\s+)?(?:long\s+|repeatedly\s+)?")


_A_BODY = re.compile(r"[Aa]n?\s+[A-Z]")  # "A Ministry of Defence spokesman said": the body's
_KIND_AFTER = re.compile(r"\s+((?:[a-z][\w-]*\s+){0,3}?)([a-z][\w-]*)\s+$")


def _kind_after(scan: Scan, sp: Speaker, vs: int) -> bool:
    """"Russia's Rosatom nuclear agency said", "Ukraine's GUR military intelligence agency
    said": a registered body, then lower-case words ending in a body's noun (cues.yaml
    org_nouns) before the verb; the words describe the body, which speaks."""
    if sp.type != "org" or sp.built:
        return False
    m = _KIND_AFTER.fullmatch(scan.text, sp.end, vs)
    return m is not None and scan.cues.org_nouns.fullmatch(m.group(2)) is not None


def _relative_holder(scan: Scan, start: int, sp: Speaker, vs: int) -> Speaker | None:
    """A speaker named inside a relative clause set off after a name ("Rybar, which is close
    to the Russian military, has said"; "A defense official, who spoke under ground rules set
    by the Pentagon, told"): the name or group before the clause speaks, not `sp`."""
    text = scan.text
    if sp.type == "person" or not text[sp.end:vs].lstrip().startswith(","):
        return None  # (not "Her commander, who uses the call sign X, said": X speaks)
    m = _RELATIVE_STILL_OPEN.search(text, start, sp.start)
    if m is None:
        return None
    holder = next((o for o in speakers_ending_before(scan, start, m.start() + 1)
                   if o.end == m.start()), None)
    if holder is None or holder.type not in ("org", "person", "group") or \
            not gap_ok(scan.cues, text[text.find(",", sp.end, vs) + 1:vs]):
        return None
    return holder
_ARTICLE_APPOSITION = re.compile(r"\s*(?:a|an|the)\s")


def _person_of(scan: Scan, start: int, sp: Speaker) -> Speaker | None:
    """"Anna Lind of the Baltic Defence Institute said": the person named right
    before a body they belong to speaks, not the body."""
    if sp.type != "org":
        return None
    person = next(iter(speakers_ending_before(scan, start, sp.start)), None)
    if person is not None and person.type == "person" and \
            _PERSON_OF.fullmatch(scan.text, person.end, sp.start):
        return person
    return None


_DOCUMENT_LEAD = re.compile(
    r"(?:['’]s?)?\s+(?:(?:latest|daily|new|own|official|written|joint|brief|short|separate|"
    r"earlier|later|weekly|monthly|annual|public|initial|final|evening|morning|nightly)\s+)*")
_DOCUMENT_TAIL = re.compile(
    r"(?:\s+(?:of|on|from|about|after|for|issued|released|published)\s+(?:the|a|an|its|their|"
    r"this|that)?\s*[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})?(?:,?\s+(?:also|later|further|however|"
    r"on\s+[A-Z][a-z]+day))?\s*")


def _document_between(scan: Scan, pos: int, vs: int) -> bool:
    """Only a document of the speaker's between it and the verb: "A Kremlin statement said",
    "The ministry's report said", "the Kremlin's readout of the call said"."""
    lead = _DOCUMENT_LEAD.match(scan.text, pos, vs)
    if lead is None or lead.end() == pos and scan.text[pos:pos + 1] != " ":
        return False
    at = lead.end()
    for word in _WORD_END.finditer(scan.low, at, min(vs, at + 40)):
        # the cue pattern wants a determiner before the noun ("the statement said")
        if scan.cues.documents.fullmatch("the " + scan.low[at:word.end()]) and \
                _DOCUMENT_TAIL.fullmatch(scan.text, word.end(), vs):
            return True
    return False


_WORD_END = re.compile(r"[\w-]+(?=\W|$)")


def _group_with_body_after(scan: Scan, group: Speaker, end: int) -> Speaker:
    """An unnamed group after an inverted verb, then the body it serves: sided by it."""
    m = scan.cues.served_body_after.match(scan.text, group.end, end)
    at = (m.end(), m.end() + 4 if scan.text.startswith("the ", m.end()) else m.end()) if m \
        else ()
    body = next((sp for sp in speakers_from(scan, group.end, 3) if sp.start in at), None)
    return (_group_before_body(scan, group.start, body) or group) if body else group


def _body_voiced_after(scan: Scan, voice: Speaker, end: int) -> Speaker | None:
    """", said a spokesman for the Navy", ", reports the press service of the ministry": the
    body an unnamed voice speaks for, right after it (a reference only when it resolves)."""
    words = normalise(scan.text[voice.start:voice.end]).split()
    if not any(" ".join(words[i:]) in scan.cues.spokes_for_body for i in range(len(words))):
        return None
    m = scan.cues.voice_for_after.match(scan.text, voice.end, end)
    if m is None:
        return None
    at = (m.end(), m.end() + 4) if scan.text.startswith("the ", m.end()) else (m.end(),)
    body = next((sp for sp in speakers_from(scan, m.end(), 2) if sp.start in at), None)
    if body is None or body.type not in ("org", "person", "metonym", "reference"):
        return None
    if body.type == "reference" and scan.resolver.resolve(body, body.start)[0] is None:
        return None
    return body


def _group_before_body(scan: Scan, start: int, body: Speaker) -> Speaker | None:
    """"A source close to the Defense Ministry": the unnamed source speaks, on the side of
    the body named after it (russian-officials when the ministry is Russia's)."""
    prep = scan.cues.body_before.search(scan.text, max(start, body.start - 20), body.start)
    if prep is None or body.type == "group":
        return None
    group = next((sp for sp in speakers_ending_before(scan, start, prep.start() + 1)
                  if sp.end == prep.start() and sp.type == "group"), None)
    if group is None or group.affiliation not in ("", "unknown"):
        return group
    side_of, _rule = scan.resolver.resolve(body, body.start)
    entry = scan.resolver.ctx.knowledge.sources.get(side_of or "")
    if entry is None:
        return group
    prefix = scan.cues.anonymous_prefixes.get(entry.affiliation)
    if prefix is None or group.id in scan.cues.anonymous_unprefixed:
        return group
    sided = replace(group, id=f"{prefix[0]}-{group.id}", affiliation=entry.affiliation,
                    name=f"{prefix[1]} {group.name.lower()}")
    scan.made.setdefault(sided.id, sided)
    return sided


def titled_person_after(scan: Scan, body: Speaker, end: int) -> Speaker | None:
    """", said Chinese Foreign Ministry spokesperson Mao Ning": the person the body's title
    (role words) leads to, not the body."""
    if body.type != "org":
        return None
    for sp in speakers_from(scan, body.end, 2):
        if sp.start >= end or sp.type != "person":
            continue
        gap = scan.text[body.end:sp.start].split()
        if 1 <= len(gap) <= 3 and all(w.lower() in scan.cues.role_kinds or w.lower() in
                                      scan.cues.title_modifiers for w in gap):
            return sp
        return None
    return None


def _titles_ahead(scan: Scan, pos: int, end: int) -> int:
    """Length of titles right after an inverted verb ("said Rep. Kevin McCarthy")."""
    length = 0
    for m in _WORD_AHEAD.finditer(scan.text, pos, end):
        if m.start() != pos + length or not scan.cues.is_title(m.group(1)):
            break
        length = m.end() - pos
    return length


_WORD_AHEAD = re.compile(r"\s+(\S+)")
_JOB_AHEAD = re.compile(r"\s+" + JOB_WORDS + r"(?=\s+[A-Z])")


def _job_ahead(scan: Scan, pos: int, end: int) -> int:
    """Length of a job's lower-case words right after an inverted verb, the last a singular
    noun of cues.yaml anonymous heads, before a capitalised name ("said soil scientist
    Olena X", "said military analyst X"); 0 when there are none."""
    m = _JOB_AHEAD.match(scan.text, pos, end)
    if m is None:
        return 0
    return m.end() - pos if is_job(m.group("job"), scan.cues) else 0


def _without_gap_words(scan: Scan, start: int, stop: int) -> int:
    """"X, a website that tracks losses, has documented": the end of the apposition, before
    the auxiliaries and adverbs a subject may have before its verb."""
    while (m := _last_word(scan.text, start, stop)) and gap_ok(scan.cues, m.group(1)):
        stop = start + len(scan.text[start:m.start(1)].rstrip())
    return stop


def _named_in_apposition(scan: Scan, pos: int, end: int) -> Speaker | None:
    """", said the military's spokesman, Andriy Kovalov": the person the title belongs to."""
    comma = scan.text.find(", ", pos, min(end, pos + 100))  # a long title: "the head of the ..."
    if comma < 0 or _SENTENCE_MARK.search(scan.text[pos:comma]):
        return None
    for other in speakers_from(scan, comma + 2, 2):
        if other.start == comma + 2 and other.type == "person":
            return other
    return None


_SENTENCE_MARK = re.compile(r"[.;:“”\"]")


_FINITE_ASIDE = re.compile(  # a verb of its own, not inside "who was ..." / "which has ..."
    r"(?:(?!\b(?:who|which|whose|that|where|when)\b)[^“”\"])*?"
    r"\b(?:was|were|is|are|had|has|have|will|would)\s+(?:been\s+)?[a-z]+(?:ed|en)\b")


def _before_apposition(scan: Scan, start: int, stop: int) -> Speaker | None:
    """"X, a spokesman for Y, said": X. An apposition may hold commas of its own ("head of
    the administration in Kharkiv, Ukraine's second city,"): try up to three openers."""
    text = scan.text
    inside = _COMMA_IN_QUOTE.search(text, max(start, stop - 60), stop)
    if inside is not None:  # 'Blinken, speaking on CBS' "Face the Nation," said': the
        stop = inside.start("comma") + 1  # aside's comma sits inside a title's closing mark
    opener = skip_parenthetical(text, start, stop)
    if opener >= stop:
        return None
    inner = _named_inside(scan, opener, stop)
    held = _person_of_place(scan, start, opener)
    if held is not None:
        return held  # "Sen. Roger Wicker of Mississippi, the top Republican ..., said"
    person = next(iter(speakers_ending_before(scan, start, opener)), None)
    if person is not None and person.type == "person" and \
            gap_ok(scan.cues, text[person.end:opener]):
        return person  # "Dmitri S. Peskov, the Kremlin spokesman, said": the person
    if inner is not None and _is_whole(text, inner, opener, stop) or (
            inner is not None and strip_titles(scan, opener + 1, inner.start) <= opener + 2
            and not text[inner.end:stop - 1].strip(" ,")):
        return inner  # "Ukraine's nuclear company, Energoatom, said"; "…, General X, said"
    for _ in range(3):
        if _FINITE_ASIDE.match(text, opener, stop):
            return None  # ", among them three children, were killed and ...": a clause
        for sp in speakers_ending_before(scan, start, opener):
            if _place_or_owner(text, start, sp):
                if _GROUP_PLACE.fullmatch(text, text.rfind(" ", start, sp.start - 1), opener):
                    continue  # "A Western diplomat in Beijing, ...": the group before may speak
                break  # "advance into Ukraine, ...", "Ukraine's air force, ...": no speaker
            if gap_ok(scan.cues, text[sp.end:opener]) or (
                    sp.type == "group" and (_serving_phrase(scan.cues).fullmatch(text, sp.end,
                                                                                 opener) or
                                            _GROUP_PLACE.fullmatch(text, sp.end, opener))):
                if _RELATIVE_OPENS.match(text, max(start, text.rfind(",", start, sp.start) + 1),
                                         sp.start):
                    break  # "X, who heads the Y Foundation, an anti-war group, told": X
                if sp.type == "org" and _RELATIVE_ASIDE.match(text, opener) and \
                        _TITLE_OF.fullmatch(text, text.rfind(",", start, sp.start) + 1, sp.start):
                    break  # "X, the founder of the Wagner group, who owns the cafe, said": X
                inner = _named_inside(scan, opener, stop)
                if sp.type == "group" and inner is not None and \
                        not _ING_ASIDE.match(text, opener) and \
                        not scan.cues.cited_by.match(text, opener + 1):
                    return inner  # "His spokesman, Stephane Dujarric, said"; not "An
                    # officer, speaking to Verstka, said": the officer, the outlet listens (nor
                    # "Officials, quoted by Reuters, said": the outlet carried their words)
                return _person_of(scan, start, sp) or sp
            break
        earlier = text.rfind(",", start, opener)
        if earlier < 0 or stop - earlier > 200:
            return None
        opener = earlier
    return None


_ING_ASIDE = re.compile(r"[,–—(]\s*[a-z]+ing\b")  # ", speaking to Verstka,": no name
_RELATIVE_ASIDE = re.compile(r",\s*(?:who|which)\s")  # the opener starts a relative clause
# a person's title of a body, set off after the name: ", the founder of the ", ", a spokesman
# for "; the body named after it is whom the person serves, not a speaker of its own
_TITLE_OF = re.compile(r"\s*(?:the|a|an)\s+(?:[a-z-]+\s+){1,3}(?:of|for|at)\s+(?:the\s+)?")
_GROUP_PLACE = re.compile(  # "A Western diplomat in Beijing, speaking on condition of ...,"
    r"\s+(?:in|from)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s*")


_COMMA_IN_QUOTE = re.compile(  # a short title in capitals: "Face the Nation,"
    r"[“\"‘][A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|the|of|and|on|in|a|to)){0,5}"
    r"(?P<comma>,)[”\"’]\s*$")
_RELATIVE_OPENS = re.compile(  # a relative clause opens between the comma and the speaker
    r"\s*(?:who|which|whose|that)\s+[^,;:“”\"]*$", re.IGNORECASE)
_OF_THE_TITLE = re.compile(r"\bof\s+the\s+(?:[\w'’-]+\s+){0,2}?(?P<title>[\w'’-]+)$",
                           re.IGNORECASE)


def _titled_owner(scan: Scan, start: int, person: Speaker) -> Speaker | None:
    """"The office of the Ukrainian President, Volodymyr Zelensky, said": the name is set off
    after "of the <title>", an apposition to the title; the body holding it speaks."""
    comma = scan.text.rfind(",", start, person.start)
    body = next((sp for sp in speakers_ending_before(scan, start, comma) if sp.end == comma),
                None)
    if body is None or body.type != "org":
        return None
    m = _OF_THE_TITLE.search(scan.text, body.start, body.end)
    return body if m and normalise(m.group("title")) in scan.cues.role_kinds else None


def _place_or_owner(text: str, start: int, sp: Speaker) -> bool:
    """A country word after a place preposition, or owning a noun ("Ukraine's air force")."""
    if sp.type != "metonym":
        return False
    return bool(PLACE_PREP.search(text, max(start, sp.start - 7), sp.start)
                or _POSSESSIVE_THEN_LOWER.match(text, sp.end))


_OF_BODY_NAME = (r"\s+of\s+(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+(?:(?:of|for|and|on)\s+)?"
                 r"[A-Z][\w'’&.-]*){0,5}(?:\s+[a-z-]+)?")
_OF_BODY = re.compile(  # "of the Coastal Watch group", "of the BDI, a think-tank in X,"
    _OF_BODY_NAME + r"(?:,\s+an?\s+[^,.;:“”\"()]{1,60},)?\s*$")
_OF_BODY_SET_OFF = re.compile(_OF_BODY_NAME + r",\s*$")  # ", X of the Y project, said"


def _person_of_body(scan: Scan, start: int, vs: int):
    """"Taras Melnyk of the Coastal Watch group said": the person speaks, not
    the body they belong to (registered or not), whose name runs up to the verb."""
    for sp in speakers_ending_before(scan, start, vs):
        if sp.type == "person" and (_OF_BODY.fullmatch(scan.text, sp.end, vs)
                                    or _TITLE_OF_BODY.fullmatch(scan.text, sp.end, vs)
                                    or _OF_BODY_SET_OFF.fullmatch(scan.text, sp.end, vs)
                                    and _COMMA_AT_END.search(scan.text, start, sp.start)):
            return sp  # (set off too: "A lawyer for them, X of the Y project, said")
        if sp.type not in ("org", "group", "metonym", "reference") and sp.type != "person":
            return None  # (a reference inside the body's name: "of the Military Ombudsman")
    return None


# ", Director of the Small Arms Monitor, a Geneva-based research group, who": a person's title
# of a body, the body's own apposition after it, and "who" before the verb
_TITLE_OF_BODY = re.compile(
    r",\s+(?:[A-Za-z][\w-]*\s+){1,4}of\s+(?:the\s+)?[A-Z][\w'’&.-]*"
    r"(?:\s+(?:(?:of|for|and|on)\s+)?[A-Z][\w'’&.-]*){0,5},\s+(?:an?|the)\s+[^,.;:“”\"()]{1,60},"
    r"\s+(?:who\s+)?$")


# "'s" or a bare apostrophe, then a lower-case word: the name owns a noun ("the FSB's findings")
_POSSESSIVE_THEN_LOWER = re.compile(r"['’]s?\s+[a-z]")
_OWNED = re.compile(r"\w['’]s\s+$")  # "the ministry's " before its voice
_OF = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
_SOME_OF = re.compile(r"(?<![\w'’-])(?:one|two|three|some|several|another|each|both)\s+of\s+$",
                      re.IGNORECASE)
_ONLY_COMMA = re.compile(r"\s*,\s*")
_SET_OFF_BEFORE = re.compile(r",\s*(?:an?\s+)?(?:\d{1,3}-year-old\s+)?$")  # ", 67-year-old X,"
# After an inverted speaker (", said Maliar"): the clause ends, or an apposition or a manner
# phrase follows; ", claiming Ukraine was planning" is no inverted speaker.
# ", claiming Ukraine was planning": Ukraine opens a clause of its own, no inverted speaker.
_ONLY_AS_BEFORE = re.compile(r"\b(?:only\s+(?:as|by\s+(?:her|his|their)\s+first\s+name,?)|"
                             r"call[ -]?sign,?|nicknamed|goes\s+by)\s+[“\"‘]?$")
NOT_INVERTED = re.compile(
    r"\s+(?:was|were|is|are|had|has|have|would|will|could|can|did|does|do|might|may|must|"
    r"[a-z]+ed)\b")
NOBODY_IN = re.compile(r"\b(?:nobody|no\s+one|none|anyone|anybody|everyone|everybody|someone|"
                       r"somebody)\s+(?:in|at|from|inside|within)\s+(?:the\s+)?$",
                       re.IGNORECASE)
_PLACE_LIST = re.compile(  # "in Kyiv and ", "in Kyiv, Warsaw and ": a list of places
    r"\b(?:in|into|from|of|at|to|near)\s+(?:[A-Z][\w'’-]+,?\s+){1,4}(?:and|or)\s+$")
PLACE_PREP = re.compile(r"\b(?:in|into|from|of|at|to|near)\s+$", re.IGNORECASE)
_PLACE_PHRASE = re.compile(  # (\s\s* for \s+ in these searches: a set first lets the engine skip)
    r"\s\s*(?:in|from|at|near|outside|around)\s+(?:the\s+)?"
    r"(?:[A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?"
    r"(?:\s+(?:plant|site|base|airport|port|front|station|facility|hospital|embassy|region|"
    r"oblast|province|district|republic))?"
    r"(?:(?:,\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+){0,2}\s+(?:and|or)\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?"  # "and Warsaw"
    r"|(?:region|area|city|town|village|capital|province|oblast|south|east|north|west))\s*$")
# ("officials in the region said": a lower-case place noun after "the" too)


_PAREN_BEFORE = re.compile(r"(?: \([^()\n]{1,60}\)){1,2},?\s+$")  # "X (Angus) (SNP) said"
# A body's abbreviation closing an apposition ("X, a researcher at the Norwegian Institute
# of International Affairs (NUPI), told"): the apposition ends at its comma, as it would without it
_ABBREVIATION_CLOSING = re.compile(r" " + BRACKETED_ABBREVIATION + r",\s+")


_NAME = r"[A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+){0,2}"
_SITE_LIST = (  # "at the Khmelnytskyy, Rivne and South Ukraine nuclear power plants"
    r"(?:in|at|from|near)\s+(?:the\s+)?" + _NAME + r"(?:,\s+" + _NAME + r"){0,4},?"
    r"\s+(?:and|or)\s+" + _NAME + r"(?:\s+[a-z]+){0,2}\s+"
    r"(?:plants?|sites?|bases?|ports?|stations?|facilit(?:y|ies)|hospitals?|embass(?:y|ies))")
_ONE_SITE = (r"(?:in|at|from|near)\s+(?:the\s+)?" + _NAME + r"(?:\s+[a-z]+){0,2}\s+"
             r"(?:plants?|sites?|bases?|ports?|stations?|facilit(?:y|ies)|hospitals?)")
_PLACE_LIST_PHRASE = re.compile(  # ... "and at the Chornobyl site" after the list
    r"\s+" + _SITE_LIST + r"(?:,?\s+and\s+" + _ONE_SITE + r")?\s*$")


_OF_NAMED_PLACE = re.compile(
    r"\s(?:of|from)\s+(?P<place>[A-ZÀ-ÞĀ-Ž][\w'’.-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’.-]+)?)\s*$")


def _person_of_place(scan: Scan, start: int, opener: int) -> Speaker | None:
    """"Sen. Roger Wicker of Mississippi, the top Republican ..., said": a person named
    right before "of" or "from" and a place of the gazetteer, then an apposition, speaks."""
    m = _OF_NAMED_PLACE.search(scan.text, max(start, opener - 40), opener)
    gazetteer = scan.resolver.ctx.knowledge.gazetteer
    if m is None or gazetteer is None or gazetteer.names.get(key_of(m.group("place"))) is None:
        return None
    person = next(iter(speakers_ending_before(scan, start, m.start() + 1)), None)
    return person if person is not None and person.type == "person" and \
        person.end == m.start() else None


def _before_place_phrase(text: str, start: int, vs: int) -> int:
    """"Officials in Kharkiv said": the speaker ends before "in Kharkiv"."""
    m = _PLACE_LIST_PHRASE.search(text, start, vs) or _PLACE_PHRASE.search(text, start, vs)
    return m.start() + 1 if m else vs


_AUX_TAIL = re.compile(r"\s(?:has|have|had)(?:\s+(?:also|since|already|previously))?\s*$")


def _body_before_place_and_aux(scan: Scan, start: int, vs: int) -> int:
    """"The Russian Embassy in Rome has said": a body ends before "in Rome" when an auxiliary
    stands between the place and the verb, as it does before "said" alone; `vs` otherwise
    (a person or a reference keeps its own way: "Kyiv's ambassador in London has told")."""
    aux = _AUX_TAIL.search(scan.text, start, vs)
    if aux is None:
        return vs
    placed = _before_place_phrase(scan.text, start, aux.start())
    if placed == aux.start() or not any(sp.type == "org" and sp.end == placed - 1
                                         for sp in speakers_ending_before(scan, start, placed)):
        return vs
    return placed


_OF_PLACE = re.compile(  # "residents of Kherson", "officials of the Kherson region"
    r"\s\s*of\s+(?:the\s+)?[A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?"
    r"(?:\s+(?:region|oblast|province|district|city|town|village))?\s*$")


def _before_group_place(scan: Scan, start: int, vs: int) -> int:
    """"Residents of Kherson said", "the governor of Belgorod said": an unnamed group or a
    later reference ends before the place it is of (a place of the gazetteer); "The Secretary
    of State said" keeps its words."""
    m = _OF_PLACE.search(scan.text, start, vs)
    if m is None or not any(sp.type in ("group", "reference") and sp.end == m.start()
                            for sp in speakers_ending_before(scan, start, m.start() + 1)):
        return vs
    place = scan.text[m.start():vs].split(" of ", 1)[-1].strip()
    gazetteer = scan.resolver.ctx.knowledge.gazetteer
    words = place.split()
    if words and words[0] == "the":
        words = words[1:]
    if gazetteer is None or not any(gazetteer.names.get(key_of(" ".join(words[:n]))) is not None
                                    for n in range(len(words), 0, -1)):
        return vs
    return m.start() + 1


_SITE_PHRASE = re.compile(  # " at the nuclear plant ", " of the village "
    r"\s\s*(at|in|from|near|outside|around|of)\s+the\s+(?:[\w'’-]+\s+){0,2}?([a-z]+)\s*$")


def _before_site(scan: Scan, start: int, vs: int) -> int:
    """"Doctors at the hospital said", "Residents of the village said": an unnamed group ends
    before the place it is at (a noun of cues.yaml site_nouns); "of" only after a plural
    group ("the head of the district" names whom it heads)."""
    m = _SITE_PHRASE.search(scan.text, start, vs)
    if m is None or m.group(2) not in scan.cues.site_nouns:
        return vs
    if any(sp.type == "group" and sp.end == m.start() and (m.group(1) != "of" or not sp.singular)
           for sp in speakers_ending_before(scan, start, m.start() + 1)):
        return m.start() + 1
    return vs


def _before_participle_phrase(scan: Scan, start: int, vs: int) -> int:
    """"Russian soldiers fighting near Verbove say": an unnamed group ends before what it is
    doing or where it is posted (cues.yaml group_participles)."""
    m = scan.cues.participle_phrase.search(scan.text, start, vs)
    if m is None:
        return vs
    if any(sp.type == "group" and sp.end == m.start()
           for sp in speakers_ending_before(scan, start, m.start() + 1)):
        return m.start() + 1
    served = _before_serving_phrase(scan, start, m.start() + 1)  # "Soldiers of a Russian
    return served if served <= m.start() else vs  # assault company fighting near X say"


def _before_knowing_phrase(scan: Scan, start: int, vs: int) -> int:
    """"Sources familiar with the matter said": the speaker ends before what they know of
    (unless a speaker's own name takes it in: "people familiar with the matter")."""
    things, pattern = _knowing_phrase(scan.cues.knowledge_phrases, scan.cues.known_things)
    if not scan.text[start:vs].rstrip().endswith(things):
        return vs  # the phrase ends the window: a plain look first, no search at each space
    m = pattern.search(scan.text, start, vs)
    if m is None or any(sp.end > m.start() for sp in speakers_ending_before(scan, start, vs)):
        return vs
    return m.start() + 1


def _before_serving_phrase(scan: Scan, start: int, vs: int) -> int:
    """"A source in the regional security services told": an unnamed source ends before the
    unnamed body it serves in (a body the registry names is a speaker of its own, handled
    with the group's side)."""
    m = _serving_phrase(scan.cues).search(scan.text, start, vs) or \
        scan.cues.employer_phrase.search(scan.text, start, vs) or \
        scan.cues.unit_phrase.search(scan.text, start, vs)  # "soldiers of a penal company"
    if m is None or not any(sp.type == "group" and sp.end == m.start()
                            for sp in speakers_ending_before(scan, start, m.start() + 1)):
        return vs
    if _named_inside(scan, m.start(), vs) is not None:
        return vs
    return m.start() + 1


def _serving_phrase(cues: Cues) -> re.Pattern[str]:
    """Where an unnamed group serves, after it and before its verb (cues.yaml serving_within
    and serving_bodies: "officials in the security services"; serving_prepositions and
    serving_heads: "an adviser to the interior minister"; sides_quantifiers and sides_nouns:
    "officials from both sides")."""
    return _serving_phrase_of(cues.serving_within, cues.serving_bodies, cues.serving_to,
                              cues.serving_heads, cues.sides_quantifiers, cues.sides_nouns)


@functools.lru_cache(maxsize=4)
def _serving_phrase_of(within: frozenset[str], bodies: frozenset[str], to: frozenset[str],
                       heads: frozenset[str], quantifiers: frozenset[str],
                       sides: frozenset[str]) -> re.Pattern[str]:
    return re.compile(
        r"\s\s*(?:" + alternation(within) + r")\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,3}?"
        r"(?:" + alternation(bodies) + r")\s*$"
        r"|\s\s*(?:" + alternation(to) + r")\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
        r"(?:" + alternation(heads) + r")\s*$"
        r"|\s\s*from\s+(?:" + alternation(quantifiers) + r")\s+(?:[\w'’-]+\s+){0,2}?"
        r"(?:" + alternation(sides) + r")\s*$")


@functools.lru_cache(maxsize=4)
def _knowing_phrase(phrases: frozenset[str],
                    things: frozenset[str]) -> tuple[tuple[str, ...], re.Pattern[str]]:
    """What a knowing phrase may be about (cues.yaml known_things: its last word, which must
    end the window), and the phrase itself (knowledge_phrases): " familiar with the matter"."""
    return tuple(sorted(things)), re.compile(
        r"\s\s*(?:" + alternation(phrases, True) + r")\s+(?:the|these|those|this)\s+"
        r"(?:[a-z]+\s+){0,2}?(?:" + alternation(things, True) + r")\s*$")


def _named_inside(scan: Scan, lo: int, hi: int) -> Speaker | None:
    for sp in scan.speakers[bisect.bisect_right(scan.starts, lo):]:
        if sp.start >= hi:
            break
        if sp.end < hi and sp.type in ("person", "org"):
            return sp
    return None


def _is_whole(text: str, sp: Speaker, lo: int, hi: int) -> bool:
    return not text[lo + 1:sp.start].strip() and not text[sp.end:hi - 1].strip(" ,")


def _ends_with_unit(lead: str, start: int, units: list[Unit]) -> bool:
    stop = start + len(lead)
    return any(u.close == stop for u in units)


_TITLE_SET_OFF = re.compile(  # ", the governor of Kharkiv, " right before a name
    r",\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?P<role>[a-z][\w-]*)"
    r"(?:\s+(?:of|for|in|at|to)\s+(?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,4}?)?,\s*$")


def strip_titles(scan: Scan, start: int, pos: int) -> int:
    """Move back over "General", "Ukrainian President" ... printed before a speaker's name,
    and over a title set off by commas (", the governor of Kharkiv, Oleh Syniehubov,")."""
    set_off = _TITLE_SET_OFF.search(scan.text, max(start, pos - 90), pos)
    if set_off is not None and set_off.group("role").lower() in scan.cues.role_kinds:
        return set_off.start() + 1
    at = strip_title_words(scan, start, pos)
    office = _CAPITALISED_OFFICE.search(scan.text, max(start, at - 70), at)
    if office is not None and office.end() == at and _QUOTE_CLOSE_BEFORE.search(
            scan.text, max(start, office.start() - 3), office.start()):
        return office.start()  # '"...," U.N. High Commissioner for Refugees Filippo X said'
    return at


# A capitalised office of up to seven words, "of"/"for" between ("U.N. High Commissioner for
# Refugees ", "Secretary of State "), right after a closed quotation and its comma.
_CAPITALISED_OFFICE = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+)(?:(?:[A-Z][\w.'’-]*|of|for|the|on)\s+){0,6}$")
_QUOTE_CLOSE_BEFORE = re.compile(r"[,!?][”\"’]\s*$")


def strip_title_words(scan: Scan, start: int, pos: int) -> int:
    """Move back over "General", "Ukrainian President" ... printed before a speaker's name;
    a lower-case title phrase ("deputy defence minister", "the head of the regional
    administration") counts when it holds a role and runs back to a clause boundary."""
    cues = scan.cues
    known = pos  # start of the titles recognised word by word
    cur, seen_role = pos, False
    for _ in range(12):
        m = _last_word(scan.text, start, cur)
        if not m:
            break
        word = m.group(1)
        pair = _role_pair(scan, start, m)  # "political scientist": a role of two words
        if pair is not None:
            m, word = pair, pair.group(1)
        if cues.not_a_name(word) or word.lower() in cues.role_kinds \
                or seen_role and word.lower() in cues.ranks:
            # ("Senior Lieutenant": a rank word before a title is the title's)
            seen_role = seen_role or word.lower() in cues.role_kinds or word in cues.titles
            cur = m.start(1)
            if known == m.end(1) or not scan.text[m.end(1):known].strip():
                known = cur
            continue
        if not _TITLE_FILLER.fullmatch(word) or word.lower() in _NOT_TITLE and not (
                word.lower() == "to" and _role_before(scan, start, m.start(1))):
            break  # (but "adviser to the head of ...": the title goes on)
        seen_role = seen_role or word.lower() in cues.reference_roles \
            or word.lower() in cues.voice_words \
            or word.lower() in cues.lone_body_kinds  # "news agency TASS", "the press service
        # of", "the Turkish manufacturer Baykar"
        cur = m.start(1)
    if seen_role and cur < known and _BOUNDARY_BEFORE.search(scan.text, start, cur):
        return cur
    return known


_LAST_WORD = re.compile(r"([\w.'’-]+)\s*$")
_WORD_MARKS = "_.'’-"  # with the letters and digits (str.isalnum), what \w.'’- matches


def _role_pair(scan: Scan, start: int, m: re.Match[str]) -> re.Match[str] | None:
    """The word before `m` with `m`'s word, when the two are a role of cues.yaml roles and the
    last is none alone ("political scientist", "drone operator"), matched as one word."""
    word = m.group(1).lower()
    if word in scan.cues.role_kinds:
        return None
    before = _last_word(scan.text, start, m.start(1))
    if before is None or f"{before.group(1).lower()} {word}" not in scan.cues.role_kinds:
        return None
    return _TWO_WORDS.match(scan.text, before.start(1), m.end(1))


_TWO_WORDS = re.compile(r"([\w'’-]+\s+[\w'’-]+)")


def _last_word(text: str, start: int, end: int) -> re.Match[str] | None:
    """_LAST_WORD.search(text, start, end): the run of word characters that ends the range
    before its trailing white space. Found by stepping back from the end over the white space
    (str.isspace is the pattern's white space) and the word, then matching there once: a search
    tries the pattern at every position before the last word, and this runs for every word of a
    speaker's title."""
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    first = stop
    while first > start and (text[first - 1].isalnum() or text[first - 1] in _WORD_MARKS):
        first -= 1
    if first == stop:
        return None
    return _LAST_WORD.match(text, first, end)


def _role_before(scan: Scan, start: int, pos: int) -> bool:
    """A role word ends right before `pos` ("adviser" in "adviser to the head of ...")."""
    m = _last_word(scan.text, start, pos)
    return m is not None and m.group(1).lower() in scan.cues.role_kinds


_TITLE_FILLER = re.compile(r"[a-z][\w-]*|[A-Z][\w-]*['’]s|[A-Z]{2,5}|[A-Z][a-z][\w-]*")
# (a capitalised word counts only inside a title phrase that holds a role and runs back to a
# clause boundary: ", Deputy Head of the Kherson Oblast Council Yurii Sobolevskyi said")
_NOT_TITLE = frozenset({"and", "but", "or", "said", "says", "that", "which", "who", "as",
                        "while", "when", "after", "because", "if", "than", "then", "to"})
_BOUNDARY_BEFORE = re.compile(r"(?:^|[,;:(“”\"–—-])\s*$")


_NAMED_AFTER_ROLE = re.compile(  # "the officer, who goes by the call sign " before the name
    r"\b[Tt]he\s+(?:[a-z-]+\s+){0,2}[a-z-]+,\s+who\s+(?:goes\s+by|asked\s+to\s+be\s+identified|"
    r"gave|would\s+give|is\s+known|was\s+identified)[^.;:!?]{0,40}?[“\"‘]?$")


def named_later(text: str, found: list) -> None:
    """"X, a Ukrainian commander has told ITV News. ¶ The officer, who goes by the call sign
    Kobzar, said Y": the one unnamed speaker of the lede is the person named right after."""
    ordered = sorted(found, key=lambda f: f.start)
    for a, b in zip(ordered, ordered[1:]):
        m, n = a.mention, b.mention
        if m is None or n is None or m.type != "group" or n.type != "person" or \
                not text.startswith(("a ", "an ", "A ", "An "), m.start) or \
                text.count("\n\n", a.end, n.start) > 1 or not b.source or \
                not _NAMED_AFTER_ROLE.search(text, max(0, n.start - 90), n.start):
            continue
        named = replace(n, start=m.start, end=m.end)  # the lede's words, now naming the person
        for f in ordered:
            if f.mention is m:
                f.source, f.mention, f.rule = b.source, named, f.rule + ":named-later"

