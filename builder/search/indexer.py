"""Full-text search: Pagefind indexes the article pages into the site's pagefind/.

Pagefind's indexer, handed 10,000 article pages, needs ~3 GB of memory: its index build
costs ~300 bytes per (word, page) pair, and a 700-word article has ~700 distinct words. So
the pages are indexed in shards, each a complete Pagefind index of a stable part of the
articles, built by Pagefind's service (`pagefind --service`, the protocol its Python API
speaks) from search records read here (builder.search.records), not from HTML files, and
handed back in memory (nothing is written but the bundle the build adds to the site):

- a page goes to shard `hash(path) % count`; `count` is a power of two keeping shards at
  about SHARD_PAGES pages, so a page changes shard only when the count doubles;
- a shard's folder is named by a digest of its pages, so an unchanged shard keeps its name
  and bytes, and `index_pages(..., reuse=True)` takes it from the bundle already in the
  output instead of indexing it again (an edited article re-indexes one shard);
- WORKERS shards are indexed at once, one Pagefind process each, and only one of them
  builds its index (the memory peak) at a time; WORKERS is 1: the search step runs while
  the build process is at its largest, and a second Pagefind process (~50 MB while it
  takes records) put the build's whole process tree over the 600 MB of issue 6 at 10,000
  articles, for ~22% less search time (30 s against 38 s at 10,000 pages);
- Pagefind writes a filter's values, and the list of filters, in hash-map order; they are
  sorted here and the files renamed by content, so the bundle is byte-identical build to
  build;
- `pagefind/pagefind.js` is a small module (builder.search.bundle) that the search page and
  Pagefind's UI load as if it were Pagefind's: it merges the shards with Pagefind's
  `mergeIndex`, and puts results asked for in date order back in that order across shards
  from `pagefind/sort.json` (Pagefind orders merged results by score).
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.diagnostics import Diagnostic, warning
from builder.memory import release_free_memory
from builder.search import bundle as search_bundle
from builder.search import record_cache
from builder.search import records as search_records
from builder.search.records import Record, record

BUNDLE = "pagefind"  # the bundle's folder in the output, next to the pages
BODY_MARK = b"data-pagefind-body"  # pages that carry it are the only ones Pagefind indexes
# Inline labels repeat the name of a claim's source after the claim; they are not article text.
EXCLUDE_SELECTORS = (".by",)
TIMEOUT = 600.0  # seconds: a hung indexer must not hang the build
# At most this many pages per shard (on average). Pagefind's memory grows with the shard
# (measured on 700-word articles: ~210 MB for 640 pages, ~120 MB for 320, ~70 MB for 160),
# and it indexes while the build process is at its largest (issue 6: the tree under 600 MB
# at 10,000 articles, 32 shards then). More shards cost the reader a little: each shard's
# entry and metadata, fetched together on the first search, and a request per shard for
# each word searched.
SHARD_PAGES = 320
WORKERS = 1  # shards indexed at the same time (a Pagefind process each): see above
# Index builds (Pagefind's memory peak, ~3x what it holds while taking records) run one at a
# time: with WORKERS > 1 the other worker feeds its next shard meanwhile.
BUILDS = threading.BoundedSemaphore(1)
LAYOUT = "shards-1"  # part of every shard's digest, with the code's own
SHARD_MANIFEST = "shard.json"  # in each shard folder: its pages' result ids and sort keys
SORT_TABLE = "sort.json"  # result ids in ascending order of each sort key
# Files of a shard that its index loads; the primary shard keeps Pagefind's scripts too.
SHARD_DATA = ("pagefind-entry.json", "fragment/", "index/", "filter/")
PRIMARY_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css")
_WHERE = "search"  # the diagnostic's "path": the step, as no input file is at fault
INSTALL_HINT = "pip install pagefind[extended]"


def add_index(files: MutableMapping[str, bytes], out_dir: Path) -> tuple[Diagnostic, ...]:
    """Index the rendered pages in `files` and add the bundle under `pagefind/`.

    The pages are indexed before anything is written to `out_dir`, so the bundle is swapped
    in together with the pages it describes. If the indexer cannot run, the site is left
    without search and one warning says why.
    """
    bundle, diagnostics = index_pages(pages_to_index(files), out_dir)
    files.update(bundle)
    return diagnostics


def index_pages(
    pages: Mapping[str, bytes],
    out_dir: Path,
    reuse: bool = False,
    digests: MutableMapping[str, bytes] | None = None,
    kept: list[str] | None = None,
    spill: Path | None = None,
    spilled: list[str] | None = None,
    made: Mapping[str, Made] | None = None,
    records: Path | None = None,
    records_to: Path | None = None,
) -> tuple[dict[str, bytes], tuple[Diagnostic, ...]]:
    """The search bundle for `pages` (output path -> bytes, read lazily if the mapping is,
    each page once), by output path under `pagefind/`; or no bundle and one warning saying
    why. Nothing is written (Pagefind hands its files back); with `reuse`, shards whose
    pages are unchanged are read from the bundle already in `out_dir`.

    digests: each page's content digest (see page_digest) where the caller knows it without
    reading the page (it was made from the same inputs as a page digested before); a page
    not in it is read to digest it. Every page's digest is put in it.

    kept: when given, a shard taken from the bundle in `out_dir` is not read: its files'
    output paths are put in `kept` instead of the bundle (the caller keeps them as they are).

    spill: when given (an empty folder), each shard's files are written under it as the
    shard is done (at `spill/<output path>`) and left out of the bundle, their output paths
    put in `spilled`: the build then never holds the whole bundle in memory (~85 MB for
    10,000 pages), one or two shards at most. On failure the caller discards the folder.

    made: the search record and digest of pages whose record was made when the page was (by
    the process that rendered it, see Made): those pages are not read at all.

    records: the folder of the records kept by an earlier build (see record_cache): a page
    whose digest is known and is the one its kept record was made from is not read either.
    records_to: where the records of each shard indexed now are kept."""
    if not pages:
        return {}, ()  # no HTML document to search (a site of feeds and data only)
    binary = find_binary()
    if binary is None:
        return {}, (unavailable("the Pagefind binary is not installed", INSTALL_HINT),)
    try:
        plan = plan_shards(sorted(pages))
        count = shard_count(len(pages))
        previous = out_dir / BUNDLE if reuse else None
        deadline = time.monotonic() + TIMEOUT
        jobs = list(plan.items())
        first = jobs[0][0]  # the primary shard: the one whose Pagefind the page loads
        built: list[Shard] = []
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(jobs))) as pool:
            for shard in pool.map(  # in order, each as soon as it (and those before) are done
                lambda job: build_shard(
                    binary, job[0], _Pairs(pages, job[1], made=made), previous, deadline,
                    primary=job[0] == first, digests=digests, read=kept is None,
                    records=_Records(records, records_to, count, job[0]),
                ),
                jobs,
            ):
                if spill is not None and shard.files:
                    _spill(shard, spill, spilled if spilled is not None else [])
                    release_free_memory()  # what the shard's indexing freed
                built.append(shard)
    except SearchError as exc:
        return {}, (unavailable(str(exc)),)
    if kept is not None:
        kept.extend(f"{BUNDLE}/{s.name}/{rel}" for s in built for rel in s.kept)
    return assemble(built), ()


def _spill(shard: Shard, spill: Path, spilled: list[str]) -> None:
    """Write a shard's files under `spill` at their output paths, and let go of their bytes
    (assemble() reads the primary's UI files back from its folder)."""
    folder = spill / BUNDLE / shard.name
    for rel, data in shard.files.items():
        dest = folder / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        spilled.append(f"{BUNDLE}/{shard.name}/{rel}")
    shard.files, shard.folder = {}, folder


def pages_to_index(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The pages Pagefind should see: those marked data-pagefind-body (the articles), or every
    HTML document when a template set marks none (Pagefind then indexes whole pages)."""
    pages = {rel: data for rel, data in files.items() if rel.endswith(".html") and b"<html" in data}
    marked = {rel: data for rel, data in pages.items() if BODY_MARK in data}
    return marked or pages


def find_binary() -> Path | None:
    """The Pagefind executable: $PAGEFIND_BINARY_PATH, the one in the installed wheel
    (pagefind[extended] or pagefind[bin]), or one on PATH."""
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        return Path(env)
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found: Path = __import__(module).get_executable()
            return found
        except (ImportError, FileNotFoundError):
            continue
    on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(on_path) if on_path else None


# --- Shards ------------------------------------------------------------------------------------


def shard_count(pages: int) -> int:
    """How many shards `pages` pages make: the least power of two keeping each at
    SHARD_PAGES pages or fewer (on average; the hash spreads them evenly)."""
    count = 1
    while count * SHARD_PAGES < pages:
        count *= 2
    return count


def shard_of(rel: str, count: int) -> int:
    """The shard of the page at output path `rel`: stable for a page while `count` holds."""
    digest = hashlib.sha1(rel.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % count


def plan_shards(rels: Iterable[str]) -> dict[int, list[str]]:
    """Each shard's number -> its pages, in path order; empty shards are left out."""
    rels = list(rels)
    count = shard_count(len(rels))
    shards: dict[int, list[str]] = {}
    for rel in rels:
        shards.setdefault(shard_of(rel, count), []).append(rel)
    return {number: sorted(shards[number]) for number in sorted(shards)}


@dataclass
class Shard:
    """One shard's index: its folder name, files (by path inside it) and records' sort keys."""

    name: str
    files: dict[str, bytes]
    ids: dict[str, str]  # page URL -> Pagefind's result id
    sort: dict[str, dict[str, str]] = field(default_factory=dict)  # URL -> key -> value
    primary: bool = False
    kept: tuple[str, ...] = ()  # files of a shard taken as it is, not read (see index_pages)
    folder: Path | None = None  # where a shard taken as it is lies


class SearchError(Exception):
    """Pagefind could not index the pages; the message says why."""


def build_shard(
    binary: Path,
    number: int,
    pages: _Pairs,
    previous: Path | None = None,
    deadline: float | None = None,
    primary: bool = True,
    digests: MutableMapping[str, bytes] | None = None,
    read: bool = True,
    records: _Records | None = None,
) -> Shard:
    """Index one shard's pages, or take the shard from `previous` (an earlier bundle folder)
    when a shard of the same name is there: the name is a digest of the pages' bytes, so an
    unchanged shard costs a hash of its pages (or nothing, for pages whose digest is in
    `digests`) and no indexing. Each page is read once; its digest is put in `digests`.
    Without `read`, a shard taken from `previous` is not read but for its manifest.
    `records`: the records kept of its pages (taken for a page of the same digest instead of
    reading it), and where to keep those made now."""
    known = digests if digests is not None else {}
    if previous is not None:
        # The pages read to name the shard: not read again. (Not `read`, the parameter: the
        # dict once shadowed it, so a shard was read back whenever a page had to be read.)
        was_read: dict[str, bytes] = {}
        name = _name_of(number, primary, pages, known, was_read)
        reused = read_shard(previous / name, read)
        if reused is not None:
            files, manifest, names = reused
            ids, sort_keys = manifest["ids"], manifest["sort"]
            if read:
                return Shard(name, files, ids, sort_keys, primary)
            return Shard(name, {}, ids, sort_keys, primary, names, previous / name)
        pages = _Pairs(pages.pages, pages.rels, was_read, pages.made)
    sort: dict[str, dict[str, str]] = {}
    digest = _shard_digest(number, primary)
    stored = records.load() if records is not None else {}
    keeping: record_cache.Entries | None = {} if records and records.to is not None else None

    def made_records() -> Iterator[Record]:  # each read while Pagefind indexes the ones before
        for rel, data, given in pages.records(stored, known):
            if given is not None:
                dumped = given.dumped()
                known[rel], found = given.digest, search_records.loads(dumped)
            else:
                known[rel] = hashlib.sha256(data).digest()
                found = record(rel, data, EXCLUDE_SELECTORS)
                dumped = search_records.dumps(found) if keeping is not None else b""
            if keeping is not None:
                keeping[rel] = (known[rel], dumped)
            digest.update(rel.encode("utf-8") + b"\0" + known[rel])
            if found.sort:
                sort[found.url] = found.sort
            yield found

    files = normalise(index_shard(binary, made_records(), deadline))
    if records is not None and keeping is not None:
        records.save(keeping)
    name = f"s{number}-{digest.hexdigest()[:12]}"
    ids = result_ids(files)
    files = {rel: data for rel, data in files.items() if _kept(rel, files, primary)}
    files[SHARD_MANIFEST] = _json({"ids": ids, "sort": sort})
    return Shard(name, files, ids, sort, primary)


def _shard_digest(number: int, primary: bool) -> hashlib._Hash:
    settings = (LAYOUT, str(number), str(primary), _pagefind_version(), *EXCLUDE_SELECTORS)
    return hashlib.sha256("\n".join((*settings, _code_version())).encode())


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """A digest of the code that makes a shard (this module and the records it reads or
    makes from a view), so a shard made by other code is never taken from an earlier build."""
    from builder.search import records as search_records
    from builder.search import view_record

    digest = hashlib.sha256()
    modules = (__file__, search_records.__file__, search_bundle.__file__, view_record.__file__)
    for module in modules:
        digest.update(Path(str(module)).read_bytes())
    return digest.hexdigest()


def _name_of(
    number: int,
    primary: bool,
    pages: _Pairs,
    known: MutableMapping[str, bytes],
    read: dict[str, bytes],
) -> str:
    """The shard's folder, a digest of everything its files are made from (each page's path
    and bytes), reading only the pages whose digest is not known (kept in `read`)."""
    digest = _shard_digest(number, primary)
    for rel in pages.rels:
        given = pages.made.get(rel)
        if given is not None:
            known[rel] = given.digest
        if rel not in known:
            data = read[rel] = pages.pages[rel]
            known[rel] = hashlib.sha256(data).digest()
        digest.update(rel.encode("utf-8") + b"\0" + known[rel])
    return f"s{number}-{digest.hexdigest()[:12]}"


Manifest = dict[str, dict]  # type: ignore[type-arg]  # "ids" and "sort", as Shard holds them


def read_shard(
    folder: Path, read: bool = True
) -> tuple[dict[str, bytes], Manifest, tuple[str, ...]] | None:
    """A shard an earlier build wrote: its files (none unless `read`), its manifest and its
    files' names; or None."""
    try:
        manifest = json.loads((folder / SHARD_MANIFEST).read_bytes())
        names = _files_under(folder)
        files = {name: (folder / name).read_bytes() for name in names} if read else {}
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or not all(
        isinstance(manifest.get(key), dict) for key in ("ids", "sort")
    ):
        return None
    return files, manifest, names


def _files_under(folder: Path) -> tuple[str, ...]:
    """The plain files under `folder` (no links), as sorted '/'-separated relative paths."""
    found: list[str] = []
    pending = [(str(folder), "")]
    while pending:
        current, prefix = pending.pop()
        with os.scandir(current) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file(follow_symlinks=False):
                    found.append(prefix + entry.name)
    return tuple(sorted(found))


def index_shard(
    binary: Path, records: Iterable[Record], deadline: float | None = None
) -> dict[str, bytes]:
    """Pagefind's index of `records`: its files by path, handed back by the service (not
    written to disk: Pagefind answers before its file writes are done)."""
    with PagefindService(binary, deadline) as service:
        index = service.call({"type": "NewIndex", "config": {"keep_index_url": False}})
        index_id = index["index_id"]
        last = None
        for r in records:
            last = service.send(r.request(index_id))
        if last is not None:
            service.wait(last)
        with BUILDS:
            answer = service.call({"type": "GetFiles", "index_id": index_id})
    files = {
        str(item["path"]).replace(os.sep, "/").lstrip("/"): base64.b64decode(item["content"])
        for item in answer.get("files", [])
    }
    if "pagefind.js" not in files:
        raise SearchError("Pagefind gave no index")
    return dict(sorted(files.items()))


def _kept(rel: str, files: Mapping[str, bytes], primary: bool) -> bool:
    """Whether a shard keeps one of Pagefind's files: its data, and in the primary shard
    the scripts the search page runs (not the other UIs Pagefind ships) and the WebAssembly
    (Pagefind's mergeIndex runs every merged index on the primary's)."""
    if rel.startswith(SHARD_DATA) or rel.endswith(".pf_meta"):
        return True
    if rel in PRIMARY_FILES:
        return primary
    if rel.startswith("wasm.") and primary:  # only the language's own: the one the entry names
        entry = json.loads(files["pagefind-entry.json"])
        languages = entry["languages"].values()
        wanted = {f"wasm.{lang.get('wasm') or 'unknown'}.pagefind" for lang in languages}
        return rel in wanted
    return False


def result_ids(files: Mapping[str, bytes]) -> dict[str, str]:
    """Each page's URL -> the id Pagefind's results give it (its fragment's name)."""
    ids: dict[str, str] = {}
    for rel in sorted(files):
        if rel.startswith("fragment/") and rel.endswith(".pf_fragment"):
            data = json.loads(_unpack(files[rel]))
            ids[data["url"]] = rel[len("fragment/") : -len(".pf_fragment")]
    return ids


def assemble(shards: list[Shard]) -> dict[str, bytes]:
    """The bundle: each shard in its folder, the search module and UI at the top, and
    the order of the results for each sort key."""
    bundle: dict[str, bytes] = {}
    primary = next((s for s in shards if s.primary), shards[0])
    for shard in shards:
        for rel, data in shard.files.items():
            bundle[f"{BUNDLE}/{shard.name}/{rel}"] = data
    for rel in ("pagefind-ui.js", "pagefind-ui.css"):
        found = primary.files.get(rel)
        if found is None and primary.folder is not None:  # a shard taken as it is
            found = (primary.folder / rel).read_bytes()
        bundle[f"{BUNDLE}/{rel}"] = found if found is not None else primary.files[rel]
    others = [s.name for s in shards if s is not primary]
    bundle[f"{BUNDLE}/pagefind.js"] = shim(primary.name, others)
    bundle[f"{BUNDLE}/{SORT_TABLE}"] = sort_table(shards)
    return bundle


def shim(primary: str, others: list[str]) -> bytes:
    """The module the search page loads as Pagefind: the primary shard merged with others."""
    text = search_bundle.SOURCE
    text = text.replace("__PRIMARY__", primary).replace("__SHARDS__", json.dumps(others))
    return text.encode("utf-8")


def sort_table(shards: list[Shard]) -> bytes:
    """For each sort key, the result ids in ascending order of its value (ties by URL)."""
    keys = sorted({key for s in shards for values in s.sort.values() for key in values})
    table: dict[str, list[str]] = {}
    for key in keys:
        rows = sorted(
            (values[key], url, s.ids[url])
            for s in shards
            for url, values in s.sort.items()
            if key in values and url in s.ids
        )
        table[key] = [row[2] for row in rows]
    return _json(table)


# --- Byte-identical output ---------------------------------------------------------------------


def normalise(files: dict[str, bytes]) -> dict[str, bytes]:
    """The shard's files made byte-identical from run to run. Pagefind writes a filter's
    values, and the list of filters in its metadata, in hash-map order, and names files by
    a hash of their bytes: the values and filters are sorted here and the files renamed by
    their new content. Anything not in the expected shape is left as Pagefind wrote it."""
    try:
        return _normalised(files)
    except (SearchError, ValueError, KeyError, IndexError, TypeError, OSError, EOFError):
        return files


def _normalised(files: dict[str, bytes]) -> dict[str, bytes]:
    renamed: dict[str, str] = {}
    out: dict[str, bytes] = {}
    for rel, data in files.items():
        if rel.startswith("filter/") and rel.endswith(".pf_filter"):
            old = rel[len("filter/") : -len(".pf_filter")]
            name, values = _cbor_exact(_unpack(data))
            body = _cbor_write([name, sorted(values, key=_cbor_write)])
            new = _renamed(old, body)
            renamed[old] = new
            out[f"filter/{new}.pf_filter"] = _pack(body)
        else:
            out[rel] = data
    entry = json.loads(out["pagefind-entry.json"])
    for rel in [rel for rel in out if rel.endswith(".pf_meta")]:
        meta = _cbor_exact(_unpack(out.pop(rel)))
        filters, sorts = meta[3], meta[4]
        if not all(isinstance(f, list) and f[1] in renamed for f in filters):
            raise SearchError("Pagefind's index metadata is not in the expected shape")
        meta[3] = sorted([name, renamed[old]] for name, old in filters)
        meta[4] = sorted(sorts, key=lambda item: item[0])
        body = _cbor_write(meta)
        old_hash = rel[len("pagefind.") : -len(".pf_meta")]
        new_hash = _renamed(old_hash, body)
        out[f"pagefind.{new_hash}.pf_meta"] = _pack(body)
        for language in entry["languages"].values():
            if language.get("hash") == old_hash:
                language["hash"] = new_hash
    out["pagefind-entry.json"] = json.dumps(
        entry, ensure_ascii=False, separators=(",", ":")
    ).encode()
    return dict(sorted(out.items()))


def _renamed(old: str, body: bytes) -> str:
    """A name like Pagefind's (`en_` and hex digits, as many) for `body`."""
    cut = old.index("_") + 1
    return old[:cut] + hashlib.sha1(body).hexdigest()[: len(old) - cut]


def _cbor_exact(body: bytes) -> list:  # type: ignore[type-arg]
    """The CBOR array in `body`, if reading and writing it again gives the same bytes."""
    value, end = _cbor_read(body, 0)
    if end != len(body) or not isinstance(value, list) or _cbor_write(value) != body:
        raise SearchError("Pagefind's index is not in the expected format")
    return value


_MAGIC = b"pagefind_dcd"


def _unpack(data: bytes) -> bytes:
    body = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return body[len(_MAGIC) :] if body.startswith(_MAGIC) else body


def _pack(body: bytes) -> bytes:
    return gzip.compress(_MAGIC + body, compresslevel=9, mtime=0)


def _cbor_read(data: bytes, at: int) -> tuple[object, int]:
    """One CBOR item (unsigned integers, text, byte strings, arrays, maps) from `at`."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise SearchError("Pagefind's index uses CBOR this reader does not know")
    if major == 0:
        return arg, at
    if major in (2, 3):
        raw = data[at : at + arg]
        return (raw if major == 2 else raw.decode("utf-8")), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = _cbor_read(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, at = _cbor_read(data, at)
            item, at = _cbor_read(data, at)
            pairs.append((key, item))
        return _Map(pairs), at
    raise SearchError("Pagefind's index uses CBOR this reader does not know")


class _Map(list):  # type: ignore[type-arg]
    """A CBOR map kept as its pairs, in order."""


def _cbor_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise SearchError("a number too large for CBOR")


def _cbor_write(value: object) -> bytes:
    if isinstance(value, bool) or value is None:
        raise SearchError("unexpected value in Pagefind's index")
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, _Map):
        pairs = b"".join(_cbor_write(k) + _cbor_write(v) for k, v in value)
        return _cbor_head(5, len(value)) + pairs
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_write(v) for v in value)
    raise SearchError("unexpected value in Pagefind's index")


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


_VERSION: list[str] = []


def _pagefind_version() -> str:
    """The installed Pagefind's version (a shard's digest includes it)."""
    if not _VERSION:
        try:
            from importlib.metadata import version

            _VERSION.append(version("pagefind"))
        except Exception:  # noqa: BLE001 - any failure: the binary's path stands in
            _VERSION.append(str(find_binary()))
    return _VERSION[0]


# --- Pagefind's service ------------------------------------------------------------------------


class PagefindService:
    """`pagefind --service`: requests are base64 JSON ended by a comma on its stdin, and so
    are its answers on stdout. (Pagefind's Python API reads one answer per 0.1 s, too slow
    for thousands of records; this client reads them as they come, on a thread.)"""

    def __init__(self, binary: Path, deadline: float | None = None) -> None:
        self.binary, self.deadline = binary, deadline or time.monotonic() + TIMEOUT
        self.process: subprocess.Popen[bytes] | None = None
        self.answers: dict[int, dict[str, object]] = {}
        self.last = 0
        self.ended = ""
        self.changed = threading.Condition()

    def __enter__(self) -> PagefindService:
        try:
            self.process = subprocess.Popen(
                [str(self.binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
        except OSError as exc:
            raise SearchError(f"Pagefind could not run: {exc}") from exc
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        return self

    def __exit__(self, *exc: object) -> None:
        process = self.process
        if process is None:
            return
        try:
            if process.stdin:
                process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def send(self, payload: Mapping[str, object]) -> int:
        """Send one request; its answer is collected by `wait`."""
        assert self.process is not None and self.process.stdin is not None
        self.last += 1
        message = json.dumps({"message_id": self.last, "payload": payload}).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
        except (BrokenPipeError, OSError) as exc:
            raise SearchError(self._failure(f"Pagefind stopped: {exc}")) from exc
        return self.last

    def wait(self, message_id: int) -> dict[str, Any]:  # Pagefind's JSON answer
        """The answer to request `message_id` (all earlier ones must have succeeded)."""
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise SearchError(self._failure(f"Pagefind stopped: {exc}")) from exc
        with self.changed:
            while message_id not in self.answers:
                errors = [a for a in self.answers.values() if a.get("type") == "Error"]
                if errors:
                    raise SearchError(f"Pagefind failed: {errors[0].get('message')}")
                if self.ended:
                    raise SearchError(self._failure(self.ended))
                left = self.deadline - time.monotonic()
                if left <= 0:
                    self.process.kill()
                    raise SearchError(f"Pagefind did not finish in {TIMEOUT:.0f} s")
                self.changed.wait(min(left, 1.0))
            answer = self.answers.pop(message_id)
            # Earlier answers (each record's) are not needed once a later one has come.
            for done in [k for k, a in self.answers.items() if k < message_id]:
                if self.answers[done].get("type") != "Error":
                    del self.answers[done]
        if answer.get("type") == "Error":
            raise SearchError(f"Pagefind failed: {answer.get('message')}")
        return answer

    def call(self, payload: Mapping[str, object]) -> dict[str, Any]:
        return self.wait(self.send(payload))

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        stream, noise = self.process.stdout, b""
        parts: list[bytes] = []  # the answer being read, in pieces (a bundle is megabytes)
        pending = b""
        while True:
            chunk = stream.read1(1 << 20)  # type: ignore[attr-defined]  # a BufferedReader
            if not chunk:
                break
            if b"," not in chunk:
                parts.append(chunk)
                continue
            pending = b"".join(parts) + chunk
            parts = []
            while b"," in pending:
                message, pending = pending.split(b",", 1)
                try:
                    answer = json.loads(base64.b64decode(message, validate=True))
                except ValueError:
                    noise = (noise + message)[-2000:]  # not an answer: something it printed
                    continue
                if not isinstance(answer, dict):
                    continue
                with self.changed:
                    payload = answer.get("payload") or {}
                    number = answer.get("message_id")
                    if number is None and payload.get("type") == "Error":
                        number = -1  # an error it could not tie to a request
                    if number is not None:
                        self.answers[int(number)] = payload
                    self.changed.notify_all()
            parts = [pending] if pending else []
        pending = b"".join(parts)
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        with self.changed:
            text = (noise + pending).decode("utf-8", "replace").strip()
            last = text.splitlines()[-1] if text else "no output"
            self.ended = f"Pagefind failed (exit {code}): {last}"
            self.changed.notify_all()

    def _failure(self, reason: str) -> str:
        """Why the process stopped: what it said last, once its output is read to the end."""
        self.reader.join(timeout=5)
        with self.changed:
            return self.ended or reason


def unavailable(reason: str, hint: str = "") -> Diagnostic:
    """The one warning a build gives when it has no search index, and why."""
    return warning(_WHERE, 0, f"{reason}; the site is built without search", hint)


class _Pairs:
    """A shard's pages as (output path, bytes), each read when it is reached; a page whose
    record was made already (in `made`) is not read."""

    def __init__(
        self,
        pages: Mapping[str, bytes],
        rels: Iterable[str],
        read: dict[str, bytes] | None = None,
        made: Mapping[str, Made] | None = None,
    ) -> None:
        self.pages, self.rels, self.read = pages, list(rels), read or {}
        self.made: Mapping[str, Made] = made or {}

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        for rel in self.rels:
            data = self.read.pop(rel, None)
            yield rel, data if data is not None else self.pages[rel]

    def records(
        self,
        stored: Mapping[str, tuple[bytes, bytes]] | None = None,
        known: Mapping[str, bytes] | None = None,
    ) -> Iterator[tuple[str, bytes, Made | Kept | None]]:
        """Each page as (output path, bytes, its record made already): no bytes if made.
        A page whose digest is `known` and whose record is `stored` for that digest is made."""
        stored, known = stored or {}, known or {}
        for rel in self.rels:
            given: Made | Kept | None = self.made.get(rel)
            if given is None and rel in stored:
                digest = known.get(rel)
                dumped = record_cache.kept(stored, rel, digest)
                if digest is not None and dumped is not None:
                    given = Kept(digest, dumped)
            if given is not None:
                self.read.pop(rel, None)
                yield rel, b"", given
            else:
                data = self.read.pop(rel, None)
                yield rel, data if data is not None else self.pages[rel], None


@dataclass(frozen=True, slots=True)
class Made:
    """A page's search record made with the page, by the process that rendered it: the
    page's digest (sha256 of its bytes) and the record as search_records.dumps() wrote it,
    in a file, so that the build holds neither the page nor the record until indexed."""

    digest: bytes
    path: Path

    def record(self) -> Record:
        return search_records.loads(self.dumped())

    def dumped(self) -> bytes:
        """The record as search_records.dumps() wrote it."""
        return self.path.read_bytes()


@dataclass(frozen=True, slots=True)
class Kept:
    """A page's search record kept by an earlier build (see record_cache), for its digest."""

    digest: bytes
    data: bytes

    def dumped(self) -> bytes:
        """The record as search_records.dumps() wrote it (as Made.dumped)."""
        return self.data


@dataclass(frozen=True, slots=True)
class _Records:
    """Where a shard's kept records are read from (`source`) and written to (`to`)."""

    source: Path | None
    to: Path | None
    count: int
    number: int

    def load(self) -> record_cache.Entries:
        """The shard's records kept in `source` by this code (none without a folder)."""
        if self.source is None:
            return {}
        return record_cache.load(self.source, self.count, self.number, _records_version())

    def save(self, entries: record_cache.Entries) -> None:
        """Keep the shard's records made now in `to` (nothing without a folder)."""
        if self.to is not None:
            record_cache.save(self.to, self.count, self.number, _records_version(), entries)


def _records_version() -> str:
    """What a kept record depends on besides its page: the code that made it."""
    return "\n".join((_code_version(), *EXCLUDE_SELECTORS))


def make_record(rel: str, page: bytes, folder: Path) -> Made:
    """The search record of the page at output path `rel`, written under `folder`, as the
    indexer makes it from the page (see Made)."""
    path = folder / "record"
    path.write_bytes(search_records.dumps(record(rel, page, EXCLUDE_SELECTORS)))
    return Made(hashlib.sha256(page).digest(), path)
