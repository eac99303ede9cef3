"""One cache file of bytes under a key: magic, key, the payload's digest, the payload.

The payload is given back only whole and as written: a file missing, of another key, cut or
garbled anywhere (one flipped bit in a saved pattern's program would change what it matches)
is a miss, and the caller makes the value again.
"""

from __future__ import annotations

from pathlib import Path

from builder.incremental import cache as article_cache

KEY_SIZE = 64  # hex digits of a key (cache.fingerprint_files), after the magic; then the
# payload's SHA-256, then the payload (cache.framed writes, cache.read_checked reads them)


def saved_key(path: Path, magic: bytes) -> str | None:
    """The key the file at `path` was written under (its first bytes alone read), or None."""
    try:
        with path.open("rb") as f:
            head = f.read(len(magic) + KEY_SIZE)
    except OSError:
        return None
    if len(head) != len(magic) + KEY_SIZE or not head.startswith(magic):
        return None
    return head[len(magic) :].decode("ascii", "replace")


def read(path: Path, magic: bytes, key: str) -> memoryview | None:
    """The payload written at `path` under `key`; None when missing, another key's or damaged."""
    return article_cache.read_checked(path, magic + key.encode("ascii"))


def write(path: Path, magic: bytes, key: str, payload: bytes) -> None:
    """Write `payload` at `path` under `key` (atomically: a reader sees the old file or this)."""
    assert len(key) == KEY_SIZE
    path.parent.mkdir(parents=True, exist_ok=True)
    article_cache.write_atomic(path, article_cache.framed(payload, magic + key.encode("ascii")))
