"""The build benchmark: clean, no-change and one-edit builds of synthetic corpora, with targets.

    python -m benchmarks.run [--sizes 1000,10000] [--runs 3] [--json] [--profile]

For each size, a corpus is generated (benchmarks.generate) into a temporary project folder.
Each run then measures, every build in a fresh Python process (`--child`), so that a clean build
pays for imports and starts with no cache, and peak memory is that build's own:

    clean      no output folder and so no cache (the cache lives inside the output folder)
    no-change  the same build again over the previous output
    one-edit   one article's text edited (a sentence appended), then rebuilt
    warm-edit  as `serve` does: in one process, an edit and a build (which loads the cache),
               then another edit and build; the second build is measured twice: when its
               pages are on disk (the browser reloads then) and when its search index has
               caught up (`serve` brings it up to date right after the pages)

Figures: the build's own seconds (Report.seconds: read to written site, as `serve` pays them),
the process's wall seconds (what `python -m builder build` costs, interpreter start included),
peak resident memory from the operating system (on Linux, the peak of the summed VmRSS of the
build process and all its descendants, sampled from /proc every 20 ms; the build process's own
getrusage ru_maxrss beside it; elsewhere ru_maxrss of the build process plus its largest
child), pages per second of the clean build, seconds per stage,
and, when both sizes ran, the ratio of the largest clean build to the smallest scaled by size.
Each figure is the median over --runs, shown with its min-max spread.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import json
import os
import platform
import pstats
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import generate as gen

if TYPE_CHECKING:
    from builder.options import BuildOptions

PROJECT_ROOT = gen.PROJECT_ROOT
KINDS = ("clean", "no-change", "one-edit", "warm-edit")
EDIT_MARK = "Officials confirmed the account in a later statement"


@dataclass(frozen=True, slots=True)
class Target:
    """A figure the issue asks for: (scenario, what) must be at most `limit`."""

    label: str
    limit: float
    unit: str


TARGETS = {
    "clean": Target("clean build", 30.0, "s"),
    "no-change": Target("no-change rebuild", 2.0, "s"),
    "one-edit": Target("one-article edit", 0.5, "s"),
    "warm-edit": Target("one-article edit in serve", 0.5, "s"),
    "peak": Target("peak memory", 600.0, "MB"),
    "ratio": Target("10k/1k clean time", 11.0, "x"),
}
TARGET_SIZE = 10_000  # the targets are stated for this many articles


@dataclass(frozen=True, slots=True)
class Measure:
    """One build in a fresh process."""

    kind: str
    build_s: float  # Report.seconds
    wall_s: float  # the whole process, interpreter start included
    peak_mb: float  # the tree's sampled peak (Linux), else main_mb + workers_mb
    main_mb: float  # the build process's own ru_maxrss
    workers_mb: float  # RUSAGE_CHILDREN ru_maxrss: over-counts (see TreeSampler)
    articles: int
    pages: int
    files: int
    changed: int
    errors: int
    warnings: int
    stages: dict[str, float] = field(default_factory=dict)
    indexed_s: float = 0.0  # warm-edit: seconds until the search index is up to date too
    tree_mb: float = 0.0  # sampled peak of the process tree's summed VmRSS (0: not sampled)
    tree_at_peak: tuple[tuple[str, float], ...] = ()  # (command, MB) of each process then


# --- The process tree's memory, sampled from outside -----------------------------------------


class TreeSampler:
    """The peak, over time, of the summed resident memory (VmRSS) of a process and all its
    descendants, sampled from /proc every `interval` seconds by a daemon thread (Linux only:
    `available()` says whether it can run; elsewhere the benchmark falls back on getrusage).

    Why not getrusage: RUSAGE_CHILDREN's ru_maxrss is the largest of the children's own
    peaks, and a child forked from a big parent counts the parent's pages as its own until
    it execs (Linux keeps that high-water mark across exec), so the build's peak plus it
    counts the build process twice; and two children alive at once are not added up.
    Sampling sees the processes actually alive together. It can miss a spike shorter than
    the interval, so it is a lower bound on the true peak, close at 20 ms."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.at_peak: tuple[tuple[str, float], ...] = ()
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-sampler", daemon=True)

    @staticmethod
    def available() -> bool:
        return sys.platform.startswith("linux") and os.path.exists(f"/proc/{os.getpid()}/status")

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)  # a daemon: never holds the benchmark up

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sample()
            except Exception:  # noqa: BLE001  # a sampler must never break the benchmark
                pass
            self._stop.wait(self.interval)

    def sample(self) -> int:
        """One sample: the tree's summed VmRSS in kB (the peak is updated)."""
        tree = descendants(self.pid)
        sizes = {pid: status_rss(pid) for pid in tree}
        total = sum(kb for kb, _ in sizes.values()) - sum(
            sizes[pid][0] for pid, parent in tree.items() if _unexeced(sizes, pid, parent)
        )
        self.samples += 1
        if total > self.peak_kb:
            self.peak_kb = total
            self.at_peak = tuple(
                (name, round(kb / 1024, 1)) for kb, name in sizes.values() if kb
            )
        return total


def _unexeced(sizes: dict[int, tuple[int, str]], pid: int, parent: int | None) -> bool:
    """Whether `pid` is a child caught between fork (or vfork) and exec: the same name and
    exactly the same resident size as its parent, whose pages it shares (a vfork child
    even shares its address space). Counted once, in the parent."""
    if parent is None or parent not in sizes:
        return False
    return sizes[pid][0] > 0 and sizes[pid] == sizes[parent]


def descendants(root: int) -> dict[int, int | None]:
    """`root` and every process below it, each with its parent (None for `root`), from the
    parent pid in each /proc/<pid>/stat (one scan of /proc per sample: a few ms on a busy
    machine)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue  # gone meanwhile
        # "pid (comm) state ppid ...": comm may hold spaces or parentheses; split after the last ")"
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: dict[int, int | None] = {root: None}
    pending = [root]
    while pending:
        pid = pending.pop()
        for child in children.get(pid, ()):
            found[child] = pid
            pending.append(child)
    return found


def status_rss(pid: int) -> tuple[int, str]:
    """(VmRSS in kB, the process's name) from /proc/<pid>/status; (0, "") once it is gone
    (or for a zombie, which has no VmRSS line)."""
    rss, name = 0, ""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"Name:"):
                    name = line.split(None, 1)[1].strip().decode("utf-8", "replace")
                elif line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
                    break
    except (OSError, ValueError, IndexError):
        return 0, ""
    return rss, name


# --- The child: one build, measured from inside ----------------------------------------------


def child(
    root: Path, profile_to: Path | None, build_args: Sequence[str], warm: bool = False
) -> int:
    """Run one build of the project at root, with the options `python -m builder build
    --timings BUILD_ARGS` would use; print its figures as one JSON line. With `warm`, first
    edit an article and build, then edit it again: the second build is the one measured (what
    a `serve` process pays per edit once it has built): as `serve` builds, each build is told
    the file edited, and its search index is brought up to date after its pages."""
    from builder.build import build, finish_search
    from builder.cli import load_options, parser

    args = parser().parse_args(["build", "--root", str(root), "--timings", *build_args])
    options, problems = load_options(root, args)
    if options is None:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1
    if warm:
        options = as_serve(options)
        edited = edit_one_article(root / "seeds", 1000)
        build(dataclasses.replace(options, changed=frozenset({str(edited)})))
        finish_search()
        edited = edit_one_article(root / "seeds", 1001)
        options = dataclasses.replace(options, changed=frozenset({str(edited)}))
    profiler = cProfile.Profile() if profile_to is not None else None
    if profiler is not None:
        profiler.enable()
    report = build(options)
    pages_s = report.seconds
    if warm:
        report = finish_search() or report
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile_to)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures = {
        "build_s": pages_s,
        "indexed_s": report.seconds,
        "main_kb": own,
        "workers_kb": kids,
        "articles": report.articles,
        "pages": report.pages,
        "files": report.files,
        "changed": report.changed,
        "errors": len(report.errors),
        "warnings": len(report.diagnostics) - len(report.errors),
        "first_errors": [str(d) for d in report.errors[:3]],
        "stages": dict(report.stage_seconds),
    }
    print(json.dumps(figures))
    return 0


def as_serve(options: BuildOptions) -> BuildOptions:
    """The CLI's options as `serve` builds (builder/preview/server.py): the output trusted as
    the last build left it, the search index brought up to date after the pages, and no
    state kept: `serve` neither loads nor saves `.cache/state`, so a warm build that did
    (the CLI's default) would time work the preview never does; and nothing frozen for the
    collector as the CLI's one-shot build freezes it (the preview freezes its own archive)."""
    return dataclasses.replace(
        options, trust_output=True, search_later=True, keep_state=False, freeze_made=False
    )


def run_child(
    kind: str, root: Path, timeout: float, build_args: str = "", profile_to: Path | None = None
) -> Measure:
    """One build in a fresh interpreter; raises RuntimeError with its output when it fails."""
    command = [sys.executable, "-m", "benchmarks.run", "--child", str(root)]
    command += [f"--build-args={build_args}"]
    if kind == "warm-edit":
        command += ["--warm"]
    if profile_to is not None:
        command += ["--profile-to", str(profile_to)]
    start = time.perf_counter()
    sampler = None
    with subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            if TreeSampler.available():
                sampler = TreeSampler(proc.pid)
                with sampler:
                    stdout, stderr = proc.communicate(timeout=timeout)
            else:
                stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
    wall = time.perf_counter() - start
    lines = stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} build failed ({proc.returncode}):\n{stderr[-3000:]}")
    f = json.loads(lines[-1])
    if f["errors"]:
        print(f"  note: {kind} build reported {f['errors']} errors, e.g.:", file=sys.stderr)
        for line in f["first_errors"]:
            print(f"    {line}", file=sys.stderr)
    main_mb, workers_mb = f["main_kb"] / 1024, f["workers_kb"] / 1024
    tree_mb = sampler.peak_kb / 1024 if sampler is not None and sampler.samples else 0.0
    return Measure(
        kind=kind,
        build_s=f["build_s"],
        wall_s=wall,
        peak_mb=tree_mb or main_mb + workers_mb,
        main_mb=main_mb,
        workers_mb=workers_mb,
        articles=f["articles"],
        pages=f["pages"],
        files=f["files"],
        changed=f["changed"],
        errors=f["errors"],
        warnings=f["warnings"],
        stages=f["stages"],
        indexed_s=f.get("indexed_s", f["build_s"]),
        tree_mb=tree_mb,
        tree_at_peak=sampler.at_peak if sampler is not None else (),
    )


# --- One size: generate, then clean / no-change / one-edit per run ----------------------------


def edit_one_article(seeds: Path, run: int) -> Path:
    """Append a sentence to the first paragraph of the middle Markdown article."""
    articles = sorted(seeds.glob("*.md"))
    target = articles[len(articles) // 2]
    text = target.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n\n")
    first, rest = body.split("\n\n", 1) if "\n\n" in body else (body.rstrip("\n"), "")
    edited = f"{first} {EDIT_MARK} ({run + 1}).\n\n{rest}" if rest else f"{first} {EDIT_MARK}.\n"
    target.write_text(head + sep + edited, encoding="utf-8", newline="\n")
    return target


def bench_size(
    size: int,
    runs: int,
    seed: int,
    timeout: float,
    work: Path,
    build_args: str = "",
    kinds: Sequence[str] = KINDS,
) -> list[Measure]:
    """Every measurement for one corpus size (a one-edit build follows a build of the run)."""
    root = work / f"corpus-{size}"
    files = gen.generate(gen.read_seed_texts(PROJECT_ROOT / "seeds"), size, seed)
    gen.write_corpus(root, files, PROJECT_ROOT)
    measures: list[Measure] = []
    for run in range(runs):
        shutil.rmtree(root / "site", ignore_errors=True)
        for kind in kinds:
            if kind == "one-edit":
                edit_one_article(root / "seeds", run)
            m = run_child(kind, root, timeout, build_args)
            measures.append(m)
            print(
                f"  {size:>6} articles, run {run + 1}/{runs}, {kind:<9} "
                f"{m.build_s:7.2f} s build, {m.wall_s:7.2f} s process, {m.peak_mb:6.0f} MB "
                f"(build process {m.main_mb:.0f} MB)",
                file=sys.stderr,
            )
            if m.tree_at_peak:
                at_peak = ", ".join(f"{name} {mb:.0f}" for name, mb in m.tree_at_peak)
                print(f"      tree at its peak (MB): {at_peak}", file=sys.stderr)
    return measures


def profile_clean(
    size: int, seed: int, timeout: float, work: Path, out: Path, build_args: str = ""
) -> str:
    """A cProfile of one clean build; returns the top functions by own time and cumulative."""
    root = work / f"corpus-{size}"
    if not root.exists():
        files = gen.generate(gen.read_seed_texts(PROJECT_ROOT / "seeds"), size, seed)
        gen.write_corpus(root, files, PROJECT_ROOT)
    shutil.rmtree(root / "site", ignore_errors=True)
    # One process, so that the profile sees the annotation work done in workers otherwise.
    run_child("clean", root, timeout, f"{build_args} --jobs 1", profile_to=out)
    text = io.StringIO()
    stats = pstats.Stats(str(out), stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(30)
    return text.getvalue()


# --- Summaries -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    median: float
    low: float
    high: float

    def show(self, digits: int = 2) -> str:
        return f"{self.median:.{digits}f} ({self.low:.{digits}f}-{self.high:.{digits}f})"


def figure(values: Sequence[float]) -> Figure:
    return Figure(statistics.median(values), min(values), max(values))


def summarize(measures: Sequence[Measure]) -> dict[str, object]:
    """Medians and spreads per scenario for one size."""
    out: dict[str, object] = {}
    for kind in KINDS:
        ms = [m for m in measures if m.kind == kind]
        if not ms:
            continue
        stages = {name: figure([m.stages.get(name, 0.0) for m in ms]) for name in ms[0].stages}
        out[kind] = {
            "build_s": figure([m.build_s for m in ms]),
            "indexed_s": figure([m.indexed_s for m in ms]),
            "wall_s": figure([m.wall_s for m in ms]),
            "peak_mb": figure([m.peak_mb for m in ms]),
            "sampled": all(m.tree_mb > 0 for m in ms),
            "main_mb": figure([m.main_mb for m in ms]),
            "workers_mb": figure([m.workers_mb for m in ms]),
            "changed": figure([m.changed for m in ms]),
            "stages": stages,
        }
    clean = [m for m in measures if m.kind == "clean"] or list(measures)
    out["pages"] = clean[0].pages
    out["files"] = clean[0].files
    out["articles"] = clean[0].articles
    out["pages_per_s"] = figure([m.pages / m.build_s for m in clean if m.build_s > 0] or [0.0])
    return out


def verdict(value: float, target: Target, applies: bool) -> str:
    if not applies:
        return f"(target <= {target.limit:g} {target.unit} at {TARGET_SIZE:,})"
    mark = "ok" if value <= target.limit else "MISSED"
    return f"target <= {target.limit:g} {target.unit}: {mark}"


def table(results: dict[int, dict[str, object]], machine: dict[str, str]) -> str:
    """The human-readable report."""
    lines = [
        f"Machine: {machine['cpus']} cores, Python {machine['python']}, {machine['system']}",
        "Figures: median (min-max) over runs; build = Report.seconds, process = whole CLI run.",
        "Targets: clean and no-change judged on process seconds (a CLI run), one-edit and",
        "warm-edit on build seconds (warm-edit: the second edit in one `serve`-like process,",
        "until its pages are on disk and the browser reloads; '+ search' until its search",
        "index has caught up too); all targets are stated for 10,000 articles.",
    ]
    for size, s in results.items():
        applies = size == TARGET_SIZE
        lines += ["", f"== {size:,} articles: {s['pages']:,} pages, {s['files']:,} files =="]
        sampled = all(s[kind]["sampled"] for kind in KINDS if kind in s)
        peak_label = "tree peak MB" if sampled else "peak MB"
        lines.append(
            f"  {'scenario':<10} {'build s':>20} {'process s':>20} {peak_label:>20} "
            f"{'build proc MB':>20}"
        )
        kinds = [kind for kind in KINDS if kind in s]
        for kind in kinds:
            k = s[kind]
            wall = k["wall_s"]
            on_build = kind in ("one-edit", "warm-edit")
            goal = verdict(k["build_s"].median if on_build else wall.median, TARGETS[kind], applies)
            lines.append(
                f"  {kind:<10} {k['build_s'].show():>20} {wall.show():>20} "
                f"{k['peak_mb'].show(0):>20} {k['main_mb'].show(0):>20}  {goal}"
            )
            if kind == "warm-edit":
                lines.append(f"  {'+ search':<10} {k['indexed_s'].show():>20}  (pages and index)")
        worst = max(kinds, key=lambda kind: s[kind]["peak_mb"].median)
        peak, main_mb = s[worst]["peak_mb"].median, s[worst]["main_mb"].median
        if sampled:
            lines.append(
                f"  peak memory {peak:.0f} MB (process tree, sampled; build process's own "
                f"ru_maxrss {main_mb:.0f} MB)  {verdict(peak, TARGETS['peak'], applies)}"
            )
        else:  # not Linux: getrusage, which over-counts (see TreeSampler)
            lines.append(
                f"  peak memory {peak:.0f} MB (build process {main_mb:.0f} MB + largest worker "
                f"{s[worst]['workers_mb'].median:.0f} MB, ru_maxrss; may double-count)  "
                f"{verdict(peak, TARGETS['peak'], applies)}"
            )
        lines.append(f"  pages per second (clean): {s['pages_per_s'].show(0)}")
        rewritten = [f"{k} {s[k]['changed'].median:.0f}" for k in kinds if k != "clean"]
        lines.append("  files rewritten: " + (", ".join(rewritten) or "-"))
        lines.append(f"  {'stage':<12} " + " ".join(f"{kind:>22}" for kind in kinds))
        for name in s[kinds[0]]["stages"]:
            row = " ".join(f"{s[kind]['stages'][name].show(3):>22}" for kind in kinds)
            lines.append(f"  {name:<12} {row}")
    if len(results) > 1 and all("clean" in r for r in results.values()):
        small, large = min(results), max(results)
        ratio = ratio_of(results, small, large)
        scaled = TARGETS["ratio"].limit * (large / small) / 10
        lines += [
            "",
            f"Growth: the {large:,} clean build takes {ratio:.1f}x the {small:,} build "
            f"(target <= {scaled:g}x for {large // small}x the articles): "
            + ("ok" if ratio <= scaled else "MISSED"),
        ]
    return "\n".join(lines)


def ratio_of(results: dict[int, dict[str, object]], small: int, large: int) -> float:
    return results[large]["clean"]["build_s"].median / results[small]["clean"]["build_s"].median


def machine_info() -> dict[str, str]:
    return {
        "cpus": str(os.cpu_count()),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
    }


def as_json(value: object) -> object:
    if isinstance(value, Figure):
        return asdict(value)
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    return value


# --- Command line ----------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are positive whole numbers, e.g. 1000,10000")
    return sorted(set(sizes))


def parse_scenarios(text: str) -> list[str]:
    kinds = [part.strip() for part in text.split(",") if part.strip()]
    unknown = sorted(set(kinds) - set(KINDS))
    if not kinds or unknown:
        raise argparse.ArgumentTypeError(f"scenarios are {', '.join(KINDS)}")
    return [k for k in KINDS if k in kinds]


def main(argv: Sequence[str] | None = None) -> int:
    cli = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cli.add_argument("--sizes", type=parse_sizes, default=[1000, 10000], help="default 1000,10000")
    cli.add_argument("--runs", type=int, default=3, help="runs per size (default 3)")
    cli.add_argument(
        "--scenarios",
        type=parse_scenarios,
        default=list(KINDS),
        help="which builds to measure, in this order (default clean,no-change,one-edit,warm-edit)",
    )
    cli.add_argument("--seed", type=int, default=7, help="corpus random seed (default 7)")
    cli.add_argument("--timeout", type=float, default=600, help="seconds allowed per build")
    cli.add_argument("--json", action="store_true", help="print JSON instead of the table")
    cli.add_argument(
        "--profile", action="store_true", help="also cProfile one clean build of the largest size"
    )
    cli.add_argument("--keep", type=Path, help="work in this folder and keep it (default: temp)")
    cli.add_argument(
        "--build-args",
        default="",
        help='extra options for every build, as for `python -m builder build`, e.g. "--jobs 1"',
    )
    cli.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    cli.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    cli.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    args = cli.parse_args(argv)
    if args.child is not None:
        return child(args.child, args.profile_to, shlex.split(args.build_args), args.warm)
    if args.runs < 1:
        cli.error("--runs must be at least 1")
    work = args.keep or Path(tempfile.mkdtemp(prefix="newsarchive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return run_all(args, work)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run_all(args: argparse.Namespace, work: Path) -> int:
    results = {}
    for size in args.sizes:
        print(f"{size:,} articles: generating, then {args.runs} runs", file=sys.stderr)
        measures = bench_size(
            size, args.runs, args.seed, args.timeout, work, args.build_args, args.scenarios
        )
        results[size] = summarize(measures)
    machine = machine_info()
    profile = ""
    if args.profile:
        largest = max(args.sizes)
        print(f"profiling one clean build of {largest:,} articles", file=sys.stderr)
        prof = work / "clean.prof"
        profile = profile_clean(largest, args.seed, args.timeout, work, prof, args.build_args)
    if args.json:
        print(json.dumps({"machine": machine, "results": as_json(results)}, indent=2))
    else:
        print(table(results, machine))
        if profile:
            print("\n" + profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
