"""What a format parser (.txt or .md) found in one article, before metadata is merged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from builder.diagnostics import Diagnostic
from builder.model import Paragraph


@dataclass(frozen=True, slots=True)
class ParsedBody:
    """Metadata fields the file itself gives, its body, and furniture dropped while parsing.

    meta holds (field, value) pairs using builder.read.metafields.FIELDS names; title_line is the
    line the title was found on (0 when there is none).
    """

    meta: tuple[tuple[str, Any], ...]
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[tuple[int, str], ...] = ()
    problems: tuple[Diagnostic, ...] = ()
    title_line: int = 0
