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


def load(extra_dirs: tuple[Path, ...] = ()) -> tuple[Knowledge, tuple[Diagnostic, ...]]:
    """Load the built-in data, then the user's own files of the same names, which extend it."""
    dirs = (BUILTIN_DATA, *extra_dirs)
    src, d1 = registry.load(dirs)
    gaz, d2 = gazetteer.load(dirs)
    cue, d3 = cues.load(dirs)
    cal, d4 = calendar.load(dirs)
    fur, d5 = furniture.load(dirs)
    knowledge = Knowledge(sources=src, gazetteer=gaz, cues=cue, calendar=cal, furniture=fur)
    return knowledge, (*d1, *d2, *d3, *d4, *d5)
