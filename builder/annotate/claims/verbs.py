"""Claims pass: claims made with a speech verb ("X said ...", "..., X said")."""

from __future__ import annotations

import re

from builder.knowledge.words import find as find_phrases
from builder.model import Note, Span
from builder.annotate.resolve import PERSON_ROLES
from builder.annotate.speakers import Speaker
from builder.annotate.speakers.wording import gap_ok
from builder.annotate.claims.outlet_pieces import piece_in_subject
from builder.annotate.claims.scan import (
    Found,
    Scan,
    Unit,
    END_PUNCT,
    QUOTE_MARKS,
    TRIM,
    WORD_AT,
    add_found,
    unpunctuated_end,
    is_covered,
    in_units,
    text_key,
    looks_like_verb,
    normal,
    speaker_after,
    speakers_from,
    speech_verb_at,
    speech_verbs,
)
from builder.annotate.claims.subjects import (
    carried_by,
    sentence_subject,
    speaker_ahead,
    strip_titles,
    speaker_of_verb,
)
from builder.annotate.claims.clauses import (
    THIS_ONLY,
    prior_range,
    ARTICLE_END,
    AS_LEAD,
    COUNT_AHEAD,
    ING,
    ONLY_APPOSITION,
    THAT,
    TRAILING_MARK,
    after_listener,
    listener_ends_clause,
    narration_aside_cut,
    after_verb,
    claim_start,
    clause_cut,
    cut_trailing_attribution,
    determiner_that,
    ends_clause,
    only_fragment,
    opens_clause,
    quote_in_next_paragraph,
    speaking_clause_ahead,
    unit_at,
    unit_ending_at,
    without_trailing_aside,
)
from builder.annotate.claims.relays import (
    nested,
    relay_of,
    told_outlet,
)


# A question put to the speaker opens the sentence: the words in it are nobody's claim.
_ASKED_LEAD = re.compile(r"\s*(?:When\s+)?[Aa]sked\s+(?:whether|if|about|what|why|how|when|who|"
                         r"to\s+comment|for\s+comment)\b[^.;:!?“”\"]*?,")


_WHO_AFTER = re.compile(r",\s+who\b")
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’-])(?:a|an|the)\s+$", re.IGNORECASE)


def _noun_phrase(scan: Scan, speaker, verb) -> bool:
    """"a BBC News report about", "an ISW estimate of": a speech verb whose bare form is a noun
    (cues.yaml noun_verbs) right after a body's or person's name that an article opens is a
    noun the name qualifies."""
    text = scan.text
    return speaker.type in ("org", "person") and text[speaker.end:verb.start()] == " " and \
        verb.group() in scan.cues.noun_verbs and \
        _ARTICLE_BEFORE.search(text, max(0, speaker.start - 5), speaker.start) is not None


def _body_reference(speaker: Speaker) -> bool:
    """"The court found that ...": a later reference to a body (cues.yaml references), whose
    finding is a claim as the body's name's is; not "the governor" or "the 52-year-old"."""
    return speaker.type == "reference" and bool(speaker.roles) and \
        not PERSON_ROLES & set(speaker.roles)


_MAIN_RESUMES = re.compile(r",\s+")


def _main_clause_cut(scan: Scan, start: int, end: int) -> int:
    """Inside "X, who said that A, Y said B": the comma after A, where another speaker and
    its speech verb open the sentence's main clause; `end` when there is none."""
    for comma in _MAIN_RESUMES.finditer(scan.text, start, end):
        sp = next((s for s in speakers_from(scan, comma.end(), 1)), None)
        if sp is None or sp.start != comma.end() or sp.end >= end:
            continue
        verb = next(iter(speech_verbs(scan, sp.end, min(end, sp.end + 24))), None)
        if verb is not None and not scan.text[sp.end:verb.start()].strip(" ,"):
            return comma.start()
    return end


_THAT_AHEAD = re.compile(r"\s+(?:[^,.;:“”\"]{1,60}?\s+)?that\s")
_THAT_NEXT = re.compile(r"\s+that\s")
_CLAUSE_WORD = re.compile(r"\b(?:was|were|is|are|be|been|being|who|which|that|by|after|before|when|"
                          r"while|as|since|because|if|until|though|although|and|but)\b")


def _unknown_subject(scan: Scan, start: int, end: int, verb):
    """"A person close to the prosecution said that A": a noun phrase no speaker list knows
    opens the sentence, then a saying verb and "that" (after a plain one's listener too), or
    a plain one and a clause of its own ("the lone gunman said he had"): the words are
    someone's, though not anyone the registry names. A name no list knows speaks so only with
    an aside set off before the verb ("Halim, a ferryman, said that"): a capitalised word
    alone there may be a common word ("Teachers said that"). A participle's subject may
    follow ", with" instead ("lost the appeal, with a judge ruling that A")."""
    plain = verb.group().lower() in scan.cues.plain_saying
    if not (_THAT_AHEAD if plain else _THAT_NEXT).match(scan.text, verb.end()) and not (
            plain and scan.text.startswith(" ", verb.end())
            and opens_clause(scan, verb.end() + 1, end)):
        return None  # "told the court that", "argues that"
    cut = verb.start()
    absolute = _WITH_ING.search(scan.text, start, verb.start()) \
        if verb.group().endswith("ing") else None
    if absolute is not None and _speaker_noun(
            scan, scan.text[absolute.end():verb.start()].split()[-1].lower()):
        start = absolute.end()  # "..., with a judge ruling that A": the phrase after "with"
        # (its head a speaker's noun: not "with the usual warning that")
    aside = _set_off_relative(scan, start, verb.start())
    if aside is None:
        m = scan.cues.unknown_subject.fullmatch(scan.text, start, verb.start())
    else:  # "A curator at a museum, who asked not to be named, told X that": without it
        cut = aside[0]
        m = scan.cues.unknown_subject.fullmatch(
            scan.text[:cut] + scan.text[aside[1]:verb.start()], start)
    if m is None or _CLAUSE_WORD.search(m.group("np")) or \
            (m.group("name") and (aside is None or scan.cues.first_person.fullmatch(
                m.group("name")))) or \
            any(sp.start < cut for sp in speakers_from(scan, m.start("np"), 1)):
        return None  # a passive or a relative clause, or a speaker the lists know
    return Speaker(m.start("np"), m.end("np"), "", "unknown", name=m.group("np"))


# ", with " before the subject of a participle ("..., with a judge ruling that"): the words
# are the subject's
_WITH_ING = re.compile(r",\s+with\s+(?=(?:a|an|the|its|his|her|their)\s[^,.;:“”\"()]{2,60}$)")


# ", a ferryman who runs 2,000 crossings a year,": commas round words opening lower-case
_COMMA_ASIDE = re.compile(r",\s+([a-z]+)\s(?:[^,.;:“”\"()]|(?<=\d),(?=\d)){1,100},(?=\s)")


def _set_off_relative(scan: Scan, start: int, vs: int) -> tuple[int, int] | None:
    """An aside set off by commas right before the verb, only the words a subject may have
    before its verb after it: a relative clause (cues.yaml person_relatives, body_relatives),
    an apposition (unknown_subject_articles: ", a ferryman who runs 2,000 crossings a year,")
    or a participle's phrase (", speaking at a rally,"); its span."""
    cues = scan.cues
    for m in _COMMA_ASIDE.finditer(scan.text, start, vs):
        word = m.group(1)
        if (word in cues.person_relatives or word in cues.body_relatives or
                word in cues.unknown_subject_articles or ING.search(word)) \
                and gap_ok(cues, scan.text[m.end():vs]):
            return m.start(), m.end()
    return None


_CLOSER_REST = re.compile(r"[^,.;:!?“”\"]{0,50}(?:[,.;:!?]|$)")
_OF_SPLIT = re.compile(r"\s+of\s+")


def _speaker_noun(scan: Scan, word: str) -> bool:
    """A noun for one who speaks: a person's role, a body's noun, a later reference's or an
    unnamed group's head (cues.yaml roles, org_nouns, references, anonymous heads)."""
    cues = scan.cues
    word = cues.anonymous_plural.get(word, word)
    return word in cues.role_kinds or word in cues.reference_roles or \
        word in cues.anonymous_plural or word in cues.lone_body_kinds or \
        cues.org_nouns.fullmatch(word) is not None


def _unknown_closer(scan: Scan, start: int, end: int, verb):
    """"A, the gallery's director has told The Harbour Ledger.", "A, a Latvian court ruled
    Thursday.": a noun phrase no speaker list knows closes the sentence after a comma, its
    head a speaker's noun, then the verb and at most a short phrase (its listener, its time):
    the clause before the comma is the phrase's words, though not anyone the registry
    names."""
    text = scan.text
    m = scan.cues.unknown_closer.search(text, start, verb.start())
    if m is None or len(text[start:m.start()].split()) < 4 or \
            not _CLOSER_REST.match(text, verb.end(), end):
        return None
    np = m.group("np")
    words = _OF_SPLIT.split(np, maxsplit=1)[0].split()
    if len(np.split()) > 7 or _FINITE.search(np) or scan.cues.verbs.search(np.lower()) or \
            not _speaker_noun(scan, words[-1].lower()):
        return None
    if any(sp.start < verb.start() and sp.type not in ("group", "reference")
           for sp in speakers_from(scan, m.start("np"), 4)):
        return None  # "an Ukrinform correspondent reports": a name the lists know is in it
    return Speaker(m.start("np"), m.end("np"), "", "unknown", name=np)


def verbs(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    text, cues = scan.text, scan.cues
    last: Found | None = None
    body_end = unpunctuated_end(text, start, end)
    trailing = -1  # where a trailing attribution starts (see below), worked out when needed
    asked = _ASKED_LEAD.match(text, start, end)  # "Asked whether Kyiv would agree, X said"
    for m in speech_verbs(scan, start, end):
        if in_units(m.start(), units) or is_covered(m.start(), covered) or \
                (asked is not None and m.start() < asked.end()):
            continue
        if m.group() in cues.passive_participles and \
                _TO_BE.match(text[m.end():m.end() + 12]):
            continue  # "estimated to have": a passive, handled above
        if next(find_phrases(cues.lists["question_lead"], text, max(start, m.start() - 200),
                             m.start()), None) is not None:
            continue  # "asked whether the agency could say where ...": a question
        if m.group() in cues.passive_participles and \
                _BE_BEFORE.search(text, max(start, m.start() - 16), m.start()) and \
                _TO_VERB.match(text[m.end():m.end() + 6]):
            continue  # "the bid is expected to dominate the agenda": nobody speaks
        frames = cues.frames(m.group())
        verb = normal(m.group())  # the verb's cue-list key, once per verb
        if verb in cues.accusations and verb.endswith("ed") and \
                _OF_OR_FOR.match(text, m.end()):
            continue  # "A soldier accused of shooting a civilian asked ...": no accuser, the
            # subject is the accused (an accusation's content opens with whom it accuses)
        if verb in cues.naming_verbs and \
                _WHAT_BEFORE.search(text, max(start, m.start() - 40), m.start()):
            continue  # "what he called the country's 'mobilisation resource'"
        if verb in cues.naming_verbs and \
                _WHICH_NAMED.search(text, max(start, m.start() - 80), m.start()) and \
                _QUOTED_NAME.match(text, m.end()):
            continue  # "the Kinzhal, which Putin has called "invincible," could be ...": a
            # name inside the sentence's claim, no claim of its own
        by = _passive_by(scan, start, end, m)
        if by is not None:
            add_found(scan, by, covered)
            covered.append((m.start(), by.mention.end if by.mention else m.end()))
            continue
        if "object" in frames and _BY.match(text, m.end()) and \
                BEEN.search(text, start, m.start()):
            continue  # "the team was informed by the plant that ...": the team told nothing
        if last is not None and _participle_after(text, last, m):
            speaker, inverted = None, False  # "X said A, noting that B": X's, not a name in A
        else:
            speaker, inverted = speaker_of_verb(scan, start, m.start(), m.end(), end, units)
        if speaker is not None and not inverted and _noun_phrase(scan, speaker, m):
            continue  # "a BBC News report about ...": a noun after the name, no one speaks
        if speaker is not None and not inverted and carried_by(scan, start, speaker):
            speaker = None  # "X, quoted by Ukrinform, urged ..., saying": the outlet carried
            # the words of the sentence's subject
        if speaker is not None and verb in cues.finding_verbs and \
                speaker.type not in ("org", "document") and not _body_reference(speaker):
            continue  # "rescuers ... found that", "AFP journalists found that": a discovery,
            # not a body's or a report's finding
        if inverted and m.group().lower().endswith("ing") and \
                verb in cues.accusations:
            speaker, inverted = None, False  # "Russia struck, accusing Kyiv of X": Kyiv is
            # the accused; the sentence's subject accuses
        if speaker is None and last is not None and verb not in cues.finding_verbs and \
                _same_subject(text, start, m):
            speaker = last.mention  # "..., he said, adding that ..."
            source = last.source
            rule = ":participle"
        elif speaker is None and verb not in cues.finding_verbs and \
                (head := sentence_subject(scan, start, m)) is not None:
            speaker = head  # "Zelensky, in his nightly address, thanked ... and said ..."
            source, rule = scan.resolver.resolve(speaker, m.start())
            rule = ":coordinated" + rule
        elif speaker is None and (head := piece_in_subject(scan, start, m)) is not None:
            speaker, source, rule = head, head.id, ":piece-in"  # "An editorial in X argues"
        elif speaker is None and (head := _unknown_subject(scan, start, end, m)) is not None:
            speaker, source, rule = head, None, ":unknown-subject"
        elif speaker is None and (head := _unknown_closer(scan, start, end, m)) is not None:
            speaker, source, rule = head, None, ":unknown-closer"
        elif speaker is None:
            continue
        else:
            source, rule = scan.resolver.resolve(speaker, m.start())
        if speaker is None:
            continue  # never: a claim kept below as `last` has its speaker as its mention
        inner = speaker.type == "group" or (
            speaker.type == "pronoun" and speaker.name.lower() in _INNER_PRONOUNS)
        if inner and trailing < 0:
            trailing = cut_trailing_attribution(scan, start, body_end) if not units else body_end
        if inner and m.start() < trailing < body_end:
            continue  # "IAEA experts have observed A, Grossi said.": A is all Grossi's (and
            # "Russia dug in because they expected to lose the sea, he said": all his)
        if rule.startswith(":unresolved"):
            said = Span(speaker.start, speaker.end, text[speaker.start:speaker.end])
            scan.notes.append(Note("unresolved", f"'{said.text}' has no earlier speaker it can "
                                   "stand for", said, rule="pronoun"))
        found = _content(scan, start, end, units, m, frames, speaker, inverted,
                         after_only=rule == ":participle")
        if found is None and not inverted and speaker.type in ("group", "reference") and \
                (closer := _unknown_closer(scan, start, end, m)) is not None and \
                closer.start < speaker.start:  # "A, the port's duty officer said": the whole
            speaker, source, rule = closer, None, ":unknown-closer"  # phrase, not "officer"
            found = _content(scan, start, end, units, m, frames, speaker, inverted)
        if found is None:
            continue
        if found.start > m.end() and any(
                _RELATIVE_BEFORE.search(text, max(m.end(), v.start() - 30), v.start())
                for v in speech_verbs(scan, m.end(), found.start)):
            continue  # "lashed out at Amnesty, which said ... that X": X is Amnesty's
        if found.kind == "reported" and found.start >= m.end() and \
                THIS_ONLY.fullmatch(text, found.start, found.end):
            prior = prior_range(text, start)  # "Prokudin reported this on Telegram."
            if prior is None or any(prior[0] <= f.start < prior[1] and f.kind != "figure"
                                    for f in scan.found[-30:]):
                continue  # nothing before, or it is credited already
            scan.found[:] = [f for f in scan.found if not prior[0] <= f.start < prior[1]]
            found.start, found.end = prior
            found.rule = "back-reference"
        if found.kind == "reported" and found.start >= m.end() and \
                _WHICH_SPEAKER.search(text, max(start, speaker.start - 16), speaker.start):
            comma = text.find(", ", found.start, found.end)  # "The strikes, which Kyiv said
            if comma > found.start:  # killed 12 people, targeted ...": the relative clause
                found.end = comma
        if found.kind == "reported" and found.start >= m.end() and \
                _WHO_AFTER.match(text, speaker.end, m.start()):
            found.end = _main_clause_cut(scan, found.start, found.end)  # "remarks by X, who
            # claimed that A, the spokesperson said B": A ends where the main clause resumes
        if found.kind == "reported" and _MANNER_ONLY.fullmatch(text, found.start, found.end):
            continue  # "Moscow responded coolly.": how, not what
        if found.kind == "reported" and "object" not in frames and \
                _only_a_name(scan, found.start, found.end):
            continue  # "had warned Erdogan.": whom, no claim
        if text_key(text[found.start:found.end]) in scan.cues.not_content or \
                scan.cues.empty_object.fullmatch(text, found.start, found.end) or \
                _NOTHING_ABOUT.match(text, found.start) or (
                    found.kind == "reported" and _TOPIC_ONLY.match(text, found.start)):
            continue  # "said nothing about casualties", "boasted about the Kinzhal": no claim
        if found.kind == "reported" and verb in scan.cues.needs_that and \
                found.start > m.end() and not _THAT_OR_COLON.search(text, m.end(), found.start):
            continue  # "declared a day of mourning", "announced a curfew": acts, not claims
        if found.kind == "reported" and verb in scan.cues.intent_verbs and \
                _TO_INFINITIVE.match(text, found.start):
            continue  # "the F-16s that Ukraine expects to receive": an intention, no claim
        if found.kind == "reported" and verb in scan.cues.needs_as and \
                _TOPIC.match(text, found.start) and not _AS_WORD.search(text, found.start,
                                                                         found.end):
            continue  # "described the fighting by phone": a topic, not what was said
        if found.kind == "reported" and verb in scan.cues.accusations:
            found.end = _accusation_end(text, found.start, found.end, units)
        if found.kind == "reported" and verb in scan.cues.needs_as_always and \
                not _AS_WORD.search(text, found.start, found.end):
            continue  # "dismissed the regional governor": an act
        if found.kind == "reported" and verb in scan.cues.needs_for and \
                not _FOR_WORD.search(text, found.start, found.end):
            continue  # "criticized the decision": no claim without "for ..."
        if found.kind == "reported" and verb in scan.cues.exhortations and \
                _exhortation(scan, found.start, found.end):
            continue  # "warned the Baltic states against arming Ukraine": an appeal
        if found.kind == "reported" and _names_appeal(scan, found.start, found.end):
            continue  # "repeated his call for fighter jets": the appeal, named
        found.source, found.mention = source, speaker
        found.rule = found.rule + rule
        relay = relay_of(scan, start, end, found) or _person_relay(scan, found, m, end)
        if relay:
            found.via = (relay, *told_outlet(scan, m.end(), relay))
        add_found(scan, found, covered)
        covered.append((speaker.start, m.end()))
        last = found
        if found.kind == "quote" and found.end <= speaker.start:
            _resumed_quote(scan, found, max(m.end(), speaker.end), units, covered)
        elif found.rule.startswith("reported-before") and inverted:  # "A, says X, "B.""
            _resumed_quote(scan, found, speaker.end, units, covered, _RESUMES_LONG)
        nested(scan, found, units)
        and_that(scan, found, end, units, covered)
        if found.end <= speaker.start and found.end <= m.start():
            _but_after_attribution(scan, found, m.end(), end, units, covered)


_INNER_PRONOUNS = frozenset({"they", "it"})  # a group's or a body's, inside another's claim


_LOWER_LEAD = re.compile(r"(?:[a-z]+\s+){0,2}")  # "the ministry", "lawmaker Yoo Sang-bum"


def _person_relay(scan: Scan, found: Found, verb, end: int) -> str | None:
    """"X had told investigators that A, the prosecutor said.": A is X's, relayed by the
    person whose attribution closes the sentence (when X is a person too)."""
    if found.kind != "reported" or found.start < verb.end() or found.source is None or \
            scan.resolver.source_type(found.source) not in ("person", "org"):
        return None
    m = scan.cues.trailing_teller.match(scan.text, found.end, end)
    if m is None:
        return None
    who = next((sp for sp in speakers_from(scan, m.start("who"), 2)
                if sp.end == m.end("who") and
                _LOWER_LEAD.fullmatch(scan.text, m.start("who"), sp.start)), None)
    if who is None:
        return None
    teller, _rule = scan.resolver.resolve(who, m.start("who"))
    if teller is None or teller == found.source or \
            scan.resolver.source_type(teller) not in ("person", "group", "org"):
        return None
    return teller


_TO_BE = re.compile(r"\s+to\s+(?:be|have)\b")
_TO_VERB = re.compile(r"\s+to\s+[a-z]")


_WHICH_SPEAKER = re.compile(r",\s+(?:which|that|who|whom)\s+(?:the\s+)?$", re.IGNORECASE)
_MANNER_ONLY = re.compile(r"\s*(?:[a-z]+ly|in\s+kind)[.!]?\s*")  # "coolly", "in kind"


def _only_a_name(scan: Scan, start: int, end: int) -> bool:
    """The content is nothing but a speaker's name (the verb's object)."""
    stop = start + len(scan.text[start:end].rstrip(END_PUNCT))
    return any(sp.start == start and sp.end >= stop for sp in speakers_from(scan, start, 2))


_COORDINATED = re.compile(r"(?:,\s*|\s)(?:but|and)\s+(?:also\s+|later\s+|then\s+)?$")


_BY = re.compile(r"\s+by\s+")
BEEN = re.compile(r"\b(?:was|were|has been|have been|had been|is|are)\s+$", re.IGNORECASE)


def _passive_by(scan: Scan, start: int, end: int, verb) -> Found | None:
    """"Russian withdrawal was announced by the Ukrainian leader": the subject is the claim."""
    text = scan.text
    aux = BEEN.search(text, start, verb.start())
    by = _BY.match(text, verb.end())
    if aux is None or by is None:
        return None
    speaker = speaker_after(scan, by.end(), end, reach=8)
    if speaker is None:
        return None
    that = THAT.match(text, speaker.end)
    if that is not None and "object" in scan.cues.frames(verb.group()):
        # "The team was informed by the plant that C" / "was told by officials that C"
        source, rule = scan.resolver.resolve(speaker, verb.start())
        body_end = unpunctuated_end(text, start, end)
        cut = clause_cut(scan, [], that.end(), body_end)
        return Found(that.end(), cut, "reported", source, speaker, rule="passive-by" + rule)
    if text[speaker.end:end].strip(END_PUNCT):
        return None
    source, rule = scan.resolver.resolve(speaker, verb.start())
    return Found(start, aux.start(), "reported", source, speaker, rule="passive-by" + rule)


# ", noting", ", while noting", ", after initially reporting": the clause's own speaker
_PARTICIPLE_GAP = re.compile(r"[\s”\"’]*,\s*(?:(?:while|after|before)\s+)?"
                             r"(?:also\s+|further\s+|earlier\s+|first\s+|[a-z]+ly\s+)?")


def _participle_after(text: str, last: Found, verb) -> bool:
    """"X said A, noting that B": a participle right after X's reported clause is X's."""
    return last.kind == "reported" and bool(ING.search(verb.group())) and \
        _PARTICIPLE_GAP.fullmatch(text, last.end, verb.start()) is not None


def _same_subject(text: str, start: int, verb) -> bool:
    """"..., adding that", "... but insisted that": the verb shares the sentence's speaker."""
    before = text[start:verb.start()]
    if ING.search(verb.group()) and _COMMA_WHILE.search(before):
        return True
    return bool(_COORDINATED.search(before))


_COMMA_WHILE = re.compile(r",\s*(?:(?:while|after|before)\s+(?:earlier\s+|first\s+|"
                          r"[a-z]+ly\s+)?)?$")
_THAT_OR_COLON = re.compile(r"\bthat\b|:", re.IGNORECASE)
_AS_WORD = re.compile(r"\bas\b", re.IGNORECASE)
_FOR_WORD = re.compile(r"\bfor\b", re.IGNORECASE)
_APPEAL = re.compile(r"(?:not\s+)?to\s+(?!(?:the|a|an|its|their|his|her|this|that)\b)[a-z]"
                     r"|(?:(?![\w'’.-]*ed\s)[\w'’.-]+\s+){1,5}?(?:not\s+to\s+[a-z]|against\s)")
_FINITE = re.compile(r"\b(?:would|will|was|were|is|are|had|has|have|could|can|might|may|"
                     r"should|must|did|does)\b", re.IGNORECASE)


_APPEAL_NOUN = re.compile(r"(?:his|her|its|their|our|the|a|an)\s+(?:renewed\s+|earlier\s+)?"
                          r"([a-z]+)\s+(?:for|to)\s", re.IGNORECASE)


def _names_appeal(scan: Scan, start: int, end: int) -> bool:
    """The content is a noun phrase naming an appeal ("his call for jets"), with no verb."""
    m = _APPEAL_NOUN.match(scan.text, start, end)
    return m is not None and m.group(1).lower() in scan.cues.appeal_nouns and \
        not _FINITE.search(scan.text, start, end)


_ADDRESSEE = re.compile(r"((?:the\s+|all\s+|local\s+)?[\w'’-]+)\s+to\s+"
                        r"(?!(?:the|a|an|its|their|his|her|this|that)\b)[a-z]", re.IGNORECASE)


def _exhortation(scan: Scan, start: int, end: int) -> bool:
    """Content such as "to do Y", "X not to do Y" or "X against Y", with no verb: an appeal."""
    text = scan.text
    if _FINITE.search(text, start, end):
        return False
    listener = _ADDRESSEE.match(text, start, end)
    return _APPEAL.match(text, start, end) is not None or (
        listener is not None and normal(listener.group(1)) in scan.cues.addressees)
_TOPIC = re.compile(r"(?:the|his|her|their|its|our|this|that)\s", re.IGNORECASE)


_AND_THAT = re.compile(r"[”\"’']?\.?[,;]?\s+(?:and|but)\s+that\s+"
                       r"|[”\"’']?\.?,\s+(?:but|while)\s+(?!that\b)", re.IGNORECASE)


_TO_INFINITIVE = re.compile(r"to\s+[a-z]")  # content that opens "to <verb>"


def and_that(scan: Scan, found: Found, end: int, units: list[Unit], covered) -> None:
    """"X said A, and that B" / "X said A, but B" / "X said A, while B": B is a second claim by
    the same speaker (not where a speaker of its own opens B: see _continues)."""
    if found.kind != "reported" and not found.rule.startswith("quote-fragment"):
        return  # "wrote that "..." but that ..." goes on too
    m = _AND_THAT.match(scan.text, found.end)
    if m is None or (not m.group().rstrip().endswith("that") and not _continues(scan, m.end())):
        return
    body_end = cut_trailing_attribution(scan, m.end(), unpunctuated_end(scan.text, m.end(), end))
    cut = clause_cut(scan, units, m.end(), body_end)
    rule = found.rule.replace("quote-fragment", "reported", 1)
    second = Found(m.end(), cut, "reported", found.source, found.mention, found.via, rule)
    unit = unit_at(units, m.end())
    if unit is not None and unit.open == m.end() and \
            not scan.text[unit.close:cut].strip(END_PUNCT + QUOTE_MARKS):
        second.start, second.end, second.kind = unit.start, unit.end, "quote"  # "and that '...'"
    add_found(scan, second, covered)
    and_that(scan, second, end, units, covered)


# "A, he said (on Wednesday), but B" / "..., and B": B goes on with his words
_BUT_AFTER = re.compile(r"(?:\s+(?:on\s+[A-Z][a-z]+|yesterday|today|late\s+[A-Z][a-z]+))?"
                        r"\s*,\s+(?:but|(?P<and>and))\s+(?!that\b|then\b|later\b|also\b)")


def _but_after_attribution(scan: Scan, found: Found, after: int, end: int, units: list[Unit],
                           covered) -> None:
    """"A, he said, but B." / "A, he said, and B.": B goes on with the same speaker's words."""
    m = _BUT_AFTER.match(scan.text, after)
    word = WORD_AT.match(scan.text, m.end()) if m else None
    if m is None or word is None or looks_like_verb(scan, word.group()) or \
            speaking_clause_ahead(scan, m.end(), end) or in_units(m.end(), units):
        return
    body_end = unpunctuated_end(scan.text, m.end(), end)
    cut = clause_cut(scan, units, m.end(), body_end)
    if m.group("and") and not _FINITE.search(scan.text, m.end(), cut):
        return  # ", and the city of Kherson": no clause of its own
    if cut - m.end() > 8:
        add_found(scan, Found(m.end(), cut, "reported", found.source, found.mention, found.via,
                              found.rule + (":and" if m.group("and") else ":but")), covered)


def _continues(scan: Scan, pos: int) -> bool:
    """After "A, but" (or "A, while"), a new subject continues the reported speech ("but older
    weapons were harder to hit"); a verb ("but gave no details"), a named speaker ahead, or a
    noun phrase no list knows right before a speech verb of its own ("while the harbour
    master insisted that") does not."""
    word = WORD_AT.match(scan.text, pos)
    if word is None or looks_like_verb(scan, word.group()):
        return False
    verb = next(iter(speech_verbs(scan, pos, pos + 80)), None)
    if verb is not None and scan.cues.unknown_subject.fullmatch(scan.text, pos, verb.start()):
        return False
    return not speaker_ahead(scan, pos)


_OF_OR_FOR = re.compile(r"\s(?:of|for)\s")
_NARRATION_AFTER_COMMA = re.compile(  # not a list ("of shelling Kharkiv, Sumy and ...")
    r",\s(?=[a-z]+ing\b|(?:in|as|amid|after|while|which|where|with|in\s+one)\b)")


def _accusation_end(text: str, start: int, end: int, units: list[Unit]) -> int:
    """"accused X of Y, unleashing a flood": the accusation ends at the comma after "of Y"."""
    m = _OF_OR_FOR.search(text, start, end)
    if m is None:
        return end
    for comma in _APPOSITION_AFTER.finditer(text, m.end(), end):
        name = _LAST_NAME_WORD.search(text, m.end(), comma.start())
        if name is not None and not in_units(comma.start(), units):
            end = comma.start()  # "of planning to invade Transnistria, the breakaway region
            break  # of Moldova": the writer's apposition to the name, not the accusation
    for comma in _NARRATION_AFTER_COMMA.finditer(text[m.end():end]):
        at = m.end() + comma.start()
        if not in_units(at, units):
            return at
    return end


_APPOSITION_AFTER = re.compile(r",\s(?=the\s)")
_LAST_NAME_WORD = re.compile(r"\s[A-Z][\w'’-]+$")  # a capitalised word right before the comma


_INNER_MIN = 30  # characters of content before it: not "His unit, he says, has ..."


def _inner_attribution_cut(scan: Scan, units: list[Unit], start: int, cut: int) -> int:
    """"told G7 leaders that A, a senior official said, ending B": a second speaker's
    attribution set off by commas inside the content ends it (what follows is neither A nor
    the first speaker's)."""
    for m in scan.cues.inner_said.finditer(scan.text, start + _INNER_MIN, cut):
        if in_units(m.start(), units):
            continue
        who = next(iter(speakers_from(scan, m.start("who"), 1)), None)
        if who is not None and who.start == m.start("who") and who.end <= m.end("who"):
            return m.start()
    return cut


# A dash after the verb and the outlet's comment on the words (cues.yaml aside_nouns): "...,
# X says — a charge that rattled the markets within hours"
_DASH_ASIDE = re.compile(r"\s*[—–]\s*(?:a|an)\s+(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z]+)"
                         r"\s+(?:that|which)\b")


def _dash_aside(scan: Scan, pos: int, end: int) -> bool:
    """The verb is followed by a dash and the outlet's aside on what was said, not by it."""
    m = _DASH_ASIDE.match(scan.text, pos, end)
    return m is not None and bool({m.group("noun"), m.group("noun").removesuffix("s")}
                                  & scan.cues.aside_nouns)


def _content(scan: Scan, start: int, end: int, units: list[Unit], verb, frames, speaker,
             inverted: bool, after_only: bool = False) -> Found | None:
    """What the speaker said: after the verb, or (for a trailing attribution) before it."""
    text = scan.text
    first = min(speaker.start, verb.start())
    lead_unit = None
    if units and not after_only:  # (a sentence with no quotation has none before the speaker)
        label = _LEAD_LABEL.match(text, start, first)  # "What they're saying: “Q,” X said"
        lead_unit = unit_ending_at(
            text, units, label.end() if label else start, strip_titles(scan, start, first))
    if lead_unit is not None:  # “Q,” she said / “Q,” said Smith
        return Found(lead_unit.start, lead_unit.end, "quote", None, rule="quote-before")
    after = verb.end()
    ahead = quote_in_next_paragraph(scan, after, end)
    if ahead is not None:  # "..., the Russian president said:" ¶ "“Q ...”
        return Found(ahead.start, ahead.end, "quote", None, rule="quote-next-paragraph")
    phrase_end = _inverted_phrase_end(scan, speaker.end, end, speaker.type != "pronoun") \
        if inverted else None  # (not "..., shared it with The Insider": "it" is an object)
    if inverted and speaker.start >= after and phrase_end is not None:
        body_start = None  # "..., said X, the governor of the region.": the content is before
        after = phrase_end + len(text[phrase_end:end]) - len(text[phrase_end:end].lstrip())
        frames = frozenset({"object"})  # the clause has ended (see ends_clause)
    elif "object" in frames:
        body_start = after_listener(scan, after, end)
    else:
        body_start = None
    aside = _dash_aside(scan, verb.end(), end)  # "A, X says — a charge that ...": A is X's
    if body_start is None and after == verb.end() and not aside:
        body_start = after_verb(text, after, end, frames, scan.cues)
    if body_start is None and normal(verb.group()) in scan.cues.figure_verbs:
        count = COUNT_AHEAD.match(text, after, end)  # "has documented at least 1,900 tanks"
        body_start = count.end() if count else None
    body_end = unpunctuated_end(text, start, end)
    body_end = cut_trailing_attribution(scan, body_start or after, body_end)
    if body_start is not None and body_start < body_end:
        unit = unit_at(units, body_start)
        if unit is not None and unpunctuated_end(text, unit.close, body_end) <= unit.close + 1:
            return Found(unit.start, unit.end, "quote", None, rule="quote-after")
        cut = clause_cut(scan, units, body_start, body_end)
        fragment = only_fragment(text, units, body_start, cut)
        if fragment is not None:  # warned of a "very real risk": the quoted words
            return Found(fragment.start, fragment.end, "quote", None, rule="quote-fragment")
        cut = without_trailing_aside(text, body_start, cut)
        cut = _inner_attribution_cut(scan, units, body_start, cut)
        if speaker.end <= verb.start() and _RELATIVE_GAP.fullmatch(text, speaker.end, verb.start()):
            comma = text.find(",", body_start, cut)  # "X, which says A, claimed B": the
            if comma > body_start and not in_units(comma, units):  # relative clause ends
                cut = comma  # at its closing comma
        return Found(determiner_that(scan, body_start), cut, "reported", None, rule="reported")
    if speaker.kind != "media" and (AS_LEAD.fullmatch(text, start, first) or AS_LEAD.fullmatch(
            text, start, strip_titles(scan, start, first))):  # not "As Ukrinform reported"
        comma = text.find(",", after, end)  # "As the ministry reported earlier, ..."
        if comma >= 0 and len(text[after:comma].split()) <= 4:
            return Found(comma + 1, unpunctuated_end(text, comma + 1, end), "reported", None,
                         rule="as-reported")
    if not aside and not ends_clause(text, after, end, frames, scan.cues) and \
            not listener_ends_clause(scan, after, end, frames):
        return None
    lead = ARTICLE_END.sub("", text[start:strip_titles(scan, start, first)])
    lead = _AS_END.sub("", lead)  # "X, as Kuleba put it.": the clause before is the claim
    if speaker.type == "group":
        lead = _COUNT_OF_END.sub("", lead)  # "A, one of the officials said": one of a group
    if not inverted and not TRAILING_MARK.search(lead):
        return None  # "a claim Ukraine's military denied": no attribution
    before_end = start + len(lead)
    if text[start:before_end].strip(TRIM + QUOTE_MARKS):
        prior = claim_start(scan, start, before_end)
        if not text[prior:before_end].strip(TRIM + QUOTE_MARKS):
            return None  # "X said A, TASS reported": A is credited already (TASS relays it)
        unit = unit_ending_at(text, units, prior, before_end)
        if unit is not None:
            return Found(unit.start, unit.end, "quote", None, rule="quote-before")
        rest = _TIME_LEAD_REST.match(text, max(verb.end(), speaker.end), end)
        if rest is not None and _time_phrase(scan, text[prior:before_end]):
            cut = clause_cut(scan, units, rest.end(), unpunctuated_end(text, rest.end(), end))
            return Found(rest.end(), cut, "reported", None, rule="reported-after-time")
        resumed = _resumed_clause(scan, max(verb.end(), speaker.end), end, before_end - prior)
        if resumed is not None:  # "Russia, he added, did not want peace."
            cut = clause_cut(scan, units, resumed, unpunctuated_end(text, resumed, end))
            return Found(prior, cut, "reported", None, rule="reported-around")
        before_end = narration_aside_cut(scan, units, prior, before_end)  # "A, in a bid to
        # curb prices, the minister announced": A
        return Found(prior, before_end, "reported", None, rule="reported-before")
    return None


_RELATIVE_GAP = re.compile(r",\s+which\s+")
_COUNT_OF_END = re.compile(r"(?<=,)\s*(?:one|two|three|some|several|another|each|both)\s+of\s*$",
                           re.IGNORECASE)


def _time_phrase(scan: Scan, lead: str) -> bool:
    """A short phrase alone before the attribution ("By Tuesday evening,"): one of cues.yaml
    time_openers, then up to four plain words."""
    words = lead.strip(TRIM + QUOTE_MARKS).split()
    return 1 < len(words) <= 5 and words[0].lower() in scan.cues.time_openers and \
        all(w.isalnum() for w in words[1:])


_TIME_LEAD_REST = re.compile(r"\s*,\s*(?=[A-Za-z0-9“\"])")  # ", " then the words said


def _inverted_phrase_end(scan: Scan, pos: int, end: int, tail_ok: bool) -> int | None:
    """Where an inverted speaker's phrase ends, when only an apposition or the sentence's end
    follows: right after the name, or past a phrase it opens with a preposition ("..., said
    an adviser to the president", "..., said Maliar in a statement"); None when a clause goes
    on ("said Maliar in a statement that ...")."""
    text = scan.text
    if ONLY_APPOSITION.fullmatch(text, pos, end) or _THEN_QUOTE.fullmatch(text, pos, end):
        return pos  # (", an analyst at RUSI, “and B.”": the quotation goes on after it)
    tail = scan.cues.speaker_tail.match(text, pos, end) if tail_ok else None
    if tail is None or _FINITE.search(text, pos, tail.end()) or \
            _THAT_OR_COLON.search(text, pos, tail.end()):
        return None
    return tail.end() if ONLY_APPOSITION.fullmatch(text, tail.end(), end) else None


_THEN_QUOTE = re.compile(r"(?:,[^.;:!?“”\"]{0,120})?,\s*[“\"][^“”\"]+[”\"]?[\s.!?]*")
_AS_END = re.compile(r"(?<=,)\s*as\s*$")
_RESUMED = re.compile(  # ", were aimed at ...", ", that Russia ...": the clause goes on
    r"\s*,\s+(?!(?:quoted|cited|carried|reported|published|aired|relayed)\s+by\b)"
    r"(?:(?:[a-z]+ly|also|still|never|not)\s+)?"  # not ", quoted by Ukrinform": a relay
    r"(?=(?:is|are|was|were|had|has|have|will|would|could|can|must|should|may|might|did|does|"
    r"do|remained|remains|posed|poses|needed|needs|wanted|wants|meant|means|lay|lies|"
    r"that|whether)\b|[a-z]+ed\s)")


def _resumed_clause(scan: Scan, after: int, end: int, lead_length: int) -> int | None:
    """"The strikes, the governor said, were aimed at energy": the attribution set inside
    the clause; the predicate after it is the speaker's too (where the clause resumes)."""
    if lead_length > 80:
        return None
    tail = scan.cues.speaker_tail.match(scan.text, after, end)  # "he wrote on Telegram, was"
    if tail is not None and not _FINITE.search(scan.text, after, tail.end()) and \
            scan.text.startswith(",", tail.end()):
        after = tail.end()
    m = _RESUMED.match(scan.text, after, end)
    if m is None or speech_verb_at(scan, m.end()):
        return None
    return m.end() if len(scan.text[m.end():end].split()) >= 2 else None


_BE_BEFORE = re.compile(r"(?<!\bwho )(?<!\bwhich )\b(?:is|are|was|were|be|been|being)\s+"
                        r"(?:[a-z]+ly\s+)?$")
_TOPIC_ONLY = re.compile(  # a short topic after the verb, no content: "boasted about the
    # Kinzhal" ("reported about the completion of the withdrawal of ..." is a claim in a noun)
    r"(?:about|on|of)\s+(?:the|a|an|his|her|its|their|this|that)\s+[^,;:.“”\"]{0,30}?"
    r"(?:[.;:]|$|,\s+(?!that\b))", re.IGNORECASE)
_NOTHING_ABOUT = re.compile(r"(?:nothing|little|anything)\s+(?:about|on|of|more|else)\b",
                            re.IGNORECASE)
_RESUMES = re.compile(r"[^.;:!?“”\"]{0,40},\s*$")
_RESUMES_LONG = re.compile(r"(?:,[^.;:!?“”\"]{0,120})?,\s*$")  # after an apposition


def _resumed_quote(scan: Scan, found: Found, after: int, units: list[Unit], covered,
                   gap: re.Pattern[str] = _RESUMES) -> None:
    """"“A,” Zelensky said, “B.”": a quotation broken by its attribution goes on, the same
    speaker's words (a span of its own); so does one after a reported clause ("A, says X, an
    analyst at RUSI, “and B.”")."""
    unit = next((u for u in units if u.open >= after), None)
    if unit is None or not gap.fullmatch(scan.text, after, unit.open) or \
            unit.end - unit.start < 3:
        return
    rule = found.rule.replace("quote-before", "quote-resumed", 1).replace(
        "reported-before", "quote-resumed", 1)
    add_found(scan, Found(unit.start, unit.end, "quote", found.source, found.mention, found.via,
                          rule), covered)


_LEAD_LABEL = re.compile(r"[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,4}:\s+(?=[“\"])")
_RELATIVE_BEFORE = re.compile(r",\s+(?:which|who)\s+(?:[a-z]+\s+){0,2}$")
_WHICH_NAMED = re.compile(r",\s+which\s+(?:[\w'’.-]+\s+){1,7}(?:has|have|had)\s+$")
_QUOTED_NAME = re.compile(r"\s+[“\"][^“”\"]{1,40}[,”\"]{2}\s+[a-z]")
_WHAT_BEFORE = re.compile(r"\bwhat\s+(?:[\w'’-]+\s+){1,4}$", re.IGNORECASE)
