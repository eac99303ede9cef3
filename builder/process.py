"""Per-article work (parse, clean, annotate; a worker renders the page too): pure, picklable,
cacheable by the seed's content, spread over forked processes for large archives."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import multiprocessing
import pickle
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from builder import urls
from builder.annotate import annotate
from builder.assemble import summary as summary_stage
from builder.diagnostics import Diagnostic, error
from builder.incremental import cache as article_cache
from builder.knowledge import Knowledge
from builder.model import Annotations, Article, Document, SiteConfig
from builder.read import clean as clean_stage
from builder.read import parse as parse_stage
from builder.read.seeds import SeedFile
from builder.read.spool import Parked
from builder.render import pages as render_stage
from builder.render.highlight import Known
from builder.render.views.article_page import ArticleView
from builder.search import indexer as search_stage
from builder.search import records as search_records
from builder.search import view_record

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
    stem: str  # its page and data file are this path with ".page" and ".data" added
    search: search_stage.Made | None = None  # its search record, made with it (a document's)


PARALLEL_MIN_SEEDS = 64  # below this, starting worker processes costs more than it saves


def will_fork(seeds: int, jobs: int) -> bool:
    """Whether process_many() spreads this many seeds over forked worker processes."""
    return jobs > 1 and seeds >= PARALLEL_MIN_SEEDS and _can_fork()


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
    return process_many(seeds, knowledge, jobs, progress, None)


# told (seed index, result as the article cache stores it, its summary likewise)
Sink = Callable[[int, bytes, bytes], None]


def summarized(processed: Processed) -> Processed:
    """The result as the main process keeps it when the article cache can give it back whole
    (see builder.assemble.summary): a fraction of the memory, enough for everything but its page."""
    if processed.document is None:
        return processed
    document, annotations = summary_stage.summarize(processed.document, processed.annotations)
    return dataclasses.replace(processed, document=document, annotations=annotations)


def process_many(
    seeds: Sequence[SeedFile | Parked],
    knowledge: Knowledge,
    jobs: int,
    progress: Progress | None,
    sink: Sink | None,
    plan: PagePlan | None = None,
    prerendered: dict[str, Prerendered] | None = None,
    forks: bool | None = None,
) -> list[Processed]:
    """process_all(), handing each result's cache payload to `sink` as it arrives (so that
    no payload is held). Workers send their results as that payload (pickled with the
    cache's fast reducers): the parent does not pickle them again to store them, and
    unpickles them faster than pickle's default for dataclasses. With a `plan`, workers also
    render each article's page (see PagePlan), noted in `prerendered` by seed path. With a
    `sink` the results returned are summarized() (the sink has them whole). A seed may come
    parked (see builder.read.spool): its bytes are read back where it is processed. `forks`:
    will_fork() as the caller decided it for these seeds (None: decided here)."""
    if not (will_fork(len(seeds), jobs) if forks is None else forks):
        serial = (process_seed(_unparked(seed), knowledge) for seed in seeds)
        payloads = (kept(p) if sink else (p, b"", b"") for p in serial)
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


def kept(processed: Processed) -> tuple[Processed, bytes, bytes]:
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


def _unparked(seed: SeedFile | Parked) -> SeedFile:
    return seed.load() if isinstance(seed, Parked) else seed


def _process_in_worker(seed: SeedFile | Parked) -> tuple[bytes, bytes, Prerendered | None]:
    """The result as the cache stores it, its summary likewise, and its page if rendered."""
    assert _worker_knowledge is not None, "workers are forked after the knowledge is set"
    processed = process_seed(_unparked(seed), _worker_knowledge)
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
        (_, page), (_, data), view = render_stage.article_files(
            article, plan.config, plan.templates_dir, known
        )
    except Exception:  # noqa: BLE001 - the build renders it again and reports what fails
        return None
    key = article_cache.fingerprint_files([("", processed.source_file.encode())])
    # Files named by the seed in 256 shard folders, not a folder per article: the build
    # removes the scratch at its end, and 10,000 folders took longer than the files in them.
    shard = plan.folder / key[:2]
    _scratch_file(shard / f"{key}.page", page)
    _scratch_file(shard / f"{key}.data", data)
    marked, html = search_stage.BODY_MARK in page, b"<html" in page
    # The search record too: made here, on every core, it costs the build's own core nothing.
    made = None
    if html:
        found = _view_record(plan, article, view, page)
        made = _search_record(page_path(slug), page, shard / f"{key}.record", found)
    return Prerendered(slug, linked_ids(article, known), marked, html, str(shard / key), made)


def _view_record(
    plan: PagePlan, article: Article, view: ArticleView, page: bytes
) -> search_records.Record | None:
    """The page's search record made from its view, not read from the page; None where the
    page must be read: templates the view record does not mirror, text it refuses, or any
    error in making it (reading the page back is always right, so it never fails a build)."""
    if not view_record.fits(plan.templates_dir):
        return None
    try:
        url = search_records.page_url(page_path(article.slug))
        return view_record.article_record(url, article, view, page)
    except Exception:  # noqa: BLE001 - the page is read instead
        return None


def _search_record(
    rel: str, page: bytes, path: Path, found: search_records.Record | None = None
) -> search_stage.Made:
    """search_stage.make_record(), the record written at `path` (a file of a shard folder);
    `found`: the record when it was made otherwise than by reading the page."""
    if found is None:
        found = search_records.record(rel, page, search_stage.EXCLUDE_SELECTORS)
    _scratch_file(path, search_records.dumps(found))
    return search_stage.Made(hashlib.sha256(page).digest(), path)


def _scratch_file(path: Path, data: bytes) -> None:
    """Write a file of a worker's scratch folder, making its shard folder when it is missing
    (the first article of the shard: no call per article to ask whether it exists)."""
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def linked_ids(article: Article, known: Known) -> str:
    """Which of the article's own ids have pages: all its page depends on besides itself."""
    kinds = (known.places, known.days, known.sources)
    return "\n".join(" ".join(sorted(own_ids(article) & kind)) for kind in kinds)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@functools.lru_cache(maxsize=1 << 16)
def page_path(slug: str) -> str:
    """An article page's output path (asked for every article by every build)."""
    return urls.output_path(urls.article(slug))


@functools.lru_cache(maxsize=1 << 16)
def data_path(slug: str) -> str:
    return urls.article_data(slug)


def own_ids(article: Article) -> frozenset[str]:
    """Every id an article's page may link to: its places, dates, sources and claims' sources."""
    a = article.annotations
    ids = {p.id for p in a.places} | {d.date for d in a.dates} | {s.id for s in a.sources}
    ids |= {c.source for c in a.claims if c.source is not None}
    ids |= {v for c in a.claims for v in c.via}
    return frozenset(ids)


def stage_functions() -> str:
    """The per-article stage functions by name (part of every cache key: a build whose stages
    are replaced, as tests do, must not reuse another's results)."""
    functions = (parse_stage.parse_seed, clean_stage.clean, annotate)
    return " ".join(f"{f.__module__}.{f.__qualname__}" for f in functions)

