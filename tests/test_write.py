"""The output folder: atomic replacement, no stale files, untouched files kept, safety checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.write import output as write
from builder.write.output import MARKER, OutputError, check_output_dir, write_site


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_writes_exactly_the_files_and_a_marker(tmp_path: Path) -> None:
    out = tmp_path / "site"
    files = {"index.html": b"<html></html>\n", "articles/a/index.html": b"a\n"}
    assert write_site(files, out) == 3
    assert tree(out) == {**files, MARKER: write.MARKER_TEXT}


def test_no_stale_file_survives_a_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"1", "articles/gone/index.html": b"old"}, out)
    write_site({"index.html": b"2"}, out)
    assert tree(out) == {"index.html": b"2", MARKER: write.MARKER_TEXT}
    assert not (out / "articles").exists()


def test_unchanged_files_keep_their_inode_and_mtime(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"same.html": b"same", "edited.html": b"v1"}, out)
    os.utime(out / "same.html", (1_000_000, 1_000_000))
    before = (out / "same.html").stat()
    edited_before = (out / "edited.html").stat().st_ino
    changed = write_site({"same.html": b"same", "edited.html": b"v2"}, out)
    after = (out / "same.html").stat()
    assert changed == 1
    assert (after.st_ino, after.st_mtime) == (before.st_ino, 1_000_000)
    assert (out / "edited.html").stat().st_ino != edited_before
    assert (out / "edited.html").read_bytes() == b"v2"


def test_no_temporary_folder_is_left_beside_the_output(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"a.html": b"1"}, out)
    write_site({"a.html": b"2"}, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_crash_while_writing_leaves_the_previous_site(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"good", "b.html": b"b"}, out)
    before = tree(out)

    real_write = write._write

    def fail_midway(path: str, data: bytes) -> None:
        if Path(path).name == "z.html":
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(write, "_write", fail_midway)
    with pytest.raises(OSError):
        write_site({"index.html": b"new", "z.html": b"z"}, out)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_without_atomic_exchange_still_replaces(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    write_site({"old.html": b"1"}, out)
    write_site({"new.html": b"2"}, out)
    assert tree(out) == {"new.html": b"2", MARKER: write.MARKER_TEXT}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_kept_entries_are_carried_over_and_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"1"}, out)
    (out / ".cache" / "ab").mkdir(parents=True)
    (out / ".cache" / "ab" / "entry").write_bytes(b"cached")
    write_site({"index.html": b"2"}, out, keep=(".cache",))
    assert (out / ".cache" / "ab" / "entry").read_bytes() == b"cached"
    assert (out / "index.html").read_bytes() == b"2"
    with pytest.raises(OutputError):
        write_site({".cache/ab/entry": b"page"}, out, keep=(".cache",))
    write_site({"index.html": b"3"}, out)
    assert not (out / ".cache").exists()


@pytest.mark.parametrize(
    "bad", ["../evil.html", "/etc/passwd", "a/../../b", "", "a//b", "./a", "a\\b", MARKER]
)
def test_paths_that_leave_the_output_are_refused(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "site"
    with pytest.raises(OutputError):
        write_site({"index.html": b"x", bad: b"evil"}, out)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- Safety of the output folder -----------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("seeds", "templates", "static"):
        (tmp_path / folder).mkdir()
    (tmp_path / "site.yaml").write_text("title: x\n")
    return tmp_path


def inputs(root: Path) -> tuple[Path, ...]:
    return (root / "seeds", root / "templates", root / "static", root / "site.yaml")


def test_a_missing_or_empty_folder_and_our_own_output_are_accepted(project: Path) -> None:
    assert check_output_dir(project / "site", project, inputs(project)) is None
    (project / "empty").mkdir()
    assert check_output_dir(project / "empty", project, inputs(project)) is None
    write_site({"index.html": b"x"}, project / "site")
    assert check_output_dir(project / "site", project, inputs(project)) is None


@pytest.mark.parametrize(
    ("out", "why"),
    [
        (".", "project folder"),
        ("..", "project folder"),
        ("seeds", "input"),
        ("seeds/site", "input"),
        ("templates", "input"),
        ("static", "input"),
    ],
)
def test_the_project_and_its_inputs_are_refused(project: Path, out: str, why: str) -> None:
    problem = check_output_dir(project / out, project, inputs(project))
    assert problem is not None and problem.is_error
    assert why in problem.message


def test_a_folder_that_contains_the_inputs_is_refused(project: Path) -> None:
    inner = project / "work"
    (inner / "seeds").mkdir(parents=True)
    problem = check_output_dir(inner, inner, inputs(inner))
    assert problem is not None


def test_a_foreign_non_empty_folder_is_refused(project: Path) -> None:
    docs = project / "docs"
    docs.mkdir()
    (docs / "thesis.tex").write_text("precious")
    problem = check_output_dir(docs, project, inputs(project))
    assert problem is not None
    assert "did not make" in problem.message and MARKER in problem.hint


def test_a_file_or_a_symlink_is_refused(project: Path) -> None:
    (project / "file").write_text("x")
    assert check_output_dir(project / "file", project, inputs(project)) is not None
    (project / "real").mkdir()
    (project / "link").symlink_to(project / "real")
    assert check_output_dir(project / "link", project, inputs(project)) is not None


# --- Patching a previous build's folder in place (incremental builds) -------------------------


def patch(out: Path, files: dict[str, bytes], reused: tuple[str, ...] = (), keep=()) -> int:
    """One incremental write: `files` are rendered again, `reused` are kept as they are."""
    with write.PatchWriter(out, keep) as writer:
        for rel in reused:
            assert writer.reuse(rel)
        for rel, data in files.items():
            writer.add(rel, data)
        return writer.commit()


def test_a_patch_writes_only_what_changed_and_removes_what_is_gone(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"same.html": b"same", "kept.html": b"k", "edited.html": b"v1",
                "articles/gone/index.html": b"old"}, out)  # fmt: skip
    before = {name: (out / name).stat() for name in ("same.html", "kept.html")}
    changed = patch(out, {"same.html": b"same", "edited.html": b"v2", "new/x.html": b"n"},
                    reused=("kept.html",))  # fmt: skip
    assert tree(out) == {"same.html": b"same", "kept.html": b"k", "edited.html": b"v2",
                         "new/x.html": b"n", MARKER: write.MARKER_TEXT}  # fmt: skip
    assert changed == 3  # edited, new, and the stale page removed
    assert not (out / "articles").exists(), "a folder left empty goes too"
    for name, stat in before.items():
        assert (out / name).stat().st_ino == stat.st_ino
        assert (out / name).stat().st_mtime_ns == stat.st_mtime_ns
    assert [p.name for p in tmp_path.iterdir()] == ["site"], "no staging folder is left"


def test_a_patch_that_is_not_committed_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"1", "a.html": b"a"}, out)
    before = tree(out)
    with pytest.raises(RuntimeError):
        with write.PatchWriter(out) as writer:
            writer.add("index.html", b"2")
            raise RuntimeError("a template failed")
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_patch_never_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    out, outside = tmp_path / "site", tmp_path / "elsewhere"
    outside.mkdir()
    write_site({"index.html": b"1"}, out)
    (out / "articles").symlink_to(outside, target_is_directory=True)
    patch(out, {"index.html": b"1", "articles/a/index.html": b"page"})
    assert list(outside.iterdir()) == [], "nothing is written outside the output folder"
    assert (out / "articles").is_dir() and not (out / "articles").is_symlink()
    assert (out / "articles/a/index.html").read_bytes() == b"page"


def test_a_patch_keeps_the_kept_entries_and_refuses_to_write_into_them(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"1"}, out)
    (out / ".cache").mkdir()
    (out / ".cache" / "entry").write_bytes(b"cached")
    patch(out, {"index.html": b"2"}, keep=(".cache",))
    assert (out / ".cache" / "entry").read_bytes() == b"cached"
    with pytest.raises(OutputError):
        patch(out, {".cache/entry": b"x"}, keep=(".cache",))


def test_a_patch_in_two_halves_held_then_covered(tmp_path: Path) -> None:
    """A preview puts its pages in place holding the search bundle as it was, then patches
    the bundle alone: each half writes and removes only its own files."""
    out = tmp_path / "site"
    write_site({"index.html": b"1", "gone.html": b"g", "pagefind/a.js": b"a",
                "pagefind/s1/x": b"x"}, out)  # fmt: skip
    with write.PatchWriter(out, hold=("pagefind",)) as writer:
        writer.add("index.html", b"2")
        with pytest.raises(OutputError):
            writer.add("pagefind/a.js", b"b")
        writer.commit()
    assert tree(out) == {"index.html": b"2", "pagefind/a.js": b"a", "pagefind/s1/x": b"x",
                         MARKER: write.MARKER_TEXT}  # fmt: skip
    with write.PatchWriter(out, only="pagefind") as writer:
        writer.add("pagefind/a.js", b"b")
        writer.add("pagefind/s2/y", b"y")
        with pytest.raises(OutputError):
            writer.add("index.html", b"3")
        assert writer.commit() == 3  # a.js rewritten, s2/y new, s1/x removed
    assert tree(out) == {"index.html": b"2", "pagefind/a.js": b"b", "pagefind/s2/y": b"y",
                         MARKER: write.MARKER_TEXT}  # fmt: skip
    assert not (out / "pagefind" / "s1").exists()


def test_a_patch_told_the_folder_listing_removes_the_stale_files_it_names(tmp_path: Path) -> None:
    """Over a folder known to be as the last build left it, the listing that build kept
    says what is there: the stale files are removed without walking the folder."""
    out = tmp_path / "site"
    write_site({"index.html": b"1", "a/gone.html": b"g", "b.html": b"b"}, out)
    listed = ["index.html", "a/gone.html", "b.html", MARKER]
    with write.PatchWriter(out, trusted=True, listed=listed) as writer:
        assert writer.reuse("b.html")
        writer.add("index.html", b"2")
        assert writer.commit() == 2
    assert writer.removed == ["a/gone.html"]
    assert tree(out) == {"index.html": b"2", "b.html": b"b", MARKER: write.MARKER_TEXT}
    assert not (out / "a").exists()
