"""Preview the site while editing: build, serve it under its base path, rebuild on save, reload.

Built on the livereload package's browser side (its livereload.js client, the script handler
and the websocket protocol handler), with the server side arranged around three of its limits:

- livereload's Server runs builds on its event loop (the page stalls while a build runs), polls
  every 800 ms and drops a reload that comes within 3 s of the last one. Here a watcher thread
  polls the inputs every ~25 ms, coalesces a burst of saves into one build, runs the build off
  the loop, and signals the browsers once the new tree has been swapped in.
- Its script injector only works before `</head>`; here every HTML response gets the script
  before `</head>` (or at the top of the body), and the error banner right after `<body>`.
- Its static handler serves from "/"; here the site is served under the configured base path
  (https://user.github.io/repo/ previews at http://127.0.0.1:8000/repo/), by the rules of
  builder.preview.hosting, so that what works in the preview works on GitHub Pages.

A failed build (content errors, a broken template, a crash) leaves the last good site in place:
the errors are printed and shown in a banner on every page until a build succeeds. Builds are
strict: an error anywhere keeps the last good site rather than publishing a site without the
broken article. The preview is built into a temporary folder, so `site/` keeps the real build.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import html
import json
import mimetypes
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote

import builder
from builder.build import BuildOptions, Report
from builder.diagnostics import Diagnostic, error
from builder.model import SiteConfig
from builder.preview import hosting, watch

BuildFn = Callable[[BuildOptions], Report]
FinishFn = Callable[[], Report | None]  # brings a build's search index up to date (see run)
ConfigLoader = Callable[[Path], tuple[SiteConfig, tuple[Diagnostic, ...]]]

SITE_YAML = "site.yaml"
BANNER_ID = "preview-build-error"
MAX_BANNER_LINES = 20
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


# --- Pure pieces -------------------------------------------------------------------------------


def reload_script(port: int) -> bytes:
    """The tag that loads livereload.js from this server (it connects back to the same port)."""
    return f'<script src="/livereload.js?port={port}" defer></script>'.encode()


def banner(problems: Iterable[Diagnostic], stale: bool) -> bytes:
    """The error banner shown at the top of every page while the last build has errors."""
    lines = [str(p) for p in problems]
    if not lines:
        return b""
    shown = lines[:MAX_BANNER_LINES]
    if len(lines) > len(shown):
        shown.append(f"… and {len(lines) - len(shown)} more (see the terminal)")
    heading = "The build failed" if stale else "The build has errors"
    note = " — showing the last good build." if stale else "."
    box = (
        "position:relative;z-index:2147483647;margin:0;padding:.75em 1em;"
        "background:#fdecea;color:#5f2120;border-bottom:3px solid #d32f2f;"
        "font:14px/1.4 system-ui,sans-serif;text-align:left"
    )
    pre = "margin:.5em 0 0;white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace"
    text = html.escape("\n".join(shown))
    return (
        f'<div id="{BANNER_ID}" role="alert" style="{box}">'
        f"<strong>{html.escape(heading)}</strong>{html.escape(note)}"
        f'<pre style="{pre}">{text}</pre></div>'
    ).encode()


def inject(page: bytes, script: bytes, notice: bytes = b"") -> bytes:
    """Put the reload script before </head> and `notice` just inside <body>."""
    head_end = _HEAD_END.search(page)
    if head_end:
        page = page[: head_end.start()] + script + page[head_end.start() :]
    body = _BODY_START.search(page)
    insert_at = body.end() if body else 0
    extra = notice if head_end else script + notice
    if head_end is None and body is None:
        return extra + page
    return page[:insert_at] + extra + page[insert_at:]


def error_page(title: str) -> bytes:
    """A page to show when there is no good build at all yet (the banner says why)."""
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>"
        '<p style="font:16px system-ui,sans-serif;margin:2em">No site to show yet: '
        "fix the errors above and save; this page reloads by itself.</p></body></html>\n"
    ).encode()


def diagnostic_from_exception(exc: BaseException, templates_dir: Path) -> tuple[Diagnostic, ...]:
    """An exception raised by a build, as diagnostics with the best location it carries."""
    carried = getattr(exc, "diagnostics", None) or getattr(exc, "diagnostic", None)
    if isinstance(carried, Diagnostic):
        return (carried,)
    if carried and all(isinstance(d, Diagnostic) for d in carried):
        return tuple(carried)
    path, line = _template_location(exc, templates_dir)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return (error(path, line, f"{type(exc).__name__}: {message}"),)


def _template_location(exc: BaseException, templates_dir: Path) -> tuple[str, int]:
    """The template file and line an exception points at (Jinja's own or its traceback's)."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if isinstance(name, str) and isinstance(line, int):
        return _short(Path(name), templates_dir), line
    top = str(templates_dir.resolve())
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(top):
            return _short(Path(frame.filename), templates_dir), frame.lineno or 0
    return "<build>", 0


def _short(path: Path, templates_dir: Path) -> str:
    """A template path as the user names it: "templates/article.html"."""
    if not path.is_absolute():
        path = templates_dir / path
    try:
        return path.resolve().relative_to(templates_dir.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def reload_message(changed: tuple[str, ...], full: bool) -> dict[str, object]:
    """The livereload protocol's reload command: style sheets and images swap in place."""
    assets = not full and changed and all(_is_swappable(p) for p in changed)
    return {
        "command": "reload",
        "path": changed[0] if assets else "*",
        "liveCSS": bool(assets),
        "liveImg": bool(assets),
    }


def _is_swappable(path: str) -> bool:
    return path.lower().endswith((".css", ".png", ".jpg", ".jpeg", ".gif"))


# --- Builds --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """One build's result as the preview shows it.

    ok: the new site is in place. problems: the errors to show (empty on a clean build).
    """

    ok: bool
    problems: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...]
    seconds: float
    changed: tuple[str, ...]
    articles: int = 0
    pages: int = 0


class Rebuilder:
    """Runs builds for the preview: reloads site.yaml when it changes, turns crashes into errors."""

    def __init__(
        self,
        root: Path,
        config: SiteConfig,
        out_dir: Path,
        base_url: str,
        build_fn: BuildFn,
        load_config: ConfigLoader,
        finish_fn: FinishFn | None = None,
    ):
        self.root = root
        self.config = config
        self.out_dir = out_dir
        self.base_url = base_url
        self._build_fn = build_fn
        self._load_config = load_config
        self._finish_fn = finish_fn
        self._shown: tuple[Diagnostic, ...] = ()  # the warnings of the last build
        # The paths changed since the last build that ran to its end (None: not known, as
        # before the first build or after a crash): the build looks at those seeds only.
        self._unbuilt: set[str] | None = None

    def watched(self) -> tuple[Path, ...]:
        """Every file and folder that feeds the site."""
        folders = (self.config.seeds_dir, self.config.templates_dir, self.config.static_dir)
        mine = [self.root / SITE_YAML, *(self.root / f for f in folders)]
        mine += [self.root / d for d in self.config.data_dirs]
        return (*mine, Path(builder.__file__).parent / "data")

    def ignored(self) -> tuple[Path, ...]:
        """Folders the build writes (never a reason to rebuild)."""
        return (self.out_dir, self.root / self.config.output_dir, self.root / ".cache")

    def snapshot(self) -> watch.Snapshot:
        return watch.scan(self.watched(), self.ignored())

    def run(self, changed: tuple[str, ...]) -> Outcome:
        """One build; a crash (in the build or in reading site.yaml) becomes an error shown."""
        started = time.perf_counter()
        try:
            return self._run(changed, started)
        except Exception as exc:  # noqa: BLE001 (a crash must not stop the preview)
            problems = diagnostic_from_exception(exc, self.root / self.config.templates_dir)
            if problems[0].path == "<build>":
                traceback.print_exc()
            return Outcome(False, problems, (), time.perf_counter() - started, changed)

    def _run(self, changed: tuple[str, ...], started: float) -> Outcome:
        if self._unbuilt is not None:
            self._unbuilt.update(changed)
        if str(self.root / SITE_YAML) in changed:
            config, problems = self._load_config(self.root / SITE_YAML)
            if any(p.is_error for p in problems):
                return Outcome(False, problems, (), time.perf_counter() - started, changed)
            self.config = config
        options = BuildOptions(
            root=self.root,
            config=self.config,
            out_dir=self.out_dir,
            base_url=self.base_url,
            strict=True,
            trust_output=True,
            search_later=self._finish_fn is not None,
            changed=frozenset(self._unbuilt) if self._unbuilt is not None else None,
        )
        self._unbuilt = None  # until the build returns: a crash leaves what it read unknown
        report = self._build_fn(options)
        self._unbuilt = set()
        warnings = self._shown = tuple(d for d in report.diagnostics if not d.is_error)
        ok = report.written and not report.errors
        seconds = time.perf_counter() - started
        return Outcome(ok, report.errors, warnings, seconds, changed, report.articles, report.pages)

    def catch_up(self) -> Outcome | None:
        """After the pages of a build are in place (and the browsers told): bring its search
        index up to date; None when the build left nothing for later."""
        if self._finish_fn is None:
            return None
        started = time.perf_counter()
        try:
            report = self._finish_fn()
        except Exception as exc:  # noqa: BLE001 (a crash must not stop the preview)
            problems = diagnostic_from_exception(exc, self.root / self.config.templates_dir)
            return Outcome(False, problems, (), time.perf_counter() - started, ())
        if report is None:
            return None
        seconds = time.perf_counter() - started
        fresh = tuple(d for d in report.diagnostics if not d.is_error and d not in self._shown)
        return Outcome(not report.errors, report.errors, fresh, seconds, ())


# --- The server ----------------------------------------------------------------------------


def _reload_socket_class() -> type:
    """livereload's protocol handler, keeping its browsers in this server's own set."""
    from livereload.handlers import LiveReloadHandler

    class ReloadSocket(LiveReloadHandler):  # type: ignore[misc]
        def initialize(self, browsers: set[object]) -> None:
            self.browsers = browsers

        def on_message(self, message: str | bytes) -> None:
            super().on_message(message)  # hello/info handshake; adds to a class-wide set
            if self in LiveReloadHandler.waiters:
                LiveReloadHandler.waiters.discard(self)
                self.browsers.add(self)

        def on_close(self) -> None:
            self.browsers.discard(self)
            LiveReloadHandler.waiters.discard(self)

    return ReloadSocket


class Preview:
    """The preview server: state lives on the event loop; builds run on the watcher thread."""

    def __init__(
        self,
        rebuilder: Rebuilder,
        base_path: str,
        *,
        out: TextIO | None = None,
        quiet: float = 0.1,
    ):
        self.rebuilder = rebuilder
        self.base_path = base_path
        self.out = out or sys.stdout
        self.port = 0
        self.problems: tuple[Diagnostic, ...] = ()
        self.stale = False  # the site shown is older than the inputs (the last build failed)
        self.has_site = False
        self.builds = 0
        self.building = threading.Event()
        self.indexing = threading.Event()  # the search index is catching up with the pages
        self.ready = threading.Event()
        self.browsers: set[object] = set()
        self._quiet = quiet
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    # -- lifecycle

    def build_first(self) -> None:
        """The initial build, before serving."""
        self._record(self.rebuilder.run(()))

    async def serve(self, sockets: list[socket.socket]) -> None:
        """Serve on bound sockets until stop() (or Ctrl-C / SIGTERM)."""
        from tornado.httpserver import HTTPServer

        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._on_signal(signal.SIGTERM)
        server = HTTPServer(self.application(), xheaders=False)
        server.add_sockets(sockets)
        watcher = watch.Watcher(self.rebuilder.snapshot, self._rebuild, quiet=self._quiet)
        watcher.start()
        self.ready.set()
        try:
            await self._stopping.wait()
        finally:
            await self._shutdown(server, watcher)

    def stop(self) -> None:
        """Ask the server to stop; safe from any thread."""
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stopping.set)

    async def _shutdown(self, server: object, watcher: watch.Watcher) -> None:
        await asyncio.get_running_loop().run_in_executor(None, watcher.stop)
        for browser in list(self.browsers):
            browser.close()  # type: ignore[attr-defined]
        server.stop()  # type: ignore[attr-defined]
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(server.close_all_connections(), 2)  # type: ignore[attr-defined]

    def _on_signal(self, signum: int) -> None:
        if threading.current_thread() is threading.main_thread() and self._stopping is not None:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                asyncio.get_running_loop().add_signal_handler(signum, self._stopping.set)

    def application(self) -> object:
        from livereload.handlers import LiveReloadJSHandler
        from tornado.web import Application

        handlers: list[Any] = [  # tornado's rules: (pattern, handler[, its arguments])
            (r"/livereload", _reload_socket_class(), {"browsers": self.browsers}),
            (r"/livereload\.js", LiveReloadJSHandler),
            (r"/__preview__/status", _status_handler_class(), {"preview": self}),
            (r".*", _site_handler_class(), {"preview": self}),
        ]
        return Application(handlers, log_function=_quiet)

    # -- builds (watcher thread) and their results (event loop)

    def _rebuild(self, changed: tuple[str, ...]) -> None:
        shown = ", ".join(self._relative(p) for p in changed[:3])
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        self._print(f"changed: {shown}{more}; rebuilding…")
        self.building.set()
        try:
            outcome = self.rebuilder.run(changed)
        finally:
            self.building.clear()
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._apply, outcome)
        self.indexing.set()  # the pages are in place: the search index catches up
        try:
            caught = self.rebuilder.catch_up()
        finally:
            self.indexing.clear()
        if caught is not None:
            for warning in caught.warnings:
                self._print(str(warning))
            self._print(self._caught_up(caught))

    @staticmethod
    def _caught_up(outcome: Outcome) -> str:
        if not outcome.ok:
            return "search index not updated: " + "; ".join(str(p) for p in outcome.problems)
        return f"search index updated in {outcome.seconds:.2f} s"

    def _apply(self, outcome: Outcome) -> None:
        was_showing = bool(self.problems)
        self._record(outcome)
        full = not outcome.ok or was_showing
        message = reload_message(tuple(self._relative(p) for p in outcome.changed), full)
        for browser in list(self.browsers):
            with contextlib.suppress(Exception):
                browser.write_message(message)  # type: ignore[attr-defined]

    def _record(self, outcome: Outcome) -> None:
        self.builds += 1
        self.problems = outcome.problems
        self.stale = not outcome.ok
        self.has_site = self.has_site or outcome.ok
        for warning in outcome.warnings:
            self._print(str(warning))
        if outcome.ok:
            self._print(
                f"built {outcome.articles} articles, {outcome.pages} pages "
                f"in {outcome.seconds:.2f} s"
            )
            return
        for problem in outcome.problems:
            self._print(str(problem))
        keep = "keeping the last good site" if self.has_site else "no site to show yet"
        self._print(f"build failed in {outcome.seconds:.2f} s; {keep}")

    def _relative(self, path: str) -> str:
        try:
            return Path(path).relative_to(self.rebuilder.root).as_posix()
        except ValueError:
            return Path(path).name

    def _print(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    # -- what a request gets (event loop)

    def notice(self) -> bytes:
        return banner(self.problems, self.stale)

    def address(self, host: str) -> str:
        shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{self.port}{self.base_path}"


def _quiet(handler: object) -> None:
    """Tornado's access log, silenced: the terminal shows builds and errors, not requests."""


def _status_handler_class() -> type:
    from tornado.web import RequestHandler

    class StatusHandler(RequestHandler):  # type: ignore[misc]
        """JSON for scripts (the latency benchmark): builds so far, errors shown."""

        def initialize(self, preview: Preview) -> None:
            self.preview = preview

        def get(self) -> None:
            preview = self.preview
            self.set_header("Content-Type", "application/json")
            self.set_header("Cache-Control", "no-store")
            state = {
                "builds": preview.builds,
                "building": preview.building.is_set(),
                "indexing": preview.indexing.is_set(),
                "ok": not preview.stale,
                "errors": [str(p) for p in preview.problems],
            }
            self.write(json.dumps(state, sort_keys=True))

    return StatusHandler


def _site_handler_class() -> type:
    from tornado.web import RequestHandler

    class SiteHandler(RequestHandler):  # type: ignore[misc]
        """The built site under the base path, with the reload script and the error banner."""

        def initialize(self, preview: Preview) -> None:
            self.preview = preview

        async def get(self) -> None:
            await self._answer(include_body=True)

        async def head(self) -> None:
            await self._answer(include_body=False)

        async def _answer(self, include_body: bool) -> None:
            preview = self.preview
            site = preview.rebuilder.out_dir
            if not preview.has_site:
                return self._send(503, error_page("Build failed"), "text/html", include_body)
            path = unquote(self.request.path)
            if path + "/" == preview.base_path or (path == "/" and preview.base_path != "/"):
                return self.redirect(preview.base_path, permanent=False)
            if not path.startswith(preview.base_path):
                return self._not_found(site, include_body)
            rel = path[len(preview.base_path) :]
            found = hosting.resolve(site, rel)
            if found.kind == "missing" and await self._after_build():
                found = hosting.resolve(site, rel)
            if found.kind == "redirect":
                query = f"?{self.request.query}" if self.request.query else ""
                return self.redirect(preview.base_path + found.path + query, permanent=False)
            if found.kind == "missing":
                return self._not_found(site, include_body)
            self._send_file(200, site / found.path, include_body)

        async def _after_build(self, limit: float = 30.0) -> bool:
            """Wait (bounded) for a running build: its swap may hide a file for a moment."""
            waited = 0.0
            while self.preview.building.is_set() and waited < limit:
                await asyncio.sleep(0.02)
                waited += 0.02
            return waited > 0

        def _not_found(self, site: Path, include_body: bool) -> None:
            page = site / hosting.NOT_FOUND_PAGE
            if page.is_file():
                return self._send_file(404, page, include_body)
            self._send(
                404,
                b"<!doctype html><html><head></head><body>Not found</body></html>",
                "text/html",
                include_body,
            )

        def _send_file(self, status: int, path: Path, include_body: bool) -> None:
            try:
                data = path.read_bytes()
            except OSError:  # replaced by a build between resolve and read
                return self._send(503, b"Rebuilding; reload in a moment.", "text/plain", True)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self._send(status, data, kind, include_body)

        def _send(self, status: int, data: bytes, kind: str, include_body: bool) -> None:
            if kind == "text/html":
                data = inject(data, reload_script(self.preview.port), self.preview.notice())
            if kind.startswith("text/") or kind in ("application/json", "application/xml"):
                kind += "; charset=utf-8"
            self.set_status(status)
            self.set_header("Content-Type", kind)
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Length", str(len(data)))
            if include_body:
                self.write(data)
            self.finish()

    return SiteHandler


# --- Entry point ---------------------------------------------------------------------------


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets for host:port (port 0 picks a free one); OSError when taken."""
    from tornado.netutil import bind_sockets

    return bind_sockets(port, address=host, reuse_port=False)


def port_problem(exc: OSError, host: str, port: int) -> str:
    """What to tell the user when the address cannot be bound."""
    if exc.errno == errno.EADDRINUSE:
        return (
            f"error: port {port} on {host} is already in use "
            f"(another preview?); try --port {port + 1}"
        )
    if exc.errno == errno.EACCES:
        return f"error: not allowed to listen on port {port}; use a port above 1023"
    return f"error: cannot listen on {host}:{port}: {exc.strerror or exc}"


def serve(
    root: Path,
    config: SiteConfig,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    base_url: str | None = None,
    *,
    build_fn: BuildFn | None = None,
    out: TextIO | None = None,
) -> int:
    """Build, serve and rebuild on every save until Ctrl-C; returns the exit code."""
    out = out or sys.stdout
    try:
        sockets = bind(host, port)
    except OSError as exc:
        print(port_problem(exc, host, port), file=sys.stderr)
        return 1
    preview = make_preview(root, config, sockets, base_url, build_fn=build_fn, out=out)
    try:
        _run(preview, sockets, host, open_browser, out)
    except KeyboardInterrupt:
        pass
    finally:
        for sock in sockets:
            sock.close()
        shutil.rmtree(preview.rebuilder.out_dir.parent, ignore_errors=True)
    print("Stopped.", file=out, flush=True)
    return 0


def _run(
    preview: Preview, sockets: list[socket.socket], host: str, open_browser: bool, out: TextIO
) -> None:
    preview.build_first()
    print(f"Serving {preview.address(host)} (Ctrl-C to stop)", file=out, flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, (preview.address(host),)).start()
    asyncio.run(preview.serve(sockets))


def make_preview(
    root: Path,
    config: SiteConfig,
    sockets: list[socket.socket],
    base_url: str | None = None,
    *,
    build_fn: BuildFn | None = None,
    load_config: ConfigLoader | None = None,
    out: TextIO | None = None,
    quiet: float = 0.1,
) -> Preview:
    """A Preview building into a fresh temporary folder, for the port `sockets` listen on."""
    finish_fn: FinishFn | None = None
    if build_fn is None:
        from builder.build import build, finish_search

        build_fn, finish_fn = build, finish_search
    if load_config is None:
        from builder.read.config import load_config as load_site_config

        load_config = load_site_config
    path = hosting.base_path(base_url or config.base_url)
    out_dir = Path(tempfile.mkdtemp(prefix="newsarchive-preview-")) / "site"
    root = root.resolve()
    rebuilder = Rebuilder(root, config, out_dir, path, build_fn, load_config, finish_fn)
    preview = Preview(rebuilder, path, out=out, quiet=quiet)
    preview.port = sockets[0].getsockname()[1]
    return preview


__all__ = [
    "BANNER_ID",
    "Outcome",
    "Preview",
    "Rebuilder",
    "banner",
    "bind",
    "inject",
    "make_preview",
    "serve",
]
