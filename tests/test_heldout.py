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


# The dev sets written from session 5 on, each in outlets' styles no earlier set used and
# labelled before the annotator ran on it. Each set's README records its first measurement
# (the honest estimate on unseen coverage) and the styles; the floors sit a little below
# the figures the rules have since reached, so that a regression fails.
# (folder, files, label, claims recall, precision, right source, sources recall, sources
#  precision, places recall, places precision, wrong dates at most)
DEV_SETS = (
    # fifteen outlets; first .68/.66 right source (files 01-05, 06-10); session 8: claims
    # .979/.993/.961, sources .983/.989
    ("heldout6", 15, "sixth", 0.96, 0.98, 0.94, 0.96, 0.97, 0.95, 0.95, 1),
    # twelve outlets full of speakers the registry lacks; first right source .657, sources
    # .700/.843; after round_thirteen.txt: claims .985/.980/.900, sources .931/.917
    # after round_thirtynine.txt: claims .995/.985/.915, sources .946/.932
    ("heldout7", 12, "seventh", 0.97, 0.96, 0.90, 0.92, 0.90, 0.92, 0.95, 1),
    # the blind half's outlets on other events; first claims .924/.932/.873, sources
    # .905/.944; session 8: claims .992/.975/.992, sources 1/1
    ("heldout8", 8, "eighth", 0.97, 0.95, 0.97, 0.97, 0.97, 0.97, 0.97, 1),
    # longer, denser articles (Guardian, TIME, Izvestia ...); first claims .821/.907/.505,
    # sources .694/.702; session 8: .948/.953/.818, .874/.874
    ("heldout9", 8, "ninth", 0.93, 0.93, 0.79, 0.85, 0.85, 0.98, 0.98, 1),
    # UN meetings, a Russian MFA briefing, Kyiv Post ...; first claims .748/.922/.587, sources
    # .732/.867; session 8: .944/.951/.895, .915/.929
    # after round_fortythree.txt: claims .979/.966/.923
    ("heldout10", 8, "tenth", 0.95, 0.93, 0.87, 0.89, 0.90, 0.98, 0.98, 1),
    # wire, live and digest; first claims .852/.958/.710, sources .748/.896; after
    # round_twentythree.txt: .914/.974/.802, .852/.933
    # after round_thirtynine.txt: claims .969/.987/.914, sources .957/.957
    # after round_fortyeight.txt: claims .981/.994/.920
    ("heldout11", 8, "eleventh", 0.96, 0.97, 0.92, 0.95, 0.95, 0.95, 0.97, 1),
    # institutional and translated; first claims .738/.909/.508, sources .575/.780; session 8:
    # .877/.947/.721, .750/.923
    # after round_fortythree.txt: claims .934/.958/.803
    # after round_fortyseven.txt: claims .934/.958/.820, sources .838/.957
    ("heldout12", 8, "twelfth", 0.91, 0.93, 0.82, 0.84, 0.95, 0.95, 0.98, 1),
    # state media, Telegram, verification; first claims .832/.961/.689, sources .707/.879;
    # session 8: .924/.965/.832, .829/.919
    # after round_fortythree.txt: claims .983/.992/.941, sources .939/.987
    ("heldout13", 8, "thirteenth", 0.96, 0.95, 0.81, 0.90, 0.90, 0.94, 0.94, 1),
    # regional, specialist and institutional outlets; first claims .913/.975/.825, sources
    # .863/.945 (2 wrong dates); after round_thirtyone.txt: .944/.983/.889, .938/.974
    # after round_fortyeight.txt: claims .960/.984/.905
    # after round_sixtythree.txt: claims .960/.984/.921, sources .963/.987
    ("heldout14", 8, "fourteenth", 0.94, 0.97, 0.91, 0.92, 0.96, 0.89, 0.90, 2),
    # national broadcasters, state dailies, exiles, markets; first claims .871/.961/.721,
    # sources .759/.868 (2 wrong dates); after round_thirtythree.txt: .936/.992/.871,
    # .852/.926
    # after round_thirtynine.txt: claims .971/.993/.943, sources .966/.966, places .992/.975
    # after round_fortyeight.txt: claims .979/.993/.950
    # after round_sixty.txt (a state body of the story's country): claims .979/.993/.957
    ("heldout15", 8, "fifteenth", 0.96, 0.97, 0.94, 0.95, 0.95, 0.97, 0.95, 2),
    # news formats (Q&A, fact-check, TV roundup, earnings call, press review, poll, film review,
    # hearing); first claims .823/.971/.573, sources .706/.873 (2 wrong dates); after
    # round_thirtyfour.txt: .871/.973/.758, .779/.930
    # after round_thirtynine.txt: claims .903/.966/.806, sources .838/.950
    # after round_fortyseven.txt: claims .911/.966/.831, sources .868/.952
    ("heldout16", 8, "sixteenth", 0.88, 0.95, 0.83, 0.87, 0.95, 0.92, 0.93, 2),
    # mainstream hard news (Reuters, AP, BBC, Guardian, Al Jazeera, Kyiv Independent, TASS, Sky)
    # on unseen events; first claims .912/.967/.824, sources .917/.951 (1 wrong date); after
    # round_thirtysix.txt: .956/.993/.925, .964/.976
    # after round_thirtynine.txt: claims .969/.994/.956, sources .988/1, places .964/.991
    # after round_sixty.txt (a family speaking): claims .975/.994/.962, sources 1/1
    ("heldout17", 8, "seventeenth", 0.95, 0.97, 0.94, 0.97, 0.97, 0.94, 0.96, 1),
    # more mainstream desks (USA Today, Channel 4 News, RFI, Evening Standard, CNBC, The Straits
    # Times, Babel, ANSA) on unseen events; first claims .880/.947/.782, sources .826/.950;
    # after round_forty.txt: .944/.957/.915, .957/.989
    # after round_fortyeight.txt: claims .965/.979/.937
    ("heldout18", 8, "eighteenth", 0.95, 0.96, 0.92, 0.94, 0.97, 0.94, 0.93, 1),
    # British, European and international outlets (Independent, Telegraph, Times, Euronews,
    # RFE/RL, Anadolu, CNN, NPR) on unseen events; first claims .915/.963/.894, sources
    # .952/1 (no wrong date); after round_fortyone.txt: .979/.986/.965, 1/1
    ("heldout19", 8, "nineteenth", 0.96, 0.97, 0.94, 0.97, 0.97, 0.96, 0.96, 1),
    # eight more desks (ABC News Australia, Toronto Star, Nikkei Asia, SCMP, The Times of
    # Israel, RNZ, Irish Independent, Daily Mail) on unseen events; first claims
    # .914/.932/.841, sources .880/.953, places .964/.950 (1 wrong date); after
    # round_fortytwo.txt: .954/.954/.894, .902/.954, places .993/.979
    # after round_fortyfour.txt: claims .967/.961/.921, sources .935/.956
    # after round_fortyeight.txt: claims .980/.974/.934
    ("heldout20", 8, "twentieth", 0.96, 0.96, 0.92, 0.92, 0.94, 0.98, 0.97, 1),
    # agency wire copy and a live blog (PAP, EFE, Jiji Press, UNN, PTI, CTK, BTA, The Globe and
    # Mail) on unseen events; first claims .879/.967/.712, sources .771/.892, places .953/.984
    # (2 wrong dates); after round_fortyfive.txt and a label fix: claims .939/.976/.841,
    # sources .885/.934; after round_fiftytwo.txt (source identity): claims .955/.977/.917,
    # sources .948/.989
    ("heldout21", 8, "twenty-first", 0.94, 0.96, 0.90, 0.93, 0.97, 0.93, 0.96, 2),
    # analysis, long-form and translated European press (Foreign Policy, The New Yorker, New
    # Statesman, Gazeta Wyborcza, NZZ, iStories, ZN.UA, Delfi) on unseen events; first claims
    # .852/.945/.664, sources .759/.880, places .962/.953 (1 wrong date); after
    # round_fortysix.txt (and others' rules of the same hours): .943/.983/.820, .874/.905,
    # places .963/.981
    ("heldout22", 8, "twenty-second", 0.92, 0.96, 0.82, 0.88, 0.91, 0.95, 0.96, 1),
    # everyday hard news from eight more desks (Chicago Tribune, CTV News, SBS News, Hindustan
    # Times, The Jakarta Post, Daily Nation, MSNBC, RTÉ News) on unseen events; first claims
    # .919/.958/.745, sources .788/.876, places .953/.910 (no wrong date); after label fixes
    # and round_fifty.txt: claims .946/.966/.826, sources .889/.917, places .957/.985
    # after round_sixty.txt: claims .953/.979/.879, sources .919/.938
    ("heldout23", 8, "twenty-third", 0.93, 0.95, 0.86, 0.90, 0.91, 0.94, 0.96, 1),
    # eight formats (radio interview with Q&A, press conference, NGO report, court, energy
    # market, Ukrainian frontline, aid-agency field report, parliament) on unseen events; first
    # claims .846/.953/.713, sources .836/.884, places .988/.884; after round_fiftyone.txt
    # (and round_fiftytwo.txt) and two label fixes: .894/.969/.789, .890/.915, places
    # .989/.947; after round_fiftyfive.txt (and the relays' rules): .915/.963/.852,
    # .932/.932
    ("heldout24", 8, "twenty-fourth", 0.89, 0.95, 0.82, 0.90, 0.90, 0.96, 0.92, 1),
    # everyday hard news from eight more desks (AP state bureau, Yle News, Korea JoongAng
    # Daily, Gulf News, The Baltic Times, Western Morning News, Agencia Brasil, Handelsblatt)
    # on unseen events; first claims .830/.941/.608, sources .725/.805, places .887/.929
    # (1 wrong date); after label fixes and round_fiftyfour.txt: claims .853/.971/.660,
    # sources .736/.827
    # after round_sixty.txt (state bodies, families, a body's short name): claims
    # .885/.965/.712, sources .791/.837
    # after round_sixtythree.txt: claims .891/.965/.724, sources .802/.849
    ("heldout25", 8, "twenty-fifth", 0.86, 0.95, 0.70, 0.77, 0.81, 0.86, 0.90, 1),
    # eight genres (PA Media, Kathimerini, The Times-Tribune, Financial Post, Defense News,
    # Zaborona, Dawn, Ahram Online) on unseen events; first claims .842/.929/.640, sources
    # .717/.892, places .913/.913 (no wrong date)
    # after round_sixty.txt (an office in its capital, an owned body): claims .863/.930/.727,
    # sources .815/.938
    # after label fixes and round_fiftyeight.txt: places .938/.961
    # after round_sixtythree.txt: claims .863/.930/.734, sources .826/.950
    ("heldout26", 8, "twenty-sixth", 0.84, 0.91, 0.71, 0.79, 0.91, 0.91, 0.94, 1),
    # eight formats as printed (TVP World live blog, WIRED Q&A, Vox explainer, PolitiFact,
    # The Morning Dispatch, PoliticsHome lobby briefing, LBC, UnHerd) on unseen events; first
    # claims .855/.922/.702, sources .805/.912, places .981/.972 (no wrong date)
    # after round_fiftynine.txt (and others' rules of the same hours): claims .919/.942/.823,
    # sources .870/.944
    ("heldout27", 8, "twenty-seventh", 0.90, 0.92, 0.80, 0.85, 0.92, 0.97, 0.96, 1),
)


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
