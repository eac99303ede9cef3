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
