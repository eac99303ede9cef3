"""Seeds' bytes parked in an unnamed scratch file that forked workers read back, so that the
build process holds none of them while the workers run."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from builder.read.seeds import SeedFile


@dataclass(frozen=True, slots=True)
class Parked:
    """A seed whose bytes, then its sidecar's, are at `offset` in the open scratch file `fd`
    (a forked worker inherits the descriptor)."""

    seed: SeedFile  # unread (see unread()): its paths
    fd: int
    offset: int
    size: int
    sidecar_size: int  # -1: the seed has no sidecar

    def load(self) -> SeedFile:
        """The seed as it was read, its bytes taken back from the scratch file."""
        length = self.size + max(self.sidecar_size, 0)
        both = os.pread(self.fd, length, self.offset)
        if len(both) != length:
            raise OSError(f"{self.seed.path}: the parked seed is short")
        sidecar = both[self.size :] if self.sidecar_size >= 0 else None
        return SeedFile(self.seed.path, both[: self.size], self.seed.sidecar_path, sidecar)


def scratch(folder: Path) -> IO[bytes]:
    """A new unnamed file in `folder` (created if missing), gone when closed."""
    folder.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryFile(dir=folder)


def park(seeds: Iterable[SeedFile], file: IO[bytes]) -> list[Parked]:
    """Write each seed's bytes and its sidecar's to `file` (open, at its end); the seeds as
    a worker reads them back from there."""
    parked: list[Parked] = []
    offset = file.tell()
    for seed in seeds:
        data, sidecar = seed.data, seed.sidecar
        if data is None:
            raise ValueError(f"{seed.path}: a seed that was not read cannot be parked")
        file.write(data)
        if sidecar is not None:
            file.write(sidecar)
        side = len(sidecar) if sidecar is not None else -1
        parked.append(Parked(unread(seed), file.fileno(), offset, len(data), side))
        offset += len(data) + max(side, 0)
    file.flush()
    return parked


def unread(seed: SeedFile) -> SeedFile:
    """The seed without its bytes (nor its sidecar's): its paths alone."""
    return SeedFile(seed.path, None, seed.sidecar_path, None)
