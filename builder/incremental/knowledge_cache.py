"""The loaded knowledge saved under the output's cache, so a new process skips compiling it."""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from builder.incremental import cache as article_cache
from builder.incremental import keyed_file, patterns
from builder.memory import collector_paused

# bump the digit when the layout changes (2: patterns with their program; 3: the digest)
MAGIC = b"NAKNOW3\n"


def full_key(knowledge_key: str) -> str:
    """The key a saved knowledge is read under: its data files', the builder's code's and the
    regex compiler's (its patterns are saved with their program, see patterns)."""
    code = article_cache.code_fingerprint()
    engine = patterns.compiler_version()
    parts = [("", knowledge_key.encode()), ("", code.encode()), ("", engine.encode())]
    return article_cache.fingerprint_files(parts)


def saved_key(path: Path) -> str | None:
    """The key of the knowledge saved at `path`, None when there is none (or it is damaged)."""
    return keyed_file.saved_key(path, MAGIC)


def read(path: Path, key: str) -> Any | None:
    """The value saved at `path` under `key`; None when the file is missing, saved under
    another key or damaged (the caller then loads the knowledge from its files)."""
    data = keyed_file.read(path, MAGIC, key)
    if data is None:
        return None
    try:
        with collector_paused():  # registries and gazetteer: many objects, none garbage
            return pickle.loads(data)
    except Exception:  # noqa: BLE001 - unpickling can raise almost anything; a miss is right
        return None


def write(path: Path, key: str, value: object) -> None:
    """Save `value` at `path` under `key` (atomically: a reader sees the old file or this)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = patterns.reducers()  # loading skips compiling them (patterns)
    pickler.dump(value)
    keyed_file.write(path, MAGIC, key, buffer.getvalue())
