"""The whole annotator on the held-out sets (the blind half tests/heldout/ 09-16, the second
set tests/heldout2/, the third blind set tests/heldout3/, the fourth set tests/heldout4/, the
fifth blind set tests/heldout5/): floors a little below the figures reached, so that a
regression fails. The issues' targets (0.90 for claims, 0.95 for places) are printed beside
them; the dev files (01-08, 17 on) may change as rules are developed, so they are not asserted
here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import heldout_score

ratio = heldout_score.Score.ratio


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


@pytest.fixture(scope="module")
def sixth() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout6"), 15)


def test_sixth_set(sixth: heldout_score.Tally, capsys) -> None:
    """tests/heldout6/: fifteen articles in fifteen more outlets' styles, written in session 5 as
    dev data and labelled before the annotator ran on them (its README has the first
    measurements of files 01-05 and 06-10: right source .68 and .66). At the end of that session:
    claims .957/.978/.904, sources .950/.966, places .972/.965; at the end of session 6: claims
    .971/.989/.936, sources .966/.983; after session 8's round_twentyfive.txt and the label fix
    of 12: claims .979/.993/.961, sources .983/.989. Floors a little below."""
    assert_claim_floors(sixth, "held-out, sixth set (dev)", capsys, recall=0.96,
                        precision=0.98, attribution=0.94, source_recall=0.96,
                        source_precision=0.97)
    assert_place_floors(sixth, recall=0.95, precision=0.95)
    assert sixth.wrong_dates <= 1


@pytest.fixture(scope="module")
def seventh() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout7"), 12)


def test_seventh_set(seventh: heldout_score.Tally, capsys) -> None:
    """tests/heldout7/: twelve articles in twelve more outlets' styles, full of speakers the
    registry lacks, written as dev data and labelled before the annotator ran on them (its
    README has the first measurement: right source .657, sources .700/.843). After the rules
    of round_thirteen.txt: claims .985/.980/.900, sources .931/.917, places .940/.981. Floors
    a little below."""
    assert_claim_floors(seventh, "held-out, seventh set (dev)", capsys, recall=0.97,
                        precision=0.96, attribution=0.88, source_recall=0.91,
                        source_precision=0.90)
    assert_place_floors(seventh, recall=0.92, precision=0.95)
    assert seventh.wrong_dates <= 1


@pytest.fixture(scope="module")
def eighth() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout8"), 8)


def test_eighth_set(eighth: heldout_score.Tally, capsys) -> None:
    """tests/heldout8/: eight articles in the styles of the blind half's outlets (CNN, NYT,
    Newsweek, Kyiv Independent, Ukrinform, Al Jazeera, ISW, TASS) on other events, written as
    dev data and labelled before the annotator ran on them. First measurement (its README):
    claims .924/.932/.873, sources .905/.944, places .991/.991; in session 8, after
    round_twentyfive.txt: claims .992/.975/.992, sources 1.000/1.000. Floors a little below."""
    assert_claim_floors(eighth, "held-out, eighth set (dev)", capsys, recall=0.97,
                        precision=0.95, attribution=0.97, source_recall=0.97,
                        source_precision=0.97)
    assert_place_floors(eighth, recall=0.97, precision=0.97)
    assert eighth.wrong_dates <= 1


@pytest.fixture(scope="module")
def ninth() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout9"), 8)


def test_ninth_set(ninth: heldout_score.Tally, capsys) -> None:
    """tests/heldout9/: eight longer, denser articles in eight new styles (Guardian, TIME,
    Euromaidan Press, The Insider, Current Time, a UK MoD thread, Izvestia, War on the Rocks),
    written as dev data and labelled before the annotator ran on them. First measurement (its
    README): claims .821/.907/.505, sources .694/.702, places .936/.900; after the rules of
    round_nineteen.txt and the session's others: .911/.941/.661, .807/.826, .977/.969; after
    session 8's round_twentyfive.txt and the Olenevka label fix: .948/.953/.818, .874/.874,
    1.000/1.000. Floors a little below."""
    assert_claim_floors(ninth, "held-out, ninth set (dev)", capsys, recall=0.93,
                        precision=0.93, attribution=0.79, source_recall=0.85,
                        source_precision=0.85)
    assert_place_floors(ninth, recall=0.98, precision=0.98)
    assert ninth.wrong_dates <= 1


@pytest.fixture(scope="module")
def tenth() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout10"), 8)


def test_tenth_set(tenth: heldout_score.Tally, capsys) -> None:
    """tests/heldout10/: eight articles in eight styles no earlier set used (UN meetings
    coverage, a Russian Foreign Ministry briefing, Kyiv Post, Washington Post, Krym.Realii, an
    ICRC release, an i explainer, a Ukrainska Pravda interview), labelled before the annotator
    ran on them. First measurement (its README): claims .748/.922/.587, sources .732/.867,
    places .985/.943. After the session's rules learnt from it: claims .902/.942/.797, sources
    .887/.913, places 1.000/1.000; after session 8's round_twentyfive.txt: claims
    .944/.951/.895, sources .915/.929. The floors sit a little below those."""
    assert_claim_floors(tenth, "held-out, tenth set (dev)", capsys, recall=0.92,
                        precision=0.93, attribution=0.87, source_recall=0.89,
                        source_precision=0.90)
    assert_place_floors(tenth, recall=0.98, precision=0.98)
    assert tenth.wrong_dates <= 1


@pytest.fixture(scope="module")
def eleventh() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout11"), 8)


def test_eleventh_set(eleventh: heldout_score.Tally, capsys) -> None:
    """tests/heldout11/: eight wire, live and digest articles in types no earlier set used (AP
    live updates, an LRT live blog, Xinhua, The Bell's newsletter, VOA's latest developments,
    Semafor, an energy-markets wire, a dpa timeline), labelled before the annotator ran on them.
    First measurement (its README): claims .852/.958/.710, sources .748/.896, places .959/.986
    (after the label fixes). After the rules of round_twentythree.txt: claims .914/.974/.802,
    sources .852/.933; the floors sit a little below those."""
    assert_claim_floors(eleventh, "held-out, eleventh set (dev)", capsys, recall=0.89,
                        precision=0.96, attribution=0.78, source_recall=0.81,
                        source_precision=0.90)
    assert_place_floors(eleventh, recall=0.95, precision=0.97)
    assert eleventh.wrong_dates <= 1


@pytest.fixture(scope="module")
def twelfth() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout12"), 8)


def test_twelfth_set(twelfth: heldout_score.Tally, capsys) -> None:
    """tests/heldout12/: eight articles in eight styles no earlier set used (a Commons debate
    report, a war-crimes trial report, Vatican News and El País in translation, Eurasianet, an
    op-ed, an obituary, a think-tank report chapter), labelled before the annotator ran on them.
    First measurement (its README): claims .738/.909/.508, sources .575/.780, places .955/.973.
    After the session's rules learnt from it: claims .877/.947/.721, sources .750/.923, places
    .956/.991; the floors sit a little below those."""
    assert_claim_floors(twelfth, "held-out, twelfth set (dev)", capsys, recall=0.86,
                        precision=0.93, attribution=0.71, source_recall=0.74,
                        source_precision=0.91)
    assert_place_floors(twelfth, recall=0.95, precision=0.98)
    assert twelfth.wrong_dates <= 1


@pytest.fixture(scope="module")
def thirteenth() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout13"), 8)


def test_thirteenth_set(thirteenth: heldout_score.Tally, capsys) -> None:
    """tests/heldout13/: eight articles in eight styles no earlier set used (a BelTA dispatch, a
    Sputnik opinion-news piece, a roundup of Telegram channels, an AFP fact-check, a regional news
    site, an Atlantic Council experts-react piece, a Substack newsletter, a podcast transcript),
    labelled before the annotator ran on them. First measurement (its README): claims
    .832/.961/.689, sources .707/.879, places .943/.927 after the label fixes. After the
    session's rules learnt from it: claims .924/.965/.832, sources .829/.919, places .959/.959;
    the floors sit a little below those."""
    assert_claim_floors(thirteenth, "held-out, thirteenth set (dev)", capsys, recall=0.91,
                        precision=0.95, attribution=0.81, source_recall=0.80,
                        source_precision=0.90)
    assert_place_floors(thirteenth, recall=0.94, precision=0.94)
    assert thirteenth.wrong_dates <= 1


@pytest.fixture(scope="module")
def fourteenth() -> heldout_score.Tally:
    return scored(heldout_score.set_files("heldout14"), 8)


def test_fourteenth_set(fourteenth: heldout_score.Tally, capsys) -> None:
    """tests/heldout14/: eight articles in eight styles no earlier set used (The Hindu, News24,
    The National, a US local TV station's site, ESPN, New Scientist, a Caritas press release, a
    legal news wire), labelled before the annotator ran on them. First measurement (its README):
    claims .913/.975/.825, sources .863/.945, places .908/.916, dates 2 wrong. After the rules
    of round_thirtyone.txt: claims .944/.983/.889, sources .938/.974; the floors sit a little
    below those."""
    assert_claim_floors(fourteenth, "held-out, fourteenth set (dev)", capsys, recall=0.93,
                        precision=0.97, attribution=0.87, source_recall=0.92,
                        source_precision=0.96)
    assert_place_floors(fourteenth, recall=0.89, precision=0.90)
    assert fourteenth.wrong_dates <= 2
