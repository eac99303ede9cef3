"""The check report: per article, what the annotator decided and what an editor should review."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

from builder.diagnostics import Diagnostic
from builder.model import Article, Document, Note, Source, Span

# Note kinds an editor should look at, in the order the report lists them.
REVIEW_KINDS = ("unresolved", "contradiction", "fuzzy", "inferred", "correction")
CLAIM_KINDS = ("quote", "reported", "figure")
EXCERPT = 72  # characters of a span shown in the report


def format_report(articles: Sequence[Article], diagnostics: Sequence[Diagnostic] = ()) -> str:
    """The whole report as plain text, articles in source-file order; deterministic."""
    ordered = sorted(articles, key=lambda a: a.document.source_file)
    blocks = [format_article(article) for article in ordered]
    return "\n".join([*blocks, format_totals(ordered, diagnostics)])


def format_article(article: Article) -> str:
    """One article's block: header, claims, sources, places, dates, and what to review."""
    doc, ann = article.document, article.annotations
    lines = [f"== {doc.source_file} -> articles/{article.slug}/", f"   title: {doc.meta.title}"]
    line = _Lines(doc)
    lines += _published(article)
    lines += _claims(article, line)
    lines += _sources(ann.sources)
    lines += _places(article, line)
    lines += _dates(article, line)
    lines += _review(article, line)
    lines += _removed(article.document)
    return "\n".join(lines) + "\n"


def format_totals(articles: Sequence[Article], diagnostics: Sequence[Diagnostic]) -> str:
    claims = sum(len(a.annotations.claims) for a in articles)
    review = sum(1 for a in articles for n in a.annotations.notes if _needs_review(n))
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    return (
        f"== total: {len(articles)} articles, {claims} claims, {review} notes to review, "
        f"{errors} errors, {warnings} warnings\n"
    )


# --- Sections ----------------------------------------------------------------------------


def _published(article: Article) -> list[str]:
    given, found = article.document.meta.published, article.annotations.published
    if found is not None and found.inferred:
        reason = f" ({found.reason})" if found.reason else ""
        return [f"   published: {found.date.isoformat()}, inferred{reason}"]
    day = found.date if found is not None else given
    return [f"   published: {day.isoformat() if day else 'unknown'}"]


def _claims(article: Article, line: _Lines) -> list[str]:
    claims = article.annotations.claims
    kinds = Counter(c.kind for c in claims)
    order = [*CLAIM_KINDS, *sorted(set(kinds) - set(CLAIM_KINDS))]
    by_kind = ", ".join(f"{k} {kinds[k]}" for k in order if kinds[k])
    lines = [f"   claims: {len(claims)}" + (f" ({by_kind})" if by_kind else "")]
    for claim in claims:
        via = f" via {', '.join(claim.via)}" if claim.via else ""
        who = claim.source or "(no source)"
        rule = f" [{claim.rule}]" if claim.rule else ""
        lines.append(
            f"     {claim.id} line {line(claim.span.start)} {claim.kind} <- {who}{via}{rule}: "
            f"{_excerpt(claim.span)}"
        )
    return lines


def _sources(sources: Sequence[Source]) -> list[str]:
    groups = Counter(_origin(s) for s in sources)
    counts = ", ".join(f"{k} {groups[k]}" for k in ("registered", "from text", "anonymous"))
    lines = [f"   sources: {len(sources)} ({counts})"]
    for s in sorted(sources, key=lambda s: s.id):
        lines.append(
            f"     {s.id}: {s.name} ({s.kind}, {s.affiliation}; {_origin(s)}; "
            f"{len(s.mentions)} mentions)"
        )
    return lines


def _origin(source: Source) -> str:
    if source.kind == "anonymous":
        return "anonymous"
    return "registered" if source.registered else "from text"


def _places(article: Article, line: _Lines) -> list[str]:
    places = article.annotations.places
    lines = [f"   places: {len(places)}"]
    for place in sorted(places, key=lambda p: p.id):
        parent = f" in {place.parent}" if place.parent else ""
        lines.append(
            f"     {place.id}: {place.name} ({place.kind}{parent}), {len(place.mentions)} mentions"
        )
        for m in place.mentions:
            if m.confidence < 1.0 or m.metonymic:
                how = "metonym" if m.metonymic else f"fuzzy {m.confidence:.2f}"
                rule = f" [{m.rule}]" if m.rule else ""
                lines.append(f"       line {line(m.span.start)} {_excerpt(m.span)}: {how}{rule}")
    return lines


def _dates(article: Article, line: _Lines) -> list[str]:
    dates = article.annotations.dates
    lines = [f"   dates: {len(dates)}"]
    for d in dates:
        rule = f" [{d.rule}]" if d.rule else ""
        lines.append(f"     line {line(d.span.start)} {d.date}: {_excerpt(d.span)}{rule}")
    return lines


def _review(article: Article, line: _Lines) -> list[str]:
    notes = sorted(
        (n for n in article.annotations.notes if _needs_review(n)),
        key=lambda n: (_rank(n.kind), n.span.start if n.span else -1, n.message),
    )
    lines = [f"   to review: {len(notes)}"]
    for note in notes:
        where = f"line {line(note.span.start)} " if note.span else ""
        quoted = f" {_excerpt(note.span)}" if note.span else ""
        rule = f" [{note.rule}]" if note.rule else ""
        lines.append(f"     {where}{note.kind}: {note.message}{quoted}{rule}")
    return lines


def _removed(document: Document) -> list[str]:
    """The lines cleaning removed as page furniture, so an editor can spot a lost paragraph."""
    lines = [f"   removed as furniture: {len(document.removed)}"]
    for number, text in document.removed:
        lines.append(f"     line {number}: {_excerpt(Span(0, len(text), text))}")
    return lines


def _needs_review(note: Note) -> bool:
    return note.kind in REVIEW_KINDS


def _rank(kind: str) -> int:
    return REVIEW_KINDS.index(kind) if kind in REVIEW_KINDS else len(REVIEW_KINDS)


# --- Helpers -------------------------------------------------------------------------------


class _Lines:
    """Maps an offset in a document's text to the seed line its paragraph starts on."""

    def __init__(self, document: Document) -> None:
        self.paragraphs = document.paragraphs
        self.starts = document.paragraph_starts

    def __call__(self, offset: int) -> int:
        if not self.starts:
            return 0
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        paragraph = self.paragraphs[index]
        inside = max(0, offset - self.starts[index])
        return paragraph.line + paragraph.text.count("\n", 0, inside)


def _excerpt(span: Span) -> str:
    text = " ".join(span.text.split())
    if len(text) > EXCERPT:
        text = text[: EXCERPT - 1] + "…"
    return f"“{text}”"
