"""The build's search step: index the pages written, in the build or (a preview) right after it."""

from __future__ import annotations

import bisect
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from builder import manifest
from builder import search as search_stage
from builder import write as write_stage
from builder.diagnostics import Diagnostic
from builder.memory import release_free_memory


class Reused(Protocol):
    """What the search step needs of build.Reuse: the last build's manifest, and where to
    put the digests of the pages indexed."""

    last: manifest.Manifest | None
    digests: dict[str, bytes]


def index(
    tree: write_stage.Writer,
    pages: Sequence[str],
    reuse: Reused | None = None,
    unchanged: frozenset[str] = frozenset(),
) -> tuple[Diagnostic, ...]:
    """The search index for a streamed build: Pagefind indexes the pages already written to
    the new tree (read back one at a time), and its bundle joins the tree before the swap
    (each shard's files written to a scratch folder as the shard is done, then moved in).
    Over a previous build, shards whose pages are all unchanged are taken from its bundle;
    a page taken as it was keeps the digest the last build recorded, so it is not read."""
    release_free_memory()  # Pagefind processes start now: the tree's peak
    last = reuse.last if reuse is not None else None
    digests: dict[str, bytes] = {}
    if last is not None:
        digests = {rel: last.digests[rel] for rel in pages if rel in unchanged and rel in last.digests}
    kept: list[str] = []  # the files of the shards taken as they are: not read
    spilled: list[str] = []  # the files of the shards indexed now, written to `spill`
    # Beside the output (same file system), so the tree moves the files in, not copies them.
    spill = Path(tempfile.mkdtemp(prefix=f".{tree.out.name}-search-", dir=tree.out.parent))
    try:
        bundle, diagnostics = search_stage.index_pages(
            PagesOnDisk(tree, pages), tree.out, reuse=last is not None, digests=digests,
            kept=kept, spill=spill, spilled=spilled,
        )
        if reuse is not None:
            reuse.digests = digests
        for rel in kept:
            if not tree.reuse(rel):
                tree.add(rel, (tree.out / rel).read_bytes())
        if bundle:  # else no index (one warning says why): the shards written are dropped
            for rel in spilled:
                tree.adopt(rel, spill / rel)
        for rel, data in bundle.items():
            tree.add(rel, data)
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    return diagnostics


class PagesOnDisk(Mapping[str, bytes]):
    """Pages of a tree being written, read from disk when asked for (one at a time)."""

    def __init__(self, tree: write_stage.Writer, pages: Sequence[str]) -> None:
        self.tree, self.pages = tree, tuple(pages)
        self.known = frozenset(self.pages)

    def __getitem__(self, rel: str) -> bytes:
        if rel not in self.known:
            raise KeyError(rel)
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
    later: Later, reuse: Reused, files: manifest.Listing
) -> tuple[tuple[Diagnostic, ...], int, list[str], list[str]]:
    """Index the pages now in place and patch the output's bundle (nothing else is touched);
    `files` is the output's listing now. Returns the diagnostics, how many files changed,
    and the paths written (or compared) and removed, for the manifest's listing."""
    listed = None
    if later.trusted:
        start, end = _bundle_range(files)
        listed = [rel for rel, _, _ in files[start:end]]
    with write_stage.PatchWriter(
        later.out, later.keep, later.trusted, only=search_stage.BUNDLE, listed=listed
    ) as tree:
        diagnostics = index(tree, later.pages, reuse, later.unchanged)
        changed = tree.commit()
    return diagnostics, changed, tree.touched(), tree.removed
