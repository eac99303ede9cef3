"""Every seeds file with its size and time; a preview's build stats only what changed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from builder.incremental import manifest
from builder.incremental.replaced import replaced
from builder.incremental.manifest import Listing

# Per process: the last listing of each seeds folder listing() took (without a link).
_stats_memo: dict[Path, Listing] = {}


def listing(folder: Path, changed: frozenset[str] | None = None) -> Listing | None:
    """Every file under the seeds folder with its size and mtime; None if any is a link.
    With `changed` (see BuildOptions.changed), the last listing with those files stat'ed
    again, when they are all files it holds; otherwise the folder is walked."""
    known = _stats_memo.pop(folder, None)
    if changed is not None and known is not None:
        found = _restat(folder, known, changed)
        if found is not None:
            _stats_memo[folder] = found
            return found
    found = _walk_stats(folder)
    if found is not None:
        _stats_memo[folder] = found
    return found


def _restat(folder: Path, known: Listing, changed: frozenset[str]) -> Listing | None:
    """`known` with the changed files under `folder` stat'ed again; None if one came or went."""
    top = os.path.abspath(folder) + os.sep
    entries = list(known)
    for path in sorted({os.path.abspath(p) for p in changed}):
        if not path.startswith(top):
            continue
        rel = path[len(top) :].replace(os.sep, "/")
        try:
            info = os.lstat(path)
        except OSError:
            return None  # a file that went
        if not stat.S_ISREG(info.st_mode):
            return None
        if not manifest.put(entries, rel, (rel, info.st_size, info.st_mtime_ns)):
            return None  # a file that came (or one never listed)
    return tuple(entries)


def _walk_stats(folder: Path) -> Listing | None:
    """Every file under `folder` (a stat each); None if any entry is a symbolic link or a
    folder inside it cannot be read, no files if `folder` itself cannot be."""
    try:
        return manifest.walk(folder, links=False)
    except OSError as exc:
        return () if exc.filename == os.fspath(folder) else None


# Per process: the last listing text() spelled, with each entry's repr.
_text_memo: list[tuple[Listing, list[str]]] = []


def text(found: Listing) -> str:
    """repr(found), the listing as the inputs' fingerprint hashes it: the last one's text
    with the entries that are not the very tuples it spelled spelled again (a preview's
    build stats a few files: found by a pass in C), or spelled anew."""
    if not isinstance(found, tuple):
        return repr(found)
    last = _text_memo[0] if _text_memo else None
    parts: list[str] | None = None
    at = replaced(last[0], found) if last is not None and len(found) > 1 else None
    if last is not None and at is not None:
        parts = list(last[1]) if at else last[1]
        for n in at:
            parts[n] = repr(found[n])
    if parts is None:
        parts = list(map(repr, found))
    _text_memo[:] = [(found, parts)]
    return repr(found) if len(found) < 2 else "(" + ", ".join(parts) + ")"
