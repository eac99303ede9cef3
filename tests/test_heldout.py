"""The whole annotator on the held-out sets (the blind half tests/heldout/ 09-16, the second
set tests/heldout2/, the third blind set tests/heldout3/, the fourth set tests/heldout4/, the
fifth blind set tests/heldout5/): floors a little below the figures reached, so that a
regression fails. The issues' targets (0.90 for claims, 0.95 for places) are printed beside
them; the dev files (01-08, 17 on) may change as rules are developed, so they are not asserted
here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import heldout_score
from tests.dev_sets import DEV_SETS  # one row a dev set, read by heldout_score's table too

ratio = heldout_score.Score.ratio
TESTS = Path(__file__).parent


def scored(files: list[Path], count: int) -> heldout_score.Tally:
    """The tally of a set, which must hold `count` files (a lost file would raise its scores)."""
    assert len(files) == count
    return heldout_score.run(files)


def assert_claim_floors(tally: heldout_score.Tally, label: str, capsys, *, recall: float,
                        precision: float, attribution: float, source_recall: float,
                        source_precision: float) -> None:
    """Print the set's table, then hold its claims and sources figures to their floors."""
    with capsys.disabled():
        print("\n" + heldout_score.table(label, tally))
    claims = tally.claims
    assert claims.recall >= recall
    assert claims.precision >= precision
    assert claims.attribution >= attribution
    assert claims.source_recall >= source_recall
    assert claims.source_precision >= source_precision


def assert_place_floors(tally: heldout_score.Tally, *, recall: float, precision: float) -> None:
    """Places found among the labelled ones (recall) and labelled among those found."""
    assert ratio(tally.place_tp, tally.place_expected) >= recall
    assert ratio(tally.place_tp, tally.place_found) >= precision


@pytest.fixture(scope="module")
def tally() -> heldout_score.Tally:
    return scored(heldout_score.halves()[1], 8)


def test_heldout_claims_and_sources(tally: heldout_score.Tally, capsys) -> None:
    """Reached on the blind half: recall .825, precision .876, right source .737, sources
    .887/.922 (session 3: .810/.874/.723, .863/.920; session 2: .788/.864/.679, .850/.883;
    round three: .752/.844/.642, .838/.893; round two: .657/.796/.496, .750/.870; targets: .90
    each). Session 6 ended at .832/.877/.752, sources .912/.948."""
    assert_claim_floors(tally, "held-out, blind half (09-16)", capsys, recall=0.82,
                        precision=0.86, attribution=0.73, source_recall=0.89,
                        source_precision=0.91)


def test_heldout_places_and_dates(tally: heldout_score.Tally) -> None:
    """Reached on the blind half: places recall .983, precision .977 (target .95); dates .977
    day-precise right with no wrong date (target: none); publication date 1/1."""
    assert_place_floors(tally, recall=0.97, precision=0.97)
    assert ratio(tally.day_right, tally.day_total) >= 0.97
    assert tally.wrong_dates == 0
    assert tally.published_right == tally.published_total


@pytest.fixture(scope="module")
def second() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout2"), 10)


def test_second_set(second: heldout_score.Tally, capsys) -> None:
    """tests/heldout2/: ten articles in outlets' styles the first set lacks, written and
    labelled after the rules were, by someone who had not seen them; dev data since its blind
    figures were recorded, so these floors only guard against regressions. First measured at
    claims recall .833, precision .929, right source .626; sources .778/.828; places
    .931/.960; dates .900 day-precise with one wrong; claims then .856/.925/.695, sources
    .808/.851. Since it became dev data: .977/.994/.977, sources 1.000/1.000 (fitted now: the
    blind sets measure how far that carries); places .975/.975, dates 1.000 day-precise.
    Floors a little below: a regression fails."""
    assert_claim_floors(second, "held-out, second set (dev now)", capsys, recall=0.96,
                        precision=0.98, attribution=0.96, source_recall=0.98,
                        source_precision=0.98)
    assert_place_floors(second, recall=0.96, precision=0.96)
    assert second.published_right == second.published_total


@pytest.fixture(scope="module")
def third() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout3"), 10)


def test_third_blind_set(third: heldout_score.Tally, capsys) -> None:
    """tests/heldout3/: ten articles in ten more outlets' styles, written and labelled blind in
    session 3. First measured (before that session's rule work) at claims recall .813,
    precision .925, right source .626, sources .720/.833; places .947/.977; dates .805
    day-precise with none wrong; publication dates 1/2. At the end of the session: claims
    .846/.951/.731, sources .805/.905; places .960/.973; dates unchanged. Session 4 (rules
    learnt from the dev sets, heldout4 among them, never from this one): claims .885/.964/.802,
    sources .856/.918, places .965/.982. Floors a little below: a regression fails."""
    assert_claim_floors(third, "held-out, third blind set", capsys, recall=0.89,
                        precision=0.95, attribution=0.82, source_recall=0.86,
                        source_precision=0.90)
    assert_place_floors(third, recall=0.94, precision=0.96)
    assert ratio(third.day_right, third.day_total) >= 0.78
    assert third.wrong_dates == 0


@pytest.fixture(scope="module")
def fourth() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout4"), 10)


def test_fourth_set(fourth: heldout_score.Tally, capsys) -> None:
    """tests/heldout4/: ten articles in ten more outlets' styles (PBS transcript, LA Times,
    Irish Times, Business Insider, UNIAN, Le Monde, Kyodo, The Hill, a NATO press conference,
    RIA Novosti), written and labelled blind; first measured at claims recall .794, precision
    .935, right source .618, sources .735/.806, places .967/.963, dates .805 day-precise with 3
    wrong; dev data since: claims .940/.984/.889, sources .947/.964, places .996/.996, dates
    .902 with none wrong. Floors a little below the figures reached: a regression fails."""
    assert_claim_floors(fourth, "held-out, fourth set (dev now)", capsys, recall=0.94,
                        precision=0.97, attribution=0.91, source_recall=0.95,
                        source_precision=0.95)
    assert_place_floors(fourth, recall=0.98, precision=0.98)
    assert fourth.wrong_dates == 0


@pytest.fixture(scope="module")
def fifth() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout5"), 12)


def test_fifth_blind_set(fifth: heldout_score.Tally, capsys) -> None:
    """tests/heldout5/: twelve articles in twelve more outlets' styles (NBC News, DER SPIEGEL,
    SCMP, Stars and Stripes, a Kremlin readout, The Globe and Mail, Forbes, ERR News, The Times
    of Israel, a Zelensky address, UN News, The Daily Beast), written and labelled blind in
    session 5 and kept blind. First measured at claims recall .909, precision .968, right
    source .792, sources .812/.904; places .956/.984; dates .909 day-precise with 1 wrong.
    Session 6 ended at claims .931/.973/.823, sources .844/.915. Floors a little below: a
    regression fails."""
    assert_claim_floors(fifth, "held-out, fifth blind set", capsys, recall=0.91,
                        precision=0.95, attribution=0.80, source_recall=0.82,
                        source_precision=0.88)
    assert_place_floors(fifth, recall=0.94, precision=0.97)
    assert ratio(fifth.day_right, fifth.day_total) >= 0.88
    assert fifth.wrong_dates <= 1


@pytest.mark.parametrize("row", DEV_SETS, ids=[row[0] for row in DEV_SETS])
def test_dev_set(row: tuple, capsys) -> None:
    """Each dev set's claims, sources, places and dates hold their floors."""
    folder, count, name, *claims, place_recall, place_precision, wrong_dates = row
    recall, precision, attribution, source_recall, source_precision = claims
    tally = scored(heldout_score.set_files(folder), count)
    assert_claim_floors(tally, f"held-out, {name} set (dev)", capsys, recall=recall,
                        precision=precision, attribution=attribution,
                        source_recall=source_recall, source_precision=source_precision)
    assert_place_floors(tally, recall=place_recall, precision=place_precision)
    assert tally.wrong_dates <= wrong_dates


def test_every_set_folder_has_a_row() -> None:
    """Every tests/heldout<digits> folder is a row of heldout_score's table (LATER_SETS: the
    blind sets 3 and 5 marked None, 2 and 4 asserted above, the others DEV_SETS rows with their
    floors), and every row a folder: a set added without its row would be scored nowhere.
    The folders' names alone are listed: no file in them is opened."""
    folders = {
        p.name for p in TESTS.iterdir() if p.is_dir() and re.fullmatch(r"heldout\d+", p.name)
    }
    rows = [row[0] for row in heldout_score.LATER_SETS]
    assert len(rows) == len(set(rows))
    assert sorted(folders - set(rows)) == []  # a folder with no row: add one to DEV_SETS
    assert sorted(set(rows) - folders) == []
    blind = {folder for folder, _, use in heldout_score.LATER_SETS if use is None}
    assert {"heldout3", "heldout5"} <= blind  # their misses never printed
