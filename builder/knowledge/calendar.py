"""Loads builder/data/calendar.yaml (first stub; replaced by its owner)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Calendar:
    pass


def load(dirs: tuple[Path, ...]) -> tuple[Calendar, tuple[Diagnostic, ...]]:
    return Calendar(), ()
