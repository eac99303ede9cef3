"""The whole annotator on the blind half of the held-out set (tests/heldout/ 09-16): floors a
little below the figures reached, so that a regression fails. The issues' targets (0.90 for
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
    """Reached on the blind half: recall .781, precision .863, right source .679, sources
    .850/.895 (round three: .752/.844/.642, .838/.893; round two: .657/.796/.496, .750/.870;
    targets: .90 each)."""
    with capsys.disabled():
        print("\n" + heldout_score.table("held-out, blind half (09-16)", tally))
    claims = tally.claims
    assert claims.recall >= 0.76
    assert claims.precision >= 0.84
    assert claims.attribution >= 0.66
    assert claims.source_recall >= 0.83
    assert claims.source_precision >= 0.87


def test_heldout_places_and_dates(tally: heldout_score.Tally) -> None:
    """Reached on the blind half: places recall .977, precision .977 (target .95); dates .977
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
    Floors a little below: a regression fails."""
    with capsys.disabled():
        print("\n" + heldout_score.table("held-out, second set (dev now)", second))
    claims = second.claims
    ratio = heldout_score.Score.ratio
    assert claims.recall >= 0.83
    assert claims.precision >= 0.90
    assert claims.attribution >= 0.67
    assert claims.source_recall >= 0.78
    assert claims.source_precision >= 0.82
    assert ratio(second.place_tp, second.place_expected) >= 0.91
    assert ratio(second.place_tp, second.place_found) >= 0.94
    assert second.published_right == second.published_total
