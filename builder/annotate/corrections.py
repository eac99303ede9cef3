"""Annotator pass: the editor's sidecar corrections, applied last so that they win."""

from __future__ import annotations

import difflib
from dataclasses import replace

from builder.annotate import Context
from builder.annotate.claims.ids import claim_ids
from builder.diagnostics import Diagnostic, warning
from builder.model import (
    Annotations,
    Claim,
    Correction,
    DateMention,
    Note,
    Place,
    PlaceMention,
    Source,
    Span,
)


def annotate(ctx: Context, ann: Annotations) -> Annotations:
    notes: list[Note] = []
    diags: list[Diagnostic] = []
    for correction in ctx.document.corrections:
        updated, problem = apply(ctx, ann, correction)
        if problem:
            diags.append(warning(correction.sidecar, correction.line, problem,
                                 "edit or delete this correction"))
            continue
        ann = updated
        notes.append(Note("correction", _describe(correction), _where(ctx.text, correction),
                          rule=f"{correction.sidecar}:{correction.line}"))
    if not notes and not diags:
        return ann
    ann = _renumber(ctx, ann)
    return replace(ann, notes=(*ann.notes, *notes), diagnostics=(*ann.diagnostics, *diags))


def apply(ctx: Context, ann: Annotations, c: Correction) -> tuple[Annotations, str]:
    """One correction applied, or the reason it could not be (it no longer matches)."""
    start = ctx.text.find(c.match)
    if start < 0:
        return ann, f"correction text no longer occurs in the article: '{_short(c.match)}'"
    span = Span(start, start + len(c.match), c.match)
    handler = _HANDLERS.get((c.target, c.action))
    if handler is None:
        return ann, f"'{c.action}' is not an action for a {c.target}"
    return handler(ctx, ann, c, span)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _where(text: str, c: Correction) -> Span | None:
    start = text.find(c.match)
    return Span(start, start + len(c.match), c.match) if start >= 0 else None


def _describe(c: Correction) -> str:
    value = f" -> {c.value}" if c.value else ""
    return f"{c.target} {c.action}{value}: '{_short(c.match)}'"


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


# --- claims ----------------------------------------------------------------------------------


def _claim_add(ctx: Context, ann: Annotations, c: Correction, span: Span):
    source = c.value or None
    ann, problem = _ensure_source(ctx, ann, source)
    if problem:
        return ann, problem
    claim = Claim(id="", span=span, kind=c.kind or "reported", source=source,
                  rule=f"correction:{c.sidecar}:{c.line}")
    kept = tuple(x for x in ann.claims if not (x.span.start == span.start
                                              and x.span.end == span.end))
    return replace(ann, claims=(*kept, claim)), ""


def _claim_remove(ctx: Context, ann: Annotations, c: Correction, span: Span):
    kept = tuple(x for x in ann.claims if not _overlaps(x.span, span))
    if len(kept) == len(ann.claims):
        return ann, f"no claim contains '{_short(c.match)}' any more"
    return replace(ann, claims=kept), ""


def _claim_attribute(ctx: Context, ann: Annotations, c: Correction, span: Span):
    hits = [x for x in ann.claims if _overlaps(x.span, span)]
    if not hits:
        return ann, f"no claim contains '{_short(c.match)}' to re-attribute"
    ann, problem = _ensure_source(ctx, ann, c.value or None)
    if problem:
        return ann, problem
    rule = f"correction:{c.sidecar}:{c.line}"
    claims = tuple(
        replace(x, source=c.value or None, via=(), source_mention=None, rule=rule)
        if x in hits else x for x in ann.claims
    )
    return replace(ann, claims=claims), ""


def _ensure_source(ctx: Context, ann: Annotations, source_id: str | None):
    if source_id is None or any(s.id == source_id for s in ann.sources):
        return ann, ""
    entry = ctx.knowledge.sources.get(source_id)
    if entry is None:
        known = sorted({*ctx.knowledge.sources.entries, *(s.id for s in ann.sources)})
        close = difflib.get_close_matches(source_id, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return ann, f"unknown source '{source_id}'{hint}"
    source = Source(entry.id, entry.name, entry.kind, entry.affiliation, entry.aliases)
    return replace(ann, sources=(*ann.sources, source)), ""


# --- places ----------------------------------------------------------------------------------


def _place_add(ctx: Context, ann: Annotations, c: Correction, span: Span):
    mention = PlaceMention(span, rule=f"correction:{c.sidecar}:{c.line}")
    places = list(ann.places)
    for i, p in enumerate(places):
        if p.id == c.value:
            places[i] = replace(p, mentions=tuple(sorted((*p.mentions, mention),
                                                         key=lambda m: m.span.start)))
            return replace(ann, places=tuple(places)), ""
    entry = _gazetteer_entry(ctx, c.value)
    if entry is None:
        return ann, f"unknown place '{c.value}'"
    place = Place(entry.id, entry.name, entry.kind, entry.parent, entry.lat, entry.lon,
                  (mention,))
    return replace(ann, places=(*places, place)), ""


def _gazetteer_entry(ctx: Context, place_id: str):
    lookup = getattr(ctx.knowledge.gazetteer, "get", None)
    return lookup(place_id) if callable(lookup) else None


def _place_remove(ctx: Context, ann: Annotations, c: Correction, span: Span):
    places, removed = [], False
    for p in ann.places:
        if c.value and p.id != c.value:
            places.append(p)
            continue
        kept = tuple(m for m in p.mentions if not _overlaps(m.span, span))
        removed = removed or len(kept) < len(p.mentions)
        if kept:
            places.append(replace(p, mentions=kept))
    if not removed:
        return ann, f"no place is mentioned at '{_short(c.match)}' any more"
    return replace(ann, places=tuple(places)), ""


# --- dates -----------------------------------------------------------------------------------


def _date_set(ctx: Context, ann: Annotations, c: Correction, span: Span):
    rule = f"correction:{c.sidecar}:{c.line}"
    others = tuple(d for d in ann.dates if not _overlaps(d.span, span))
    return replace(ann, dates=(*others, DateMention(c.value, span, rule))), ""


def _date_remove(ctx: Context, ann: Annotations, c: Correction, span: Span):
    kept = tuple(d for d in ann.dates if not _overlaps(d.span, span))
    if len(kept) == len(ann.dates):
        return ann, f"no date is marked at '{_short(c.match)}' any more"
    return replace(ann, dates=kept), ""


_HANDLERS = {
    ("claim", "add"): _claim_add,
    ("claim", "remove"): _claim_remove,
    ("claim", "attribute"): _claim_attribute,
    ("place", "add"): _place_add,
    ("place", "remove"): _place_remove,
    ("date", "set"): _date_set,
    ("date", "remove"): _date_remove,
}


# --- keep the annotations consistent -----------------------------------------------------------


def _renumber(ctx: Context, ann: Annotations) -> Annotations:
    """Claims back in text order, each with the id of its words (claim_ids); sources no claim
    credits are dropped."""
    claims = sorted(ann.claims, key=lambda x: (x.span.start, x.span.end))
    ids = claim_ids(x.span.text for x in claims)
    claims = [replace(x, id=cid) for cid, x in zip(ids, claims, strict=True)]
    credited = {sid for x in claims for sid in (x.source, *x.via) if sid}
    sources = tuple(s for s in ann.sources if s.id in credited)
    places = tuple(sorted(ann.places, key=lambda p: p.mentions[0].span.start if p.mentions else 0))
    dates = tuple(sorted(ann.dates, key=lambda d: (d.span.start, d.span.end)))
    return replace(ann, claims=tuple(claims), sources=sources, places=places, dates=dates)
