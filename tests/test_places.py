"""Places pass on case files: every expected place mention found, with its id and metonymy,
and nothing else."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from builder.annotate import Context, places
from builder.knowledge import BUILTIN_DATA, cues, gazetteer, registry
from builder.model import Annotations, Note, Source, Span
from tests.casefile import Case, load_cases

CASES = Path(__file__).parent / "cases" / "places"
GAZ, GAZ_DIAGNOSTICS = gazetteer.load((BUILTIN_DATA,))
SOURCES = registry.load((BUILTIN_DATA,))[0]  # outlets' names hide places ("France 24")
CUES = cues.load((BUILTIN_DATA,))[0]  # first names: a built person's name holds no place


def run(text: str, ann: Annotations | None = None) -> Annotations:
    """The places pass alone, over plain text, with the built-in gazetteer."""
    from builder.model import Document, Meta, Paragraph

    doc = Document("case.txt", Meta(title="t"), (Paragraph(text=text, line=1),))
    knowledge = SimpleNamespace(gazetteer=GAZ, sources=SOURCES, cues=CUES)
    ctx = Context(document=doc, text=text, knowledge=knowledge)  # type: ignore[arg-type]
    return places.annotate(ctx, ann or Annotations())


def mentions(ann: Annotations) -> set[tuple[int, int, str, bool]]:
    return {
        (m.span.start, m.span.end, p.id, m.metonymic) for p in ann.places for m in p.mentions
    }


def expected(case: Case) -> set[tuple[int, int, str, bool]]:
    return {
        (e.start, e.end, e.value, e.extra.get("metonymic") == "true")
        for e in case.of_kind("place")
    }


ALL_CASES = [c for f in sorted(CASES.glob("*.txt")) for c in load_cases(f)]


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.name for c in ALL_CASES])
def test_case(case: Case) -> None:
    got = mentions(run(case.text))
    want = expected(case)
    assert got == want, (
        f"\n{case.text}\nmissing: {sorted(want - got)}\nunexpected: {sorted(got - want)}"
    )


def test_there_are_many_cases() -> None:
    assert len(ALL_CASES) >= 120


def test_places_in_order_of_first_mention_and_mentions_in_text_order() -> None:
    ann = run("Kherson, then Odesa, then Kherson again and Odesa.")
    assert [p.id for p in ann.places] == ["kherson", "odesa"]
    starts = [m.span.start for m in ann.places[0].mentions]
    assert starts == sorted(starts) and len(starts) == 2


def test_place_carries_gazetteer_facts() -> None:
    place = run("Troops entered Kupyansk.").places[0]
    assert (place.name, place.kind, place.parent) == ("Kupiansk", "city", "kharkiv-oblast")
    assert place.lat == pytest.approx(49.71, abs=0.05)
    assert place.lon == pytest.approx(37.62, abs=0.05)


def test_spans_index_the_text() -> None:
    text = "Shelling hit the Kharkiv region and Kyiv's suburbs."
    for p in run(text).places:
        for m in p.mentions:
            assert text[m.span.start : m.span.end] == m.span.text


def test_fuzzy_match_records_confidence_rule_and_note() -> None:
    ann = run("Russian forces had left Balacria a few days earlier.")
    (mention,) = ann.places[0].mentions
    assert ann.places[0].id == "balakliia"
    assert 0.5 <= mention.confidence < 1.0 and mention.rule.startswith("fuzzy")
    (note,) = [n for n in ann.notes if n.kind == "fuzzy"]
    assert "Balakliia" in note.message and note.span == mention.span


def test_exact_match_has_full_confidence() -> None:
    (mention,) = run("Troops entered Izium.").places[0].mentions
    assert mention.confidence == 1.0 and mention.rule == "exact"


def test_unknown_name_in_strong_place_context_is_noted_unresolved() -> None:
    ann = run("They reached the village of Zzyzxovo before dawn.")
    assert ann.places == ()
    assert [n.kind for n in ann.notes] == ["unresolved"]
    start = "They reached the village of Zzyzxovo".index("Zzyzxovo")
    assert ann.notes[0].span == Span(start, start + 8, "Zzyzxovo")


def test_a_territorial_body_in_a_source_mention_names_its_territory() -> None:
    """A source mention does not hide places: the Kharkiv regional administration's
    statements belong on the Kharkiv Oblast page (PLACES.md)."""
    text = "Kharkiv Regional Military Administration said Kharkiv was hit."
    source = Source(
        id="kharkiv-rma", name="Kharkiv Regional Military Administration", kind="government",
        affiliation="Ukraine", mentions=(Span(0, 40, text[:40]),),
    )
    ann = run(text, Annotations(sources=(source,)))
    assert mentions(ann) == {(0, 7, "kharkiv-oblast", False), (46, 53, "kharkiv", False)}


def test_a_speakers_surname_is_no_long_tail_village() -> None:
    """A long-tail name spelt as a speaker's short mention after the full name (the village
    Kuznetseve's Russian-style spelling is Kuznetsova) is the speaker; a curated name is not
    dropped so (a person named like a city is rare)."""
    text = "Vera Kuznetsova said buses left. According to Kuznetsova, some stay in Kharkiv."
    def at(word: str, nth: int = 0) -> Span:
        start = text.index(word, text.index(word) + 1) if nth else text.index(word)
        return Span(start, start + len(word), word)
    source = Source(id="vera-kuznetsova", name="Vera Kuznetsova", kind="witness",
                    affiliation="unknown", mentions=(at("Vera Kuznetsova"), at("Kuznetsova", 1)))
    assert {p for *_, p, _ in mentions(run(text))} == {"kuznetseve", "kharkiv"}
    assert {p for *_, p, _ in mentions(run(text, Annotations(sources=(source,))))} == {"kharkiv"}


def test_a_persons_last_name_that_needs_context_is_the_person() -> None:
    """"to Austin" is place context, but after "Lloyd Austin" the text means the secretary;
    "in Austin" is still the city (places.yaml person_place_before)."""
    text = "Lloyd Austin flew in. Zelensky spoke to Austin, and later they met in Austin."
    full = Span(0, 12, "Lloyd Austin")
    source = Source(id="lloyd-austin", name="Lloyd Austin", kind="military",
                    affiliation="US", mentions=(full,))
    last = text.rindex("Austin")
    assert mentions(run(text)) == {
        (text.index("Austin", 13), text.index("Austin", 13) + 6, "austin", False),
        (last, last + 6, "austin", False)}
    assert mentions(run(text, Annotations(sources=(source,)))) == {
        (last, last + 6, "austin", False)}


def test_a_persons_last_name_is_never_a_misspelt_place() -> None:
    """"According to Izyumm" after "Minister Olena Izyumm" is the speaker, not a misspelt
    Izium (one edit away): a person's last name is never read as a misspelling, and its fuzzy
    note goes with it. Without the person it is still read as the town."""
    text = "Minister Olena Izyumm said talks went on. According to Izyumm, they will go on."
    full, last = text.index("Olena Izyumm"), text.rindex("Izyumm")
    spans = (Span(full, full + 12, "Olena Izyumm"), Span(last, last + 6, "Izyumm"))
    source = Source(id="olena-izyumm", name="Olena Izyumm", kind="government",
                    affiliation="unknown", registered=False, mentions=spans)
    assert mentions(run(text)) == {(last, last + 6, "izium", False)}
    ann = run(text, Annotations(sources=(source,)))
    assert mentions(ann) == set()
    assert not [n for n in ann.notes if n.kind == "fuzzy"]


def test_a_built_persons_name_holds_no_place() -> None:
    """A person the sources pass built from a known first name ("Ivan Zhdanov", a witness
    "Oleksandr") holds no place: not the surname (Zhdanov, Mariupol's old name) nor the first
    name alone (Oleksandriia's Russian-based form). Learnt from set 18."""
    text = "Ivan Zhdanov rejected it. Oleksandr says he fled Mariupol."
    zhdanov = Source(id="ivan-zhdanov", name="Ivan Zhdanov", kind="person", affiliation="unknown",
                     mentions=(Span(0, 12, "Ivan Zhdanov"),), registered=False)
    at = text.index("Oleksandr")
    driver = Source(id="oleksandr-driver", name="Oleksandr", kind="witness",
                    affiliation="unknown", mentions=(Span(at, at + 9, "Oleksandr"),),
                    registered=False)
    city = text.index("Mariupol")
    assert {p for *_, p, _ in mentions(run(text))} >= {"mariupol"}
    assert mentions(run(text, Annotations(sources=(zhdanov, driver)))) == {
        (city, city + 8, "mariupol", False)}


def test_existing_notes_are_kept() -> None:
    before = Note("inferred", "published date inferred")
    ann = run("Troops entered Izium.", Annotations(notes=(before,)))
    assert ann.notes[0] == before


def test_builtin_gazetteer_loads_without_diagnostics() -> None:
    assert GAZ_DIAGNOSTICS == ()


def test_fuzzy_answers_stay_right_when_the_memo_starts_over(monkeypatch) -> None:
    """A preview left running meets ever new words: the memo of fuzzy answers is bounded, and
    forgetting costs only a search again, never a different answer."""
    from builder.knowledge import fuzzy

    index = GAZ.fuzzy
    monkeypatch.setattr(fuzzy, "MEMO_LIMIT", 3)
    first = index.lookup("Balacria")
    for word in ("Zzyzx", "Qwerty", "Plonk", "Frobnitz"):
        index.lookup(word)
    assert len(index.spelled) <= 3
    assert index.lookup("Balacria") == first and first is not None


RUSSIAN_REGIONS = [  # those whose name before "Oblast"/"Krai" is a stem or their seat's name
    e for e in GAZ.entries.values()
    if e.parent == "russia" and e.kind == "oblast" and e.name.endswith((" Oblast", " Krai"))
    and gazetteer.key_of(e.name.rsplit(" ", 1)[0]) in GAZ.stems
]


def test_the_regions_war_coverage_names_are_among_them() -> None:
    named = {e.id.rsplit("-", 1)[0] for e in RUSSIAN_REGIONS}
    assert named >= {
        "belgorod", "kursk", "bryansk", "voronezh", "rostov", "krasnodar", "vladimir", "kirov",
        "tver", "kaluga", "oryol", "pskov", "smolensk", "tula", "ryazan", "lipetsk", "tambov",
        "penza", "saratov", "volgograd", "samara", "leningrad", "moscow",
    }


@pytest.mark.parametrize("region", RUSSIAN_REGIONS, ids=[e.id for e in RUSSIAN_REGIONS])
def test_russian_region_words_name_the_region_not_its_seat(region) -> None:
    """"the Vladimir region", "Kirov Oblast", "the Tver oblast": the federal subject, as for
    Ukraine's oblasts, whatever its seat's name is also (a given name, a renamed town's)."""
    stem = region.name.rsplit(" ", 1)[0]
    for text in (f"Drones hit the {stem} region overnight.", f"Drones hit {stem} Oblast.",
                 f"Drones hit the {stem} oblast."):
        assert [p.id for p in run(text).places] == [region.id], text


def test_russian_region_seats_named_alone_are_cities() -> None:
    for text, place in (("Sirens sounded in Vladimir.", "vladimir"),
                        ("Kirov airport closed.", "kirov"),
                        ("Wagner's men took Rostov.", "rostov-on-don"),
                        ("The siege of Leningrad lasted 872 days.", "saint-petersburg")):
        assert [p.id for p in run(text).places] == [place], text
