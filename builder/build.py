"""build(options) -> Report: the whole pipeline, read to write."""

from __future__ import annotations

import dataclasses
import gc
import itertools
import operator
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from builder import memory
from builder.assemble import site as site_stage
from builder.assemble import site_memo
from builder.assemble import site_update
from builder.diagnostics import Diagnostic, error
from builder.failures import relative_to_project, template_diagnostic, write_diagnostic
from builder.incremental import cache as article_cache
from builder.incremental import (
    manifest,
    regex_cache,
    results,
    seed_record,
    seed_stats,
    state,
)
from builder.incremental.results import (
    Processing,
    knowledge_fingerprint,
    load_knowledge,
    process_cached,
    whole_articles,
)
from builder.incremental.replaced import PATCH_MOST, replaced
from builder.incremental.reuse import Reuse, bytes_key, remember_entries
from builder.knowledge import Knowledge
from builder.model import Article, SiteConfig
from builder.options import BuildOptions, Report
from builder.process import (
    PagePlan,
    Prerendered,
    Processed,
    data_path,
    linked_ids,
    page_path,
    process_seed,
    stage_functions,
)
from builder.read import seeds as seeds_stage
from builder.read.seeds import SeedFile
from builder.render import pages as render_stage
from builder.render import template_cache
from builder.render.highlight import Known
from builder.search import indexer as search_stage
from builder.search import record_cache
from builder.stopwatch import Stopwatch
from builder.write import output as write_stage
from builder.write import search_index as build_search

CACHE_DIR = ".cache"  # in the output folder: carried over by every build, never a page
ARTICLES_CACHE = "articles"  # per-article results, under CACHE_DIR
MANIFEST = "manifest"  # the last build's inputs fingerprint and report, under CACHE_DIR
KNOWLEDGE = "knowledge"  # the loaded knowledge, for the next process, under CACHE_DIR
STATE = "state"  # what the last build kept in memory for the next, under CACHE_DIR (see state)
SEEDS = "seeds"  # the last build's seed keys by size and times, under CACHE_DIR (seed_record)
TEMPLATES = "templates"  # Jinja's compiled templates, under CACHE_DIR (see template_cache)
PATTERNS = "patterns"  # the builder's module-level patterns, under CACHE_DIR (see regex_cache)
RECORDS = "records"  # search records by shard, under CACHE_DIR (see search.record_cache)


# --- Phase one: read to assemble; nothing is written ------------------------------------------


@dataclass(frozen=True, slots=True)
class Gathered:
    """The checked model of the whole archive, before anything is rendered or written."""

    site: site_stage.Site
    articles: tuple[Article, ...]
    diagnostics: tuple[Diagnostic, ...]
    stage_seconds: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Inputs:
    """The seeds as read, and the knowledge's fingerprint (read before anything is loaded).
    Handed down in a one-slot list, which a one-shot build fills with a new value whose seeds
    are unread once they are parked (results.process_cached): no frame holds their bytes when
    the workers fork, as the callers hold the list, not the inputs."""

    seeds: tuple[SeedFile, ...]
    diagnostics: tuple[Diagnostic, ...]
    knowledge_key: str


def read_inputs(
    options: BuildOptions, clock: Stopwatch, unread: seed_record.Unread | None = None
) -> Inputs:
    """The seeds and the knowledge's fingerprint; with `unread`, the seeds it allows are
    left unread, their keys noted for results.seed_key (see seed_record), unless the
    knowledge changed since its record was taken (its keys are then those of other knowledge)."""
    with clock.stage("read"):
        # Taken again, right before the knowledge is loaded by it: see the check below.
        knowledge_key = knowledge_fingerprint(options.data_paths)
        if unread is not None and unread.context != _seeds_key(options, knowledge_key):
            unread = None
        seeds, diagnostics = seeds_stage.read_seeds(
            options.seeds_path, options.root, options.changed, unread
        )
        if unread is not None:
            results.remember_keys(seeds, unread.keys, knowledge_key + stage_functions())
    return Inputs(tuple(seeds), diagnostics, knowledge_key)


def gather(
    options: BuildOptions,
    clock: Stopwatch | None = None,
    inputs: Inputs | None = None,
    store: article_cache.ArticleCache[Processed] | None = None,
) -> Gathered:
    """Phase one: load knowledge, read seeds, parse, clean, annotate and assemble the Site."""
    return _gather(options, clock or Stopwatch(), [] if inputs is None else [inputs], store)[0]


def _gather(
    options: BuildOptions,
    clock: Stopwatch,
    held: list[Inputs],
    store: article_cache.ArticleCache[Processed] | None,
    staging: article_cache.ArticleCache[Processed] | None = None,
    plan: PagePlan | None = None,
    processed: Callable[[Processing], None] | None = None,
) -> tuple[Gathered, Processing]:
    """gather() of the inputs in `held` (read into it when it is empty; see Inputs); `processed`
    is told the articles' results before they are assembled."""
    if not held:
        held.append(read_inputs(options, clock))
    key = held[0].knowledge_key
    with clock.stage("knowledge"):
        saved = options.out_path / CACHE_DIR / KNOWLEDGE if options.cache else None
        knowledge, diagnostics = load_knowledge(options.data_paths, key, saved)
        diagnostics = tuple(relative_to_project(options.root, d) for d in diagnostics)
    # A CLI build keeps the knowledge, the results and the Site to its end: each is put out
    # of the collector's reach once made (a preview freezes its archive when settled).
    one_shot = options.freeze_made and not options.trust_output
    if one_shot:
        memory.keep_made()  # before the workers fork
    done = process_cached(held, knowledge, key, options, clock, store, staging, plan)
    if one_shot:
        memory.keep_made()
    if processed is not None:
        processed(done)
    with clock.stage("assemble"):
        site, site_diags = assemble(done, options.site_config, knowledge, key)
        if one_shot:
            memory.keep_made()
    every = (
        *diagnostics,
        *held[0].diagnostics,
        *itertools.chain.from_iterable(map(operator.attrgetter("diagnostics"), done.results)),
        *site_diags,
    )
    return Gathered(site, tuple(site.articles), tuple(every), clock.table()), done


def assemble(
    done: Processing, config: SiteConfig, knowledge: Knowledge, knowledge_key: str
) -> tuple[site_stage.Site, tuple[Diagnostic, ...]]:
    """site.assemble() of the readable results; when this process assembled nearly the same
    archive last time (the same files, a few results new), that Site updated instead. Results
    are frozen, so a result that is the very object used last time is unchanged."""
    documents = list(map(operator.attrgetter("document"), done.results))  # in C: 10,000 a build
    readable = list(map(operator.is_not, documents, itertools.repeat(None)))
    annotations = map(operator.attrgetter("annotations"), done.results)
    items = list(
        zip(itertools.compress(documents, readable), itertools.compress(annotations, readable))
    )
    result = None
    previous = site_memo.SITES.get(knowledge_key)
    if previous is not None and len(previous[0]) == len(items):
        changed = sorted(  # compared in C: the archive's items are many, the edited few
            {
                n
                for part in (operator.itemgetter(0), operator.itemgetter(1))
                for n in itertools.compress(
                    range(len(items)),
                    map(operator.is_not, map(part, items), map(part, previous[0])),
                )
            }
        )
        if not changed:
            result = previous[1], previous[2]
        elif len(changed) <= PATCH_MOST:
            edited = [items[n] for n in changed]
            result = site_update.update(previous[1], previous[2], edited)
    if result is None:
        result = site_stage.assemble(items, config, knowledge.gazetteer)
    site_memo.SITES.clear()
    site_memo.SITES[knowledge_key] = (items, *result)
    return result


def blocks_writing(gathered: Gathered, strict: bool) -> bool:
    """Whether phase one forbids writing: under strict any error does; and errors that left
    no article at all would only replace a good site by an empty one."""
    errors = any(d.is_error for d in gathered.diagnostics)
    return errors and (strict or not gathered.articles)


# --- Phase two: render and write ---------------------------------------------------------------


def render(
    options: BuildOptions, site: site_stage.Site
) -> tuple[dict[str, bytes], tuple[Diagnostic, ...]]:
    """Every output file in memory: rendered pages and data, plus the static assets."""
    try:
        files = dict(render_stage.render_site(site, options.site_config, options.templates_path))
    except Exception as exc:  # noqa: BLE001 - reported as a located error
        return {}, (template_diagnostic(exc, options.root),)
    clashes: list[Diagnostic] = []
    for rel, data in static_files(options.static_path).items():
        if rel in files:
            clashes.append(error(rel, 0, "a static file has the same path as a rendered page"))
        files[rel] = data
    return files, tuple(clashes)


def static_files(static_dir: Path) -> dict[str, bytes]:
    """static/ as output files under `static/`, hidden files (editor/OS litter) left out."""
    if not static_dir.is_dir():
        return {}
    files: dict[str, bytes] = {}
    for path in sorted(static_dir.rglob("*")):
        rel = path.relative_to(static_dir)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            files["static/" + rel.as_posix()] = path.read_bytes()
    return files


def build(options: BuildOptions) -> Report:
    """Read, parse, clean, annotate, assemble; then render and write atomically.

    With options.cache, per-article results are kept in `<out>/.cache/` and reused while the
    seed, its sidecar, the knowledge and the code are unchanged; and when nothing the build
    reads has changed and the output is as the last build left it, that build's report is
    returned without loading anything. Either way the output is what a clean build writes.
    """
    finish_search()  # a build of this process never starts over a bundle being brought up to date
    clock, start = Stopwatch(), time.perf_counter()
    out = options.out_path
    unsafe = write_stage.check_output_dir(out, options.root, options.inputs)
    if unsafe is not None:
        return _report((unsafe,), clock, start, out)
    fingerprint, last, state_key, knowledge_key = "", None, "", ""
    unread: seed_record.Unread | None = None
    if options.cache:
        with clock.stage("cache"):
            # The knowledge's files (~1 MB) hashed once for the keys taken before anything is
            # read (read_inputs takes it again, right before the knowledge is loaded by it).
            knowledge_key = knowledge_fingerprint(options.data_paths)
            fingerprint = inputs_fingerprint(options, knowledge_key)
            last = manifest.load(out / CACHE_DIR / MANIFEST, trust=options.trust_output)
            previous = manifest.unchanged(last, out, fingerprint, CACHE_DIR)
        if previous is not None:
            return dataclasses.replace(
                previous,
                seconds=time.perf_counter() - start,
                stage_seconds=clock.table(),
                changed=0,
                output=str(out),
            )
        with clock.stage("cache"):
            last = manifest.as_left(last, out, CACHE_DIR)
            template_cache.use(options.templates_path, out / CACHE_DIR / TEMPLATES)
            regex_cache.prefill(out / CACHE_DIR / PATTERNS)  # before the annotator is imported
        if options.keep_state:
            with clock.stage("cache"):
                # Taken once, before anything is read: the state saved at the end is keyed by
                # what this build read, even if a template or data file changes meanwhile.
                state_key = _state_key(options, knowledge_key)
                if state.is_cold():  # a new process: take the last state
                    store_root = _article_store(out).root
                    state.resume(out / CACHE_DIR / STATE, state_key, last, store_root)
                # The seeds whose results this process holds need not be read (seed_record).
                seeds_key = _seeds_key(options, knowledge_key)
                kept = seed_record.load(out / CACHE_DIR / SEEDS, seeds_key)
                unread = seed_record.Unread(seeds_key, kept, results.held_keys())
    # Handed to _build, which lets go of the seeds' bytes once they are processed.
    inputs: list[Inputs] = [read_inputs(options, clock, unread)]
    plan = PagePlan(options.site_config, options.templates_path, _sibling(out, "pages"))
    try:
        if not options.cache:
            return _build(options, inputs, clock, start, plan=plan)[0]
        staging = article_cache.ArticleCache[Processed](_sibling(out, "cache"))
        try:
            reuse = Reuse(last, _templates_key(options), {})
            store = _article_store(out)
            report, done = _build(options, inputs, clock, start, store, staging, reuse, plan)
            if report.written and done is not None:
                with clock.stage("cache"):
                    _store_results(out, done, staging)
                    # Not in the report the manifest keeps (a no-change build gives it again).
                    notes = record_cache.adopt(_sibling(out, RECORDS), out / CACHE_DIR / RECORDS)
                    template_cache.save(options.templates_path, out / CACHE_DIR / TEMPLATES)
                    regex_cache.save(out / CACHE_DIR / PATTERNS)
                report = dataclasses.replace(report, stage_seconds=clock.table())
                if reuse.later is not None:
                    seconds = time.perf_counter() - start
                    made = dataclasses.replace(report, seconds=seconds)
                    templates = options.templates_path
                    _pending.append(
                        lambda: _catch_up(out, fingerprint, made, reuse, clock, templates)
                    )
                    return _noted(made, notes)
                _record(out, fingerprint, report, reuse, clock)
                report = _noted(report, notes)
                if options.trust_output:
                    _settle(options.templates_path)
                elif options.keep_state:  # a one-shot build: the next is another process's
                    with clock.stage("cache"):
                        sources = {r.source_file: k for r, k in zip(done.results, done.keys)}
                        path, store_root = out / CACHE_DIR / STATE, _article_store(out).root
                        state.save(path, state_key, sources, store_root, reuse.pages)
                        if unread is not None:
                            seeds_path = out / CACHE_DIR / SEEDS
                            seed_record.save(seeds_path, unread, sources)
                    report = dataclasses.replace(report, stage_seconds=clock.table())
        finally:
            shutil.rmtree(staging.root, ignore_errors=True)
            shutil.rmtree(_sibling(out, RECORDS), ignore_errors=True)
    finally:
        shutil.rmtree(plan.folder, ignore_errors=True)
    return dataclasses.replace(report, seconds=time.perf_counter() - start)


def _state_key(options: BuildOptions, knowledge_key: str) -> str:
    """What the memos a build keeps depend on besides the articles (see state.State.key)."""
    return state.key(
        article_cache.code_fingerprint(),
        stage_functions(),
        knowledge_key,
        repr(options.site_config),
        _templates_key(options),
    )


def _seeds_key(options: BuildOptions, knowledge_key: str) -> str:
    """What the seed keys a seed_record holds depend on besides the seeds themselves."""
    return seed_record.context(
        article_cache.code_fingerprint(),
        stage_functions(),
        knowledge_key,
        str(options.seeds_path),
        str(options.root),
    )


def _record(out: Path, fingerprint: str, report: Report, reuse: Reuse, clock: Stopwatch) -> None:
    """Save the manifest of a build whose output is complete (search index included), and
    keep its pages' parts for the next build of this process."""
    with clock.stage("cache"):
        path = out / CACHE_DIR / MANIFEST
        report = dataclasses.replace(report, stage_seconds=clock.table())
        files, digests = reuse.files, reuse.digests
        manifest.save(path, out, fingerprint, report, reuse.pages, reuse.searchable, files, digests)
        remember_entries(reuse)


# Per process: the preview build whose search index is still to be brought up to date.
_pending: list[Callable[[], Report]] = []


def finish_search() -> Report | None:
    """Bring the search index of the build that left it for later (see
    BuildOptions.search_later) up to date, and record that build: its report, search
    included and its seconds the build's plus this step's; None if nothing was pending."""
    return _pending.pop()() if _pending else None


def _settle(templates: Path) -> None:
    """After a preview's build is complete: compile the templates it did not need (see
    render_stage.compile_all), collect the young generations and freeze what survives (the
    archive this process keeps), so that the garbage collector's full passes in its later
    builds do not walk every object of it (~0.25 s at 2,000 articles, growing with the
    archive). Objects are still freed as their last reference goes."""
    render_stage.compile_all(templates)
    gc.collect(1)
    gc.freeze()


def _catch_up(
    out: Path, fingerprint: str, report: Report, reuse: Reuse, clock: Stopwatch, templates: Path
) -> Report:
    """The second half of a build that put its pages in place first (see finish_search).
    Until it ends, the manifest on disk is the one before the build: it never matches the
    new inputs, and lists the files the build changed with their old size and time, so a
    build after a crash here renders those again (and indexes search) rather than trust them."""
    later, reuse.later = reuse.later, None
    assert later is not None and reuse.files is not None
    started = time.perf_counter()
    kept, staged = out / CACHE_DIR / RECORDS, _sibling(out, RECORDS)
    try:
        with clock.stage("search"):
            records = build_search.Records(kept, staged)
            found, changed, touched, removed = build_search.catch_up(
                later, reuse, reuse.files, records
            )
            notes = record_cache.adopt(staged, kept)
    except (write_stage.OutputError, OSError) as exc:
        problems = (*report.diagnostics, write_diagnostic(exc, out))
        return dataclasses.replace(report, diagnostics=problems, written=False)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    held = build_search.bundle_files(reuse.files)
    reuse.files = manifest.patched(reuse.files, out, touched, removed)
    report = dataclasses.replace(
        report,
        diagnostics=(*report.diagnostics, *found),
        files=report.files - held + build_search.bundle_files(reuse.files),
        changed=report.changed + changed,
    )
    _record(out, fingerprint, report, reuse, clock)
    _settle(templates)
    seconds = report.seconds + time.perf_counter() - started
    report = _noted(report, notes)
    return dataclasses.replace(report, seconds=seconds, stage_seconds=clock.table())


def _noted(report: Report, notes: Sequence[Diagnostic]) -> Report:
    """`report` with the warnings of keeping this build's search records (see
    record_cache.adopt) added."""
    if not notes:
        return report
    return dataclasses.replace(report, diagnostics=(*report.diagnostics, *notes))


def _build(
    options: BuildOptions,
    held: list[Inputs],
    clock: Stopwatch,
    start: float,
    store: article_cache.ArticleCache[Processed] | None = None,
    staging: article_cache.ArticleCache[Processed] | None = None,
    reuse: Reuse | None = None,
    plan: PagePlan | None = None,
) -> tuple[Report, Processing | None]:
    """Everything after the fast path: gather, then render and write unless that is blocked.
    `held` holds the inputs (emptied here: the seeds' bytes are not needed once processed)."""
    early: list[build_search.Indexing] = []
    first = reuse is None or reuse.last is None  # nothing of a previous build to take

    def processed(done: Processing) -> None:
        # A first build: the workers made every page's search record with the page, so
        # the index can start now, while the site is assembled and its pages rendered. It
        # holds if the build adopts those pages and indexes no other (checked after).
        made = {page_path(p.slug): p.search for p in done.prerendered.values() if p.search}
        pages = sorted(page_path(p.slug) for p in done.prerendered.values() if p.marked)
        readable = sum(1 for r in done.results if r.document is not None)
        every = len(done.prerendered) == readable  # else some come from the article cache
        if first and every and pages and all(rel in made for rel in pages):
            out = options.out_path.resolve()
            kept = _records(options)
            indexing = build_search.Indexing(None, pages, reuse, made=made, out=out, records=kept)
            early.append(indexing.start())

    try:
        gathered, done = _gather(options, clock, held, store, staging, plan, processed)
        inputs = held.pop()
        paths = list(map(operator.attrgetter("path"), inputs.seeds))
        knowledge_key = inputs.knowledge_key
        del inputs
        if not options.trust_output:
            # A one-shot build: no later build of this process reuses what it read, so the
            # seeds' bytes (~5 KB an article) go now, before pages and search index are made.
            seeds_stage.forget()
            results.forget_seed_keys()
        if blocks_writing(gathered, options.strict):
            return _report(gathered.diagnostics, clock, start, options.out_path, gathered), None
        if reuse is not None:
            by_file = dict(zip(paths, done.keys, strict=True))
            reuse.plan(options, gathered.site, by_file)
        whole = whole_articles(
            done, [s for s in (staging, store) if s is not None], _processor(options, knowledge_key)
        )
        report = _render_and_write(
            options, gathered, clock, start, reuse, done.prerendered, whole, early
        )
        return report, done
    finally:
        for indexing in early:  # one not finished (the build stopped, or it did not hold)
            indexing.discard()


def _processor(options: BuildOptions, knowledge_key: str) -> Callable[[str], Processed | None]:
    """Process one seed again, read from disk by its shown path (None when it is gone)."""

    def again(path: str) -> Processed | None:
        seed = seeds_stage.read_one(options.seeds_path, options.root, path)
        if seed is None:
            return None
        knowledge, _ = load_knowledge(options.data_paths, knowledge_key)
        return process_seed(seed, knowledge)

    return again


def _templates_key(options: BuildOptions) -> str:
    return article_cache.fingerprint_files(manifest.tree(options.templates_path))


def _sibling(out: Path, role: str) -> Path:
    """A folder beside the output for this process's scratch work."""
    return out.parent / f".{out.name}-{role}-{os.getpid()}"


def _records(options: BuildOptions) -> build_search.Records | None:
    """Where the search step keeps its records (see search.record_cache): read from the
    output's cache, written beside the output (moved in once the build's tree is in place:
    see record_cache.adopt); none without a cache."""
    if not options.cache:
        return None
    out = options.out_path
    return build_search.Records(out / CACHE_DIR / RECORDS, _sibling(out, RECORDS))


def _article_store(out: Path) -> article_cache.ArticleCache[Processed]:
    return article_cache.ArticleCache(out / CACHE_DIR / ARTICLES_CACHE)


def _store_results(
    out: Path, done: Processing, staging: article_cache.ArticleCache[Processed]
) -> None:
    """Move this build's new results from `staging` into the article cache (now inside the
    swapped-in tree) and remove the entries no current seed uses."""
    store = _article_store(out)
    if not store.root.exists() and staging.root.is_dir():
        # A first build (or one after the cache was removed): the staging folder becomes the
        # cache in one rename, not one per entry and summary (20,000 at 10,000 articles).
        store.root.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging.root, store.root)
    for key in sorted(staging.keys()):
        staging.move(key, store)
    if done.stale is None:
        store.prune(keep=done.keys)
    for key in sorted(done.stale or ()):
        store.remove(key)
    results.note_stored(store.root)
    results.save_knowledge(out / CACHE_DIR / KNOWLEDGE)


def inputs_fingerprint(options: BuildOptions, knowledge_key: str = "") -> str:
    """A hash of everything a build reads, taken before it reads anything: the code, the
    knowledge, templates and static files (their bytes), the settings, whether search can be
    indexed, and every file under the seeds folder by path, size and modification time (as
    make does: reading and hashing 10,000 seeds would cost more than the whole no-change build).
    A seeds folder holding a symbolic link gets a fingerprint that never matches.
    `knowledge_key`: the knowledge's fingerprint, when the caller took it."""
    settings = (
        repr(options.site_config),
        repr(options.strict),
        str(options.root),
        str(options.seeds_path),
        str(options.templates_path),
        str(search_stage.find_binary()),
        stage_functions(),
        f"{render_stage.iter_site.__module__}.{render_stage.iter_site.__qualname__}",
    )
    seeds = seed_stats.listing(options.seeds_path, options.changed)
    named: list[tuple[str, bytes]] = [
        ("code", article_cache.code_fingerprint().encode()),
        ("knowledge", (knowledge_key or knowledge_fingerprint(options.data_paths)).encode()),
        ("settings", "\n".join(settings).encode()),
        ("seeds", seed_stats.text(seeds).encode() if seeds is not None else os.urandom(16)),
    ]
    for folder in (options.templates_path, options.static_path):
        named += [(f"{folder.name}/{rel}", data) for rel, data in manifest.tree(folder)]
    return article_cache.fingerprint_files(named)


def _render_and_write(
    options: BuildOptions,
    gathered: Gathered,
    clock: Stopwatch,
    start: float,
    reuse: Reuse | None = None,
    prerendered: Mapping[str, Prerendered] | None = None,
    whole: Callable[[Article], Article] | None = None,
    begun: Sequence[build_search.Indexing] = (),
) -> Report:
    """Render every page straight into the new tree (never all of them in memory), taking
    the article pages workers rendered where they hold, add the static files and the search
    index, and swap the tree in. `begun`: a search index started before the site was
    assembled, from the pages workers rendered (taken if the build indexes those)."""
    out, diagnostics = options.out_path, gathered.diagnostics
    keep = (CACHE_DIR,) if options.cache else ()
    # Over a folder the last build left (with its manifest), patch it in place: an edit then
    # writes what it changes; otherwise build a whole new tree aside and swap it in.
    last = reuse.last if reuse is not None else None
    later = options.search_later and last is not None
    held = (search_stage.BUNDLE,) if later else ()  # the last build's bundle, until caught up
    # A trusted folder holds what the last build listed: stale files are found from that
    # (the entries the patch leaves as they are aside).
    listed = manifest.names(last.files, (*keep, *held)) if last and last.trusted else None
    try:
        with (
            write_stage.PatchWriter(out, keep, last.trusted, hold=held, listed=listed)
            if last is not None
            else write_stage.TreeWriter(out, keep)
        ) as tree:
            with clock.stage("write"):
                skip = reuse.take(tree) if reuse is not None else frozenset()
                adopted = _adopt(tree, gathered.site, prerendered or {}, skip)
            # The search records workers made with the pages taken from them.
            made = {page_path(slug): pre.search for slug, pre in adopted.items() if pre.search}
            # The index begun before assembling holds if every page it reads was taken as is.
            early = [i for i in begun if i.reads(made)]
            for indexing in begun:
                if indexing not in early:
                    indexing.discard()  # now: it would take a core from the rendering

            def articles_done(found: build_search.Searchable) -> None:
                # Every article page is in the tree: index the marked pages now (Pagefind in
                # its own process, on the other core), unless the preview leaves it for later.
                if found.marked and not later and not early:
                    pages = sorted(found.marked)
                    unchanged = _unchanged_pages(reuse, skip)
                    indexing = build_search.Indexing(
                        tree, pages, reuse, unchanged, made, records=_records(options)
                    )
                    early.append(indexing.start())

            try:
                # A preview indexing after its pages has nothing to start when they are in.
                told = None if later else articles_done
                found = _fill_tree(
                    tree, options, gathered.site, clock, skip, reuse, adopted, whole, told
                )
            except BaseException:
                for indexing in early:
                    indexing.discard()
                raise
            if isinstance(found, Diagnostic):
                for indexing in early:
                    indexing.discard()
                return _report((*diagnostics, found), clock, start, out, gathered)
            if reuse is not None:
                reuse.searchable = found
            unchanged = _unchanged_pages(reuse, skip)
            if later:
                assert reuse is not None and last is not None
                reuse.later = build_search.Later(
                    out, keep, tuple(found.pages), unchanged, last.trusted
                )
            else:
                # "search": the time the build waits for the index after its pages are made
                with clock.stage("search"):
                    begun_early = early[0] if early else None
                    if begun_early is None or not begun_early.matches(found.pages, unchanged):
                        # A page the index needs was made after the articles' (a template
                        # marking listing pages, or marking none): index them all now.
                        if begun_early is not None:
                            begun_early.discard()
                        final = build_search.Indexing(
                            tree, found.pages, reuse, unchanged, made, records=_records(options)
                        )
                        final.run()
                    else:
                        final = begun_early
                    diagnostics = (*diagnostics, *final.finish(tree))
            with clock.stage("write"):
                changed = tree.commit(wait=False)
                if reuse is not None and isinstance(tree, write_stage.PatchWriter):
                    assert last is not None  # a patch is written over the last build only
                    reuse.files = manifest.patched(last.files, out, tree.touched(), tree.removed)
    except (write_stage.OutputError, OSError) as exc:
        if reuse is not None:
            reuse.later = None
        return _report((*diagnostics, write_diagnostic(exc, out)), clock, start, out, gathered)
    pages = sum(map(str.endswith, tree.paths, itertools.repeat(".html")))
    files = len(tree.paths)
    if later and reuse is not None and reuse.files is not None:
        files += build_search.bundle_files(reuse.files)  # held as the last build left them
    return _report(diagnostics, clock, start, out, gathered, files, pages, changed)


def _fill_tree(
    tree: write_stage.Writer,
    options: BuildOptions,
    site: site_stage.Site,
    clock: Stopwatch,
    skip: frozenset[str] = frozenset(),
    reuse: Reuse | None = None,
    adopted: Mapping[str, Prerendered] | None = None,
    whole: Callable[[Article], Article] | None = None,
    articles_done: Callable[[build_search.Searchable], None] | None = None,
) -> build_search.Searchable | Diagnostic:
    """Every rendered file and static asset into `tree`; returns the HTML pages for the
    search index, or the diagnostic that stops the build (nothing is then swapped in).
    `adopted`: the articles (by slug) whose page and data file a worker put there.
    `articles_done`: told once, with the pages noted so far, as soon as every article's
    page is in the tree (the listing pages, most of the rendering, are still to come)."""
    found = build_search.Searchable([], [])
    waiting: set[str] = set()
    if articles_done is not None:  # the article pages still to come (found in C)
        waiting = set(map(page_path, map(operator.attrgetter("slug"), site.articles)))
    for slug, pre in sorted((adopted or {}).items()):
        found.note(page_path(slug), pre.marked, pre.document)
    # Reused pages are indexed like rendered ones (as the last build gave them: in bulk).
    last = reuse.last if reuse is not None else None
    if last is not None:
        reused = set(map(page_path, skip))
        documents = last.documents.intersection(reused)
        found.documents.extend(documents)
        found.marked.extend(last.marked.intersection(documents))
    for slug in sorted(skip) if last is None else ():
        rel = page_path(slug)
        data = tree.path(rel).read_bytes()
        found.note(rel, search_stage.BODY_MARK in data, b"<html" in data)
    skip = skip | frozenset(adopted or ())  # neither rendered again nor noted twice
    waiting.difference_update(map(page_path, skip))
    if articles_done is not None and not waiting:
        articles_done(found)
    recall = reuse.recall if reuse is not None else None
    groups = reuse.groups() if reuse is not None else None
    if whole is not None:
        site = dataclasses.replace(site, whole=whole)
    rendered = render_stage.iter_site(
        site, options.site_config, options.templates_path, skip=skip, recall=recall, groups=groups
    )
    while True:
        tick = time.perf_counter()
        try:
            rel, data = next(rendered)
        except StopIteration:
            break
        except Exception as exc:  # noqa: BLE001 - reported as a located error
            return template_diagnostic(exc, options.root)
        tock = time.perf_counter()
        clock.add("render", tock - tick)
        tree.add(rel, data)
        if rel.endswith(".html"):
            found.note(rel, search_stage.BODY_MARK in data, b"<html" in data)
            if reuse is not None and rel not in reuse.pages:  # rendered without a digest
                reuse.pages[rel] = bytes_key(reuse.settings, data)
            if waiting and rel in waiting:
                waiting.discard(rel)
                if not waiting and articles_done is not None:
                    articles_done(found)
        clock.add("write", time.perf_counter() - tock)
    if reuse is not None:
        reuse.basis = render_stage.kept_basis()
    if reuse is not None and reuse.last is not None:  # as the last build found them
        found.note_all(reuse.recalled, reuse.last.marked, reuse.last.documents)
    with clock.stage("write"):
        for rel, data in static_files(options.static_path).items():
            if rel in tree:
                return error(rel, 0, "a static file has the same path as a rendered page")
            tree.add(rel, data)
    found.marked.sort()
    found.documents.sort()
    assert len(set(found.documents)) == len(found.documents), "a page is indexed once"
    return found


def _adopt(
    tree: write_stage.Writer,
    site: site_stage.Site,
    prerendered: Mapping[str, Prerendered],
    skip: frozenset[str],
) -> dict[str, Prerendered]:
    """Move into `tree` each page and data file a worker rendered for an article the site
    gives the same slug and linked ids (see Prerendered); returns those, by slug."""
    if not prerendered:
        return {}
    known = Known(site.place_ids(), site.day_ids(), site.source_ids())
    taken: dict[str, Prerendered] = {}
    for article in site.articles:
        pre = prerendered.get(article.document.source_file)
        if pre is None or article.slug in skip or pre.slug != article.slug:
            continue
        if pre.linked != linked_ids(article, known):
            continue
        tree.adopt(page_path(article.slug), Path(f"{pre.stem}.page"))
        tree.adopt(data_path(article.slug), Path(f"{pre.stem}.data"))
        taken[article.slug] = pre
    return taken


def _unchanged_pages(reuse: Reuse | None, skip: frozenset[str]) -> frozenset[str]:
    """The pages this build took from the previous one as they were (article pages by slug
    in `skip`, and the pages recall() and the entries took)."""
    if reuse is None:
        return frozenset()
    return frozenset(reuse.recalled) | frozenset(map(page_path, skip))


def _report(
    diagnostics: Sequence[Diagnostic],
    clock: Stopwatch,
    start: float,
    out: Path,
    gathered: Gathered | None = None,
    files: int | None = None,
    pages: int = 0,
    changed: int = 0,
) -> Report:
    """The build's report; `files` is how many files were written (None: nothing was)."""
    articles = gathered.articles if gathered else ()
    return Report(
        articles=len(articles),
        pages=pages,
        claims=_claims(articles),
        diagnostics=tuple(diagnostics),
        written=files is not None,
        seconds=time.perf_counter() - start,
        stage_seconds=clock.table(),
        files=files + 1 if files is not None else 0,  # and the marker file
        changed=changed,
        output=str(out),
    )


# Per process: the articles the last report counted the claims of, and their count.
_counted: list[tuple[Sequence[Article], int]] = []


def _claims(articles: Sequence[Article]) -> int:
    """How many claims the articles make: the last report's count, corrected where the
    articles are not the very objects it counted (a preview's edit: found by a pass in C),
    or counted anew."""
    last = _counted[0] if _counted else None
    at = replaced(last[0], articles) if last is not None else None
    if last is not None and at is not None:
        was = last[0]
        count = last[1] + sum(
            len(articles[n].annotations.claims) - len(was[n].annotations.claims) for n in at
        )
    else:
        count = sum(len(a.annotations.claims) for a in articles)
    _counted[:] = [(articles, count)]
    return count
