"""Bad articles become file:line errors, and metadata precedence: sidecar > front matter > text."""

from __future__ import annotations

import datetime as dt

import pytest

from builder.knowledge import BUILTIN_DATA, furniture
from builder.read.parse import parse_seed
from builder.read.seeds import SeedFile

FURNITURE, _ = furniture.load((BUILTIN_DATA,))


def problems_of(data: bytes, path: str = "seeds/bad.txt") -> tuple[bool, list[str]]:
    document, problems = parse_seed(SeedFile(path, data), FURNITURE)
    return document is not None, [str(p) for p in problems]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "seeds/bad.txt:1: error: empty article"),
        (b"  \n\n \r\n", "seeds/bad.txt:1: error: empty article"),
        (
            b"Title\n\nBody \x00\x01\x02",
            "seeds/bad.txt:3: error: binary file (NUL byte), not a text article",
        ),
        (
            b"Title\n\nIt said \x93hello\x94.\n",
            "seeds/bad.txt:3: error: not UTF-8: byte 0x93 at column 9 (save the file as UTF-8)",
        ),
        (b"Only a title\n", "seeds/bad.txt:1: error: article has no text besides its title"),
        (
            b"Skip to main content\n\nAdvertisement\n",
            (
                "seeds/bad.txt:1: error: no title found "
                "(give one in the first line, front matter or sidecar)"
            ),
        ),
    ],
)
def test_bad_articles_are_errors_with_a_line(data: bytes, message: str) -> None:
    assert problems_of(data) == (False, [message])


def test_markdown_without_any_title_is_an_error() -> None:
    assert problems_of(b"Just a paragraph.\n", "seeds/x.md")[1] == [
        "seeds/x.md:1: error: no title found (give one in the first line, front matter or sidecar)"
    ]


def test_sidecar_wins_over_front_matter_which_wins_over_the_text() -> None:
    article = b"---\ntitle: Front title\noutlet: Front Outlet\n---\n# H1 title\n\nBody.\n"
    sidecar = b"outlet: Sidecar Outlet\npublished: 2022-05-15\n"
    seed = SeedFile("seeds/a.md", article, "seeds/a.yaml", sidecar)
    document, problems = parse_seed(seed, FURNITURE)
    assert problems == () and document is not None
    assert (document.meta.title, document.meta.outlet, document.meta.published) == (
        "Front title",
        "Sidecar Outlet",
        dt.date(2022, 5, 15),
    )
    assert [p.text for p in document.paragraphs] == ["H1 title", "Body."]


def test_sidecar_corrects_a_txt_article() -> None:
    seed = SeedFile(
        "seeds/a.txt",
        b"Headline | The Sun\n\nBody.\n\nJohn Smith\n",
        "seeds/a.yaml",
        b"author: Jane Doe\nurl: https://thesun.co.uk/a\n",
    )
    document, _ = parse_seed(seed, FURNITURE)
    assert document is not None
    assert (document.meta.outlet, document.meta.author, document.meta.original_url) == (
        "The Sun",
        "Jane Doe",
        "https://thesun.co.uk/a",
    )


def test_a_broken_sidecar_is_reported_and_the_article_still_parses() -> None:
    seed = SeedFile("seeds/a.txt", b"Headline\n\nBody.\n", "seeds/a.yaml", b"title: [x\n")
    document, problems = parse_seed(seed, FURNITURE)
    assert document is not None and document.meta.title == "Headline"
    assert len(problems) == 1 and str(problems[0]).startswith("seeds/a.yaml:2: error: invalid YAML")
