"""The side a source is on (its colour on the page): built from the words the text gives."""

from __future__ import annotations

import pytest

from tests.casefile import Case
from tests.claimcheck import annotate


def sides(text: str) -> dict[str, str]:
    case = Case(path="sides.txt", line=1, text=text, expected=(), context={})
    return {s.id: s.affiliation for s in annotate(case.document()).sources}


@pytest.mark.parametrize(
    ("text", "source", "side"),
    [
        ("Kazakh officials said 98,000 Russians had arrived.", "kazakh-officials", "Kazakhstan"),
        ("Georgia's interior ministry said the border was open.", "georgian-interior-ministry",
         "Georgia"),
        ("Kazakhstan's Interior Ministry said the suspects were held.",
         "kazakh-interior-ministry", "Kazakhstan"),
        ("The U.S. Commerce Department said exports had fallen.", "us-commerce-department",
         "US"),
        ("Residents of Kherson said the water was off.", "residents", "Ukraine"),
        ("Residents in Kherson said the water was off.", "residents", "Ukraine"),
    ],
)
def test_a_source_takes_the_side_its_words_give(text: str, source: str, side: str) -> None:
    assert sides(text).get(source) == side


def kinds(text: str) -> dict[str, tuple[str, str]]:
    case = Case(path="kinds.txt", line=1, text=text, expected=(), context={})
    return {s.id: (s.kind, s.affiliation) for s in annotate(case.document()).sources}


@pytest.mark.parametrize(
    ("text", "source", "kind", "side"),
    [
        # a one-word body nothing else names (speakers/lone_bodies.py): its kind and side from
        # the noun that describes it at another mention (cues.yaml lone_body_kinds)
        ("The decree names the Japanese trading houses Uniper and Mitsui. Uniper said in a "
         "statement that it was studying it.", "uniper", "company", "Japan"),
        ("Orlen, the Polish refiner, cut its prices. Orlen said its plant was working.", "orlen",
         "company", "Poland"),
        ("Hanwha's shares rose. Hanwha said that the guns were ready. The company said more "
         "would follow.", "hanwha", "company", "unknown"),
        ("Talks with Equinor went on. Equinor said that gas would flow.", "equinor",
         "organisation", "unknown"),
    ],
)
def test_a_lone_body_takes_the_kind_and_side_its_description_gives(
        text: str, source: str, kind: str, side: str) -> None:
    assert kinds(text).get(source) == (kind, side)
