"""A seed file (+ sidecar) → a bare Document: decoded, parsed by format, metadata merged.

Metadata precedence: the sidecar wins over front matter, which wins over what the text says
(a .txt title line, outlet suffix and byline). A UTF-8 BOM and CRLF/CR line endings are
accepted. Empty, binary or non-UTF-8 articles, and articles without a title or body, are
errors; a broken sidecar is reported but the article is still parsed from its own file.
"""

from __future__ import annotations

from typing import Any

from builder.diagnostics import Diagnostic, error
from builder.knowledge.furniture import Furniture
from builder.model import Document, Meta
from builder.read.parse_md import parse_markdown
from builder.read.parse_txt import parse_text
from builder.read.parsed import ParsedBody
from builder.read.seeds import SeedFile
from builder.read.sidecar import Sidecar, parse_sidecar

_META_FIELD = {"url": "original_url"}  # metafields name → Meta attribute, where they differ


def parse_seed(
    seed: SeedFile, furniture: Furniture
) -> tuple[Document | None, tuple[Diagnostic, ...]]:
    """Parse one seed; None (with an error) when it cannot become an article."""
    if seed.data is None:  # a seed left unread has its result already (see read_seeds)
        raise ValueError(f"{seed.path}: a seed that was not read cannot be parsed")
    text, problem = decode(seed.data, seed.path)
    if problem is not None:
        return None, (problem,)
    if not text.strip():
        return None, (error(seed.path, 1, "empty article"),)
    sidecar, sidecar_problems = _sidecar(seed)
    body = _parse_body(text, seed.path, furniture)
    problems = (*body.problems, *sidecar_problems)
    meta = dict(body.meta) | dict(sidecar.meta)
    if not meta.get("title"):
        return None, (
            *problems,
            error(
                seed.path,
                1,
                "no title found",
                "give one in the first line, front matter or sidecar",
            ),
        )
    if not body.paragraphs:
        line = body.title_line or 1
        return None, (*problems, error(seed.path, line, "article has no text besides its title"))
    document = Document(
        source_file=seed.path,
        meta=_meta(meta),
        paragraphs=body.paragraphs,
        corrections=sidecar.corrections,
        removed=body.removed,
    )
    return document, problems


def decode(data: bytes, path: str) -> tuple[str, Diagnostic | None]:
    """UTF-8 text with LF line endings, or an error naming the line of the first bad byte."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return "", error(path, line, "binary file (NUL byte), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        return "", error(
            path, line, f"not UTF-8: byte 0x{byte:02x} at column {column}", "save the file as UTF-8"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _parse_body(text: str, path: str, furniture: Furniture) -> ParsedBody:
    if path.lower().endswith(".txt"):
        return parse_text(text, furniture)
    return parse_markdown(text, path)


def _sidecar(seed: SeedFile) -> tuple[Sidecar, tuple[Diagnostic, ...]]:
    if seed.sidecar is None or seed.sidecar_path is None:
        return Sidecar(), ()
    text, problem = decode(seed.sidecar, seed.sidecar_path)
    if problem is not None:
        return Sidecar(), (problem,)
    return parse_sidecar(text, seed.sidecar_path)


def _meta(fields: dict[str, Any]) -> Meta:
    values = {_META_FIELD.get(name, name): value for name, value in fields.items()}
    return Meta(**values)
