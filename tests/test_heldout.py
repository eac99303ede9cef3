"""The whole annotator on the blind held-out set (tests/heldout/): floors a little below the
figures reached, so that a regression fails. One test per area; each area adds its own."""

from __future__ import annotations

import pytest

from tests import heldout_score


@pytest.fixture(scope="module")
def tally() -> heldout_score.Tally:
    dev, test = heldout_score.halves()
    return heldout_score.run(dev + test)


def test_heldout_claims_and_sources(tally: heldout_score.Tally, capsys) -> None:
    with capsys.disabled():
        print("\n" + heldout_score.table("held-out, all 16", tally))
    claims = tally.claims
    assert claims.recall >= 0.74
    assert claims.precision >= 0.84
    assert claims.attribution >= 0.62
    assert claims.source_recall >= 0.81
    assert claims.source_precision >= 0.89


def test_heldout_places_and_dates(tally: heldout_score.Tally, capsys) -> None:
    """Places and dates on all 16 (reached: places recall .983, precision .966; dates .959
    day-precise right; publication dates 4/4). The one wrong date is in the blind half."""
    with capsys.disabled():
        print("\n" + heldout_score.table("held-out places and dates, all 16", tally))
    ratio = heldout_score.Score.ratio
    assert ratio(tally.place_tp, tally.place_expected) >= 0.97
    assert ratio(tally.place_tp, tally.place_found) >= 0.95
    assert ratio(tally.day_right, tally.day_total) >= 0.94
    assert tally.wrong_dates <= 1
    assert tally.published_right == tally.published_total
