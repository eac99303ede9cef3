"""The preview server with the real pipeline on a copy of the seeds, under a project sub-path."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from builder.preview import server as serve
from builder.read.config import load_config
from tests.serving import ReloadListener, Running

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://user.github.io/repo/"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for name in ("seeds", "templates", "static"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "site.yaml", project / "site.yaml")
    return project


def _touch_text(path: Path, text: str) -> None:
    path.write_text(text, "utf-8")
    later = time.time_ns() + 1_000_000
    os.utime(path, ns=(later, later))


def _first_article(server: Running) -> tuple[str, str]:
    """The path of the first article page linked from the index, and its seed file."""
    index = server.get("/repo/")
    assert index.status == 200
    href = re.search(r'href="(articles/[^"#]+)"', index.body)
    assert href, "the index links no article"
    path = urljoin("/repo/", href.group(1)).removesuffix("index.html")
    slug = path.rstrip("/").rsplit("/", 1)[1]
    data = json.loads(server.get(f"/repo/data/articles/{slug}.json").body)
    return path, data["source_file"]


def _append_to_first_paragraph(seed: Path, sentence: str) -> None:
    lines = seed.read_text("utf-8").split("\n")
    body = next(i for i, line in enumerate(lines) if i > 0 and line.strip())
    lines[body] = lines[body].rstrip() + " " + sentence
    _touch_text(seed, "\n".join(lines))


def test_edit_a_seed_then_break_and_fix_a_template(project: Path) -> None:
    config, problems = load_config(project / "site.yaml")
    assert not any(p.is_error for p in problems)
    with Running(project, config, base_url=BASE_URL) as server:
        page_path, seed = _first_article(server)
        article = server.get(page_path)
        assert article.status == 200
        assert f'<script src="/livereload.js?port={server.port}" defer></script></head>' in (
            article.body
        )
        listener = ReloadListener(server.port)
        try:
            sentence = "The preview test added this sentence."
            _append_to_first_paragraph(project / seed, sentence)
            assert listener.next()["command"] == "reload"
            assert sentence in server.get(page_path).body

            base = project / "templates" / "base.html"
            good = base.read_text("utf-8")
            lines = good.split("\n")
            broken = "\n".join([*lines[:2], "{% if %}", *lines[2:]])
            _touch_text(base, broken)
            listener.next()
            shown = server.get(page_path)
            assert shown.status == 200
            assert sentence in shown.body  # the last good page is still served
            assert f'id="{serve.BANNER_ID}"' in shown.body
            assert "templates/base.html:3: error" in shown.body
            assert "templates/base.html:3: error" in server.log.getvalue()

            _touch_text(base, good)
            listener.next()
            fixed = server.get(page_path)
            assert serve.BANNER_ID not in fixed.body and sentence in fixed.body
        finally:
            listener.close()


def test_the_404_page_and_its_assets_under_the_sub_path(project: Path) -> None:
    config, _ = load_config(project / "site.yaml")
    with Running(project, config, base_url=BASE_URL) as server:
        for path in ("/repo/no/such/page/", "/repo/articles/missing", "/repo/x.html"):
            missing = server.get(path)
            assert missing.status == 404
            assert "/livereload.js" in missing.body
            for href in re.findall(r'<link[^>]+href="([^"]+)"', missing.body):
                target = urljoin(server.url(path), href)
                if urlsplit(target).netloc == f"127.0.0.1:{server.port}":
                    assert server.get(urlsplit(target).path).status == 200, (path, href)
        assert (
            server.get("/repo/feed.xml")
            .headers["Content-Type"]
            .startswith(("application/xml", "application/atom+xml", "text/xml"))
        )


def test_the_search_index_catches_up_after_the_reload(project: Path) -> None:
    """The browser is told to reload once the pages are on disk; the search index is brought
    up to date right after, and the terminal says so."""
    config, _ = load_config(project / "site.yaml")
    with Running(project, config, base_url=BASE_URL) as server:
        page_path, seed = _first_article(server)
        listener = ReloadListener(server.port)
        try:
            _append_to_first_paragraph(project / seed, "The index test added this sentence.")
            assert listener.next()["command"] == "reload"
            waited = 0.0
            while "search index updated" not in server.log.getvalue() and waited < 60:
                time.sleep(0.05)
                waited += 0.05
            log = server.log.getvalue()
            assert "search index updated" in log
            assert log.rindex("built ") < log.rindex("search index updated")
            status = json.loads(server.get("/__preview__/status").body)
            assert status["indexing"] is False and status["ok"] is True
            assert server.get("/repo/pagefind/pagefind.js").status == 200
        finally:
            listener.close()
