"""The whole annotator on the held-out sets (the blind half tests/heldout/ 09-16, the second
set tests/heldout2/, the third blind set tests/heldout3/): floors a little below the figures
reached, so that a regression fails. The issues' targets (0.90 for
claims, 0.95 for places) are printed beside them; the dev files (01-08, 17 on) may change as
rules are developed, so they are not asserted here."""

from __future__ import annotations

import pytest

from tests import heldout_score


@pytest.fixture(scope="module")
def tally() -> heldout_score.Tally:
    _dev, test = heldout_score.halves()
    assert len(test) == 8
    return heldout_score.run(test)


def test_heldout_claims_and_sources(tally: heldout_score.Tally, capsys) -> None:
    """Reached on the blind half: recall .810, precision .874, right source .723, sources
    .863/.920 (session 2: .788/.864/.679, .850/.883; round three: .752/.844/.642, .838/.893;
    round two: .657/.796/.496, .750/.870; targets: .90 each)."""
    with capsys.disabled():
        print("\n" + heldout_score.table("held-out, blind half (09-16)", tally))
    claims = tally.claims
    assert claims.recall >= 0.79
    assert claims.precision >= 0.86
    assert claims.attribution >= 0.71
    assert claims.source_recall >= 0.85
    assert claims.source_precision >= 0.90


def test_heldout_places_and_dates(tally: heldout_score.Tally) -> None:
    """Reached on the blind half: places recall .983, precision .977 (target .95); dates .977
    day-precise right with no wrong date (target: none); publication date 1/1."""
    ratio = heldout_score.Score.ratio
    assert ratio(tally.place_tp, tally.place_expected) >= 0.97
    assert ratio(tally.place_tp, tally.place_found) >= 0.97
    assert ratio(tally.day_right, tally.day_total) >= 0.97
    assert tally.wrong_dates == 0
    assert tally.published_right == tally.published_total


@pytest.fixture(scope="module")
def second() -> heldout_score.Tally:
    files = heldout_score.second_set()
    assert len(files) == 10
    return heldout_score.run(files)


def test_second_set(second: heldout_score.Tally, capsys) -> None:
    """tests/heldout2/: ten articles in outlets' styles the first set lacks, written and
    labelled after the rules were, by someone who had not seen them; dev data since its blind
    figures were recorded, so these floors only guard against regressions. First measured at claims
    recall .833, precision .929, right source .626; sources .778/.828; places .931/.960;
    dates .900 day-precise with one wrong; claims then .856/.925/.695, sources .808/.851.
    Since it became dev data: .977/.994/.977, sources 1.000/1.000 (fitted now: the blind
    sets measure how far that carries); places .975/.975, dates 1.000 day-precise. Floors a little below: a
    regression fails."""
    with capsys.disabled():
        print("\n" + heldout_score.table("held-out, second set (dev now)", second))
    claims = second.claims
    ratio = heldout_score.Score.ratio
    assert claims.recall >= 0.96
    assert claims.precision >= 0.98
    assert claims.attribution >= 0.96
    assert claims.source_recall >= 0.98
    assert claims.source_precision >= 0.98
    assert ratio(second.place_tp, second.place_expected) >= 0.96
    assert ratio(second.place_tp, second.place_found) >= 0.96
    assert second.published_right == second.published_total


@pytest.fixture(scope="module")
def third() -> heldout_score.Tally:
    files = heldout_score.third_set()
    assert len(files) == 10
    return heldout_score.run(files)


def test_third_blind_set(third: heldout_score.Tally, capsys) -> None:
    """tests/heldout3/: ten articles in ten more outlets' styles, written and labelled blind in
    session 3. First measured (before that session's rule work) at claims recall .813,
    precision .925, right source .626, sources .720/.833; places .947/.977; dates .805
    day-precise with none wrong; publication dates 1/2. At the end of the session: claims
    .846/.951/.731, sources .805/.905; places .960/.973; dates unchanged. Floors a little below: a regression fails."""
    with capsys.disabled():
        print("\n" + heldout_score.table("held-out, third blind set", third))
    claims = third.claims
    ratio = heldout_score.Score.ratio
    assert claims.recall >= 0.83
    assert claims.precision >= 0.94
    assert claims.attribution >= 0.71
    assert claims.source_recall >= 0.79
    assert claims.source_precision >= 0.89
    assert ratio(third.place_tp, third.place_expected) >= 0.94
    assert ratio(third.place_tp, third.place_found) >= 0.96
    assert ratio(third.day_right, third.day_total) >= 0.78
    assert third.wrong_dates == 0
