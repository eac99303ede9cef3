"""A .md article → front-matter metadata and paragraphs, from markdown-it-py's token stream.

Front matter is YAML between a first line `---` and a closing `---` (or `...`); its keys are
those of builder.read.metafields. The body is CommonMark with raw HTML disabled (an article's
`<b>` is text, never markup). Blocks become Paragraphs: p, h2/h3/h4 (h5/h6 count as h4),
quote (inside a block quote), li/oli (inside a bulleted/numbered list), caption (an image's
alt text; an image inside a text paragraph yields a caption after it). The first h1 is the
title when the front matter has none, and is dropped when it repeats the front matter's title.
Inline em/strong/code/links become Marks with offsets into the paragraph's text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from builder import yamlnodes
from builder.diagnostics import Diagnostic, error
from builder.model import Mark, Paragraph
from builder.read import metafields
from builder.read.parsed import ParsedBody

_FENCE = "---"
_MARK_TAGS = {"em_open": "em", "strong_open": "strong", "link_open": "a"}
_CONTAINERS = {"blockquote_open": "quote", "bullet_list_open": "li", "ordered_list_open": "oli"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def parse_markdown(text: str, path: str) -> ParsedBody:
    """Parse the decoded text of a .md seed (LF line endings)."""
    meta, body_start, problems = _front_matter(text, path)
    body = "\n".join(text.split("\n")[body_start:])
    tokens = _markdown().parse(body)
    paragraphs, h1 = _blocks(tokens, body_start)
    title = dict(meta).get("title")
    title_line = 0
    if h1 is not None and (title is None or _same(h1.text, title)):
        paragraphs = [p for p in paragraphs if p is not h1]
        title_line = h1.line
        if title is None:
            meta = (*meta, ("title", h1.text))
    blocks = tuple(_demote_h1(p) for p in paragraphs)
    return ParsedBody(meta=meta, paragraphs=blocks, problems=problems, title_line=title_line)


def _demote_h1(paragraph: Paragraph) -> Paragraph:
    """A further h1 in the body is a section heading: the page's h1 is the title."""
    if paragraph.kind != "h1":
        return paragraph
    return Paragraph(paragraph.text, paragraph.line, "h2", paragraph.marks)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


# --- front matter ------------------------------------------------------------------------


def _front_matter(
    text: str, path: str
) -> tuple[tuple[tuple[str, Any], ...], int, tuple[Diagnostic, ...]]:
    """(fields, index of the first body line, problems); no front matter is fine."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        return (), 0, ()
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (_FENCE, "...")), None)
    if end is None:
        return (), 0, (error(path, 1, "front matter is not closed", "add a line '---' after it"),)
    root, problems = yamlnodes.compose("\n".join(lines[1:end]), path, line_offset=1)
    if root is None or yamlnodes.is_null(root):
        return (), end + 1, problems
    if not yamlnodes.is_mapping(root):
        found = yamlnodes.type_name(root)
        where = yamlnodes.line_of(root, 1)
        return (), end + 1, (error(path, where, f"front matter must hold keys, found {found}"),)
    fields, problems = _fields(root, path)
    return fields, end + 1, problems


def _fields(root: Any, path: str) -> tuple[tuple[tuple[str, Any], ...], tuple[Diagnostic, ...]]:
    items, found = yamlnodes.entries(root, path, offset=1)
    fields: list[tuple[str, Any]] = []
    problems = list(found)
    for entry in items:
        if entry.key not in metafields.KNOWN:
            problems.append(yamlnodes.unknown_key(path, entry, metafields.KNOWN, "front matter"))
            continue
        name, value, field_problems = metafields.read_field(entry, path)
        problems.extend(field_problems)
        if value is not None:
            fields.append((name, value))
    return tuple(fields), tuple(problems)


# --- body --------------------------------------------------------------------------------


def _blocks(tokens: list[Token], line_offset: int) -> tuple[list[Paragraph], Paragraph | None]:
    """Paragraphs in document order, and the first h1 (still among them) if there is one."""
    paragraphs: list[Paragraph] = []
    containers: list[str] = []
    heading = ""
    line = 1
    h1: Paragraph | None = None
    for token in tokens:
        if token.map is not None:
            line = token.map[0] + 1 + line_offset
        if token.type in _CONTAINERS:
            containers.append(_CONTAINERS[token.type])
        elif token.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            containers.pop()
        elif token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = ""
        elif token.type == "inline":
            made = _inline_block(token, line, _kind(heading, containers))
            if heading == "h1" and h1 is None and made:
                h1 = made[0]
            paragraphs.extend(made)
        elif token.type in ("fence", "code_block") and token.content.strip():
            code = token.content.rstrip("\n")
            paragraphs.append(Paragraph(code, line, "p", (Mark(0, len(code), "code"),)))
    return paragraphs, h1


def _kind(heading: str, containers: list[str]) -> str:
    if heading:
        return {"h1": "h1", "h2": "h2", "h3": "h3"}.get(heading, "h4")
    return containers[-1] if containers else "p"


def _inline_block(token: Token, line: int, kind: str) -> list[Paragraph]:
    """One block's inline content → its paragraph, plus a caption per image it holds."""
    text, marks, images = _render_inline(token.children or [])
    out: list[Paragraph] = []
    stripped = text.strip()
    if stripped:
        shift = len(text) - len(text.lstrip())
        out.append(Paragraph(stripped, line, kind, _shift(marks, shift, len(stripped))))
    out.extend(Paragraph(alt, line, "caption") for alt in images if alt)
    return out


def _shift(marks: list[Mark], shift: int, length: int) -> tuple[Mark, ...]:
    """Marks moved by `shift` and clipped to [0, length]; empty ones are dropped."""
    moved = (
        Mark(max(m.start - shift, 0), min(m.end - shift, length), m.tag, m.href) for m in marks
    )
    return tuple(m for m in moved if m.end > m.start)


def _render_inline(children: list[Token]) -> tuple[str, list[Mark], list[str]]:
    """Plain text of inline tokens, their marks, and the alt texts of images."""
    parts: list[str] = []
    marks: list[Mark] = []
    images: list[str] = []
    open_marks: list[tuple[str, int, str]] = []
    length = 0
    for child in children:
        piece = ""
        if child.type == "text" or child.type == "html_inline":
            piece = child.content
        elif child.type == "softbreak":
            piece = " "
        elif child.type == "hardbreak":
            piece = "\n"
        elif child.type == "code_inline":
            marks.append(Mark(length, length + len(child.content), "code"))
            piece = child.content
        elif child.type in _MARK_TAGS:
            open_marks.append((_MARK_TAGS[child.type], length, str(child.attrs.get("href", ""))))
        elif child.type in ("em_close", "strong_close", "link_close") and open_marks:
            tag, start, href = open_marks.pop()
            if length > start:
                marks.append(Mark(start, length, tag, href))
        elif child.type == "image":
            images.append(" ".join(child.content.split()))
        parts.append(piece)
        length += len(piece)
    return "".join(parts), sorted(marks, key=lambda m: (m.start, -m.end, m.tag)), images
