"""Loads builder/data/cues.yaml (first stub; replaced by its owner)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Cues:
    pass


def load(dirs: tuple[Path, ...]) -> tuple[Cues, tuple[Diagnostic, ...]]:
    return Cues(), ()
