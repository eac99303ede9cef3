"""words.find gives the matches of each phrase list's whole-text scan, on every seed and on
texts made to catch a boundary (a window ending inside a word, digits against a word, a letter
whose lower case is longer, hyphens before a word); find_printed and find_before give the
matches of the whole-text scans of the patterns the annotator tries only at or before a word."""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import pytest

from builder.knowledge import Knowledge, load
from builder.knowledge.phrases import lowered
from builder.knowledge.words import (
    Phrases,
    find,
    find_before,
    find_printed,
    find_printed_any_case,
    first_words,
    stands_in,
    matches_at,
    words,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    return load()[0]


def lists() -> list[Phrases]:
    k = knowledge()
    return [*k.cues.lists.values(), k.sources.names_at]


def texts() -> list[str]:
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [text, text.replace(" said", " 2said").replace("the ", "the3 "),
                  text.replace("e", "İ", 3), text.replace(" ", "-", 40),
                  text.replace(" i", " İ")]  # "In", lowered "in", keyed "i̇n"
    assert found, f"no seed in {SEEDS}"
    return [*found, _RARE]


# Wording no seed has, so that every list and pattern below matches some text (see
# test_every_pattern_is_compared_on_a_match): an age, a role "named" a first name, one
# "identified only as", a voiced reference, an interview, a recording, an outlet's doubt.
_RARE = ("The 52-year-old said. A former lorry driver from Lviv named Taras said. A nurse from "
         "Izium, who asked to be identified only as Olena, said. The court's press service "
         "said. She spoke to the BBC. Reuters could not verify the video. In a video released "
         "by the ministry, he said. Asked whether the ferry would run")  # (a question to the end)


def test_every_list_starts_with_words() -> None:
    """The lists tried at their first words: none of them falls back to a scan."""
    assert lists() and all(p.firsts for p in lists())


@pytest.mark.parametrize("seed", range(3))
def test_find_equals_the_scan(seed: int) -> None:
    rnd = random.Random(seed)
    matched = 0
    for text in texts()[seed::3]:
        low = lowered(text)
        for phrases in lists():
            windows = [(0, len(text))] + [
                tuple(sorted(rnd.sample(range(len(text) + 1), 2))) for _ in range(6)]
            for start, end in windows:
                want = [m.span() for m in phrases.pattern.finditer(low, start, end)]
                assert [m.span() for m in find(phrases, text, start, end)] == want
                matched += len(want)
    assert matched, "the scans matched nothing: the comparison was of empty lists"


def test_first_words() -> None:
    assert first_words(["according to", "As reported by", "24 Kanal"]) == \
        frozenset({"according", "as", "#"})
    assert first_words(["’s spokesman"]) is None  # no word first: the list scans
    assert first_words(["σπύρος"]) is None  # a sigma's lower case depends on the next letter


def test_words_are_split_once_per_text() -> None:
    text = "The ministry said on 24 February that it had"
    found = words(text)
    assert words(text) is found
    assert found.keys == ["the", "ministry", "said", "on", "#", "february", "that", "it", "had"]
    assert found.starts_of(frozenset({"said", "it", "nothing"})) == [13, 38]


def _printed() -> list[Phrases]:
    """The patterns the annotator tries only where one of their first words stands."""
    from builder.annotate import described_outlets
    from builder.annotate.resolve import speakers as resolve
    from builder.annotate.speakers import bodies, first_names

    return [resolve._AT_THE_AGE, resolve._AT_THE_ROLE, resolve._AT_BODY_ROLE,
            resolve._AT_THE_TITLE, bodies._AT_NAME_THEN_UNIT,
            bodies._noun_then_one_word_org(knowledge().cues.naming_phrases),
            described_outlets._AT_THE_NAME,
            Phrases(knowledge().cues.interviewed_outlet, knowledge().cues.interview_lead_firsts),
            *(p for p in first_names._SINGLE_NAMES_AT if p is not None)]


def _before() -> list[tuple[re.Pattern[str], frozenset[str], tuple[int, ...]]]:
    """The patterns the annotator tries only before one of their words (find_before)."""
    from builder.annotate.resolve import speakers as resolve
    from builder.annotate.speakers import placed_bodies

    offices = resolve._offices(knowledge().sources)
    firsts = first_words(offices)
    assert firsts is not None
    cues = knowledge().cues
    return [(cues.relative_subject, cues.person_relatives | cues.body_relatives, (1,)),
            (cues.lone_subject, cues.lone_subject_verbs, cues.lone_subject_back),
            (placed_bodies._MISSION, placed_bodies._IN, (2,)),
            (resolve._office_pattern(offices), firsts, (1, 2, 3))]


_ODD = ["The Russian embassy in Dublin said. the Ukrainian-born mayor in Kyiv, Poland's "
        "president, Ferrexpo, which owns mines, said. A-the The’s 'the The-Aidar "
        "battalion. One resident, Oksana, told; another said. x_Mitsui, who said, said.",
        "McDonald's president said; the French president's aide; Rolls-Royce, which "
        "makes engines, said; O'Brien, who ran, added. _the the2 3the a\u00a0an",
        "Mitsui said. GTSOU also said; O'Brien-Smith later wrote; x_Uniper said; Ørsted\n"
        "previously  warned; 'Orlen' says; Rheinmetall1 said; A2B said; Siemens  Said; KYIV "
        "notes. Naftogaz again_said. He said in an interview with France 3 that; xin an "
        "interview with Polish Radio; In an interview with TF1 Television, in an interview to "
        "Radio Free Europe",
        "He told the Leinster Examiner that; x_told the Clare Courier that; Telling the Kerry "
        "Examiner that; TOLD Harbourline's Evening Drive; told Harbourline's Evening Drive; "
        "ſpeaking on Harbourline Breakfast; speaking on Harbourline Breakfast; told Monday",
        "ıN AN INTERVIEW WITH Harbourline Breakfast; İn an interview with Harbourline Breakfast; "
        "in an interview with Harbourline Breakfast; Appearing on Harbourline Breakfast"]


def test_find_printed_and_before_equal_the_scan() -> None:
    """Each pattern tried only at (or before) its words finds what a scan of the text finds,
    on every seed and on texts made so that the words stand at odd places."""
    matched = 0
    for text in [*texts(), *_ODD]:
        for phrases in _printed():
            want = [m.span() for m in phrases.pattern.finditer(text)]
            assert [m.span() for m in find_printed(phrases, text)] == want
            matched += len(want)
        for pattern, anchors, back in _before():
            want = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in find_before(pattern, anchors, back, text)] == want
            matched += len(want)
        for phrases in knowledge().cues.printed_lists.values():  # (in any case: told_name)
            want = [m.span() for m in phrases.pattern.finditer(text)]
            assert [m.span() for m in find_printed_any_case(phrases, text)] == want
            matched += len(want)
    assert matched, "the scans matched nothing: the comparison was of empty lists"


def test_odd_folds_scan() -> None:
    """A letter the any-case told_name reads as "i" or "s" though its lower case is another
    ("ıN AN INTERVIEW", "ſpeaking"): at the words alone the match would be missed, so the
    text is scanned."""
    told = knowledge().cues.printed_lists["told_name"]
    for text in _ODD[-2:]:
        want = [m.span() for m in told.pattern.finditer(text)]
        assert [m.span() for m in find_printed(told, text)] != want
        assert [m.span() for m in find_printed_any_case(told, text)] == want


def test_every_pattern_is_compared_on_a_match() -> None:
    """Each list and pattern the tests above compare matches some text: a pattern that matched
    none would be compared empty against empty, a comparison that could not fail."""
    every = [*texts(), *_ODD]
    low = [lowered(text) for text in every]
    unmatched = [p.pattern.pattern[:60] for p in lists()
                 if not any(p.pattern.search(text) for text in low)]
    unmatched += [p.pattern.pattern[:60] for p in _printed()
                  if not any(p.pattern.search(text) for text in every)]
    unmatched += [pattern.pattern[:60] for pattern, _, _ in _before()
                  if not any(pattern.search(text) for text in every)]
    unmatched += [p.pattern.pattern[:60] for p in knowledge().cues.printed_lists.values()
                  if not any(p.pattern.search(text) for text in every)]
    assert not unmatched, unmatched


_NAMED = ("Veltrix Radar Systems, which builds the sets, said. The Premier Union said its board "
          "met. x.The Premier Union said its board met. Olha, a 34-year-old teacher, said. "
          "Mykola, 62, told. Yevhen, who drives an ambulance, said. Oksana, one of them, "
          "told. \"No,\" says Bison, a driver. O'Olha, a teacher, said. His family said; "
          "Friends said; the FAMILY; x-friends; familyx.")


def test_fewer_places_tried_equal_the_scan() -> None:
    """The scans that try fewer places (first_names' patterns only after a name and a comma,
    relative_names' name after "The" only at its words, its other name with the no-word-before
    check after the capital, kin_groups' look for a noun) find what the whole-text scans do."""
    from builder.annotate import kin_groups
    from builder.annotate.speakers import first_names, relative_names

    cues = knowledge().cues
    named = relative_names._named_relative(
        cues.name_joiners, cues.person_relatives | cues.body_relatives, cues.speech_adverbs)
    before = re.compile(r"(?<![\w'’.-])" + named.pattern.replace(
        relative_names._FIRST_WORD, relative_names._WORD, 1))
    the_name = relative_names._the_name_its(cues.name_joiners, cues.name_articles)
    nouns = tuple(sorted(cues.kin_groups, key=len, reverse=True))
    kin = kin_groups._patterns(nouns, cues.person_possessives)[-1]
    scout = kin_groups._scout(nouns)
    matched = 0
    for text in [*texts(), *_ODD, _NAMED]:
        commas = [m.start() for m in first_names._NAME_COMMA.finditer(text)]
        for pattern, flagged in zip(first_names._SINGLE_NAMES, first_names._AFTER_NAME_COMMA,
                                    strict=True):
            want = [m.span() for m in pattern.finditer(text)]
            if flagged:
                assert [m.span() for m in matches_at(pattern, text, commas)] == want
                matched += len(want)
        want = [m.span() for m in before.finditer(text)]
        assert [m.span() for m in named.finditer(text)] == want
        want += [m.span() for m in the_name.pattern.finditer(text)]
        assert [m.span() for m in find_printed(the_name, text)] == \
            [m.span() for m in the_name.pattern.finditer(text)]
        assert scout.search(text) is not None or kin.search(text) is None
        matched += len(want) + (kin.search(text) is not None)
    assert matched, "the scans matched nothing: the comparison was of empty lists"


def test_no_word_no_match() -> None:
    """A window where stands_in finds none of the data verbs (or estimate nouns) is one where
    data_shows (estimate_opener) matches nothing, on every text and at random windows."""
    cues = knowledge().cues
    gated = ((cues.data_shows, cues.lists["data_verbs"], True, False),
             (cues.estimate_opener, cues.lists["estimate_nouns"], False, True))
    rnd = random.Random(5)
    texts_ = [*texts(), *_ODD, "By his ESTIMATE, the port shut. By his eſtimate, it did. The "
              "figures ſhow that it did; The figures show that it did. Data xshows that"]
    matched = 0
    for text in texts_:
        low = lowered(text)
        windows = [(0, len(text))] + [
            tuple(sorted(rnd.sample(range(len(text) + 1), 2))) for _ in range(12)]
        for pattern, keys, lower, any_case in gated:
            for start, end in windows:
                found = pattern.search(low if lower else text, start, end)
                if found is not None:
                    matched += 1
                    assert stands_in(keys, text, start, end, any_case)
    assert matched, "the patterns matched nothing: the test could not fail"
