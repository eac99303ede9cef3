"""The state's file: results pickled a chunk at a time, the rest naming their objects by place.

One pickle of everything memoizes every object it holds, and the arguments each dataclass is
rebuilt from, until it ends: ~28 KB an article, past the memory budget at 10,000 articles.
Here the results go in chunks of CHUNK articles, each a pickle of its own (its memo freed
after it), and the memos that refer to them (the Site, listing cuts, page parts, records)
in a last pickle that names a result's document and annotations by the result's place in
the file, and an entry's claim or mention by its place in its article (see _Positions):
their objects are not pickled again, and loading gives back the very objects the results
hold, as one pickle did. Sources are made one object across chunks on loading, as
builder.assemble.summary shares them; a span's offsets and a place's coordinates are not (a
Python call per span and place: 0.07 of 0.43 s at 2,000 articles, for ~5 MB), and a place
mention's certain confidence is its class's default object (a float object less each).
The chunks go through shells.dump: their frozen dataclasses are made empty and filled field
by field in C, not by their Python __init__ (Session 14). The rest does not: its walk and
fills would hold ~57 MB more at 5,000 articles while saving; but its claim, place and date
references, met while it is pickled, are shells filled after it (ref_shells, Session 16).

The file: MAGIC, the CRC-32 of the rest, then pickles: the head (key, sizes, count), the
chunks, the rest. A reader checks the key before reading further, and the CRC before
unpickling the chunks.
"""

from __future__ import annotations

import gc
import pickle
import zlib
from collections.abc import Callable
from typing import Any, BinaryIO

from builder.assemble.site import ClaimRef, DateRef, PlaceRef
from builder.incremental import cache as article_cache
from builder.incremental import ref_shells, shells
from builder.memory import collector_paused
from builder.model import Annotations, Document, DocumentSummary, PlaceMention, Source

MAGIC = b"NASTATE6"  # bump the digit when the layout changes: an older file is then ignored
CHECK = 4  # bytes of the payload's CRC-32, after the magic
CHUNK = 256  # results per pickle
_CERTAIN = PlaceMention.__dataclass_fields__["confidence"].default  # one float object


def write(
    raw: BinaryIO, key: str, sizes: dict[str, int], results: dict[str, Any], rest: Any
) -> None:
    """Write a state to the binary file `raw` (at its start), streamed: no pickle is held."""
    raw.write(MAGIC + bytes(CHECK))
    checked = _Checked(raw)
    _dump(checked, (key, sizes, len(results)), article_cache._REDUCERS)
    items = list(results.items())
    common = _shared_reducers()
    chunk_own = {Source: common[Source], _Certain: _Certain.reduce}
    chunks = _Reducers(chunk_own)
    with collector_paused():
        for start in range(0, len(items), CHUNK):
            shells.dump(checked, items[start : start + CHUNK], chunks, chunk_own, _chunk_fields)
        positions = _Positions([r for _, r in items])
        reducers = {**common, **positions.reducers(), **ref_shells.REDUCERS}
        _dump(checked, (rest, positions.refs.fills()), _Reducers(reducers))
    raw.seek(len(MAGIC))
    raw.write(checked.crc.to_bytes(CHECK, "little"))


def read(path: Any, key: str) -> tuple[dict[str, Any], dict[str, int], Any] | None:
    """(results, sizes, rest) of the state at `path` when saved under `key`; None when the
    file is missing, truncated, garbled, foreign or another key's. Read twice (to check it,
    then to load it), never held in memory whole."""
    head = len(MAGIC) + CHECK
    try:
        with open(path, "rb") as f:
            start = f.read(head)
            if len(start) < head or not start.startswith(MAGIC):
                return None
            found_key, sizes, count = pickle.load(f)
            if found_key != key:
                return None
            body = f.tell()
            f.seek(head)
            crc = 0
            while block := f.read(1 << 20):
                crc = zlib.crc32(block, crc)
            if crc != int.from_bytes(start[len(MAGIC) :], "little"):
                return None
            f.seek(body)
            loader = _Loader(f)
            with collector_paused():
                results: dict[str, Any] = {}
                while len(results) < count:
                    chunk = shells.load_value(loader.next())
                    if not chunk:
                        return None
                    results.update(chunk)
                loader.results = list(results.values())
                value = loader.next()  # (rest, its references' fills: done once loaded)
                if not isinstance(value, tuple) or len(value) != 2:
                    return None
                rest = value[0]
                # Frozen before the collector resumes: all these objects are young, and its
                # first pass would walk every one (2k: 0.12 of 0.52 s). The state is kept for
                # the process (state.resume freezes it anyway).
                gc.freeze()
    except Exception:  # noqa: BLE001 - unreadable, or unpickling raised: no state
        return None
    if not isinstance(sizes, dict):
        return None
    return results, sizes, rest


# --- Writing -----------------------------------------------------------------------------


def _dump(out: Any, value: Any, reducers: Any) -> None:
    pickler = pickle.Pickler(out, protocol=5)
    pickler.dispatch_table = reducers
    pickler.dump(value)


class _Reducers(dict[type, Callable[[Any], Any]]):
    """The given reducers, else the article cache's (dataclasses rebuilt from their fields)."""

    def __missing__(self, cls: type) -> Callable[[Any], Any]:
        return article_cache._REDUCERS[cls]


def _shared_reducers() -> dict[type, Callable[[Any], Any]]:
    """Reducers for the objects articles share once loaded (see _Loader)."""
    source = article_cache._REDUCERS[Source]
    mention = article_cache._REDUCERS[PlaceMention]
    return {
        Source: lambda s: (_source, source(s)[1]),
        PlaceMention: lambda m: (
            (PlaceMention, (m.span, m.metonymic))
            if type(m.confidence) is float and m.confidence == _CERTAIN and not m.rule
            else mention(m)
        ),
    }


class _Certain:
    """Pickled in a result's place mention for a certain confidence: loads as its class's
    default float object (one for all, where each pickled float loads as one of its own)."""

    def reduce(self) -> Any:
        return _certain, ()


_CERTAIN_MARK = _Certain()


def _certain() -> Any:
    return _CERTAIN


def _confidence(_: Any, value: Any) -> Any:
    return _CERTAIN_MARK if type(value) is float and value == _CERTAIN else value


def _chunk_fields(cls: type, name: str) -> Callable[[Any, Any], Any] | None:
    """What a result's shell's field is pickled as (see shells.dump)."""
    return _confidence if cls is PlaceMention and name == "confidence" else None


class _Positions:
    """Where each result's document and annotations are (its place among the results), and
    reducers that name them, and an entry's claims and mentions, by place."""

    def __init__(self, results: list[Any]) -> None:
        self.documents = {id(r.document): n for n, r in enumerate(results)}
        self.annotations = {id(r.annotations): n for n, r in enumerate(results)}
        self.results = results
        self.refs = ref_shells.Refs(results)

    def reducers(self) -> dict[type, Callable[[Any], Any]]:
        plain = article_cache._REDUCERS
        return {
            Document: self._by(self.documents, "document", plain[Document]),
            DocumentSummary: self._by(self.documents, "document", plain[DocumentSummary]),
            Annotations: self._by(self.annotations, "annotations", plain[Annotations]),
            ClaimRef: _member_ref(plain[ClaimRef], self.refs.claim, "claim", "claims"),
            PlaceRef: self._place_ref(plain[PlaceRef]),
            DateRef: _member_ref(plain[DateRef], self.refs.date, "mention", "dates"),
        }

    def _by(self, index: dict[int, int], part: str, plain: Any) -> Callable[[Any], Any]:
        def reduce(obj: Any) -> Any:
            n = index.get(id(obj))
            if n is None or getattr(self.results[n], part) is not obj:
                return plain(obj)
            return (_document if part == "document" else _annotations), (n,)

        return reduce

    def _place_ref(self, plain: Any) -> Callable[[PlaceRef], Any]:
        def reduce(ref: PlaceRef) -> Any:
            a = ref.article.annotations
            c = -1 if ref.claim is None else _place_of(ref.claim, a.claims)
            for p, place in enumerate(a.places):
                m = _place_of(ref.mention, place.mentions)
                if m >= 0 and (c >= 0 or ref.claim is None):
                    return self.refs.place(ref, p, m, c) or (_place_ref, (ref.article, p, m, c))
            return plain(ref)

        return reduce


def _member_ref(plain: Any, shell: Any, field: str, among: str) -> Callable[[Any], Any]:
    """A reducer naming a reference's `field` by its place in its article's annotations'
    `among` (a claim among the claims, a date among the dates): a `shell` (see ref_shells)
    when its article is a result's, else rebuilt by _claim_ref or _date_ref."""
    made = _claim_ref if among == "claims" else _date_ref

    def reduce(ref: Any) -> Any:
        n = _place_of(getattr(ref, field), getattr(ref.article.annotations, among))
        return (shell(ref, n) or (made, (ref.article, n))) if n >= 0 else plain(ref)

    return reduce


def _place_of(obj: object, among: tuple[Any, ...]) -> int:
    """The place of the very object `obj` in `among`, or -1. A scan, not an index: `among` is
    one article's claims, dates or a place's mentions, so the cost per reference is bounded by
    an article's size, not the archive's. An identity index of every article's entries (session
    15) named all 50,496 references of a 1k state in 0.08-0.11 s against the scan's 0.10, and
    held 3-5 MB more at 1k (tens of MB at 10k) at the save, which state.MEMORY_BUDGET bounds."""
    for n, other in enumerate(among):
        if other is obj:
            return n
    return -1


class _Checked:
    """A binary file that keeps the CRC-32 of what is written through it."""

    def __init__(self, raw: Any) -> None:
        self.raw, self.crc = raw, 0

    def write(self, data: Any) -> int:
        self.crc = zlib.crc32(data, self.crc)
        return self.raw.write(data)  # type: ignore[no-any-return]


# --- Reading -----------------------------------------------------------------------------


def _claim_ref(article: Any, i: int) -> ClaimRef:
    return ClaimRef(article, article.annotations.claims[i])


def _place_ref(article: Any, p: int, m: int, c: int) -> PlaceRef:
    a = article.annotations
    return PlaceRef(article, a.places[p].mentions[m], a.claims[c] if c >= 0 else None)


def _date_ref(article: Any, d: int) -> DateRef:
    return DateRef(article, article.annotations.dates[d])


# Named in the pickles; a _Loader gives its own in their place (see _Loader.find_class).
def _source(*fields: Any) -> Source:
    raise RuntimeError("a state's source is made by its loader")


def _document(n: int) -> Any:
    raise RuntimeError("a state's document is its loader's")


def _annotations(n: int) -> Any:
    raise RuntimeError("a state's annotations are its loader's")


class _Loader:
    """Unpickles a state's pickles one after another, giving each source one object and the
    results' documents and annotations by their place (once `results` is set)."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.sources: dict[Source, Source] = {}
        self.results: list[Any] = []
        self.flats: dict[str, Any] = {}
        self.own = {
            "_source": self.source,
            "_document": self.document,
            "_annotations": self.annotation,
        }

    def next(self) -> Any:
        return _Unpickler(self.f, self).load()

    def source(self, *fields: Any) -> Source:
        made = Source(*fields)
        return self.sources.setdefault(made, made)

    def flat(self, name: str) -> Any:
        """The results' claims, place mentions or dates by place (see ref_shells.flat)."""
        if name not in self.flats:
            self.flats[name] = ref_shells.flat(name, self.results)
        return self.flats[name]

    def document(self, n: int) -> Any:
        return self.results[n].document

    def annotation(self, n: int) -> Any:
        return self.results[n].annotations


class _Unpickler(pickle.Unpickler):
    """Finds this module's placeholders (_source, _document, _annotations) in its loader."""

    def __init__(self, f: BinaryIO, loader: _Loader) -> None:
        super().__init__(f)
        self.loader = loader

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name in self.loader.own:
            return self.loader.own[name]
        if module == ref_shells.__name__ and name in ref_shells.NAMES:
            return self.loader.flat(name)
        return super().find_class(module, name)
