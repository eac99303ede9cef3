"""Annotator pass: every stretch of text that names a possible source, grouped into Sources.

This pass lists candidates (registry names, unnamed groups, names built from apposition);
the claims pass keeps only the sources credited with a claim, adding the later references
(pronouns, "the ministry") it resolved to them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from builder.annotate import Context
from builder.annotate.speakers import (
    Speaker,
    built_speakers,
    group_speakers,
    registry_speakers,
    single_name_speakers,
)
from builder.model import Annotations, Source, Span


def annotate(ctx: Context, ann: Annotations) -> Annotations:
    speakers = find_speakers(ctx)
    return replace(ann, sources=candidate_sources(ctx.text, speakers))


def find_speakers(ctx: Context) -> list[Speaker]:
    """Registry names first; then groups and built names where no registry name stands."""
    text, cues = ctx.text, ctx.knowledge.cues
    found = registry_speakers(text, ctx.knowledge.sources, cues)
    for group in group_speakers(text, cues, ctx.knowledge.sources):
        if _before_a_name(text, group):
            continue  # "Volunteer Andriy Kovalchuk": a title, not an unnamed speaker
        overlapping = [s for s in found if s.start < group.end and group.start < s.end]
        if all(s.end < group.end for s in overlapping):  # a registry name ending on the head wins
            found = [s for s in found if s not in overlapping]
            found.append(group)
    taken = [(s.start, s.end) for s in found]
    built = built_speakers(text, taken, cues)
    built += single_name_speakers(text, [*taken, *((b.start, b.end) for b in built)], cues)
    found.extend(built)
    found.extend(_surname_mentions(text, built, taken))
    return sorted(found, key=lambda s: (s.start, -s.end))


_NAME_AHEAD = re.compile(r" (?:[A-ZÀ-ÞĀ-Ž][\w'’-]+)(?: [A-ZÀ-ÞĀ-Ž][\w'’-]+)")
_NAMED_APPOSITION = re.compile(
    r", (?:[A-ZÀ-ÞĀ-Ž][\w'’-]+)(?: [A-ZÀ-ÞĀ-Ž][\w'’-]+){1,2}(?:,| \(| [a-z]+ed\b| says\b)")


def _before_a_name(text: str, group: Speaker) -> bool:
    """"Volunteer Andriy Kovalchuk", "a military spokesman, Andriy Kovalov, said": the words
    are a title, and the named person speaks, not an unnamed group."""
    return group.singular and bool(_NAME_AHEAD.match(text, group.end)
                                   or _NAMED_APPOSITION.match(text, group.end))


def _surname_mentions(
    text: str, built: list[Speaker], taken: list[tuple[int, int]]
) -> list[Speaker]:
    """Later mentions of a built person by last name alone ("Tymoshenko said")."""
    out: list[Speaker] = []
    for speaker in built:
        if speaker.type != "person":
            continue
        last = speaker.name.split()[-1]
        for m in re.finditer(r"(?<![\w'’-])" + re.escape(last) + r"(?![\w’-]|'(?!s))", text):
            inside = speaker.start <= m.start() < speaker.end
            if m.start() > speaker.start and not inside and not _overlaps(m, taken, built):
                out.append(replace(speaker, start=m.start(), end=m.end()))
    return out


def _overlaps(m, taken: list[tuple[int, int]], built: list[Speaker]) -> bool:
    spans = [*taken, *((b.start, b.end) for b in built)]
    return any(s < m.end() and m.start() < e for s, e in spans)


def candidate_sources(text: str, speakers: list[Speaker]) -> tuple[Source, ...]:
    """One Source per id, its mentions in text order; sources ordered by first mention."""
    by_id: dict[str, list[Speaker]] = {}
    for speaker in speakers:
        by_id.setdefault(speaker.id, []).append(speaker)
    out = []
    for source_id, group in by_id.items():
        first = group[0]
        mentions = tuple(Span(s.start, s.end, text[s.start:s.end]) for s in group)
        out.append(Source(id=source_id, name=first.name, kind=first.kind,
                          affiliation=first.affiliation, mentions=mentions,
                          registered=not first.built))
    return tuple(sorted(out, key=lambda s: (s.mentions[0].start, s.id)))
