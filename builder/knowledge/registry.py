"""Loads builder/data/sources.yaml (first stub; replaced by its owner)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class SourceRegistry:
    pass


def load(dirs: tuple[Path, ...]) -> tuple[SourceRegistry, tuple[Diagnostic, ...]]:
    return SourceRegistry(), ()
