"""The preview hands its builds what the watcher saw change, and a build reads only those seeds."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from builder.build import BuildOptions, Report
from builder.diagnostics import Diagnostic
from builder.model import SiteConfig
from builder.preview import server as serve
from builder.read import seeds as seeds_stage
from builder.read.config import load_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "seeds", root / "seeds")
    return root


def _config(path: Path) -> tuple[SiteConfig, tuple[Diagnostic, ...]]:
    return SiteConfig(), ()


class Recorder:
    """A build that records its options and fails (raises) when told to."""

    def __init__(self) -> None:
        self.calls: list[BuildOptions] = []
        self.crash = False

    def __call__(self, options: BuildOptions) -> Report:
        self.calls.append(options)
        if self.crash:
            raise RuntimeError("boom")
        return Report(0, 0, 0, (), True, 0.0)


def test_the_preview_builds_with_the_paths_its_watcher_saw_change(tmp_path: Path) -> None:
    build = Recorder()
    rebuilder = serve.Rebuilder(tmp_path, SiteConfig(), tmp_path / "out", "/", build, _config)
    rebuilder.run(())
    assert build.calls[-1].changed is None, "the first build checks every seed"
    rebuilder.run(("/p/seeds/a.txt",))
    assert build.calls[-1].changed == {"/p/seeds/a.txt"}
    rebuilder.run(("/p/seeds/b.txt", "/p/seeds/c.yaml"))
    assert build.calls[-1].changed == {"/p/seeds/b.txt", "/p/seeds/c.yaml"}
    build.crash = True
    assert not rebuilder.run(("/p/seeds/d.txt",)).ok
    build.crash = False
    rebuilder.run(("/p/seeds/e.txt",))
    assert build.calls[-1].changed is None, "after a crash, what was read is not known"
    rebuilder.run(("/p/seeds/f.txt",))
    assert build.calls[-1].changed == {"/p/seeds/f.txt"}


def test_changes_seen_while_site_yaml_was_broken_reach_the_next_build(tmp_path: Path) -> None:
    build = Recorder()
    broken = [True]

    def load(path: Path) -> tuple[SiteConfig, tuple[Diagnostic, ...]]:
        from builder.diagnostics import error

        return SiteConfig(), ((error("site.yaml", 1, "bad"),) if broken[0] else ())

    rebuilder = serve.Rebuilder(tmp_path, SiteConfig(), tmp_path / "out", "/", build, load)
    rebuilder.run(())
    yaml = str(tmp_path / "site.yaml")
    assert not rebuilder.run(("/p/seeds/a.txt", yaml)).ok
    broken[0] = False
    rebuilder.run((yaml,))
    assert build.calls[-1].changed == {"/p/seeds/a.txt", yaml}


def _listings(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    listed: list[Path] = []
    real = seeds_stage._list_files

    def counting(seeds_dir: Path, base: Path):  # type: ignore[no-untyped-def]
        listed.append(seeds_dir)
        return real(seeds_dir, base)

    monkeypatch.setattr(seeds_stage, "_list_files", counting)
    return listed


def _edit(path: Path, text: str) -> None:
    path.write_text(text, "utf-8")
    later = time.time_ns() + 1_000_000
    os.utime(path, ns=(later, later))


def test_a_read_of_the_changed_seeds_equals_a_full_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds_dir = folder / "seeds"
    listed = _listings(monkeypatch)
    first, _ = seeds_stage.read_seeds(seeds_dir, folder)
    edited = sorted(seeds_dir.glob("*.txt"))[1]
    _edit(edited, edited.read_text("utf-8") + "\nOne more line.\n")
    listed.clear()
    again, problems = seeds_stage.read_seeds(seeds_dir, folder, {str(edited)})
    assert listed == [], "the folder is not listed again"
    changed = [a for a, b in zip(first, again, strict=True) if a is not b]
    assert [s.path for s in changed] == [f"seeds/{edited.name}"]
    assert changed[0].data != next(s for s in again if s.path == changed[0].path).data
    seeds_stage._read_memo.clear()
    seeds_stage._scan_memo.clear()
    assert (again, problems) == seeds_stage.read_seeds(seeds_dir, folder)


@pytest.mark.parametrize("change", ["added", "removed", "elsewhere"])
def test_a_file_that_came_or_went_means_the_folder_is_listed(
    folder: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    seeds_dir = folder / "seeds"
    listed = _listings(monkeypatch)
    seeds_stage.read_seeds(seeds_dir, folder)
    listed.clear()
    if change == "added":
        path = seeds_dir / "zz_new.txt"
        path.write_text("A new report\n\nTroops advanced.\n", "utf-8")
    elif change == "removed":
        path = sorted(seeds_dir.glob("*.txt"))[0]
        path.unlink()
    else:  # a file outside the seeds (a template): the seeds are as they were
        path = folder / "templates" / "base.html"
    found, _ = seeds_stage.read_seeds(seeds_dir, folder, {str(path)})
    assert listed == ([] if change == "elsewhere" else [seeds_dir])
    names = {s.path for s in found}
    assert len(names) == 5 + (change == "added") - (change == "removed")
    assert (f"seeds/{path.name}" in names) == (change == "added")


def test_a_preview_build_with_changed_paths_equals_a_clean_build(
    folder: Path, tmp_path: Path
) -> None:
    """The real pipeline, as the preview runs it: told the edited seed, it writes what a
    clean build writes (search index included, once it has caught up)."""
    from builder import build as pipeline
    from tests.test_incremental import EDITS, clean_build, published

    for name in ("templates", "static"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "site.yaml", folder / "site.yaml")
    config, _ = load_config(folder / "site.yaml")
    options = BuildOptions(root=folder, config=config, jobs=1, trust_output=True, search_later=True)
    assert pipeline.build(options).written
    edited = folder / "seeds" / "003_dd2113f5f7d29a02.txt"
    EDITS["edited"](folder)
    changed = frozenset({str(edited)})
    report = pipeline.build(BuildOptions(**{**_fields(options), "changed": changed}))
    assert report.written and pipeline.finish_search() is not None
    assert b"Kharkiv was shelled" in b"".join(published(folder / "site").values())
    assert published(folder / "site") == clean_build(folder, tmp_path)


def _fields(options: BuildOptions) -> dict[str, object]:
    return {name: getattr(options, name) for name in BuildOptions.__slots__}


@pytest.mark.parametrize("change", ["edited", "added", "removed"])
def test_the_seeds_fingerprint_from_changed_paths_equals_a_walk(folder: Path, change: str) -> None:
    from builder.incremental import seed_stats

    seeds_dir = folder / "seeds"
    seed_stats.listing(seeds_dir)
    path = sorted(seeds_dir.glob("*.txt"))[2]
    if change == "edited":
        _edit(path, path.read_text("utf-8") + "\nMore.\n")
    elif change == "added":
        path = seeds_dir / "zz_new.txt"
        path.write_text("New\n\nText.\n", "utf-8")
    else:
        path.unlink()
    told = seed_stats.listing(seeds_dir, frozenset({str(path)}))
    seed_stats._stats_memo.clear()
    assert told == seed_stats.listing(seeds_dir)


def test_the_seeds_listing_is_the_walk_the_manifest_takes_but_refuses_links(tmp_path: Path) -> None:
    """A seeds folder is listed as an output folder is (same paths, sizes and times), except
    that a symbolic link anywhere makes it no listing (its fingerprint then never matches),
    and a missing folder lists no files."""
    from builder.incremental import manifest, seed_stats

    seeds_dir = tmp_path / "seeds"
    (seeds_dir / "inner").mkdir(parents=True)
    (seeds_dir / "a.txt").write_text("A\n\nText.\n", "utf-8")
    (seeds_dir / "inner" / "b.md").write_text("# B\n", "utf-8")
    seed_stats._stats_memo.clear()
    assert seed_stats.listing(seeds_dir) == manifest.listing(seeds_dir, "")
    assert [rel for rel, _, _ in seed_stats.listing(seeds_dir) or ()] == ["a.txt", "inner/b.md"]
    (seeds_dir / "inner" / "c.txt").symlink_to(seeds_dir / "a.txt")
    assert seed_stats.listing(seeds_dir) is None
    assert seed_stats.listing(tmp_path / "none") == ()
