"""The last build's manifest: a fingerprint of its inputs, a listing of its output, its report.

A build whose inputs hash to the same fingerprint, over an output folder still exactly as that
build left it (every file's path, size and modification time), would write the same bytes: it
can return the stored report instead of loading, annotating and rendering anything.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from builder.cache import dumps

VERSION = 1  # bump when the stored layout changes; an unknown layout is simply not used
Listing = tuple[tuple[str, int, int], ...]  # (relative path, size, mtime in ns), sorted


def tree(folder: Path) -> list[tuple[str, bytes]]:
    """Every file under `folder` (hidden ones too) as (relative path, bytes), sorted."""
    if not folder.is_dir():
        return []
    return [
        (path.relative_to(folder).as_posix(), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


def listing(out: Path, skip: str) -> Listing:
    """Every file under `out` except the top-level entry `skip`, with its size and mtime."""
    found: list[tuple[str, int, int]] = []
    pending = [(out, "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if rel == skip:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((Path(entry.path), rel + "/"))
                else:
                    info = entry.stat(follow_symlinks=False)
                    found.append((rel, info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


def save(path: Path, out: Path, fingerprint: str, report: Any) -> None:
    """Record a finished build: call after its output is in place (the listing is taken now)."""
    skip = path.relative_to(out).parts[0]
    data = dumps((VERSION, fingerprint, listing(out, skip), report))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def unchanged(path: Path, out: Path, fingerprint: str) -> Any | None:
    """The stored report when the manifest matches `fingerprint` and `out` is untouched."""
    try:
        version, stored, files, report = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: not a match
        return None
    if version != VERSION or stored != fingerprint:
        return None
    try:
        current = listing(out, path.relative_to(out).parts[0])
    except OSError:
        return None
    return report if current == files else None
