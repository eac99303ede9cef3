"""Browser test helpers: the real seeds built once, served on 127.0.0.1 under a sub-path, and
headless Chromium (the system's, never a downloaded one) driven by Playwright."""

from __future__ import annotations

import atexit
import functools
import http.server
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from builder.build import BuildOptions, build
from builder.read.config import load_config

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots for a person to look at (git-ignored)
PREFIX = "/archive/"  # served as GitHub Pages serves a project site
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # no request leaves the machine
]
TIMEOUT_MS = 15_000  # the longest one browser step may take
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str:
    """The system Chromium, or skip the test saying how to get it."""
    for path in CHROMIUM_PATHS:
        if Path(path).is_file():
            return path
    found = shutil.which("chromium")
    if found:
        return found
    pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)")


@functools.lru_cache(maxsize=1)
def built_site() -> Path:
    """The real seeds built once per test process for PREFIX, in a folder removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="newsarchive-browser-"))
    atexit.register(shutil.rmtree, folder, True)
    config, problems = load_config(ROOT / "site.yaml")
    assert not problems, problems
    out = folder / "site"
    report = build(BuildOptions(root=ROOT, config=config, out_dir=out, base_url=PREFIX))
    assert report.written and not report.errors, report.diagnostics
    assert not report.warnings, report.warnings  # a missing search index is a warning
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder under PREFIX only; anything else is a 404 with the site's page."""

    site: Path = Path()

    def translate_path(self, path: str) -> str:
        local = unquote(urlsplit(path).path)
        if not local.startswith(PREFIX):
            return str(self.site / "does-not-exist")
        return str(self.site / local[len(PREFIX) :].lstrip("/"))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on a free port of 127.0.0.1; yields the site's URL; always shut down."""
    types = {**_Handler.extensions_map, ".pagefind": "application/wasm"}
    handler = type("Handler", (_Handler,), {"site": site, "extensions_map": types})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Outside:
    """Requests a page made to anything but 127.0.0.1 (the browser cannot resolve them)."""

    urls: list[str] = field(default_factory=list)


def record_outside_requests(context: Any) -> Outside:
    """Record every request of `context` (pages and their workers) not to 127.0.0.1.

    Watched rather than intercepted: Playwright's request routing stalls Pagefind's web
    worker. The browser itself resolves no host name but 127.0.0.1 (CHROMIUM_ARGS)."""
    seen = Outside()

    def check(request: Any) -> None:
        url = request.url
        if not url.startswith(("data:", "blob:")) and urlsplit(url).hostname != "127.0.0.1":
            seen.urls.append(url)

    context.on("request", check)
    return seen


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless system Chromium under Playwright; skips when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")
    path = chromium_path()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_ARGS, headless=True, timeout=TIMEOUT_MS * 2
        )
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot to tests/artifacts/<name>.png and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
