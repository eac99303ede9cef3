"""What a build keeps in memory for the next one, saved in the output's cache for a new process.

A preview rebuilds in one process: its next build takes the last one's results, assembled
Site, listing cuts, page keys and encoded records from per-process memos (each keyed by the
identity of the frozen objects it was made from) and updates them for what changed. A CLI
build starts with none of them and pays for loading 10,000 article summaries one file at a
time, assembling them and building every listing's views again. save() writes those memos
into one file (see state_file: the objects they share stay shared and identity-keyed memos
are keyed again by the loaded objects); resume() loads it into a process that holds none,
and the build then takes the same path as the preview's next build.

A state is only ever a hint that the build checks, so any earlier build's state will do:
results are taken while the article cache holds them under their seed's key, the Site is
updated for every result that is not the state's, and a listing page (or an entry's pages)
is taken only while the last build's manifest gives it the key the state recorded and lists
it as it is on disk. A build that took a state and updated it for a few edited articles
therefore leaves it as it is (saving it costs more than the edit); one that drifted further,
or assembled the Site anew, saves its own. A state is used only under the same code,
knowledge, settings and templates (`key`); a missing, truncated, garbled, foreign or stale
file is ignored, and the build takes the full path.
"""

from __future__ import annotations

import gc
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from builder.assemble import site_memo
from builder.incremental import cache as article_cache
from builder.incremental import state_file
from builder.memory import release_free_memory, resident_bytes


@dataclass(frozen=True, slots=True)
class Memo:
    """One per-process memo: a dict at `module.name`, and how its keys are made (`by`)."""

    module: str
    name: str
    # "value": keys are plain values; "id inside": a dict (by a settings string, say) of
    # dicts keyed by id(value[0]); "list": a list (of one item, say); "token": a list of one
    # object that names a build by its identity (a new process has a fresh one).
    by: str

    def target(self) -> Any:
        return getattr(_module(self.module), self.name)

    def install(self, packed: Any) -> None:
        """Replace the memo's content by what _pack() made of another process's."""
        target = self.target()
        if self.by in ("list", "token"):
            target[:] = packed
        else:
            target.clear()
            target.update(_unpack(self, packed))


# Every memo a build fills for the next one of its process (and that a new process can be
# given): results (builder.incremental.results) and Site (builder.build), article page keys
# and listing pages' parts (builder.incremental.reuse), listing cuts (builder.render.pages),
# encoded archive records (builder.render.export), and the objects summaries share
# (builder.assemble.summary); and the tokens that say which build the kept cuts, the tables
# listing rows were drawn from and the listing pages' parts are from (a listing page is taken
# by them, row for row, rather than rendered again: see render.pages._Renderer.alike). Saved in
# one pickle (all but the results), the tokens stay one object, as in the process that saved
# them.
PAGES = Memo("builder.incremental.reuse", "_page_memo", "value")  # page -> (its parts, its key)
MEMOS = (
    Memo("builder.incremental.results", "_processed_memo", "value"),
    Memo(site_memo.__name__, "SITES", "value"),
    Memo("builder.incremental.reuse", "_plan_memo", "value"),
    Memo("builder.incremental.reuse", "_entry_memo", "id inside"),
    PAGES,
    Memo("builder.render.pages", "_cuts", "value"),
    Memo("builder.render.pages", "_last_articles", "list"),
    Memo("builder.render.pages", "_last_claims", "list"),
    Memo("builder.render.export", "_records", "value"),
    Memo("builder.assemble.summary", "_SOURCES", "value"),
    Memo("builder.render.pages", "_basis", "token"),
    Memo("builder.render.pages", "_kept_tables", "list"),
    Memo("builder.incremental.reuse", "_page_basis", "value"),
)


def _module(name: str) -> ModuleType:
    import importlib

    return importlib.import_module(name)


DRIFT_MAX = 16  # results not the state's a build may update it for and still not save its own


@dataclass(frozen=True, slots=True)
class State:
    """The memos of one finished build, with what they are valid for."""

    key: str  # code, knowledge, settings and templates (see key())
    memos: tuple[Any, ...]  # each of MEMOS in a form without identity keys (see _pack)
    sizes: dict[str, int]  # the size of each result's article cache entry, by seed key


def key(*parts: str) -> str:
    """A state's key from what its memos depend on (code, knowledge, settings, templates)."""
    return article_cache.fingerprint_files([("", p.encode("utf-8")) for p in parts])


def is_cold() -> bool:
    """Whether this process holds no results of an earlier build (a new process)."""
    return not MEMOS[0].target()


# Per process: for each state file it loaded or saved, the state's key, the seed keys of its
# results (by source file) and its Site's entries, to tell how far a later build drifted.
_known: dict[Path, tuple[str, dict[str, str], tuple[object, ...]]] = {}


def save(
    path: Path, state_key: str, sources: dict[str, str], store: Path, pages: dict[str, str]
) -> bool:
    """Write this process's memos to `path` atomically (a reader sees the old file or the
    new), streamed: the pickle is never held whole. `sources`: this build's seed key of each
    source file; `store`: the article cache's folder; `pages`: this build's key of each page
    (the manifest's). Not done (False) when the state there is this build's but for a few
    results (see drifted)), nor when saving would take the process past MEMORY_BUDGET
    (see affordable): the build is then as it would be without a state."""
    if not drifted(path, state_key, sources) or not affordable(len(MEMOS[0].target())):
        return False
    memos = [_pack(m) for m in MEMOS]
    n = MEMOS.index(PAGES)  # a page rendered without a digest has its key only now
    memos[n] = {s: {rel: (p, k or pages.get(rel, "")) for rel, (p, k) in found.items()}
                for s, found in memos[n].items()}
    results = memos[0]
    sizes = _sizes(store, results)
    release_free_memory()  # what packing the memos freed, before the save grows the process
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-state-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            state_file.write(raw, state_key, sizes, results, tuple(memos[1:]))
        os.replace(tmp, path)
    except BaseException:
        _unlink(Path(tmp))
        raise
    release_free_memory()
    _remember(path, state_key)
    return True


# Pickling memoizes every object pickled (and the arguments each dataclass is rebuilt from)
# until the pickle ends: the results, pickled a chunk at a time, cost little, but the Site's
# and listings' references to them are one pickle. Measured: the process grew by ~8 KB an
# article while saving, at 2,000 and 10,000 articles (~28 KB as one pickle). A save that
# would take the process past the budget (issue 6's 600 MB peak, less a margin) is not made.
SAVE_BYTES_PER_RESULT = 10 * 1024
MEMORY_BUDGET = 560 * 1024 * 1024


def affordable(results: int) -> bool:
    """Whether this process can pickle a state of `results` articles within MEMORY_BUDGET
    (where its resident size cannot be read, it is assumed to)."""
    held = resident_bytes()
    return held is None or held + results * SAVE_BYTES_PER_RESULT <= MEMORY_BUDGET


def drifted(path: Path, state_key: str, sources: dict[str, str]) -> bool:
    """Whether the state at `path` (as this process last loaded or saved it) is not worth
    keeping for a build with `sources`: another key, other source files, more than
    DRIFT_MAX results not its own, or a Site assembled anew rather than updated from it."""
    known = _known.get(path)
    if known is None or known[0] != state_key or not path.is_file():
        return True
    their, entries = known[1], known[2]
    if their.keys() != sources.keys():
        return True
    if sum(their[f] != k for f, k in sources.items()) > DRIFT_MAX:
        return True
    return not _shares_entries(entries, _entries())


def resume(path: Path, state_key: str, last: Any, store: Path) -> bool:
    """Load the state at `path` into this process's memos when it was saved for `state_key`;
    False (nothing loaded) otherwise. `last` is the last build's manifest (None: none
    readable): the listing pages and entries the state knows are kept only where it gives
    their pages the keys the state recorded. Results are kept only while the article cache
    (folder `store`) holds an entry of the size it had then (an article whose page is made
    again is read back whole from there: a damaged entry means annotating it again)."""
    found = load(path, state_key)
    if found is None or len(found.memos) != len(MEMOS):
        return False
    for memo, packed in zip(MEMOS, found.memos):
        memo.install(packed)
    results = MEMOS[0].target()
    _remember(path, state_key)  # what the file holds, before what is gone is dropped here
    now = _sizes(store, results)
    for gone in [k for k in results if now.get(k) != found.sizes.get(k)]:
        del results[gone]
    _keep_current(last.pages if last is not None else {})
    # The loaded objects were made with the collector paused, so they are all young: its
    # next passes would walk every one of them. They are the archive this process keeps
    # (as a preview's settled build, see build._settle): frozen, they are never walked.
    gc.freeze()
    return True


def load(path: Path, state_key: str) -> State | None:
    """The state stored at `path` under `state_key`, or None (missing, truncated, garbled,
    foreign or another key's). See state_file for its layout."""
    found = state_file.read(path, state_key)
    if found is None:
        return None
    results, sizes, rest = found
    if not isinstance(rest, tuple):
        return None
    return State(state_key, (results, *rest), sizes)


def _sizes(store: Path, keys: Any) -> dict[str, int]:
    """The size of the article cache entry of each key (none for a missing one)."""
    cache = article_cache.ArticleCache[Any](store)
    found: dict[str, int] = {}
    for k in keys:
        try:
            found[k] = cache.entry_size(k)
        except (OSError, ValueError):
            pass
    return found


def _keep_current(pages: dict[str, str]) -> None:
    """Drop from the loaded memos every listing page the last build did not give the key
    the state recorded for it, and every entry with such a page (rendered since from
    other content: taking it by the entry would take the wrong page)."""
    reuse = _module("builder.incremental.reuse")
    for settings, parts in reuse._page_memo.items():
        gone = {rel for rel, (_, k) in parts.items() if not k or pages.get(rel) != k}
        for rel in gone:
            del parts[rel]
        entries = reuse._entry_memo.get(settings, {})
        for ident in [i for i, (_, rels) in entries.items() if any(r not in parts for r in rels)]:
            del entries[ident]
    for settings in reuse._entry_memo.keys() - reuse._page_memo.keys():
        del reuse._entry_memo[settings]


def _remember(path: Path, state_key: str) -> None:
    """Note what the state at `path` now holds (this process's memos)."""
    results = MEMOS[0].target()
    sources = {r.source_file: k for k, r in results.items()}
    _known[path] = (state_key, sources, _entries())


def _entries() -> tuple[object, ...]:
    """The entries of the Site this process last assembled (or updated)."""
    for _, site, _ in site_memo.SITES.values():
        return (*site.by_place, *site.by_source, *site.by_date)
    return ()


def _shares_entries(before: tuple[object, ...], now: tuple[object, ...]) -> bool:
    """Whether a Site was updated from another (keeps some of its entries as they are)."""
    if not before and not now:
        return True
    held = {id(e) for e in before}
    return any(id(e) in held for e in now)


def forget() -> None:
    """Empty every memo a state holds, as in a new process (for tests)."""
    for memo in MEMOS:
        memo.target().clear()
        if memo.by == "token":
            memo.target().append(object())


def _pack(memo: Memo) -> Any:
    """A memo as something whose meaning survives pickling: an identity-keyed dict becomes
    the list of its values (their keys are made again on loading)."""
    found = memo.target()
    if memo.by == "id inside":
        return {k: _ids_out(inner) for k, inner in found.items()}
    return list(found) if memo.by in ("list", "token") else dict(found)


def _unpack(memo: Memo, packed: Any) -> dict[Any, Any]:
    if memo.by == "id inside":
        return {k: _ids_in(inner) for k, inner in packed.items()}
    return dict(packed)


def _ids_out(found: dict[int, Any]) -> list[Any]:
    """Values keyed by id(value[0]): the values (their keys are made again on loading)."""
    return list(found.values())


def _ids_in(values: list[Any]) -> dict[int, Any]:
    return {id(v[0]): v for v in values}


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
