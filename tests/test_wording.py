"""The annotator's word-level regex pieces (builder/annotate/speakers/wording.py)."""

from __future__ import annotations

import pytest

from builder.annotate.speakers.wording import skip_apposition


@pytest.mark.parametrize("abbreviation", ["NGI", "ÖBB", "Ifri"])
def test_a_bracketed_abbreviation_stands_inside_an_apposition(abbreviation: str) -> None:
    apposition = f", a researcher at the Grid Institute ({abbreviation}),"
    assert skip_apposition(apposition + " said") == len(apposition)


@pytest.mark.parametrize("sign", ["×", "÷"])
def test_a_sign_among_the_latin1_letters_is_no_abbreviation(sign: str) -> None:
    """"×" and "÷" sit inside the Latin-1 letters' code points: "(G×I)" is no body's
    abbreviation, so the apposition does not reach past it."""
    assert skip_apposition(f", a researcher at the Grid Institute (G{sign}I), said") == 0
    assert skip_apposition(f", a researcher at the Grid Institute ({sign}GI), said") == 0
