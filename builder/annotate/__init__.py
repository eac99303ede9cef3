"""The annotator: an ordered tuple of pure passes, each returning new Annotations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from builder.knowledge import Knowledge
from builder.model import Annotations, Document


@dataclass(frozen=True, slots=True)
class Context:
    """What every pass may read: the cleaned document, its text, and the editorial knowledge."""

    document: Document
    text: str
    knowledge: Knowledge


Pass = Callable[[Context, Annotations], Annotations]


def _passes() -> tuple[Pass, ...]:
    # Imported here so each pass module can import Context from this package.
    from builder.annotate import claims, corrections, dates, places, sources

    return (
        sources.annotate,  # registered and apposition-named speakers, with their mentions
        claims.annotate,  # quotes, reported speech, figures; attributes each to a source
        places.annotate,  # gazetteer + fuzzy matches, city/oblast, metonymy
        dates.annotate,  # absolute and relative dates; infers the publication date
        corrections.annotate,  # the editor's sidecar corrections win over all of the above
    )


def annotate(document: Document, knowledge: Knowledge) -> Annotations:
    """Run every pass over one document, in order."""
    ctx = Context(document=document, text=document.text, knowledge=knowledge)
    result = Annotations()
    for step in _passes():
        result = step(ctx, result)
    return result
