"""Parsing .md articles: front matter, block kinds, inline marks, lines, raw HTML as text."""

from __future__ import annotations

import datetime as dt

from builder.knowledge import BUILTIN_DATA, furniture
from builder.model import Document, Mark
from builder.read.parse import parse_seed
from builder.read.seeds import SeedFile

FURNITURE, _ = furniture.load((BUILTIN_DATA,))

ARTICLE = """---
title: Kyiv retakes villages
date: 2022-09-10
source: The Kyiv Independent
link: https://kyivindependent.com/x
authors: [Anna Myroniuk, Oleg Sukhov]
keywords: ukraine, kharkiv
summary: A short summary.
slug: kyiv-retakes
lang: en
---
# Kyiv retakes villages

The army *said* on **Saturday** it had retaken [Balakliia](https://example.com/b) and `Izium`.

## Military withdrawal

> "We are moving forward," she said.

- first item
- second item

1. numbered

![Soldiers raise a flag in Balakliia](flag.jpg)

A raw <b>tag</b> & <script>alert(1)</script> stays text.
"""


def parse(text: str, path: str = "seeds/x.md") -> tuple[Document | None, list[str]]:
    document, problems = parse_seed(SeedFile(path, text.encode()), FURNITURE)
    return document, [str(p) for p in problems]


def test_front_matter_and_its_aliases_fill_the_metadata() -> None:
    document, problems = parse(ARTICLE)
    assert problems == [] and document is not None
    meta = document.meta
    assert meta.title == "Kyiv retakes villages"
    assert meta.published == dt.date(2022, 9, 10)
    assert meta.outlet == "The Kyiv Independent"
    assert meta.original_url == "https://kyivindependent.com/x"
    assert meta.author == "Anna Myroniuk, Oleg Sukhov"
    assert meta.tags == ("ukraine", "kharkiv")
    assert (meta.description, meta.slug, meta.language) == (
        "A short summary.",
        "kyiv-retakes",
        "en",
    )


def test_blocks_become_paragraphs_with_kinds_and_lines() -> None:
    document, _ = parse(ARTICLE)
    assert document is not None
    assert [(p.line, p.kind, p.text) for p in document.paragraphs] == [
        (14, "p", "The army said on Saturday it had retaken Balakliia and Izium."),
        (16, "h2", "Military withdrawal"),
        (18, "quote", '"We are moving forward," she said.'),
        (20, "li", "first item"),
        (21, "li", "second item"),
        (23, "oli", "numbered"),
        (25, "caption", "Soldiers raise a flag in Balakliia"),
        (27, "p", "A raw <b>tag</b> & <script>alert(1)</script> stays text."),
    ]


def test_inline_formatting_becomes_marks_over_the_plain_text() -> None:
    document, _ = parse(ARTICLE)
    assert document is not None
    first = document.paragraphs[0]
    assert first.marks == (
        Mark(9, 13, "em"),
        Mark(17, 25, "strong"),
        Mark(41, 50, "a", "https://example.com/b"),
        Mark(55, 60, "code"),
    )
    assert [first.text[m.start : m.end] for m in first.marks] == [
        "said",
        "Saturday",
        "Balakliia",
        "Izium",
    ]


def test_an_h1_is_the_title_when_front_matter_has_none() -> None:
    document, _ = parse("Intro line.\n\n# The Title\n\nBody.\n\n# Another part\n")
    assert document is not None
    assert document.meta.title == "The Title"
    assert [(p.kind, p.text) for p in document.paragraphs] == [
        ("p", "Intro line."),
        ("p", "Body."),
        ("h2", "Another part"),
    ]


def test_an_image_inside_text_adds_a_caption_after_it() -> None:
    document, _ = parse("# T\n\nTroops ![A tank in mud](t.jpg) advanced.\n")
    assert document is not None
    assert [(p.kind, p.text) for p in document.paragraphs] == [
        ("p", "Troops  advanced."),
        ("caption", "A tank in mud"),
    ]


def test_crlf_and_bom_front_matter() -> None:
    document, problems = parse("\ufeff---\r\ntitle: T\r\npublished: 2023-01-02\r\n---\r\nBody.\r\n")
    assert problems == [] and document is not None
    assert document.meta.published == dt.date(2023, 1, 2)
    assert [(p.line, p.text) for p in document.paragraphs] == [(5, "Body.")]


def test_front_matter_errors_name_file_and_line() -> None:
    _, problems = parse("---\ntitle: T\npublished: last Tuesday\noutlett: X\n---\nBody.\n")
    assert problems == [
        "seeds/x.md:3: error: 'published' is not a date (YYYY-MM-DD): 'last Tuesday'",
        "seeds/x.md:4: error: unknown key 'outlett' in front matter (did you mean 'outlet'?)",
    ]
    _, problems = parse("---\ntitle: T\npublished: 2022-02-30\n---\nBody.\n")
    assert problems == ["seeds/x.md:3: error: 'published' is not a real date: '2022-02-30'"]


def test_broken_front_matter_names_the_line_of_the_yaml_error() -> None:
    document, problems = parse("---\ntitle: T\nauthor: [unclosed\n---\n# Title\n\nBody.\n")
    assert document is not None  # the article still builds from its own text
    assert len(problems) == 1 and problems[0].startswith("seeds/x.md:3: error: invalid YAML")
    _, problems = parse("---\ntitle: T\n\nBody.\n")
    assert (
        problems[0] == "seeds/x.md:1: error: front matter is not closed (add a line '---' after it)"
    )
