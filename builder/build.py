"""build(options) -> Report: the whole pipeline, read to write (contract stub; owner fills in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.diagnostics import Diagnostic
from builder.model import SiteConfig


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What one build needs. Paths are absolute; overrides replace site.yaml's values."""

    root: Path  # the project folder (holds site.yaml, seeds/, templates/, static/)
    config: SiteConfig
    seeds_dir: Path | None = None
    out_dir: Path | None = None
    base_url: str | None = None
    strict: bool = False
    timings: bool = False


@dataclass(frozen=True, slots=True)
class Report:
    """What a build did: counts, diagnostics, whether the site was written, per-stage seconds."""

    articles: int
    pages: int
    claims: int
    diagnostics: tuple[Diagnostic, ...]
    written: bool
    seconds: float
    stage_seconds: tuple[tuple[str, float], ...] = field(default_factory=tuple)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)


def build(options: BuildOptions) -> Report:
    """Read, parse, clean, annotate, assemble; then render and write atomically."""
    raise NotImplementedError
