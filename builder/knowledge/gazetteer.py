"""Loads builder/data/places.yaml (first stub; replaced by its owner)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Gazetteer:
    pass


def load(dirs: tuple[Path, ...]) -> tuple[Gazetteer, tuple[Diagnostic, ...]]:
    return Gazetteer(), ()
