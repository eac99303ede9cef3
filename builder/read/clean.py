"""Removes web furniture from a parsed Document; keeps photo captions once, with their credit.

Rules, in order (their patterns live in builder/data/furniture.yaml):
1. a video title: a "<Topic>: <headline>" line right under the title whose words the rest
   of the article mostly does not repeat;
2. furniture lines (skip links, consent and sign-up notices, "Scroll to Continue", "READ
   MORE: ...", share buttons ...) and headlines tagged [BREAKING], [WATCH] ...;
3. list headers ("Most read in ...", "Related Articles") with the headline-shaped
   paragraphs after them;
4. captions: a paragraph printed twice and/or followed by a credit line becomes one caption
   paragraph carrying the credit; a credit line with no caption is dropped;
5. runs of two or more headline-shaped paragraphs (other articles' headlines);
6. a lone short Title-Case line inside the body becomes an h2 subheading.
Everything removed is recorded in Document.removed as (line, text).
"""

from __future__ import annotations

import re
from dataclasses import replace

from builder.knowledge.furniture import Furniture, normalise
from builder.model import Document, Paragraph

_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'’”]?\s+[\"'‘“]?[A-Z]")
_TEXT_KINDS = ("p", "li", "oli", "quote", "h2", "h3", "h4")
_MAX_CAPTION_WORDS = 80


def clean(document: Document, furniture: Furniture) -> Document:
    """The document without furniture; removed lines are added to `removed`."""
    paragraphs = list(document.paragraphs)
    removed: list[Paragraph] = []
    paragraphs = _drop_video_title(paragraphs, document.meta.title, furniture, removed)
    paragraphs = _drop_furniture(paragraphs, furniture, removed)
    paragraphs, shaped = _drop_headline_runs(paragraphs, furniture, removed)
    paragraphs = [_subheading(p, s, furniture) for p, s in zip(paragraphs, shaped, strict=True)]
    dropped = tuple((p.line, p.text) for p in removed)
    return replace(
        document, paragraphs=tuple(paragraphs), removed=tuple(sorted((*document.removed, *dropped)))
    )


# --- 1. video title ----------------------------------------------------------------------


def _drop_video_title(
    paragraphs: list[Paragraph], title: str, furniture: Furniture, removed: list[Paragraph]
) -> list[Paragraph]:
    if not paragraphs or not _is_video_title(paragraphs[0].text, furniture):
        return paragraphs
    first, rest = paragraphs[0], paragraphs[1:]
    label = furniture.video_label.match(first.text)
    headline = first.text[label.end() :] if label else first.text
    elsewhere = _content_words(" ".join([title, *(p.text for p in rest)]))
    words = _content_words(headline)
    if not words or len(words & elsewhere) * 2 >= len(words):
        return paragraphs
    removed.append(first)
    return rest


def _is_video_title(text: str, furniture: Furniture) -> bool:
    return bool(furniture.video_label.match(text)) and _headline_like(text, furniture)


def _content_words(text: str) -> set[str]:
    return {w.casefold() for w in _CONTENT_WORD.findall(text)}


# --- 2-4. furniture lines, list headers, captions ----------------------------------------


def _drop_furniture(
    paragraphs: list[Paragraph], furniture: Furniture, removed: list[Paragraph]
) -> list[Paragraph]:
    kept: list[Paragraph] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        rest = furniture.caption_after_label(paragraph.text)
        if rest is not None:
            index = _labelled_caption(paragraphs, index, rest, furniture, kept, removed)
        elif paragraph.kind == "caption":
            kept.append(_caption_credit(paragraph, paragraphs, index, furniture, removed))
            index += 2 if _credit_consumed(paragraph, paragraphs, index, furniture) else 1
        elif furniture.is_list_header(paragraph.text):
            index = _drop_list(paragraphs, index, furniture, removed)
        elif furniture.is_line(paragraph.text) or furniture.is_tagged_headline(paragraph.text):
            removed.append(paragraph)
            index += 1
        else:
            index = _caption_or_keep(paragraphs, index, furniture, kept, removed)
    return kept


def _labelled_caption(
    paragraphs: list[Paragraph],
    index: int,
    rest: str,
    furniture: Furniture,
    kept: list[Paragraph],
    removed: list[Paragraph],
) -> int:
    """ "Image caption, <text>" (or the label, then the text): a caption credited by the
    credit line printed just before the label; return the index after it."""
    label = paragraphs[index]
    before = paragraphs[index - 1].text if index > 0 else ""
    credit = furniture.credit_name(before) if furniture.is_credit(before) else ""
    removed.append(label)
    if rest:
        kept.append(_as_caption(label, rest, credit))
        return index + 1
    if index + 1 < len(paragraphs):
        kept.append(_as_caption(paragraphs[index + 1], paragraphs[index + 1].text, credit))
    return index + 2


def _drop_list(
    paragraphs: list[Paragraph], index: int, furniture: Furniture, removed: list[Paragraph]
) -> int:
    """Drop a list header and the headlines after it; return the index after them."""
    removed.append(paragraphs[index])
    index += 1
    while (
        index < len(paragraphs)
        and paragraphs[index].kind != "caption"
        and (
            _headline_like(paragraphs[index].text, furniture)
            or furniture.is_tagged_headline(paragraphs[index].text)
        )
    ):
        removed.append(paragraphs[index])
        index += 1
    return index


def _caption_or_keep(
    paragraphs: list[Paragraph],
    index: int,
    furniture: Furniture,
    kept: list[Paragraph],
    removed: list[Paragraph],
) -> int:
    """Turn a doubled and/or credited paragraph into one caption; return the next index."""
    paragraph = paragraphs[index]
    following = paragraphs[index + 1 : index + 3]
    doubled = bool(following) and _same_text(paragraph.text, following[0].text)
    credit_at = 1 + doubled
    credited = len(following) >= credit_at and furniture.is_credit(following[credit_at - 1].text)
    if furniture.is_credit(paragraph.text):
        removed.append(paragraph)
        return index + 1
    inline = furniture.inline_credit.fullmatch(paragraph.text)
    if inline and not doubled and not credited:
        kept.append(_as_caption(paragraph, inline.group("caption"), inline.group("credit")))
        return index + 1
    if not (doubled or credited) or len(paragraph.text.split()) > _MAX_CAPTION_WORDS:
        kept.append(paragraph)
        return index + 1
    credit = furniture.credit_name(following[credit_at - 1].text) if credited else ""
    removed.extend(following[: credit_at if credited else 1])
    kept.append(_as_caption(paragraph, paragraph.text, credit))
    return index + 1 + (credit_at if credited else 1)


def _caption_credit(
    caption: Paragraph,
    paragraphs: list[Paragraph],
    index: int,
    furniture: Furniture,
    removed: list[Paragraph],
) -> Paragraph:
    """A Markdown caption takes the credit line printed right under it."""
    if not _credit_consumed(caption, paragraphs, index, furniture):
        return caption
    credit = paragraphs[index + 1]
    removed.append(credit)
    return replace(caption, credit=furniture.credit_name(credit.text))


def _credit_consumed(
    caption: Paragraph, paragraphs: list[Paragraph], index: int, furniture: Furniture
) -> bool:
    nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
    return not caption.credit and nxt is not None and furniture.is_credit(nxt.text)


def _as_caption(paragraph: Paragraph, text: str, credit: str) -> Paragraph:
    return Paragraph(
        text=text.strip(), line=paragraph.line, kind="caption", credit=" ".join(credit.split())
    )


def _same_text(a: str, b: str) -> bool:
    """Equal once quotes are straightened and spaces collapsed (a caption printed twice)."""
    return normalise(a).casefold() == normalise(b).casefold()


# --- 5-6. headline runs and subheadings --------------------------------------------------


def _drop_headline_runs(
    paragraphs: list[Paragraph], furniture: Furniture, removed: list[Paragraph]
) -> tuple[list[Paragraph], list[bool]]:
    """Drop runs of two or more headline-shaped paragraphs: other articles' headlines. Also
    says which of those kept are headline-shaped text paragraphs (for _subheading)."""
    flags = [p.kind == "p" and _headline_like(p.text, furniture) for p in paragraphs]
    kept: list[Paragraph] = []
    shaped: list[bool] = []
    for index, paragraph in enumerate(paragraphs):
        in_run = flags[index] and (
            (index > 0 and flags[index - 1]) or (index + 1 < len(flags) and flags[index + 1])
        )
        if in_run:
            removed.append(paragraph)
        else:
            kept.append(paragraph)
            shaped.append(flags[index])
    return kept, shaped


def _subheading(paragraph: Paragraph, shaped: bool, furniture: Furniture) -> Paragraph:
    """`shaped`: the paragraph is a "p" and headline-shaped (as _drop_headline_runs found)."""
    if shaped and _is_subheading(paragraph.text, furniture):
        return replace(paragraph, kind="h2")
    return paragraph


def _is_subheading(text: str, furniture: Furniture) -> bool:
    """A short Title-Case line without a sentence ending ("Military Withdrawal"), given a
    headline-shaped one."""
    words = text.split()
    if len(words) > furniture.subheading_max_words:
        return False
    if len(words) <= furniture.subheading_max_words // 2 and text[:1].isupper():
        return True
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and all(w[:1].isupper() or not w[:1].isalpha() for w in long_words)


def _headline_like(text: str, furniture: Furniture) -> bool:
    """The shape of a headline: short, one sentence, no sentence ending."""
    return furniture.is_headline_shaped(text) and not _SENTENCE_BREAK.search(text)
