"""build(options) -> Report: the whole pipeline, read to write."""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import itertools
import multiprocessing
import operator
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from builder import knowledge as knowledge_stage
from builder import urls
from builder.annotate import annotate
from builder.assemble import site as site_stage
from builder.assemble import site_update
from builder.assemble import summary as summary_stage
from builder.diagnostics import Diagnostic, error
from builder.incremental import cache as article_cache
from builder.incremental import manifest, seed_stats, state
from builder.knowledge import Knowledge
from builder.model import Annotations, Article, Document, SiteConfig
from builder.read import clean as clean_stage
from builder.read import parse as parse_stage
from builder.read import seeds as seeds_stage
from builder.read.seeds import SeedFile
from builder.render import pages as render_stage
from builder.render.highlight import Known
from builder.search import indexer as search_stage
from builder.write import output as write_stage
from builder.write import search_index as build_search

_PACKAGE = Path(__file__).resolve().parent
STAGES = (
    "read",
    "knowledge",
    "cache",
    "parse+clean",
    "annotate",
    "assemble",
    "render",
    "search",
    "write",
)
CACHE_DIR = ".cache"  # in the output folder: carried over by every build, never a page
ARTICLES_CACHE = "articles"  # per-article results, under CACHE_DIR
MANIFEST = "manifest"  # the last build's inputs fingerprint and report, under CACHE_DIR
STATE = "state"  # what the last build kept in memory for the next, under CACHE_DIR (see state)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What one build needs. Paths are absolute; overrides replace site.yaml's values."""

    root: Path  # the project folder (holds site.yaml, seeds/, templates/, static/)
    config: SiteConfig
    seeds_dir: Path | None = None
    out_dir: Path | None = None
    base_url: str | None = None
    strict: bool = False
    timings: bool = False
    jobs: int = 1  # processes for parse, clean and annotate (0: one per CPU)
    progress: Callable[[int, int], None] | None = None  # told (done, total) while annotating
    cache: bool = True  # keep <out>/.cache (per-article results, last build's manifest)
    # The preview's: nothing but this process writes the output folder between its builds, so
    # files the last build made are taken as it left them without a stat each.
    trust_output: bool = False
    # The preview's: over a patch, the pages are put in place first and the search index is
    # brought up to date after (finish_search(), which the next build also calls first).
    search_later: bool = False
    # The preview's: the files its watcher saw change since this process's last build (None:
    # not known, and every seed's size and time are checked).
    changed: frozenset[str] | None = None
    # Save what this build keeps in memory in <out>/.cache/state, and start from the last one's
    # (builder/incremental/state.py): a later CLI build after a small edit then updates the last
    # Site as the preview does. Off by default: at 10,000 articles the file is ~110 MB, saving it
    # costs ~10 s and ~200 MB of memory at the end of a build, loading it ~7 s.
    keep_state: bool = False

    @property
    def site_config(self) -> SiteConfig:
        """site.yaml's settings with this build's overrides applied."""
        if self.base_url is None:
            return self.config
        return dataclasses.replace(self.config, base_url=self.base_url)

    @property
    def seeds_path(self) -> Path:
        return self.seeds_dir or self.root / self.config.seeds_dir

    @property
    def out_path(self) -> Path:
        return self.out_dir or self.root / self.config.output_dir

    @property
    def templates_path(self) -> Path:
        return self.root / self.config.templates_dir

    @property
    def static_path(self) -> Path:
        return self.root / self.config.static_dir

    @property
    def data_paths(self) -> tuple[Path, ...]:
        return tuple(self.root / d for d in self.config.data_dirs)

    @property
    def inputs(self) -> tuple[Path, ...]:
        """Everything the build reads, which the output folder must never overlap."""
        config_file = self.root / "site.yaml"
        return (
            self.seeds_path,
            self.templates_path,
            self.static_path,
            config_file,
            *self.data_paths,
        )


@dataclass(frozen=True, slots=True)
class Report:
    """What a build did: counts, diagnostics, whether the site was written, per-stage seconds."""

    articles: int
    pages: int
    claims: int
    diagnostics: tuple[Diagnostic, ...]
    written: bool
    seconds: float
    stage_seconds: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    files: int = 0  # files in the output (pages, JSON, feeds, static assets)
    changed: int = 0  # files whose bytes changed (the rest were left untouched)
    output: str = ""  # the output folder

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)


# --- Per-article work: pure, picklable, cacheable by the seed's content ----------------------


@dataclass(frozen=True, slots=True)
class Processed:
    """One seed after parse, clean and annotate; `document` is None when it could not be read."""

    source_file: str
    document: Document | None
    annotations: Annotations
    diagnostics: tuple[Diagnostic, ...]
    seconds: tuple[float, float] = field(default=(0.0, 0.0), compare=False)  # parse+clean, annotate


def process_seed(seed: SeedFile, knowledge: Knowledge) -> Processed:
    """Parse, clean and annotate one seed. Depends only on its arguments (so it can run in
    another process, and its result can be cached by a hash of the seed and the knowledge)."""
    start = time.perf_counter()
    document, diagnostics = _parse_and_clean(seed, knowledge)
    parsed = time.perf_counter()
    annotations = Annotations()
    if document is not None:
        try:
            annotations = annotate(document, knowledge)
        except Exception as exc:  # noqa: BLE001 - a bug in one pass must not cost the archive
            diagnostics = (*diagnostics, _crash(seed.path, "annotate", exc))
            document = None
    seconds = (parsed - start, time.perf_counter() - parsed)
    diagnostics = (*diagnostics, *annotations.diagnostics)
    return Processed(seed.path, document, annotations, tuple(diagnostics), seconds)


def _parse_and_clean(
    seed: SeedFile, knowledge: Knowledge
) -> tuple[Document | None, tuple[Diagnostic, ...]]:
    try:
        document, diagnostics = parse_stage.parse_seed(seed, knowledge.furniture)
        if document is not None:
            document = clean_stage.clean(document, knowledge.furniture)
    except Exception as exc:  # noqa: BLE001 - reported as a located error
        return None, (_crash(seed.path, "parse", exc),)
    return document, tuple(diagnostics)


def _crash(path: str, stage: str, exc: Exception) -> Diagnostic:
    return error(
        path,
        1,
        f"internal error in {stage}: {type(exc).__name__}: {exc}",
        "this is a bug in the builder; please report it with this file",
    )


@dataclass(frozen=True, slots=True)
class PagePlan:
    """Lets workers render the page and data file of each article they annotate, into a
    scratch folder beside the output, so that rendering articles uses every core too."""

    config: SiteConfig
    templates_dir: Path
    folder: Path


@dataclass(frozen=True, slots=True)
class Prerendered:
    """An article page a worker rendered, under the slug and linked ids it assumed; the
    build takes it only when the assembled site gives the article the same of both."""

    slug: str
    linked: str
    marked: bool  # for the search index, as Searchable.note() is told
    document: bool
    folder: str  # holds "page" and "data"
    search: search_stage.Made | None = None  # its search record, made with it (a document's)


PARALLEL_MIN_SEEDS = 64  # below this, starting worker processes costs more than it saves
PROGRESS_EVERY = 50  # articles between two progress reports
_worker_knowledge: Knowledge | None = None  # set in the parent, inherited by forked workers
_worker_plan: PagePlan | None = None  # likewise, when workers render article pages


Progress = Callable[[int, int], None]  # (articles done, articles in all)


def process_all(
    seeds: Sequence[SeedFile],
    knowledge: Knowledge,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[Processed]:
    """Every seed through process_seed, results in seed order; large archives are spread
    over `jobs` forked processes, which inherit the knowledge instead of unpickling it."""
    return _process(seeds, knowledge, jobs, progress, None)


# told (seed index, result as the article cache stores it, its summary likewise)
Sink = Callable[[int, bytes, bytes], None]


def summarized(processed: Processed) -> Processed:
    """The result as the main process keeps it when the article cache can give it back whole
    (see builder.assemble.summary): a fraction of the memory, enough for everything but its page."""
    if processed.document is None:
        return processed
    document, annotations = summary_stage.summarize(processed.document, processed.annotations)
    return dataclasses.replace(processed, document=document, annotations=annotations)


def _process(
    seeds: Sequence[SeedFile],
    knowledge: Knowledge,
    jobs: int,
    progress: Progress | None,
    sink: Sink | None,
    plan: PagePlan | None = None,
    prerendered: dict[str, Prerendered] | None = None,
) -> list[Processed]:
    """process_all(), handing each result's cache payload to `sink` as it arrives (so that
    no payload is held). Workers send their results as that payload (pickled with the
    cache's fast reducers): the parent does not pickle them again to store them, and
    unpickles them faster than pickle's default for dataclasses. With a `plan`, workers also
    render each article's page (see PagePlan), noted in `prerendered` by seed path. With a
    `sink` the results returned are summarized() (the sink has them whole)."""
    if jobs <= 1 or len(seeds) < PARALLEL_MIN_SEEDS or not _can_fork():
        serial = (process_seed(seed, knowledge) for seed in seeds)
        payloads = (_kept(p) if sink else (p, b"", b"") for p in serial)
        return _collect(payloads, len(seeds), progress, sink)
    global _worker_knowledge, _worker_plan
    _worker_knowledge, _worker_plan = knowledge, plan
    try:
        context = multiprocessing.get_context("fork")
        chunk = max(1, min(64, len(seeds) // (jobs * 8)))
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            sent = pool.map(_process_in_worker, seeds, chunksize=chunk)
            payloads = (_received(*sent_one, prerendered, sink is not None) for sent_one in sent)
            return _collect(payloads, len(seeds), progress, sink)
    finally:
        _worker_knowledge, _worker_plan = None, None


def _kept(processed: Processed) -> tuple[Processed, bytes, bytes]:
    """A result as this process keeps it (summarized), and the whole and the summary as the
    article cache stores them."""
    brief = summarized(processed)
    return brief, article_cache.dumps(processed), article_cache.dumps(brief)


def _received(
    data: bytes,
    brief: bytes,
    pre: Prerendered | None,
    prerendered: dict[str, Prerendered] | None,
    summary: bool,
) -> tuple[Processed, bytes, bytes]:
    """A worker's result: the whole one when nothing keeps it, else its summary (unpickled
    and summarized again, which interns its strings in this process: they are shared by
    every article that holds them, and the whole result is never unpickled here)."""
    processed = summarized(pickle.loads(brief)) if summary else pickle.loads(data)
    if pre is not None and prerendered is not None:
        prerendered[processed.source_file] = pre
    return processed, data, brief


def _collect(
    results: Iterable[tuple[Processed, bytes, bytes]],
    total: int,
    progress: Progress | None,
    sink: Sink | None,
) -> list[Processed]:
    done: list[Processed] = []
    for processed, payload, brief in results:
        if sink is not None:
            sink(len(done), payload, brief)
        done.append(processed)
        if progress is not None and (len(done) % PROGRESS_EVERY == 0 or len(done) == total):
            progress(len(done), total)
    return done


def _process_in_worker(seed: SeedFile) -> tuple[bytes, bytes, Prerendered | None]:
    """The result as the cache stores it, its summary likewise, and its page if rendered."""
    assert _worker_knowledge is not None, "workers are forked after the knowledge is set"
    processed = process_seed(seed, _worker_knowledge)
    pre = _prerender(processed, _worker_plan) if _worker_plan is not None else None
    return article_cache.dumps(processed), article_cache.dumps(summarized(processed)), pre


def _prerender(processed: Processed, plan: PagePlan) -> Prerendered | None:
    """Render an article's page and data file under the slug its title gives and with the
    ids it has pages for as the assembled site will have them (see linked_ids)."""
    document = processed.document
    if document is None:
        return None
    slug = urls.slugify(document.meta.slug or document.meta.title)
    article = Article(slug, document, processed.annotations)
    a = article.annotations
    published = {article.published.isoformat()} if article.published else set()
    days = {m.date for m in a.dates} | published
    known = Known(
        frozenset(p.id for p in a.places if urls.is_safe_id(p.id)),
        frozenset(d for d in days if len(d) == 10),
        frozenset(s.id for s in a.sources if urls.is_safe_id(s.id)),
    )
    try:
        (_, page), (_, data) = render_stage.article_files(
            article, plan.config, plan.templates_dir, known
        )
    except Exception:  # noqa: BLE001 - the build renders it again and reports what fails
        return None
    folder = plan.folder / article_cache.fingerprint_files([("", processed.source_file.encode())])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page").write_bytes(page)
    (folder / "data").write_bytes(data)
    marked, html = search_stage.BODY_MARK in page, b"<html" in page
    # The search record too: made here, on every core, it costs the build's own core nothing.
    made = search_stage.make_record(_page_path(slug), page, folder) if html else None
    return Prerendered(slug, linked_ids(article, known), marked, html, str(folder), made)


def linked_ids(article: Article, known: Known) -> str:
    """Which of the article's own ids have pages: all its page depends on besides itself."""
    kinds = (known.places, known.days, known.sources)
    return "\n".join(" ".join(sorted(_own_ids(article) & kind)) for kind in kinds)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# --- Phase one: read to assemble; nothing is written ------------------------------------------


@dataclass(frozen=True, slots=True)
class Gathered:
    """The checked model of the whole archive, before anything is rendered or written."""

    site: site_stage.Site
    articles: tuple[Article, ...]
    diagnostics: tuple[Diagnostic, ...]
    stage_seconds: tuple[tuple[str, float], ...]


class Stopwatch:
    """Wall seconds per named stage, in the order of STAGES."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def table(self) -> tuple[tuple[str, float], ...]:
        return tuple((name, self.seconds.get(name, 0.0)) for name in STAGES)


_knowledge_memo: dict[str, tuple[Knowledge, tuple[Diagnostic, ...]]] = {}


def knowledge_fingerprint(data_paths: tuple[Path, ...]) -> str:
    """What the knowledge depends on: the data folders and every data file's name and bytes."""
    files = article_cache.knowledge_files((knowledge_stage.BUILTIN_DATA, *data_paths))
    return article_cache.fingerprint_files(
        [("", repr(data_paths).encode()), ("", article_cache.fingerprint_knowledge(files).encode())]
    )


def load_knowledge(
    data_paths: tuple[Path, ...], fingerprint: str | None = None
) -> tuple[Knowledge, tuple[Diagnostic, ...]]:
    """knowledge.load(), reused while its files' bytes are unchanged: a preview rebuilds in
    the same process and should not pay for compiling the registries and gazetteer again."""
    key = fingerprint or knowledge_fingerprint(data_paths)
    if key not in _knowledge_memo:
        _knowledge_memo.clear()
        _knowledge_memo[key] = knowledge_stage.load(data_paths)
    return _knowledge_memo[key]


# Results of the previous build in this process, by cache key: a preview re-annotates only
# the articles that changed without reading the disk cache.
_processed_memo: dict[str, Processed] = {}
# The article cache folder that holds every result of _processed_memo, when one does (the
# last build stored them there): its entries need no look on disk to know they are there.
_memo_stored: dict[str, Path] = {}


def _stage_functions() -> str:
    """The per-article stage functions by name (part of every cache key: a build whose stages
    are replaced, as tests do, must not reuse another's results)."""
    functions = (parse_stage.parse_seed, clean_stage.clean, annotate)
    return " ".join(f"{f.__module__}.{f.__qualname__}" for f in functions)


# Per process: the last build's key of each seed object (the seed reader hands a preview's
# next build the very objects of the files that did not change), so they are not hashed again.
_key_memo: dict[int, tuple[SeedFile, str, str]] = {}


def seed_key(
    seed: SeedFile,
    knowledge_key: str,
    stages: str = "",
    made: dict[int, tuple[SeedFile, str, str]] | None = None,
) -> str:
    """The article cache's key for one seed's Processed result. `stages`: _stage_functions(),
    computed once by the caller; `made` collects the keys for the next build's memo."""
    stages = stages or _stage_functions()
    context = knowledge_key + stages  # what else the key hashes may change
    known = _key_memo.get(id(seed))
    if known is not None and known[0] is seed and known[1] == context:
        key = known[2]
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


# Per process: the last build's seeds (the objects), the context of their keys and the keys.
_seeds_memo: list[tuple[tuple[SeedFile, ...], str, tuple[str, ...]]] = []
RESEED_MOST = 64  # seeds replaced at most for the last keys to be taken but for those


def _seed_keys(seeds: Sequence[SeedFile], knowledge_key: str, stages: str) -> tuple[str, ...]:
    """seed_key() of every seed; when the seeds are the last build's objects but a few (a
    preview's edit), the last keys but for those, found without a look at each seed."""
    context = knowledge_key + stages
    last = _seeds_memo[0] if _seeds_memo else None
    made: dict[int, tuple[SeedFile, str, str]] = {}
    if last is not None and last[1] == context and len(last[0]) == len(seeds):
        replaced = list(itertools.compress(range(len(seeds)), map(operator.is_not, seeds, last[0])))
        if len(replaced) <= RESEED_MOST:
            found = list(last[2])
            for n in replaced:
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
    seeds: Sequence[SeedFile],
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
    `plan`, workers render their articles' pages too."""
    found: dict[int, Processed] = {}
    with clock.stage("cache"):
        keys = _seed_keys(seeds, knowledge_key, _stage_functions())
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
                    hit, payload, brief = _kept(hit)
                    staging.put_payload(key, payload, brief)
            elif hit is not None and store is None and _is_summary(hit):
                hit = None  # no cache here gives it back whole
            elif hit is None and store is not None:
                hit = _from_store(store, key, summary=staging is not None)
            if hit is not None:
                found[n] = hit
    missing = [n for n in range(len(seeds)) if n not in found] if len(found) < len(seeds) else []
    sink: Sink | None = None
    if staging is not None:
        into = staging

        def put(i: int, payload: bytes, brief: bytes) -> None:
            into.put_payload(keys[missing[i]], payload, brief)

        sink = put

    started = time.perf_counter()
    jobs = options.jobs or os.cpu_count() or 1
    prerendered: dict[str, Prerendered] = {}
    todo = [seeds[n] for n in missing]
    fresh = _process(todo, knowledge, jobs, options.progress, sink, plan, prerendered)
    _split_wall_time(clock, time.perf_counter() - started, fresh)
    found.update(zip(missing, fresh, strict=True))
    results = tuple(map(found.__getitem__, range(len(seeds))))
    stale = frozenset(_processed_memo.keys() - set(keys)) if stored else None
    _processed_memo.clear()
    _processed_memo.update(zip(keys, results, strict=True))
    return Processing(results, keys, prerendered, stale)


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


@dataclass(frozen=True, slots=True)
class Inputs:
    """The seeds as read, and the knowledge's fingerprint (read before anything is loaded)."""

    seeds: tuple[SeedFile, ...]
    diagnostics: tuple[Diagnostic, ...]
    knowledge_key: str


def read_inputs(options: BuildOptions, clock: Stopwatch) -> Inputs:
    with clock.stage("read"):
        seeds, diagnostics = seeds_stage.read_seeds(
            options.seeds_path, options.root, options.changed
        )
        knowledge_key = knowledge_fingerprint(options.data_paths)
    return Inputs(seeds, diagnostics, knowledge_key)


def gather(
    options: BuildOptions,
    clock: Stopwatch | None = None,
    inputs: Inputs | None = None,
    store: article_cache.ArticleCache[Processed] | None = None,
) -> Gathered:
    """Phase one: load knowledge, read seeds, parse, clean, annotate and assemble the Site."""
    return _gather(options, clock or Stopwatch(), inputs, store)[0]


def _gather(
    options: BuildOptions,
    clock: Stopwatch,
    inputs: Inputs | None,
    store: article_cache.ArticleCache[Processed] | None,
    staging: article_cache.ArticleCache[Processed] | None = None,
    plan: PagePlan | None = None,
    processed: Callable[[Processing], None] | None = None,
) -> tuple[Gathered, Processing]:
    """gather(); `processed` is told the articles' results before they are assembled."""
    inputs = inputs or read_inputs(options, clock)
    with clock.stage("knowledge"):
        knowledge, diagnostics = load_knowledge(options.data_paths, inputs.knowledge_key)
        diagnostics = tuple(_relative_to(options.root, d) for d in diagnostics)
    key = inputs.knowledge_key
    done = process_cached(inputs.seeds, knowledge, key, options, clock, store, staging, plan)
    if processed is not None:
        processed(done)
    with clock.stage("assemble"):
        site, site_diags = assemble(done, options.site_config, knowledge, key)
    every = (
        *diagnostics,
        *inputs.diagnostics,
        *itertools.chain.from_iterable(map(operator.attrgetter("diagnostics"), done.results)),
        *site_diags,
    )
    return Gathered(site, tuple(site.articles), tuple(every), clock.table()), done


# The last Site this process assembled, with the items it was assembled from: a preview's
# next build updates it for the articles whose results changed instead of assembling anew.
Items = list[tuple[Document, Annotations]]
_site_memo: dict[str, tuple[Items, site_stage.Site, tuple[Diagnostic, ...]]] = {}
UPDATE_MAX = 64  # articles changed at most for the last Site to be updated, not rebuilt


def assemble(
    done: Processing, config: SiteConfig, knowledge: Knowledge, knowledge_key: str
) -> tuple[site_stage.Site, tuple[Diagnostic, ...]]:
    """site.assemble() of the readable results; when this process assembled nearly the same
    archive last time (the same files, a few results new), that Site updated instead. Results
    are frozen, so a result that is the very object used last time is unchanged."""
    items = [(r.document, r.annotations) for r in done.results if r.document is not None]
    result = None
    previous = _site_memo.get(knowledge_key)
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
        elif len(changed) <= UPDATE_MAX:
            edited = [items[n] for n in changed]
            result = site_update.update(previous[1], previous[2], edited)
    if result is None:
        result = site_stage.assemble(items, config, knowledge.gazetteer)
    _site_memo.clear()
    _site_memo[knowledge_key] = (items, *result)
    return result


def _relative_to(root: Path, diagnostic: Diagnostic) -> Diagnostic:
    """Name a data file by its path in the project (or in the package) rather than as an
    absolute path of this machine."""
    path = Path(diagnostic.path)
    for base in (root, knowledge_stage.BUILTIN_DATA.parent.parent):
        if path.is_absolute() and path.is_relative_to(base):
            return dataclasses.replace(diagnostic, path=path.relative_to(base).as_posix())
    return diagnostic


def _split_wall_time(clock: Stopwatch, wall: float, results: Sequence[Processed]) -> None:
    """Charge the per-article wall time to parse+clean and annotate in proportion to the
    seconds each article reported (summed over workers, they would exceed the wall time)."""
    parse = sum(r.seconds[0] for r in results)
    annotate = sum(r.seconds[1] for r in results)
    share = parse / (parse + annotate) if parse + annotate > 0 else 1.0
    clock.add("parse+clean", wall * share)
    clock.add("annotate", wall * (1.0 - share))


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


def template_diagnostic(exc: Exception, root: Path) -> Diagnostic:
    """A rendering failure as `templates/x.html:12: error: ...`, located in the template."""
    import jinja2

    path, line = _template_location(exc)
    for base in (root.resolve(), _PACKAGE.parent):
        if path and Path(path).resolve().is_relative_to(base):
            path = Path(path).resolve().relative_to(base).as_posix()
            break
    kind = "template error" if isinstance(exc, jinja2.TemplateError) else "render failed"
    return error(path or "templates", line, f"{kind}: {type(exc).__name__}: {exc}")


def _template_location(exc: Exception) -> tuple[str, int]:
    """Where `exc` happened: its own fields, else the innermost template frame, else the
    innermost frame of the builder's own code (a bug in a view, not in a template)."""
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if filename and lineno:
        return filename, lineno
    template, code = ("", 0), ("", 0)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt", ".j2", ".jinja")):
            template = (name, tb.tb_lineno)
        elif Path(name).is_relative_to(_PACKAGE):
            code = (name, tb.tb_lineno)
        tb = tb.tb_next
    return template if template[0] else code


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
    fingerprint, last, state_key = "", None, ""
    if options.cache:
        with clock.stage("cache"):
            fingerprint = inputs_fingerprint(options)
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
        if options.keep_state:
            with clock.stage("cache"):
                # Taken once, before anything is read: the state saved at the end is keyed by
                # what this build read, even if a template or data file changes meanwhile.
                state_key = _state_key(options)
                if state.is_cold():  # a new process: take the last state
                    store = _article_store(out).root
                    state.resume(out / CACHE_DIR / STATE, state_key, last, store)
    # Handed to _build, which lets go of the seeds' bytes once they are processed.
    inputs: list[Inputs] = [read_inputs(options, clock)]
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
                report = dataclasses.replace(report, stage_seconds=clock.table())
                if reuse.later is not None:
                    seconds = time.perf_counter() - start
                    made = dataclasses.replace(report, seconds=seconds)
                    templates = options.templates_path
                    _pending.append(
                        lambda: _catch_up(out, fingerprint, made, reuse, clock, templates)
                    )
                    return made
                _record(out, fingerprint, report, reuse, clock)
                if options.trust_output:
                    _settle(options.templates_path)
                elif options.keep_state:  # a one-shot build: the next is another process's
                    with clock.stage("cache"):
                        sources = {r.source_file: k for r, k in zip(done.results, done.keys)}
                        path, store = out / CACHE_DIR / STATE, _article_store(out).root
                        state.save(path, state_key, sources, store, reuse.pages)
                    report = dataclasses.replace(report, stage_seconds=clock.table())
        finally:
            shutil.rmtree(staging.root, ignore_errors=True)
    finally:
        shutil.rmtree(plan.folder, ignore_errors=True)
    return dataclasses.replace(report, seconds=time.perf_counter() - start)


def _state_key(options: BuildOptions) -> str:
    """What the memos a build keeps depend on besides the articles (see state.State.key)."""
    return state.key(
        article_cache.code_fingerprint(),
        _stage_functions(),
        knowledge_fingerprint(options.data_paths),
        repr(options.site_config),
        _templates_key(options),
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
    try:
        with clock.stage("search"):
            found, changed, touched, removed = build_search.catch_up(later, reuse, reuse.files)
    except (write_stage.OutputError, OSError) as exc:
        problems = (*report.diagnostics, _write_diagnostic(exc, out))
        return dataclasses.replace(report, diagnostics=problems, written=False)
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
    return dataclasses.replace(report, seconds=seconds, stage_seconds=clock.table())


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
    inputs = held.pop()
    early: list[build_search.Indexing] = []
    first = reuse is None or reuse.last is None  # nothing of a previous build to take

    def processed(done: Processing) -> None:
        # A first build: the workers made every page's search record with the page, so
        # the index can start now, while the site is assembled and its pages rendered. It
        # holds if the build adopts those pages and indexes no other (checked after).
        made = {_page_path(p.slug): p.search for p in done.prerendered.values() if p.search}
        pages = sorted(_page_path(p.slug) for p in done.prerendered.values() if p.marked)
        readable = sum(1 for r in done.results if r.document is not None)
        every = len(done.prerendered) == readable  # else some come from the article cache
        if first and every and pages and all(rel in made for rel in pages):
            out = options.out_path.resolve()
            early.append(build_search.Indexing(None, pages, reuse, made=made, out=out).start())

    try:
        gathered, done = _gather(options, clock, inputs, store, staging, plan, processed)
        paths = list(map(operator.attrgetter("path"), inputs.seeds))
        knowledge_key = inputs.knowledge_key
        del inputs
        if not options.trust_output:
            # A one-shot build: no later build of this process reuses what it read, so the
            # seeds' bytes (~5 KB an article) go now, before pages and search index are made.
            seeds_stage.forget()
            _key_memo.clear()
            _seeds_memo.clear()
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


@dataclass(slots=True)
class Reuse:
    """Pages and data files a build takes from the previous one instead of rendering them.

    An article page depends only on the article (its seed's cache key and slug), on which of
    the article's own place, date and source ids have pages, on the settings, the templates
    and the code; its data file only on the article: plan() keys them before rendering, and
    take() links the reusable ones, which are then not rendered at all. Every other page is
    keyed by the settings and a digest of its view (recall(), asked by the renderer), so a
    listing page whose content did not change is linked, not rendered. A file is reused when
    the last build wrote it under the same key and it is untouched since.
    """

    last: manifest.Manifest | None
    templates: str
    pages: dict[str, str]  # output path -> key, for every page and data file this build makes
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # slug -> (page, data)
    article_files: dict[str, str] = field(default_factory=dict)  # articles' pages, data -> key
    owners: dict[str, str] = field(default_factory=dict)  # ... -> the article's slug
    settings: str = ""
    tree: write_stage.Writer | None = None
    recalled: list[str] = field(default_factory=list)  # pages recall() took, in order
    entries: dict[int, tuple[object, tuple[str, ...]]] = field(default_factory=dict)
    page_parts: dict[str, tuple[tuple[object, ...], str]] = field(default_factory=dict)
    searchable: Searchable | None = None  # the pages this build gave the search indexer
    files: manifest.Listing | None = None  # the output's listing after a patch, if one ran
    digests: dict[str, bytes] = field(default_factory=dict)  # indexed page -> content digest
    later: build_search.Later | None = None  # the search index, when left for after the pages
    basis: object = None  # the listings' cuts this build's render kept (render.kept_basis)

    def plan(self, options: BuildOptions, site: site_stage.Site, seed_keys: dict[str, str]) -> None:
        known = Known(site.place_ids(), site.day_ids(), site.source_ids())
        renderer = f"{render_stage.iter_site.__module__}.{render_stage.iter_site.__qualname__}"
        self.settings = f"{options.site_config!r}\n{self.templates}\n{renderer}"
        context = (self.settings, known)
        memo = _plan_memo.get("last")
        gained: frozenset[str] | None = None  # ids that got or lost a page since the memo
        if memo is not None and memo.context != context:
            was = memo.context[1]
            if memo.context[0] == self.settings:
                gained = (was.places ^ known.places) | (was.days ^ known.days)
                gained |= was.sources ^ known.sources
            else:
                memo = None
        articles = site.articles
        redo = _replan(memo, articles, seed_keys) if memo is not None else None
        if gained is not None and redo is not None:
            # An article's page key changes with the ids of its own that have pages: those
            # whose ids are among the ids that came or went are keyed again, with the edited.
            touched = (n for n, a in enumerate(articles) if _names_any(a, gained))
            redo = sorted({*redo, *touched})
        elif gained is not None:
            memo = None  # every article is keyed again
        if memo is not None and redo is not None:  # a preview's edit: the changed articles
            keys, pages, owners, last = dict(memo.keys), dict(memo.pages), dict(memo.owners), {}
        else:
            keys, pages, owners, redo = {}, {}, {}, range(len(articles))
            last = {a.slug: a for a in memo.articles} if memo is not None else {}
        for n in redo:
            article = articles[n]
            seed = seed_keys[article.document.source_file]
            slug = article.slug
            if memo is not None and last.get(slug) is article and memo.seeds.get(
                article.document.source_file
            ) == seed:
                page, data = memo.keys[slug]
            else:
                page, data = self._keys(article, seed, linked_ids(article, known))
            keys[slug] = (page, data)
            pages[_page_path(slug)] = page
            pages[_data_path(slug)] = data
            owners[_page_path(slug)] = owners[_data_path(slug)] = slug
        self.keys, self.article_files, self.owners = keys, pages, owners
        self.pages.update(pages)
        _plan_memo["last"] = _Planned(context, articles, seed_keys, keys, pages, owners)

    def _keys(self, article: Article, seed: str, linked: str) -> tuple[str, str]:
        page = article_cache.fingerprint_files(
            [("", x.encode()) for x in (seed, article.slug, linked, self.settings)]
        )
        data = article_cache.fingerprint_files([("", seed.encode()), ("", article.slug.encode())])
        return page, data

    def take(self, tree: write_stage.Writer) -> frozenset[str]:
        """Link every reusable article's page and data file into `tree`; their slugs."""
        self.tree = tree
        if self.last is None:
            return frozenset()
        if self.last.trusted and isinstance(tree, write_stage.PatchWriter):
            # Trusted: reusable() is the key's match. The files whose key differs are found
            # by comparing the two tables in C, not article by article (10,000 a build).
            differ = self.article_files.items() - self.last.pages.items()
            bad = {self.owners[rel] for rel, _ in differ}
            gone = {f(slug) for slug in bad for f in (_page_path, _data_path)}
            rels = self.article_files.keys() - gone
            if tree.reuse_all(list(rels)):
                return frozenset(self.keys.keys() - bad)
        taken: list[str] = []
        for slug, (page, data) in self.keys.items():
            files = ((_page_path(slug), page), (_data_path(slug), data))
            if not all(self.last.reusable(rel, key, tree.out) for rel, key in files):
                continue
            linked = [rel for rel, _ in files if tree.reuse(rel)]
            if len(linked) == len(files):
                taken.append(slug)
            else:
                for rel in linked:
                    tree.forget(rel)
        return frozenset(taken)

    def recall(self, rel: str, digest: str) -> bool:
        """Record the key of page `rel` from its view's digest; link the previous build's
        file into the tree instead of rendering it when that file was made for the same key.
        Article pages keep the key plan() gave them (they are rendered only when not taken)."""
        if rel in self.pages:
            return False
        key = article_cache.fingerprint_files([("", self.settings.encode()), ("", digest.encode())])
        self.pages[rel] = key
        tree = self.tree
        if self.last is None or tree is None or not self.last.reusable(rel, key, tree.out):
            return False
        if not tree.reuse(rel):
            return False
        self.recalled.append(rel)
        return True

    def groups(self) -> render_stage.Groups:
        """The renderer's Groups: an entry of the Site that is the very object this process
        rendered last time (a preview's update keeps the entries an edit does not touch, and
        with them every table their pages show) keeps all its pages without building a view."""
        return _EntryPages(self)

    def searched(self, rel: str) -> tuple[bool, bool]:
        """Whether the previous build gave reused page `rel` to the search indexer as a
        marked page and as an HTML document (its bytes are the same, so is the answer)."""
        if self.last is None:
            return False, False
        return rel in self.last.marked, rel in self.last.documents


# Per process: the last build's article page keys by article (held, so ids are not reused),
# with the settings and ids with pages they were made for: a preview keys only what changed.
@dataclass(frozen=True, slots=True)
class _Planned:
    context: tuple[str, Known]
    articles: tuple[Article, ...]  # held, so unchanged ones are known by identity
    seeds: dict[str, str]  # seed file -> key
    keys: dict[str, tuple[str, str]]  # slug -> (page, data)
    pages: dict[str, str]  # the articles' pages and data files -> key
    owners: dict[str, str]  # the articles' pages and data files -> slug


_plan_memo: dict[str, _Planned] = {}
REPLAN_MOST = 64


def _replan(
    memo: _Planned, articles: tuple[Article, ...], seeds: dict[str, str]
) -> list[int] | None:
    """Where `articles` differ from the last plan's (another object, or its seed's key
    changed); None when the order or count changed or too many did: plan them all."""
    last = memo.articles
    if len(last) != len(articles):
        return None
    redo = list(itertools.compress(range(len(last)), map(operator.is_not, last, articles)))
    if seeds != memo.seeds:
        files = {f for f, key in seeds.items() if memo.seeds.get(f) != key}
        redo += [n for n, a in enumerate(articles) if a.document.source_file in files]
    redo = sorted(set(redo))
    if len(redo) > REPLAN_MOST or any(last[n].slug != articles[n].slug for n in redo):
        return None
    return redo


# Per process: the pages of every entry the last build rendered, by the entry's identity
# (the entry is held, so its id is not reused), and the settings they were rendered with.
_entry_memo: dict[str, dict[int, tuple[object, tuple[str, ...]]]] = {}


@dataclass(frozen=True, slots=True)
class _EntryPages:
    reuse: Reuse

    def take(self, entry: object) -> bool:
        r = self.reuse
        memo = _entry_memo.get(r.settings, {})
        found = memo.get(id(entry))
        tree, last = r.tree, r.last
        if found is None or found[0] is not entry or tree is None or last is None:
            return False
        rels = found[1]
        keys = [last.pages.get(rel, "") for rel in rels]
        if not all(keys):
            return False
        if not last.trusted and not all(map(last.reusable, rels, keys, [tree.out] * len(rels))):
            return False
        if not _reuse_all(tree, list(rels)):
            return False
        r.pages.update(zip(rels, keys))
        r.recalled.extend(rels)
        r.entries[id(entry)] = (entry, found[1])
        parts = _page_memo.get(r.settings, {})
        r.page_parts.update((rel, parts[rel]) for rel in found[1] if rel in parts)
        return True

    def made(self, entry: object, pages: list[str]) -> None:
        self.reuse.entries[id(entry)] = (entry, tuple(pages))

    def take_page(self, rel: str, parts: tuple[object, ...]) -> bool:
        r = self.reuse
        found = _page_memo.get(r.settings, {}).get(rel)
        tree, last = r.tree, r.last
        if found is None or tree is None or last is None or not _same_parts(found[0], parts):
            return False
        key = last.pages.get(rel, "")
        if not key or not last.reusable(rel, key, tree.out) or not tree.reuse(rel):
            return False
        r.pages[rel] = key
        r.recalled.append(rel)
        r.page_parts[rel] = (parts, key)
        return True

    def take_pages(self, rels: list[str], basis: object) -> bool:
        """Take listing pages `rels` as the last build made them, with the parts it made them
        of (the renderer found them the same by the cuts the last build kept: `basis`)."""
        r = self.reuse
        memo = _page_memo.get(r.settings)
        tree, last = r.tree, r.last
        if memo is None or tree is None or last is None or _page_basis.get(r.settings) is not basis:
            return False
        parts = [memo.get(rel) for rel in rels]
        keys = [last.pages.get(rel, "") for rel in rels]
        if None in parts or not all(keys):
            return False
        if not last.trusted and not all(map(last.reusable, rels, keys, [tree.out] * len(rels))):
            return False
        if not _reuse_all(tree, rels):
            return False
        r.pages.update(zip(rels, keys))
        r.recalled.extend(rels)
        r.page_parts.update(zip(rels, parts))  # type: ignore[arg-type]
        return True

    def changed_page(self, rel: str) -> bool:
        return rel in _page_memo.get(self.reuse.settings, {})

    def made_page(self, rel: str, parts: tuple[object, ...]) -> None:
        self.reuse.page_parts[rel] = (parts, self.reuse.pages.get(rel, ""))


def _reuse_all(tree: write_stage.Writer, rels: list[str]) -> bool:
    """Keep every one of `rels` as the output holds it, or none of them."""
    if isinstance(tree, write_stage.PatchWriter) and tree.reuse_all(rels):
        return True
    linked = [rel for rel in rels if tree.reuse(rel)]
    if len(linked) == len(rels):
        return True
    for rel in linked:
        tree.forget(rel)
    return False


def _bytes_key(settings: str, data: bytes) -> str:
    """A page's key from its bytes (never equal to a key from a view's digest): the next
    build of this process takes the page by its parts; another process renders it again."""
    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    return article_cache.fingerprint_files([("bytes", settings.encode()), ("", digest.encode())])


def _same_parts(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    """Whether two pages are made of the very same objects (and equal counts)."""
    plain = (int, str, tuple, type(None))  # counts, ids and tuples of them: equal is the same
    return len(a) == len(b) and all(x is y or (type(x) in plain and x == y) for x, y in zip(a, b))


# Per process: the parts each listing page of the last build was made of, and its key; and
# which cuts of the listings that build kept (render.kept_basis), by the same settings.
_page_memo: dict[str, dict[str, tuple[tuple[object, ...], str]]] = {}
_page_basis: dict[str, object] = {}


def remember_entries(reuse: Reuse) -> None:
    """After a build is written: its entries' and listing pages' parts are what the next
    build may take pages by."""
    _entry_memo.clear()
    _entry_memo[reuse.settings] = reuse.entries
    _page_memo.clear()
    _page_memo[reuse.settings] = reuse.page_parts
    _page_basis.clear()
    if reuse.basis is not None:
        _page_basis[reuse.settings] = reuse.basis


@functools.lru_cache(maxsize=1 << 16)
def _page_path(slug: str) -> str:
    """An article page's output path (asked for every article by every build)."""
    return urls.output_path(urls.article(slug))


@functools.lru_cache(maxsize=1 << 16)
def _data_path(slug: str) -> str:
    return urls.article_data(slug)


def _names_any(article: Article, ids: frozenset[str]) -> bool:
    """Whether any of `ids` is among _own_ids(article) (without making that set)."""
    a = article.annotations
    return (
        any(p.id in ids for p in a.places)
        or any(d.date in ids for d in a.dates)
        or any(s.id in ids for s in a.sources)
        or any(c.source in ids or not ids.isdisjoint(c.via) for c in a.claims)
    )


def _own_ids(article: Article) -> frozenset[str]:
    """Every id an article's page may link to: its places, dates, sources and claims' sources."""
    a = article.annotations
    ids = {p.id for p in a.places} | {d.date for d in a.dates} | {s.id for s in a.sources}
    ids |= {c.source for c in a.claims if c.source is not None}
    ids |= {v for c in a.claims for v in c.via}
    return frozenset(ids)


def _templates_key(options: BuildOptions) -> str:
    return article_cache.fingerprint_files(manifest.tree(options.templates_path))


def _sibling(out: Path, role: str) -> Path:
    """A folder beside the output for this process's scratch work."""
    return out.parent / f".{out.name}-{role}-{os.getpid()}"


def _article_store(out: Path) -> article_cache.ArticleCache[Processed]:
    return article_cache.ArticleCache(out / CACHE_DIR / ARTICLES_CACHE)


def _store_results(
    out: Path, done: Processing, staging: article_cache.ArticleCache[Processed]
) -> None:
    """Move this build's new results from `staging` into the article cache (now inside the
    swapped-in tree) and remove the entries no current seed uses."""
    store = _article_store(out)
    for key in sorted(staging.keys()):
        staging.move(key, store)
    if done.stale is None:
        store.prune(keep=done.keys)
    for key in sorted(done.stale or ()):
        store.remove(key)
    _memo_stored[""] = store.root


def inputs_fingerprint(options: BuildOptions) -> str:
    """A hash of everything a build reads, taken before it reads anything: the code, the
    knowledge, templates and static files (their bytes), the settings, whether search can be
    indexed, and every file under the seeds folder by path, size and modification time (as
    make does: reading and hashing 10,000 seeds would cost more than the whole no-change build).
    A seeds folder holding a symbolic link gets a fingerprint that never matches."""
    settings = (
        repr(options.site_config),
        repr(options.strict),
        str(options.root),
        str(options.seeds_path),
        str(options.templates_path),
        str(search_stage.find_binary()),
        _stage_functions(),
        f"{render_stage.iter_site.__module__}.{render_stage.iter_site.__qualname__}",
    )
    seeds = seed_stats.listing(options.seeds_path, options.changed)
    named: list[tuple[str, bytes]] = [
        ("code", article_cache.code_fingerprint().encode()),
        ("knowledge", knowledge_fingerprint(options.data_paths).encode()),
        ("settings", "\n".join(settings).encode()),
        ("seeds", repr(seeds).encode() if seeds is not None else os.urandom(16)),
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
    # A trusted folder holds what the last build listed: stale files are found from that.
    trusted = last is not None and last.trusted
    listed = list(map(operator.itemgetter(0), last.files)) if trusted else None  # type: ignore[union-attr]
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
            made = {_page_path(slug): pre.search for slug, pre in adopted.items() if pre.search}
            # The index begun before assembling holds if every page it reads was taken as is.
            early = [i for i in begun if i.reads(made)]
            for indexing in begun:
                if indexing not in early:
                    indexing.discard()  # now: it would take a core from the rendering

            def articles_done(found: Searchable) -> None:
                # Every article page is in the tree: index the marked pages now (Pagefind in
                # its own process, on the other core), unless the preview leaves it for later.
                if found.marked and not later and not early:
                    pages = sorted(found.marked)
                    unchanged = _unchanged_pages(reuse, skip)
                    indexing = build_search.Indexing(tree, pages, reuse, unchanged, made)
                    early.append(indexing.start())

            try:
                found = _fill_tree(
                    tree, options, gathered.site, clock, skip, reuse, adopted, whole, articles_done
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
                    indexing = early[0] if early else None
                    if indexing is None or not indexing.matches(found.pages, unchanged):
                        # A page the index needs was made after the articles' (a template
                        # marking listing pages, or marking none): index them all now.
                        if indexing is not None:
                            indexing.discard()
                        indexing = build_search.Indexing(
                            tree, found.pages, reuse, unchanged, made
                        )
                        indexing.run()
                    diagnostics = (*diagnostics, *indexing.finish(tree))
            with clock.stage("write"):
                changed = tree.commit(wait=False)
                if reuse is not None and isinstance(tree, write_stage.PatchWriter):
                    assert last is not None  # a patch is written over the last build only
                    reuse.files = manifest.patched(last.files, out, tree.touched(), tree.removed)
    except (write_stage.OutputError, OSError) as exc:
        if reuse is not None:
            reuse.later = None
        return _report((*diagnostics, _write_diagnostic(exc, out)), clock, start, out, gathered)
    pages = sum(1 for rel in tree.paths if rel.endswith(".html"))
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
    articles_done: Callable[[Searchable], None] | None = None,
) -> Searchable | Diagnostic:
    """Every rendered file and static asset into `tree`; returns the HTML pages for the
    search index, or the diagnostic that stops the build (nothing is then swapped in).
    `adopted`: the articles (by slug) whose page and data file a worker put there.
    `articles_done`: told once, with the pages noted so far, as soon as every article's
    page is in the tree (the listing pages, most of the rendering, are still to come)."""
    found = Searchable([], [])
    waiting = {_page_path(a.slug) for a in site.articles} if articles_done is not None else set()
    for slug, pre in sorted((adopted or {}).items()):
        found.note(_page_path(slug), pre.marked, pre.document)
    # Reused pages are indexed like rendered ones (as the last build gave them: in bulk).
    last = reuse.last if reuse is not None else None
    if last is not None:
        reused = set(map(_page_path, skip))
        documents = last.documents.intersection(reused)
        found.documents.extend(documents)
        found.marked.extend(last.marked.intersection(documents))
    for slug in sorted(skip) if last is None else ():
        rel = _page_path(slug)
        data = tree.path(rel).read_bytes()
        found.note(rel, search_stage.BODY_MARK in data, b"<html" in data)
    skip = skip | frozenset(adopted or ())  # neither rendered again nor noted twice
    waiting.difference_update(map(_page_path, skip))
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
                reuse.pages[rel] = _bytes_key(reuse.settings, data)
            if waiting and rel in waiting:
                waiting.discard(rel)
                if not waiting and articles_done is not None:
                    articles_done(found)
        clock.add("write", time.perf_counter() - tock)
    if reuse is not None:
        reuse.basis = render_stage.kept_basis()
    for rel in reuse.recalled if reuse is not None else ():
        found.note(rel, *reuse.searched(rel))
    with clock.stage("write"):
        for rel, data in static_files(options.static_path).items():
            if rel in tree:
                return error(rel, 0, "a static file has the same path as a rendered page")
            tree.add(rel, data)
    found.marked.sort()
    found.documents.sort()
    assert len(set(found.documents)) == len(found.documents), "a page is indexed once"
    return found


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

    @property
    def pages(self) -> list[str]:
        return self.marked or self.documents


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
        folder = Path(pre.folder)
        tree.adopt(_page_path(article.slug), folder / "page")
        tree.adopt(_data_path(article.slug), folder / "data")
        taken[article.slug] = pre
    return taken


def _unchanged_pages(reuse: Reuse | None, skip: frozenset[str]) -> frozenset[str]:
    """The pages this build took from the previous one as they were (article pages by slug
    in `skip`, and the pages recall() and the entries took)."""
    if reuse is None:
        return frozenset()
    return frozenset(reuse.recalled) | frozenset(map(_page_path, skip))


def _write_diagnostic(exc: Exception, out: Path) -> Diagnostic:
    if isinstance(exc, write_stage.OutputError):
        return exc.diagnostic
    return error(str(out), 0, f"could not write the site: {exc}")


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
        claims=sum(len(a.annotations.claims) for a in articles),
        diagnostics=tuple(diagnostics),
        written=files is not None,
        seconds=time.perf_counter() - start,
        stage_seconds=clock.table(),
        files=files + 1 if files is not None else 0,  # and the marker file
        changed=changed,
        output=str(out),
    )
