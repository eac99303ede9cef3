"""Command line: `build`, `check` and `serve` verbs; prints diagnostics; exits 0, 1 or 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from builder import __version__
from builder.diagnostics import Diagnostic

if TYPE_CHECKING:  # the pipeline is imported only when a verb runs, so --help stays fast
    from builder.build import BuildOptions, Report

OK, CONTENT_ERROR, USAGE_ERROR = 0, 1, 2
CONFIG_FILE = "site.yaml"


def parser() -> argparse.ArgumentParser:
    """The argument parser for every verb."""
    top = argparse.ArgumentParser(
        prog="python -m builder",
        description="Build a static site of annotated news articles from seeds/.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = top.add_subparsers(dest="verb", required=True, metavar="{build,check,serve}")

    build = verbs.add_parser("build", help="build the site into the output folder")
    _common(build)
    _site_flags(build)
    build.add_argument("--timings", action="store_true", help="print seconds per stage")
    build.add_argument("--quiet", action="store_true", help="print errors only, no summary")
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="keep no .cache/ in the output folder (for a folder that is published as it is)",
    )
    build.add_argument(
        "--no-state",
        action="store_true",
        help="neither save what this build holds in memory in .cache/state nor start from the "
        "last saved one (by default a later build after a small edit starts from it)",
    )

    check = verbs.add_parser(
        "check", help="annotate in memory and print what an editor should review; writes nothing"
    )
    _common(check)

    serve = verbs.add_parser("serve", help="build, serve and rebuild on every change")
    _root(serve)
    serve.add_argument("--base-url", default=None, help="serve under this base path")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    return top


def _root(verb: argparse.ArgumentParser) -> None:
    verb.add_argument(
        "--root",
        type=Path,
        default=None,
        help=f"project folder holding {CONFIG_FILE} (default: current folder)",
    )


def _common(verb: argparse.ArgumentParser) -> None:
    _root(verb)
    verb.add_argument(
        "--seeds",
        type=Path,
        default=None,
        help="folder of articles (default: seeds_dir of site.yaml)",
    )
    verb.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="processes for parsing and annotating (default: one per CPU)",
    )
    verb.add_argument(
        "--strict",
        action="store_true",
        help="write nothing if there is any error; exit 1 on warnings too",
    )


def _site_flags(verb: argparse.ArgumentParser) -> None:
    verb.add_argument(
        "--out", type=Path, default=None, help="output folder (default: output_dir of site.yaml)"
    )
    verb.add_argument(
        "--base-url", default=None, help="URL or path the site is served under, e.g. /archive/"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one verb; return the process exit code."""
    cli = parser()
    args = cli.parse_args(argv)
    root = (args.root or Path.cwd()).resolve()
    if not (root / CONFIG_FILE).is_file():
        cli.error(f"no {CONFIG_FILE} in {root}: run from the project folder or pass --root")
    options, problems = load_options(root, args)
    print_diagnostics(problems, sys.stderr)
    if options is None:
        return CONTENT_ERROR
    if args.verb == "build":
        code = run_build(options, quiet=args.quiet)
    elif args.verb == "check":
        code = run_check(options)
    else:
        code = run_serve(options, args)
    return max(code, exit_code(problems, options.strict, written=True))


def load_options(
    root: Path, args: argparse.Namespace
) -> tuple[BuildOptions | None, tuple[Diagnostic, ...]]:
    """BuildOptions from site.yaml and the flags, or None with the config's errors."""
    from builder.build import BuildOptions
    from builder.read.config import load_config

    config, diagnostics = load_config(root / CONFIG_FILE)
    if any(d.is_error for d in diagnostics):
        return None, tuple(diagnostics)
    options = BuildOptions(
        root=root,
        config=config,
        seeds_dir=_absolute(getattr(args, "seeds", None)),
        out_dir=_absolute(getattr(args, "out", None)),
        base_url=getattr(args, "base_url", None),
        strict=getattr(args, "strict", False),
        timings=getattr(args, "timings", False),
        jobs=max(0, getattr(args, "jobs", 0)),
        cache=not getattr(args, "no_cache", False),
        keep_state=not getattr(args, "no_state", False),
        freeze_made=True,
        progress=progress_line(sys.stderr) if _shows_progress(args) else None,
    )
    return options, tuple(diagnostics)


def _shows_progress(args: argparse.Namespace) -> bool:
    return args.verb == "build" and not args.quiet and sys.stderr.isatty()


def progress_line(stream: TextIO) -> Callable[[int, int], None]:
    """A one-line progress display, rewritten in place, erased when the articles are done."""

    def show(done: int, total: int) -> None:
        if done < total:
            stream.write(f"\rannotating {done}/{total} articles")
        else:
            stream.write("\r\033[K")
        stream.flush()

    return show


def _absolute(path: Path | None) -> Path | None:
    return path.resolve() if path is not None else None


def run_build(options: BuildOptions, quiet: bool = False) -> int:
    from builder.build import build

    report = build(options)
    print_diagnostics(report.diagnostics if not quiet else report.errors, sys.stderr)
    if not quiet:
        print(summary(report))
    if options.timings:
        print(timings(report.stage_seconds, report.seconds))
    return exit_code(report.diagnostics, options.strict, report.written)


def run_check(options: BuildOptions) -> int:
    from builder.build import gather, render
    from builder.report import format_report

    gathered = gather(options)
    diagnostics = (*gathered.diagnostics, *render(options, gathered.site)[1])
    print_diagnostics(diagnostics, sys.stderr)
    sys.stdout.write(format_report(gathered.articles, diagnostics))
    return exit_code(diagnostics, options.strict, written=True)


def run_serve(options: BuildOptions, args: argparse.Namespace) -> int:
    from builder.preview.server import serve

    code = serve(
        options.root,
        options.config,
        host=args.host,
        port=args.port,
        open_browser=args.open,
        base_url=options.base_url,
    )
    return code or OK


def exit_code(diagnostics: Sequence[Diagnostic], strict: bool, written: bool) -> int:
    """1 when there are errors (or, with --strict, warnings) or nothing could be written."""
    if any(d.is_error for d in diagnostics) or (strict and diagnostics) or not written:
        return CONTENT_ERROR
    return OK


def print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=stream)


def summary(report: Report) -> str:
    """One line: what was built, how much, how long, where."""
    counts = (
        f"{report.articles} articles, {report.pages} pages, {report.claims} claims, "
        f"{len(report.warnings)} warnings, {len(report.errors)} errors"
    )
    if not report.written:
        return f"Nothing written ({counts}; {report.seconds:.2f} s); the output folder is unchanged"
    where = _display(Path(report.output))
    return f"Built {counts} in {report.seconds:.2f} s into {where}/"


def timings(stage_seconds: Sequence[tuple[str, float]], total: float) -> str:
    lines = [f"  {name:<12} {seconds:8.3f} s" for name, seconds in stage_seconds]
    return "\n".join(["Seconds per stage:", *lines, f"  {'total':<12} {total:8.3f} s"])


def _display(path: Path) -> str:
    """`path` relative to the current folder when it is inside it, else absolute."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
