"""Parsing .txt web copies: title, outlet, byline, paragraph joins and line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.knowledge import BUILTIN_DATA, furniture
from builder.model import Document
from builder.read.parse import parse_seed
from builder.read.parse_txt import split_title
from builder.read.seeds import SeedFile, read_seeds

ROOT = Path(__file__).resolve().parent.parent
FURNITURE, _ = furniture.load((BUILTIN_DATA,))


def parse(text: str) -> Document:
    document, problems = parse_seed(SeedFile("seeds/x.txt", text.encode()), FURNITURE)
    assert document is not None, problems
    return document


def lines_and_texts(document: Document) -> list[tuple[int, str]]:
    return [(p.line, p.text) for p in document.paragraphs]


@pytest.mark.parametrize(
    ("line", "title", "outlet"),
    [
        ("Putin flees | The Sun", "Putin flees", "The Sun"),
        ("News from Ukraine: heroes | World | News", "News from Ukraine: heroes", None),
        ("Army in disarray | World | News | Express.co.uk", "Army in disarray", "Express.co.uk"),
        ("Kyiv retakes villages | Ukraine | The Guardian", "Kyiv retakes villages", "The Guardian"),
        ("Opinion | Why the Talks Will Fail", "Why the Talks Will Fail", None),
        ("Live | Kyiv retakes villages | The Guardian", "Kyiv retakes villages", "The Guardian"),
        ("Ukraine | The Guardian", "Ukraine", "The Guardian"),
        (
            "Russian strikes hit power stations - BBC News",
            "Russian strikes hit power stations",
            "BBC News",
        ),
        ("Russia - Ukraine talks collapse", "Russia - Ukraine talks collapse", None),
        ("A city 21 miles east of Kyiv", "A city 21 miles east of Kyiv", None),
    ],
)
def test_title_suffix_names_the_outlet_unless_it_is_a_section(
    line: str, title: str, outlet: str | None
) -> None:
    assert split_title(line, FURNITURE) == (title, outlet)


def test_seeds_parse_into_title_outlet_and_author() -> None:
    seeds, _ = read_seeds(ROOT / "seeds", ROOT)
    found = {}
    for seed in seeds:
        document, problems = parse_seed(seed, FURNITURE)
        assert document is not None and problems == ()
        found[seed.path[6:9]] = (
            document.meta.title[:40],
            document.meta.outlet,
            document.meta.author,
        )
    assert found == {
        "000": ("News from Ukraine: Zelensky’s heroes sho", None, "Christi C. Elwood"),
        "001": ("Putin humiliated with invasion in tatter", None, None),
        "002": ("Major Turning Point in War As Russia Los", None, None),
        "003": ("Russia says it has advanced nearly 2 mil", None, None),
        "004": ("Putin's troops 'abandoning' ANOTHER majo", "The Sun", None),
    }


def test_first_line_that_is_not_furniture_is_the_title() -> None:
    document = parse("Skip to main content\n\nThe real title\n\nBody text here.\n")
    assert document.meta.title == "The real title"
    assert lines_and_texts(document) == [(5, "Body text here.")]
    assert document.removed == ((1, "Skip to main content"),)


def test_a_line_break_after_a_sentence_starts_a_paragraph() -> None:
    document = parse("T\n\nKyiv: Moscow retreated on Saturday.\nThe fall of Izium was a defeat.\n")
    assert lines_and_texts(document) == [
        (3, "Kyiv: Moscow retreated on Saturday."),
        (4, "The fall of Izium was a defeat."),
    ]


def test_a_line_break_mid_sentence_joins_the_lines() -> None:
    document = parse("T\n\nThe army said it had\nretaken the town on Monday.\n")
    assert lines_and_texts(document) == [(3, "The army said it had retaken the town on Monday.")]


def test_a_sentence_cut_by_a_blank_line_is_one_paragraph() -> None:
    document = parse(
        "T\n\nNews of his death was relayed by\n\nRussian agents over a phone line.\n\n"
        "Next paragraph.\n"
    )
    assert lines_and_texts(document) == [
        (3, "News of his death was relayed by Russian agents over a phone line."),
        (7, "Next paragraph."),
    ]


def test_a_headline_without_a_stop_is_not_joined_to_the_sentence_after_it() -> None:
    document = parse("T\n\nFirst paragraph ends here.\n\nMilitary Withdrawal\n\nThe army left.\n")
    assert [t for _, t in lines_and_texts(document)] == [
        "First paragraph ends here.",
        "Military Withdrawal",
        "The army left.",
    ]


def test_tagged_headlines_in_one_block_stay_separate_lines() -> None:
    document = parse("T\n\nBody one.\n\nSweden joins NATO [BREAKING]\nBombs on Mariupol [WATCH]\n")
    assert lines_and_texts(document)[1:] == [
        (5, "Sweden joins NATO [BREAKING]"),
        (6, "Bombs on Mariupol [WATCH]"),
    ]


@pytest.mark.parametrize(
    ("last", "author"),
    [
        ("Christi C. Elwood", "Christi C. Elwood"),
        ("By Paul Kirby", "Paul Kirby"),
        ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("He left.", None),
        ("Kyiv", None),
    ],
)
def test_a_name_alone_on_the_last_line_is_the_byline(last: str, author: str | None) -> None:
    document = parse(f"Title\n\nThe body says something.\n\n{last}\n")
    assert document.meta.author == author
    assert (last in document.text) == (author is None)


def test_byline_before_trailing_furniture_and_near_the_top() -> None:
    assert (
        parse("T\n\nBody.\n\nJohn Smith\n\nSource: Read Full Article\n").meta.author == "John Smith"
    )
    assert parse("T\n\nBy JOHN SMITH FOR MAILONLINE\n\nBody.\n").meta.author == "John Smith"


def test_spaces_are_collapsed_and_crlf_bom_accepted() -> None:
    document = parse("\ufeffTitle  here\r\n\r\nLast week  forces\tleft.\r\n")
    assert document.meta.title == "Title here"
    assert lines_and_texts(document) == [(3, "Last week forces left.")]
