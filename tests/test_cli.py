"""The command line: verbs, flags, exit codes 0/1/2, where output goes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.cli import exit_code, summary
from builder.diagnostics import error, warning

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's inputs (site.yaml, seeds, templates, static) to build freely."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "site.yaml", root / "site.yaml")
    for folder in ("seeds", "templates", "static"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    return root


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_help_lists_the_verbs_and_the_build_flags() -> None:
    top = run("--help")
    assert top.returncode == 0
    assert all(verb in top.stdout for verb in ("build", "check", "serve"))
    build = run("build", "--help")
    flags = ("--seeds", "--out", "--base-url", "--strict", "--timings", "--quiet", "--root")
    assert build.returncode == 0 and all(flag in build.stdout for flag in flags)
    serve = run("serve", "--help")
    assert all(flag in serve.stdout for flag in ("--port", "--host", "--open"))


@pytest.mark.parametrize(
    "args",
    [(), ("publish",), ("build", "--no-such-flag"), ("serve", "--port", "eighty")],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_running_outside_a_project_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", cwd=tmp_path)
    assert result.returncode == 2
    assert "site.yaml" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_build_exits_0_prints_a_summary_and_leaves_seeds_alone(project: Path) -> None:
    seeds = digest(project / "seeds")
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "index.html").is_file()
    assert "5 articles" in result.stdout and "claims" in result.stdout
    assert "warnings" in result.stdout and " s " in result.stdout
    assert digest(project / "seeds") == seeds


def test_build_flags_choose_seeds_output_and_base_url(project: Path, tmp_path: Path) -> None:
    seeds = tmp_path / "mine"
    seeds.mkdir()
    one = min((project / "seeds").glob("*.txt"))
    shutil.copy(one, seeds / one.name)
    out = tmp_path / "public"
    base = "https://example.org/sub/"
    result = run("build", "--seeds", str(seeds), "--out", str(out), "--base-url", base,
                 cwd=project)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 articles" in result.stdout
    assert base in (out / "sitemap.xml").read_text()
    assert not (project / "site").exists()


def test_timings_and_quiet(project: Path) -> None:
    timed = run("build", "--timings", cwd=project)
    for stage in ("read", "parse+clean", "annotate", "assemble", "render", "write"):
        assert stage in timed.stdout
    quiet = run("build", "--quiet", cwd=project)
    assert quiet.returncode == 0 and quiet.stdout == ""


def test_a_bad_article_exits_1_with_its_location_and_the_rest_builds(project: Path) -> None:
    (project / "seeds" / "zz.txt").write_bytes(b"")
    result = run("build", cwd=project)
    assert result.returncode == 1
    assert "seeds/zz.txt:1: error:" in result.stderr
    assert "5 articles" in result.stdout
    assert (project / "site" / "index.html").is_file()


def test_strict_bad_article_exits_1_and_keeps_the_previous_site(project: Path) -> None:
    assert run("build", cwd=project).returncode == 0
    before = digest(project / "site")
    (project / "seeds" / "zz.txt").write_bytes(b"\x00\x01binary")
    result = run("build", "--strict", cwd=project)
    assert result.returncode == 1
    assert "Nothing written" in result.stdout
    assert digest(project / "site") == before


def test_an_unsafe_output_folder_exits_1_and_is_untouched(project: Path) -> None:
    mine = project / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("precious")
    result = run("build", "--out", str(mine), cwd=project)
    assert result.returncode == 1
    assert "output folder" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["todo.txt"]
    for bad in (".", "seeds", "templates"):
        assert run("build", "--out", bad, cwd=project).returncode == 1
    assert sorted(p.name for p in (project / "seeds").iterdir()) == sorted(
        p.name for p in (ROOT / "seeds").iterdir()
    )


def test_a_bad_site_yaml_exits_1_naming_the_key(project: Path) -> None:
    (project / "site.yaml").write_text("title: X\ncolour: red\n")
    result = run("build", cwd=project)
    assert result.returncode == 1
    assert "site.yaml:2: error:" in result.stderr and "colour" in result.stderr
    assert not (project / "site").exists()


def test_check_prints_the_report_and_writes_nothing(project: Path) -> None:
    before = digest(project)
    result = run("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n== seeds/") + result.stdout.startswith("== seeds/") == 5
    for section in ("claims:", "sources:", "places:", "dates:", "to review:", "== total:"):
        assert section in result.stdout
    assert digest(project) == before


def test_check_exits_1_on_a_bad_article(project: Path) -> None:
    (project / "seeds" / "zz.md").write_text("---\ntitle: [unclosed\n---\nBody.\n")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "seeds/zz.md:" in result.stderr


def test_exit_codes_follow_errors_warnings_and_strict() -> None:
    warn, err = warning("a.txt", 1, "w"), error("a.txt", 1, "e")
    assert exit_code([], strict=False, written=True) == 0
    assert exit_code([warn], strict=False, written=True) == 0
    assert exit_code([warn], strict=True, written=True) == 1
    assert exit_code([err], strict=False, written=True) == 1
    assert exit_code([], strict=False, written=False) == 1


def test_summary_says_when_nothing_was_written() -> None:
    from builder.build import Report

    report = Report(1, 0, 0, (error("a.txt", 1, "e"),), written=False, seconds=0.5)
    assert summary(report).startswith("Nothing written")


def test_the_progress_line_is_rewritten_in_place_and_erased() -> None:
    import io

    from builder.cli import progress_line

    stream = io.StringIO()
    show = progress_line(stream)
    show(50, 100)
    show(100, 100)
    assert stream.getvalue() == "\rannotating 50/100 articles\r\033[K"


def test_no_progress_line_when_output_is_not_a_terminal(project: Path) -> None:
    result = run("build", cwd=project)
    assert "annotating" not in result.stderr and "\r" not in result.stderr
