"""BuildOptions and Report: what a build is asked to do, and what it did."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
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
    jobs: int = 1  # processes for parse, clean and annotate (0: one per CPU)
    progress: Callable[[int, int], None] | None = None  # told (done, total) while annotating
    cache: bool = True  # keep <out>/.cache (per-article results, last build's manifest)
    # The preview's: nothing but this process writes the output folder between its builds, so
    # files the last build made are taken as it left them without a stat each.
    trust_output: bool = False
    # The preview's: over a patch, the pages are put in place first and the search index is
    # brought up to date after (finish_search(), which the next build also calls first).
    search_later: bool = False
    # The preview's: the files its watcher saw change since this process's last build (None:
    # not known, and every seed's size and time are checked).
    changed: frozenset[str] | None = None
    # Save what this build keeps in memory in <out>/.cache/state, and start from the last one's
    # (builder/incremental/state.py): a later CLI build after a small edit then updates the last
    # Site as the preview does. The CLI's `build` keeps it unless told --no-state; a save that
    # would take the process past state.MEMORY_BUDGET is not made. Off here (the library's
    # default, and the tests').
    keep_state: bool = False
    # The CLI's: its process ends with the build, so what the build makes and keeps to its end
    # is frozen out of the cyclic collector's passes (builder/memory.keep_made). Off in the
    # library: a caller's collector is not the build's to change.
    freeze_made: bool = False

    @property
    def site_config(self) -> SiteConfig:
        """site.yaml's settings with this build's overrides applied."""
        if self.base_url is None:
            return self.config
        return dataclasses.replace(self.config, base_url=self.base_url)

    @property
    def seeds_path(self) -> Path:
        return self.seeds_dir or self.root / self.config.seeds_dir

    @property
    def out_path(self) -> Path:
        return self.out_dir or self.root / self.config.output_dir

    @property
    def templates_path(self) -> Path:
        return self.root / self.config.templates_dir

    @property
    def static_path(self) -> Path:
        return self.root / self.config.static_dir

    @property
    def data_paths(self) -> tuple[Path, ...]:
        return tuple(self.root / d for d in self.config.data_dirs)

    @property
    def inputs(self) -> tuple[Path, ...]:
        """Everything the build reads, which the output folder must never overlap."""
        config_file = self.root / "site.yaml"
        return (
            self.seeds_path,
            self.templates_path,
            self.static_path,
            config_file,
            *self.data_paths,
        )


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
    files: int = 0  # files in the output (pages, JSON, feeds, static assets)
    changed: int = 0  # files whose bytes changed (the rest were left untouched)
    output: str = ""  # the output folder

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)
