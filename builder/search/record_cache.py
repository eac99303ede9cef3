"""Search records kept by shard, so that a shard indexed again does not read its pages again.

A page's search record is a function of its output path and bytes (builder.search.records),
so a record kept with the digest of the bytes it was made from (sha256, as the manifest and
the shards' names take it) is that page's record while the page has that digest. One file per
shard, `<count>-<number>` (the shard's place among `count` shards): each indexed page's
(digest, record as records.dumps wrote it). A one-edit build indexes one shard again and
reads back, from the output, only the pages whose digest is not the kept record's.

A file holds MAGIC, the sha256 of the rest, then a pickle of (version, entries); a file of
other code (`version`: the indexer's code digest and exclude selectors), garbled or cut,
gives no records: the pages are then read, as without it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Mapping
from pathlib import Path

MAGIC = b"NARECORDS1"
Entries = dict[str, tuple[bytes, bytes]]  # output path -> (page digest, dumped record)


def name(count: int, number: int) -> str:
    """The file of shard `number` of `count`."""
    return f"{count}-{number}"


def load(folder: Path, count: int, number: int, version: str) -> Entries:
    """The records kept for the shard in `folder` under `version`; none if there are none
    (or the file is another version's, garbled or cut)."""
    try:
        data = (folder / name(count, number)).read_bytes()
    except OSError:
        return {}
    head = len(MAGIC) + 32
    if (
        not data.startswith(MAGIC)
        or hashlib.sha256(data[head:]).digest() != data[len(MAGIC) : head]
    ):
        return {}
    try:
        found_version, entries = pickle.loads(data[head:])
    except Exception:  # noqa: BLE001 - the digest matched, but be safe: no records
        return {}
    if found_version != version or not isinstance(entries, dict):
        return {}
    return entries


def save(folder: Path, count: int, number: int, version: str, entries: Entries) -> None:
    """Keep the shard's records in `folder` (written aside, then renamed in)."""
    body = pickle.dumps((version, entries), protocol=5)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + hashlib.sha256(body).digest() + body)
        os.replace(tmp, folder / name(count, number))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def adopt(staged: Path, folder: Path) -> None:
    """Move the record files in `staged` (a build's, made beside the output) into `folder`,
    and remove from it the files of another shard count (no page is in those shards now)."""
    try:
        made = sorted(p.name for p in staged.iterdir() if not p.name.startswith("."))
    except OSError:
        return
    if not made:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for file in made:
        os.replace(staged / file, folder / file)
    counts = {file.split("-", 1)[0] for file in made}
    for old in folder.iterdir():
        if old.name.split("-", 1)[0] not in counts:
            old.unlink(missing_ok=True)


def kept(
    entries: Mapping[str, tuple[bytes, bytes]], rel: str, digest: bytes | None
) -> bytes | None:
    """The dumped record kept for page `rel` when the page's digest is `digest`."""
    found = entries.get(rel)
    return found[1] if found is not None and digest is not None and found[0] == digest else None
