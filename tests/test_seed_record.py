"""A new process reads only the seeds whose size or times changed since the last build
(builder.incremental.seed_record), and still builds what a clean build does; an edit that
keeps a seed's size and modification time, or one too close to the last look, is read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from builder.build import CACHE_DIR, SEEDS
from builder.incremental import seed_record, state
from builder.read import seeds as seeds_stage
from tests.test_incremental import clean_build, project, published, seed
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


def as_a_new_process() -> None:
    state.forget()
    seeds_stage.forget()


def test_a_new_process_reads_only_the_edited_seed(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seed_record, "MARGIN_NS", 0)  # the seeds were copied just now
    as_a_new_process()
    run(project)
    assert (project / "site" / CACHE_DIR / SEEDS).is_file()
    as_a_new_process()
    quiet_edit(project)
    read = reads(monkeypatch)
    report, totals = run(project)
    assert report.written and read == [EDITED] and set(totals) == {1}
    monkeypatch.undo()
    assert published(project / "site") == clean_build(project, tmp_path)


def test_an_edit_keeping_size_and_modification_time_is_read(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seed_record, "MARGIN_NS", 0)
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

    def ask(looked_ns: int) -> bool:
        last = seed_record.Record("c", looked_ns, {name: (signature, "key")})
        return seed_record.Unread("c", last, {"key"})(*name, signature)

    assert not ask(newest + 1), "the same tick of a coarse clock"
    assert not ask(newest + seed_record.MARGIN_NS - 1)
    assert ask(newest + seed_record.MARGIN_NS + 1)
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
    monkeypatch.setattr(seed_record, "MARGIN_NS", 0)
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
