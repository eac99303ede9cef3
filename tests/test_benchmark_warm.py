"""The benchmark's warm edit builds with the options `serve` builds with (no state kept)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from benchmarks.run import as_serve
from builder.cli import load_options, parser
from builder.options import BuildOptions, Report
from builder.preview.server import Rebuilder
from builder.read.config import load_config

PROJECT = Path(__file__).resolve().parent.parent

# What decides which path a build takes (what it reads, keeps and saves), not what it shows.
PATH_FIELDS = ("cache", "trust_output", "search_later", "keep_state")
# Where serve's options may differ from the warm child's: where it writes and serves, what it
# reports (a progress line on a terminal), its one process for annotating (a warm edit
# annotates one article, below the process pool's threshold). Any other field (one added
# later included) must agree.
MAY_DIFFER = frozenset({"out_dir", "base_url", "strict", "timings", "progress", "jobs"})


def test_the_warm_child_builds_as_serve_does(tmp_path: Path) -> None:
    config, _ = load_config(PROJECT / "site.yaml")
    seen: list[BuildOptions] = []

    def build(options: BuildOptions) -> Report:
        seen.append(options)
        return Report(0, 0, 0, (), True, 0.0, output=str(tmp_path))

    rebuilder = Rebuilder(
        PROJECT, config, tmp_path, "/", build, load_config, finish_fn=lambda: None
    )
    rebuilder.run(())
    args = parser().parse_args(["build", "--root", str(PROJECT), "--timings"])
    cli, _ = load_options(PROJECT, args)
    assert cli is not None and cli.keep_state  # the CLI keeps the state; serve does not
    warm = as_serve(cli)
    served = seen[0]
    assert {f: getattr(warm, f) for f in PATH_FIELDS} == {
        f: getattr(served, f) for f in PATH_FIELDS
    }
    others = [f.name for f in dataclasses.fields(BuildOptions) if f.name not in MAY_DIFFER]
    assert [(f, getattr(warm, f)) for f in others] == [(f, getattr(served, f)) for f in others]
