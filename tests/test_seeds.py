"""The seed reader: which files count, their order, sidecars, and refused links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.read.seeds import SeedFile, read_seeds

ROOT = Path(__file__).resolve().parent.parent


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "seeds"


def test_the_real_seeds_are_read_in_order() -> None:
    seeds, problems = read_seeds(ROOT / "seeds", ROOT)
    assert problems == ()
    assert [s.path for s in seeds] == [
        f"seeds/{p.name}" for p in sorted((ROOT / "seeds").iterdir())
    ]
    assert seeds[0].data == (ROOT / seeds[0].path).read_bytes()


def test_articles_sidecars_and_ignored_files(tmp_path: Path) -> None:
    seeds_dir = make(
        tmp_path,
        {
            "seeds/b.md": "# B",
            "seeds/a.txt": "A",
            "seeds/c.markdown": "C",
            "seeds/a.yaml": "title: A2",
            "seeds/c.yml": "title: C2",
            "seeds/.hidden.txt": "x",
            "seeds/d.txt~": "x",
            "seeds/#e.txt#": "x",
            "seeds/f.md.swp": "x",
            "seeds/notes.json": "{}",
            "seeds/sub/g.txt": "G",
        },
    )
    seeds, problems = read_seeds(seeds_dir, tmp_path)
    assert problems == ()
    assert seeds == (
        SeedFile("seeds/a.txt", b"A", "seeds/a.yaml", b"title: A2"),
        SeedFile("seeds/b.md", b"# B", None, None),
        SeedFile("seeds/c.markdown", b"C", "seeds/c.yml", b"title: C2"),
        SeedFile("seeds/sub/g.txt", b"G", None, None),
    )


def test_a_sidecar_without_an_article_is_a_warning(tmp_path: Path) -> None:
    seeds, problems = read_seeds(
        make(tmp_path, {"seeds/a.txt": "A", "seeds/z.yaml": "t: 1"}), tmp_path
    )
    assert len(seeds) == 1
    assert [str(d) for d in problems] == [
        "seeds/z.yaml: warning: sidecar with no article beside it (expected z.txt or z.md)"
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_link_leaving_the_seeds_folder_is_refused(tmp_path: Path) -> None:
    seeds_dir = make(tmp_path, {"seeds/a.txt": "A", "secret.txt": "password"})
    (seeds_dir / "b.txt").symlink_to(tmp_path / "secret.txt")
    (seeds_dir / "inner.txt").symlink_to(seeds_dir / "a.txt")
    seeds, problems = read_seeds(seeds_dir, tmp_path)
    assert [s.path for s in seeds] == ["seeds/a.txt", "seeds/inner.txt"]
    assert [str(d) for d in problems] == [
        "seeds/b.txt: error: refused: a link that leaves the seeds folder"
    ]
    assert all(b"password" not in s.data for s in seeds)


def test_a_seeds_folder_outside_the_root_is_named_from_its_parent(tmp_path: Path) -> None:
    seeds_dir = make(tmp_path / "elsewhere", {"my-seeds/a.txt": "A"}).parent / "my-seeds"
    seeds, _ = read_seeds(seeds_dir, tmp_path / "project")
    assert [s.path for s in seeds] == ["my-seeds/a.txt"]


def test_a_missing_seeds_folder_is_an_error(tmp_path: Path) -> None:
    seeds, problems = read_seeds(tmp_path / "nope", tmp_path)
    assert seeds == () and problems[0].is_error


def test_a_second_read_gives_back_the_unchanged_files_and_reads_the_changed(
    tmp_path: Path,
) -> None:
    """A preview reads the seeds on every rebuild: files whose size, time and inode are as
    before come back as the same objects; an edited article or sidecar is read again."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("a.txt", "b.txt", "c.md"):
        (seeds / name).write_text(f"Title {name}\n\nBody.\n", "utf-8")
    (seeds / "c.yaml").write_text("outlet: One\n", "utf-8")
    first, _ = read_seeds(seeds, tmp_path)
    (seeds / "b.txt").write_text("Title b.txt\n\nA longer body now.\n", "utf-8")
    (seeds / "c.yaml").write_text("outlet: Two\n", "utf-8")
    second, _ = read_seeds(seeds, tmp_path)
    assert second[0] is first[0]
    assert second[1] is not first[1] and second[1].data.endswith(b"A longer body now.\n")
    assert second[2] is not first[2] and second[2].sidecar == b"outlet: Two\n"
    stamp = os.stat(seeds / "a.txt")
    (seeds / "a.txt").write_text("Title a.tx!\n\nBody.\n", "utf-8")  # same size
    os.utime(seeds / "a.txt", ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000))
    third, _ = read_seeds(seeds, tmp_path)
    assert third[0].data.startswith(b"Title a.tx!")
