"""Loads builder/data/furniture.yaml (first stub; replaced by its owner)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Furniture:
    pass


def load(dirs: tuple[Path, ...]) -> tuple[Furniture, tuple[Diagnostic, ...]]:
    return Furniture(), ()
