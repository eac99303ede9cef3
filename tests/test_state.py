"""A new process takes what the last build kept (builder.incremental.state) and builds exactly as a
clean build would; a state that is damaged, stale or not the last build's is ignored."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from builder import build as pipeline
from builder.assemble import site_memo
from builder.build import CACHE_DIR, STATE, Report
from builder.incremental import cache as article_cache
from builder.incremental import state, state_file
from tests.test_incremental import EDITS, clean_build, project, published, seed
from tests.test_incremental import run as run_without_state

__all__ = ["project"]  # the fixture, shared with test_incremental
ROOT = Path(__file__).resolve().parent.parent


def run(root: Path, out: Path | None = None, **overrides: object) -> tuple[Report, list[int]]:
    """A build that keeps its state (BuildOptions.keep_state, as `build` does unless told
    --no-state)."""
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


def fresh_build(root: Path, *flags: str) -> None:
    """`python -m builder build` in a new process (this checkout's code), which keeps its
    state unless `flags` say --no-state."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--root", str(root), "--quiet", "--jobs", "1",
         *flags],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr


def own_sources(root: Path, text: str) -> None:
    """The project's own sources.yaml (in its data folder `mine`) holds `text`."""
    config = root / "site.yaml"
    config.write_text(config.read_text("utf-8").replace("data_dirs: []", "data_dirs: [mine]"))
    (root / "mine").mkdir(exist_ok=True)
    (root / "mine" / "sources.yaml").write_text(text, "utf-8")


def knowledge_edit(root: Path) -> None:
    """A data file changes: a source the articles name gets a record of its own."""
    own_sources(
        root,
        "sources:\n- {id: olena-kovalenko, name: Olena Kovalenko, kind: witness, "
        "affiliation: Ukraine, type: person}\n",
    )


def corrupt_then_edit(root: Path) -> None:
    """The saved state is garbled (its last bytes flipped), then an article is edited."""
    path = root / "site" / CACHE_DIR / STATE
    data = path.read_bytes()
    path.write_bytes(data[:-64] + bytes(b ^ 0x5A for b in data[-64:]))
    EDITS["edited"](root)


FRESH_CHANGES: dict[str, Callable[[Path], None]] = {
    **EDITS,
    "quiet": quiet_edit,
    "knowledge": knowledge_edit,
    "corrupt": corrupt_then_edit,
}


@pytest.mark.parametrize("change", sorted(FRESH_CHANGES))
def test_a_new_process_after_a_change_builds_what_a_clean_build_does(
    project: Path, tmp_path: Path, change: str
) -> None:
    """`build` keeps its state by default; the next process starts from it (or finds it
    unusable: other templates or knowledge, a damaged file) and writes what a clean build
    writes, after an edit, a deletion, a rename, a template or knowledge change."""
    if change == "knowledge":
        own_sources(project, "sources: []\n")
    fresh_build(project)
    assert (project / "site" / CACHE_DIR / STATE).is_file()
    FRESH_CHANGES[change](project)
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


def test_the_cli_keeps_a_state_unless_told_not_to(project: Path) -> None:
    """`build` saves its state by default and `build --no-state` neither saves nor reads one
    (nor does a build through the library unless BuildOptions.keep_state says so)."""
    path = project / "site" / CACHE_DIR / STATE
    run_without_state(project)
    assert not path.exists()
    quiet_edit(project)  # (a build with nothing to do returns before it would save)
    fresh_build(project, "--no-state")
    assert not path.exists()
    EDITS["edited"](project)
    fresh_build(project)
    assert path.exists()


def test_a_state_of_another_builder_version_is_ignored(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A state saved by other code (its key names the builder's code) is not taken."""
    run(project)
    monkeypatch.setattr(article_cache, "code_fingerprint", lambda *_: "another builder")
    assert_ignored_after(project, tmp_path, monkeypatch, "edited")


def test_a_state_of_another_layout_is_ignored(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A state file of an older layout (another magic, its check still right) is not read."""
    run(project)
    path = project / "site" / CACHE_DIR / STATE
    data = path.read_bytes()
    assert data.startswith(state_file.MAGIC)
    path.write_bytes(b"NASTATE1" + data[len(state_file.MAGIC) :])
    assert_ignored_after(project, tmp_path, monkeypatch, "edited")


def test_a_state_too_large_to_save_is_not_saved(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that would take the process past the memory budget is not made; the build is
    as it would be without a state."""
    monkeypatch.setattr(state, "MEMORY_BUDGET", 0)
    report, _ = run(project)
    assert report.written and not (project / "site" / CACHE_DIR / STATE).exists()
    EDITS["edited"](project)
    state.forget()
    report, _ = run(project)
    assert report.written and not (project / "site" / CACHE_DIR / STATE).exists()
    assert published(project / "site") == clean_build(project, tmp_path)


def listing_pages_rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The listing pages (home, place, source, day, period) every later build renders."""
    from builder.render import pages as render_stage

    rendered: list[str] = []
    page = render_stage._Pages.page

    def counted(self: render_stage._Pages, template: str, url: str, *a: object, **k: object):
        if template in ("index.html", "place.html", "source.html", "date.html", "period.html"):
            rendered.append(url)
        return page(self, template, url, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(render_stage._Pages, "page", counted)
    return rendered


def test_a_new_process_takes_listing_pages_row_for_row_as_the_preview_does(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The state keeps which build the listing cuts and tables are from, so a new process
    takes a listing page holding the edited article as it was when its rows show the same
    (render.pages.take_alike): it renders the listing pages a preview would, no more."""
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    run(twin)
    quiet_edit(twin)
    warm = listing_pages_rendered(monkeypatch)
    run(twin)  # the preview's way: the same process
    monkeypatch.undo()
    state.forget()
    run(project)
    state.forget()  # as a new process starts
    quiet_edit(project)
    cold = listing_pages_rendered(monkeypatch)
    answers = resumed(monkeypatch)
    run(project)
    assert answers == [True]
    assert sorted(cold) == sorted(warm) == []
    monkeypatch.undo()
    state.forget()
    assert published(project / "site") == clean_build(project, tmp_path)


def loaded_state(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dict[str, object], object]]:
    """The results and the Site every build's state.resume() installed, as it installed them."""
    found: list[tuple[dict[str, object], object]] = []
    original = state.resume

    def resume(*args: object) -> bool:
        done = original(*args)  # type: ignore[arg-type]
        if done:
            ((_, site, _),) = site_memo.SITES.values()
            found.append((dict(state.MEMOS[0].target()), site))
        return done

    monkeypatch.setattr(state, "resume", resume)
    return found


def test_a_state_saved_in_chunks_gives_back_the_results_own_objects(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The results are saved a few at a time (state_file.CHUNK) and the Site names their
    documents, claims and mentions by place: loaded, the Site's articles and references hold
    the results' very objects, each source is one object, and the build is a clean one's."""
    from builder.assemble import summary

    monkeypatch.setattr(state_file, "CHUNK", 2)
    run(project)
    state.forget()
    quiet_edit(project)
    loaded = loaded_state(monkeypatch)
    run(project)
    assert len(loaded) == 1
    results, site = loaded[0]
    documents = {id(r.document) for r in results.values()}  # type: ignore[attr-defined]
    assert all(id(a.document) in documents for a in site.articles)  # type: ignore[attr-defined]
    refs = [
        (r, r.article.annotations)
        for e in (*site.by_place, *site.by_source, *site.by_date)  # type: ignore[attr-defined]
        for r in (*getattr(e, "mentions", ()), *getattr(e, "metonymic", ()), *e.claims)
    ]
    claims = [r for r, _ in refs if getattr(r, "claim", None) is not None]
    mentions = [r for r, _ in refs if getattr(r, "mention", None) is not None]
    assert claims and mentions  # (a reference field renamed would leave nothing checked)
    for ref, held_by in refs:
        claim = getattr(ref, "claim", None)
        assert claim is None or any(c is claim for c in held_by.claims)
        mention = getattr(ref, "mention", None)
        held = [m for p in held_by.places for m in p.mentions] + list(held_by.dates)
        assert mention is None or any(m is mention for m in held)
    sources = [s for r in results.values() for s in r.annotations.sources]  # type: ignore[attr-defined]
    assert sources and all(summary._SOURCES[s] is s for s in sources)
    monkeypatch.undo()
    state.forget()
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_state_of_another_key_is_not_read_past_its_head(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A state saved under another key is turned down from its head: its results are not
    unpickled."""
    run(project)
    path = project / "site" / CACHE_DIR / STATE
    read: list[object] = []
    monkeypatch.setattr(state_file._Loader, "next", lambda self: read.append(1))
    assert state_file.read(path, "another key") is None
    assert not read
    with open(path, "rb") as f:  # its own key (the head's) does read on: the spy is on the path
        f.seek(len(state_file.MAGIC) + state_file.CHECK)
        own_key = pickle.load(f)[0]
    state_file.read(path, own_key)
    assert read


def test_a_states_references_load_without_their_classes_init(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Site's claim, place and date references load as shells filled in C (ref_shells):
    no __init__ of theirs runs while the state is read, and the state is still read."""
    from builder.assemble.site import ClaimRef, DateRef, PlaceRef

    run(project)
    state.forget()
    quiet_edit(project)
    original, read = state_file.read, []

    def refused(self: object, *args: object) -> None:
        raise AssertionError(f"{type(self).__name__}.__init__ ran while loading")

    def reading(*args: object) -> object:
        with pytest.MonkeyPatch.context() as inner:
            for cls in (ClaimRef, PlaceRef, DateRef):
                inner.setattr(cls, "__init__", refused)
            read.append(original(*args))  # type: ignore[arg-type]
        return read[-1]

    monkeypatch.setattr(state_file, "read", reading)
    loaded = loaded_state(monkeypatch)
    run(project)
    assert len(read) == 1 and read[0] is not None and len(loaded) == 1
