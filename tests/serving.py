"""Preview server helpers: run it on a free port in a thread, fetch, listen for reloads."""

from __future__ import annotations

import asyncio
import io
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from builder.build import BuildOptions, Report
from builder.model import SiteConfig
from builder.preview import server as serve

WAIT = 15.0  # seconds: the longest any step may take before the test fails


@dataclass
class Fetched:
    status: int
    body: str
    headers: dict[str, str]


class Running:
    """A preview server running in a thread; use as a context manager (always shut down)."""

    def __init__(
        self,
        root: Path,
        config: SiteConfig,
        build_fn: Callable[[BuildOptions], Report] | None = None,
        base_url: str | None = None,
        quiet: float = 0.1,
    ):
        self.sockets = serve.bind("127.0.0.1", 0)
        self.log = io.StringIO()
        self.preview = serve.make_preview(
            root, config, self.sockets, base_url, build_fn=build_fn, out=self.log, quiet=quiet
        )
        self.port = self.preview.port
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.failure: BaseException | None = None

    def _run(self) -> None:
        try:
            asyncio.run(self.preview.serve(self.sockets))
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            self.failure = exc

    def __enter__(self) -> Self:
        self.preview.build_first()
        self._thread.start()
        if not self.preview.ready.wait(WAIT):
            raise TimeoutError("preview server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.preview.stop()
        self._thread.join(WAIT)
        for sock in self.sockets:
            sock.close()
        assert not self._thread.is_alive(), "preview server did not stop"
        assert self.failure is None, self.failure

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, method: str = "GET") -> Fetched:
        request = urllib.request.Request(self.url(path), method=method)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=WAIT) as response:
                body = response.read().decode("utf-8", "replace")
                return Fetched(response.status, body, dict(response.headers))
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace")
            return Fetched(exc.code, body, dict(exc.headers))

    def status(self) -> dict[str, object]:
        return json.loads(self.get("/__preview__/status").body)

    def wait_builds(self, count: int, timeout: float = WAIT) -> None:
        """Wait until `count` builds have finished (the initial one counts)."""
        deadline = time.monotonic() + timeout
        while self.preview.builds < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.preview.builds} builds, waited for {count}")
            time.sleep(0.01)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class ReloadListener:
    """A livereload client (what livereload.js does): handshake, then wait for reloads."""

    def __init__(self, port: int):
        self._loop = asyncio.new_event_loop()
        self._port = port
        self._conn = self._loop.run_until_complete(self._connect())

    async def _connect(self) -> object:
        from tornado.websocket import websocket_connect

        url = f"ws://127.0.0.1:{self._port}/livereload"
        conn = await asyncio.wait_for(websocket_connect(url), WAIT)
        conn.write_message(json.dumps({"command": "hello", "protocols": []}))
        hello = json.loads(await asyncio.wait_for(conn.read_message(), WAIT))
        assert hello["command"] == "hello"
        conn.write_message(json.dumps({"command": "info", "url": "http://test/"}))
        return conn

    def next(self, timeout: float = WAIT) -> dict[str, object]:
        """The next message from the server; TimeoutError when none comes."""
        message = self._loop.run_until_complete(self._read(timeout))
        if message is None:
            raise ConnectionError("the server closed the reload socket")
        return json.loads(message)

    async def _read(self, timeout: float) -> str | None:
        return await asyncio.wait_for(self._conn.read_message(), timeout)  # type: ignore[attr-defined]

    def quiet_for(self, seconds: float) -> bool:
        """True when no message arrives within `seconds`."""
        try:
            self.next(seconds)
        except TimeoutError:
            return True
        return False

    def close(self) -> None:
        self._conn.close()  # type: ignore[attr-defined]
        self._loop.run_until_complete(asyncio.sleep(0.05))
        self._loop.close()
