"""Stopwatch: wall seconds per named build stage, for --timings and the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

STAGES = (
    "read",
    "knowledge",
    "cache",
    "parse+clean",
    "annotate",
    "assemble",
    "render",
    "search",
    "write",
)


class Stopwatch:
    """Wall seconds per named stage, in the order of STAGES."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def table(self) -> tuple[tuple[str, float], ...]:
        return tuple((name, self.seconds.get(name, 0.0)) for name in STAGES)
