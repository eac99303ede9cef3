"""The loaded knowledge saved under the output's cache, so a new process skips compiling it."""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from builder.incremental import cache as article_cache
from builder.incremental import patterns
from builder.memory import collector_paused

MAGIC = b"NAKNOW2\n"  # bump the digit when the layout changes (2: patterns with their program)
_KEY_SIZE = 64  # hex digits of the key, after the magic


def full_key(knowledge_key: str) -> str:
    """The key a saved knowledge is read under: its data files' and the builder's code's."""
    code = article_cache.code_fingerprint()
    return article_cache.fingerprint_files([("", knowledge_key.encode()), ("", code.encode())])


def saved_key(path: Path) -> str | None:
    """The key of the knowledge saved at `path`, None when there is none (or it is damaged)."""
    try:
        with path.open("rb") as f:
            head = f.read(len(MAGIC) + _KEY_SIZE)
    except OSError:
        return None
    if len(head) != len(MAGIC) + _KEY_SIZE or not head.startswith(MAGIC):
        return None
    return head[len(MAGIC):].decode("ascii", "replace")


def read(path: Path, key: str) -> Any | None:
    """The value saved at `path` under `key`; None when the file is missing, saved under
    another key or damaged (the caller then loads the knowledge from its files)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = MAGIC + key.encode("ascii")
    if not data.startswith(head):
        return None
    try:
        with collector_paused():  # registries and gazetteer: many objects, none garbage
            return pickle.loads(memoryview(data)[len(head):])
    except Exception:  # noqa: BLE001 - unpickling can raise almost anything; a miss is right
        return None


def write(path: Path, key: str, value: object) -> None:
    """Save `value` at `path` under `key` (atomically: a reader sees the old file or this)."""
    assert len(key) == _KEY_SIZE
    buffer = io.BytesIO()
    buffer.write(MAGIC + key.encode("ascii"))
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = patterns.reducers()  # loading skips compiling them (patterns)
    pickler.dump(value)
    data = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    article_cache.write_atomic(path, data)
