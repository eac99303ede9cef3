"""A new process takes what the last build kept (builder.incremental.state) and builds exactly as a
clean build would; a state that is damaged, stale or not the last build's is ignored."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder import build as pipeline
from builder.build import CACHE_DIR, STATE
from builder.incremental import state
from tests.test_incremental import EDITS, clean_build, project, published, seed
from tests.test_incremental import run as run_without_state

__all__ = ["project"]  # the fixture, shared with test_incremental
ROOT = Path(__file__).resolve().parent.parent


def run(root: Path, out: Path | None = None, **overrides: object) -> object:
    """A build that keeps its state (BuildOptions.keep_state, `build --keep-state`)."""
    return run_without_state(root, out, keep_state=True, **overrides)


def quiet_edit(root: Path) -> None:
    """An edit that names nothing new (no place, date or source): the site is updated for it,
    not assembled again."""
    path = seed(root, "001_474dacda6a1980da.txt")
    text = path.read_text("utf-8")
    path.write_text(text.replace("\n\n", "\n\nThe rest of the day passed quietly.\n\n", 1), "utf-8")


def resumed(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """What every build's state.resume() answered, in order."""
    answers: list[bool] = []
    original = state.resume

    def resume(*args: object) -> bool:
        answers.append(original(*args))  # type: ignore[arg-type]
        return answers[-1]

    monkeypatch.setattr(state, "resume", resume)
    return answers


def assert_ignored_after(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """A new process after EDITS[change] does not take the state, and builds what a clean
    build does."""
    state.forget()
    EDITS[change](project)
    answers = resumed(monkeypatch)
    report, _ = run(project)
    assert answers == [False] and report.written
    assert published(project / "site") == clean_build(project, tmp_path)


def fresh_build(root: Path) -> None:
    """`python -m builder build` in a new process (this checkout's code)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--root", str(root), "--quiet", "--jobs", "1",
         "--keep-state"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("change", ["quiet", "edited", "deleted"])
def test_a_new_process_after_a_change_builds_what_a_clean_build_does(
    project: Path, tmp_path: Path, change: str
) -> None:
    fresh_build(project)
    assert (project / "site" / CACHE_DIR / STATE).is_file()
    (quiet_edit if change == "quiet" else EDITS[change])(project)
    fresh_build(project)
    state.forget()
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_cold_build_takes_the_last_builds_state_and_updates_the_site(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project)
    state.forget()  # as a new process starts
    quiet_edit(project)
    answers = resumed(monkeypatch)
    assembled: list[int] = []
    whole = pipeline.site_stage.assemble
    monkeypatch.setattr(
        pipeline.site_stage, "assemble", lambda items, *a: assembled.append(1) or whole(items, *a)
    )
    report, totals = run(project)
    assert answers == [True]
    assert report.written and set(totals) == {1}, "only the edited article is annotated"
    assert not assembled, "the kept Site is updated for the edit, not assembled anew"
    monkeypatch.undo()
    assert published(project / "site") == clean_build(project, tmp_path)


@pytest.mark.parametrize("damage", ["garbled", "truncated", "empty", "foreign"])
def test_a_damaged_state_is_ignored(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    run(project)
    path = project / "site" / CACHE_DIR / STATE
    data = path.read_bytes()
    path.write_bytes(
        {
            "garbled": data[:-100] + bytes(b ^ 0x5A for b in data[-100:]),
            "truncated": data[: len(data) // 2],
            "empty": b"",
            "foreign": b"some other file",
        }[damage]
    )
    assert_ignored_after(project, tmp_path, monkeypatch, "edited")


def echo_edit(root: Path) -> str:
    """An edit that takes out one of the article's claims: its source's page lists one claim
    fewer, yet the site is updated for it, not assembled again. Returns the text before."""
    path = seed(root, "001_474dacda6a1980da.txt")
    text = path.read_text("utf-8")
    said = next(p for p in text.split("\n\n") if " said " in p and "Ministry of Defence" in p)
    path.write_text(text.replace(f"{said}\n\n", "", 1), "utf-8")
    return text


def test_an_earlier_builds_state_gives_what_a_clean_build_does(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that updated a state for an edit leaves it as it was; the next new process
    takes that older state, and where the last build's pages no longer match it, renders
    them again: here the edit is undone (and the article cache still holds the result from
    before), so the state's Site is the current one again, but the pages on disk are the
    edit's."""
    run(project)
    path = project / "site" / CACHE_DIR / STATE
    kept = path.read_bytes()
    results = project / "site" / CACHE_DIR / pipeline.ARTICLES_CACHE
    shutil.copytree(results, tmp_path / "results")
    state.forget()
    original = echo_edit(project)
    answers = resumed(monkeypatch)
    run(project)
    edited = published(project / "site")
    assert path.read_bytes() == kept, "an update for one edit does not save the state again"
    state.forget()
    quiet_edit(project)  # the same article edited again: its first result is no longer cached
    run(project)
    assert path.read_bytes() == kept, "nor one for the same article edited twice"
    state.forget()
    seed(project, "001_474dacda6a1980da.txt").write_text(original, "utf-8")
    shutil.copytree(tmp_path / "results", results, dirs_exist_ok=True)  # its result is cached
    report, totals = run(project)
    assert answers == [True, True, True] and report.written and totals == []
    now = published(project / "site")
    listings = [rel for rel in now if rel.startswith("sources/")]
    assert any(edited.get(rel) != now[rel] for rel in listings), "a source page changed back"
    assert now == clean_build(project, tmp_path)


def test_a_state_kept_under_other_templates_is_ignored(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project)
    assert_ignored_after(project, tmp_path, monkeypatch, "template")


def test_a_state_whose_article_cache_is_gone_costs_a_rebuild_not_a_wrong_site(
    project: Path, tmp_path: Path
) -> None:
    run(project)
    for entry in (project / "site" / CACHE_DIR / pipeline.ARTICLES_CACHE).rglob("*"):
        if entry.is_file():
            entry.unlink()
    state.forget()
    EDITS["edited"](project)
    report, totals = run(project)
    assert report.written and max(totals) == report.articles, "every article is annotated"
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_build_keeps_no_state_unless_asked(project: Path) -> None:
    """The state costs a full build time and memory: only `--keep-state` writes or reads it."""
    run_without_state(project)
    assert not (project / "site" / CACHE_DIR / STATE).exists()
    quiet_edit(project)  # (a build with nothing to do returns before it would save)
    run(project)
    assert (project / "site" / CACHE_DIR / STATE).exists()
