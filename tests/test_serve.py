"""The preview server with an injected build: serving, reloads, the error banner, debounce."""

from __future__ import annotations

import html
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from builder.build import BuildOptions, Report
from builder.diagnostics import error
from builder.model import SiteConfig
from builder.preview import server as serve
from tests.serving import WAIT, ReloadListener, Running

PAGE = """<!doctype html>
<html><head><title>{title}</title></head>
<body><h1>{title}</h1>
<p>{body}</p>
</body></html>
"""


class FakeBuild:
    """A small stand-in for builder.build.build with the same contract.

    One page per seeds/*.txt (first line the title, the rest the body) from
    templates/page.html, an index, a 404 page; built aside and swapped in. A template
    holding "{% broken" is a template error: nothing is written. Counts its calls.
    """

    def __init__(self, delay: float = 0.0):
        self.calls: list[BuildOptions] = []
        self.delay = delay
        self.lock = threading.Lock()

    def __call__(self, options: BuildOptions) -> Report:
        with self.lock:
            self.calls.append(options)
        root, config = options.root, options.config
        template = (root / config.templates_dir / "page.html").read_text("utf-8")
        if "{% broken" in template:
            line = template[: template.index("{% broken")].count("\n") + 1
            problem = error(f"{config.templates_dir}/page.html", line, "unexpected 'broken' tag")
            return Report(0, 0, 0, (problem,), False, 0.0)
        files = {"404.html": PAGE.format(title="Not found", body="<a href='/x/'>home</a>")}
        links = []
        for seed in sorted((root / config.seeds_dir).glob("*.txt")):
            title, _, body = seed.read_text("utf-8").partition("\n")
            files[f"articles/{seed.stem}/index.html"] = template.format(
                title=html.escape(title), body=html.escape(body.strip())
            )
            links.append(f'<a href="articles/{seed.stem}/">{html.escape(title)}</a>')
        files["index.html"] = PAGE.format(title="Archive", body="\n".join(links))
        time.sleep(self.delay)
        _write_atomically(options.out_dir, files)
        return Report(len(links), len(files), 0, (), True, 0.0)


def _write_atomically(out: Path | None, files: dict[str, str]) -> None:
    assert out is not None
    fresh = out.with_name(out.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    for rel, text in files.items():
        (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
        (fresh / rel).write_text(text, "utf-8")
    aside = out.with_name(out.name + ".old")
    if out.exists():
        os.rename(out, aside)
    os.rename(fresh, out)
    shutil.rmtree(aside, ignore_errors=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "static").mkdir()
    (root / "seeds" / "kyiv.txt").write_text("Kyiv report\nAir defence shot down a missile.\n")
    (root / "seeds" / "kharkiv.txt").write_text("Kharkiv report\nTroops withdrew.\n")
    (root / "templates" / "page.html").write_text(PAGE)
    (root / "static" / "style.css").write_text("body { color: black }\n")
    (root / "site.yaml").write_text("title: Test\n")
    return root


def _touch(path: Path, text: str) -> None:
    """Write `text` and make sure the change is visible to a stamp-based watcher."""
    path.write_text(text, "utf-8")
    later = time.time_ns() + 1_000_000
    os.utime(path, ns=(later, later))


def test_serves_pages_under_the_base_path_with_the_reload_script(project: Path) -> None:
    config = SiteConfig(base_url="https://user.github.io/repo/")
    with Running(project, config, FakeBuild()) as server:
        index = server.get("/repo/")
        article = server.get("/repo/articles/kyiv/")
        assert index.status == 200 and "Kyiv report" in index.body
        assert article.status == 200 and "Air defence shot down a missile." in article.body
        script = f'<script src="/livereload.js?port={server.port}" defer></script></head>'
        assert script in index.body and script in article.body
        assert server.get("/livereload.js").status == 200
        assert server.get("/").status == 302
        assert server.get("/").headers["Location"] == "/repo/"
        assert server.get("/repo").headers["Location"] == "/repo/"
        assert server.get("/repo/articles/kyiv").headers["Location"] == "/repo/articles/kyiv/"
        assert "Serving" not in server.log.getvalue()  # serve() prints it; this harness doesn't


def test_missing_pages_get_the_404_page_at_any_depth(project: Path) -> None:
    config = SiteConfig(base_url="https://user.github.io/repo/")
    with Running(project, config, FakeBuild()) as server:
        for path in ("/repo/nope", "/repo/a/b/c/d.html", "/elsewhere/", "/repo/../etc/passwd"):
            page = server.get(path)
            assert page.status == 404, path
            assert "<h1>Not found</h1>" in page.body
            assert "/livereload.js" in page.body
        assert server.get("/repo/articles/kyiv/", method="HEAD").status == 200


def test_editing_a_seed_rebuilds_and_signals_one_reload(project: Path) -> None:
    build = FakeBuild()
    with Running(project, SiteConfig(), build) as server:
        listener = ReloadListener(server.port)
        try:
            _touch(project / "seeds" / "kyiv.txt", "Kyiv report\nThe missile was intercepted.\n")
            message = listener.next()
            assert message["command"] == "reload" and message["path"] == "*"
            page = server.get("/articles/kyiv/")
            assert "The missile was intercepted." in page.body
            assert "Air defence" not in page.body
            assert listener.quiet_for(0.5)
        finally:
            listener.close()
    assert len(build.calls) == 2
    assert build.calls[1].strict and build.calls[1].base_url == "/"


def test_a_broken_template_shows_a_banner_over_the_last_good_site(project: Path) -> None:
    template = project / "templates" / "page.html"
    with Running(project, SiteConfig(), FakeBuild()) as server:
        listener = ReloadListener(server.port)
        try:
            _touch(template, PAGE.replace("<h1>", "\n\n{% broken %}<h1>"))
            listener.next()
            page = server.get("/articles/kyiv/")
            assert page.status == 200
            assert "Air defence shot down a missile." in page.body  # the last good page
            assert f'id="{serve.BANNER_ID}"' in page.body
            assert "templates/page.html:5: error: unexpected &#x27;broken&#x27; tag" in page.body
            assert "showing the last good build" in page.body
            assert "templates/page.html:5: error" in server.log.getvalue()
            assert serve.BANNER_ID in server.get("/").body  # every page, not just one

            _touch(template, PAGE.replace("<p>", "<p class='fixed'>"))
            listener.next()
            page = server.get("/articles/kyiv/")
            assert serve.BANNER_ID not in page.body
            assert "<p class='fixed'>" in page.body
        finally:
            listener.close()


def test_banner_text_is_escaped() -> None:
    problem = error("seeds/<x>.md", 3, "bad <script>alert(1)</script> & more")
    shown = serve.banner((problem,), stale=True).decode()
    assert "<script>" not in shown
    assert (
        "seeds/&lt;x&gt;.md:3: error: bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in shown
    )


def test_a_burst_of_saves_gives_one_build_and_one_reload(project: Path) -> None:
    build = FakeBuild()
    seeds = project / "seeds"
    with Running(project, SiteConfig(), build, quiet=0.15) as server:
        listener = ReloadListener(server.port)
        try:
            for n in range(8):  # eight saves 20 ms apart, across files
                _touch(seeds / ("kyiv.txt" if n % 2 else "kharkiv.txt"), f"Title {n}\nBody {n}.\n")
                time.sleep(0.02)
            listener.next()
            assert listener.quiet_for(0.6)
        finally:
            listener.close()
        assert len(build.calls) == 2, server.log.getvalue()
        assert "Body 7." in server.get("/articles/kyiv/").body


def test_output_and_editor_files_do_not_trigger_builds(project: Path) -> None:
    build = FakeBuild()
    with Running(project, SiteConfig(), build) as server:
        out = server.preview.rebuilder.out_dir
        (out / "extra.html").write_text("written into the output")
        (project / "site").mkdir()
        (project / "site" / "index.html").write_text("an old production build")
        (project / "seeds" / ".kyiv.txt.swp").write_text("vim swap")
        (project / "seeds" / "kyiv.txt~").write_text("backup")
        time.sleep(0.6)
        assert len(build.calls) == 1


@pytest.mark.parametrize(
    "changed",
    ["site.yaml", "static/style.css", "seeds/new.txt", "seeds/kyiv.yaml", "rules/sources.yaml"],
)
def test_every_input_triggers_a_rebuild(project: Path, changed: str) -> None:
    build = FakeBuild()
    (project / "rules").mkdir()
    (project / "rules" / "sources.yaml").write_text("sources: []\n")
    config = SiteConfig(data_dirs=("rules",))
    with Running(project, config, build) as server:
        _touch(project / changed, "title: Changed\n" if changed == "site.yaml" else "x\ny\n")
        server.wait_builds(2)
    assert len(build.calls) == 2
    if changed == "site.yaml":
        assert build.calls[1].config.title == "Changed"


def test_a_css_only_change_swaps_the_stylesheet_in_place(project: Path) -> None:
    with Running(project, SiteConfig(), FakeBuild()) as server:
        listener = ReloadListener(server.port)
        try:
            _touch(project / "static" / "style.css", "body { color: navy }\n")
            message = listener.next()
        finally:
            listener.close()
    assert message["path"] == "static/style.css" and message["liveCSS"] is True


def test_pages_are_served_from_the_old_site_while_a_build_runs(project: Path) -> None:
    build = FakeBuild(delay=0.8)
    with Running(project, SiteConfig(), build) as server:
        _touch(project / "seeds" / "kyiv.txt", "Kyiv report\nNew text.\n")
        deadline = time.monotonic() + WAIT
        while not server.preview.building.is_set() and time.monotonic() < deadline:
            time.sleep(0.005)
        started = time.monotonic()
        page = server.get("/articles/kyiv/")
        assert time.monotonic() - started < 0.5  # the build does not block the server
        assert "Air defence" in page.body
        server.wait_builds(2)
        assert "New text." in server.get("/articles/kyiv/").body


def test_a_first_build_that_fails_serves_an_error_page_until_fixed(project: Path) -> None:
    template = project / "templates" / "page.html"
    template.write_text("{% broken %}\n" + PAGE)
    with Running(project, SiteConfig(), FakeBuild()) as server:
        page = server.get("/")
        assert page.status == 503
        assert "templates/page.html:1: error" in page.body
        assert "/livereload.js" in page.body
        _touch(template, PAGE)
        server.wait_builds(2)
        page = server.get("/")
        assert page.status == 200 and serve.BANNER_ID not in page.body


def test_a_crashing_build_is_reported_not_fatal(project: Path) -> None:
    calls = []

    def crash(options: BuildOptions) -> Report:
        calls.append(options)
        if len(calls) > 1:
            raise RuntimeError("boom in the pipeline")
        return FakeBuild()(options)

    with Running(project, SiteConfig(), crash) as server:
        _touch(project / "seeds" / "kyiv.txt", "Kyiv\nx\n")
        server.wait_builds(2)
        page = server.get("/articles/kyiv/")
        assert "RuntimeError: boom in the pipeline" in page.body
        assert "Air defence" in page.body


def test_a_port_in_use_is_a_clear_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = serve.serve(project, SiteConfig(), port=port, build_fn=FakeBuild())
    assert code == 1
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert "Traceback" not in err


def test_inject_places_script_and_banner() -> None:
    page = b"<html><HEAD><title>t</title></HEAD><body class='x'><p>hi</p></body></html>"
    shown = serve.inject(page, b"<script></script>", b"<div>banner</div>")
    assert shown == (
        b"<html><HEAD><title>t</title><script></script></HEAD>"
        b"<body class='x'><div>banner</div><p>hi</p></body></html>"
    )
    assert serve.inject(b"<p>bare</p>", b"<s/>", b"<b/>") == b"<s/><b/><p>bare</p>"


def test_a_bad_site_yaml_is_shown_and_the_last_good_site_kept(project: Path) -> None:
    build = FakeBuild()
    with Running(project, SiteConfig(), build) as server:
        _touch(project / "site.yaml", "title: Test\ncolour: red\n")
        server.wait_builds(2)
        page = server.get("/articles/kyiv/")
        assert "Air defence" in page.body
        assert "site.yaml:2: error: unknown key" in html.unescape(page.body)
        assert len(build.calls) == 1  # the broken config never reached the build
        _touch(project / "site.yaml", "title: Fixed\n")
        server.wait_builds(3)
        assert serve.BANNER_ID not in server.get("/articles/kyiv/").body
        assert build.calls[-1].config.title == "Fixed"
