"""build(options) -> Report: the whole pipeline, read to write."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from builder import cache as article_cache
from builder import clean as clean_stage
from builder import knowledge as knowledge_stage
from builder import parse as parse_stage
from builder import render as render_stage
from builder import search as search_stage
from builder import seeds as seeds_stage
from builder import site as site_stage
from builder import write as write_stage
from builder.annotate import annotate
from builder.diagnostics import Diagnostic, error
from builder.knowledge import Knowledge
from builder.model import Annotations, Article, Document, SiteConfig
from builder.seeds import SeedFile

_PACKAGE = Path(__file__).resolve().parent
STAGES = ("knowledge", "read", "parse+clean", "annotate", "assemble", "render", "write")


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


PARALLEL_MIN_SEEDS = 64  # below this, starting worker processes costs more than it saves
PROGRESS_EVERY = 50  # articles between two progress reports
_worker_knowledge: Knowledge | None = None  # set in the parent, inherited by forked workers


Progress = Callable[[int, int], None]  # (articles done, articles in all)


def process_all(
    seeds: Sequence[SeedFile],
    knowledge: Knowledge,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[Processed]:
    """Every seed through process_seed, results in seed order; large archives are spread
    over `jobs` forked processes, which inherit the knowledge instead of unpickling it."""
    if jobs <= 1 or len(seeds) < PARALLEL_MIN_SEEDS or not _can_fork():
        return _collect((process_seed(seed, knowledge) for seed in seeds), len(seeds), progress)
    global _worker_knowledge
    _worker_knowledge = knowledge
    try:
        context = multiprocessing.get_context("fork")
        chunk = max(1, min(64, len(seeds) // (jobs * 8)))
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            results = pool.map(_process_in_worker, seeds, chunksize=chunk)
            return _collect(results, len(seeds), progress)
    finally:
        _worker_knowledge = None


def _collect(
    results: Iterable[Processed], total: int, progress: Progress | None
) -> list[Processed]:
    done: list[Processed] = []
    for result in results:
        done.append(result)
        if progress is not None and (len(done) % PROGRESS_EVERY == 0 or len(done) == total):
            progress(len(done), total)
    return done


def _process_in_worker(seed: SeedFile) -> Processed:
    assert _worker_knowledge is not None, "workers are forked after the knowledge is set"
    return process_seed(seed, _worker_knowledge)


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


def load_knowledge(data_paths: tuple[Path, ...]) -> tuple[Knowledge, tuple[Diagnostic, ...]]:
    """knowledge.load(), reused while its files' bytes are unchanged: a preview rebuilds in
    the same process and should not pay for compiling the registries and gazetteer again."""
    files = article_cache.knowledge_files((knowledge_stage.BUILTIN_DATA, *data_paths))
    key = repr(data_paths) + article_cache.fingerprint_knowledge(files)
    if key not in _knowledge_memo:
        _knowledge_memo.clear()
        _knowledge_memo[key] = knowledge_stage.load(data_paths)
    return _knowledge_memo[key]


def gather(options: BuildOptions, clock: Stopwatch | None = None) -> Gathered:
    """Phase one: load knowledge, read seeds, parse, clean, annotate and assemble the Site."""
    clock = clock or Stopwatch()
    with clock.stage("knowledge"):
        knowledge, diagnostics = load_knowledge(options.data_paths)
        diagnostics = tuple(_relative_to(options.root, d) for d in diagnostics)
    with clock.stage("read"):
        seeds, read_diags = seeds_stage.read_seeds(options.seeds_path, options.root)
    started = time.perf_counter()
    jobs = options.jobs or os.cpu_count() or 1
    results = process_all(seeds, knowledge, jobs, options.progress)
    _split_wall_time(clock, time.perf_counter() - started, results)
    items = [(r.document, r.annotations) for r in results if r.document is not None]
    with clock.stage("assemble"):
        site, site_diags = site_stage.assemble(items, options.site_config, knowledge.gazetteer)
    every = (*diagnostics, *read_diags, *(d for r in results for d in r.diagnostics), *site_diags)
    return Gathered(site, tuple(site.articles), tuple(every), clock.table())


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
    """Read, parse, clean, annotate, assemble; then render and write atomically."""
    clock, start = Stopwatch(), time.perf_counter()
    out = options.out_path
    unsafe = write_stage.check_output_dir(out, options.root, options.inputs)
    if unsafe is not None:
        return _report((unsafe,), clock, start, out)
    gathered = gather(options, clock)
    diagnostics = gathered.diagnostics
    if blocks_writing(gathered, options.strict):
        return _report(diagnostics, clock, start, out, gathered)
    with clock.stage("render"):
        files, render_diags = render(options, gathered.site)
    diagnostics = (*diagnostics, *render_diags)
    if not files or render_diags:
        return _report(diagnostics, clock, start, out, gathered)
    diagnostics = (*diagnostics, *search_stage.add_index(files, out))
    with clock.stage("write"):
        try:
            changed = write_stage.write_site(files, out)
        except (write_stage.OutputError, OSError) as exc:
            return _report((*diagnostics, _write_diagnostic(exc, out)), clock, start, out, gathered)
    return _report(diagnostics, clock, start, out, gathered, files, changed)


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
    files: dict[str, bytes] | None = None,
    changed: int = 0,
) -> Report:
    articles = gathered.articles if gathered else ()
    return Report(
        articles=len(articles),
        pages=sum(1 for rel in files or () if rel.endswith(".html")),
        claims=sum(len(a.annotations.claims) for a in articles),
        diagnostics=tuple(diagnostics),
        written=files is not None,
        seconds=time.perf_counter() - start,
        stage_seconds=clock.table(),
        files=len(files or ()) + (1 if files is not None else 0),
        changed=changed,
        output=str(out),
    )
