"""An on-disk cache of per-article results, keyed by a content hash of everything they depend on.

A key is the SHA-256 of: the builder's code version, the knowledge fingerprint (every data YAML
file in load order), the seed's project-relative path, the seed's bytes and its sidecar's bytes.
Change any of them and the key changes, so a stale entry is never read; it is simply not used
again and `prune` removes it after the next build.

Entries are files `<root>/<key[:2]>/<key>` holding a magic header, the SHA-256 of the payload and
the payload (pickle protocol 5, with dataclasses rebuilt through their constructor, which loads
about three times faster than the default frozen-dataclass __setstate__). Writes are atomic
(temp file + os.replace); a truncated, garbled or unreadable entry is a miss, never a crash.
The cache lives inside the output folder (for example `<out>/.cache/articles/`), so nothing is
written outside it. An entry may have a summary (the same value cut down, see
builder.assemble.summary) at `<root>/summaries/<key[:2]>/<key>`, moved, removed and pruned
with it. A summary's payload opens with the header and the size of the entry it was cut from,
and is given back only while the entry on disk has that header and size (its first bytes read,
not its whole payload): a missing, replaced, truncated or extended entry
means no summary. The entry's payload itself is checked against its digest, as always, when
get() reads it, before it is unpickled.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")

MAGIC = b"NACACHE1"  # bump the digit when the entry layout changes
_DIGEST_SIZE = 32
_HEADER_SIZE = len(MAGIC) + _DIGEST_SIZE
_BOUND_SIZE = _HEADER_SIZE + 8  # a summary's record of its entry: header and size
SUMMARIES = "summaries"  # under the root: entries of the same values cut down, by the same keys
BUILDER_PACKAGE = Path(__file__).resolve().parent.parent
_KEY = re.compile("[0-9a-f]{64}")  # a cache key: 64 lowercase hex digits


# --- Fingerprints --------------------------------------------------------------------------


def _hash_parts(parts: Iterable[bytes]) -> str:
    """SHA-256 of length-prefixed parts, so that no two different sequences hash alike."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def fingerprint_files(files: Iterable[tuple[str, bytes]]) -> str:
    """Fingerprint of named byte strings in the given order (names and order both count)."""
    parts: list[bytes] = []
    for name, data in files:
        parts += [name.encode("utf-8"), data]
    return _hash_parts(parts)


def knowledge_files(dirs: Sequence[Path]) -> tuple[Path, ...]:
    """Every data file (YAML, or TSV for the generated gazetteer tail) the knowledge loaders
    may read: directory order, then name order."""
    found: list[Path] = []
    for folder in dirs:
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".tsv"))
    return tuple(found)


def fingerprint_knowledge(paths: Sequence[Path]) -> str:
    """Fingerprint of the knowledge: each data file's name and bytes, in load order."""
    return fingerprint_files((p.name, p.read_bytes()) for p in paths)


@cache
def code_fingerprint(package: Path = BUILDER_PACKAGE) -> str:
    """Fingerprint of the builder's source (every .py under the package) and Python version.

    Computed once per process: the code cannot change under a running build.
    """
    sources = sorted(package.rglob("*.py"))
    version = f"python {sys.version_info.major}.{sys.version_info.minor}".encode()
    files = [(p.relative_to(package).as_posix(), p.read_bytes()) for p in sources]
    return fingerprint_files([("", version), *files])


def article_key(
    *, code: str, knowledge: str, source_file: str, seed: bytes, sidecar: bytes | None
) -> str:
    """The cache key of one article's result: a hash of everything that result depends on.

    source_file is the seed's project-relative path (it is part of the Document);
    sidecar is None when the article has no sidecar (distinct from an empty sidecar).
    """
    has_sidecar = b"1" if sidecar is not None else b"0"
    parts = (code, knowledge, source_file)
    return _hash_parts([*(s.encode("utf-8") for s in parts), seed, has_sidecar, sidecar or b""])


# --- Serialisation ------------------------------------------------------------------------


# What a reducer returns (see copyreg): a global's name, or (callable, arguments[, state])
_Reduced = str | tuple[Any, ...]


class _Reducers(dict[type, Callable[[Any], _Reduced]]):
    """A pickler dispatch table: copyreg's, plus `cls(*fields)` for every dataclass whose
    fields are all constructor arguments (built on first use)."""

    def __missing__(self, cls: type) -> Callable[[Any], _Reduced]:
        if not dataclasses.is_dataclass(cls):
            raise KeyError(cls)
        fields = dataclasses.fields(cls)
        if not fields or not all(f.init for f in fields):
            raise KeyError(cls)
        get = attrgetter(*(f.name for f in fields))
        if len(fields) == 1:

            def reducer(obj: Any) -> tuple[Any, ...]:
                return cls, (get(obj),)
        else:

            def reducer(obj: Any) -> tuple[Any, ...]:
                return cls, get(obj)

        self[cls] = reducer
        return reducer


_REDUCERS = _Reducers(copyreg.dispatch_table)


def dumps(value: object) -> bytes:
    """Pickle protocol 5 with the dataclass reducers; read back with pickle.loads."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = _REDUCERS
    pickler.dump(value)
    return buffer.getvalue()


# --- The store -----------------------------------------------------------------------------


class ArticleCache(Generic[T]):
    """A folder of pickled values by key; remembers which keys this build used, for pruning."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root = os.fspath(root)  # keys' paths joined as strings: a new process asks twice
        # for every held result's entry (10,000 at 10k); a Path cost ~4 us of a question's
        # ~10-15 us of CPU, the stat included (benchmarks/README.md, session 16)
        self.used: set[str] = set()
        self._folders: set[Path] = set()  # made by this object: not asked for again
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return Path(self._where(key))

    def _where(self, key: str) -> str:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a cache key (64 lowercase hex digits): {key!r}")
        return os.path.join(self._root, key[:2], key)

    def entry_size(self, key: str) -> int:
        """The size of the entry stored under key (OSError: none; ValueError: not a key)."""
        return os.stat(self._where(key)).st_size

    def __contains__(self, key: str) -> bool:
        """Whether an entry is stored under key (not whether it is readable)."""
        return os.path.isfile(self._where(key))

    def get(self, key: str) -> T | None:
        """The value stored under key, or None when absent or unreadable (a miss)."""
        path = self._path(key)
        self.used.add(key)
        value = _read_entry(path)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        return cast(T, value)

    def put(self, key: str, value: T) -> None:
        """Store value under key atomically; a concurrent reader sees the old entry or the new."""
        self.put_payload(key, dumps(value))

    def put_payload(self, key: str, payload: bytes, summary: bytes | None = None) -> None:
        """put() for a value already serialised with dumps() (as worker processes send them);
        `summary`, serialised likewise, is stored beside it for get_summary()."""
        path = self._path(key)
        self.used.add(key)
        self._folder(path)
        entry = _entry(payload)
        if summary is not None:
            brief = self._summary_path(key)
            self._folder(brief)
            write_atomic(brief, _entry(_bound(entry) + summary))
        write_atomic(path, entry)

    def get_summary(self, key: str) -> T | None:
        """The summary stored beside the value under key, or None (then ask get()). Only while
        the entry on disk is the one the summary was cut from (same header, so same digest,
        and same size; its payload is not read): whoever holds a summary may need the whole
        value back."""
        self.used.add(key)
        brief = _payload(self._summary_path(key))
        if brief is None or bytes(brief[:_BOUND_SIZE]) != _head(self._path(key)):
            return None
        return _unpickled(brief[_BOUND_SIZE:])  # type: ignore[return-value]

    def _summary_path(self, key: str) -> Path:
        return self.root / SUMMARIES / self._path(key).relative_to(self.root)

    def remove(self, key: str) -> None:
        """Delete the entry under key and its summary (either may be missing)."""
        _unlink_quietly(self._summary_path(key))
        _unlink_quietly(self._path(key))

    def move(self, key: str, into: ArticleCache[T]) -> None:
        """Move the entry under key, with its summary if any, into another cache's folder."""
        moves = [(self._path(key), into._path(key))]
        if self._summary_path(key).is_file():
            moves.insert(0, (self._summary_path(key), into._summary_path(key)))
        for source, target in moves:
            into._folder(target)
            os.replace(source, target)

    def _folder(self, path: Path) -> None:
        """Make the folder `path` goes in, unless this object made it before (a build puts
        or moves thousands of entries into 512 folders: mkdir(exist_ok=True) on a folder
        that exists cost ~48 us of waiting, ~6 us of CPU, on this machine under load)."""
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)

    def keys(self) -> set[str]:
        """Every key stored on disk."""
        if not self.root.is_dir():
            return set()
        return {p.name for p in self.root.glob("??/*") if len(p.name) == 64}

    def prune(self, keep: Iterable[str] | None = None) -> int:
        """Delete every entry (and stray temp file) not in keep (default: the keys used by this
        build); returns how many entries were removed."""
        keep_set = self.used if keep is None else set(keep)
        self._folders.clear()  # an emptied shard folder is removed
        removed = _prune(self.root, keep_set)
        _prune(self.root / SUMMARIES, keep_set)
        _rmdir_if_empty(self.root / SUMMARIES)
        return removed


def _prune(root: Path, keep: set[str]) -> int:
    """Delete the entries under root's shard folders whose names are not in keep."""
    removed = 0
    if not root.is_dir():
        return 0
    for shard in root.iterdir():
        if not shard.is_dir() or shard.name == SUMMARIES:
            continue
        entries = list(shard.iterdir())
        gone = [entry for entry in entries if entry.name not in keep]
        for entry in gone:
            _unlink_quietly(entry)
            removed += len(entry.name) == 64
        # Only a folder this pass emptied (or found empty) can be removed: trying each of
        # the 256 (a failed rmdir each) cost ~0.06 s of a one-edit build.
        if len(gone) == len(entries):
            _rmdir_if_empty(shard)
    return removed


def _entry(payload: bytes) -> bytes:
    return framed(payload, MAGIC)


def _payload(path: Path) -> memoryview | None:
    """An entry's payload, or None when it is missing, truncated or garbled."""
    return read_checked(path, MAGIC)


def framed(payload: bytes, head: bytes) -> bytes:
    """`head`, the payload's SHA-256, the payload: what checked_payload reads back (the
    article cache's entries, whose head is MAGIC, and keyed_file's files, magic and key)."""
    return head + hashlib.sha256(payload).digest() + payload


def read_checked(path: Path, head: bytes) -> memoryview | None:
    """checked_payload of the file at `path`; None when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return checked_payload(data, head)


def checked_payload(data: bytes, head: bytes) -> memoryview | None:
    """What follows `head` and its SHA-256 in `data`, when `data` opens with `head` and the
    digest holds (the article cache's entries, and keyed_file's files, whose head holds a key);
    None when the data is cut, another head's or garbled anywhere."""
    start = len(head) + _DIGEST_SIZE
    if len(data) < start or not data.startswith(head):
        return None
    payload = memoryview(data)[start:]
    if hashlib.sha256(payload).digest() != data[len(head) : start]:
        return None
    return payload


def _bound(entry: bytes) -> bytes:
    """What a summary records of its entry: the entry's header (magic and digest) and size."""
    return entry[:_HEADER_SIZE] + len(entry).to_bytes(8, "little")


def _head(path: Path) -> bytes | None:
    """_bound() of the entry at path, reading only its header; None when it cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read(_HEADER_SIZE) + os.fstat(f.fileno()).st_size.to_bytes(8, "little")
    except OSError:
        return None


def _read_entry(path: Path) -> object | None:
    payload = _payload(path)
    return None if payload is None else _unpickled(payload)


def _unpickled(payload: memoryview) -> object | None:
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - unpickling can raise almost anything; a miss is right
        return None


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(Path(tmp))
        raise


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _rmdir_if_empty(path: Path) -> None:
    try:
        path.rmdir()
    except OSError:
        pass
