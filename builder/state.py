"""What a build keeps in memory for the next one, saved in the output's cache for a new process.

A preview rebuilds in one process: its next build takes the last one's results, assembled
Site, listing cuts, page keys and encoded records from per-process memos (each keyed by the
identity of the frozen objects it was made from) and updates them for what changed. A CLI
build starts with none of them and pays for loading 10,000 article summaries one file at a
time, assembling them and building every listing's views again. save() writes those memos
into one file (one pickle, so the objects they share stay shared and identity-keyed memos
are keyed again by the loaded objects); resume() loads it into a process that holds none,
and the build then takes the same path as the preview's next build.

The state is only ever a hint that the build checks: results are taken while the article
cache holds them, and pages while the last build's manifest lists them as they are on disk.
It is used only under the same code, knowledge, settings and templates (`key`) and together
with the manifest the same build saved (`fingerprint`); a missing, truncated, garbled,
foreign or stale file is ignored, and the build takes the full path.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from builder import cache as article_cache

MAGIC = b"NASTATE1"  # bump the digit when the layout changes: an older file is then ignored
_CHECK = 4  # bytes of the payload's CRC-32, after the magic


@dataclass(frozen=True, slots=True)
class Memo:
    """One per-process memo: a dict at `module.name`, and how its keys are made (`by`)."""

    module: str
    name: str
    # "value": keys are plain values; "id": a key is id(value[0]), or (kind, id(value[0]));
    # "id inside": a dict of such dicts (by a settings string, say); "id second": a dict of
    # pairs whose second item is such a dict.
    by: str

    def target(self) -> dict[Any, Any]:
        return getattr(_module(self.module), self.name)  # type: ignore[no-any-return]


# Every memo a build fills for the next one of its process (and that a new process can be
# given): results and Site (builder.build), article page keys and listing pages' parts
# (builder.build), listing cuts (builder.render), encoded archive records (builder.export),
# and the objects summaries share (builder.summary).
MEMOS = (
    Memo("builder.build", "_processed_memo", "value"),
    Memo("builder.build", "_site_memo", "value"),
    Memo("builder.build", "_plan_memo", "id second"),
    Memo("builder.build", "_entry_memo", "id inside"),
    Memo("builder.build", "_page_memo", "value"),
    Memo("builder.render", "_cuts", "id"),
    Memo("builder.export", "_records", "id"),
    Memo("builder.summary", "_SOURCES", "value"),
)


def _module(name: str) -> ModuleType:
    import importlib

    return importlib.import_module(name)


@dataclass(frozen=True, slots=True)
class State:
    """The memos of one finished build, with what they are valid for."""

    key: str  # code, knowledge, settings and templates (see key())
    fingerprint: str  # the inputs fingerprint of the build that saved it (its manifest's)
    memos: tuple[Any, ...]  # each of MEMOS in a form without identity keys (see _pack)


def key(*parts: str) -> str:
    """A state's key from what its memos depend on (code, knowledge, settings, templates)."""
    return article_cache.fingerprint_files([("", p.encode("utf-8")) for p in parts])


def is_cold() -> bool:
    """Whether this process holds no results of an earlier build (a new process)."""
    return not Memo("builder.build", "_processed_memo", "value").target()


def save(path: Path, state_key: str, fingerprint: str) -> None:
    """Write this process's memos to `path` atomically (a reader sees the old file or the
    new), streamed: the pickle is never held in memory whole."""
    state = State(state_key, fingerprint, tuple(_pack(m) for m in MEMOS))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-state-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            raw.write(MAGIC + bytes(_CHECK))
            checked = _Checked(raw)
            pickler = pickle.Pickler(checked, protocol=5)
            pickler.dispatch_table = article_cache._REDUCERS
            pickler.dump(state)
            raw.seek(len(MAGIC))
            raw.write(checked.crc.to_bytes(_CHECK, "little"))
        os.replace(tmp, path)
    except BaseException:
        _unlink(Path(tmp))
        raise


def resume(path: Path, state_key: str, fingerprint: str | None) -> bool:
    """Load the state at `path` into this process's memos when it was saved for `state_key`
    by the build whose manifest has `fingerprint`; False (nothing loaded) otherwise."""
    if fingerprint is None:
        return False
    found = load(path)
    if found is None or found.key != state_key or found.fingerprint != fingerprint:
        return False
    if len(found.memos) != len(MEMOS):
        return False
    for memo, packed in zip(MEMOS, found.memos):
        target = memo.target()
        target.clear()
        target.update(_unpack(memo, packed))
    return True


def load(path: Path) -> State | None:
    """The state stored at `path`, or None (missing, truncated, garbled or foreign)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + _CHECK
    if len(data) < head or not data.startswith(MAGIC):
        return None
    payload = memoryview(data)[head:]
    if zlib.crc32(payload) != int.from_bytes(data[len(MAGIC) : head], "little"):
        return None
    try:
        found = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - unpickling can raise almost anything: no state
        return None
    return found if isinstance(found, State) else None


def forget() -> None:
    """Empty every memo a state holds, as in a new process (for tests)."""
    for memo in MEMOS:
        memo.target().clear()


def _pack(memo: Memo) -> Any:
    """A memo as something whose meaning survives pickling: an identity-keyed dict becomes
    the list of its items with the identity replaced by None (made again on loading)."""
    found = memo.target()
    if memo.by == "id":
        return _ids_out(found)
    if memo.by == "id inside":
        return {k: _ids_out(inner) for k, inner in found.items()}
    if memo.by == "id second":
        return {k: (first, _ids_out(inner)) for k, (first, inner) in found.items()}
    return dict(found)


def _unpack(memo: Memo, packed: Any) -> dict[Any, Any]:
    if memo.by == "id":
        return _ids_in(packed)
    if memo.by == "id inside":
        return {k: _ids_in(inner) for k, inner in packed.items()}
    if memo.by == "id second":
        return {k: (first, _ids_in(inner)) for k, (first, inner) in packed.items()}
    return dict(packed)


def _ids_out(found: dict[Any, Any]) -> list[tuple[Any, Any]]:
    """Items keyed by id(value[0]) or (kind, id(value[0])): the key's kind, or None."""
    return [(k[0] if isinstance(k, tuple) else None, v) for k, v in found.items()]


def _ids_in(items: list[tuple[Any, Any]]) -> dict[Any, Any]:
    return {(id(v[0]) if kind is None else (kind, id(v[0]))): v for kind, v in items}


class _Checked:
    """A binary file that keeps the CRC-32 of what is written through it."""

    def __init__(self, raw: Any) -> None:
        self.raw, self.crc = raw, 0
        self.write: Callable[[Any], int] = self._write

    def _write(self, data: Any) -> int:
        self.crc = zlib.crc32(data, self.crc)
        return self.raw.write(data)  # type: ignore[no-any-return]


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
