"""Incremental builds: whatever the cache reuses, the site is byte-identical to a clean build's.

Each test edits a copy of the real project (seeds, templates, static, site.yaml), rebuilds over
the previous output (reusing the article cache and the last build's manifest), and compares the
result with a clean build of the same inputs into an empty folder in a process state with no
remembered results.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from builder import build as pipeline
from builder.assemble import site_memo
from builder.incremental import results, reuse
from builder.build import CACHE_DIR, BuildOptions, Report, build
from builder.read.config import load_config
from builder.write import search_index as build_search

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("seeds", "templates", "static"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site.yaml", root / "site.yaml")
    return root


def run(root: Path, out: Path | None = None, **overrides: object) -> tuple[Report, list[int]]:
    """One build; returns its report and the article totals its progress reports named."""
    config, problems = load_config(root / "site.yaml")
    assert not problems
    totals: list[int] = []
    options = BuildOptions(
        root=root,
        config=config,
        out_dir=out,
        jobs=1,
        progress=lambda done, total: totals.append(total),
        **overrides,  # type: ignore[arg-type]
    )
    return build(options), totals


def preview(root: Path, out: Path | None = None) -> tuple[Report, list[int]]:
    """A build as `serve` runs it: the output trusted, the search index left for after."""
    return run(root, out, trust_output=True, search_later=True)


def published(folder: Path) -> dict[str, bytes]:
    """The site as published, search bundle included: everything but the cache."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != CACHE_DIR
    }


def clean_build(root: Path, tmp_path: Path) -> dict[str, bytes]:
    results._processed_memo.clear()  # nothing remembered from the incremental builds
    out = tmp_path / "clean"
    shutil.rmtree(out, ignore_errors=True)
    report, _ = run(root, out, cache=False)
    assert report.written
    assert not (out / CACHE_DIR).exists()
    return published(out)


def seed(root: Path, name: str) -> Path:
    return root / "seeds" / name


EDITS: dict[str, Callable[[Path], object]] = {
    "edited": lambda root: seed(root, "003_dd2113f5f7d29a02.txt").write_text(
        seed(root, "003_dd2113f5f7d29a02.txt")
        .read_text("utf-8")
        .replace("\n\n", "\n\nKharkiv was shelled on Tuesday, the governor said.\n\n", 1),
        "utf-8",
    ),
    "deleted": lambda root: seed(root, "002_f9312d0882957ca9.txt").unlink(),
    "renamed": lambda root: seed(root, "004_a27d26d7a007d44d.txt").rename(
        seed(root, "zz_renamed.txt")
    ),
    "template": lambda root: (root / "templates" / "base.html").write_text(
        (root / "templates" / "base.html").read_text("utf-8") + "<!-- changed -->\n", "utf-8"
    ),
}


@pytest.mark.parametrize("trust", [False, True], ids=["build", "preview"])
@pytest.mark.parametrize("change", sorted(EDITS))
def test_an_incremental_build_equals_a_clean_build(
    project: Path, tmp_path: Path, change: str, trust: bool
) -> None:
    """As a CLI build checks the output, and as the preview trusts it (see trust_output) and
    brings the search index up to date after the pages (see search_later)."""
    first, _ = run(project, trust_output=trust, search_later=trust)
    assert first.written
    EDITS[change](project)
    again, totals = run(project, trust_output=trust, search_later=trust)
    assert again.written
    assert (pipeline.finish_search() is not None) == trust
    assert published(project / "site") == clean_build(project, tmp_path)
    if change == "edited":
        assert set(totals) == {1}, "only the edited article is annotated again"
    if change in ("deleted", "renamed"):
        gone = first.articles - (change == "deleted")
        assert again.articles == gone
        entries = list((project / "site" / CACHE_DIR / pipeline.ARTICLES_CACHE).glob("??/*"))
        seeds = list((project / "seeds").glob("*.txt"))
        assert len(entries) == len(seeds), "the cache keeps only the current articles"


def test_a_deleted_article_leaves_no_trace_on_any_page(project: Path) -> None:
    run(project)
    text = seed(project, "000_b4a03408000191fb.txt").read_text("utf-8")
    title = text.strip().splitlines()[0].split("|")[0].strip()
    seed(project, "000_b4a03408000191fb.txt").unlink()
    report, _ = run(project)
    assert report.written
    site = published(project / "site")
    assert not [rel for rel, data in site.items() if title.encode() in data]


def test_nothing_changed_means_nothing_annotated_or_written(project: Path) -> None:
    first, _ = run(project)
    out = project / "site"
    before = {rel: (out / rel).stat().st_mtime_ns for rel in published(out)}
    again, totals = run(project)
    assert totals == [] and again.changed == 0
    assert (again.articles, again.pages, again.claims) == (
        first.articles,
        first.pages,
        first.claims,
    )
    assert again.diagnostics == first.diagnostics
    assert {rel: (out / rel).stat().st_mtime_ns for rel in published(out)} == before


def test_a_preview_then_a_build_of_the_same_folder_stay_exact(
    project: Path, tmp_path: Path
) -> None:
    """The preview trusts the folder only while its own manifest is there: after a CLI build
    (another manifest) or a hand edit found by a CLI build, its next build is exact again."""
    run(project, trust_output=True)
    EDITS["edited"](project)
    run(project)  # a CLI build in between writes its own manifest
    (project / "site" / "index.html").write_text("vandalised")
    run(project)  # and finds the hand edit
    EDITS["deleted"](project)
    report, _ = run(project, trust_output=True)
    assert report.written
    assert published(project / "site") == clean_build(project, tmp_path)


def test_an_output_file_touched_by_hand_is_rebuilt(project: Path, tmp_path: Path) -> None:
    run(project)
    out = project / "site"
    (out / "index.html").write_text("vandalised")
    (out / "feed.xml").unlink()
    report, totals = run(project)
    assert report.written and totals == [], "articles come from the cache"
    assert published(out) == clean_build(project, tmp_path)


def test_a_changed_build_setting_is_not_served_from_the_manifest(project: Path) -> None:
    run(project)
    report, _ = run(project, base_url="https://example.org/other/")
    assert report.changed > 0
    assert b"https://example.org/other/" in (project / "site" / "sitemap.xml").read_bytes()


def test_a_corrupt_cache_entry_is_rebuilt(project: Path, tmp_path: Path) -> None:
    run(project)
    out = project / "site"
    for entry in (out / CACHE_DIR / pipeline.ARTICLES_CACHE).glob("??/*"):
        entry.write_bytes(b"garbage")
    (out / CACHE_DIR / pipeline.MANIFEST).write_bytes(b"garbage")
    results._processed_memo.clear()
    report, totals = run(project)
    assert report.written and totals and max(totals) == report.articles
    assert published(out) == clean_build(project, tmp_path)


def test_the_published_site_never_carries_the_cache(project: Path) -> None:
    """The Pages workflow uploads site/ with hidden files (for .nojekyll): its build line must
    leave no .cache/ in it."""
    steps = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["build"]["steps"]
    line = next(s["run"] for s in steps if "python -m builder build" in s.get("run", ""))
    argv = shlex.split(line)
    assert "--no-cache" in argv
    from builder.cli import main

    main(["build", "--root", str(project), "--no-cache", "--quiet"])
    assert (project / "site" / ".nojekyll").is_file()
    assert not (project / "site" / CACHE_DIR).exists()


def test_only_the_edited_article_page_is_rendered_again(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder.render import views

    first, _ = run(project)
    rendered: list[str] = []
    real = views.article_view

    def counting(article, *args):  # type: ignore[no-untyped-def]
        rendered.append(article.slug)
        return real(article, *args)

    monkeypatch.setattr(views, "article_view", counting)
    name = "001_474dacda6a1980da.txt"
    text = seed(project, name).read_text("utf-8")
    seed(project, name).write_text(text.rstrip("\n") + "\n\nOne more closing line.\n", "utf-8")
    again, _ = run(project)
    assert again.written and len(rendered) == 1
    assert published(project / "site") == clean_build(project, tmp_path)
    rendered.clear()
    EDITS["template"](project)
    run(project)
    assert len(rendered) == first.articles, "a template change renders every page again"


def test_listing_pages_the_edit_does_not_touch_are_not_rendered_again(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit inside one article's paragraph re-renders that article's page and only the
    listing pages that show something of it; the others are linked from the last build."""
    from builder.render import pages as render_stage

    run(project)
    out = project / "site"
    drawn: list[str] = []
    real = render_stage._Renderer.page

    def page(self, template, url, *args, **kwargs):  # type: ignore[no-untyped-def]
        rel, data = real(self, template, url, *args, **kwargs)
        if data is not None:
            drawn.append(rel)
        return rel, data

    monkeypatch.setattr(render_stage._Renderer, "page", page)
    name = "003_dd2113f5f7d29a02.txt"
    listing_pages = [rel for rel in published(out) if rel.startswith(("places/", "sources/"))]
    assert len(listing_pages) > 20
    before = {rel: (out / rel).stat().st_ino for rel in listing_pages}
    text = seed(project, name).read_text("utf-8")
    seed(project, name).write_text(text.rstrip("\n") + "\n\nOne more closing line.\n", "utf-8")
    report, _ = run(project)
    assert report.written
    redrawn = [rel for rel in drawn if rel.startswith(("places/", "sources/"))]
    assert len(redrawn) < len(listing_pages) / 2, redrawn
    kept = [rel for rel in listing_pages if rel not in redrawn]
    assert all((out / rel).stat().st_ino == before[rel] for rel in kept)
    assert published(out) == clean_build(project, tmp_path)
    drawn.clear()
    EDITS["template"](project)
    run(project)
    assert len([rel for rel in drawn if rel.startswith(("places/", "sources/"))]) == len(
        listing_pages
    ), "a template change renders every listing page again"


def test_a_preview_builds_views_only_for_the_entries_an_edit_touches(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In one process (as `serve` runs), an edit inside an article updates the assembled
    site and builds the views of only the places it mentions; the rest are kept."""
    from builder.render import views

    run(project)
    asked: list[str] = []
    real = views.place_pages

    def place_pages(entry, *args):  # type: ignore[no-untyped-def]
        for lazy in real(entry, *args):  # a view built is one whose page was not taken
            make = lambda lazy=lazy: (asked.append(entry.place.id), lazy.make())[1]  # noqa: E731
            yield views.LazyView(lazy.number, lazy.count, lazy.parts, make)

    monkeypatch.setattr(views, "place_pages", place_pages)
    name = "003_dd2113f5f7d29a02.txt"
    text = seed(project, name).read_text("utf-8")
    seed(project, name).write_text(text.rstrip("\n") + "\n\nOne more closing line.\n", "utf-8")
    report, _ = run(project)
    assert report.written
    edited = next(
        a for a in site_memo.SITES.popitem()[1][1].articles
        if a.document.source_file.endswith(name)
    )
    mentioned = {p.id for p in edited.annotations.places}
    every = [rel for rel in published(project / "site") if rel.startswith("places/")]
    # A place page that holds the article is compared row by row (the edit leaves what it
    # shows as it was), so no view at all may be built: never one of another place.
    assert set(asked) <= mentioned, "only the edited article's places are viewed"
    assert len(asked) < len(every) / 2
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_patched_output_is_recorded_exactly_as_it_is_on_disk(project: Path) -> None:
    """After an edit is patched in, the manifest's listing of the output (taken from the
    previous one and the files the patch touched) is what a walk of the folder finds, so
    the next unchanged build takes the no-change shortcut."""
    from builder.incremental import manifest

    run(project)
    name = "002_f9312d0882957ca9.txt"
    text = seed(project, name).read_text("utf-8")
    seed(project, name).write_text(text.replace("\n\n", "\n\nA new opening line.\n\n", 1))
    run(project)
    out = project / "site"
    saved = manifest.load(out / CACHE_DIR / pipeline.MANIFEST)
    assert saved is not None and saved.files == manifest.listing(out, CACHE_DIR)
    again, totals = run(project)
    assert again.written and again.changed == 0 and totals == []


def test_the_search_step_reads_no_page_that_did_not_change(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search bundle is kept when no indexed page changed, and the pages taken from the
    last build are not read back to find that out (their digests are in the manifest)."""
    run(project)
    read: list[str] = []
    real = build_search.PagesOnDisk.__getitem__

    def getitem(self, rel):  # type: ignore[no-untyped-def]
        read.append(rel)
        return real(self, rel)

    monkeypatch.setattr(build_search.PagesOnDisk, "__getitem__", getitem)
    EDITS["template"](project)  # every page is rendered again: all are read
    run(project)
    assert len(read) == 5
    read.clear()
    (project / "site.yaml").write_text(
        (project / "site.yaml").read_text("utf-8") + "\n# a comment\n", "utf-8"
    )
    report, _ = run(project)  # settings re-read, nothing else: no page changes
    assert report.written and read == []


def test_a_touched_seed_is_checked_again_but_not_annotated_again(project: Path) -> None:
    run(project)
    out = project / "site"
    before = {rel: (out / rel).stat().st_mtime_ns for rel in published(out)}
    path = seed(project, "000_b4a03408000191fb.txt")
    path.write_bytes(path.read_bytes())  # same bytes, new modification time
    report, totals = run(project)
    assert report.written and totals == []
    assert {rel: (out / rel).stat().st_mtime_ns for rel in published(out)} == before


def bundle(folder: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in published(folder).items() if rel.startswith("pagefind/")}


def test_a_preview_puts_the_pages_in_place_before_the_search_index(
    project: Path, tmp_path: Path
) -> None:
    """In a preview, an edit's pages are on disk when the build returns, with the last
    build's search bundle; finish_search() then brings the bundle up to date, and the site
    is a clean build's. A CLI build never leaves anything for later."""
    out = project / "site"
    run(project, search_later=True)  # a first build writes a whole tree: nothing is left
    assert pipeline.finish_search() is None
    before = bundle(out)
    EDITS["edited"](project)
    report, _ = preview(project)
    assert report.written
    page = next(rel for rel, data in published(out).items() if b"Kharkiv was shelled" in data)
    assert page.startswith("articles/")
    assert bundle(out) == before, "the search index is the last build's until it catches up"
    caught = pipeline.finish_search()
    assert caught is not None and caught.written and caught.changed > report.changed
    assert bundle(out) != before
    assert published(out) == clean_build(project, tmp_path)
    assert pipeline.finish_search() is None
    EDITS["deleted"](project)
    report, _ = run(project)  # a CLI build: the index is complete when it returns
    assert report.written and pipeline.finish_search() is None
    assert published(out) == clean_build(project, tmp_path)


def test_a_build_first_finishes_the_search_index_left_for_later(project: Path) -> None:
    preview(project)
    EDITS["edited"](project)
    preview(project)
    EDITS["deleted"](project)
    report, _ = run(project)  # brings the preview's index up to date before anything else
    assert report.written
    again, totals = run(project)
    assert again.changed == 0 and totals == [], "the manifest recorded both builds exactly"


def test_a_crash_before_the_search_index_caught_up_costs_a_rebuild_not_a_wrong_site(
    project: Path, tmp_path: Path
) -> None:
    """The manifest is saved only once the index is complete: if the preview stops between
    its pages and its index, the manifest left is the previous build's, and the next build
    (in a new process) renders and indexes what changed instead of trusting it."""
    preview(project)
    EDITS["edited"](project)
    preview(project)
    pipeline._pending.clear()  # the process ends here
    for memo in (results._processed_memo, site_memo.SITES, reuse._entry_memo):
        memo.clear()
    from builder.incremental import manifest

    manifest._written.clear()
    report, _ = run(project)
    assert report.written and report.changed > 0
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_preview_renders_a_changed_listing_page_without_a_digest_of_its_view(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A listing page this process made from other parts last time has changed: its view is
    rendered straight away (a digest of a long listing's view costs more than rendering
    it), and the site is still a clean build's."""
    from builder.render import pages as render_stage

    preview(project)
    pipeline.finish_search()
    name = "003_dd2113f5f7d29a02.txt"
    text = seed(project, name).read_text("utf-8")
    seed(project, name).write_text(text.rstrip("\n") + "\n\nOne more closing line.\n", "utf-8")
    preview(project)  # this process makes the listing pages once
    pipeline.finish_search()
    digested: list[str] = []
    real = render_stage.page_digest

    def page_digest(template, page, view):  # type: ignore[no-untyped-def]
        digested.append(page.url)
        return real(template, page, view)

    monkeypatch.setattr(render_stage, "page_digest", page_digest)
    drawn: list[str] = []
    real_page = render_stage._Renderer.page

    def page(self, template, url, *args, **kwargs):  # type: ignore[no-untyped-def]
        rel, data = real_page(self, template, url, *args, **kwargs)
        if data is not None and template in ("place.html", "source.html", "date.html"):
            drawn.append(url)
        return rel, data

    monkeypatch.setattr(render_stage._Renderer, "page", page)
    EDITS["edited"](project)
    report, _ = preview(project)
    assert report.written and pipeline.finish_search() is not None
    assert drawn and not set(drawn) & set(digested), "changed listing pages are not digested"
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_preview_cuts_again_only_the_listings_of_the_entries_an_edit_replaced(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How each listing is cut into pages is kept by listing: after an edit, the renderer and
    the sitemap (which counts every listing's pages) cut none of them whole again (those the
    edit touched are cut again around the edited article: render.KeptListings)."""
    from builder.render import views

    preview(project)
    pipeline.finish_search()
    cut: list[object] = []
    real = views.Listings.units

    def counting(self, articles, rows):  # type: ignore[no-untyped-def]
        cut.append(articles)
        return real(self, articles, rows)

    monkeypatch.setattr(views.Listings, "units", counting)
    name = "003_dd2113f5f7d29a02.txt"
    text = seed(project, name).read_text("utf-8")
    seed(project, name).write_text(text.rstrip("\n") + "\n\nOne more closing line.\n", "utf-8")
    report, _ = preview(project)
    assert report.written and pipeline.finish_search() is not None
    site = site_memo.SITES[next(iter(site_memo.SITES))][1]
    listings = len(site.by_place) + len(site.by_source) + len(site.by_date)
    assert listings > 10 and not cut, (len(cut), listings)
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_preview_build_leaves_the_archive_out_of_the_collectors_full_passes(
    project: Path, tmp_path: Path
) -> None:
    """Once a preview's build is complete, the objects it keeps are frozen for the garbage
    collector (its full passes would otherwise walk the whole archive during later builds);
    a library build freezes nothing, and the CLI's (its process ends with it) what it made."""
    import gc

    gc.unfreeze()
    run(project)
    assert gc.get_freeze_count() == 0
    run(project, tmp_path / "cli", freeze_made=True)
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    EDITS["edited"](project)
    preview(project)
    assert gc.get_freeze_count() == 0, "not before the search index has caught up"
    pipeline.finish_search()
    assert gc.get_freeze_count() > 0
    gc.unfreeze()


def test_a_preview_edit_naming_a_new_source_then_undone_updates_the_site(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit that names a source no article names gives the site a page for it, and
    undoing the edit takes that page away: the preview updates its Site both times rather
    than assembling the archive again, and the site is a clean build's each time."""
    preview(project)
    pipeline.finish_search()
    assembled: list[int] = []
    whole = pipeline.site_stage.assemble

    def counting(items, *args):  # type: ignore[no-untyped-def]
        assembled.append(1)
        return whole(items, *args)

    path = seed(project, "003_dd2113f5f7d29a02.txt")
    text = path.read_text("utf-8")
    before = {rel for rel in published(project / "site") if rel.startswith("sources/")}
    for step, body in enumerate((
        text.rstrip("\n")
        + "\n\nHanna Kovalchuk, a teacher in the town, said the school had reopened.\n",
        text,
    )):
        path.write_text(body, "utf-8")
        monkeypatch.setattr(pipeline.site_stage, "assemble", counting)
        report, _ = preview(project)
        assert report.written and pipeline.finish_search() is not None
        monkeypatch.undo()
        assert not assembled, "the Site is updated for the edit, not assembled anew"
        site = published(project / "site")
        assert site == clean_build(project, tmp_path)
        pages = {rel for rel in site if rel.startswith("sources/")}
        assert (pages > before) if step == 0 else (pages == before), pages ^ before


def test_an_entry_damaged_within_its_size_is_processed_again_not_a_crash(
    project: Path, tmp_path: Path
) -> None:
    """A new process reads only each cached article's summary and its entry's header and size;
    an entry whose bytes were damaged without changing its size is found out when the whole
    article is needed (here, every article page, since a template changed). The seed is then
    processed again, and the site is still what a clean build makes."""
    first, _ = run(project)
    assert first.written
    results._processed_memo.clear()  # as a new process: only the cache on disk
    entries = sorted((project / "site" / CACHE_DIR / pipeline.ARTICLES_CACHE).glob("??/*"))
    assert entries
    for entry in entries:
        data = entry.read_bytes()
        entry.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))  # the same size
    EDITS["template"](project)
    again, _ = run(project)
    assert again.written and not again.errors
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_claim_added_early_in_an_article_leaves_the_links_to_its_other_claims_as_they_were(
    project: Path,
) -> None:
    """A claim's id comes from its words, not its position: an editor who adds a claim near
    the top of an article does not move every later claim's anchor, so links to them (from
    place and source pages, or from elsewhere on the web) still point at the same claims,
    and the listing pages that show them are left as they were."""
    import json

    name = "003_dd2113f5f7d29a02.txt"
    run(project)
    out = project / "site"

    def claims() -> tuple[str, dict[str, str]]:
        for path in sorted((out / "data" / "articles").glob("*.json")):
            data = json.loads(path.read_text("utf-8"))
            if data["source_file"].endswith(name):
                return data["slug"], {c["text"]: c["id"] for c in data["claims"]}
        raise AssertionError(f"no data file for {name}")

    slug, before = claims()
    listings = {
        rel: data
        for rel, data in published(out).items()
        if rel.startswith("places/") and f"articles/{slug}/index.html#claim-".encode() in data
    }
    assert len(before) > 3 and listings
    text = seed(project, name).read_text("utf-8")  # a claim that names no place, first
    new = "\n\nOfficials said the decision would be reviewed.\n\n"
    seed(project, name).write_text(text.replace("\n\n", new, 1), "utf-8")
    report, _ = run(project)
    assert report.written
    slug_after, after = claims()
    assert slug_after == slug and len(after) == len(before) + 1
    assert {text: after[text] for text in before} == before
    assert {rel: (out / rel).read_bytes() for rel in listings} == listings


def test_a_preview_compiles_every_template_once_its_build_is_complete(project: Path) -> None:
    """The next edit in a preview never waits for a template to compile, even one no page of
    the first build needed (as the article page is when worker processes rendered them)."""
    from builder.render import pages as render_stage

    (project / "templates" / "later.html").write_text('{% extends "base.html" %}\n', "utf-8")
    report, _ = preview(project)
    pipeline.finish_search()
    assert report.written
    env = render_stage.environment(project / "templates")
    compiled = {name for _, name in env.cache}  # type: ignore[union-attr]
    assert {"later.html", "article.html", "base.html"} <= compiled


def counted_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets a 1 each time the knowledge is compiled from its data files."""
    from builder import knowledge as knowledge_stage

    loads: list[int] = []
    real = knowledge_stage.load

    def load(dirs: tuple[Path, ...] = ()) -> object:
        loads.append(1)
        return real(dirs)

    monkeypatch.setattr(knowledge_stage, "load", load)
    return loads


def new_process_build(project: Path) -> None:
    """A build as a new process makes it: nothing this process built is remembered."""
    results._knowledge_memo.clear()
    results._processed_memo.clear()
    report, _ = run(project)
    assert report.written


def test_a_new_process_takes_the_knowledge_the_last_build_saved(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build saves the knowledge it loaded under .cache/; the next build of a new process
    takes it from there instead of compiling the data files again (about a second), and
    compiles them again once a data file changed or the saved file is damaged. The site is
    the same as a clean build's either way."""
    config = project / "site.yaml"
    config.write_text(config.read_text("utf-8").replace("data_dirs: []", "data_dirs: [mine]"))
    (project / "mine").mkdir()
    mine = project / "mine" / "sources.yaml"
    mine.write_text("sources: []\n", "utf-8")
    run(project)
    saved = project / "site" / CACHE_DIR / pipeline.KNOWLEDGE
    assert saved.is_file()
    loads = counted_loads(monkeypatch)

    EDITS["edited"](project)
    new_process_build(project)
    assert loads == []  # taken from the saved file
    results._knowledge_memo.clear()
    assert published(project / "site") == clean_build(project, tmp_path)  # compiled anew
    assert loads == [1]
    mine.write_text(
        "sources:\n- {id: olena-kovalenko, name: Olena Kovalenko, kind: witness, "
        "affiliation: Ukraine, type: person}\n",
        "utf-8",
    )
    new_process_build(project)
    assert loads == [1, 1]  # a data file changed: compiled again, and saved for the next
    EDITS["deleted"](project)
    new_process_build(project)
    assert loads == [1, 1]
    saved.write_bytes(saved.read_bytes()[:200])  # damaged
    EDITS["renamed"](project)  # (with nothing changed, a build loads no knowledge at all)
    new_process_build(project)
    assert loads == [1, 1, 1]
    assert published(project / "site") == clean_build(project, tmp_path)


def test_a_saved_knowledge_damaged_past_its_header_is_saved_again(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The saved knowledge's header says the right key but its payload is garbled: the build
    that found it so compiles the knowledge from its files and writes the file again, whole,
    so that the next new process takes it from there again. The site is a clean build's."""
    from builder.incremental import knowledge_cache

    run(project)
    saved = project / "site" / CACHE_DIR / pipeline.KNOWLEDGE
    data = saved.read_bytes()
    middle = len(data) // 2
    garbled = bytes(b ^ 0x5A for b in data[middle : middle + 64])
    saved.write_bytes(data[:middle] + garbled + data[middle + 64 :])  # header and size kept
    key = knowledge_cache.saved_key(saved)
    assert key is not None and knowledge_cache.read(saved, key) is None
    loads = counted_loads(monkeypatch)

    EDITS["edited"](project)  # (with nothing changed, a build loads no knowledge at all)
    new_process_build(project)
    assert loads == [1]  # compiled from the files, and saved again
    assert knowledge_cache.saved_key(saved) == key
    assert knowledge_cache.read(saved, key) is not None
    EDITS["deleted"](project)
    new_process_build(project)
    assert loads == [1]  # taken from the file saved again
    assert published(project / "site") == clean_build(project, tmp_path)
