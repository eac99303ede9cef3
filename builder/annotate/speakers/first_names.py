"""Witnesses named by a first name alone, a call sign or a nickname."""

from __future__ import annotations

import re
from dataclasses import replace

from builder.annotate.speakers.descriptions import describe
from builder.annotate.speakers.position import in_speaker_position
from builder.annotate.speakers.speaker import Speaker, overlaps_any, slug
from builder.annotate.speakers.witness_ids import APPOSED_ROLE, witness_role
from builder.annotate.speakers.wording import (
    ALONE,
    SENTENCE_BREAK,
    SENTENCE_START,
    sentence_begin,
)
from builder.knowledge.cues import Cues
from builder.knowledge.gazetteer import Gazetteer
from builder.knowledge.phrases import lowered, normalise
from builder.knowledge.words import Phrases, find_printed, matches_at

_FIRST = r"([A-ZÀ-ÞĀ-Ž][a-zà-ÿ]+)"
# The same first name, with nothing word-like before it. The check follows the capital
# letter, so the regex engine jumps from capital to capital instead of trying every place.
_FIRST_ALONE = r"([A-ZÀ-ÞĀ-Ž](?<![\w'’-][\s\S])[a-zà-ÿ]+)"
# "call sign Morpikh", "who goes by Vorona": a call sign or nickname is used as given (cues.yaml
# call_sign_phrases: Cues.call_sign_name, tried before these)
_SINGLE_NAMES = (
    # "Olha, a 34-year-old teacher,", "Mykola, 62, a retiree who ...": the name, then its role
    re.compile(_FIRST_ALONE + r", (?:\d{1,3}, )?(?P<role>(?:a|an|the) [^,.;:]{0,90}?)"
               r"(?:,| (?=who\b))"),
    # "a former lorry driver from Lviv named Taras": the role, then "named" and the name
    re.compile(r"(?P<role>[Aa]" + ALONE + r"n? [^,.;:“”\"]{0,60}?) (?:named|called) "
               + _FIRST + r"(?![\w'’-])"),
    # "One resident, Oksana, told": the role, then the name
    re.compile(r"(?P<role>[AaOo]" + ALONE + r"(?:(?<=[Aa])(?:n|nother)?|(?<=[Oo])ne) "
               r"[^,.;:“”\"]{0,60}?), "
               + _FIRST + r",? "),
    # "said Viktoriia, 27, who works in a shop": the name and an age after a speech verb
    re.compile(_FIRST_ALONE + r", (?P<age>\d{1,2}),"),
    # '"...," says Bison, a former lorry driver': a name alone right after a speech verb
    re.compile(_FIRST_ALONE + r"(?P<inverted>)(?=, (?:a|an|the|who)\b)"),
    # "A nurse from Izium, who asked to be identified only as Olena,", "the army medic, who
    # gave only his first name, Andriy,", "a gunner who gives his name only as Bohdan": the
    # role, then the name
    re.compile(r"(?P<role>(?:[Aa]" + ALONE + r"(?:n|nother)?|[Tt]" + ALONE + r"he) "
               r"[^,.;:“”\"]{0,60}?),? who (?:(?:asked|wished|wanted|agreed|preferred) to be "
               r"(?:identified|named|called|known) only (?:as|by (?:her|his|their) first name,?)"
               r"|(?:gave|gives|give) (?:only )?(?:her|his|their) (?:first )?name"
               r"(?: only)?(?:,| as,?)) " + _FIRST + r"(?![\w'’-])"),
    # "Yevhen, who drives an ambulance in Bakhmut, said", "Tatyana, whose son was called up,
    # told": a known first name, its relative clause, then a speech verb
    re.compile(_FIRST_ALONE + r"(?P<clause>), who(?:se)? [^,.;:“”\"]{1,80}, "
               r"(?=(?:said|says|told|tells|added|recalled|explained)\b)"),
    # "Volunteers set up a tent ... Oksana, one of them, told": a known first name, one of a
    # group whose role noun the words name
    re.compile(_FIRST_ALONE + r", one of (?:them|(?:the|those) (?P<among>[a-z]+)),"),
    # "Our correspondent spoke to Oleksandr, a driver whose minibus ...": the one spoken to,
    # with a role, speaks in what follows ("he says")
    re.compile(r"(?:spoke|talked|speaks|talks|speaking|talking) (?:to|with) " + _FIRST
               + r"(?![\w'’-]), (?P<role>(?:a|an) [^,.;:“”\"]{0,90}?)(?=[.,;])"),
)
# The name and a comma every match of each of _SINGLE_NAMES opens with (True), or not: those
# are tried only where one scan of _NAME_COMMA found one (see words.matches_at), not each
# with a scan of its own that tries every capital.
_NAME_COMMA = re.compile(_FIRST_ALONE + ",")
_AFTER_NAME_COMMA = (True, False, False, True, True, False, True, True, False)
_SHORT_ROLE = 62  # characters of a role after any name; a known first name's may run to 92
# Words each of _SINGLE_NAMES cannot match without (one of them), or () for none.
_SINGLE_NAME_WORDS = ((),
                      (" named ", " called "), (), (), (),
                      ("who asked", "who wished", "who wanted", "who agreed", "who preferred",
                       "who gave", "who give"), (", who ", ", whose "), (", one of ",),
                      (" to ", " with "))
# The words each of _SINGLE_NAMES starts with, with no word before them, or None when it
# starts with a name: those are tried only where one of the words stands.
_SINGLE_NAME_FIRSTS = (None, frozenset({"a", "an"}), frozenset({"a", "an", "another", "one"}),
                       None, None, frozenset({"a", "an", "another", "the"}), None, None, None)
_SINGLE_NAMES_AT = tuple(None if firsts is None else Phrases(pattern, firsts)
                         for pattern, firsts in zip(_SINGLE_NAMES, _SINGLE_NAME_FIRSTS,
                                                    strict=True))
_FULL_NAME_APPOSED = re.compile(  # "Anatoliy Shtefan, a spokesman known by the call sign "
    r"(?<![\w'’-])([A-ZÀ-ÞĀ-Ž][a-zà-ÿ'’-]+)\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+,"
    r"[^,.;:“”\"]*$")


def single_name_speakers(text: str, taken: list[tuple[int, int]], cues: Cues,
                         gazetteer: Gazetteer | None = None) -> list[Speaker]:
    """A first name alone, made a speaker by a role or an age beside it, or a call sign.
    The id is `<firstname>-<role>` ("oleksandr-ukrainian-soldier"): a first name alone
    names nobody in particular."""
    out: list[Speaker] = []
    seen: set[int] = set()
    spans = sorted(taken)
    span_starts = [a for a, _ in spans]
    kin_nouns = cues.witness_kin.finditer(text) if cues.witness_kin_noun.search(text) else ()
    for m in kin_nouns:  # "his mother, Tatyana, who found the hotline"
        start, end = m.span("name")
        name = m.group("name")
        if name in cues.not_names or name in cues.titles or \
                overlaps_any(start, end, spans, span_starts):
            continue
        kind, affiliation = describe(text, start, end, cues)
        if m.group("owner") and m.group("kin").lower() in cues.family_kin:
            out.append(Speaker(start, end, slug(f"{name} {m.group('owner')}"), "person",
                               f"{name} {m.group('owner')}", kind, affiliation, built=True))
            seen.add(start)  # "Navalny's wife, Yulia,": she bears the family's name
            continue
        of = cues.witness_nouns.get(normalise(m.group("of") or ""), "")
        kin = f"{of}s {m.group('kin').lower()}" if of in cues.witness_national else \
            witness_role(text, start, end, None, affiliation, cues, gazetteer)
        # "The mother of a soldier, Nina,": nina-soldiers-mother, as "whose son serves" makes
        out.append(Speaker(start, end, slug(f"{name} {kin}"), "person", name, kind,
                           affiliation, built=True))
        seen.add(start)
    commas: list[int] | None = None  # where _NAME_COMMA matches, found when first needed
    for index, (pattern, needs, at) in enumerate(zip(
            (cues.call_sign_name, *_SINGLE_NAMES), (cues.call_sign_phrases, *_SINGLE_NAME_WORDS),
            (None, *_SINGLE_NAMES_AT))):
        if needs and not any(word in text for word in needs):
            continue  # the pattern's own words are not in the text: a plain search first
        if index and _AFTER_NAME_COMMA[index - 1]:
            if commas is None:
                commas = [m.start() for m in _NAME_COMMA.finditer(text)]
            matches = matches_at(pattern, text, commas)
        else:
            matches = pattern.finditer(text) if at is None else find_printed(at, text)
        for m in matches:
            name = next(g for g in m.groups() if g and g[:1].isupper() and g.isalpha())
            start = m.start((m.lastindex or 0) if pattern.groups == 1 else _name_group(m, name))
            end = start + len(name)
            if cues.not_a_name(name) or name.lower() in cues.ranks:
                continue  # "Senior Lieutenant Andriy Kovtun": "Senior" is a rank
            if start in seen or overlaps_any(start, end, spans, span_starts):
                continue
            if m.groupdict().get("clause") is not None and name not in cues.gender_of_name:
                continue  # "Kyiv, which ...": only a known first name opens this form
            if m.groupdict().get("callsign") and \
                    (full := _FULL_NAME_APPOSED.search(text, max(0, m.start() - 120), m.start())) \
                    and full.group(1) in cues.gender_of_name:
                continue  # the person named in full speaks: their call sign is no other one
            role = m.groupdict().get("role")
            if role is not None and not cues.roles.search(role) and \
                    not cues.given_name.search(text, m.start(), m.end() + 40):
                continue  # (a role the cues do not know, unless the text says it gives only
                # a first name: "a shop assistant who gave only her first name, Anna,")
            if role is not None and len(role) > _SHORT_ROLE and name not in cues.gender_of_name:
                continue  # a long apposition only after a known first name ("Olga, a tourist
                # from Moscow staying in a guest house ...,"), not "Lysychansk, the last ...,"
            if ", one of " in m.group():
                role = _one_of(text, m, cues) if name in cues.gender_of_name else None
                if role is None:
                    continue
            if (m.groupdict().get("age") or m.groupdict().get("inverted") is not None) and \
                    not _after_speech(text, start, cues) and not (
                        m.groupdict().get("age") and _AFTER_QUOTE.search(
                            text, max(0, start - 4), start)  # '"...," Olena, 45, said'
                        and cues.verbs.match(lowered(text), m.end() + 1)) and not (
                        m.groupdict().get("age") and (
                            start == 0 or SENTENCE_START.search(text, max(0, start - 4), start))
                        and (name in cues.gender_of_name
                             or in_speaker_position(text, lowered(text), start, end, cues))):
                continue  # "Maria, 34, from Omsk, whose son ..., told": the subject
            kind, affiliation = describe(text, start, end, cues)
            if m.groupdict().get("callsign"):
                kind = "military" if kind == "person" else kind
                source_id = slug(name)
                if text[end:end + 1] in "\"”’'" and text[start - 1:start] in "\"“‘'":
                    seen.add(start)
                    start, end = start - 1, end + 1  # 'the call sign "Hunter" said': the
                    # marks are the name's, so the verb follows it
            elif cues.gender_of_name and name not in cues.gender_of_name and \
                    not cues.given_name.search(m.group()) and \
                    not cues.surname_withheld.match(text, m.end(), m.end() + 120):
                source_id = slug(name)  # "says Bison, a former lorry driver": a nickname as given
            else:
                if role is None and m.groupdict().get("inverted") is not None and \
                        (apposed := APPOSED_ROLE.match(text, end)) and \
                        cues.roles.search(apposed.group(1)):
                    role = apposed.group(1)  # '"...," says Oleksandr, a Ukrainian soldier'
                described = (_relative_role(text, end, cues) if role is None else None) or \
                    witness_role(text, start, end, role, affiliation, cues, gazetteer)
                source_id = slug(f"{name} {described}")
            out.append(Speaker(start, end, source_id, "person", name, kind, affiliation,
                               built=True))
            seen.add(start)
    out += _set_off_speakers(text, spans, span_starts, seen, cues, gazetteer)
    return _same_first_names(out)


_SET_OFF = re.compile(_FIRST_ALONE + r"(?=, )")
_SET_OFF_BEFORE = re.compile(r"(?:^|[.!?:][”\"’]?\s+|\n|, )$")
_APPOSED_ARTICLE = re.compile(r",\s*((?:a|an|the)\s[^,.;:“”\"]{1,60}?)(?=\s+who\b|\s+whose\b|,)")


def _set_off_speakers(text: str, spans: list[tuple[int, int]], span_starts: list[int],
                      seen: set[int], cues: Cues, gazetteer: Gazetteer | None) -> list[Speaker]:
    """"Ray, a welder who has worked on the night shift for 11 years, said", "Galina, 51, from
    Samara, said", "Olena, from Luton, who rang the show, told": a known first
    name that opens its clause, set off by up to three asides (an age, a role, a home town, a
    relative clause) that lead to a speech verb, speaks, whatever the role's noun; the role,
    when the first aside gives one, names the witness as the other forms do."""
    out: list[Speaker] = []
    low = lowered(text)
    for m in _SET_OFF.finditer(text):
        name, start, end = m.group(1), m.start(1), m.end(1)
        if name not in cues.gender_of_name or cues.not_a_name(name) or start in seen or \
                overlaps_any(start, end, spans, span_starts) or \
                not _SET_OFF_BEFORE.search(text[max(0, start - 4):start]):
            continue
        pos = end + 1  # (past the comma that sets the name off)
        for _ in range(3):  # ", 46," then ", from St Petersburg," then ", who ...,"
            more = _ASIDE.match(text, pos, pos + 160)
            if more is None:
                break
            pos = more.end()
            if cues.verbs.match(low, pos):
                break
        if pos == end + 1 or not cues.verbs.match(low, pos):
            continue
        apposed = _APPOSED_ARTICLE.match(text, end)
        role = apposed.group(1) if apposed else None
        kind, affiliation = describe(text, start, end, cues)
        described = (_relative_role(text, end, cues) if role is None else None) or \
            witness_role(text, start, end, role, affiliation, cues, gazetteer)
        out.append(Speaker(start, end, slug(f"{name} {described}"), "person", name, kind,
                           affiliation, built=True))
        seen.add(start)
    return out


_ASIDE = re.compile(r"\s*[^,.;:“”\"()–—\n]{1,140}?,\s*")  # one " ... ," block


def _one_of(text: str, m: re.Match[str], cues: Cues) -> str | None:
    """"one of the volunteers", or "one of them" after a sentence whose plural noun is a
    role ("Volunteers set up a tent"): that role, as "a volunteer"."""
    if m.group("among"):
        words = [m.group("among")]
    else:
        begin = sentence_begin(text, m.start(), 300, SENTENCE_BREAK)
        prior = sentence_begin(text, max(0, begin - 2), 298, SENTENCE_BREAK)
        words = re.findall(r"[A-Za-z]+", text[prior:begin])
    for word in words:
        single = word.lower()[:-1] if word.lower().endswith("s") else ""
        if single and cues.roles.fullmatch(single):
            return f"a {single}"
    return None




def _same_first_names(speakers: list[Speaker]) -> list[Speaker]:
    """"... who gave only his first name, Andriy, said" then "Andriy, 29, said": a first name
    alone that the text has already made a witness is that witness again, not a new one."""
    first: dict[str, Speaker] = {}
    out = []
    for sp in sorted(speakers, key=lambda s: s.start):
        earlier = first.setdefault(sp.name, sp)
        out.append(replace(sp, id=earlier.id, kind=earlier.kind, affiliation=earlier.affiliation)
                   if earlier is not sp else sp)
    return out


_AFTER_QUOTE = re.compile(r"[,!?][”\"’]\s+$")


_RELATIVE = re.compile(
    r",[^.;:“”\"]{0,80}?\bwhose\s+(\w+)\s+(?:was|has\s+been|had\s+been|is|were)\s+(?:\w+\s+)?"
    r"(?:mobili[sz]ed|drafted|conscripted|called\s+up|serving|fighting|deployed)\b")


def _relative_role(text: str, end: int, cues: Cues) -> str | None:
    """"Maria, 34, whose husband was mobilised, told": a role by the relative who serves
    (cues.yaml witnesses: relatives), when the sentence gives the witness none of their own."""
    if not cues.witness_relatives or "whose" not in text[end:end + 90]:
        return None
    m = _RELATIVE.match(text, end)
    return cues.witness_relatives.get(m.group(1).lower()) if m else None


def _name_group(m: re.Match[str], name: str) -> int:
    for index in range(1, (m.re.groups or 0) + 1):
        if m.group(index) == name:
            return index
    return 0


def _after_speech(text: str, start: int, cues: Cues) -> bool:
    before = _VERB_BEFORE.search(text[max(0, start - 20):start])
    return bool(before and cues.frames(before.group(1)))


_VERB_BEFORE = re.compile(r"([\w'’]+)\s+$")
