"""The last build's manifest: a fingerprint of its inputs, a listing of its output, its report.

A build whose inputs hash to the same fingerprint, over an output folder still exactly as that
build left it (every file's path, size and modification time), would write the same bytes: it
can return the stored report instead of loading, annotating and rendering anything.
"""

from __future__ import annotations

import bisect
import operator
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from builder.incremental.cache import dumps
from builder.memory import collector_paused

VERSION = 4  # bump when the stored layout changes; an unknown layout is simply not used
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
    found = walk(out, skip)
    assert found is not None  # links are listed as files, never refused
    return found


def walk(folder: Path, skip: str = "", links: bool = True) -> Listing | None:
    """Every file under `folder` except the top-level entry `skip`, with its size and mtime
    (a stat each). A symbolic link is listed as a file of its own, or with links=False makes
    the answer None. OSError when a folder cannot be read."""
    found: list[tuple[str, int, int]] = []
    pending = [(os.fspath(folder), "")]  # strings, not Paths: a site has ~2 folders an article
    while pending:
        current, prefix = pending.pop()
        with os.scandir(current) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if rel == skip:
                    continue
                if not links and entry.is_symlink():
                    return None
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, rel + "/"))
                else:
                    info = entry.stat(follow_symlinks=False)
                    found.append((rel, info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


@dataclass(frozen=True, slots=True)
class Manifest:
    """A finished build: its inputs' fingerprint, its output listing, its report, a key
    for each page that can be reused by a later build (output path -> what it depends on),
    and which pages it gave the search indexer (marked for it, and every HTML document)."""

    fingerprint: str
    files: Listing
    report: Any
    pages: dict[str, str]
    marked: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    digests: dict[str, bytes] = field(default_factory=dict)  # indexed page -> its bytes' hash
    trusted: bool = False  # this process wrote it and trusts the folder to be as it left it

    def reusable(self, rel: str, key: str, out: Path) -> bool:
        """Whether `out/rel` is still the file this build wrote for `key` (trusted: whether
        this build wrote it for `key`)."""
        if self.pages.get(rel) != key:
            return False
        if self.trusted:
            return True
        try:
            info = (out / rel).stat()
        except OSError:
            return False
        n = bisect.bisect_left(self.files, (rel,))
        found = self.files[n] if n < len(self.files) else None
        return found == (rel, info.st_size, info.st_mtime_ns)


def patched(previous: Listing, out: Path, touched: list[str], removed: list[str]) -> Listing:
    """The listing of `out` after a build that wrote (or compared) only the `touched` files
    and deleted the `removed` ones, from the listing taken before it: a stat per touched
    file instead of one per file of the site."""
    entries = list(previous)  # sorted: each change is a bisection and a splice, not a sort
    for rel in removed:
        put(entries, rel, None)
    for rel in touched:
        try:
            info = os.stat(os.path.join(out, rel))
        except OSError:
            put(entries, rel, None)
            continue
        put(entries, rel, (rel, info.st_size, info.st_mtime_ns))
    return tuple(entries)


def names(entries: Listing, leave: Sequence[str] = ()) -> list[str]:
    """The paths of a listing, but those under the top-level folders `leave` (each a run of
    the sorted listing, cut out by bisection: no look at each of its paths)."""
    runs = sorted(
        (bisect.bisect_left(entries, (f"{top}/",)), bisect.bisect_left(entries, (f"{top}0",)))
        for top in leave  # '0' is the character after '/'
    )
    found: list[str] = []
    start = 0
    for begin, end in runs:
        found += map(operator.itemgetter(0), entries[start:begin])
        start = max(start, end)
    found += map(operator.itemgetter(0), entries[start:])
    return found


def put(entries: list[tuple[str, int, int]], rel: str, entry: tuple[str, int, int] | None) -> bool:
    """Set (or with None, remove) the entry of `rel` in sorted `entries`; whether it had one."""
    n = bisect.bisect_left(entries, (rel,))
    there = n < len(entries) and entries[n][0] == rel
    if entry is None:
        if there:
            del entries[n]
    elif there:
        entries[n] = entry
    else:
        entries.insert(n, entry)
    return there


def save(
    path: Path,
    out: Path,
    fingerprint: str,
    report: Any,
    pages: dict[str, str],
    searchable: Any = None,
    files: Listing | None = None,
    digests: dict[str, bytes] | None = None,
) -> None:
    """Record a finished build: call after its output is in place (the listing is taken now,
    unless `files` gives it). `searchable` has the `marked` and `documents` page lists the
    search indexer was given."""
    skip = path.relative_to(out).parts[0]
    marked = frozenset(searchable.marked) if searchable is not None else frozenset()
    documents = frozenset(searchable.documents) if searchable is not None else frozenset()
    files = listing(out, skip) if files is None else files
    found = Manifest(fingerprint, files, report, pages, marked, documents, digests or {})
    data = dumps((VERSION, found))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    info = path.stat()
    _written.clear()
    _written[path] = ((info.st_size, info.st_mtime_ns, info.st_ino), found)


# Per process: the manifest this process last wrote, with its file's size, time and inode.
_written: dict[Path, tuple[tuple[int, int, int], Manifest]] = {}


def load(path: Path, trust: bool = False) -> Manifest | None:
    """The manifest stored at `path`, or None (missing, truncated, foreign or older). With
    `trust`, the one this process wrote there last, while the file is as it was written, is
    returned without reading it and marked trusted (see Manifest.reusable)."""
    kept = _written.get(path)
    if trust and kept is not None:
        try:
            info = path.stat()
        except OSError:
            info = None
        if info is not None and (info.st_size, info.st_mtime_ns, info.st_ino) == kept[0]:
            return replace(kept[1], trusted=True)
    try:
        with collector_paused():  # tens of thousands of listing rows, none of them garbage
            version, found = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: no manifest
        return None
    return found if version == VERSION and isinstance(found, Manifest) else None


def as_left(found: Manifest | None, out: Path, skip: str) -> Manifest | None:
    """`found` marked trusted when `out` holds exactly the files it lists, each with the size
    and time it lists (one walk of the folder instead of a stat per file the build reuses,
    and the stale files found from the listing); else `found` as it is."""
    if found is None or found.trusted:
        return found
    try:
        current = listing(out, skip)
    except OSError:
        return found
    return replace(found, trusted=True) if current == found.files else found


def unchanged(found: Manifest | None, out: Path, fingerprint: str, skip: str) -> Any | None:
    """The stored report when the manifest matches `fingerprint` and `out` is untouched."""
    if found is None or found.fingerprint != fingerprint:
        return None
    try:
        current = listing(out, skip)
    except OSError:
        return None
    return found.report if current == found.files else None
