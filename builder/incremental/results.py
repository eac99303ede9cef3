"""Each seed's processed result, taken from this process's memo or the article cache when its
key (seed, sidecar, knowledge, code) is unchanged, else processed anew."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import operator
import os
import shutil
import time
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from builder import knowledge as knowledge_stage
from builder import memory
from builder.assemble import summary as summary_stage
from builder.diagnostics import Diagnostic
from builder.incremental import cache as article_cache
from builder.incremental import knowledge_cache
from builder.incremental.replaced import replaced
from builder.knowledge import Knowledge
from builder.model import Article
from builder.options import BuildOptions
from builder.process import (
    PagePlan,
    Prerendered,
    Processed,
    Sink,
    kept,
    process_many,
    stage_functions,
    summarized,
    will_fork,
)
from builder.read import seeds as seeds_stage
from builder.read import spool
from builder.read.seeds import SeedFile
from builder.stopwatch import Stopwatch

if TYPE_CHECKING:  # build imports this module: its Inputs is named for the checker alone
    from builder.build import Inputs

_knowledge_memo: dict[str, tuple[Knowledge, tuple[Diagnostic, ...]]] = {}
# Per process: the saved knowledge files known whole (read back whole, or written here) since
# the memo's knowledge was loaded, with the key they hold. One read with a right header but a
# damaged payload is not among them: save_knowledge writes it again.
_knowledge_whole: dict[Path, str] = {}


def knowledge_fingerprint(data_paths: tuple[Path, ...]) -> str:
    """What the knowledge depends on: the data folders and every data file's name and bytes."""
    files = article_cache.knowledge_files((knowledge_stage.BUILTIN_DATA, *data_paths))
    return article_cache.fingerprint_files(
        [("", repr(data_paths).encode()), ("", article_cache.fingerprint_knowledge(files).encode())]
    )


def load_knowledge(
    data_paths: tuple[Path, ...], fingerprint: str | None = None, saved: Path | None = None
) -> tuple[Knowledge, tuple[Diagnostic, ...]]:
    """knowledge.load(), reused while its files' bytes are unchanged: a preview rebuilds in
    the same process and should not pay for compiling the registries and gazetteer again,
    and a new process takes it from `saved` (see save_knowledge) when that was saved for the
    same files and code."""
    key = fingerprint or knowledge_fingerprint(data_paths)
    if key not in _knowledge_memo:
        _knowledge_memo.clear()
        _knowledge_whole.clear()  # what was known of the files, for the knowledge let go
        full = knowledge_cache.full_key(key)
        found = knowledge_cache.read(saved, full) if saved else None
        if saved is not None and _is_knowledge(found):
            _knowledge_whole[saved] = full
        _knowledge_memo[key] = found if _is_knowledge(found) else knowledge_stage.load(data_paths)
    return _knowledge_memo[key]


def save_knowledge(path: Path) -> None:
    """Save the knowledge last loaded at `path` (beside the article cache), unless the file
    already holds it, whole: loading it back costs a new process a fraction of compiling it.
    A file this process did not read back whole (damaged past its header, say) is written."""
    for key, loaded in _knowledge_memo.items():
        full = knowledge_cache.full_key(key)
        if _knowledge_whole.get(path) != full or knowledge_cache.saved_key(path) != full:
            knowledge_cache.write(path, full, loaded)
            _knowledge_whole[path] = full


def _is_knowledge(found: object) -> TypeGuard[tuple[Knowledge, tuple[Diagnostic, ...]]]:
    return (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], Knowledge)
        and isinstance(found[1], tuple)
    )


# Results of the previous build in this process, by cache key: a preview re-annotates only
# the articles that changed without reading the disk cache.
_processed_memo: dict[str, Processed] = {}


def held_keys() -> Container[str]:
    """The keys of the results this process holds (a new process: those of a kept state)."""
    return _processed_memo.keys()


# The article cache folder that holds every result of _processed_memo, when one does (the
# last build stored them there): its entries need no look on disk to know they are there.
_memo_stored: dict[str, Path] = {}


# Per process: the last build's key of each seed object (the seed reader hands a preview's
# next build the very objects of the files that did not change), so they are not hashed again.
_key_memo: dict[int, tuple[SeedFile, str, str]] = {}


def seed_key(
    seed: SeedFile,
    knowledge_key: str,
    stages: str = "",
    made: dict[int, tuple[SeedFile, str, str]] | None = None,
) -> str:
    """The article cache's key for one seed's Processed result. `stages`: stage_functions(),
    computed once by the caller; `made` collects the keys for the next build's memo."""
    stages = stages or stage_functions()
    context = knowledge_key + stages  # what else the key hashes may change
    known = _key_memo.get(id(seed))
    if known is not None and known[0] is seed and known[1] == context:
        key = known[2]
    elif seed.data is None:  # left unread: its key comes with it (see remember_keys)
        raise ValueError(f"{seed.path}: a seed that was not read has no key here")
    else:
        key = article_cache.article_key(
            code=article_cache.code_fingerprint() + stages,
            knowledge=knowledge_key,
            source_file=f"{seed.path}\n{seed.sidecar_path or ''}",
            seed=seed.data,
            sidecar=seed.sidecar,
        )
    if made is not None:
        made[id(seed)] = (seed, context, key)
    return key


def remember_keys(
    seeds: Sequence[SeedFile], keys: dict[tuple[str, str | None], str], context: str
) -> None:
    """Note the key of each seed left unread (`keys`: by its shown path and sidecar's, see
    seed_record.Unread), for seed_key(); `context`: knowledge_key + stage_functions()."""
    for seed in seeds:
        if seed.data is None:
            _key_memo[id(seed)] = (seed, context, keys[(seed.path, seed.sidecar_path)])


def forget_seed_keys() -> None:
    """Let go of the seeds the keys were memoised for (a one-shot build: no later build of
    this process reuses what it read)."""
    _key_memo.clear()
    _seeds_memo.clear()


def note_stored(root: Path) -> None:
    """Note that the article cache at `root` now holds every result of _processed_memo."""
    _memo_stored[""] = root


# Per process: the last build's seeds (the objects), the context of their keys and the keys.
_seeds_memo: list[tuple[tuple[SeedFile, ...], str, tuple[str, ...]]] = []


def _seed_keys(seeds: Sequence[SeedFile], knowledge_key: str, stages: str) -> tuple[str, ...]:
    """seed_key() of every seed; when the seeds are the last build's objects but a few (a
    preview's edit), the last keys but for those, found without a look at each seed."""
    context = knowledge_key + stages
    last = _seeds_memo[0] if _seeds_memo else None
    made: dict[int, tuple[SeedFile, str, str]] = {}
    at = replaced(last[0], seeds) if last is not None and last[1] == context else None
    if last is not None and at is not None:
        found = list(last[2])
        for n in at:
            _key_memo.pop(id(last[0][n]), None)
            found[n] = seed_key(seeds[n], knowledge_key, stages, made)
        _key_memo.update(made)
        keys = tuple(found)
        _seeds_memo[:] = [(tuple(seeds), context, keys)]
        return keys
    keys = tuple(seed_key(seed, knowledge_key, stages, made) for seed in seeds)
    _key_memo.clear()
    _key_memo.update(made)
    _seeds_memo[:] = [(tuple(seeds), context, keys)]
    return keys


@dataclass(frozen=True, slots=True)
class Processing:
    """process_cached()'s results and their cache keys, in seed order."""

    results: tuple[Processed, ...]
    keys: tuple[str, ...]
    prerendered: dict[str, Prerendered] = field(default_factory=dict)  # by seed path
    # The entries of the article cache no seed uses any more, when known without listing it
    # (it holds the last build's results, kept in this process): None means prune them all.
    stale: frozenset[str] | None = None


def process_cached(
    held: list[Inputs],
    knowledge: Knowledge,
    knowledge_key: str,
    options: BuildOptions,
    clock: Stopwatch,
    store: article_cache.ArticleCache[Processed] | None,
    staging: article_cache.ArticleCache[Processed] | None = None,
    plan: PagePlan | None = None,
) -> Processing:
    """process_all() for the seeds whose results are neither in this process's memo nor in
    `store`; the others are taken from there. New results are put in `staging`; with a
    `plan`, workers render their articles' pages too. A one-shot build (not
    options.trust_output) that forks workers replaces the inputs `held` (one build.Inputs)
    by a new value whose seeds are unread (see _let_go) once keyed: no frame holds the seeds'
    bytes then, so their callers hold the one-slot list, not the inputs."""
    found: dict[int, Processed] = {}
    count = len(held[0].seeds)
    with clock.stage("cache"):
        keys = _seed_keys(held[0].seeds, knowledge_key, stage_functions())
        stored = store is not None and options.trust_output and _memo_stored.get("") == store.root
        _memo_stored.clear()  # until this build's results are stored
        hits = list(map(_processed_memo.get, keys))
        if stored:  # the memo's results are in the store: taken as they are (in C)
            found.update(zip(itertools.compress(range(len(keys)), hits), filter(None, hits)))
        asked = itertools.compress(range(len(keys)), map(operator.not_, hits))
        for n in asked if stored else range(len(keys)):
            key, hit = keys[n], hits[n]
            if hit is not None and stored:
                pass
            elif hit is not None and staging is not None and store is not None and key not in store:
                # remembered from a build into another folder: whole, or processed again
                if _is_summary(hit):
                    hit = None
                else:
                    hit, payload, brief = kept(hit)
                    staging.put_payload(key, payload, brief)
            elif hit is not None and store is None and _is_summary(hit):
                hit = None  # no cache here gives it back whole
            elif hit is None and store is not None:
                hit = _from_store(store, key, summary=staging is not None)
            if hit is not None:
                found[n] = hit
    missing = [n for n in range(count) if n not in found] if len(found) < count else []
    sink: Sink | None = None
    if staging is not None:
        into = staging

        def put(i: int, payload: bytes, brief: bytes) -> None:
            into.put_payload(keys[missing[i]], payload, brief)

        sink = put

    jobs = options.jobs or os.cpu_count() or 1
    prerendered: dict[str, Prerendered] = {}
    todo = [held[0].seeds[n] for n in missing]
    items: Sequence[SeedFile | spool.Parked] = todo
    with contextlib.ExitStack() as parking:
        forks = will_fork(len(todo), jobs)  # decided once: parking depends on it too
        if not options.trust_output and forks:
            # A one-shot build: every byte this process holds when the workers fork is
            # counted again in each worker's resident size. The seeds' bytes (~5 KB an
            # article) are parked in a scratch file the workers read back, and let go here.
            with clock.stage("read"):
                items = _park(todo, held, options, plan, parking)
        started = time.perf_counter()
        fresh = process_many(items, knowledge, jobs, options.progress, sink, plan, prerendered,
                             forks)
        split_wall_time(clock, time.perf_counter() - started, fresh)
    found.update(zip(missing, fresh, strict=True))
    results = tuple(map(found.__getitem__, range(count)))
    stale = frozenset(_processed_memo.keys() - set(keys)) if stored else None
    _processed_memo.clear()
    _processed_memo.update(zip(keys, results, strict=True))
    return Processing(results, keys, prerendered, stale)


def _park(
    todo: list[SeedFile],
    held: list[Inputs],
    options: BuildOptions,
    plan: PagePlan | None,
    parking: contextlib.ExitStack,
) -> list[spool.Parked]:
    """`todo` parked in a scratch file that `parking` closes, then emptied, and the hold on
    every seed's bytes let go (see _let_go)."""
    if plan is not None:  # the build's scratch folder beside the output
        folder = plan.folder
    else:  # (gather() alone): one of its own there, removed after
        out = options.out_path
        folder = out.parent / f".{out.name}-seeds-{os.getpid()}"
        parking.callback(shutil.rmtree, folder, ignore_errors=True)
    scratch = parking.enter_context(spool.scratch(folder))
    parked = spool.park(todo, scratch)
    todo.clear()
    _let_go(held)
    return parked


def _let_go(held: list[Inputs]) -> None:
    """Drop every hold of this process on the seeds' bytes (a one-shot build, once they are
    keyed and parked): the build's inputs in `held` are replaced by a new value whose seeds
    keep the paths alone, and the memos of the seed reader and of the keys, for a later build
    of this process, are emptied."""
    held[0] = dataclasses.replace(held[0], seeds=tuple(map(spool.unread, held[0].seeds)))
    seeds_stage.forget()
    forget_seed_keys()
    memory.release_free_memory()


def _from_store(
    store: article_cache.ArticleCache[Processed], key: str, summary: bool
) -> Processed | None:
    """A cached result, summarized() when `summary` (read from its stored summary, much
    smaller than the whole, when there is one)."""
    if summary:
        brief = store.get_summary(key)
        if brief is not None:
            return summarized(brief)
    found = store.get(key)
    return summarized(found) if found is not None and summary else found


def _is_summary(processed: Processed) -> bool:
    return processed.document is not None and summary_stage.is_summary(processed.document)


def whole_articles(
    done: Processing,
    stores: Sequence[article_cache.ArticleCache[Processed]],
    again: Callable[[str], Processed | None] = lambda path: None,
) -> Callable[[Article], Article]:
    """The article itself when the site holds it whole; else (a summary) the same article
    with its result read back from the first of `stores` that holds it: for rendering its
    page and data file in this process (a worker rendered most of them). An entry damaged
    since its summary was read (the summary's check reads only the entry's header and size)
    is no result: the seed is then processed `again`, from its path."""
    keys = {r.source_file: key for r, key in zip(done.results, done.keys, strict=True)}

    def whole(article: Article) -> Article:
        if not summary_stage.is_summary(article.document):
            return article
        key = keys[article.document.source_file]
        for store in stores:
            found = store.get(key) if key in store else None
            if found is not None and found.document is not None:
                return Article(article.slug, found.document, found.annotations)
        fresh = again(article.document.source_file)
        if fresh is not None and fresh.document is not None:
            return Article(article.slug, fresh.document, fresh.annotations)
        raise RuntimeError(f"{article.document.source_file}: no longer in the article cache")

    return whole


def split_wall_time(clock: Stopwatch, wall: float, results: Sequence[Processed]) -> None:
    """Charge the per-article wall time to parse+clean and annotate in proportion to the
    seconds each article reported (summed over workers, they would exceed the wall time)."""
    parse = sum(r.seconds[0] for r in results)
    annotate = sum(r.seconds[1] for r in results)
    share = parse / (parse + annotate) if parse + annotate > 0 else 1.0
    clock.add("parse+clean", wall * share)
    clock.add("annotate", wall * (1.0 - share))
