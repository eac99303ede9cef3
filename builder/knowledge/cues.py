"""Loads cues.yaml (speech verbs, references, roles, anonymous speakers) into compiled patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder import yamlnodes
from builder.diagnostics import Diagnostic, error
from builder.knowledge import cue_patterns
from builder.knowledge.phrases import (
    NEVER,
    alternation,
    compile_capitalised,
    compile_lower,
    compile_words,
    lower_words,
    normalise,
    printed,
)
from builder.knowledge.words import Phrases, first_words, last_words

FILE_NAME = "cues.yaml"
_LISTS = ("not_verbs", "listeners", "not_content", "speech_adverbs", "auxiliaries",
          "event_clause_verbs",
          "empty_objects",
          "passive_participles", "subject_gap", "voices", "delegate_nouns", "interview_intros",
          "first_person",
          "passive", "needs_as", "needs_that",
          "figure_verbs", "pointed_nouns", "aside_nouns", "manner_heads", "back_references",
          "quoted_as", "quoted_as_participles", "quoted_as_not_before",
          "according", "according_named", "according_documents", "estimate_nouns",
          "partner_leads",
          "continued_reports", "speaker_acts", "pronoun_acts", "subject_pronouns",
          "narration_asides", "question_openers",
          "near_days", "day_parts", "time_spans",
          "link_manners",
          "estimate_verbs", "data_nouns", "data_lead_articles", "data_lead_modifiers",
          "data_verbs", "citing", "documents", "not_names",
          "own_outlet_before", "own_outlet_after", "source_labels", "quote_labels",
          "naming_verbs", "needs_for", "exhortations", "appeal_nouns", "addressees",
          "needs_as_always", "accusations", "object_leads",
          "place_bodies", "not_modifiers", "head_roles", "counted_roles", "child_counts",
          "trial_roles", "trial_acts", "tried_acts", "outlet_pieces", "document_writers",
          "court_papers",
          "title_modifiers", "according_gap",
          "other_office",
          "unnamed_heads",
          "any_body", "unlisted_body", "any_outlet", "body_prepositions", "serving_prepositions",
          "near_prepositions", "knowing_phrases", "issued_verbs", "issued_objects",
          "voice_prepositions", "speaker_tail_prepositions",
          "region_units", "site_nouns",
          "local_levels", "placed_heads", "noun_verbs", "ranks", "town_kinds", "body_town_kinds",
          "name_particles", "postnominals", "question_leads",
          "body_words", "org_nouns",
          "sentence_openers", "question_labels", "answer_labels", "relay_roles", "plain_saying",
          "check_labels",
          "verb_words", "abbreviations", "may_end_abbreviations", "letter_names",
          "next_sentence_openers",
          "outlet_nouns", "platforms", "outlet_noun_adjectives", "finding_objects", "drafts",
          "recording_by", "subject_finding_verbs",
          "lead_ins",
          "time_openers", "time_phrase_ends", "front_sectors", "service_branches",
          "employer_nouns", "body_offices",
          "group_participles", "unit_nouns", "convened",
          "named_unit_nouns", "unit_designations", "lone_subject_verbs", "body_kinds",
          "intent_verbs", "finding_verbs",
          "broadcaster_words", "paper_name_words", "cited_name_after", "host_intros",
          "outlet_interview_leads",
          "dotted_titles", "surname_titles", "own_staff", "generic_body_heads", "relay_leads",
          "told_outlet_leads", "spoken_on_leads", "column_verbs",
          "call_sign_phrases", "quoted_name_intros",
          "government_heads",
          "meeting_nouns", "outlet_media_words",
          "authoring_participles", "first_name_phrases", "surname_words", "document_modifiers",
          "speaking_moves", "teller_verbs", "word_particles", "content_openers",
          "town_prepositions", "home_leads", "home_left", "head_prepositions", "body_relatives",
          "naming_phrases",
          "person_relatives", "name_joiners", "name_articles", "function_words",
          "person_possessives", "home_country_nouns", "knowledge_phrases", "known_things",
          "not_describing", "verb_next_words", "clause_tail_words", "manner_after_words",
          "byline_words", "country_openers", "body_said_verbs", "ministry_prepositions",
          "where_said_prepositions", "where_said_determiners", "and_clause_openers",
          "body_it_verbs", "question_breaks",
          "tense_auxiliaries", "clause_relatives", "where_relatives", "but_modals",
          "listener_determiners", "content_conjunctions", "compiler_prepositions",
          "unknown_subject_openers", "unknown_subject_articles", "clause_conjunctions",
          "closer_breaks", "named_listener_openers", "content_finite_words", "voiced_heads",
          "serving_within", "serving_bodies", "serving_heads", "sides_quantifiers",
          "sides_nouns", "named_roles", "topic_roles")
_OTHER = ("reference_qualifiers",)
_MAPS = ("references", "reference_defaults", "portfolio_roles", "pronouns", "metonyms", "roles",
         "titles", "title_roles", "role_covers",
         "affiliations", "countries", "country_body_heads", "org_words", "namesakes",
         "lone_body_kinds", "kin_groups", "ministry_portfolios", "spelt_suffixes",
         "definite_classes", "class_bodies")
_NESTED = ("speech_verbs", "anonymous", "figures", "gender", "witnesses")
KEYS = frozenset((*_LISTS, *_MAPS, *_NESTED, *_OTHER))
# The lower-case phrase lists (compile_lower, or shaped like it) tried only at their first
# words (Cues.lists; compile_cues works out those words, _looked_up_firsts).
LOOKED_UP = ("verbs", "references", "documents", "pronouns", "anonymous_heads",
             "voiced_references", "passive",
             "according", "citing", "interview_intros", "recording_by", "quoted_as",
             "own_outlet_before", "own_outlet_after", "lone_body_nouns", "data_verbs",
             "estimate_nouns")
# Patterns that are no phrase list but open with one of a list's words, where no word goes on
# before it, that word ending before a space: tried, like LOOKED_UP, only where one of those
# words stands (Cues.lists, words.find on lower case); a window holding none tries nothing.
GATED = ("estimate_verb", "question_lead", "share_figure", "population_figure")
# Likewise, run on the text as printed (Cues.printed_lists, words.find_printed_any_case).
GATED_PRINTED = ("told_paper", "told_name", "metonyms")
# What a later reference ("the ministry") and a document ("its latest report") open with.
REFERENCE_DETERMINERS = ("the", "its", "their", "a")
VOICED_DETERMINERS = ("the", "its", "their")  # "the court's press service"
DOCUMENT_DETERMINERS = ("the", "its", "this", "that", "their", "his", "her", "a later",
                        "a subsequent", "a separate", "a second")


@dataclass(frozen=True, slots=True)
class Cues:
    """Compiled cue patterns; builder/data/cues.yaml says what each list means.

    verbs, passive, according, citing, references, documents, pronouns, anonymous_heads,
    casualty and the figure patterns are compiled in lower case: run them on
    `phrases.lowered(text)` (same offsets). The others match the text as printed.
    """

    verbs: re.Pattern[str] = NEVER
    verb_frames: dict[str, frozenset[str]] = field(default_factory=dict)
    not_verbs: re.Pattern[str] = NEVER
    listeners: re.Pattern[str] = NEVER
    told_object: re.Pattern[str] = NEVER  # " the Hon. Member that ": a listener, then content
    event_then_that: re.Pattern[str] = NEVER  # " after a meeting in Brussels that ": content
    not_content: frozenset[str] = frozenset()
    empty_object: re.Pattern[str] = NEVER  # "a very different version": a verdict, no content
    passive_participles: frozenset[str] = frozenset()
    subject_gap: re.Pattern[str] = NEVER
    voice_gap: re.Pattern[str] = NEVER  # "the Kremlin press service said": the body speaks
    voice_words: frozenset[str] = frozenset()  # "service", "spokesman": a body's voice
    voice_phrases: frozenset[str] = frozenset()  # "press service": a voice, not a body's name
    voice_after: re.Pattern[str] = NEVER  # " Public Relations Center" after a body (on lowered)
    voiced_references: re.Pattern[str] = NEVER  # "the court" of "the court's press service"
    delegate_nouns: frozenset[str] = frozenset()  # "the representative of France": France
    country_body_heads: dict[str, str] = field(default_factory=dict)  # "interior ministry"
    country_body_kinds: frozenset[str] = frozenset()  # their kinds ("official", "military")
    country_bodies: re.Pattern[str] = NEVER  # "Georgia's interior ministry": country, body
    interview_intros: re.Pattern[str] = NEVER  # "<outlet> talked to X about": X answers
    first_person: re.Pattern[str] = NEVER  # "I", "we": a speaker's own words, no narration
    passive: re.Pattern[str] = NEVER
    manner_phrase: re.Pattern[str] = NEVER  # "on Telegram", "in a video address on Monday"
    manner_next: re.Pattern[str] = NEVER  # " on Monday", " again": no clause (lower case)
    clause_tail: re.Pattern[str] = NEVER  # ", she said in a statement": the clause ends
    manner_after: re.Pattern[str] = NEVER  # "said here Friday that": before the content
    only_time_after: re.Pattern[str] = NEVER  # " today.", " on Wednesday night,": no more
    time_after_verb: re.Pattern[str] = NEVER  # " on Thursday morning" (on lower case)
    capital_not_weekday_next: re.Pattern[str] = NEVER  # " RBC-Ukraine", not " Monday"
    employer_phrase: re.Pattern[str] = NEVER  # "(a trader) at a European major": where
    employer_after: re.Pattern[str] = NEVER  # the same phrase, matched where it starts
    body_offices: frozenset[str] = frozenset()  # "inspector general": an office of a body
    participle_phrase: re.Pattern[str] = NEVER  # "(soldiers) fighting near Bakhmut" before
    convening: re.Pattern[str] = NEVER  # "called an emergency meeting": no words reported
    unit_phrase: re.Pattern[str] = NEVER  # "(soldiers) of a penal assault company" before
    sided_unit_after: re.Pattern[str] = NEVER  # " of a Russian assault company": side, unit
    pointed_nouns: frozenset[str] = frozenset()  # "says that attack never happened"
    aside_nouns: frozenset[str] = frozenset()  # "A, a finding that ...": the outlet's aside
    figure_verbs: frozenset[str] = frozenset()  # "has documented at least 1,900 tanks"
    finding_objects: re.Pattern[str] = NEVER  # "documented cases in which ...": a finding
    subject_finding_verbs: re.Pattern[str] = NEVER  # "X found A, according to Y": A
    intent_verbs: frozenset[str] = frozenset()  # "expects to receive": an intention
    finding_verbs: frozenset[str] = frozenset()  # "Amnesty found that": a body's finding
    lone_subject_verbs: frozenset[str] = frozenset()  # "Torvane said in a statement that"
    lone_subject: re.Pattern[str] = NEVER  # "Torvane said": a capitalised word, one of those
    lone_subject_back: tuple[int, ...] = ()  # tokens from its verb back to its name's last
    relative_subject: re.Pattern[str] = NEVER  # "Hartmann, who heads ..., said": a lone word
    unknown_subject: re.Pattern[str] = NEVER  # "A person close to the prosecution" before a verb
    unknown_closer: re.Pattern[str] = NEVER  # ", the museum's director" before a closing verb
    lone_body_kinds: dict[str, str] = field(default_factory=dict)  # "refiner": company
    kin_groups: dict[str, str] = field(default_factory=dict)  # "parents": family
    definite_classes: dict[str, str] = field(default_factory=dict)  # "service": military
    class_bodies: dict[str, str] = field(default_factory=dict)  # "Army": military
    # "foreign affairs" -> "foreign": "Ministry of Foreign Affairs" is the foreign ministry
    ministry_portfolios: dict[str, str] = field(default_factory=dict)
    lone_body_nouns: re.Pattern[str] = NEVER  # those nouns (and plurals), in lower case
    body_kinds: frozenset[str] = frozenset()  # ngo, company ...: a built body, no person
    needs_that: frozenset[str] = frozenset()  # "announced that ..." but "announced a curfew"
    needs_as: frozenset[str] = frozenset()  # "described X as Y": no claim without "as"
    needs_for: frozenset[str] = frozenset()  # "criticized X for Y": no claim without "for"
    exhortations: frozenset[str] = frozenset()  # "warned X against Y": an appeal
    addressees: frozenset[str] = frozenset()  # "warned residents to stay indoors"
    appeal_nouns: frozenset[str] = frozenset()  # "repeated his call for jets": no claim
    needs_as_always: frozenset[str] = frozenset()  # "dismissed X as Y": no claim without "as"
    accusations: frozenset[str] = frozenset()  # "accused X of Y, ...": the comma ends it
    quoted_as: re.Pattern[str] = NEVER  # "Y quoted X as saying": X speaks, via Y
    as_saying: re.Pattern[str] = NEVER  # then "... as saying (that)": group "as"
    back_references: re.Pattern[str] = NEVER  # "This was stated by X" credits what precedes
    according: re.Pattern[str] = NEVER
    according_before: re.Pattern[str] = NEVER  # search right before a name: "according to "
    according_named: frozenset[str] = frozenset()  # "per X": only with a speaker after it
    according_documents: frozenset[str] = frozenset()  # "Under the document, X": a document's
    narration_asides: re.Pattern[str] = NEVER  # ", in a bid to ...": the narration's aside
    question_openers: re.Pattern[str] = NEVER  # "Hasn't Russia said ...?": a question's first
    continued_reports: re.Pattern[str] = NEVER  # "There were no casualties.": the last speaker's
    speaker_acts: re.Pattern[str] = NEVER  # "and declined to comment": the speaker's next act
    recording_by: re.Pattern[str] = NEVER  # "a video released by": a body's relay
    drafts: frozenset[str] = frozenset()  # "according to a draft": the claim's subject wrote it
    document_by: re.Pattern[str] = NEVER  # ", released by the ": a document's author follows
    according_filler: re.Pattern[str] = NEVER  # "the latest figures from " before its speaker
    cited_name: re.Pattern[str] = NEVER  # "Navlyx" in "according to Navlyx data": a cited body
    estimate_opener: re.Pattern[str] = NEVER  # "By her estimate, ": the owner's claim follows
    estimate_verb: re.Pattern[str] = NEVER  # "puts the cost at ...": group "what" is the claim
    data_shows: re.Pattern[str] = NEVER  # "UN figures show (that) ": the body's data speaks
    data_lead: re.Pattern[str] = NEVER  # "a new " of "a new study found": no author named
    # The verbs of data_shows and the nouns of estimate_opener, as words: a sentence holding
    # none of them is not searched for either (words.stands_in)
    data_verbs: re.Pattern[str] = NEVER
    estimate_nouns: re.Pattern[str] = NEVER
    cited_by: re.Pattern[str] = NEVER  # " (data) cited by ": an outlet carried X's words
    citing: re.Pattern[str] = NEVER
    relay_lead: re.Pattern[str] = NEVER  # "told Russian state TV channel " before an outlet
    partner_lead: re.Pattern[str] = NEVER  # "together with the " before an outlet: no relay
    told_outlet: re.Pattern[str] = NEVER  # "speaking to the " right before an outlet
    spoken_on: re.Pattern[str] = NEVER  # "speaking on " right before an outlet: on its air
    column_verbs: frozenset[str] = frozenset()  # "writes", "argues": a written piece's verbs
    told_name: re.Pattern[str] = NEVER  # "told Harbourline's", "speaking on Harbourline"
    told_paper: re.Pattern[str] = NEVER  # "told the Leinster Examiner that": a paper's name (name)
    own_outlet_before: re.Pattern[str] = NEVER  # "verified by" + the publishing outlet
    own_outlet_after: re.Pattern[str] = NEVER  # the publishing outlet + "could not verify"
    publisher_in_person: re.Pattern[str] = NEVER  # "told me", "our correspondent": the writer
    source_label: re.Pattern[str] = NEVER  # "Source: " opening a paragraph (text as printed)
    quote_label: re.Pattern[str] = NEVER  # "Quote: " before a quotation (text as printed)
    naming_verbs: frozenset[str] = frozenset()  # "what he called X": a label, no claim
    object_lead: re.Pattern[str] = NEVER  # "Without naming X, he said": X is no "he"
    place_bodies: tuple[str, ...] = ()  # "city hall" (lower case) after a town: its body
    not_modifiers: frozenset[str] = frozenset()  # "the same ministry": no modifier of its own
    head_roles: frozenset[str] = frozenset()  # "the head of the ministry": its person
    counted_roles: frozenset[str] = frozenset()  # "the mother of two": her, brought in so
    child_count: re.Pattern[str] = NEVER  # " of two" after a counted role
    trial_roles: frozenset[str] = frozenset()  # "the defendant": the person tried
    trial_acts: re.Pattern[str] = NEVER  # "sentenced " before the person tried (lower)
    tried_acts: re.Pattern[str] = NEVER  # " is accused" after the person tried (lower)
    title_modifiers: frozenset[str] = frozenset()  # "deputy spokesperson": in a title, no role
    other_office: frozenset[str] = frozenset()  # "the shadow minister": not "the minister"
    unnamed_heads: frozenset[str] = frozenset()  # "the source": never a role of a named person
    any_body: frozenset[str] = frozenset()  # "the group": any body quoted just before
    unlisted_body: frozenset[str] = frozenset()  # "the organisation": a body not in the registry
    generic_body_id: re.Pattern[str] = NEVER  # "ministry-of-": a body's id with no country
    any_outlet: frozenset[str] = frozenset()  # "the channel": any outlet quoted just before
    placed_heads: frozenset[str] = frozenset()  # "the regional police": the region's police
    government_after: re.Pattern[str] = NEVER  # " close to the cabinet": a government's group
    object_of_verb: re.Pattern[str] = NEVER  # "thanked ", "talks with ": a name is the object
    noun_verbs: frozenset[str] = frozenset()  # "a BBC News report about": a noun, no verb
    # An unnamed group's body after it; groups are matched in the text as printed.
    body_after: re.Pattern[str] = NEVER  # "a source in the ", "officials close to "
    local_body_after: re.Pattern[str] = NEVER  # "a source in the regional p": the place's body
    served_body_after: re.Pattern[str] = NEVER  # body_after (no "the") or "an adviser to "
    body_before: re.Pattern[str] = NEVER  # search right before a body: "sources familiar with "
    knowing_after: re.Pattern[str] = NEVER  # " familiar with the matter": phrase, noun
    issued_object: re.Pattern[str] = NEVER  # " released a statement " before "saying"
    voice_for_after: re.Pattern[str] = NEVER  # " for ": "said a spokesman for the Navy"
    speaker_tail: re.Pattern[str] = NEVER  # " to the president" after an inverted speaker
    of_region: re.Pattern[str] = NEVER  # " of the Belgorod region" after a role word
    voice_for_before: re.Pattern[str] = NEVER  # "reports the press service of the " (search)
    ranks: frozenset[str] = frozenset()  # "senior officials": a rank, no side
    town_kinds: frozenset[str] = frozenset()  # gazetteer kinds a witness's town may have
    body_town_kinds: frozenset[str] = frozenset()  # kinds of the town "the city council" is of
    site_nouns: frozenset[str] = frozenset()  # "doctors at the hospital": where, not who
    name_particles: frozenset[str] = frozenset()  # "von", "de": inside a person's name
    postnominals: frozenset[str] = frozenset()  # "KC", "MP" after a name (as printed)
    spelt_suffixes: dict[str, str] = field(default_factory=dict)  # "Corp." -> corporation
    question_lead: re.Pattern[str] = NEVER  # "asked whether ... " up to a verb (search)
    document_after: re.Pattern[str] = NEVER  # " statement" after "witness": a document
    subject_pronouns: frozenset[str] = frozenset()  # "he", "it": a speaker as a subject
    person_pronouns: frozenset[str] = frozenset()  # "he", "they": of those, no body's
    person_possessives: frozenset[str] = frozenset()  # "his", "her": a person's own
    home_country_nouns: frozenset[str] = frozenset()  # "the country's Foreign Ministry"
    byline_words: frozenset[str] = frozenset()  # "By" before a reporter's name (as printed)
    country_openers: frozenset[str] = frozenset()  # "In" of "In Estonia, the" (as printed)
    body_said_verbs: frozenset[str] = frozenset()  # "said" of "..., the ministry said."
    ministry_prepositions: frozenset[str] = frozenset()  # "at" of "a source at the ministry"
    where_said_prepositions: frozenset[str] = frozenset()  # "in" of "said in a statement"
    where_said_determiners: frozenset[str] = frozenset()  # "a" of "said in a statement"
    body_it_verbs: frozenset[str] = frozenset()  # "would" of "Extrel said it would"
    and_clause_openers: frozenset[str] = frozenset()  # "the" of "A, and the video was B"
    tense_auxiliaries: frozenset[str] = frozenset()  # "has" of "has reopened, after ..."
    clause_relatives: frozenset[str] = frozenset()  # "that" of "the convoy that had been held"
    but_modals: frozenset[str] = frozenset()  # "would" of "A would not, but would B"
    where_relatives: frozenset[str] = frozenset()  # "where" of "visited Kyiv, where he said"
    listener_determiners: frozenset[str] = frozenset()  # "the" of "told the farm owners on"
    content_conjunctions: frozenset[str] = frozenset()  # "whether" of "told them whether"
    named_listener_openers: frozenset[str] = frozenset()  # "the" of "told Dawn the premier"
    unknown_subject_articles: frozenset[str] = frozenset()  # "a" of "X, a baker, said that"
    voiced_heads: frozenset[str] = frozenset()  # "spokesperson" of "a spokesperson for X said"
    content_finite_words: frozenset[str] = frozenset()  # "was" of "told Kestrel it was"
    compiler_prepositions: frozenset[str] = frozenset()  # "by" of "data compiled by X"
    clause_conjunctions: frozenset[str] = frozenset()  # "after" of "after Veltane said that"
    speech_adverbs: frozenset[str] = frozenset()  # "also" of "X, who ..., also said"
    body_relatives: frozenset[str] = frozenset()  # "which" of "X, which ..., said"
    naming_phrases: frozenset[str] = frozenset()  # "a group calling itself X": its name next
    person_relatives: frozenset[str] = frozenset()  # "who" of "X, who ..., said"
    name_joiners: frozenset[str] = frozenset()  # "of" of "Bank of Ostrava" (as printed)
    name_articles: frozenset[str] = frozenset()  # "The" of "The Premier Union said its"
    surname_titles: frozenset[str] = frozenset()  # "Judge" of "Judge Kaplan" (as printed)
    serving_within: frozenset[str] = frozenset()  # "in" of "officials in the security services"
    serving_bodies: frozenset[str] = frozenset()  # "services" of the same
    serving_to: frozenset[str] = frozenset()  # serving_prepositions: "to" of "an adviser to"
    serving_heads: frozenset[str] = frozenset()  # "minister" of "an adviser to the minister"
    sides_quantifiers: frozenset[str] = frozenset()  # "both" of "officials from both sides"
    sides_nouns: frozenset[str] = frozenset()  # "sides" of the same
    named_roles: frozenset[str] = frozenset()  # "the company": from a name, never by side
    topic_roles: frozenset[str] = frozenset()  # "the 19-year-old striker": the topic before
    knowledge_phrases: frozenset[str] = frozenset()  # "familiar with": before the verb
    known_things: frozenset[str] = frozenset()  # "the matter": what it knows of
    content_openers: frozenset[str] = frozenset()  # "Torvane said its ...": what it says
    town_prepositions: frozenset[str] = frozenset()  # "In" before "Zarichne, a village,"
    home_leads: frozenset[str] = frozenset()  # "now lives in" before a witness's own town
    home_left: frozenset[str] = frozenset()  # "fled": a town the witness left, told first
    head_prepositions: frozenset[str] = frozenset()  # "of": no description's head before it
    function_words: frozenset[str] = frozenset()  # "the", "which": no noun after a modifier
    not_describing: frozenset[str] = frozenset()  # "through": no noun describing a name
    word_particles: frozenset[str] = frozenset()  # "ten": of those, also an English word
    call_sign_before: re.Pattern[str] = NEVER  # "who goes by the call sign " before a name
    call_sign_name: re.Pattern[str] = NEVER  # "call sign Morpikh": group 2 is the name
    call_sign_phrases: tuple[str, ...] = ()  # as printed: call_sign_name needs one of them
    given_name: re.Pattern[str] = NEVER  # "gave only his first name": a first name, no nickname
    surname_withheld: re.Pattern[str] = NEVER  # ", who did not want his surname used"
    quoted_name_before: re.Pattern[str] = NEVER  # "known as " before a quoted name: no quote
    described_body_before: re.Pattern[str] = NEVER  # "The women's movement, " before a name
    described_body_after: re.Pattern[str] = NEVER  # ", a rights group" after a name
    org_nouns: re.Pattern[str] = NEVER  # "company", "channel", "think tank": a body's noun
    described_org_after: re.Pattern[str] = NEVER  # ", a Telegram channel with ties to ..."
    body_relative_after: re.Pattern[str] = NEVER  # ", which operates the network," after a name
    near_sentence_start: re.Pattern[str] = NEVER  # "For " opening a sentence before a name
    lead_ins: frozenset[str] = frozenset()  # "In a joint statement, they said": not after a claim
    time_openers: frozenset[str] = frozenset()  # "By Tuesday evening, X said, A": no claim
    time_phrase_ends: frozenset[str] = frozenset()  # "Hours later, X announced": an opener
    front_sectors: frozenset[str] = frozenset()  # "a commander in the X direction said"
    service_branches: frozenset[str] = frozenset()  # "air force": "Ukraine's air force" sides it
    named_unit_nouns: frozenset[str] = frozenset()  # "the Aidar battalion": a body's name
    unit_designations: frozenset[str] = frozenset()  # "Separate": left out of a unit's id
    question_labels: frozenset[str] = frozenset()  # "Q: ...?": an interview's question (as printed)
    check_labels: frozenset[str] = frozenset()  # "THE FACTS:": a fact-check's layout, no name
    answer_labels: frozenset[str] = frozenset()  # "A: ...": its answer (as printed)
    host_intro: re.Pattern[str] = NEVER  # "Here's ": a host plays the next label's words
    relay_roles: frozenset[str] = frozenset()  # registry roles of outlets that carry words
    platforms: frozenset[str] = frozenset()  # "the LinkedIn network": a post, no outlet
    described_outlet: re.Pattern[str] = NEVER  # "the German tabloid " right before an outlet
    # the last words of its nouns ("tabloid", "agency"), keys of words.Words; None: unknown
    outlet_noun_ends: frozenset[str] | None = None
    outlet_noun_after: re.Pattern[str] = NEVER  # " daily" after a name: "the Sme daily"
    outlet_kind_after: re.Pattern[str] = NEVER  # " television channel": an outlet introduced
    interviewed_outlet: re.Pattern[str] = NEVER  # "in an interview with France 3": a channel
    # the keys (words.Words) the interview leads and the broadcaster words start with
    interview_lead_firsts: frozenset[str] | None = None
    broadcaster_firsts: frozenset[str] | None = None
    broadcast_name: re.Pattern[str] = NEVER  # "Czech Television", "Kaito TV": a broadcaster
    broadcaster_words: frozenset[str] = frozenset()  # "Polish Radio's Channel One": its own
    plain_saying: frozenset[str] = frozenset()  # "said": reports a claim inside a quotation
    trailing_teller: re.Pattern[str] = NEVER  # ", the prosecutor said." closing the sentence
    inner_said: re.Pattern[str] = NEVER  # ", a senior official said," inside a sentence
    bare_said: re.Pattern[str] = NEVER  # ", he added." right after a claim
    bare_said_before: re.Pattern[str] = NEVER  # "Putin said: “" right before a quotation
    verb_words: frozenset[str] = frozenset()  # "but gave no details": a verb, no new subject
    abbreviations: frozenset[str] = frozenset()  # "gen", "u.s": their dot ends no sentence
    may_end_abbreviations: frozenset[str] = frozenset()  # "u.s": ... unless a sentence follows
    letter_names: frozenset[str] = frozenset()  # "x": "a post on X." ends its sentence
    after_abbreviation: re.Pattern[str] = NEVER  # " The": the next sentence (text as printed)
    references: re.Pattern[str] = NEVER
    reference_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    portfolio: re.Pattern[str] = NEVER  # "energy minister": group 1 is the portfolio
    portfolio_roles: dict[str, str] = field(default_factory=dict)  # "energy" -> energy-ministry
    reference_defaults: dict[str, str] = field(default_factory=dict)
    documents: re.Pattern[str] = NEVER
    document_nouns: re.Pattern[str] = NEVER  # "a report", "study": any document's noun (lower)
    outlet_pieces: frozenset[str] = frozenset()  # "An editorial in X argues": X speaks
    document_writers: frozenset[str] = frozenset()  # "the authors": a document's writers
    court_papers: frozenset[str] = frozenset()  # "the ruling": a court's or a judge's
    pronouns: re.Pattern[str] = NEVER
    pronoun_types: dict[str, str] = field(default_factory=dict)
    metonyms: re.Pattern[str] = NEVER
    metonym_ids: dict[str, str] = field(default_factory=dict)
    roles: re.Pattern[str] = NEVER
    role_kinds: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    title_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # general -> Gen.
    role_covers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # diplomat -> envoy
    affiliations: re.Pattern[str] = NEVER
    affiliation_of: dict[str, str] = field(default_factory=dict)
    affiliation_folded: dict[str, str] = field(default_factory=dict)  # "Pro-Russian" too
    anonymous: re.Pattern[str] = NEVER
    anonymous_heads: re.Pattern[str] = NEVER
    anonymous_plural: dict[str, str] = field(default_factory=dict)
    determiners: frozenset[str] = frozenset()
    anonymous_modifiers: frozenset[str] = frozenset()
    anonymous_classes: dict[str, str] = field(default_factory=dict)  # plural head -> class
    anonymous_prefixes: dict[str, tuple[str, str]] = field(default_factory=dict)
    anonymous_unprefixed: frozenset[str] = frozenset()
    anonymous_unsided: dict[str, str] = field(default_factory=dict)  # police: officials
    anonymous_default_sides: dict[str, str] = field(default_factory=dict)  # milbloggers: Russia
    place_sides: dict[str, str] = field(default_factory=dict)  # "officials in Georgia": Georgia
    anonymous_lone_sides: dict[str, str] = field(default_factory=dict)  # administration: US
    anonymous_placed: frozenset[str] = frozenset()  # "regional": the side of the story's place
    anonymous_story_sided: frozenset[str] = frozenset()  # officials: the story's country's
    anonymous_court_sided: frozenset[str] = frozenset()  # prosecutors: the court's country's
    anonymous_court_nouns: frozenset[str] = frozenset()  # "court", "hearing": where it sits
    story_sides_not: frozenset[str] = frozenset()  # Ukraine: a war's story quotes all sides
    placed_after: re.Pattern[str] = NEVER  # " in the region": the side of the story's place
    town_bodies: dict[str, str] = field(default_factory=dict)  # city: City Council
    outlet_sides: frozenset[str] = frozenset()  # Russia: "TASS, citing a source": Russian
    body_id_forms: dict[str, str] = field(default_factory=dict)  # regional -> oblast ... in ids
    reference_qualifiers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    spokes_for_body: frozenset[str] = frozenset()
    members_for_body: frozenset[str] = frozenset()  # "leaders of the G7": the G7
    not_names: frozenset[str] = frozenset()
    org_words: dict[str, str] = field(default_factory=dict)
    namesakes: dict[str, dict[str, str]] = field(default_factory=dict)  # "abc" -> side -> id
    org_words_folded: dict[str, str] = field(default_factory=dict)  # "embassy" for "Embassy"
    gender_of_name: dict[str, str] = field(default_factory=dict)  # first name -> "f" | "m"
    gender_of_word: dict[str, str] = field(default_factory=dict)  # "spokeswoman" -> "f"
    witness_nouns: dict[str, str] = field(default_factory=dict)  # "infantryman" -> "soldier"
    witness_national: frozenset[str] = frozenset()  # nouns that take a nationality
    witness_placed: frozenset[str] = frozenset()  # nouns that take the town the text is at
    witness_default: str = ""  # the noun of a first-name witness with no role
    witness_relatives: dict[str, str] = field(default_factory=dict)  # husband: soldiers wife
    witness_kin: re.Pattern[str] = NEVER  # "his mother, Tatyana,": a kin noun, then the name
    witness_kin_noun: re.Pattern[str] = NEVER  # " mother": what witness_kin cannot match without
    family_kin: frozenset[str] = frozenset()  # "Navalny's wife, Yulia,": the family's name
    figure: re.Pattern[str] = NEVER
    people_figure: re.Pattern[str] = NEVER
    casualty: re.Pattern[str] = NEVER
    money_figure: re.Pattern[str] = NEVER  # "cost an estimated £3bn", "about $45 billion"
    length_figure: re.Pattern[str] = NEVER  # "some 1,340 kilometres long"
    money_sign: re.Pattern[str] = NEVER  # a currency sign: no money figure without one
    measure_figure: re.Pattern[str] = NEVER  # "about 18 cubic kilometres of water"
    population_figure: re.Pattern[str] = NEVER  # "home to about 150,000 people before the war"
    population_led: re.Pattern[str] = NEVER  # "Before the war the town had [about 40,000 ...]"
    share_figure: re.Pattern[str] = NEVER  # "about 9 percent of Japan's imports of gas"
    model_name_before: re.Pattern[str] = NEVER  # "pledged Challenger " before "2 tanks"
    owner_before: re.Pattern[str] = NEVER  # "her " before "200 hectares"
    owned_count: re.Pattern[str] = NEVER  # "200 hectares": what a person holds
    opening_figure: re.Pattern[str] = NEVER  # "About 2.4 million Finns" opening a sentence
    put_at_figure: re.Pattern[str] = NEVER  # "put the number of losses at [around 10,000]"
    worded_count: re.Pattern[str] = NEVER  # "some three million": a count in words (the
    # figure patterns' counts hold a digit or this, so a sentence with neither has no figure)
    # The words each phrase list of LOOKED_UP starts with (compile_cues: _looked_up_firsts;
    # a list absent here, or None, scans the text)
    list_firsts: dict[str, frozenset[str] | None] = field(
        default_factory=dict, repr=False, compare=False)
    # The lower-case phrase lists of LOOKED_UP, each with the words its phrases start with:
    # words.find tries them only where one of those stands.
    lists: dict[str, Phrases] = field(init=False, repr=False, compare=False)
    # The patterns of GATED_PRINTED with their first words, for words.find_printed_any_case.
    printed_lists: dict[str, Phrases] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lists", {
            name: Phrases(getattr(self, name), self.list_firsts.get(name))
            for name in (*LOOKED_UP, *GATED)})
        object.__setattr__(self, "printed_lists", {
            name: Phrases(getattr(self, name), self.list_firsts.get(name))
            for name in GATED_PRINTED})

    def frames(self, verb: str) -> frozenset[str]:
        """clause / marked / object: how the verb form takes its content."""
        return self.verb_frames.get(normalise(verb), frozenset())

    def is_title(self, word: str) -> bool:
        """A title before a name: one of `titles`, or a rank printed in full ("Major",
        "General": a `title_roles` word, capitalised), which the caller finds before a name."""
        return word in self.titles or (word[:1].isupper() and word.lower() in self.title_roles)

    def is_abbreviation(self, word: str) -> bool:
        """A word whose dot ends no sentence: an initial ("J.") or one of `abbreviations`
        ("gen", "u.s", "hon")."""
        return len(word) == 1 and word.isupper() or word.lower() in self.abbreviations

    def not_a_name(self, word: str) -> bool:
        """A capitalised word that names nobody: a common word (`not_names`), one of `titles`,
        or a side's word ("Ukrainian", `affiliations`)."""
        return word in self.not_names or word in self.titles or bool(self.affiliation(word))

    def affiliation(self, word: str) -> str | None:
        key = word.replace("’", "'")
        return self.affiliation_of.get(key) or self.affiliation_folded.get(key.lower())

    def country_side(self, name: str) -> str | None:
        """The side of a country as a story names it ("Poland", "Czech Republic"): cues.yaml
        place_sides, else the side of its possessive ("Czech Republic's")."""
        return self.place_sides.get(name) or self.affiliation(name + "'s")


# --- loading -------------------------------------------------------------------------------


def load(dirs: tuple[Path, ...], months: tuple[str, ...] = (),
         weekdays: tuple[str, ...] = ()) -> tuple[Cues, tuple[Diagnostic, ...]]:
    """Read cues.yaml from each folder in order: lists are extended, mappings updated.
    `months`: the month names and abbreviations (calendar.yaml's), for a day after a speech
    verb with no "on" ("said May 11"); `weekdays`: the days' full names, Monday first
    (calendar.yaml's), for a time after a speech verb ("said on Monday")."""
    merged: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for folder in dirs:
        path = Path(folder) / FILE_NAME
        if path.is_file():
            data, diags = parse(path.read_text(encoding="utf-8"), str(path))
            problems.extend(diags)
            _merge(merged, data)
    return compile_cues(merged, months, weekdays), tuple(problems)


def parse(text: str, path: str) -> tuple[dict[str, Any], tuple[Diagnostic, ...]]:
    """The known sections of one cues.yaml, each checked for its shape."""
    root, problems = yamlnodes.compose(text, path)
    if root is None:
        return {}, problems
    if not yamlnodes.is_mapping(root):
        return {}, (error(path, yamlnodes.line_of(root), "expected a mapping of cue lists"),)
    root, unquoted = yamlnodes.words_only(root, path)
    pairs, diags = yamlnodes.entries(root, path)
    out: dict[str, Any] = {}
    found = [*unquoted, *diags, *yamlnodes.repeated_inside(root, path)]
    for pair in pairs:
        if pair.key not in KEYS:
            found.append(yamlnodes.unknown_key(path, pair, KEYS, "cues.yaml"))
            continue
        value = yamlnodes.value(pair.node)
        problem = _shape_problem(pair.key, value)
        if problem:
            found.append(error(path, pair.line, f"'{pair.key}' {problem}"))
            continue
        out[pair.key] = value
    return out, tuple(sorted(found, key=lambda d: d.line))


def _shape_problem(key: str, value: Any) -> str:
    if key in _LISTS and not _is_strings(value):
        return "must be a list of words or phrases"
    if key in _MAPS and not (isinstance(value, dict) and all(isinstance(k, str) for k in value)):
        return "must be a mapping"
    if key in _NESTED and not isinstance(value, dict):
        return "must be a mapping of lists"
    return ""


def _is_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    for key, value in data.items():
        old = into.get(key)
        if isinstance(old, list) and isinstance(value, list):
            into[key] = [*old, *value]
        elif isinstance(old, dict) and isinstance(value, dict):
            merged = dict(old)
            _merge(merged, value)
            into[key] = merged
        else:
            into[key] = value


# --- compiling -----------------------------------------------------------------------------


def _words(values: Any) -> list[str]:
    return [str(v) for v in values or () if str(v).strip()]


def _normalised(values: Any) -> frozenset[str]:
    """A cue list as a set of normalised words, for membership tests."""
    return frozenset(normalise(w) for w in _words(values))


def compile_cues(data: dict[str, Any], months: tuple[str, ...] = (),
                 weekdays: tuple[str, ...] = ()) -> Cues:
    """Compile merged cue data into patterns, once per knowledge load."""
    verbs = data.get("speech_verbs") or {}
    frames: dict[str, set[str]] = {}
    for frame in ("clause", "marked", "object"):
        for form in _words(verbs.get(frame)):
            frames.setdefault(normalise(form), set()).add(frame)
    refs = {normalise(k): tuple(_words(v)) for k, v in (data.get("references") or {}).items()}
    anon = data.get("anonymous") or {}
    sides, prefixes = _country_sides(data)
    heads = {normalise(k): str(v) for k, v in (data.get("country_body_heads") or {}).items()}
    according = [*_words(data.get("according")), *_words(data.get("according_named")),
                 *_words(data.get("according_documents"))]
    lone_nouns = _with_plurals(_words(data.get("lone_body_kinds")))
    listed = {name: _words(data.get(name)) for name in (
        "passive", "citing", "interview_intros", "recording_by", "quoted_as",
        "own_outlet_before", "own_outlet_after", "data_verbs", "estimate_nouns")}
    pronouns = {str(k).lower(): str(v) for k, v in (data.get("pronouns") or {}).items()}
    adverbs = _words(data.get("speech_adverbs"))
    lone_verbs = _normalised(data.get("lone_subject_verbs"))
    between = [*adverbs, *_words(data.get("auxiliaries"))]  # "has later said"
    gap = [*_words(data.get("subject_gap")), *between]
    return Cues(
        list_firsts=_looked_up_firsts({
            **listed, "according": according, "lone_body_nouns": lone_nouns, "verbs": frames,
            "references": [*refs, *REFERENCE_DETERMINERS], "documents": DOCUMENT_DETERMINERS,
            "pronouns": pronouns, "anonymous_heads": _plurals(anon),
            "voiced_references": VOICED_DETERMINERS}) | _gated_firsts(data),
        verbs=compile_lower(frames),
        verb_frames={k: frozenset(v) for k, v in frames.items()},
        not_verbs=compile_lower(_words(data.get("not_verbs"))),
        listeners=compile_lower(_words(data.get("listeners"))),
        told_object=cue_patterns.told_object(_words(data.get("dotted_titles"))),
        event_then_that=cue_patterns.event_then_that(_words(data.get("event_clause_verbs"))),
        not_content=_normalised([*_words(data.get("not_content")), *adverbs]),
        empty_object=re.compile(
            r"(?:all\s+)?(?:a|an|the|its|their|his|her)\s+(?:[a-z]+\s+){0,3}(?:"
            + alternation(_words(data.get("empty_objects"))) + r")[.!]?\s*"),
        passive_participles=_normalised(data.get("passive_participles")),
        subject_gap=_gap_pattern(gap, _words(data.get("front_sectors")),
                                 _words(data.get("speaking_moves")), months),
        voice_gap=_gap_pattern([*gap, *_words(data.get("voices"))],
                               _words(data.get("front_sectors"))),
        voice_words=frozenset(normalise(w).split()[-1] for w in _words(data.get("voices"))),
        voice_phrases=frozenset(normalise(w) for w in _words(data.get("voices"))
                                if not w.startswith("'")),
        voice_after=re.compile(r"(?:\s*\([a-z][\w.]{1,8}\))?(?:'s)?\s+(?:"
                               + alternation([w for w in _words(data.get("voices"))
                                              if not w.startswith("'")], lower=True)
                               + r")(?![\w'’])"),
        delegate_nouns=_normalised(data.get("delegate_nouns")),
        country_body_heads=heads,
        country_body_kinds=frozenset(heads.values()),
        country_bodies=_country_bodies(heads),
        interview_intros=compile_lower(listed["interview_intros"]),
        first_person=compile_words(_words(data.get("first_person")), 0),
        passive=compile_lower(listed["passive"]),
        back_references=compile_lower(_words(data.get("back_references"))),
        quoted_as=compile_lower(listed["quoted_as"]),
        as_saying=re.compile(
            r"[^.;:“”\"]{0,150}?(?P<as>\bas\s+(?:(?:"
            + alternation(_words(data.get("quoted_as_participles")))
            + r")(?!\s+(?:" + alternation(_words(data.get("quoted_as_not_before"))) + r")\b)"
            r"|telling\s+[^,.:;“”\"]{1,40}?))\b(?:\s*,?\s*that\b)?\s*[:,]?\s*", re.IGNORECASE),
        needs_as=_normalised(data.get("needs_as")),
        needs_for=_normalised(data.get("needs_for")),
        exhortations=_normalised(data.get("exhortations")),
        addressees=_normalised(data.get("addressees")),
        appeal_nouns=_normalised(data.get("appeal_nouns")),
        needs_as_always=_normalised(data.get("needs_as_always")),
        accusations=_normalised(data.get("accusations")),
        needs_that=_normalised(data.get("needs_that")),
        intent_verbs=_normalised(data.get("intent_verbs")),
        finding_verbs=_normalised(data.get("finding_verbs")),
        lone_subject_verbs=lone_verbs,
        lone_subject=cue_patterns.lone_subject(sorted(lone_verbs), between),
        lone_subject_back=cue_patterns.lone_subject_back(sorted(lone_verbs), between),
        relative_subject=cue_patterns.relative_subject(
            [*_words(data.get("person_relatives")), *_words(data.get("body_relatives"))],
            between),
        unknown_subject=cue_patterns.unknown_subject(
            _words(data.get("unknown_subject_openers")),
            _words(data.get("unknown_subject_articles")), between),
        unknown_closer=cue_patterns.unknown_closer(
            _words(data.get("unknown_subject_articles")), _words(data.get("closer_breaks")),
            between),
        lone_body_kinds={normalise(k): str(v)
                         for k, v in (data.get("lone_body_kinds") or {}).items()},
        kin_groups={normalise(k): str(v) for k, v in (data.get("kin_groups") or {}).items()},
        definite_classes={normalise(k): str(v)
                          for k, v in (data.get("definite_classes") or {}).items()},
        class_bodies={str(k): str(v) for k, v in (data.get("class_bodies") or {}).items()},
        ministry_portfolios={normalise(k): str(v)
                             for k, v in (data.get("ministry_portfolios") or {}).items()},
        lone_body_nouns=compile_lower(lone_nouns),
        body_kinds=frozenset(_words(data.get("body_kinds"))),
        figure_verbs=_normalised(data.get("figure_verbs")),
        finding_objects=compile_lower(_words(data.get("finding_objects"))),
        subject_finding_verbs=compile_lower(_words(data.get("subject_finding_verbs"))),
        manner_phrase=_manner_phrase(_words(data.get("manner_heads")),
                                     list(weekdays), _words(data.get("day_parts"))),
        employer_phrase=_employer_phrase(_words(data.get("employer_nouns")), r"\s*$"),
        employer_after=_employer_phrase(_words(data.get("employer_nouns")), r"(?![\w'’-])"),
        body_offices=_normalised(data.get("body_offices")),
        participle_phrase=_participle_phrase(_words(data.get("group_participles"))),
        convening=_convening(_words(data.get("convened"))),
        **_unit_phrases(_words(data.get("unit_nouns"))),
        pointed_nouns=_normalised(data.get("pointed_nouns")),
        aside_nouns=_normalised(data.get("aside_nouns")),
        according=compile_lower(according),
        according_documents=_normalised(data.get("according_documents")),
        according_before=cue_patterns.according_before(_words(data.get("according"))),
        continued_reports=compile_lower(_words(data.get("continued_reports"))),
        narration_asides=compile_lower(_words(data.get("narration_asides"))),
        question_openers=compile_lower(_words(data.get("question_openers"))),
        speaker_acts=cue_patterns.speaker_acts(
            _words(data.get("speaker_acts")), _words(data.get("subject_pronouns")),
            between, _words(data.get("pronoun_acts"))),
        according_named=_normalised(data.get("according_named")),
        according_filler=_filler(_words(data.get("according_gap"))),
        cited_name=cue_patterns.cited_name(_words(data.get("cited_name_after"))),
        estimate_opener=_estimate_opener(_words(data.get("estimate_nouns"))),
        data_shows=_data_shows(_words(data.get("data_nouns")), _words(data.get("data_verbs"))),
        data_lead=_data_lead(_words(data.get("data_lead_articles")),
                             _words(data.get("data_lead_modifiers"))),
        cited_by=_cited_by(_words(data.get("data_nouns"))),
        estimate_verb=_estimate_verb(_words(data.get("estimate_verbs"))),
        data_verbs=compile_lower(listed["data_verbs"]),
        estimate_nouns=compile_lower(listed["estimate_nouns"]),
        citing=compile_lower(listed["citing"]),
        relay_lead=cue_patterns.relay_lead(_words(data.get("relay_leads"))),
        partner_lead=cue_patterns.relay_lead(_words(data.get("partner_leads"))),
        told_outlet=cue_patterns.told_outlet(_words(data.get("told_outlet_leads"))),
        spoken_on=cue_patterns.told_outlet(_words(data.get("spoken_on_leads"))),
        column_verbs=_normalised(data.get("column_verbs")),
        told_name=_told_name([*_words(data.get("told_outlet_leads")),
                              *_words(data.get("spoken_on_leads"))], [*weekdays, *months]),
        told_paper=cue_patterns.told_paper(_words(data.get("told_outlet_leads")),
                                           _words(data.get("paper_name_words"))),
        own_outlet_before=compile_lower(listed["own_outlet_before"]),
        own_outlet_after=compile_lower(listed["own_outlet_after"]),
        publisher_in_person=cue_patterns.publisher_in_person(_words(data.get("own_staff"))),
        source_label=_label_pattern(_words(data.get("source_labels"))),
        quote_label=_label_pattern(_words(data.get("quote_labels"))),
        naming_verbs=_normalised(data.get("naming_verbs")),
        object_lead=_object_lead(_words(data.get("object_leads"))),
        place_bodies=tuple(sorted({" ".join(w.lower().split())
                                   for w in _words(data.get("place_bodies")) if w.strip()})),
        not_modifiers=_normalised(data.get("not_modifiers")),
        head_roles=_normalised(data.get("head_roles")),
        counted_roles=_normalised(data.get("counted_roles")),
        trial_roles=_normalised(data.get("trial_roles")),
        trial_acts=re.compile(r"(?<![\w'’-])(?:" + alternation(_words(data.get("trial_acts")), True)
                              + r")\s+") if data.get("trial_acts") else NEVER,
        tried_acts=re.compile(r"(?:,\s*\d{1,3},)?\s+(?:" + alternation(
            _words(data.get("tried_acts")), True) + r")(?![\w'’-])")
        if data.get("tried_acts") else NEVER,
        child_count=re.compile(r"\s+of\s+(?:\d{1,2}|"
                               + alternation(_words(data.get("child_counts")))
                               + r")(?![\w'’-])") if data.get("child_counts") else NEVER,
        title_modifiers=_normalised(data.get("title_modifiers")),
        other_office=_normalised(data.get("other_office")),
        unnamed_heads=_normalised(data.get("unnamed_heads")),
        any_body=_normalised(data.get("any_body")),
        unlisted_body=_normalised(data.get("unlisted_body")),
        generic_body_id=re.compile(r"(?:" + printed(_words(data.get("generic_body_heads")))
                                   + r")-(?:of|for)-") if data.get("generic_body_heads") else NEVER,
        any_outlet=_normalised(data.get("any_outlet")),
        placed_heads=_normalised(data.get("placed_heads")),
        government_after=cue_patterns.government_after(_words(data.get("government_heads"))),
        object_of_verb=cue_patterns.object_of_verb(_words(data.get("meeting_nouns"))),
        noun_verbs=_normalised(data.get("noun_verbs")),
        **_body_prepositions(data),
        ranks=_normalised(data.get("ranks")),
        town_kinds=_normalised([*_words(data.get("town_kinds")),
                                *_words(data.get("body_town_kinds"))]),
        body_town_kinds=_normalised(data.get("body_town_kinds")),
        site_nouns=_normalised(data.get("site_nouns")),
        name_particles=_normalised(data.get("name_particles")),
        postnominals=frozenset(_words(data.get("postnominals"))),
        spelt_suffixes={str(k): str(v) for k, v in (data.get("spelt_suffixes") or {}).items()},
        document_after=re.compile(r"\s+(?:" + alternation(_words(data.get("documents")), True)
                                  + r")(?![\w'’-])", re.IGNORECASE),
        question_lead=_question_lead(_words(data.get("question_leads")),
                                     _words(data.get("question_breaks"))),
        subject_pronouns=_normalised(data.get("subject_pronouns")),
        person_pronouns=frozenset(p for p in _normalised(data.get("subject_pronouns"))
                                  if pronouns.get(p) in ("person", "group")),
        person_possessives=_normalised(data.get("person_possessives")),
        home_country_nouns=_normalised(data.get("home_country_nouns")),
        byline_words=frozenset(_words(data.get("byline_words"))),
        country_openers=frozenset(_words(data.get("country_openers"))),
        body_said_verbs=_normalised(data.get("body_said_verbs")),
        ministry_prepositions=_normalised(data.get("ministry_prepositions")),
        where_said_prepositions=_normalised(data.get("where_said_prepositions")),
        where_said_determiners=_normalised(data.get("where_said_determiners")),
        body_it_verbs=_normalised(data.get("body_it_verbs")),
        and_clause_openers=_normalised(data.get("and_clause_openers")),
        tense_auxiliaries=_normalised(data.get("tense_auxiliaries")),
        clause_relatives=_normalised(data.get("clause_relatives")),
        but_modals=_normalised(data.get("but_modals")),
        where_relatives=_normalised(data.get("where_relatives")),
        listener_determiners=_normalised(data.get("listener_determiners")),
        content_conjunctions=_normalised(data.get("content_conjunctions")),
        named_listener_openers=_normalised(data.get("named_listener_openers")),
        unknown_subject_articles=_normalised(data.get("unknown_subject_articles")),
        voiced_heads=_normalised(data.get("voiced_heads")),
        content_finite_words=_normalised(data.get("content_finite_words")),
        compiler_prepositions=_normalised(data.get("compiler_prepositions")),
        clause_conjunctions=_normalised(data.get("clause_conjunctions")),
        speech_adverbs=_normalised(adverbs),
        body_relatives=_normalised(data.get("body_relatives")),
        naming_phrases=_normalised(data.get("naming_phrases")),
        person_relatives=_normalised(data.get("person_relatives")),
        name_joiners=frozenset(_words(data.get("name_joiners"))),
        surname_titles=frozenset(_words(data.get("surname_titles"))),
        name_articles=frozenset(_words(data.get("name_articles"))),
        serving_within=_normalised(data.get("serving_within")),
        serving_bodies=_normalised(data.get("serving_bodies")),
        serving_to=_normalised(data.get("serving_prepositions")),
        serving_heads=_normalised(data.get("serving_heads")),
        sides_quantifiers=_normalised(data.get("sides_quantifiers")),
        sides_nouns=_normalised(data.get("sides_nouns")),
        named_roles=_normalised(data.get("named_roles")),
        topic_roles=_normalised(data.get("topic_roles")),
        knowledge_phrases=_normalised(data.get("knowledge_phrases")),
        known_things=_normalised(data.get("known_things")),
        content_openers=_normalised(data.get("content_openers")),
        town_prepositions=_normalised(data.get("town_prepositions")),
        home_leads=_normalised(data.get("home_leads")),
        home_left=_normalised(data.get("home_left")),
        head_prepositions=_normalised(data.get("head_prepositions")),
        function_words=_normalised(data.get("function_words")),
        not_describing=_normalised(data.get("not_describing")),
        word_particles=_normalised(data.get("word_particles")),
        given_name=cue_patterns.any_of(_words(data.get("first_name_phrases"))),
        surname_withheld=cue_patterns.surname_withheld(_words(data.get("surname_words"))),
        **cue_patterns.call_sign_patterns(_words(data.get("call_sign_phrases")),
                              _words(data.get("quoted_name_intros"))),
        **_described_bodies(data),
        near_sentence_start=_near_sentence_start(_words(data.get("sentence_openers"))),
        lead_ins=_normalised(data.get("lead_ins")),
        time_openers=_normalised(data.get("time_openers")),
        time_phrase_ends=_normalised(data.get("time_phrase_ends")),
        front_sectors=_normalised(data.get("front_sectors")),
        service_branches=_normalised(data.get("service_branches")),
        named_unit_nouns=_normalised(data.get("named_unit_nouns")),
        unit_designations=_normalised(data.get("unit_designations")),
        question_labels=frozenset(w.strip() for w in _words(data.get("question_labels"))),
        check_labels=frozenset(w.strip() for w in _words(data.get("check_labels"))),
        answer_labels=frozenset(w.strip() for w in _words(data.get("answer_labels"))),
        host_intro=cue_patterns.host_intro(_words(data.get("host_intros"))),
        relay_roles=_normalised(data.get("relay_roles")),
        platforms=_normalised(data.get("platforms")),
        broadcaster_words=_normalised(data.get("broadcaster_words")),
        interview_lead_firsts=first_words(_words(data.get("outlet_interview_leads"))),
        broadcaster_firsts=first_words(_words(data.get("broadcaster_words"))),
        interviewed_outlet=cue_patterns.interviewed_outlet(
            _words(data.get("outlet_interview_leads")), _words(data.get("broadcaster_words"))),
        broadcast_name=re.compile(  # one to three capitalised words, then a broadcaster word
            # (no word just before: checked after the first capital, so the engine skips in C
            # from one capital to the next)
            r"[A-Z](?<![\w'’.-][A-Z])[\w'’.-]*\s+(?:[A-Z][\w'’.-]*\s+){0,2}(?:"
            + alternation(_words(data.get("broadcaster_words"))) + r")(?![\w'’-])"),
        described_outlet=re.compile(r"\b(?:" + alternation(_words(data.get("outlet_nouns")))
                                    + r")\s+$", re.IGNORECASE),
        outlet_noun_ends=last_words(_words(data.get("outlet_nouns"))),
        outlet_noun_after=re.compile(
            r"\s+(?:(?:" + alternation(_words(data.get("outlet_noun_adjectives"))) + r")\s+)?"
            r"(?:" + alternation(_words(data.get("outlet_nouns"))) + r")(?![\w'’-])"),
        outlet_kind_after=cue_patterns.outlet_kind_after(_words(data.get("outlet_nouns")),
                                                         _words(data.get("outlet_media_words"))),
        plain_saying=_normalised(data.get("plain_saying")),
        **cue_patterns.teller_patterns(_words(data.get("teller_verbs")),
                                       _words(data.get("subject_pronouns"))),
        verb_words=_normalised(data.get("verb_words")),
        abbreviations=_normalised(data.get("abbreviations")),
        may_end_abbreviations=_normalised(data.get("may_end_abbreviations")),
        letter_names=_normalised(data.get("letter_names")),
        after_abbreviation=_after_abbreviation(_words(data.get("next_sentence_openers"))),
        references=_reference_pattern(refs),
        voiced_references=_voiced_reference_pattern(refs, [
            w for w in _words(data.get("voices")) if w.startswith("'")]),
        reference_roles=refs,
        portfolio=re.compile(r"(?<![\w'’-])(" + alternation(
            [str(k) for k in (data.get("portfolio_roles") or {})], True)
            + r")\s+minister(?![\w'’-])", re.IGNORECASE) if data.get("portfolio_roles") else NEVER,
        portfolio_roles={str(k).lower(): str(v)
                         for k, v in (data.get("portfolio_roles") or {}).items()},
        reference_defaults={
            str(k): str(v) for k, v in (data.get("reference_defaults") or {}).items()
        },
        documents=_document_pattern(_words(data.get("documents")),
                                    _words(data.get("document_modifiers"))),
        document_nouns=compile_lower(_words(data.get("documents"))),
        outlet_pieces=_normalised(data.get("outlet_pieces")),
        document_writers=_normalised(data.get("document_writers")),
        court_papers=_normalised(data.get("court_papers")),
        drafts=_normalised(data.get("drafts")),
        document_by=cue_patterns.document_by(_words(data.get("authoring_participles"))),
        recording_by=compile_lower(listed["recording_by"]),
        pronouns=compile_lower(list(data.get("pronouns") or {})),
        pronoun_types=pronouns,
        metonyms=compile_capitalised(list((data.get("metonyms") or {}).keys())),
        metonym_ids={str(k): str(v) for k, v in (data.get("metonyms") or {}).items()},
        roles=compile_words(list((data.get("roles") or {}).keys())),
        role_kinds={normalise(k): str(v) for k, v in (data.get("roles") or {}).items()},
        titles={str(k): str(v) for k, v in (data.get("titles") or {}).items()},
        title_roles={str(k).lower(): tuple(str(v) for v in vs)
                     for k, vs in (data.get("title_roles") or {}).items()},
        role_covers={str(k).lower(): tuple(str(v).lower() for v in vs)
                     for k, vs in (data.get("role_covers") or {}).items()},
        affiliations=compile_words(list(sides), 0),
        affiliation_of={k.replace("’", "'"): v for k, v in sides.items()},
        affiliation_folded={k.replace("’", "'").lower(): v for k, v in sides.items()},
        anonymous=_anonymous_pattern(anon),
        anonymous_heads=compile_lower(_plurals(anon)),
        anonymous_plural=_plurals(anon),
        determiners=_normalised(anon.get("determiners")),
        anonymous_modifiers=_normalised(anon.get("modifiers")),
        anonymous_classes={normalise(k): str(v) for k, v in (anon.get("classes") or {}).items()},
        anonymous_prefixes=prefixes,
        anonymous_unprefixed=frozenset(_words(anon.get("unprefixed"))),
        anonymous_unsided={str(k): str(v) for k, v in (anon.get("unsided") or {}).items()},
        anonymous_default_sides={str(k): str(v)
                                 for k, v in (anon.get("default_sides") or {}).items()},
        place_sides={str(k): str(v) for k, v in (anon.get("place_sides") or {}).items()},
        body_id_forms={str(k).lower(): str(v).lower()
                       for k, v in (anon.get("body_id_forms") or {}).items()},
        reference_qualifiers={str(k).lower(): tuple(str(w).lower() for w in v)
                              for k, v in (data.get("reference_qualifiers") or {}).items()},
        anonymous_lone_sides={str(k).lower(): str(v)
                              for k, v in (anon.get("lone_sides") or {}).items()},
        anonymous_placed=_normalised(anon.get("placed")),
        anonymous_story_sided=frozenset(_words(anon.get("story_sided"))),
        anonymous_court_sided=frozenset(_words(anon.get("court_sided"))),
        anonymous_court_nouns=_normalised(anon.get("court_nouns")),
        story_sides_not=frozenset(_words(anon.get("story_sides_not"))),
        placed_after=re.compile(r"\s+in\s+the\s+(?:[a-z]+\s+)?(?:"
                                + alternation(_words(anon.get("placed_after"))) + r")(?![\w'’-])")
        if anon.get("placed_after") else NEVER,
        town_bodies={str(k).lower(): str(v) for k, v in (anon.get("town_bodies") or {}).items()},
        outlet_sides=frozenset(str(v) for v in anon.get("outlet_sides") or ()),
        spokes_for_body=_normalised(anon.get("speak_for_body")),
        members_for_body=_normalised(anon.get("members_for_body")),
        not_names=frozenset(_words(data.get("not_names"))),
        org_words={str(k): str(v) for k, v in (data.get("org_words") or {}).items()},
        namesakes={str(k).lower(): {str(side): str(i) for side, i in (v or {}).items()}
                   for k, v in (data.get("namesakes") or {}).items()},
        org_words_folded={str(k).lower(): str(v)
                          for k, v in (data.get("org_words") or {}).items()},
        **_genders(data.get("gender") or {}),
        **_witnesses(data.get("witnesses") or {}),
        **_figure_patterns(data.get("figures") or {}, (*months, *weekdays)),
        **cue_patterns.speech_tails(list(weekdays), _words(data.get("near_days")),
                                    _words(data.get("day_parts")),
                                    _words(data.get("link_manners")),
                                    _words(data.get("time_spans")), adverbs,
                                    months, {key: _words(data.get(key)) for key in (
                                        "verb_next_words", "clause_tail_words",
                                        "manner_after_words")}),
        **cue_patterns.time_phrases(list(weekdays), _words(data.get("near_days")),
                                    _words(data.get("day_parts"))),
    )


def _looked_up_firsts(phrases: dict[str, Any]) -> dict[str, frozenset[str] | None]:
    """The words each list of LOOKED_UP starts with, from what its pattern is compiled of (a
    determiner opens "the ministry", "its latest report"): one entry a list."""
    return {name: first_words(phrases[name]) for name in LOOKED_UP}


def _gated_firsts(data: dict[str, Any]) -> dict[str, frozenset[str] | None]:
    """The words each pattern of GATED and GATED_PRINTED may open with, from the lists it is
    compiled of."""
    fig = data.get("figures") or {}
    tellers = _words(data.get("told_outlet_leads"))
    return {name: first_words(phrases) for name, phrases in {
        "estimate_verb": _words(data.get("estimate_verbs")),
        "question_lead": _words(data.get("question_leads")),
        "share_figure": [*_words(fig.get("share_leads")), *_words(fig.get("approximators"))],
        "population_figure": ["home to", "a", *_words(fig.get("population_words")),
                              "population", *_words(fig.get("population_verbs"))],
        "told_paper": tellers,
        "told_name": [*tellers, *_words(data.get("spoken_on_leads"))],
        "metonyms": [str(k) for k in (data.get("metonyms") or {})]}.items()}


def _with_plurals(nouns: list[str]) -> list[str]:
    """Nouns and their plurals ("company", "companies"; "bank", "banks")."""
    return [*nouns, *(n[:-1] + "ies" if n.endswith("y") and n[-2:-1] not in "aeiou" else n + "s"
                      for n in nouns)]


def _body_prepositions(data: dict[str, Any]) -> dict[str, Any]:
    """The prepositions between an unnamed group and the body it belongs to."""
    preps = _words(data.get("body_prepositions"))
    served = [*preps, *_words(data.get("serving_prepositions"))]
    near = [*served, *_words(data.get("near_prepositions"))]
    levels = alternation(_words(data.get("local_levels")))
    return {
        "body_after": re.compile(r"\s+(?:" + alternation(preps) + r")\s+(?:the\s+|an?\s+)?"),
        "local_body_after": re.compile(r"\s+(?:" + alternation(preps) + r")\s+the\s+(?:" + levels
                                       + r")\s+[a-z]"),
        "served_body_after": re.compile(r"\s+(?:" + alternation(served) + r")\s+"),
        "body_before": re.compile(  # (and a country's possessive: "a source in Ukraine's SBU")
            r"\s+(?:" + alternation(near) + r")\s+(?:the\s+|(?-i:[A-Z])[\w-]*['’]s\s+)?$",
            re.IGNORECASE),
        "issued_object": re.compile(
            r"\s+(?:" + alternation(_words(data.get("issued_verbs"))) + r")\s+(?:a|an|the|his|"
            r"her|its|their)\s+(?:[a-z-]+\s+){0,2}?(?:" + alternation(
                [*_words(data.get("issued_objects")), *_words(data.get("documents"))])
            + r")(?:\s+(?:on|to)\s+(?:[A-Z][\w-]*|the\s+[a-z]+))?,?\s+"),
        "knowing_after": re.compile(
            r"\s+(?P<phrase>" + alternation(_words(data.get("knowing_phrases"))) +
            r")\s+(?:the\s+)?(?P<noun>[a-z]+)\b"),
        "voice_for_after": re.compile(
            r"\s+(?:" + alternation(_words(data.get("voice_prepositions"))) + r")\s+"),
        "voice_for_before": re.compile(  # (verb) (the voice) (prep) before a body's name
            r"\b([a-z]+)\s+(?:the|a|an)\s+([a-z]+(?:\s+[a-z]+)?)\s+(?:"
            + alternation(_words(data.get("voice_prepositions"))) + r")\s+(?:the\s+)?$"),
        "of_region": re.compile(  # " of the Belgorod region", " of Kharkiv Oblast"
            r"\s+of\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?:"
            + alternation(_words(data.get("region_units"))) + r")(?![\w'’-])", re.IGNORECASE),
        "speaker_tail": re.compile(  # prepositional phrases up to a comma or the end
            r"(?:\s+(?:" + alternation(_words(data.get("speaker_tail_prepositions")))
            + r")\s+[^,;:!?“”\"()\n]*?)+(?=\s*,|[\s.!?]*$)", re.IGNORECASE),
    }


def _described_bodies(data: dict[str, Any]) -> dict[str, Any]:
    """A name the text describes as a body's, before it or after it: "The mothers' movement,
    Rodnaya Zemlya, said", "X, a rights group, said", "Two Majors, a Telegram channel, wrote"."""
    body = r"(?:" + alternation(_words(data.get("body_words"))) + r")"
    # org_nouns are matched as printed (a space is one space), with an optional plural "s"
    nouns = r"\b(?:" + printed(_words(data.get("org_nouns"))) + r")s?\b"
    return {
        "described_body_before": re.compile(r"\b" + body + r",\s+$", re.IGNORECASE),
        "described_body_after": re.compile(r"(?:\s+\([^()\n]{1,60}\))?,\s+(?:a|an|the)\s+"
                                           r"(?:(?!(?:of|for|at|in|with|from)\s)[\w'’-]+\s+)"
                                           r"{0,3}?" + body + r"\b(?!['’])",
                                           re.IGNORECASE),  # not ", the group's founder", nor
        # ", the director of the foundation": a person's post in a body, not the body
        "org_nouns": re.compile(nouns, re.IGNORECASE),
        "body_relative_after": re.compile(
            r"(?:\s+\([^()\n]{1,60}\))?,\s+(?:" + alternation(_words(data.get("body_relatives")))
            + r")\s") if data.get("body_relatives") else NEVER,
        "described_org_after": re.compile(
            r",\s+(?:a|an|the)\s+(?:(?!(?:of|for|to|in|with|at|from|on|by)\s)[\w'’-]+\s+){0,3}?"
            + nouns + r"(?!['’])" + _not_a_role(data), re.IGNORECASE),  # (", the institute's
        # executive director": a person of the body, not the body)
    }


def _not_a_role(data: dict[str, Any]) -> str:
    """"X, a company commander", "X, a former Marine Corps intelligence officer": a body's
    noun followed by a person's role word (cues.yaml roles), one or two words of its own
    between them, describes a person, not a body."""
    roles = [w for w in (data.get("roles") or {}) if " " not in str(w)]
    between = r"(?:(?!(?:of|for|to|in|with|at|from|on|by|and|or|that|which|who)\s)[\w'’-]+\s+){0,2}"
    return r"(?!\s+" + between + r"(?:" + alternation(roles) + r")\b)" if roles else ""


def _near_sentence_start(openers: list[str]) -> re.Pattern[str]:
    """A short opener right after a sentence start, before a name: "For Olena Petrenko, ..."
    (openers keep their case: "For", not "for")."""
    if not openers:
        return NEVER
    return re.compile(r"(?:^|[.!?][”\"’]?\s+|\n)(?:" + alternation(openers) + r")\s+$")


def _after_abbreviation(openers: list[str]) -> re.Pattern[str]:
    """A word that surely opens a sentence after an abbreviation's dot (case as printed)."""
    if not openers:
        return NEVER
    return re.compile(r"\s+(?:" + alternation(openers) + r")\b")


def _object_lead(words: list[str]) -> re.Pattern[str]:
    """An opening phrase whose verb takes the name after it as its object, at a sentence
    start: "Without naming Mr Prigozhin, he said"."""
    if not words:
        return NEVER
    opener = r"(?:^|[.!?][”\"’]?\s+|\n)(?:" + alternation(words) + r")"
    return re.compile(opener + r"\s+(?:[\w.'’-]+\s+){0,3}$", re.IGNORECASE)


def _label_pattern(words: list[str]) -> re.Pattern[str]:
    """A label and its colon opening a paragraph: "Source: ", "Quote: "."""
    if not words:
        return NEVER
    return re.compile(r"(?:" + alternation(words) + r")\s*:\s*")


def _witnesses(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "witness_nouns": {normalise(k): str(v) for k, v in (data.get("nouns") or {}).items()},
        "witness_national": _normalised(data.get("national")),
        "witness_placed": _normalised(data.get("placed")),
        "witness_default": str(data.get("default") or ""),
        "witness_relatives": {str(k).lower(): str(v)
                              for k, v in (data.get("relatives") or {}).items()},
        "witness_kin": _kin_pattern(_words(data.get("kin"))),
        # a space and a kin noun, as witness_kin has them: a literal first, so the engine skips
        # from space to space in C; an article without one has no match of witness_kin
        "witness_kin_noun": re.compile(" (?:" + alternation(_words(data.get("kin"))) + ")")
        if _words(data.get("kin")) else NEVER,
        "family_kin": _normalised(data.get("family")),
    }


def _kin_pattern(words: list[str]) -> re.Pattern[str]:
    """"his mother, Tatyana,", "the wife of a soldier, Olga,", "Her neighbour Oleg, 45,": a kin
    noun (and whose kin), then a first name set off by commas (the first one may be left out);
    "Navalny's wife, Yulia,": group "owner" is the named relative."""
    if not words:
        return NEVER
    alone = r"(?<![\w'’-][\s\S])"  # after the first letter: the engine skips to h and t in C
    return re.compile(r"(?:[Hh]" + alone + r"(?:is|er)|[Tt]" + alone + r"he(?:ir)?"
                      r"|(?P<owner>[A-ZÀ-ÞĀ-Ž][a-zà-ÿ]+(?:-[A-ZÀ-ÞĀ-Ž][a-zà-ÿ]+)?)['’]s) (?P<kin>"
                      + alternation(words)
                      + r")(?: of (?:a|an|one) (?P<of>[\w-]+))?,? (?P<name>[A-ZÀ-ÞĀ-Ž][a-zà-ÿ]+),")


def _genders(data: dict[str, Any]) -> dict[str, Any]:
    names = {w: "m" for w in _words(data.get("male_names"))}
    names.update({w: "f" for w in _words(data.get("female_names"))})
    words = {w.lower(): "m" for w in _words(data.get("male_words"))}
    words.update({w.lower(): "f" for w in _words(data.get("female_words"))})
    return {"gender_of_name": names, "gender_of_word": words}


def _gap_pattern(words: list[str], sectors: tuple[str, ...] | list[str] = (),
                 moves: list[str] | tuple[str, ...] = (),
                 months: tuple[str, ...] = ()) -> re.Pattern[str]:
    """Fullmatch for the stretch between a speaker and its verb ("also", "has", ...); a front
    sector ("in the Zaporizhzhia direction": cues.yaml front_sectors) too, and a move to a
    place or a medium to speak from ("took to Telegram to", "rose in the Commons to": cues.yaml
    speaking_moves, one to four words, then "to"); with `months`, a date after "of", "on" or
    "dated" ("Its statement of July 19 said", "the ministry on 5 March said")."""
    alt = alternation(words)
    if moves:
        alt += r"|(?:" + alternation(moves) + r")\s+(?:[\w'’.-]+\s+){1,4}?to"
    if months:
        month = r"(?-i:" + "|".join(re.escape(m.capitalize())  # as printed: "July", "Sept"
                                    for m in sorted(months, key=len, reverse=True)) + r")"
        alt += r"|(?:of|on|dated)\s+(?:" + month + r"\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}" \
            r"(?:st|nd|rd|th)?\s+" + month + r")(?:,?\s+\d{4})?"
    abbreviation = r"\([A-Z][\w.]{1,8}\)"  # "the Russian Ministry of Defense (MoD) said"
    party = r"\(?[RDI]-[A-Z][A-Za-z.]{1,7}\)?,?"  # "Sen. Josh Hawley, R-Mo., told"
    sector = r"|in\s+the\s+(?-i:[A-Z][\w'’-]+)\s+(?:" + alternation(sectors) + r")" \
        if sectors else ""
    return re.compile(r"(?:\s*,?\s*(?:" + alt + r"|" + abbreviation + sector + r"|(?-i:"
                      + party + r"))(?![\w]))*\s*", re.IGNORECASE)


def _unit_phrases(nouns: list[str]) -> dict[str, Any]:
    """A military unit an unnamed group belongs to: " of a Russian penal assault company"
    right before the group's verb (unit_phrase), and after the group with a side's word first
    (sided_unit_after: group 1 is that word)."""
    if not nouns:
        return {}
    unit = r"(?:" + alternation(nouns, True) + r")"
    return {
        "unit_phrase": re.compile(r"\s\s*of\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,4}?" + unit
                                  + r"\s*$", re.IGNORECASE),
        "sided_unit_after": re.compile(r"\s+of\s+(?:the|an?)\s+([A-Z][\w'’-]+)\s+"
                                       r"(?:[a-z][\w-]*\s+){0,3}(?i:" + unit + r")(?![\w'’-])"),
    }


def _convening(nouns: list[str]) -> re.Pattern[str]:
    """"called an unscheduled board meeting", "calls a snap election": "call" that convenes
    an event (up to three words before its noun), run on lower case."""
    if not nouns:
        return NEVER
    return re.compile(r"call(?:ed|s|ing)?\s+an?\s+(?:[\w'’-]+\s+)"
                      r"{0,3}?(?:" + alternation(nouns, True) + r")(?![\w'’-])")


def _participle_phrase(words: list[str]) -> re.Pattern[str]:
    """What an unnamed group is doing or where it is posted, up to its verb: " fighting near
    Verbove in the Zaporizhzhia region", " stationed in Kherson" (no clause mark inside)."""
    if not words:
        return NEVER
    return re.compile(r"\s\s*(?:" + alternation(words, True)  # (a dot inside a word: "ZN.UA")
                      + r")(?:\s+(?:[^,.;:!?()“”\"\n]|(?<=\w)\.(?=\w)){1,80}?)?\s*$",
                      re.IGNORECASE)


def _employer_phrase(nouns: list[str], tail: str) -> re.Pattern[str]:
    """A firm an unnamed group works at: " at a European major", " at two Indian state-owned
    refiners" (up to three words before the noun), then `tail`."""
    if not nouns:
        return NEVER
    return re.compile(r"\s\s*(?:at|with)\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,3}?(?:"
                      + alternation(nouns, True) + r")" + tail, re.IGNORECASE)


def _manner_phrase(heads: list[str], weekdays: list[str],
                   day_parts: list[str]) -> re.Pattern[str]:
    """A manner or time phrase after a speech verb that ends on a known head ("on Telegram",
    "in a video address", "on Monday"), optionally followed by a day (`weekdays`, "today",
    "yesterday") and a part of it (`day_parts`: "on Thursday evening"); run on lower case."""
    alt = alternation(heads, True)
    part = r"(?:\s+(?:" + "|".join(day_parts) + r"))?" if day_parts else ""
    day_word = r"(?:" + ("|".join(weekdays) or r"(?!x)x") + r"|today|yesterday)" + part
    head = r"(?:on|in|at|during|via|through|over|by)\s+(?:(?:a|an|the|his|her|its|their)\s+)?" \
        r"(?:[\w'’-]+\s+){0,2}?(?:" + alt + r")"
    day = r"(?:\s+(?:on\s+)?(?:" + day_word + r"|late\s+\w+|last\s+night|this\s+morning))?"
    return re.compile(r"(?:\s+(?:" + head + r"|on\s+" + day_word + r"|" + day_word + r")\b"
                      + day + r")+\s+(?=[\w“\"‘'])")


def _question_lead(leads: list[str], breaks: list[str]) -> re.Pattern[str]:
    """Search, ending at a verb: one of the `leads` ("asked whether"), then the rest of its
    clause: no mark, and none of the `breaks` words ("and", "but": a clause of its own follows,
    "asked whether A and the minister said B"); run on lower case."""
    stop = r"(?!(?<![\w'’-])(?:" + alternation(breaks, True) + r")(?![\w'’-]))" if breaks else ""
    return re.compile(r"(?<![\w'’-])(?:" + alternation(leads, True) + r")\s(?:" + stop
                      + r"[^,.;:!?“”\"\n]){0,200}$")


def _told_name(leads: list[str], days: list[str]) -> re.Pattern[str]:
    """A capitalised word right after a phrase that tells an outlet the words (group 1), a
    programme's name after it: "told Harbourline's Evening Drive", "Speaking on Harbourline
    Breakfast" (not "told Parliament that", "told MPs that"); not one of the `days` (weekdays
    and months: "Speaking on Monday Night ..." is when)."""
    if not leads:
        return NEVER
    not_day = r"(?!(?i:" + alternation(days, True) + r")(?![\w-]))" if days else ""
    return re.compile(r"(?i:\b(?:" + alternation(leads) + r")\s+(?:the\s+)?)" + not_day
                      + r"([A-Z][\w-]*)(?![\w-])(?=(?:['’]s)?\s+[A-Z])")


def _reference_pattern(refs: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    """"the ministry", "the Defence Ministry"; capitalised names need no article."""
    alt = alternation(refs, True)
    body = r"(?:" + "|".join(REFERENCE_DETERMINERS) + r")\s+" \
        r"(?:(?:latest|daily|same|country's|country’s)\s+)?" \
        r"(?:[\w.]+(?:,\s+[\w.]+)?-based\s+)?"  # "the Washington, DC-based think tank"
    return re.compile(
        r"(?<![\w'’])(?:" + body + r"(?P<a>" + alt + r")|(?P<b>" + alt + r"))(?![\w'’])"
    )


def _voiced_reference_pattern(refs: dict[str, tuple[str, ...]],
                               voices: list[str]) -> re.Pattern[str]:
    """"the court" in "the court's press service", "the ministry's spokesman" (on lowered
    text): a reference to a body that its own voice follows."""
    # the, its, their: the no-word-before check after the first letter (see _document_pattern)
    det = alternation(VOICED_DETERMINERS, True, guard=r"(?<![\w'’][\s\S])")
    return re.compile(r"(?:" + det + r")\s+(?P<a>" + alternation(refs, True)
                      + r")(?=" + alternation(voices, True) + r"(?![\w'’]))")


def _document_pattern(words: list[str], modifiers: list[str]) -> re.Pattern[str]:
    alt = alternation(words, True)
    # the, its, this, that, their, his, her, a later, a subsequent, a separate, a second: the
    # no-word-before check after the first letter, so the engine skips between t, i, h and a
    det = alternation(DOCUMENT_DETERMINERS, True, guard=r"(?<![\w'’][\s\S])")
    # cues.yaml document_modifiers ("the latest report"), and a length ("the 48-page report")
    mods = r"(?:(?:" + alternation(modifiers) + r"|\d+-[a-z]+)\s+)*"
    return re.compile(r"(?:" + det + r")\s+" + mods + r"(?:(?:" + alt + r")['’]s\s+)?(?:" + alt
                      + r")(?![\w'’])")  # "the report's authors": the report's, as the report


def _plurals(anon: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in anon.get("heads") or ():
        if isinstance(pair, list) and len(pair) == 2:
            out[str(pair[0]).lower()] = str(pair[1]).lower()
            out[str(pair[1]).lower()] = str(pair[1]).lower()
    return out


def _country_sides(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """`affiliations` and `anonymous: prefixes` completed from `countries`: a country's
    adjectives and its possessive ("Kazakh", "Kazakhstan's") give its side, and its first
    adjective prefixes its ids ("kazakh-interior-ministry"), wherever the hand-written entries
    say nothing. A country an adjective of which has a side already ("British": UK) is that
    side."""
    given = {str(k): str(v) for k, v in (data.get("affiliations") or {}).items()}
    sides = dict(given)
    prefixes = _prefixes((data.get("anonymous") or {}).get("prefixes") or {})
    for country, adjectives in (data.get("countries") or {}).items():
        words = _words(adjectives) if isinstance(adjectives, list) else _words([adjectives])
        side = next((given[w] for w in words if w in given), str(country))
        for word in (*words, f"{country}'s"):
            sides.setdefault(word, side)
        if words and side not in prefixes:
            prefixes[side] = ("-".join(words[0].lower().split()), words[0])
    return sides, prefixes


def _country_bodies(heads: dict[str, str]) -> re.Pattern[str]:
    """A country's possessive or adjective ("Kazakhstan's", "the South Korean": checked by
    the caller), then up to two lower-case words and a body's head: "interior ministry"."""
    if not heads:
        return NEVER
    return re.compile(
        r"[A-Z](?<![\w'’-][\s\S])[\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}?\s+"
        r"(?P<body>(?:[a-z][a-z-]*\s+){0,2}?(?P<head>" + alternation(heads) + r"))(?![\w'’-])"
    )


def _prefixes(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """affiliation -> (id prefix, display adjective): UK -> ("uk", "UK")."""
    out = {}
    for key, value in data.items():
        if isinstance(value, list) and len(value) == 2:
            out[str(key)] = (str(value[0]), str(value[1]))
    return out


def _anonymous_pattern(anon: dict[str, Any]) -> re.Pattern[str]:
    """Unnamed speakers: determiners, up to four qualifiers, then a head noun."""
    heads = alternation(_plurals(anon))
    dets = alternation(_words(anon.get("determiners")))
    mods = alternation(_words(anon.get("modifiers")))
    mod = r"(?:" + mods + r"|(?-i:[A-Z]{2,}|[A-Z][a-z]+(?:-[A-Za-z]+)?(?:['’]s)?))"
    return re.compile(
        r"(?<![\w'’-])(?P<det>(?:(?:" + dets + r")\s+)*)(?P<mods>(?:" + mod + r"\s+){0,4})"
        r"(?P<head>" + heads + r")(?![\w'’-])",
        re.IGNORECASE,
    )


def _filler(words: list[str]) -> re.Pattern[str]:
    """Only the words (and spaces) between "according to" and its speaker (text as printed);
    a word may take lower-case words joined by hyphens before it ("ship-tracking data")."""
    return re.compile(r"(?:\s*(?-i:[a-z]+-)*(?:" + alternation(words, True) + r")\b)*\s*",
                      re.IGNORECASE)


def _estimate_opener(nouns: list[str]) -> re.Pattern[str]:
    """"By her estimate, " / "In the ministry's count, " opening a sentence or clause: the
    owner (a possessive pronoun or a name with 's) is group "who"."""
    if not nouns:
        return NEVER
    return re.compile(  # the first letter of by/in/on first, then what stands before it: the
        # engine skips from one such letter to the next (the set is (?i:[bio]), dotted I too)
        r"[BIObioİı](?:(?<=^[\s\S])|(?<=[.;:!?]\s[\s\S])|(?<=\n[\s\S])|(?<=,\s[\s\S]))"
        r"(?i:(?<=b)y|(?<=i)n|(?<=o)n)\s+"
        r"(?P<who>(?i:his|her|its|their)|(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,4}['’]s?)"
        r"\s+(?:own\s+|latest\s+|official\s+)?(?i:" + alternation(nouns, True) + r")\s*,\s*")


def _data_shows(nouns: list[str], verbs: list[str]) -> re.Pattern[str]:
    """"UN figures show (that) ...", "Data from X shows ...": the body's data as the subject;
    group "noun", and group "by" when the data's owner follows it."""
    if not nouns or not verbs:
        return NEVER
    return re.compile(
        r"(?P<noun>" + lower_words(nouns)
        + r")(?P<by>\s+(?:from|by|of|released\s+by|published\s+by|compiled\s+by)\s+)?"
        r"[^.;:!?“”\"]{0,80}?\s(?:" + alternation(verbs, True) + r")\s+(?:that\s+)?")


def _data_lead(articles: list[str], modifiers: list[str]) -> re.Pattern[str]:
    """What may stand before a data noun whose author is not named ("A new study found that"),
    matched whole: an article, then perhaps one modifier; any case."""
    if not articles:
        return NEVER
    mods = r"(?:(?:" + printed(modifiers) + r")\s+)?" if modifiers else ""
    return re.compile(r"\s*(?:" + printed(articles) + r")\s+" + mods, re.IGNORECASE)


def _cited_by(nouns: list[str]) -> re.Pattern[str]:
    """" cited by ", " quoted by " after a speaker, perhaps with a data noun between
    ("Finance Ministry data cited by Vedomosti"): the outlet that carried the words follows."""
    data = r"(?:" + alternation(nouns, True) + r")\s+" if nouns else ""
    return re.compile(r"\s+(?:" + data + r")?(?:cited|quoted)\s+by\s+", re.IGNORECASE)


def _estimate_verb(verbs: list[str]) -> re.Pattern[str]:
    """"X puts the cost at about 8 billion euros": group "what" is the estimate (a comma or a
    point between digits, "3,000" or "1.5", stays in it)."""
    if not verbs:
        return NEVER
    return re.compile(
        r"(?:" + lower_words(verbs)
        + r")\s+(?P<what>(?:(?:the|its|their|his|her|total|overall)\s+[^.;:!?“”\"]{2,90}?"
        r"|(?-i:[a-z])[^.;:!?“”\",]{2,60}?(?=\s+at\s+" + _ROUGHLY + r"[$€£]?\d))"
        r"\s+at\s+(?:[^.;:!?“”\",]|(?<=\d)[,.](?=\d)){1,60})")  # (no article: "put support
    # for joining NATO at 82%", only with a number after "at")


_ROUGHLY = r"(?:(?:about|around|roughly|nearly|almost|some|over|under|more\s+than|up\s+to)\s+)?"


def _figure_patterns(fig: dict[str, Any], days: tuple[str, ...] = ()) -> dict[str, Any]:
    """The figures' patterns; `days`: month and weekday names, which a count may follow
    ("in March 20 tanks ...") where another capitalised word before it names a model."""
    approx = alternation(_words(fig.get("approximators")), True)
    numbers = alternation(_words(fig.get("number_words")), True)
    units = alternation(_words(fig.get("units")), True)
    people = alternation(_words(fig.get("people_units")), True)
    # "10,000", "1.5 billion", "45m": digits with an optional scale word (cues.yaml)
    number = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s*(?:" \
        + alternation(_words(fig.get("count_scales")), True) + r"))?"
    # A count in words ("three people", "one million shells") is a figure only with an
    # approximator ("some three million"): bare, it is narration, not a number to check.
    count = r"(?:(?:(?:" + approx + r")\s+)?(?:" + number + r")|(?:" + approx + r")\s+(?:" \
        + numbers + r"))"
    between = r"(?:\s+(?!and\b|or\b|in\b|on\b|of\b|to\b|from\b)[\w-]+){0,2}?"
    leads = alternation(_words(fig.get("leads")), True)
    signs = "|".join(re.escape(c) for c in sorted(_words(fig.get("currencies")), key=len,
                                                   reverse=True)) or r"(?!x)x"
    scales = alternation(_words(fig.get("money_scales")), True)
    approx_opt = r"(?:(?:" + approx + r")\s+)?"
    # (a price per unit keeps its unit: "€340/MWh", "$52.40/bl")
    money = r"(?:" + signs + r")\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:" + scales \
        + r"))?(?:/[a-z]{1,6})?(?![\w])"
    named = alternation(_words(fig.get("currency_names")), True) \
        if fig.get("currency_names") else ""
    if named:  # "more than 10 billion kronor", "about 4,000 euros": the currency named after
        money = r"(?:" + money + r"|\d[\d,]*(?:\.\d+)?(?:\s?(?:" + scales + r"))?\s+(?:" \
            + named + r")(?![\w]))"
        signs = signs + r"|(?<![\w'’-])(?:" + named + r")(?![\w])"
    measures = alternation(_words(fig.get("measures")), True)
    tails = alternation(_words(fig.get("population_tails")), True)
    stops = alternation(_words(fig.get("measure_tail_stops")), True) \
        if fig.get("measure_tail_stops") else r"(?!x)x"
    population_words = alternation(_words(fig.get("population_words")), True) \
        if fig.get("population_words") else r"(?!x)x"
    share_leads = alternation(_words(fig.get("share_leads")), True) \
        if fig.get("share_leads") else r"(?!x)x"
    nouns = alternation(_words(fig.get("put_at_nouns")), True)
    # "about one million", "nearly three million": a count in words with a scale after it
    scaled = r"(?:" + alternation([*_words(fig.get("number_words")),
                                   *_words(fig.get("scaled_number_words"))], True) \
        + r")\s+(?:" + alternation(_words(fig.get("worded_scales")), True) + r")(?![\w-])" \
        if fig.get("worded_scales") else r"(?!x)x"
    plain = r"(?:" + number + r"|" + scaled + r"|(?:" + numbers + r"))"
    rates = alternation(_words(fig.get("rates")), True) if fig.get("rates") else r"(?!x)x"
    # "1,000 missiles and drones", "45 million tonnes of grain a year": the count goes on
    more = r"(?:\s+(?:and|or)\s+(?:" + units + r")(?![\w]))?(?:\s+(?:a|per)\s+(?:" + rates \
        + r")(?![\w]))?"
    # "5 million tonnes of wheat and other crops": what else is measured with it
    others = alternation(_words(fig.get("measure_others")), True) \
        if fig.get("measure_others") else r"(?!x)x"
    return {
        # A sum is a figure with an approximator or a lead ("about $45 billion", "cost
        # £3bn"); a bare one ("a €2 billion plan", "announced $1.85 billion") is the news.
        "money_figure": re.compile(r"(?:(?<![\w'’-])(?:" + leads + r")\s+" + approx_opt
                                   + r"|(?<![\w'’-])(?:" + approx + r")\s+)" + money),
        "money_sign": re.compile(signs),
        # (what is measured may take two words before its noun: "of liquefied natural gas")
        "measure_figure": re.compile(r"(?<![\w.,])" + count + r"\s+(?:" + measures
                                     + r")(?:\s+of\s+[a-z]+(?:\s+(?!(?:" + stops
                                     + r")(?![\w-]))[a-z]+){0,2}"
                                     + r"(?:\s+(?:" + others + r")\s+[a-z]+)?)?(?![\w])" + more),
        "population_figure": re.compile(
            r"(?<![\w'’-])(?:(?:home\s+to|(?:a\s+)?(?:(?:" + population_words + r")\s+)?"
            r"population\s+of)\s+" + approx_opt + plain
            + r"(?:\s+(?:" + people + r"))?(?:\s+(?:" + tails + r"))?"
            + (r"|(?:" + alternation(_words(fig.get("population_verbs")), True) + r")\s+"
               + approx_opt + plain + r"\s+(?:" + people + r")\s+(?:" + tails + r")"
               if fig.get("population_verbs") else "") + r")(?![\w])"),
        # A population whose time leads its sentence ("Before the floods the valley had about
        # 9,000 inhabitants."): the count and its people are the figure.
        "population_led": re.compile(
            r"(?:" + tails + r"),?\s+(?:[\w'’-]+\s+){1,3}?(?:"
            + alternation(_words(fig.get("population_verbs")), True) + r")\s+(?P<count>"
            + approx_opt + plain + r"\s+(?:" + people + r"))(?![\w])")
        if fig.get("population_verbs") else NEVER,
        # An approximated count in digits and the plural noun it counts, whatever the noun
        # ("About 2.4 million Finns voted ..."): a figure where it opens its sentence.
        "opening_figure": re.compile(r"(?:" + approx + r")\s+(?:" + number + r")\s+(?!(?:"
                                     + alternation(_words(fig.get("spans_of_time")), True)
                                     + r")(?![\w'’-]))[a-z][a-z-]*s(?![\w'’-])"),
        # "Challenger 2 tanks", "Leopard 2 tanks": a number of one or two digits right after a
        # capitalised word inside a sentence is a model's name, no count (matched as printed,
        # against the words before the number; a month or weekday is no model).
        "model_name_before": re.compile(
            r"(?<=[\w,;:])(?<!\b" + r")(?<!\b".join(
                _words(fig.get("model_not_after")) or ["(?!x)x"]) + r")\s+(?!(?:"
            + ("|".join(re.escape(d) for d in days) or r"(?!x)x")
            + r")\s)[A-Z][A-Za-z-]*\s$"),
        # "a quarter of her 200 hectares": a count a person's possessive opens is what they own,
        # told in passing, not a figure to check
        "owner_before": re.compile(r"(?<![\w'’-])(?:" + alternation(_words(fig.get("owners")), True)
                                   + r")\s+$") if fig.get("owners") else NEVER,
        # what a person holds ("200 hectares", "40 cows"): only these counts are the owner's
        "owned_count": re.compile(
            r"[\d,.]+\s+(?:" + alternation(_words(fig.get("owned_nouns")), True)
            + r")(?![\w'’-])") if fig.get("owned_nouns") else NEVER,
        "share_figure": re.compile(  # ("lost about a fifth of its value": a lead verb too)
            r"(?<![\w'’-])(?:(?:" + share_leads + r")\s+)?(?:" + approx
            + r")\s+(?:\d[\d,]*(?:\.\d+)?\s?(?:"
            + alternation(_words(fig.get("share_words")), True) + r")|(?:"
            + alternation(_words(fig.get("fractions")), True) + r"))(?![\w-])"
            + r"(?:\s+of\s+[^,.;:!?“”\"()–—]{1,80})?")
        if fig.get("share_words") and fig.get("fractions") else NEVER,
        "length_figure": re.compile(
            r"(?<![\w.,-])" + count + r"\s*(?:" + alternation(_words(fig.get("lengths")), True)
            + r")\s+(?:" + alternation(_words(fig.get("length_words")), True) + r")(?![\w])")
        if fig.get("lengths") else NEVER,
        "put_at_figure": re.compile(
            r"\bput(?:s|ting)?\s+the\s+(?:" + nouns + r")\b[^.;:!?]{0,60}?\s+at\s+(?P<count>"
            + count + r")(?![\w])"),
        "figure": re.compile(r"(?:(?<![\w'’-])(?:" + leads + r")\s+)?(?<![\w.,-])" + count
                             + r"(?:\s*|" + between + r"\s+)(?:" + units + r")(?![\w])" + more),
        "people_figure": re.compile(r"(?<![\w.,-])" + count + between + r"\s+(?:" + people
                                    + r")(?![\w])"),
        "casualty": compile_lower(_words(fig.get("casualty_words"))),
        "worded_count": re.compile(r"(?:" + approx + r")\s+(?:" + numbers + r")"),
    }
