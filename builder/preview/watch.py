"""Watch the files that feed the site: poll their stamps, coalesce a burst of saves into one call.

Polling (stat every file) needs no platform support and sees edits made in place, by rename
or on network drives. The poll interval adapts to the size of the tree, so a scan costs at
most about a tenth of one core: ~25 ms for a small archive, longer for 10,000 seeds.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

Stamp = tuple[int, int]  # (mtime in ns, size in bytes)
Snapshot = Mapping[str, Stamp]

# Names editors and tools write beside the file being edited; never a reason to rebuild.
_IGNORED_SUFFIXES = (".swp", ".swo", ".swx", ".swpx", "~", ".tmp", ".pyc", ".part", ".crdownload")
_IGNORED_PREFIXES = (".#", ".~lock.")
_IGNORED_NAMES = frozenset({"4913", ".DS_Store", "Thumbs.db"})  # 4913: vim's write probe
_IGNORED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".pytest_cache", ".cache"})


def is_ignored(name: str) -> bool:
    """True for an editor's swap, backup or lock file, which says nothing about the content."""
    return (
        name in _IGNORED_NAMES
        or name.endswith(_IGNORED_SUFFIXES)
        or name.startswith(_IGNORED_PREFIXES)
    )


def scan(roots: Iterable[Path], exclude: Iterable[Path] = ()) -> dict[str, Stamp]:
    """Stamp every file under `roots` (files or folders), skipping the `exclude` folders."""
    excluded = {os.path.abspath(p) for p in exclude}
    stamps: dict[str, Stamp] = {}
    for root in roots:
        top = os.path.abspath(root)
        if os.path.isdir(top):
            _scan_folder(top, excluded, stamps)
        else:
            _stamp(top, stamps)
    return stamps


def _scan_folder(top: str, excluded: set[str], stamps: dict[str, Stamp]) -> None:
    if top in excluded:
        return
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(
            d for d in dirs if d not in _IGNORED_DIRS and os.path.join(folder, d) not in excluded
        )
        for name in files:
            if not is_ignored(name):
                _stamp(os.path.join(folder, name), stamps)


def _stamp(path: str, stamps: dict[str, Stamp]) -> None:
    try:
        info = os.stat(path)
    except OSError:  # absent, or removed between listing and stat
        return
    stamps[path] = (info.st_mtime_ns, info.st_size)


def diff(old: Snapshot, new: Snapshot) -> frozenset[str]:
    """The paths added, removed or modified between two snapshots."""
    changed = {path for path, stamp in new.items() if old.get(path) != stamp}
    return frozenset(changed | (old.keys() - new.keys()))


class Watcher:
    """A thread that polls `scan` and calls `on_change(paths)` once per burst of changes.

    A burst ends when nothing changed for `quiet` seconds (or `longest` seconds after its
    first change, so that a file written continuously still gets built). `on_change` runs on
    the watcher's thread; changes made while it runs are picked up by the next scan.
    """

    def __init__(
        self,
        scan: Callable[[], Snapshot],
        on_change: Callable[[tuple[str, ...]], None],
        *,
        quiet: float = 0.1,
        longest: float = 1.0,
        min_interval: float = 0.025,
        max_interval: float = 1.0,
    ):
        self._scan = scan
        self._on_change = on_change
        self._quiet = quiet
        self._longest = longest
        self._min_interval = min_interval
        self._max_interval = max_interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="builder-watch", daemon=True)
        self._snapshot: Snapshot = {}

    def start(self) -> None:
        """Take the first snapshot (now, so later saves count as changes) and start polling."""
        self._snapshot = self._scan()
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop polling; waits up to `timeout` seconds for a running callback to finish."""
        self._stopping.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _run(self) -> None:
        pending: set[str] = set()
        first = last = 0.0
        interval = self._min_interval
        while not self._stopping.wait(interval):
            started = time.monotonic()
            fresh = self._scan()
            now = time.monotonic()
            changes = diff(self._snapshot, fresh)
            self._snapshot = fresh
            if changes:
                first = first if pending else now
                last = now
                pending |= changes
            if pending and (now - last >= self._quiet or now - first >= self._longest):
                burst, pending = tuple(sorted(pending)), set()
                self._on_change(burst)
            interval = self._next_interval(now - started, bool(pending))

    def _next_interval(self, scan_seconds: float, busy: bool) -> float:
        """Poll fast while a burst is open; otherwise keep scanning under ~10% of a core."""
        if busy:
            return self._min_interval
        return min(self._max_interval, max(self._min_interval, scan_seconds * 10))
