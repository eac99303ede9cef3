"""builder.search: Pagefind indexes the article pages into pagefind/ before the site is
written; when it cannot run, the build says so once and still writes the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder import cli, search
from builder.build import BuildOptions, build
from builder.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def page(body: str, marked: bool = True) -> bytes:
    attr = " data-pagefind-body" if marked else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
        f"<main{attr}><h1>Title</h1>{body}</main></body></html>"
    ).encode()


def test_only_pages_marked_for_search_are_indexed() -> None:
    files = {
        "index.html": page("home", marked=False),
        "articles/a/index.html": page("an article"),
        "data/archive.json": b"{}",
    }
    assert set(search.pages_to_index(files)) == {"articles/a/index.html"}


def test_without_marked_pages_every_html_document_is_indexed() -> None:
    files = {"index.html": page("home", marked=False), "feed.xml": b"<feed/>", "x.html": b"text"}
    assert set(search.pages_to_index(files)) == {"index.html"}


def test_the_bundle_is_added_to_the_files_and_nothing_is_written(tmp_path: Path) -> None:
    if search.find_binary() is None:
        pytest.skip("Pagefind is not installed (pip install -e .)")
    out = tmp_path / "site"
    files = {
        "articles/a/index.html": page(
            '<p>Shelling near <span data-pagefind-filter="place">Kupiansk</span>.</p>'
        ),
        "index.html": page("home", marked=False),
    }
    assert search.add_index(files, out) == ()
    bundle = {rel for rel in files if rel.startswith("pagefind/")}
    assert {"pagefind/pagefind.js", "pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"} <= bundle
    assert any(rel.startswith("pagefind/filter/") for rel in bundle)
    assert any(rel.startswith("pagefind/fragment/") for rel in bundle)
    assert list(tmp_path.iterdir()) == [], "the scratch folder is removed; out is not written"


def test_a_missing_binary_is_one_warning_and_no_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "find_binary", lambda: None)
    files = {"articles/a/index.html": page("text")}
    found = search.add_index(files, tmp_path / "site")
    assert [d.severity for d in found] == ["warning"]
    assert "without search" in found[0].message and "pagefind" in found[0].hint
    assert set(files) == {"articles/a/index.html"}


def failing_binary(tmp_path: Path) -> Path:
    script = tmp_path / "bin" / "pagefind"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\necho 'Error: the index could not be built' >&2\nexit 3\n")
    script.chmod(0o755)
    return script


def test_a_crashing_binary_is_one_warning_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing_binary(tmp_path)))
    out = tmp_path / "out" / "site"
    files = {"articles/a/index.html": page("text")}
    found = search.add_index(files, out)
    assert len(found) == 1
    assert "exit 3" in found[0].message and "could not be built" in found[0].message
    assert list((tmp_path / "out").iterdir()) == []
    assert set(files) == {"articles/a/index.html"}


def test_a_binary_that_cannot_start_is_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-binary"))
    found = search.add_index({"articles/a/index.html": page("text")}, tmp_path / "site")
    assert len(found) == 1 and "could not run" in found[0].message


def test_the_build_without_pagefind_writes_the_site_and_warns_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing_binary(tmp_path)))
    out = tmp_path / "site"
    code = cli.main(["build", "--root", str(ROOT), "--out", str(out)])
    assert code == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "search" in line]
    assert len(warnings) == 1 and "built without search" in warnings[0]
    assert (out / "index.html").is_file() and (out / "search" / "index.html").is_file()
    assert not (out / "pagefind").exists()


def test_the_search_page_points_at_the_bundle_the_build_writes(tmp_path: Path) -> None:
    if search.find_binary() is None:
        pytest.skip("Pagefind is not installed (pip install -e .)")
    config, _ = load_config(ROOT / "site.yaml")
    out = tmp_path / "site"
    report = build(BuildOptions(root=ROOT, config=config, out_dir=out, base_url="/archive/"))
    assert report.written and not report.warnings, report.warnings
    html = (out / "search" / "index.html").read_text("utf-8")
    ui = re.search(r'data-ui="([^"]+)"', html)
    assert ui and (out / "search" / ui.group(1)).resolve().is_file()
    articles = sorted((out / "articles").glob("*/index.html"))
    fragments = list((out / "pagefind" / "fragment").iterdir())
    assert len(fragments) == len(articles)  # articles only: no index or listing page
    assert not [p for p in tmp_path.iterdir() if p.name != "site"], "scratch folder left behind"
