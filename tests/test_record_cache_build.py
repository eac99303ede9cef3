"""The search records a build keeps in its cache (search.record_cache): whatever is found where
they go, a build warns and keeps them again rather than failing, keeps none of an old shard
count, and never gives a page edited by hand in the output the record of its old bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import build as pipeline
from builder.build import CACHE_DIR, RECORDS
from builder.options import Report
from builder.search import indexer as search_stage
from builder.search import record_cache
from tests.test_incremental import EDITS, clean_build, preview, project, published, run

__all__ = ["project"]  # the fixture


def _records(root: Path) -> Path:
    return root / "site" / CACHE_DIR / RECORDS


def _build(root: Path, trust: bool) -> Report:
    """A CLI build, or a preview's with its search index brought up to date."""
    if not trust:
        return run(root)[0]
    report, _ = preview(root)
    caught = pipeline.finish_search()
    return caught if caught is not None else report


def _warnings(report: Report, folder: Path) -> list[str]:
    return [d.message for d in report.diagnostics if d.path == str(folder) and not d.is_error]


@pytest.mark.parametrize("trust", [False, True], ids=["build", "preview"])
def test_a_file_where_the_records_go_is_a_warning_and_they_are_kept_again(
    project: Path, tmp_path: Path, trust: bool
) -> None:
    _build(project, trust)
    folder = _records(project)
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()
    folder.write_bytes(b"not a folder")
    EDITS["edited"](project)
    report = _build(project, trust)
    assert report.written
    assert _warnings(report, folder) == [record_cache.NOT_A_FOLDER]
    assert folder.is_dir() and any(folder.iterdir())
    assert published(project / "site") == clean_build(project, tmp_path)
    again, _ = run(project)
    assert again.changed == 0 and _warnings(again, folder) == []  # not kept in the manifest


def test_records_that_cannot_be_kept_are_a_warning_and_the_site_is_complete(
    project: Path, tmp_path: Path
) -> None:
    run(project)
    folder = _records(project)
    for file in list(folder.iterdir()):
        file.unlink()
        (file / "in the way").mkdir(parents=True)  # a folder where a record file goes
    EDITS["edited"](project)
    report, _ = run(project)
    assert report.written and not any(d.is_error for d in report.diagnostics)
    found = _warnings(report, folder)
    assert len(found) == 1 and found[0].startswith("search records not kept")
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_preview_keeps_no_records_of_an_old_shard_count(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shard count follows the archive's size: the records of the count before are of no
    shard now, and go once the records of the new count are kept."""
    _build(project, trust=True)
    assert sorted(f.name for f in _records(project).iterdir()) == ["1-0"]
    monkeypatch.setattr(search_stage, "SHARD_PAGES", 4)  # as if the archive had grown
    EDITS["edited"](project)
    report = _build(project, trust=True)
    assert report.written
    counts = {f.name.split("-")[0] for f in _records(project).iterdir()}
    assert len(counts) == 1 and counts != {"1"}


def test_a_page_edited_by_hand_is_indexed_as_the_build_writes_it(
    project: Path, tmp_path: Path
) -> None:
    """A build (not a preview, which owns its output folder) takes a page as it was only when
    its size and time are the ones the manifest lists: a page edited by hand is written again,
    and indexed from what is written, not from the record kept of the bytes it had."""
    run(project)
    out = project / "site"
    pages = sorted(out.glob("articles/*/index.html"))
    for page in pages:
        page.write_text(page.read_text("utf-8").replace("<p>", "<p>Edited by hand. ", 1), "utf-8")
    EDITS["edited"](project)  # a page changes: its shard is indexed again
    report, _ = run(project)
    assert report.written and not any(b"Edited by hand" in p.read_bytes() for p in pages)
    assert published(out) == clean_build(project, tmp_path)
