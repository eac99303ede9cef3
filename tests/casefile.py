"""Reads test case files written in the inline annotation notation.

A case file holds cases separated by a line `---`. Lines starting with `#` are comments;
`@key value` lines set context for the case (e.g. `@published 2022-05-15`, `@outlet The Sun`).
The case text marks annotations inline: `[text]{label}` where label is
`kind[:value][ key:value ...]`, and brackets nest:

    [Hanna Maliar]{source:hanna-maliar} said [Kyiv is trying to persuade
    soldiers in [Kharkiv]{place:kharkiv}]{reported:hanna-maliar}

Kinds used by the tests: source, quote, reported, figure, claim (any kind), place, date.
Paragraphs are separated by a blank line, as in an article's cleaned text.
Write a literal bracket or brace as `\\[`, `\\]`, `\\{`, `\\}`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.model import Document, Meta, Paragraph


@dataclass(frozen=True)
class Expected:
    kind: str
    value: str
    start: int
    end: int
    text: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    path: str
    line: int
    text: str
    expected: tuple[Expected, ...]
    context: dict[str, str]

    @property
    def name(self) -> str:
        return f"{Path(self.path).name}:{self.line}"

    def document(self) -> Document:
        """A Document whose text equals the case text (paragraph lines are approximate)."""
        paras = tuple(
            Paragraph(text=p, line=self.line + i) for i, p in enumerate(self.text.split("\n\n"))
        )
        published = self.context.get("published")
        meta = Meta(
            title=self.context.get("title", "Case"),
            outlet=self.context.get("outlet"),
            published=dt.date.fromisoformat(published) if published else None,
        )
        doc = Document(source_file=self.path, meta=meta, paragraphs=paras)
        assert doc.text == self.text
        return doc

    def of_kind(self, *kinds: str) -> list[Expected]:
        return [e for e in self.expected if e.kind in kinds]


_LABEL = re.compile(r"\{([^{}]*)\}")


def parse_label(label: str) -> tuple[str, str, dict[str, str]]:
    head, *rest = label.split()
    kind, _, value = head.partition(":")
    extra = dict(item.partition(":")[::2] for item in rest)
    return kind, value, extra


def parse_marked(marked: str, path: str = "<case>", line: int = 1) -> tuple[str, list[Expected]]:
    """Strip the notation from `marked`; return the plain text and the annotations."""
    out: list[str] = []
    stack: list[int] = []
    found: list[Expected] = []
    pos = 0
    i = 0
    while i < len(marked):
        ch = marked[i]
        if ch == "\\" and i + 1 < len(marked) and marked[i + 1] in "[]{}":
            out.append(marked[i + 1])
            pos += 1
            i += 2
        elif ch == "[":
            stack.append(pos)
            i += 1
        elif ch == "]" and stack:
            m = _LABEL.match(marked, i + 1)
            if not m:
                raise ValueError(f"{path}:{line}: ']' not followed by a {{label}}")
            start = stack.pop()
            text = "".join(out)[start:pos]
            kind, value, extra = parse_label(m.group(1))
            found.append(Expected(kind, value, start, pos, text, extra))
            i = m.end()
        else:
            out.append(ch)
            pos += 1
            i += 1
    if stack:
        raise ValueError(f"{path}:{line}: unclosed '[' in case")
    found.sort(key=lambda e: (e.start, -e.end))
    return "".join(out), found


def load_cases(path: Path) -> list[Case]:
    """All cases of one case file."""
    cases: list[Case] = []
    context: dict[str, str] = {}
    body: list[str] = []
    first = 1

    def flush() -> None:
        nonlocal context, body
        marked = "\n".join(body).strip("\n")
        if marked:
            text, expected = parse_marked(marked, str(path), first)
            cases.append(Case(str(path), first, text, tuple(expected), dict(context)))
        context, body = {}, []

    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.strip() == "---":
            flush()
            first = n + 1
        elif raw.startswith("#"):
            continue
        elif raw.startswith("@"):
            key, _, value = raw[1:].partition(" ")
            context[key] = value.strip()
        else:
            if not body and not raw.strip():
                first = n + 1
                continue
            body.append(raw)
    flush()
    return cases
