"""A new process reads only the seeds whose size or times changed since the last build
(builder.incremental.seed_record), and still builds what a clean build does; an edit that
keeps a seed's size and modification time, or one too close to the last look, is read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from builder.build import CACHE_DIR, SEEDS, STATE
from builder.incremental import seed_record, state
from builder.read import seeds as seeds_stage
from tests.test_incremental import EDITS, clean_build, project, published, seed
from tests.test_state import knowledge_edit, own_sources, quiet_edit, run

__all__ = ["project"]  # the fixture, shared with test_incremental

EDITED = "001_474dacda6a1980da.txt"  # see quiet_edit
SAME_SIZE = "000_b4a03408000191fb.txt"


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every seed read from now on."""
    names: list[str] = []
    original = seeds_stage._read_seed

    def read(path: Path, *args: object) -> object:
        names.append(path.name)
        return original(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(seeds_stage, "_read_seed", read)
    return names


def no_margin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seeds are settled however close to the last look their times are."""
    monkeypatch.setattr(seed_record, "MARGIN_NS", 0)
    monkeypatch.setattr(seed_record, "FINE_MARGIN_NS", 0)


def as_a_new_process() -> None:
    state.forget()
    seeds_stage.forget()


def assert_an_edit_in_a_new_process_reads_only_it(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a build, a new process that builds again after one seed's edit reads that seed
    alone, re-annotates it alone, and writes what a clean build writes."""
    as_a_new_process()
    quiet_edit(project)
    read = reads(monkeypatch)
    report, totals = run(project)
    assert report.written and read == [EDITED] and set(totals) == {1}
    monkeypatch.undo()
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_new_process_reads_only_the_edited_seed(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_margin(monkeypatch)  # the seeds were copied just now
    as_a_new_process()
    run(project)
    assert (project / "site" / CACHE_DIR / SEEDS).is_file()
    assert_an_edit_in_a_new_process_reads_only_it(project, tmp_path, monkeypatch)


def test_an_edit_keeping_size_and_modification_time_is_read(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_margin(monkeypatch)
    as_a_new_process()
    run(project)
    as_a_new_process()
    path = seed(project, SAME_SIZE)
    before = path.stat()
    text = path.read_text("utf-8")
    assert " said" in text
    path.write_text(text.replace(" said", " told", 1), "utf-8")  # the same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    quiet_edit(project)  # (else the no-change check, by size and modification time, holds)
    read = reads(monkeypatch)
    report, _ = run(project)
    assert report.written and read == [SAME_SIZE, EDITED]
    monkeypatch.undo()
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_seed_whose_times_are_near_the_last_look_is_read(project: Path) -> None:
    path = seed(project, EDITED)
    info = path.stat()
    signature = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
    name = (f"seeds/{EDITED}", None)
    newest = max(info.st_mtime_ns, info.st_ctime_ns)
    margin = seed_record._margin((info.st_mtime_ns, info.st_ctime_ns))

    def ask(looked_ns: int) -> bool:
        last = seed_record.Record("c", looked_ns, {name: (signature, "key")})
        return seed_record.Unread("c", last, {"key"})(*name, signature)

    assert not ask(newest + 1), "the same tick of a coarse clock"
    assert not ask(newest + margin - 1)
    assert ask(newest + margin + 1)
    assert not seed_record.Unread("c", None, {"key"})(*name, signature)
    last = seed_record.Record("c", time.time_ns() + 10**12, {name: (signature, "key")})
    assert not seed_record.Unread("c", last, set())(*name, signature), "no result at hand"


def test_a_knowledge_edit_after_the_record_is_taken_leaves_no_seed_unread(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record's keys hold for the knowledge it was taken for: when the data files change
    between the record's load and the build's own look at them, every seed is read and its
    key made for the knowledge the build loads (else the seeds left unread would keep the
    results of the old knowledge beside the edited seed's of the new)."""
    no_margin(monkeypatch)
    own_sources(project, "sources: []\n")
    as_a_new_process()
    run(project)
    as_a_new_process()
    quiet_edit(project)
    load = seed_record.load

    def load_then_edit(path: Path, expected: str) -> seed_record.Record | None:
        found = load(path, expected)
        assert found is not None
        knowledge_edit(project)  # the data files change once the record is taken
        return found

    monkeypatch.setattr(seed_record, "load", load_then_edit)
    read = reads(monkeypatch)
    report, _ = run(project)
    assert report.written and sorted(read) == sorted(p.name for p in (project / "seeds").iterdir())
    monkeypatch.undo()
    assert published(project / "site") == clean_build(project, tmp_path)


def test_the_margin_is_finer_where_the_file_system_keeps_finer_times() -> None:
    """A file system that keeps whole seconds shows no fraction in any time; one that keeps
    finer times (a clock of a few milliseconds) is given the finer margin."""
    whole = (1_700_000_000 * 10**9, 1_700_000_002 * 10**9)
    assert seed_record._margin(whole) == seed_record.MARGIN_NS
    assert seed_record._margin((whole[0], whole[1] + 4_000_000)) == seed_record.FINE_MARGIN_NS
    assert seed_record.FINE_MARGIN_NS < seed_record.MARGIN_NS


def test_seeds_written_just_before_a_build_are_not_read_by_the_next(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the benchmark builds: a corpus written, built at once, then one seed edited and
    built by a new process. Where the seeds' times have fractions of a second, the edited
    seed alone is read."""
    names = sorted(p.name for p in (project / "seeds").iterdir())
    info = seed(project, names[0]).stat()
    if not (info.st_mtime_ns % 10**9 or info.st_ctime_ns % 10**9):
        pytest.skip("this file system keeps whole seconds")
    time.sleep(2 * seed_record.FINE_MARGIN_NS / 10**9)
    as_a_new_process()
    run(project)
    assert_an_edit_in_a_new_process_reads_only_it(project, tmp_path, monkeypatch)


@pytest.mark.parametrize("kind", ["deleted", "renamed"])
def test_a_seed_that_went_leaves_the_site_in_a_new_process(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A deleted or renamed seed is no longer listed, so its result is not taken; the renamed
    one is read under its new name, and no other seed is."""
    no_margin(monkeypatch)
    as_a_new_process()
    run(project)
    before = {p.name for p in (project / "seeds").iterdir()}
    as_a_new_process()
    EDITS[kind](project)
    read = reads(monkeypatch)
    report, _ = run(project)
    assert report.written
    assert set(read) == {p.name for p in (project / "seeds").iterdir()} - before
    monkeypatch.undo()
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_damaged_state_means_every_seed_is_read(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed record's keys are taken only for results at hand: with the state cut short,
    none is, and the build reads every seed as a clean build does."""
    no_margin(monkeypatch)
    as_a_new_process()
    run(project)
    path = project / "site" / CACHE_DIR / STATE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    as_a_new_process()
    quiet_edit(project)
    read = reads(monkeypatch)
    report, _ = run(project)
    assert report.written
    assert sorted(read) == sorted(p.name for p in (project / "seeds").iterdir())
    monkeypatch.undo()
    assert published(project / "site") == clean_build(project, tmp_path)
