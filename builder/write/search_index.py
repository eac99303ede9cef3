"""The build's search step: index the pages written, in the build or (a preview) right after it."""

from __future__ import annotations

import bisect
import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from builder.diagnostics import Diagnostic
from builder.incremental import manifest
from builder.memory import release_free_memory
from builder.search import indexer as search_stage
from builder.write import output as write_stage


class Reused(Protocol):
    """What the search step needs of Reuse (builder.incremental.reuse): the last build's
    manifest, and where to put the digests of the pages indexed."""

    last: manifest.Manifest | None
    digests: dict[str, bytes]


def index(
    tree: write_stage.Writer,
    pages: Sequence[str],
    reuse: Reused | None = None,
    unchanged: frozenset[str] = frozenset(),
    records: Records | None = None,
) -> tuple[Diagnostic, ...]:
    """The search index for a streamed build: Pagefind indexes the pages already written to
    the new tree (read back one at a time), and its bundle joins the tree before the swap
    (each shard's files written to a scratch folder as the shard is done, then moved in).
    Over a previous build, shards whose pages are all unchanged are taken from its bundle;
    a page taken as it was keeps the digest the last build recorded, so it is not read."""
    indexing = Indexing(tree, pages, reuse, unchanged, records=records)
    indexing.run()
    return indexing.finish()


@dataclass(frozen=True, slots=True)
class Records:
    """The search records kept by shard (see search.record_cache): the folder the last
    build's are read from, and the one this build's are written to."""

    source: Path
    to: Path


class Indexing:
    """index() in two halves: run() makes the shards (Pagefind's work, and reading the pages
    already in the tree), which a build runs on a thread (start()) while it renders the
    pages the index does not need; finish() then joins the bundle to the tree. Until
    finish(), only the pages given are read and nothing is added to the tree; discard()
    stops a run whose pages turn out not to be the build's (the index is made again)."""

    def __init__(
        self,
        tree: write_stage.Writer | None,
        pages: Sequence[str],
        reuse: Reused | None = None,
        unchanged: frozenset[str] = frozenset(),
        made: Mapping[str, search_stage.Made] | None = None,
        out: Path | None = None,
        records: Records | None = None,
    ) -> None:
        """`tree` may be None (given to finish()) when every page's record is in `made`
        and nothing is reused: the run then reads nothing from the tree; `out` is then the
        output folder. `records`: where search records are kept (none: not kept)."""
        self.tree, self.pages, self.reuse = tree, tuple(pages), reuse
        self.records = records
        folder = out if tree is None else tree.out
        assert folder is not None, "an output folder"
        self.out: Path = folder
        assert tree is not None or (
            reuse is None or reuse.last is None
        ) and set(self.pages) <= set(made or ()), "pages to read need the tree"
        # Records made with the pages (see search.Made): those pages are not read.
        self.made = _Stoppable(made or {}, self)
        last = reuse.last if reuse is not None else None
        self.reusing = last is not None
        # A page taken as it was keeps the digest the last build recorded.
        self.unchanged = frozenset(rel for rel in self.pages if rel in unchanged)
        self.digests: dict[str, bytes] = {}
        if last is not None:
            self.digests = {
                rel: last.digests[rel] for rel in self.unchanged if rel in last.digests
            }
        self.kept: list[str] = []  # the files of the shards taken as they are: not read
        self.spilled: list[str] = []  # the files of the shards indexed now, under `spill`
        self.spill: Path | None = None
        self.outcome: tuple[dict[str, bytes], tuple[Diagnostic, ...]] | None = None
        self.failure: BaseException | None = None
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> Indexing:
        """run() on a thread of its own (Pagefind runs in its own process meanwhile)."""
        self.thread = threading.Thread(target=self.run, name="search-index", daemon=True)
        self.thread.start()
        return self

    def run(self) -> None:
        try:
            release_free_memory()  # Pagefind processes start now
            # Beside the output (same file system), so the tree moves the files in.
            out = self.out
            out.parent.mkdir(parents=True, exist_ok=True)  # as the tree makes it
            self.spill = Path(tempfile.mkdtemp(prefix=f".{out.name}-search-", dir=out.parent))
            self.outcome = search_stage.index_pages(
                PagesOnDisk(self.tree, self.pages, self.stop), out, reuse=self.reusing,
                digests=self.digests, kept=self.kept, spill=self.spill, spilled=self.spilled,
                made=self.made, records=self.records.source if self.records else None,
                records_to=self.records.to if self.records else None,
            )
        except BaseException as exc:  # noqa: BLE001 - raised again by finish()
            self.failure = exc

    def reads(self, made: Mapping[str, search_stage.Made]) -> bool:
        """Whether every record this index was given is the one in `made` (the records of
        the pages the tree took as they were made)."""
        given = self.made.made
        return all(made.get(rel) is record for rel, record in given.items())

    def matches(self, pages: Sequence[str], unchanged: frozenset[str]) -> bool:
        """Whether this index is the one index(tree, pages, reuse, unchanged) would make."""
        return tuple(pages) == self.pages and self.unchanged == frozenset(
            rel for rel in self.pages if rel in unchanged
        )

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None

    def finish(self, tree: write_stage.Writer | None = None) -> tuple[Diagnostic, ...]:
        """Join the bundle to the tree (after the run); its diagnostics."""
        try:
            self.wait()
            if self.failure is not None:
                raise self.failure
            assert self.outcome is not None and self.spill is not None
            bundle, diagnostics = self.outcome
            tree = tree or self.tree
            assert tree is not None and tree.out == self.out
            if self.reuse is not None:
                self.reuse.digests = self.digests
            for rel in self.kept:
                if not tree.reuse(rel):
                    tree.add(rel, (tree.out / rel).read_bytes())
            if bundle:  # else no index (one warning says why): the shards written are dropped
                for rel in self.spilled:
                    tree.adopt(rel, self.spill / rel)
            for rel, data in bundle.items():
                tree.add(rel, data)
            return diagnostics
        finally:
            self._clear()

    def discard(self) -> None:
        """Stop the run (at its next page) and drop what it made."""
        self.stop.set()
        self.wait()
        self._clear()

    def _clear(self) -> None:
        if self.spill is not None:
            shutil.rmtree(self.spill, ignore_errors=True)
            self.spill = None
        self.outcome = None


class _Stoppable(Mapping[str, "search_stage.Made"]):
    """Records made with their pages; once the indexing is discarded, asking for one stops
    the indexer."""

    def __init__(self, made: Mapping[str, search_stage.Made], indexing: Indexing) -> None:
        self.made, self.indexing = made, indexing

    def __getitem__(self, rel: str) -> search_stage.Made:
        if self.indexing.stop.is_set():
            raise search_stage.SearchError("the search index was stopped")
        return self.made[rel]

    def __iter__(self) -> Iterator[str]:
        return iter(self.made)

    def __len__(self) -> int:
        return len(self.made)


class PagesOnDisk(Mapping[str, bytes]):
    """Pages of a tree being written, read from disk when asked for (one at a time); once
    `stop` is set, asking for one stops the indexer (see Indexing.discard)."""

    def __init__(
        self,
        tree: write_stage.Writer | None,
        pages: Sequence[str],
        stop: threading.Event | None = None,
    ) -> None:
        self.tree, self.pages, self.stop = tree, tuple(pages), stop
        self.known = frozenset(self.pages)

    def __getitem__(self, rel: str) -> bytes:
        if rel not in self.known:
            raise KeyError(rel)
        if self.stop is not None and self.stop.is_set():
            raise search_stage.SearchError("the search index was stopped")
        assert self.tree is not None, "Indexing reads no page without a tree"
        return self.tree.path(rel).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.pages)

    def __len__(self) -> int:
        return len(self.pages)


def bundle_files(files: manifest.Listing) -> int:
    """How many files of a build's listing are the search bundle's."""
    start, end = _bundle_range(files)
    return end - start


def _bundle_range(files: manifest.Listing) -> tuple[int, int]:
    """Where the search bundle's files are in a build's listing (sorted by path)."""
    start = bisect.bisect_left(files, (f"{search_stage.BUNDLE}/",))
    end = bisect.bisect_left(files, (f"{search_stage.BUNDLE}0",))  # '0' follows '/'
    return start, end

@dataclass(slots=True)
class Searchable:
    """The pages of a build that Pagefind may index: those marked data-pagefind-body, and
    every HTML document (indexed instead when a template set marks none)."""

    marked: list[str]
    documents: list[str]

    def note(self, rel: str, marked: bool, document: bool) -> None:
        if document:
            self.documents.append(rel)
            if marked:
                self.marked.append(rel)

    def note_all(self, rels: list[str], marked: Set[str], documents: Set[str]) -> None:
        """note() for many pages at once, given the sets of marked pages and documents."""
        found = [rel for rel in rels if rel in documents]
        self.documents.extend(found)
        self.marked.extend(rel for rel in found if rel in marked)

    @property
    def pages(self) -> list[str]:
        return self.marked or self.documents



@dataclass(frozen=True, slots=True)
class Later:
    """A search index left for after the pages are in place (a preview's patch, see
    BuildOptions.search_later): the pages the build gave the indexer, those it took as they
    were, and the output folder, whose bundle is still the last build's until catch_up()."""

    out: Path
    keep: tuple[str, ...]
    pages: tuple[str, ...]
    unchanged: frozenset[str]
    trusted: bool  # the folder is as this process's builds left it (see PatchWriter.listed)


def catch_up(
    later: Later, reuse: Reused, files: manifest.Listing, records: Records | None = None
) -> tuple[tuple[Diagnostic, ...], int, list[str], list[str]]:
    """Index the pages now in place and patch the output's bundle (nothing else is touched);
    `files` is the output's listing now. Returns the diagnostics, how many files changed,
    and the paths written (or compared) and removed, for the manifest's listing.
    `records`: where search records are kept (the caller moves this step's into place)."""
    listed = None
    if later.trusted:
        start, end = _bundle_range(files)
        listed = [rel for rel, _, _ in files[start:end]]
    with write_stage.PatchWriter(
        later.out, later.keep, later.trusted, only=search_stage.BUNDLE, listed=listed
    ) as tree:
        diagnostics = index(tree, later.pages, reuse, later.unchanged, records)
        changed = tree.commit()
    return diagnostics, changed, tree.touched(), tree.removed
