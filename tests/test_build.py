"""build(): the pipeline's orchestration, with each stage replaced by a small stand-in.

The stand-ins make the tests independent of the annotators' quality; test_e2e.py builds the
real seeds through the real stages.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from builder import build as pipeline
from builder import process
from builder.incremental import results
from builder.build import BuildOptions, Processed, build, process_seed
from builder.diagnostics import error, warning
from builder.model import Annotations, Document, Meta, Paragraph, SiteConfig
from builder.read import spool
from builder.read.seeds import SeedFile
from builder.write.output import MARKER


def fake_parse(seed: SeedFile, furniture: object) -> tuple[Document | None, tuple]:
    """Title on the first line, paragraphs after; empty or undecodable seeds are errors."""
    try:
        text = seed.data.decode("utf-8")
    except UnicodeDecodeError:
        return None, (error(seed.path, 1, "not UTF-8"),)
    if not text.strip():
        return None, (error(seed.path, 1, "empty article"),)
    title, *body = text.strip().split("\n\n")
    paragraphs = tuple(Paragraph(p, line=2 + i) for i, p in enumerate(body))
    diags = (warning(seed.path, 1, "odd title"),) if title.startswith("?") else ()
    return Document(seed.path, Meta(title=title), paragraphs), diags


def fake_render(site, config: SiteConfig, templates: Path) -> dict[str, bytes]:
    files = {"index.html": f"<h1>{config.title}</h1>{config.base_url}\n".encode()}
    for article in site.articles:
        files[f"articles/{article.slug}/index.html"] = article.document.text.encode()
    return files


def streamed(render):  # type: ignore[no-untyped-def]
    """A stand-in for render_site() as the iter_site() generator the build streams from."""

    def iter_site(  # type: ignore[no-untyped-def]
        site, config, templates: Path, explicit_index=True, skip=frozenset(), recall=None,
        groups=None,
    ):
        for rel, data in render(site, config, templates).items():
            if not any(rel.startswith(f"articles/{slug}/") for slug in skip):
                yield rel, data

    iter_site.__qualname__ = render.__qualname__
    return iter_site


@pytest.fixture
def stages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process.parse_stage, "parse_seed", fake_parse)
    monkeypatch.setattr(process.clean_stage, "clean", lambda doc, furniture: doc)
    monkeypatch.setattr(process, "annotate", lambda doc, knowledge: Annotations())
    monkeypatch.setattr(pipeline.render_stage, "iter_site", streamed(fake_render))
    # workers would render real article pages; these builds render with fake_render only
    monkeypatch.setattr(process, "_prerender", lambda processed, plan: None)
    monkeypatch.setattr(results, "_processed_memo", {})  # no results of an earlier test


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "site.css").write_text("body{}\n")
    (tmp_path / "static" / ".DS_Store").write_text("litter")
    (tmp_path / "site.yaml").write_text("title: T\n")
    write_seed(tmp_path, "a.txt", "Alpha title\n\nFirst paragraph.")
    write_seed(tmp_path, "b.txt", "Beta title\n\nSecond paragraph.")
    return tmp_path


def write_seed(root: Path, name: str, text: str | bytes) -> None:
    data = text.encode() if isinstance(text, str) else text
    (root / "seeds" / name).write_bytes(data)


def options(root: Path, **overrides: object) -> BuildOptions:
    return BuildOptions(root=root, config=SiteConfig(title="T"), **overrides)  # type: ignore[arg-type]


def files(folder: Path) -> dict[str, bytes]:
    """The site's files, without the build's own cache (which is never published)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != ".cache"
    }


def test_build_writes_pages_and_static_assets(stages: None, project: Path) -> None:
    report = build(options(project))
    assert report.written and not report.diagnostics
    assert (report.articles, report.pages) == (2, 3)
    site = project / "site"
    assert (site / "articles" / "alpha-title" / "index.html").read_text() == "First paragraph."
    assert (site / "static" / "css" / "site.css").read_text() == "body{}\n"
    assert not (site / "static" / ".DS_Store").exists()
    assert (site / MARKER).is_file()
    assert report.files == len(files(site))


def test_overrides_replace_site_yaml(stages: None, project: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "c.txt").write_text("Gamma\n\nThird.")
    out = tmp_path / "out"
    report = build(options(project, seeds_dir=other, out_dir=out, base_url="/archive/"))
    assert report.articles == 1 and report.written
    assert b"/archive/" in (out / "index.html").read_bytes()
    assert not (project / "site").exists()


def test_a_bad_article_is_reported_and_the_rest_still_builds(stages: None, project: Path) -> None:
    write_seed(project, "c.txt", b"")
    report = build(options(project))
    assert [str(d) for d in report.errors] == ["seeds/c.txt:1: error: empty article"]
    assert report.written and report.articles == 2


def test_strict_writes_nothing_on_error_and_keeps_the_previous_site(
    stages: None, project: Path
) -> None:
    assert build(options(project)).written
    before = files(project / "site")
    write_seed(project, "c.txt", b"\xff\xfe binary")
    write_seed(project, "a.txt", "Alpha title\n\nEdited paragraph.")
    report = build(options(project, strict=True))
    assert not report.written and report.errors
    assert files(project / "site") == before


def test_warnings_do_not_stop_a_strict_build(stages: None, project: Path) -> None:
    write_seed(project, "c.txt", "?Odd\n\nText.")
    report = build(options(project, strict=True))
    assert report.written and report.warnings and not report.errors


def test_when_every_article_fails_the_previous_site_is_kept(stages: None, project: Path) -> None:
    assert build(options(project)).written
    before = files(project / "site")
    for name in ("a.txt", "b.txt"):
        write_seed(project, name, b"")
    report = build(options(project))
    assert not report.written and len(report.errors) == 2
    assert files(project / "site") == before


def test_a_removed_seed_leaves_no_stale_page(stages: None, project: Path) -> None:
    build(options(project))
    (project / "seeds" / "b.txt").unlink()
    assert build(options(project)).written
    assert not (project / "site" / "articles" / "beta-title").exists()


def test_a_template_error_is_located_and_nothing_is_written(
    stages: None, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    build(options(project))
    before = files(project / "site")
    (project / "templates" / "index.html").write_text("line one\n{{ missing.attr }}\n")

    def render_template(site, config, templates: Path) -> dict[str, bytes]:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates), undefined=jinja2.StrictUndefined
        )
        return {"index.html": env.get_template("index.html").render().encode()}

    monkeypatch.setattr(pipeline.render_stage, "iter_site", streamed(render_template))
    report = build(options(project))
    assert not report.written
    assert [(d.path, d.line) for d in report.errors] == [("templates/index.html", 2)]
    assert "missing" in report.errors[0].message
    assert files(project / "site") == before


def test_a_crash_in_one_article_is_an_error_not_a_traceback(
    stages: None, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def annotate(doc: Document, knowledge: object) -> Annotations:
        if "Second" in doc.text:
            raise ValueError("boom")
        return Annotations()

    monkeypatch.setattr(process, "annotate", annotate)
    report = build(options(project))
    assert report.written and report.articles == 1
    assert report.errors[0].path == "seeds/b.txt"
    assert "internal error in annotate: ValueError: boom" in report.errors[0].message


def test_an_unsafe_output_folder_is_refused_before_reading(stages: None, project: Path) -> None:
    report = build(options(project, out_dir=project / "seeds"))
    assert not report.written
    assert "output folder" in report.errors[0].message
    assert sorted(p.name for p in (project / "seeds").iterdir()) == ["a.txt", "b.txt"]


def test_a_static_file_that_shadows_a_page_is_an_error(
    stages: None, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def render(site, config, templates: Path) -> dict[str, bytes]:
        return {"static/css/site.css": b"generated"}

    monkeypatch.setattr(pipeline.render_stage, "iter_site", streamed(render))
    report = build(options(project))
    assert not report.written
    assert report.errors[0].path == "static/css/site.css"


def test_stage_seconds_cover_every_stage(stages: None, project: Path) -> None:
    report = build(options(project))
    names = [name for name, _ in report.stage_seconds]
    assert names == [
        "read",
        "knowledge",
        "cache",
        "parse+clean",
        "annotate",
        "assemble",
        "render",
        "search",
        "write",
    ]
    assert all(seconds >= 0 for _, seconds in report.stage_seconds)
    assert report.stage_seconds[-1][1] > 0


def test_per_article_work_is_picklable_for_other_processes(stages: None) -> None:
    from builder import knowledge

    loaded, _ = knowledge.load()
    seed = SeedFile("seeds/a.txt", b"Alpha\n\nBody text.")
    result = process_seed(seed, loaded)
    again = pickle.loads(pickle.dumps(result))
    assert isinstance(again, Processed) and again == result
    assert pickle.loads(pickle.dumps(process_seed)) is process_seed


def test_knowledge_is_picklable_for_spawned_workers() -> None:
    """Where processes are spawned, not forked (macOS, Windows), workers receive it pickled."""
    from builder import knowledge

    loaded, _ = knowledge.load()
    assert pickle.loads(pickle.dumps(loaded)) == loaded


def test_per_article_work_depends_only_on_its_inputs(stages: None) -> None:
    from builder import knowledge

    loaded, _ = knowledge.load()
    seed = SeedFile("seeds/a.txt", b"Alpha\n\nBody text.")
    assert process_seed(seed, loaded) == process_seed(seed, loaded)


def test_parallel_processing_gives_the_serial_result_in_seed_order(
    stages: None, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(12):
        write_seed(project, f"p{n:02}.txt", f"Title {n}\n\nParagraph {n}.")
    serial = build(options(project, out_dir=project / "one", jobs=1))
    monkeypatch.setattr(process, "PARALLEL_MIN_SEEDS", 2)
    parallel = build(options(project, out_dir=project / "two", jobs=2))
    assert (serial.articles, serial.pages) == (parallel.articles, parallel.pages) == (14, 15)
    assert files(project / "one") == files(project / "two")
    seeds, _ = pipeline.seeds_stage.read_seeds(project / "seeds", project)
    from builder import knowledge

    loaded, _ = knowledge.load()
    assert process.process_all(seeds, loaded, jobs=2) == process.process_all(seeds, loaded)


def test_a_one_shot_parallel_build_holds_no_seed_bytes_when_its_workers_fork(
    stages: None, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each byte the build process holds at the fork is counted again in every worker's
    resident size: the workers get the seeds parked, and every other hold is let go."""
    for n in range(12):
        write_seed(project, f"p{n:02}.txt", f"Title {n}\n\nParagraph {n}.")
    serial = build(options(project, out_dir=project / "one", jobs=1))
    monkeypatch.setattr(process, "PARALLEL_MIN_SEEDS", 2)
    handed: list[object] = []
    original = results.process_many

    def spy(seeds, *args):  # type: ignore[no-untyped-def]
        handed.extend(seeds)
        assert not pipeline.seeds_stage._read_memo and not results._key_memo
        assert not results._seeds_memo
        return original(seeds, *args)

    monkeypatch.setattr(results, "process_many", spy)
    parallel = build(options(project, out_dir=project / "two", jobs=2))
    assert len(handed) == 14 and all(isinstance(s, spool.Parked) for s in handed)
    assert (serial.articles, serial.pages) == (parallel.articles, parallel.pages)
    assert files(project / "one") == files(project / "two")


def test_gather_alone_parks_the_seeds_beside_the_output_not_in_the_system_temp(
    stages: None, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gather() (the check command) has no page plan and its scratch folder: the seeds'
    scratch file is made in one of its own beside the output, removed after."""
    for n in range(4):
        write_seed(project, f"p{n:02}.txt", f"Title {n}\n\nParagraph {n}.")
    monkeypatch.setattr(process, "PARALLEL_MIN_SEEDS", 2)
    folders: list[Path] = []
    original = spool.scratch

    def spy(folder: Path):  # type: ignore[no-untyped-def]
        folders.append(folder)
        return original(folder)

    monkeypatch.setattr(spool, "scratch", spy)
    out = project / "site"
    gathered = pipeline.gather(options(project, out_dir=out, jobs=2))
    assert len(gathered.articles) == 6 and len(folders) == 1
    assert folders[0].parent == out.parent and folders[0].name.startswith(".site-seeds-")
    assert not folders[0].exists()


def test_knowledge_is_reused_until_a_data_file_changes(tmp_path: Path) -> None:
    mine = tmp_path / "data"
    mine.mkdir()
    (mine / "sources.yaml").write_text("sources: []\n")
    first, _ = results.load_knowledge((mine,))
    assert results.load_knowledge((mine,))[0] is first
    (mine / "sources.yaml").write_text(
        "sources:\n- {id: olena-kovalenko, name: Olena Kovalenko, kind: witness, "
        "affiliation: Ukraine, type: person}\n"
    )
    assert results.load_knowledge((mine,))[0] is not first


def test_progress_is_reported_while_articles_are_processed(
    stages: None, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(7):
        write_seed(project, f"p{n:02}.txt", f"Title {n}\n\nParagraph {n}.")
    monkeypatch.setattr(process, "PROGRESS_EVERY", 4)
    seen: list[tuple[int, int]] = []
    assert build(options(project, progress=lambda done, total: seen.append((done, total))))
    assert seen == [(4, 9), (8, 9), (9, 9)]


def test_a_bug_in_the_renderer_names_the_code_that_failed(
    stages: None, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder import urls

    def render(site, config, templates: Path) -> dict[str, bytes]:
        return {urls.article("../escape"): b""}  # urls refuses unsafe slugs

    monkeypatch.setattr(pipeline.render_stage, "iter_site", streamed(render))
    report = build(options(project))
    assert not report.written
    problem = report.errors[0]
    assert problem.path == "builder/urls.py" and problem.line > 0
    assert "render failed: ValueError" in problem.message
