"""A .txt copy of a web page → title, outlet, byline and paragraphs with their lines.

The first line that is not furniture is the title; a " | Outlet" suffix names the outlet and
a suffix made only of section words (" | World | News") is dropped. Blank lines separate
blocks. Inside a block, a line break after a complete sentence starts a new paragraph and a
break mid-sentence joins the lines; a block that stops on a dangling word ("relayed by") is
continued by the next one. A name alone on the last line (or "By Name" near the top) is the
byline. Furniture itself is left in place for builder.read.clean, except above the title.
"""

from __future__ import annotations

import re
from typing import Any

from builder.knowledge.furniture import Furniture, normalise
from builder.model import Paragraph
from builder.read.parsed import ParsedBody

_NAME_WORD = r"(?:[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:['’-][A-Z]?[a-z]+)*|[A-Z]\.(?:[A-Z]\.)*)"
_PARTICLE = r"(?:de|del|der|van|von|da|di|al|el|bin|le|la|du|dos|ter)"
_NAME = re.compile(rf"(?:By\s+)?({_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_PARTICLE})){{1,3}})")
_ANY_CASE_WORD = r"(?!(?i:for|in|on|at|and)\b)[A-Z][A-Za-z'’-]*\.?"
_BY_NAME = rf"{_ANY_CASE_WORD}(?:\s+(?:{_ANY_CASE_WORD}|{_PARTICLE})){{1,3}}"
# "By Paul Kirby", "By JOHN SMITH FOR MAILONLINE", "By Isabel van Brugen On 10/11/22 at 5:47 AM"
_BY_LINE = re.compile(
    rf"(?i:by)\s+({_BY_NAME}(?:\s+and\s+{_BY_NAME})?)(?:(?:\s+(?i:for|in|on|at)\s+|\s*,\s*)\S.{{0,60}})?"
)
_DOMAIN = re.compile(r"\.(com|co\.uk|org|net|uk|ie|us|eu|ua|ru|info|news|tv)$", re.IGNORECASE)
_MIN_CONTINUED_WORDS = 6  # a block this long stopping on "by" is a sentence cut by a lost line

Line = tuple[int, str]  # (1-based line number, text without edge spaces)


def parse_text(text: str, furniture: Furniture) -> ParsedBody:
    """Parse the decoded text of a .txt seed (LF line endings)."""
    lines = [(number, " ".join(raw.split())) for number, raw in enumerate(text.split("\n"), 1)]
    title_at, removed = _find_title(lines, furniture)
    if title_at is None:
        return ParsedBody(meta=(), paragraphs=(), removed=removed)
    title, outlet = split_title(lines[title_at][1], furniture)
    paragraphs = _paragraphs(_blocks(lines[title_at + 1 :]), furniture)
    paragraphs, author = _byline(paragraphs, furniture)
    meta: list[tuple[str, Any]] = [("title", title), ("outlet", outlet), ("author", author)]
    return ParsedBody(
        meta=tuple((k, v) for k, v in meta if v),
        paragraphs=tuple(Paragraph(text=t, line=n) for n, t in paragraphs),
        removed=removed,
        title_line=lines[title_at][0],
    )


def _find_title(lines: list[Line], furniture: Furniture) -> tuple[int | None, tuple[Line, ...]]:
    """Index of the first line that is neither blank nor furniture, and the furniture above it."""
    skipped: list[Line] = []
    for index, (number, text) in enumerate(lines):
        if not text:
            continue
        if furniture.is_line(text) or furniture.is_list_header(text):
            skipped.append((number, text))
            continue
        return index, tuple(skipped)
    return None, tuple(skipped)


def split_title(line: str, furniture: Furniture) -> tuple[str, str | None]:
    """("Headline", "The Sun") from "Headline | The Sun"; section suffixes are dropped, and
    so are section prefixes ("Opinion | Headline": the headline, no outlet)."""
    for separator in furniture.title_separators:
        if separator in line:
            parts = [part.strip() for part in line.split(separator)]
            lead = 0
            while lead < len(parts) - 1 and furniture.is_section(parts[lead]):
                lead += 1  # not the headline, and the headline after it no outlet's name ...
            if lead == len(parts) - 1 and _looks_like_outlet(parts[lead], furniture):
                lead = 0  # ... unless only an outlet's name follows ("Ukraine | The Guardian")
            head, *suffix = parts[lead:]
            outlets = [s for s in suffix if s and not furniture.is_section(s)]
            return head, (outlets[-1] if outlets else None)
    for separator in furniture.dash_separators:
        head, _, tail = line.rpartition(separator)
        if head and _looks_like_outlet(tail.strip(), furniture):
            return head.strip(), tail.strip()
    return line, None


def _looks_like_outlet(text: str, furniture: Furniture) -> bool:
    words = normalise(text).split()
    if not 0 < len(words) <= 4 or not text[:1].isupper():
        return False
    return words[-1].lower() in furniture.outlet_words or bool(_DOMAIN.search(words[-1]))


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines."""
    blocks: list[list[Line]] = [[]]
    for number, text in lines:
        if text:
            blocks[-1].append((number, text))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _paragraphs(blocks: list[list[Line]], furniture: Furniture) -> list[Line]:
    """Split blocks at sentence-ending line breaks; rejoin sentences cut by a blank line."""
    out: list[Line] = []
    for block in blocks:
        first = True
        for number, text in block:
            if out and _continues(out[-1][1], text, furniture, across_blank=first):
                out[-1] = (out[-1][0], f"{out[-1][1]} {text}")
            else:
                out.append((number, text))
            first = False
    return out


def _continues(previous: str, line: str, furniture: Furniture, across_blank: bool) -> bool:
    """Whether `line` carries on the sentence that `previous` left unfinished."""
    if furniture.ends_sentence(previous):
        return False
    if _standalone(previous, furniture) or _standalone(line, furniture):
        return False
    if across_blank:
        return len(previous.split()) >= _MIN_CONTINUED_WORDS and (
            furniture.ends_mid_sentence(previous) or line[:1].islower()
        )
    if furniture.ends_mid_sentence(previous) or line[:1].islower():
        return True
    return not furniture.is_headline_shaped(previous)


def _standalone(text: str, furniture: Furniture) -> bool:
    return furniture.is_standalone(text) or furniture.is_list_header(text)


def _byline(paragraphs: list[Line], furniture: Furniture) -> tuple[list[Line], str | None]:
    """Take the byline out of the body: a name alone at the end, or "By Name" near the top."""
    for index in range(len(paragraphs) - 1, -1, -1):
        text = paragraphs[index][1]
        if _standalone(text, furniture):
            continue
        match = _NAME.fullmatch(text)
        if match:
            return paragraphs[:index] + paragraphs[index + 1 :], match.group(1)
        break
    for index, (_, text) in enumerate(paragraphs[:3]):
        match = _BY_LINE.fullmatch(text)
        if match:
            name = match.group(1)
            return paragraphs[:index] + paragraphs[
                index + 1 :
            ], name.title() if name.isupper() else name
    return paragraphs, None
