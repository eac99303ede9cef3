"""Claims pass: attributions without a plain speech verb ("according to X", colons, labels)."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import replace

from builder.knowledge.gazetteer import key_of
from builder.knowledge.phrases import alternation, normalise
from builder.knowledge.registry import press_service_of
from builder.annotate.cited_names import compiled_data_gap, described_name_at
from builder.annotate.speakers import Speaker, gap_ok
from builder.annotate.quotes import paragraph_start
from builder.model import Note, Span
from builder.annotate.claims.scan import (
    Found,
    Scan,
    Unit,
    END_PUNCT,
    QUOTE_MARKS,
    SENTENCE_END,
    TRIM,
    add_found,
    unpunctuated_end,
    clause_end,
    is_covered,
    in_units,
    speaker_after,
    speakers_ending_before,
    speakers_from,
    speech_verbs,
)
from builder.annotate.claims.subjects import (
    PLACE_PREP,
    titled_person_after,
    strip_title_words,
    strip_titles,
    speaker_of_verb,
)
from builder.annotate.claims.clauses import (
    ARTICLE_END,
    after_verb,
    clause_cut,
    cut_trailing_attribution,
    prior_range,
    unit_at,
    unit_ending_at,
)
from builder.annotate.claims.relays import inner_claim, nested
from builder.annotate.claims.subject_findings import finding_start
from builder.annotate.claims.verbs import (
    BEEN,
    and_that,
)
from builder.knowledge.words import find as find_phrases
from builder.knowledge.words import stands_in


_ORPHAN_MIN_WORDS = 5


_BY_SPEAKER = re.compile(r"[^.;:!?“”\"]{0,120}?\bby\s+", re.IGNORECASE)


def back_reference(scan: Scan, start: int, end: int, covered) -> None:
    """Translated agency style: "This was stated on Telegram by X" credits the sentence
    before it, or the paragraph before when it opens its own paragraph."""
    text = scan.text
    m = scan.cues.back_references.match(scan.low, _first_visible(text, start))
    if m is None:
        return
    by = _BY_SPEAKER.match(text, m.end(), end)
    speaker = _by_speaker(scan, by.end(), end) if by else None
    if speaker is None:
        return
    prior = prior_range(text, start)  # the sentences before it, or the paragraph before
    if prior is None:
        return
    lo, hi = prior
    if any(lo <= f.start < hi and f.kind != "figure" for f in scan.found[-30:]):
        return  # the words before are credited already
    source, rule = scan.resolver.resolve(speaker, m.start())
    if source is None:
        return
    scan.found[:] = [f for f in scan.found if not lo <= f.start < hi]  # figures inside
    add_found(scan, Found(lo, hi, "reported", source, speaker, rule="back-reference" + rule), [])
    covered.append((start, end))


def _by_speaker(scan: Scan, pos: int, end: int) -> Speaker | None:
    """The speaker after "by": the named one when a title's words ("Military
    Administration") come before the name."""
    stop = min(end, pos + 120)
    comma = scan.text.find(",", pos, stop)
    stop = comma if comma >= 0 else stop
    found = [sp for sp in speakers_from(scan, pos, 6) if sp.start < stop]
    if comma >= 0 and not any(sp.type == "person" for sp in found):
        named = next((sp for sp in speakers_from(scan, comma + 1, 2)
                      if sp.start == comma + 2 and sp.type == "person"), None)
        if named is not None:
            return named  # "by the head of the regional administration, Oleksandr Prokudin"
    for types in (("person",), ("org", "group")):  # "the head of X Administration Y": Y
        typed = [sp for sp in found if sp.type in types]
        if typed:
            return typed[0]
    return found[0] if found else None


def _first_visible(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


# ", who " right before: a relative clause opens there
_RELATIVE_JUST_OPENED = re.compile(r",\s+(?:who|which)\s+$")


def passives(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    for m in find_phrases(scan.cues.lists["passive"], scan.text, start, end):
        if in_units(m.start(), units) or is_covered(m.start(), covered):
            continue
        if _RELATIVE_JUST_OPENED.search(scan.text, max(start, m.start() - 12), m.start()):
            continue  # "Dugin, who is believed to have been the target, said": the clause
            # describes the speaker; the sentence's own verb attributes
        if _spoken_before(scan, start, m.start(), units):
            continue  # "The governor said the convoy had reportedly been hit": his words
        rest = scan.text[m.end():end].strip(END_PUNCT)
        body_end = unpunctuated_end(scan.text, start, end)
        if rest and cut_trailing_attribution(scan, m.end(), body_end) < body_end:
            return  # "The drones are believed to have ..., officials said.": the officials'
        if not rest:  # "..., it is claimed."
            content = (start, m.start())
        else:  # "It comes as Russian forces are said to be pulling out ..."
            content = _passive_clause(scan.text, start, end, m.start(), m.end())
        add_found(scan, Found(*content, "reported", None, rule="passive"), covered)
        covered.append((m.start(), m.end()))
        return


_SUBORDINATOR = re.compile(r"\b(?:as|with|while|after|when|because|since|amid|that)\s",
                           re.IGNORECASE)
_NEXT_CLAUSE = re.compile(r"\s(?:as|while|after|amid|because|since)\s|;", re.IGNORECASE)


def _passive_clause(text: str, start: int, end: int, cue_start: int, cue_end: int):
    """The clause around "X is said to ...": after a leading "as"/"with", up to the next one."""
    lead = list(_SUBORDINATOR.finditer(text, start, cue_start))
    first = lead[-1].end() if lead else start
    opening = len(lead) == 1 and not text[start:lead[0].start()].strip(TRIM + QUOTE_MARKS)
    if opening and (comma := text.find(", ", first, cue_start)) != -1:
        first = comma + 2  # "As estimates put it at 10,000, Russia is said to": after the comma
    tail = _NEXT_CLAUSE.search(text, cue_end, end)
    return first, tail.start() if tail else end


def according(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    text = scan.text
    for m in find_phrases(scan.cues.lists["according"], scan.text, start, end):
        if in_units(m.start(), units) or _attributed_before(scan, start, m.start(), units):
            continue  # "“Q,” Zelenskyy told senators, according to two people": Zelenskyy's
        speaker = speaker_after(scan, m.end(), end, reach=60)
        described = _described_body(scan, m.end(), end)
        if described is not None:  # "according to internet monitor NetWatch": the name
            speaker = described  # after the description speaks, not a group of its noun
        if speaker is not None and speaker.type == "metonym":  # "according to Kyiv Mayor X"
            person = next((sp for sp in speakers_from(scan, speaker.end, 2)
                           if sp.type == "person"), None)
            if person is not None and _place_then_title(scan, m.end(), person):
                speaker = person
        if speaker is not None and speaker.type == "reference":
            speaker = _name_after_title(scan, speaker, end) or speaker
        filler = scan.cues.according_filler
        if speaker is not None and speaker is not described and \
                not filler.fullmatch(text, m.end(), speaker.start) and \
                not compiled_data_gap(text, m.end(), speaker.start, scan.cues) and \
                not (speaker.type == "person" and filler.fullmatch(
                    text, m.end(), strip_title_words(scan, m.end(), speaker.start))) and \
                not _titles_before(scan, m.end(), speaker) and \
                not (speaker.type == "person" and _place_then_title(scan, m.end(), speaker)) and \
                not (speaker.type == "org" and _DESCRIBED.fullmatch(text, m.end(), speaker.start)
                     and scan.cues.described_outlet.search(text, m.end(), speaker.start)):
            speaker = None  # (titles before a person are no filler: "according to Governor X")
        if speaker is None and m.group() in scan.cues.according_named:
            continue  # "per cent", "per day": no one speaks
        if m.group() in scan.cues.according_documents and (
                speaker is None or speaker.type != "document"
                or text[start:m.start()].strip(TRIM + QUOTE_MARKS)):
            continue  # "Under the document, X" opens the sentence; "under fire" is no one's
        if speaker is not None:  # "according to Carnegie Endowment fellow X": X, not the body
            speaker = titled_person_after(scan, speaker, end) or speaker
        if speaker is not None and speaker.type == "reference" and (
                at := _name_after_reference(text, speaker.end)) is not None:
            named = next((sp for sp in speakers_from(scan, at, 3)
                          if sp.start == at and sp.type == "person"), None)
            speaker = named or speaker  # (and "the Head of the Kharkiv RMA, Oleh X,")
        titled = _TITLE_THEN_NAME.match(text, m.end(), end) if speaker is None else None
        if titled is None and speaker is None and \
                (capped := _CAPPED_TITLE_THEN_NAME.match(text, m.end(), end)) is not None and \
                normalise(capped.group("title")) in scan.cues.role_kinds:
            titled = capped  # "according to Ukraine's Interior Minister, Ihor Klymenko"
        if titled is not None:  # "according to the city's mayor, Vitali Klitschko, ..."
            named = speaker_after(scan, titled.end(), end, reach=5)
            speaker = named if named is not None and named.type == "person" else None
        if speaker is None and (draft := _draft_of_subject(scan, start, m, end)) is not None:
            body, speaker, tail = draft
            source, rule = scan.resolver.resolve(body, m.start())[0], "-draft"
        elif speaker is None:
            source, rule, tail = None, "-unnamed", clause_end(text, m.end(), end)
        else:
            source, rule = scan.resolver.resolve(speaker, m.start())
            tail = clause_end(text, speaker.end, end)
        via: tuple[str, ...] = ()
        cited = _WHICH_CITED.match(text, tail, end) if speaker is not None else None
        if cited is not None:  # "According to Reuters, which cited two sources, ...": theirs
            whose = speaker_after(scan, cited.end(1), cited.end(), reach=40)
            whose_id = scan.resolver.resolve(whose, whose.start)[0] if whose else None
            if whose_id and source:
                via, source, speaker, rule = (source,), whose_id, whose, rule + ":citing"
            tail = cited.end()
        elif speaker is not None and source and (relay := _cited_by(scan, speaker.end, tail)):
            via = (relay,)  # "According to sources cited by the daily X, ...": via X
        lead = text[start:m.start()].strip(TRIM)
        if lead and not (_SHORT_LEAD.fullmatch(lead) and text[tail:end].strip(END_PUNCT)):
            joints = list(_JOINT.finditer(text, start, m.start()))
            first = joints[-1].end() if joints else start  # "He declined to say, but X, ..."
            content = (finding_start(scan, first, m.start(), source), m.start())
            # "... , according to X."; "Divers found A, according to their survey": A
        else:  # "According to X, ..."
            content = (tail, clause_cut(scan, units, tail, unpunctuated_end(text, tail, end)))
        clause = _and_clause(scan.cues.and_clause_openers).search(text, content[0], content[1]) \
            if content[0] >= tail and not in_units(content[0], units) else None
        if clause is not None:  # "According to him, A, and the video was B": two claims
            second = Found(clause.end(), content[1], "reported", source, speaker, via,
                           rule="according-to-and" + rule)
            content = (content[0], clause.start())
        found = Found(*content, "reported", source, speaker, via, rule="according-to" + rule)
        readout = _readout_claim(scan, found) if content[0] >= tail and source and \
            speaker is not None and speaker.type in ("org", "document") and clause is None \
            else None
        found = readout or found
        add_found(scan, found, covered)
        if readout is not None:  # "..., Putin told Xi that A and that B": B via the body too
            and_that(scan, readout, end, units, covered)
        if clause is not None:
            add_found(scan, second, covered)
        covered.append((m.start(), tail))
        and_pronoun = _and_pronoun(scan.cues.subject_pronouns)
        more = (_AND_PREDICATE.match(text, tail, end) or and_pronoun.match(text, tail, end)) \
            if content[1] <= m.start() else None
        if more is not None:  # "A, according to X, and B": B goes on with A's subject
            second = Found(more.end(), clause_cut(scan, units, more.end(),
                                                  unpunctuated_end(text, more.end(), end)),
                           "reported", source, speaker, via, rule="according-to-and" + rule)
            add_found(scan, second, covered)


def _readout_claim(scan: Scan, outer: Found) -> Found | None:
    """"According to a statement from the Kremlin, Putin told Xi that A": a body's account
    of what a person it names said; A is the person's, via the body."""
    at = outer.start + len(scan.text[outer.start:outer.end]) - \
        len(scan.text[outer.start:outer.end].lstrip(TRIM))
    first = next((sp for sp in speakers_from(scan, at, 2) if sp.type == "person"), None)
    if first is None or first.start != at and strip_title_words(scan, at, first.start) != at:
        return None  # (titles printed before the name are the person's: "Mr Putin told")
    inner = inner_claim(scan, outer.start, outer.end, outer)
    if inner is None or inner.mention is not first:
        return None
    inner.rule = "according-to-readout" + inner.rule.removeprefix("nested")
    return inner


# ", and guards ...": a second predicate of the claim's subject after "according to X", not a
# clause of its own ("and the city ...", "and he ...")
_AND_PREDICATE = re.compile(r",?\s+and\s+(?!(?:the|a|an|he|she|it|they|we|i|this|that|these|"
                            r"those|there|his|her|its|their|so|then|yet)\b)(?=[a-z])")


@functools.lru_cache(maxsize=4)
def _and_pronoun(pronouns: frozenset[str]) -> re.Pattern[str]:
    """", and they will be rehoused": "and", one of cues.yaml subject_pronouns and a word; after
    "A, according to X," a clause whose pronoun stands for A's subject goes on with X's
    words."""
    return re.compile(r",?\s+and\s+(?=(?:" + alternation(pronouns, True) + r")\s+[a-z])")


# ", and the video was ...": a clause of its own after "According to X, A" (a second claim);
# "and had killed" with no subject goes on with A.
@functools.lru_cache(maxsize=4)
def _and_clause(openers: frozenset[str]) -> re.Pattern[str]:
    """", and" before a clause of its own (one of cues.yaml and_clause_openers, then a
    lower-case word): "According to him, A, and the video was B"."""
    return re.compile(r",\s+and\s+(?=(?:" + alternation(openers) + r")\s+[a-z])")


_DRAFT = re.compile(r"\s*(?:an?|the)\s+((?:[\w-]+\s+){0,2}?(?:[\w-]+))(?=\s|[,.;]|$)",
                    re.IGNORECASE)


def _draft_of_subject(scan: Scan, start: int, m, end: int):
    """"The Commission has proposed X, according to a draft of the plan seen by a news agency":
    a draft (cues.yaml: drafts) with no author is the text of the registered body that opens
    the claim; returns that body's mention and where the draft's phrase ends."""
    d = _DRAFT.match(scan.text, m.end())
    if d is None or " ".join(d.group(1).lower().split()) not in scan.cues.drafts:
        return None
    lead = start + len(scan.text[start:m.start()]) - len(scan.text[start:m.start()].lstrip(TRIM))
    body = next((sp for sp in speakers_from(scan, lead, 2) if sp.start == lead or
                 sp.start == lead + 4 and scan.text[lead:lead + 4].lower() == "the "), None)
    if body is None or body.type != "org" or body.start >= m.start():
        return None
    tail = clause_end(scan.text, d.end(), end)
    seen = _SEEN_BY.search(scan.text, d.end(), tail)
    phrase_end = seen.start() if seen else len(scan.text[:tail].rstrip(END_PUNCT))
    first = d.start() + len(d.group()) - len(d.group().lstrip())
    draft = Speaker(first, phrase_end, "", "document", scan.text[first:phrase_end])
    return body, draft, tail


_SEEN_BY = re.compile(r"\s+(?:seen|obtained|reviewed)\s+by\b")


def estimate_openers(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    """"By her estimate, X" / "In Oryx's count, X": the clause after the comma is the claim of
    the estimate's owner (a possessive pronoun, resolved like a subject pronoun, or a name)."""
    text = scan.text
    if not stands_in(scan.cues.lists["estimate_nouns"], text, start, end, any_case=True):
        return  # (the pattern ends with one of these nouns, as a word of its own)
    for m in scan.cues.estimate_opener.finditer(text, start, end):
        if in_units(m.start(), units) or is_covered(m.start(), covered):
            continue
        who_start, who_end = m.span("who")
        speaker: Speaker | None
        if text[who_start:who_end].lower() in ("his", "her", "its", "their"):
            speaker = Speaker(who_start, who_end, "", "pronoun", text[who_start:who_end])
        else:
            speaker = speaker_after(scan, who_start, who_end, reach=who_end - who_start)
        if speaker is None:
            continue
        source, rule = _source_of(scan, speaker, m.start())
        if source is None:
            continue
        content = (m.end(), clause_cut(scan, units, m.end(), unpunctuated_end(text, m.end(), end)))
        unit = unit_at(units, m.end() + len(text[m.end():content[1]]) - len(
            text[m.end():content[1]].lstrip()))
        kind = "reported"
        if unit is not None and not text[unit.close:content[1]].strip(END_PUNCT + QUOTE_MARKS):
            content, kind = (unit.start, unit.end), "quote"  # 'In his words, "..."': a quote
        add_found(scan, Found(*content, kind, source, speaker, (), rule="estimate" + rule),
                  covered)
        covered.append((m.start(), m.end()))


def estimate_verbs(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    """"The Kiel Institute puts the cost at about 8 billion euros": "the cost at ..." is the
    subject's claim (an estimate), when a named speaker is the subject."""
    for m in find_phrases(scan.cues.lists["estimate_verb"], scan.text, start, end):
        if in_units(m.start(), units) or is_covered(m.start(), covered):
            continue
        speaker, _inverted = speaker_of_verb(scan, start, m.start(), m.start("what"), end, units)
        if speaker is None or speaker.type not in ("person", "org", "group", "pronoun",
                                                   "reference", "metonym"):
            continue
        source, rule = scan.resolver.resolve(speaker, m.start())
        if source is None:
            continue
        add_found(scan, Found(*m.span("what"), "reported", source, speaker, (),
                              rule="estimate-verb" + rule), covered)
        covered.append((m.start(), m.start("what")))


def _name_after_title(scan: Scan, title: Speaker, end: int) -> Speaker | None:
    """"according to (Ukrainian) President Volodymyr Zelensky", "according to Interior Ministry
    adviser X": the title word ("President", a role the registry knows as a reference) or the
    body and a lower-case role after it lead to the person named after them."""
    named = next(iter(speakers_from(scan, title.end, 1)), None)
    if named is None or named.start >= end or named.type != "person":
        return None
    between = scan.text[title.end:named.start].split()
    return named if all(scan.cues.is_title(w) or w in scan.cues.role_kinds
                        for w in between) else None  # ("Interior Ministry adviser X")


def _titles_before(scan: Scan, pos: int, speaker) -> bool:
    """"according to agriculture minister Adam Lisek": only a lower-case title (ending in a
    role word of cues.yaml) stands between the phrase and a person's name."""
    words = scan.text[pos:speaker.start].split()
    return speaker.type == "person" and 1 <= len(words) <= 4 and \
        all(w.islower() and w.isalpha() for w in words) and \
        words[-1] in scan.cues.role_kinds


def _place_then_title(scan: Scan, pos: int, speaker: Speaker) -> bool:
    """"according to Odesa regional administration spokesman X", "according to Kyiv Mayor X":
    a place of the gazetteer (one or two capitalised words), lower-case words, then a role word
    of cues.yaml (capitalised or not) right before the person's name."""
    places = scan.resolver.ctx.knowledge.gazetteer
    words = scan.text[pos:speaker.start].split()
    if places is None or not 2 <= len(words) <= 7:
        return False
    for n in (2, 1):
        if all(w[:1].isupper() for w in words[:n]) and \
                places.names.get(key_of(" ".join(words[:n]))) is not None:
            rest = words[n:]
            return bool(rest) and all(w.islower() and w.isalpha() for w in rest[:-1]) and \
                rest[-1].lower() in scan.cues.role_kinds
    return False


def data_shows(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    """"UN figures show X", "Data from the Kyiv School of Economics shows that X", "A report
    by Human Rights Watch found that X": X is the claim of the body whose data it is (named
    before the noun, or after "from"/"by"), when the data noun opens the sentence; with no
    body the lists resolve, a claim with no source when only an article opens it ("A study
    she wrote last year found that X")."""
    text = scan.text
    if not stands_in(scan.cues.lists["data_verbs"], text, start, end):
        return  # (the pattern holds one of these verbs, as a word of its own)
    for m in scan.cues.data_shows.finditer(scan.low, start, end):
        if in_units(m.start(), units) or is_covered(m.start(), covered):
            continue
        lead = text[start:m.start()]
        if m.group("by"):
            speaker = speaker_after(scan, m.end("by"), m.end(), reach=60)
            if lead.strip(" ,") and not re.fullmatch(r"\s*(?:a|an|the|new|latest|its|their)?"
                                                     r"(?:\s+(?:new|latest|recent|official))*\s*",
                                                     lead, re.IGNORECASE):
                continue
        else:
            whose = speakers_ending_before(scan, start, m.start())
            speaker = whose[0] if whose and not text[whose[0].end:m.start()].strip(" '’s") \
                else None
            if speaker is not None and text[start:speaker.start].strip() not in ("", "The", "the"):
                continue
            if speaker is None and text[start:m.start()].strip() in ("The", "the"):
                speaker = _document_at(scan, m.start())  # "The survey shows X": a later
                # reference to the survey of the body named before
        if speaker is not None and \
                speaker.type not in ("org", "group", "metonym", "person", "document"):
            continue
        source, rule = _source_of(scan, speaker, m.start()) if speaker is not None else \
            (None, ":unknown-author")
        if source is None and not scan.cues.data_lead.fullmatch(text, start, m.start()):
            continue  # "A study by X's team found that A": A is a finding, its author unnamed;
            # past an opening article only (not "Kyiv's figures show": a name unresolved)
        content = (m.end(), clause_cut(scan, units, m.end(), unpunctuated_end(text, m.end(), end)))
        add_found(scan, Found(*content, "reported", source, speaker, (), rule="data-shows" + rule),
                  covered)
        covered.append((start, m.end()))
        return


def _source_of(scan: Scan, speaker: Speaker, pos: int) -> tuple[str | None, str]:
    """Whose words a speaker gives at `pos`: a document's ("the survey", "the poll") are the
    data's author's, not the document's; any other speaker is resolved as usual."""
    if speaker.type != "document":
        return scan.resolver.resolve(speaker, pos)
    return _data_author(scan, pos)


def _data_author(scan: Scan, pos: int) -> tuple[str | None, str]:
    """Whose data "the survey" or "the poll" is: the body last credited with a claim, not a
    person quoted since (the director who explains the poll did not run it)."""
    resolver = scan.resolver
    last = resolver.last_claim(lambda f: f.end <= pos and resolver.source_type(f.source) == "org")
    if last is not None:
        return last.source, ":data-author"
    named = resolver.nearest(pos, ("org",), 0)  # "A survey by KIIS came out. The survey shows"
    return (named, ":data-author-named") if named else (None, ":unresolved-document")


def _document_at(scan: Scan, pos: int):
    """The document noun (cues.yaml documents) the text reads as a speaker at `pos`."""
    return next((sp for sp in scan.speakers
                 if sp.type == "document" and sp.start <= pos < sp.end), None)


_OUTLET_DESCRIBED = re.compile(r"(?:the\s+)?(?:[\w'’-]+\s+){0,3}")  # "the Italian agency"


def _cited_by(scan: Scan, pos: int, tail: int) -> str | None:
    """"According to X cited by the daily Voce del Nord, ...", "according to X data
    cited by Vedomosti" (cues.yaml data_nouns): the outlet that carried X's words, when it is
    a registered outlet (not a person or body citing X)."""
    m = scan.cues.cited_by.match(scan.text, pos, tail)
    if m is None:
        return None
    outlet = speaker_after(scan, m.end(), tail, reach=40)
    if outlet is None:
        return None
    entry = scan.resolver.ctx.knowledge.sources.get(outlet.id)
    if entry is None or entry.kind != "media" or outlet.id in scan.own_outlets or \
            not _OUTLET_DESCRIBED.fullmatch(scan.text, m.end(), outlet.start):
        return None
    return outlet.id


_WHICH_CITED = re.compile(r"\s*(?:which|who)\s+(cited|quoted)\s+[^,.;:“”\"]{1,80},\s*")
_JOINT = re.compile(r";\s+|,\s+(?:but|while|whereas|although|though)\s+", re.IGNORECASE)
# "Since then, according to the UN, ...": a short adverbial opener is not the claim.
_SHORT_LEAD = re.compile(r"[\w'’-]+(?:\s+[\w'’-]+){0,2}")


_ONLY_COMMA_BEFORE = re.compile(r"\s*,\s*")  # "said, according to": the verb, then the aside


def _attributed_before(scan: Scan, start: int, pos: int, units: list[Unit]) -> bool:
    """A named speaker and a speech verb already attribute the sentence before `pos`."""
    for m in speech_verbs(scan, start, pos):
        if in_units(m.start(), units):
            continue
        frames = scan.cues.frames(m.group())
        if frames == {"marked"} and after_verb(scan.text, m.end(), pos, frames,
                                                 scan.cues) is None:
            continue  # "Ukrainian forces continued ground operations": an act, no speech
        speaker, _inverted = speaker_of_verb(scan, start, m.start(), m.end(), pos, units)
        if speaker is not None and speaker.type in ("person", "org", "group"):
            return True
        if speaker is not None and speaker.type in ("document", "reference") and \
                _ONLY_COMMA_BEFORE.fullmatch(scan.text, m.end(), pos):
            return True  # "The memo also said, according to Reuters, that A": the memo's
        if speaker is not None and speaker.type == "pronoun" and \
                _QUOTE_THEN_VERB.match(scan.text, start, speaker.start):
            return True  # "“Q,” she added, according to RIA Novosti": hers, via the agency
        if speaker is not None and speaker.type == "pronoun" and speaker.start == start and \
                after_verb(scan.text, m.end(), pos, frames, scan.cues) is not None:
            return True  # "He said A, according to SPA": his, via the agency
    return False


def _spoken_before(scan: Scan, start: int, pos: int, units: list[Unit]) -> bool:
    """A speaker (a pronoun too) and a speech verb before `pos` take the words after it."""
    for m in speech_verbs(scan, start, pos):
        if in_units(m.start(), units) or scan.cues.frames(m.group()) == {"marked"}:
            continue
        speaker, _inverted = speaker_of_verb(scan, start, m.start(), m.end(), pos, units)
        if speaker is not None and after_verb(scan.text, m.end(), pos, scan.cues.frames(
                m.group()), scan.cues) is not None:
            return True
    return False


_QUOTE_THEN_VERB = re.compile(r"\s*[“\"][^“”\"]+[,.?!]?[”\"]\s*[,.?!]?\s*$")


_DESCRIBED = re.compile(r"\s*(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,3}")  # "the Ukrainian news outlet "
_SPACES = re.compile(r"\s+")


def _described_body(scan: Scan, pos: int, end: int) -> Speaker | None:
    """The body named right after lower-case words that describe it, the last a body's noun
    of cues.yaml lone_body_kinds ("according to internet monitor NetWatch", "according to
    ship-tracking firm Navlyx"); None when no such words or no name follows them."""
    space = _SPACES.match(scan.text, pos, end)
    at = described_name_at(scan.text, space.end(), end, scan.cues) if space else None
    if at is None:
        return None
    return next((sp for sp in speakers_from(scan, at, 2) if sp.start == at
                 and sp.type in ("org", "person")), None)
_OF_BODY_THEN_COMMA = re.compile(  # " of the Kharkiv Regional Military Administration, "
    r"\s+(?:of|for|to)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,6}[A-Z][\w'’-]*,\s")


def _name_after_reference(text: str, end: int) -> int | None:
    """Where a person's name may stand after a reference: past its comma ("by the regional
    governor, Oleh X,") or past the body it heads ("the Head of the Kharkiv RMA, Oleh X,")."""
    if text.startswith(", ", end):
        return end + 2
    office = _OF_BODY_THEN_COMMA.match(text, end)
    return office.end() if office is not None else None


_TITLE_THEN_NAME = re.compile(r"\s*(?:the\s+)?(?:[\w'’-]+\s+){0,4}?[a-z][\w'’-]*\s*,\s*")
_CAPPED_TITLE_THEN_NAME = re.compile(  # ... and a title in capitals, as a role (cues.yaml roles)
    r"\s*(?:the\s+)?(?:[\w'’-]+\s+){0,4}?(?P<title>[A-Z][\w'’-]*)\s*,\s*")


_QUOTED_BY = re.compile(r"\s+by\s+", re.IGNORECASE)
_LATE_BY = re.compile(  # only manner and time words between "as saying" and "by"
    r"(?:(?:on|in|at|late|early|last|this)\s+[\w-]+\s+){0,3}by\s+(?=\S)", re.IGNORECASE)


def quoted_as(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    """"Interfax quoted Peskov as saying ..." and "Peskov was quoted by Interfax as saying
    ...": the words are the speaker's, via whoever quoted them (a spokesman quoting his
    president, an outlet quoting an official)."""
    text = scan.text
    for m in find_phrases(scan.cues.lists["quoted_as"], scan.text, start, end):
        if in_units(m.start(), units) or is_covered(m.start(), covered):
            continue
        tail = scan.cues.as_saying.match(text, m.end(), end)
        if tail is None:
            continue
        passive = BEEN.search(text, start, m.start())
        between = _concrete_in(scan, m.end(), tail.start("as"))
        subject, _inv = speaker_of_verb(scan, start, passive.start() if passive else m.start(),
                                        m.end(), end, units)
        if subject is None and passive is not None:
            subject = _coordinated_subject(scan, start, passive.start())
        by = _QUOTED_BY.match(text, m.end())
        late_by = _LATE_BY.match(text, tail.end(), end) if passive and not by else None
        if late_by is not None:  # "was quoted as saying on Wednesday by his press service"
            between = _concrete_in(scan, late_by.end(), min(end, late_by.end() + 40))
            by = late_by
        speaker, relay = (subject, between) if passive and by else (between, subject)
        bare = passive is not None and by is None and late_by is None and between is None
        if bare:  # "X was quoted as saying A", "A, the officials are quoted as saying.": X's,
            speaker, relay = subject, None  # by whoever quoted them (no relay named)
        if speaker is None:
            continue
        relay_id = scan.resolver.resolve(relay, m.start())[0] if relay is not None else None
        # "Nykyforov quoted him as saying": "him" is not the one quoting
        at = relay.start if relay is not None and speaker.type == "pronoun" else m.start()
        source, rule = scan.resolver.resolve(speaker, at)
        if source is None:
            continue
        if relay is None and passive and by is not None:  # "... by his press service"
            own = _OWN_PRESS.match(text, by.end())
            relay_id = _press_service_of(scan, source) if own is not None else None
        via = (relay_id,) if relay_id and relay_id != source and \
            relay_id not in scan.own_outlets else ()
        body_end = unpunctuated_end(text, start, end)
        unit = unit_at(units, tail.end())
        head = min(speaker.start, m.start(), relay.start if relay is not None else end)
        lead = unit_ending_at(text, units, start, strip_titles(scan, start, head))
        if lead is not None and (late_by is not None
                                 or not text[tail.end():end].strip(END_PUNCT)):
            # '"...," his spokesman Serhiy Nykyforov quoted him as saying.'
            found = Found(lead.start, lead.end, "quote", source, speaker, via, "quoted-as" + rule)
        elif (late_by is not None or (bare or passive is not None and by is not None)
              and not text[tail.end():end].strip(END_PUNCT)) and \
                text[start:head].strip(TRIM + "”\"’"):
            # "The talks are over, Peskov was quoted as saying by RIA Novosti.", "..., X was
            # quoted by PAP as saying."
            untitled = strip_titles(scan, start, head)  # "..., Climate Minister X was quoted"
            before_end = start + len(text[start:untitled].rstrip(" ,”\"’"))
            found = Found(start, before_end, "reported", source, speaker, via,
                          "quoted-as-before" + rule)
        elif unit is not None and unpunctuated_end(text, unit.close, body_end) <= unit.close + 1:
            found = Found(unit.start, unit.end, "quote", source, speaker, via, "quoted-as" + rule)
        else:
            cut = clause_cut(scan, units, tail.end(), body_end)
            found = Found(tail.end(), cut, "reported", source, speaker, via, "quoted-as" + rule)
            if cut - tail.end() < 2 and via and speaker.type == "pronoun":
                scan.sentence_via = (source, via[0])  # the sentence's claims are relayed
            more = _THAT_AGAIN.match(text, cut, body_end)
            if more is not None:  # "as saying that A but that B": B is the speaker's too
                second = Found(more.end(), clause_cut(scan, units, more.end(), body_end),
                               "reported", source, speaker, via, "quoted-as-and" + rule)
                add_found(scan, second, covered)
        add_found(scan, found, covered)
        covered.append((min(speaker.start, m.start()), tail.end()))


_THAT_AGAIN = re.compile(r",?\s+(?:and|but)\s+that\s+(?=\S)", re.IGNORECASE)


# The subject's own verb phrase, then "and" before the passive: "X visited the site in
# December and (was quoted by ...)" (no clause mark inside).
_COORDINATED_GAP = re.compile(
    r"\s+[a-z]+ed\b[^.;:!?“”\"\n]{0,100}?\s(?:and|but)\s+(?:later\s+|then\s+|also\s+)?")


def _coordinated_subject(scan: Scan, start: int, passive: int) -> Speaker | None:
    """"Prigozhin visited the site in December and was quoted by his press service as
    saying ...": the person or body opening the sentence, whose verb phrase comes first."""
    first = next(iter(speakers_from(scan, start, 1)), None)
    if first is None or first.type not in ("person", "org") or \
            scan.text[start:strip_titles(scan, start, first.start)].strip(TRIM):
        return None
    return first if _COORDINATED_GAP.fullmatch(scan.text, first.end, passive) else None


_OWN_PRESS = re.compile(r"(?:his|her|their|its)\s+(?:own\s+)?press\s+(?:service|office)\b",
                        re.IGNORECASE)


def _press_service_of(scan: Scan, source: str) -> str | None:
    """The registry's press service of a source ("Prigozhin's press service")."""
    return press_service_of(scan.resolver.ctx.knowledge.sources, source)


def _concrete_in(scan: Scan, lo: int, hi: int) -> Speaker | None:
    """The speaker named in [lo, hi): a person before any body ("Apti Alaudinov,
    commander of the Akhmat forces")."""
    found = [sp for sp in speakers_from(scan, lo, 6) if sp.end <= hi]
    # "by the news agency TASS": a group's or a reference's noun right before a name describes
    # the name's body or person, and is no one of its own
    found = [sp for sp in found if sp.type not in ("group", "reference") or not any(
        o.start > sp.end and not scan.text[sp.end:o.start].strip() and o.type in ("org", "person")
        for o in found)]
    # "Putin's spokesman Dmitry Peskov": a possessive person before another is not quoted
    owners = [sp for sp in found if _APOSTROPHE_S.match(scan.text, sp.end)]
    found = [sp for sp in found if sp not in owners or not any(
        o.type == "person" and o.start > sp.end for o in found)]
    for types in (("person",), ("person", "org", "group", "pronoun", "reference")):
        for sp in found:
            if sp.type in types:
                return sp
    return None


# "'s" ending a word ("Putin's spokesman"), or an apostrophe inside one; not a plural's "s'"
_APOSTROPHE_S = re.compile(r"['’]s?\b")


# A lower-case word right before a pronoun that is no conjunction: the pronoun is its object
# ("put it to me bluntly:"), not the subject that speaks.
_VERB_BEFORE = re.compile(
    r"(?<![\w'’-])(?!(?:and|but|or|so|then|as|when|while|because|if|that|yet|since)\s)"
    r"[a-z]+\s+$")


def colon_intro(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    """A quotation after a colon in a clause whose subject is a speaker ("Presidential
    adviser Mykhailo Podolyak was blunter: “...”"): the speaker's words."""
    text = scan.text
    for unit in units:
        if is_covered(unit.start, covered) or is_covered(unit.open, covered):
            continue
        lead = text[start:unit.open].rstrip()
        if not lead.endswith(":") or len(lead.split()) > 14:
            continue
        colon = start + len(lead) - 1
        speaker = next((sp for sp in speakers_ending_before(scan, start, colon)
                        if sp.type in ("person", "org", "group", "pronoun", "metonym")
                        and not (sp.type == "metonym" and PLACE_PREP.search(
                            text, max(start, sp.start - 6), sp.start))
                        and not (sp.type == "pronoun" and _VERB_BEFORE.search(
                            text, max(start, sp.start - 16), sp.start))), None)
        if speaker is None or re.search(r"[,;“”\"]", text[speaker.end:colon]):
            continue
        source, rule = scan.resolver.resolve(speaker, unit.open)
        if source is None:
            continue
        found = Found(unit.start, unit.end, "quote", source, speaker, rule="colon" + rule)
        add_found(scan, found, covered)
        if any(f is found for f in scan.found):
            nested(scan, found, units)  # 'X tweeted: "Minister Y says Z"': Y's, via X


def labelled(scan: Scan, start: int, end: int, units: list[Unit], covered) -> None:
    """Agency-style labelled paragraphs (cues.yaml: source_labels, quote_labels): "Source: X
    on Telegram" credits X with the unattributed paragraph before it; "Quote: “...”" holds
    the words of the source cited last, in this paragraph or the three before."""
    text = scan.text
    if start > 0 and text[max(0, start - 2):start] != "\n\n":
        return
    label = scan.cues.quote_label.match(text, start, end)
    if label is not None:
        unit = next((u for u in units if u.open == label.end()), None)
        last = scan.resolver.last_claim(lambda f: f.source is not None and f.end <= start)
        if unit is not None and last is not None and text.count("\n\n", last.end, start) <= 3:
            add_found(scan, Found(unit.start, unit.end, "quote", last.source, last.mention,
                                  last.via, "labelled-quote"), covered)
        return
    label = scan.cues.source_label.match(text, start, end)
    if label is None or start < 2:
        return
    speaker = next((sp for sp in speakers_from(scan, label.end(), 1)
                    if sp.start < end and sp.type in ("person", "org", "group")), None)
    if speaker is None or text[label.end():speaker.start].strip(" ,") not in ("", "the", "The"):
        return
    source, rule = scan.resolver.resolve(speaker, speaker.start)
    prev_start = paragraph_start(text, start - 2)
    if source is None or any(prev_start <= f.start < start for f in scan.found[-20:]):
        return
    add_found(scan, Found(prev_start, start - 2, "reported", source, speaker,
                          rule="source-label" + rule), covered)


def headline_colon(scan: Scan, start: int, end: int, covered) -> None:
    """A headline line of a live page, "Stoltenberg: Blast likely caused by air defense": a
    paragraph with no closing stop, opened by a named person or body and a colon, credits the
    rest to the speaker (a labelled paragraph of cues.yaml is handled above). A country or a
    capital before the colon is a topic ("Ukraine: Shopping mall in Kyiv struck"), no speaker."""
    text = scan.text
    if start > 0 and text[max(0, start - 2):start] != "\n\n":
        return
    para_end = text.find("\n\n", start)
    para_end = len(text) if para_end < 0 else para_end
    line = text[start:para_end]
    if end < para_end or "\n" in line or line.rstrip()[-1:] in ".!?…" or \
            scan.cues.source_label.match(text, start, end) or \
            scan.cues.quote_label.match(text, start, end):
        return
    colon = text.find(": ", start, min(end, start + 50))
    if colon < 0 or len(text[colon + 2:end].split()) < 3:
        return
    speaker = _role_headline_person(scan, start, colon, para_end) or \
        next((sp for sp in speakers_from(scan, start, 2) if sp.end <= colon), None)
    if speaker is None or speaker.type not in ("person", "org") or \
            speaker.start < colon and (text[start:speaker.start].strip()
                                       or text[speaker.end:colon].strip()):
        return
    source, rule = scan.resolver.resolve(speaker, speaker.start)
    if source is None:
        return
    if speaker.start > colon:  # the role before the colon names the person: its mention
        speaker = replace(speaker, start=start, end=colon, name=text[start:colon])
    add_found(scan, Found(colon + 2, unpunctuated_end(text, colon + 2, end), "reported", source,
                          speaker, rule="headline" + rule), covered)


_ROLE_HEAD_WORDS = 4  # words before the colon: "NATO chief", "ICC prosecutor"
_NAMED_NEXT_WITHIN = 100  # characters into the next paragraph where the person is named


def _role_headline_person(scan: Scan, start: int, colon: int, para_end: int) -> Speaker | None:
    """"NATO chief: Blast likely caused by ..." over a paragraph that opens by naming the
    person ("NATO Secretary General Jens Stoltenberg said ..."): a short role (cues.yaml
    roles last) before the colon is the person the next paragraph names first."""
    head = scan.text[start:colon].split()
    if not 1 <= len(head) <= _ROLE_HEAD_WORDS or \
            not scan.cues.roles.fullmatch(scan.low, colon - len(head[-1]), colon):
        return None
    following = para_end + 2
    places = scan.resolver.ctx.knowledge.gazetteer
    return next((sp for sp in speakers_from(scan, following, 5)
                 if sp.start < following + _NAMED_NEXT_WITHIN and sp.type == "person"
                 and (places is None or places.names.get(key_of(sp.name)) is None)), None)
    # (not the dateline's country: "THE HAGUE, Netherlands (AP) — ")


def orphan_quotes(scan: Scan, start: int, end: int, units: list[Unit]) -> None:
    text = scan.text
    for unit in units:
        words = len(text[unit.start:unit.end].split())
        if words < 2 or text[start:unit.open].strip(TRIM):
            continue
        inner = _trailing_inside(scan, unit)
        previous = scan.resolver.previous_quote(unit.open) or _previous_reported(scan, unit)
        if inner is not None:
            add_found(scan, inner, [])
        elif previous is not None and (subject := _subject_between(scan, previous, unit)):
            source, rule = scan.resolver.resolve(subject, subject.start)
            add_found(scan, Found(unit.start, unit.end, "quote", source, subject,
                                  rule="quote-after-subject" + rule), [])
        elif previous is not None and (words >= _ORPHAN_MIN_WORDS
                                       or scan.text.count("\n\n", previous.end, unit.open) == 0):
            found = Found(unit.start, unit.end, "quote", previous.source, previous.mention,
                          previous.via, "continues-quote")
            add_found(scan, found, [])
        elif words >= _ORPHAN_MIN_WORDS and (introduced := _introduced(scan, unit)):
            add_found(scan, introduced, [])
        elif words >= _ORPHAN_MIN_WORDS and not text[unit.close:end].strip(END_PUNCT):
            scan.notes.append(Note("unresolved", "a quotation with no speaker",
                                   Span(unit.start, unit.end, text[unit.start:unit.end]),
                                   rule="orphan-quote"))


def _subject_between(scan: Scan, previous: Found, unit: Unit) -> Speaker | None:
    """"“Q1,” Maksym says. Dido shakes his head. “Q2.”": a person named in full or by a first
    name opening the sentence right before the quotation, in its paragraph, and no one else
    named after it, speaks the quotation, not the last quote's speaker."""
    text = scan.text
    lo = max(previous.end, text.rfind("\n\n", 0, unit.open) + 2)
    stops = [m.end() for m in SENTENCE_END.finditer(text, lo, max(lo, unit.open - 2))]
    lo = stops[-1] if stops else lo  # the sentence right before the quotation
    speakers = [sp for sp in scan.speakers[bisect.bisect_left(scan.starts, lo):
                                           bisect.bisect_left(scan.starts, unit.open)]
                if sp.type in ("person", "org", "group", "pronoun")]
    if len(speakers) != 1 or speakers[0].type != "person" or not speakers[0].id:
        return None
    subject = speakers[0]
    if subject.id == previous.source or text[lo:subject.start].strip() or \
            not _NARRATION_SENTENCE.fullmatch(text, subject.end, unit.open):
        return None
    return subject


_NARRATION_SENTENCE = re.compile(r"\s+[a-z]+s\s[^.!?“”\"]{0,60}[.!?]\s+")  # "shakes his head. "


def _previous_reported(scan: Scan, unit: Unit) -> Found | None:
    """"Niinistö said the era of non-alignment had ended. “A new era begins ...”": a
    quotation with no speaker of its own, right after a named speaker's reported claim (in
    its paragraph or the next), with nobody else named between, is that speaker's."""
    if not scan.found:
        return None
    last = max(scan.found, key=lambda f: f.end)
    if last.kind != "reported" or last.source is None or last.end > unit.open or \
            scan.text.count("\n\n", last.end, unit.open) > 1:
        return None
    lo = bisect.bisect_left(scan.starts, last.end)
    hi = bisect.bisect_left(scan.starts, unit.open)
    if any(sp.type in ("person", "org", "group") and sp.id != last.source
           for sp in scan.speakers[lo:hi]):
        return None
    return last


def _introduced(scan: Scan, unit: Unit) -> Found | None:
    """A quotation opening a paragraph, after a paragraph that introduces a speaker and
    credits them with nothing ("A commander, call sign Morpikh, described the fighting by
    phone." ¶ "“We went in at night ..."): the speaker named last there."""
    text = scan.text
    para_start = text.rfind("\n\n", 0, unit.open) + 2  # 1 when it opens the text
    opening = 0 if para_start < 2 else para_start
    if text[opening:unit.open].strip():  # "Olena Petrenko recalls the night. “It was ...”"
        if not _SENTENCE_BEFORE.search(text, para_start, unit.open):
            return None
        prev_start, para_start = opening, unit.open + 2  # the sentences before it
    elif para_start < 2:
        return None
    else:
        prev_start = text.rfind("\n\n", 0, para_start - 2) + 2 if para_start > 2 else 0
    if any(prev_start <= f.start < para_start for f in scan.found[-20:]):
        return None
    lo = bisect.bisect_left(scan.starts, prev_start)
    hi = bisect.bisect_left(scan.starts, para_start)
    named = [sp for sp in scan.speakers[lo:hi]
             if sp.end <= para_start - 2 and sp.type in ("person", "group")]
    if not named:
        return None
    persons = [sp for sp in named if sp.type == "person"]
    speaker = persons[-1] if persons else named[-1]  # not the role in "Oleksandr, a soldier,"
    source, rule = scan.resolver.resolve(speaker, unit.open)
    return Found(unit.start, unit.end, "quote", source, speaker,
                 rule="quote-introduced" + rule) if source else None


_SENTENCE_BEFORE = re.compile(r"[.!?][”\"’)]?\s+$")


def _trailing_inside(scan: Scan, unit: Unit) -> Found | None:
    """An unclosed quotation ending in its own attribution: '"Q, the officials said.'"""
    if unit.close != unit.end:
        return None
    text = scan.text
    body_end = unpunctuated_end(text, unit.start, unit.end)
    comma = text.rfind(",", unit.start, body_end)
    if comma < 0 or body_end - comma > 80:
        return None
    verb = None
    for m in speech_verbs(scan, comma, body_end + 1):
        verb = m
    if verb is None or text[verb.end():body_end].strip(END_PUNCT):
        return None
    for sp in speakers_ending_before(scan, comma, verb.start()):
        if gap_ok(scan.cues, text[sp.end:verb.start()]) and \
                not ARTICLE_END.sub("", text[comma + 1:sp.start]).strip():
            source, rule = scan.resolver.resolve(sp, verb.start())
            return Found(unit.start, comma, "quote", source, sp, rule="quote-inside" + rule)
        break
    return None
