"""Search records kept by shard, so that a shard indexed again does not read its pages again.

A page's search record is a function of its output path and bytes (builder.search.records),
so a record kept with the digest of the bytes it was made from (sha256, as the manifest and
the shards' names take it) is that page's record while the page has that digest. One file per
shard, `<count>-<number>` (the shard's place among `count` shards): each indexed page's
(digest, record as records.dumps wrote it). A one-edit build indexes one shard again and
reads back, from the output, only the pages whose digest is not the kept record's.

A file is a keyed_file under the digest of `version` (the indexer's code digest and exclude
selectors), holding a pickle of the entries; a file of other code, garbled or cut, gives no
records: the pages are then read, as without it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Mapping
from pathlib import Path

from builder.diagnostics import Diagnostic, warning
from builder.incremental import keyed_file

MAGIC = b"NARECORDS2"
NOT_A_FOLDER = "a file, not a folder: removed, and the search records kept again"
NOT_KEPT_HINT = "the next build reads the pages back to index them"
Entries = dict[str, tuple[bytes, bytes]]  # output path -> (page digest, dumped record)


def name(count: int, number: int) -> str:
    """The file of shard `number` of `count`."""
    return f"{count}-{number}"


def load(folder: Path, count: int, number: int, version: str) -> Entries:
    """The records kept for the shard in `folder` under `version`; none if there are none
    (or the file is another version's, garbled or cut)."""
    data = keyed_file.read(folder / name(count, number), MAGIC, _key(version))
    if data is None:
        return {}
    try:
        entries = pickle.loads(data)
    except Exception:  # noqa: BLE001 - the digest matched, but be safe: no records
        return {}
    return entries if isinstance(entries, dict) else {}


def save(folder: Path, count: int, number: int, version: str, entries: Entries) -> None:
    """Keep the shard's records in `folder` (written aside, then renamed in)."""
    payload = pickle.dumps(entries, protocol=5)
    keyed_file.write(folder / name(count, number), MAGIC, _key(version), payload)


def _key(version: str) -> str:
    """keyed_file's key for `version`: its SHA-256 in hex."""
    return hashlib.sha256(version.encode("utf-8")).hexdigest()


def adopt(staged: Path, folder: Path) -> tuple[Diagnostic, ...]:
    """Move the record files in `staged` (a build's, made beside the output) into `folder`,
    and remove from it the files of another shard count (no page is in those shards now).
    A file where the folder goes is replaced by the folder; a failure keeps no records (the
    next build reads its pages back): each is a warning, never a failed build."""
    try:
        made = sorted(p.name for p in staged.iterdir() if not p.name.startswith("."))
    except OSError:
        return ()
    if not made:
        return ()
    found: list[Diagnostic] = []
    try:
        if folder.exists() and not folder.is_dir():
            found.append(warning(str(folder), 0, NOT_A_FOLDER))
            folder.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        for file in made:
            os.replace(staged / file, folder / file)
        counts = {file.split("-", 1)[0] for file in made}
        for old in folder.iterdir():
            if old.name.split("-", 1)[0] not in counts:
                old.unlink(missing_ok=True)
    except OSError as exc:
        reason = f"search records not kept: {exc.strerror or exc}"
        found.append(warning(str(folder), 0, reason, NOT_KEPT_HINT))
    return tuple(found)


def kept(
    entries: Mapping[str, tuple[bytes, bytes]], rel: str, digest: bytes | None
) -> bytes | None:
    """The dumped record kept for page `rel` when the page's digest is `digest`."""
    found = entries.get(rel)
    return found[1] if found is not None and digest is not None and found[0] == digest else None
