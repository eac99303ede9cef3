"""Editorial knowledge (registries, gazetteer, cue words, rules) loaded once from YAML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic
from builder.knowledge import calendar, cues, furniture, gazetteer, registry

BUILTIN_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class Knowledge:
    """All data the annotator passes read; each part is owned by one module of this package."""

    sources: registry.SourceRegistry
    gazetteer: gazetteer.Gazetteer
    cues: cues.Cues
    calendar: calendar.Calendar
    furniture: furniture.Furniture
    # Capitalised words that cues.yaml not_names strips from a name but that open or make up
    # registered bodies' names ("National Police of Ukraine", "State Emergency Service"): the
    # speakers pass keeps them at the head of a body's name (see body_name_words).
    body_name_words: frozenset[str] = frozenset()


def load(extra_dirs: tuple[Path, ...] = ()) -> tuple[Knowledge, tuple[Diagnostic, ...]]:
    """Load the built-in data, then the user's own files of the same names, which extend it."""
    dirs = (BUILTIN_DATA, *extra_dirs)
    src, d1 = registry.load(dirs)
    gaz, d2 = gazetteer.load(dirs)
    cal, d4 = calendar.load(dirs)
    cue, d3 = cues.load(dirs, tuple(sorted(cal.months)), cal.full_weekdays())
    fur, d5 = furniture.load(dirs)
    knowledge = Knowledge(sources=src, gazetteer=gaz, cues=cue, calendar=cal, furniture=fur,
                          body_name_words=body_name_words(src, cue, gaz))
    return knowledge, (*d1, *d2, *d3, *d4, *d5)


def body_name_words(sources: registry.SourceRegistry, cue: cues.Cues,
                    gaz: gazetteer.Gazetteer | None) -> frozenset[str]:
    """Words of cues.yaml not_names that are words of registered bodies' names and no
    determiner, title, role, side or place of the gazetteer."""
    vocabulary = {w for e in sources.entries.values() if not e.is_person for w in e.name.split()}
    return frozenset(
        w for w in cue.not_names & vocabulary
        if w.lower() not in cue.determiners and w not in cue.titles
        and w.lower() not in cue.role_kinds and not cue.affiliation(w)
        and (gaz is None or gaz.names.get(gazetteer.key_of(w)) is None))
