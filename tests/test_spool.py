"""Seeds parked in a scratch file (builder.read.spool) come back as they were read."""

from __future__ import annotations

import os
from pathlib import Path

from builder.read import spool
from builder.read.seeds import SeedFile


def test_parked_seeds_come_back_whole_with_or_without_a_sidecar(tmp_path: Path) -> None:
    seeds = [
        SeedFile("seeds/a.txt", "Alpha\n\nBody é.".encode()),
        SeedFile("seeds/b.md", b"# Beta\n", "seeds/b.yaml", b"outlet: X\n"),
        SeedFile("seeds/c.txt", b"", "seeds/c.yaml", b""),  # an empty sidecar is not None
    ]
    with spool.scratch(tmp_path / "new") as file:
        parked = spool.park(seeds, file)
        assert [p.seed for p in parked] == list(map(spool.unread, seeds))
        assert all(p.seed.data is None and p.seed.sidecar is None for p in parked)
        assert [p.load() for p in parked] == seeds
    assert os.listdir(tmp_path / "new") == []  # the file had no name
