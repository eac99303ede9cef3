"""Generated Russian-based spellings of Ukrainian settlements: the rule and its guards."""

from __future__ import annotations

import pytest

from builder.knowledge.gazetteer import key_of
from builder.knowledge.russian_style import compile_style, spellings
from tests.test_places import GAZ, mentions, run

STYLE = compile_style(
    ["ivka>ovka", "iv>ov", "ne>noye", "ske>skoye", "iia>iya"],
    ["iu>yu", "ia>ya", "ie>e"],
    ["Oleksandr>Aleksandr", "Kostiantyn>Konstantin"],
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Pavlivka", "Pavlovka"), ("Horlivka", "Gorlovka"), ("Kupiansk", "Kupyansk"),
        ("Izium", "Izyum"), ("Vodiane", "Vodyanoye"), ("Kyslivka", "Kislovka"),
        ("Oleksandrivka", "Aleksandrovka"), ("Kostiantynivka", "Konstantinovka"),
        ("Sievierodonetsk", "Severodonetsk"), ("Balakliia", "Balakliya"),
        ("Hostomel", "Gostomel"), ("Velyka Novosilka", "Velika Novosilka"),
    ],
)
def test_rule_writes_the_russian_based_spelling(name: str, expected: str) -> None:
    assert expected in spellings(name, STYLE)


def test_kh_zh_ch_sh_keep_their_h_and_the_name_itself_is_not_repeated() -> None:
    out = spellings("Kharkiv", STYLE)
    assert "Kharkov" in out and "Kharkiv" not in out and not any("Kg" in s for s in out)


def test_no_rules_no_spellings() -> None:
    assert spellings("Pavlivka", compile_style([], [], [])) == ()


@pytest.mark.parametrize(
    ("text", "place"),
    [("Shelling hit Gorlovka overnight.", "horlivka"),
     ("Fighting raged near Krasnogorovka.", "krasnohorivka"),
     ("The enemy shelled Energodar again.", "enerhodar"),
     ("Troops left Belogorovka.", "bilohorivka")],
)
def test_generated_spellings_resolve_in_text(text: str, place: str) -> None:
    assert {p for *_, p, _ in mentions(run(text))} == {place}


def test_generated_spellings_never_take_a_written_name() -> None:
    written: set[tuple[str, ...]] = set()
    for e in GAZ.entries.values():
        written.update(key_of(n) for n in (e.name, *e.variants))
    for key, owner in GAZ.names.items():
        entry = GAZ.get(owner)
        assert entry is not None
        own = {key_of(n) for n in (entry.name, *entry.variants)}
        assert key in own or key not in written, (key, owner)


def test_a_long_tail_name_before_a_surname_is_a_person() -> None:
    assert run("Maria Zakharova said the talks had failed.").places == ()
