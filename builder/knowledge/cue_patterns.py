"""Patterns built from the cue lists that read the words around a speaker, a listener or an
outlet (cues.yaml says what each list means; Cues holds the compiled patterns)."""

from __future__ import annotations

import re
from typing import Any

from builder.knowledge.phrases import NEVER, alternation, lower_words, normalise, printed
from builder.knowledge.words import TOKEN


def told_object(titles: list[str]) -> re.Pattern[str]:
    """A told verb's listener up to where its content starts: " reporters that ", " the Hon.
    Member: "; a dot inside it is a title's (`titles`, as printed), a word's ("told
    Stepnoi.kz that") or an initialism's last ("told the U.S. Senate that", "City A.M.")."""
    title_dot = r"(?:" + "|".join(rf"(?<=\b{re.escape(t)})" for t in titles) + r")\." \
        if titles else NEVER.pattern
    return re.compile(
        r"\s+(?P<obj>(?:[^,.:;“”\"]|" + title_dot + r"|(?<=\w)\.(?=\w)|(?<=\.[A-Z])\.)"
        r"{1,80}?)"
        r"(?:\s+that\b\s*|\s*[:,]\s*(?=[“\"‘])|\s*:\s*|\s+(?=[“\"]))"
    )


def event_then_that(verbs: list[str]) -> re.Pattern[str]:
    """After a speech verb: an event the words followed, then "that" ("said after an emergency
    meeting in Brussels that"), or what the speaker did as they spoke ("said as she read out
    the verdict that", "said while visiting Lviv that"); not when a verb in -ed or one of the
    `verbs` follows "that", which then opens a relative clause ("after the strike that killed
    ...", "that hit")."""
    return re.compile(
        r"\s+(?:(?:after|before|following)\s+(?:(?:a|an|the|his|her|its|their)\s+)?|"
        r"(?:as|while|when)\s+(?=(?:he|she|they|it|[a-z]+ing)\s))"
        r"[^,.;:“”\"]{1,100}?\s+that\s+"
        r"(?![a-z]+ed\b|(?:" + alternation(verbs) + r")\b)"
        r"(?=[\w“\"‘'])")


def speaker_acts(acts: list[str], pronouns: list[str], between: list[str],
                 pronoun_acts: list[str]) -> re.Pattern[str]:
    """The speaker's next act after its words (on lower case): one of the `acts` ("declined
    to"), or one of the `pronouns`, any of the words `between` and one of the `pronoun_acts`
    ("it later summoned", "they have summoned")."""
    alts = [lower_words(acts)] if acts else []
    if pronouns and pronoun_acts:
        alts.append(r"(?:" + lower_words(pronouns) + r")\s+(?:(?:" + alternation(between, True)
                    + r")\s+)*(?:" + alternation(pronoun_acts, True) + r")")
    return re.compile(r"(?:" + "|".join(alts) + r")(?![\w'’])") if alts else NEVER


def according_before(phrases: list[str]) -> re.Pattern[str]:
    """Search right before a name: a phrase that credits the words to it ("according to",
    "in the view of"), then up to 30 characters of words ("the head of the agency, ")."""
    if not phrases:
        return NEVER
    return re.compile(r"(?:" + alternation(phrases) + r")\s+(?:the\s+)?[\w\s'’-]{0,30}$",
                      re.IGNORECASE)


def publisher_in_person(staff: list[str]) -> re.Pattern[str]:
    """The publisher speaks for itself: "told me", "told us", or "our" (or "Our", "our own")
    and one of its `staff` (as printed)."""
    return re.compile(
        r"(?<![\w'’-])(?:told|tells|telling)\s+(?:me|us)(?![\w'’-])"
        r"|(?<![\w'’-])[Oo]ur\s+(?:own\s+)?(?:" + alternation(staff) + r")\b"
    )


def relay_lead(phrases: list[str]) -> re.Pattern[str]:
    """Search right before an outlet's name: a phrase that brings it in, then up to four words
    ("told Russian state TV channel X"; 'said on "Fox News Sunday"': the network opens its
    show's quoted title)."""
    if not phrases:
        return NEVER
    return re.compile(r"(?:" + alternation(phrases) + r")\s+[“\"‘]?(?:the\s+)?"
                      r"(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)


def interviewed_outlet(leads: list[str], broadcaster_words: list[str]) -> re.Pattern[str]:
    """A phrase of an outlet's interview, then a broadcaster's name (group 1): one to three
    capitalised words and a channel number or a broadcaster word ("in an interview with
    France 3", "in an interview with Polish Radio")."""
    if not leads or not broadcaster_words:
        return NEVER
    return re.compile(r"\b(?:" + alternation(leads) + r")\s+("
                      r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s+(?:\d{1,2}|"
                      + alternation(broadcaster_words) + r"))(?![\w'’-]|\.\d)")


def told_outlet(phrases: list[str]) -> re.Pattern[str]:
    """Search right before an outlet's name: a phrase that says it was told the words."""
    if not phrases:
        return NEVER
    return re.compile(r"(?:" + alternation(phrases) + r")\s+(?:the\s+)?$", re.IGNORECASE)


def call_sign_patterns(phrases: list[str], intros: list[str]) -> dict[str, Any]:
    """A call-sign phrase as printed and the first name after it ("call sign Morpikh");
    search right before a name: a call-sign phrase as printed (and a comma and an opening
    quotation mark), or any of them or `intros` in any case (and no quotation mark)."""
    if not phrases:
        return {}
    return {
        "call_sign_phrases": tuple(phrases),
        "call_sign_name": re.compile(r"(?P<callsign>" + printed(phrases) + r"),? [“\"‘']?"
                                     r"([A-ZÀ-ÞĀ-Ž][a-zà-ÿ]+)"),
        "call_sign_before": re.compile(r"(?:" + printed(phrases) + r"),?\s*[“\"‘']?$"),
        "quoted_name_before": re.compile(r"(?:" + printed([*phrases, *intros]) + r")\s*$",
                                         re.IGNORECASE),
    }


def lone_subject(verbs: list[str], adverbs: list[str]) -> re.Pattern[str]:
    """One capitalised word with a lower-case letter in it (or an acronym of two to eight
    capitals: "GTSOU said"), nothing word-like before it, no capitalised word after it, then
    (one of the `adverbs` and) one of the `verbs` (cues.yaml lone_subject_verbs, or any
    lower-case word if they are not all plain words): "Torvane said". The engine then passes
    over "Ukraine has", "Kyiv is", and no other match can start inside one it passes over (a
    capital after a word character, a lower-case verb)."""
    plain = _plain_verbs(verbs, adverbs)
    return re.compile(
        r"(?P<name>[A-ZÀ-ÞĀ-Ž](?<![\w'’-][\s\S])(?:[\w'’-]*[a-zà-ÿ][\w'’-]*|[A-Z]{1,7}))"
        r"(?![\w'’-])"
        r"\s+(?:(?:" + alternation(adverbs) + r")\s+)?(?P<verb>(?:"
        + ("|".join(sorted(verbs)) if plain else r"[a-z]+") + r"))(?![\w'’-])")


def lone_subject_back(verbs: list[str], adverbs: list[str]) -> tuple[int, ...]:
    """How many tokens (words.TOKEN) before its verb the name of a lone_subject match ends:
    one, or one more than an adverb's; () when the verbs are not all plain words (any
    lower-case word may then be the verb, so every capital is tried)."""
    if not _plain_verbs(verbs, adverbs):
        return ()
    return tuple(sorted({1, *(1 + len(TOKEN.findall(normalise(a))) for a in adverbs)}))


def _plain_verbs(verbs: list[str], adverbs: list[str]) -> bool:
    """The lone subject's verbs are all plain lower-case ASCII words, none an adverb: the
    pattern names them (else any lower-case word may be the verb)."""
    return bool(verbs) and all(v.isascii() and v.isalpha() and v.islower() and v not in adverbs
                               for v in verbs)


def relative_clause_subject(name: str, relatives: list[str], between: list[str],
                            reach: int) -> re.Pattern[str]:
    """A name (the regex source `name`, group "name"), a relative clause of one of the
    `relatives` (group "rel") set off by commas and at most `reach` characters long, then
    (one of the words `between` and) a lower-case word, the verb (group "verb"): "Hartmann,
    who heads the institute's Russia programme, said"."""
    return re.compile(
        r"(?P<name>" + name + r"),\s+(?P<rel>" + alternation(relatives) + r")"
        r"\s+[^,.;:“”\"()]{1," + str(reach) + r"},\s+(?:(?:" + alternation(between)
        + r")\s+)?(?P<verb>[a-z]+)(?![\w'’-])")


def relative_subject(relatives: list[str], between: list[str]) -> re.Pattern[str]:
    """relative_clause_subject of one capitalised word with nothing word-like before it:
    "Hartmann, who heads the institute's Russia programme, said". (lone_bodies tries it only
    at the name right before one of the `relatives`: every match must start there.)"""
    return relative_clause_subject(r"[A-ZÀ-ÞĀ-Ž](?<![\w'’-][\s\S])[\w'’-]*[a-zà-ÿ][\w'’-]*",
                                   relatives, between, 100)


def unknown_subject(openers: list[str], articles: list[str],
                    between: list[str]) -> re.Pattern[str]:
    """Fullmatch up to a verb: a noun phrase with one of the `articles` (in lower case or
    capitalised; group "np"), or a name of one to three capitalised words (group "name" too:
    "Halim", "Ten-year-old Lesia*"), perhaps after a time or place phrase of one of the
    `openers` (as printed) and its comma, then any of the words `between`: "A person close
    to the prosecution", "After the hearing, the defendant had", "In the market, Halim"."""
    if not articles:
        return NEVER
    lower = [normalise(a) for a in articles]
    name = r"[A-Z][a-z][\w*-]*(?:\s+[A-Z][a-z][\w*-]*){0,2}"  # not "I", not "We'd"
    return re.compile(
        r"(?:(?:" + alternation(openers) + r")\b[^,.;:“”\"]{0,50},\s+)?"
        r"(?P<np>(?:" + alternation([*lower, *(a.capitalize() for a in lower)])
        + r")\s[^,.;:“”\"()]{2,60}?|(?P<name>" + name + r"))(?:\s+(?:" + alternation(between)
        + r"))*\s+$")


def unknown_closer(articles: list[str], breaks: list[str],
                   between: list[str]) -> re.Pattern[str]:
    """Search, ending at a verb: a comma, then a noun phrase opening with one of the
    `articles` (group "np"; no mark, none of the `breaks` words that open a clause), then any
    of the words `between`: "..., the gallery's director has", "..., a Latvian court" (a
    sentence's closing attribution by a speaker no list names)."""
    if not articles:
        return NEVER
    stop = r"(?!\b(?:" + alternation(breaks) + r")\b)" if breaks else ""
    return re.compile(
        r",\s+(?P<np>(?:" + alternation([normalise(a) for a in articles]) + r")\s(?:" + stop
        + r"[^,.;:“”\"()]){2,60}?)(?:\s+(?:" + alternation(between) + r"))*\s+$")


def government_after(heads: list[str]) -> re.Pattern[str]:
    """After an unnamed group: a preposition and one of a government's bodies, "close to the
    cabinet", " in the agriculture ministry"."""
    if not heads:
        return NEVER
    return re.compile(r"\s+(?:in|at|within|inside|from|close\s+to)\s+the\s+(?:[a-z]+\s+){0,2}"
                      r"(?:" + alternation(heads) + r")\b")


def told_paper(leads: list[str], words: list[str]) -> re.Pattern[str]:
    """One of `leads` ("told"), perhaps "the", and a capitalised name whose last word is a
    newspaper's (`words`: "Examiner", "Express"), before "that": "told the Leinster Examiner
    that" (group name)."""
    if not leads or not words:
        return NEVER
    return re.compile(r"\b(?:" + alternation(leads) + r")\s+(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]*"
                      r"\s+){0,3}(?:" + alternation(words) + r"))(?=\s+that\b)")


def object_of_verb(nouns: list[str]) -> re.Pattern[str]:
    """Search right before a name: a verb in -ed that takes it as its object ("X thanked
    Scholz ... and said"), or one of the meeting `nouns` and "with" or "to" ("in an interview
    with Defense One, saying")."""
    return re.compile(
        r"(?<![\w'’-])(?!(?:and|or|but|while|as|that|who|which|said|says|told)\s)[a-z]+ed\s+$"
        r"|\b(?:" + alternation(nouns) + r")\s+(?:with|to)\s+(?:the\s+)?$")


def host_intro(words: list[str]) -> re.Pattern[str]:
    """A host's words as printed before the person played next, then a space: "Here's "."""
    if not words:
        return NEVER
    return re.compile(r"\b(?:" + printed(words) + r")\s")


def cited_name(after: list[str]) -> re.Pattern[str]:
    """One capitalised word or an acronym of three to eight capitals (no capital word after
    it), then the end of the clause or, past at most two lower-case words, one of the words
    `after` (as printed): "according to Navlyx.", "according to Tidemark data,", "according to
    ICFA.", "according to Kelvra shipping data"."""
    return re.compile(
        r"(?P<name>[A-ZÀ-ÞĀ-Ž][\w'’-]*[a-zà-ÿ][\w'’-]*|[A-Z]{3,8})(?![\w'’-])"
        r"(?=\s*[,.;:)]|\s*$|(?:\s+[a-z][\w-]*){0,2}\s+(?:" + alternation(after) + r")\b)"
    )


def outlet_kind_after(kinds: list[str], media: list[str]) -> re.Pattern[str]:
    """After a name: an outlet's noun, perhaps with a medium's word first (" television
    channel", " daily"), in any case; or a medium's word alone in lower case, a description
    and no part of the name (" radio": "told LRT radio", not "told Polish Radio")."""
    if not kinds:
        return NEVER
    lower = [w for w in media if w.islower()]
    alone = r"|\s+(?-i:" + alternation(lower) + r")(?![\w'’-])" if lower else ""
    return re.compile(r"\s+(?:(?:" + alternation(media) + r")\s+)?(?:" + alternation(kinds)
                      + r")\b" + alone, re.IGNORECASE)


def document_by(participles: list[str]) -> re.Pattern[str]:
    """After a document's mention: its apposition up to its author (", released on Friday by
    the "), in any case."""
    if not participles:
        return NEVER
    return re.compile(r",\s+(?:first\s+|jointly\s+)?(?:" + alternation(participles)
                      + r")\s+(?:on\s+\w+\s+)?by\s+(?:the\s+)?", re.IGNORECASE)


def any_of(phrases: list[str]) -> re.Pattern[str]:
    """Any of the phrases as printed, as whole words (a space is one space)."""
    if not phrases:
        return NEVER
    return re.compile(r"\b(?:" + printed(phrases) + r")\b")


def surname_withheld(words: list[str]) -> re.Pattern[str]:
    """After a first name: the rest of its clause names one of the `words` (as printed), ",
    who did not want his surname used"."""
    if not words:
        return NEVER
    return re.compile(r"[^.;:“”\"]*?\b(?:" + printed(words) + r")\b")


def speech_tails(weekdays: list[str], near_days: list[str], day_parts: list[str],
                 links: list[str], spans: list[str], adverbs: list[str],
                 months: tuple[str, ...] | list[str] = (),
                 openers: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """What may follow a speech verb without opening its content (`weekdays`, calendar.yaml's full
    names; cues.yaml near_days, day_parts, link_manners, time_spans, speech_adverbs; `openers`, each
    pattern's own words: verb_next_words, clause_tail_words, manner_after_words): manner_next is a
    manner or time phrase right after the verb of a speaker after a quotation, no clause of its own
    ('"..." Zelensky said on Monday.'); clause_tail closes the clause ("..., she said in a
    statement", "told the summit by video link on ..."); manner_after is a manner or time phrase
    before the content ("said repeatedly that", "said here Friday", "said last week that"; not "said
    at least 25 ...", nor "said this was ...": those open the content)."""
    if not weekdays or not near_days or not day_parts or not links or not spans or not adverbs:
        return {}
    openers = openers or {}
    next_words, tail_words, after_words = (alternation(openers.get(key, ())) for key in (
        "verb_next_words", "clause_tail_words", "manner_after_words"))
    days = "|".join(weekdays)
    adverb = alternation(adverbs)
    near = "|".join(near_days)
    by_link = r"by\s+(?:" + "|".join(links) + r")"
    # A wire's "said here Friday" (Xinhua): "here" before a time or the end of the clause is
    # where the words were said, no content.
    here = (r"here(?=\s*[,.;]|\s+(?:on\s+)?(?:" + days + r"|" + near + r"|this|last|"
            r"late|early|earlier|later|that)\b)")
    # A month's day with no "on" (trade and wire copy: "said May 11", "said Jan. 5"; cues.yaml
    # `months`, calendar.yaml's): a time, no content.
    dated = (r"(?:" + "|".join(months) + r")\.?\s+\d{1,2}(?!\d)(?:,\s+\d{4})?"
             if months else r"(?!x)x")
    time_noun = (r"\s+(?:" + "|".join(day_parts) + r"|" + "|".join(spans) + r"|" + days
                 + r")\b(?!['’])")  # "this Thursday"
    return {
        "manner_next": re.compile(  # (on lower case: "said on Monday.", "added again")
            r"\s*(?:,|(?:" + next_words + r"|" + adverb + r")\b)"),
        "clause_tail": re.compile(
            r"\s*(?:[,;–—(]|$|(?:" + tail_words + r"|" + near + r"|" + adverb + r"|" + days
            + r"|" + here + r"|" + by_link + r")\b|"
            + dated + r"(?=\s*(?:[,.;]|$)))",
            re.IGNORECASE),
        "manner_after": re.compile(
            r"\s+(?:" + after_words + r"|at(?!\s+(?:least|most)\b)|"
            r"to(?=\s+(?:the\s+|(?-i:[A-Z])))|"  # "reported to President Putin": an addressee
            r"from(?=\s+(?:the\s+)?(?-i:[A-Z]))(?!\s+(?:" + days + r")\b)|"  # "wrote from
            # Sofia that": where the words were written, no content (not "from Monday")
            r"(?:last|this)(?=" + time_noun + r")|" + near + r"|" + adverb + r"|"
            + days + r"|[a-z]{3,}ly(?=\s+that\b)|" + here + r"|" + by_link + r"|" + dated
            + r")\b",
            re.IGNORECASE),
    }


def time_phrases(weekdays: list[str], near_days: list[str],
                 day_parts: list[str]) -> dict[str, Any]:
    """Time phrases around a speech verb (`weekdays`, calendar.yaml's full names; cues.yaml
    near_days, day_parts): only_time_after is all that follows a listener ("told the Security
    Council today.", "on Wednesday night,"); time_after_verb a time right after the verb, run on
    lower case ("said on Thursday morning"); capital_not_weekday_next a capitalised word next that
    is no weekday ("the Ukrainian outlet RBC-Ukraine", not "... Monday")."""
    if not weekdays or not near_days or not day_parts:
        return {}
    part = r"(?:\s+(?:" + "|".join(day_parts) + r"))?"
    return {
        "only_time_after": re.compile(
            r"\s+(?:" + "|".join(near_days) + r"|(?:on|last|this|late|early)\s+[\w-]+" + part
            + r")\s*(?:[,.;]|$)"),
        "time_after_verb": re.compile(
            r"(?:\s+(?:on|last|this|late|early|earlier|later)\s+[\w-]+" + part + r")?"),
        "capital_not_weekday_next": re.compile(
            r" (?!(?:" + "|".join(w.capitalize() for w in weekdays) + r")\b)[A-Z][\w'’.-]"),
    }


def teller_patterns(verbs: list[str], pronouns: list[str]) -> dict[str, Any]:
    """A speaker's attribution after its words with one of the teller `verbs` (cues.yaml
    teller_verbs): trailing_teller closes the sentence (", the prosecutor said."; group "who");
    inner_said interrupts it (", a senior administration official said,"); bare_said, by a
    name or one of the `pronouns` (subject_pronouns), follows a claim (", he added.");
    bare_said_before, by either, ends right before a quotation ("Putin said: “")."""
    if not verbs or not pronouns:
        return {}
    said = r"(?:" + alternation(verbs, True) + r")"
    pronoun = alternation(pronouns, True)
    capitalised = "|".join(f"[{p[0].upper()}{p[0]}]{re.escape(p[1:])}"
                           for p in sorted({p.lower() for p in pronouns}))
    return {
        "trailing_teller": re.compile(
            r"[”\"’]?\s*,\s+(?P<who>[^,.;:“”\"]{2,40}?)\s+(?:" + alternation(verbs, True)
            + r"|told\s+(?:reporters|journalists)(?:\s+(?:afterwards|later))?)"
            r"(?:\s+in\s+a\s+statement)?(?:,\s+[a-z]+ing\s[^.!?;:]*)?\s*[.!?]?\s*$"),
        "inner_said": re.compile(r",\s+(?P<who>[^,.;:“”\"]{1,50}?)\s+" + said + r"\s*,"),
        "bare_said": re.compile(r"[,.!?]?[”\"’']?,?\s+(?:[A-Z][\w'’-]+|" + pronoun + r")\s+"
                                + said + r"\s*[.,]"),
        "bare_said_before": re.compile(r"(?:[A-Z][\w'’-]+|" + capitalised + r")\s+"
                                       + said + r"\s*:?\s*[“\"‘']?\s*$"),
    }
