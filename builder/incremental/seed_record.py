"""The last build's seed keys by file size and times: a new process need not read unchanged seeds.

A new process's build would read and hash every seed to find its article cache key (0.8 s of
CPU at 10,000 articles) although an edit changes one. As make and Hugo judge a file, a seed
whose size, modification and change times and inode are those the last build saw has the key
that build gave it. The record (`<out>/.cache/seeds`) holds them, with when that build
looked. A file changed in the same tick of the file system's clock as that look, with the
same size, would keep its times: a seed whose times are within a margin of the look (or
after it) is therefore always read. The margin is MARGIN_NS on a file system that keeps
whole seconds (no time has a fraction: FAT, HFS+, ext3), FINE_MARGIN_NS on one that keeps
finer times (its clock ticks every few milliseconds), so that a corpus written just before
a build is not read again by the next. What is left, as for the no-change check (which
compares sizes and modification times only): an edit that keeps a seed's size and all its
times, which only a change of the clock itself can make, is not seen. A seed is left
unread only when its result is at hand (the kept state's, see state.resume), so that it is
never to be processed; any other seed, and every seed when the record is missing, damaged
or of other code, knowledge or folders (or the state is: no result is then at hand), is
read and hashed as before.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path

from builder.incremental import cache as article_cache
from builder.read.seeds import Signature, signature_times

VERSION = 1  # bump when the stored layout changes: an older record is then not used
MARGIN_NS = 5 * 10**9  # a seed whose times are this close to the last look is always read
FINE_MARGIN_NS = 10**8  # the same, on a file system whose times are finer than a second

Name = tuple[str, str | None]  # a seed's shown path and its sidecar's


@dataclass(frozen=True, slots=True)
class Record:
    """What one build saw of each seed: its signature and key, and when it looked."""

    context: str  # the code, knowledge, stages and folders the keys hold for (see context())
    looked_ns: int  # the wall clock before the first seed was stat'ed
    seen: dict[Name, tuple[Signature, str]]


def context(*parts: str) -> str:
    """A record's context from what its keys depend on besides the seeds."""
    return article_cache.fingerprint_files([("", p.encode("utf-8")) for p in parts])


@dataclass(frozen=True, slots=True)
class Unread:
    """The question read_seeds asks of each seed (may it stay unread?), from the last record
    and the results at hand; it notes every signature it is shown, for the next record."""

    context: str  # what the last record was loaded for and the next is saved for
    last: Record | None
    at_hand: Container[str]  # the keys whose results this process holds
    looked_ns: int = field(default_factory=time.time_ns)
    seen: dict[Name, Signature] = field(default_factory=dict)
    keys: dict[Name, str] = field(default_factory=dict)  # of the seeds left unread

    def __call__(self, path: str, sidecar: str | None, signature: Signature) -> bool:
        name = (path, sidecar)
        self.seen[name] = signature
        if self.last is None:
            return False
        known = self.last.seen.get(name)
        if known is None or known[0] != signature or known[1] not in self.at_hand:
            return False
        if not _settled(signature, self.last.looked_ns):
            return False
        self.keys[name] = known[1]
        return True


def _settled(signature: Signature, looked_ns: int) -> bool:
    """Whether every time in `signature` is older than the look by the margin of its file
    system (a later change of the file, however small, then gives it other times)."""
    times = signature_times(signature)
    return bool(times) and max(times) < looked_ns - _margin(times)


def _margin(times: tuple[int, ...]) -> int:
    """FINE_MARGIN_NS when a time shows the file system keeps fractions of a second (one
    that keeps whole seconds shows none), else MARGIN_NS."""
    fine = any(t % 10**9 for t in times)
    return FINE_MARGIN_NS if fine else MARGIN_NS


def load(path: Path, expected: str) -> Record | None:
    """The record at `path` when made for `expected` (see context()); None otherwise."""
    try:
        version, found = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: no record
        return None
    if version != VERSION or not isinstance(found, Record) or found.context != expected:
        return None
    return found


def save(path: Path, unread: Unread, keys: dict[str, str]) -> None:
    """Record the seeds `unread` was shown with their keys (`keys`: by shown path), atomically."""
    seen = {
        name: (signature, keys[name[0]])
        for name, signature in unread.seen.items()
        if name[0] in keys
    }
    data = pickle.dumps((VERSION, Record(unread.context, unread.looked_ns, seen)), protocol=5)
    path.parent.mkdir(parents=True, exist_ok=True)
    article_cache.write_atomic(path, data)
