"""Save-to-reload latency of the preview: edit one article, time until the browser is told.

    python -m benchmarks.reload_latency [--runs 7] [--root .] [--json]

Copies the project (seeds, templates, static, site.yaml) to a temporary folder, starts
`python -m builder serve` there on a free loopback port, and connects to it the way the page's
livereload.js does (websocket handshake). Each run appends a sentence to one article's first
paragraph and measures, from the moment the file is written:

    reload   until the server sends the reload command (the new site is in place)
    served   until the article page, fetched after the reload, shows the new sentence
    build    the build's own seconds, as the server prints them

so latency = change detection and debounce (~25 ms poll + 100 ms quiet) + build + signalling.
Then the same build runs in-process a few times with per-stage timings, to show what dominates.
Prints the median and the min-max spread of each figure; the target is 500 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

TARGET_SECONDS = 0.5
WAIT = 30.0
COPIED = ("seeds", "templates", "static", "site.yaml")
_BUILT = re.compile(r"^built .* in ([0-9.]+) s$")
_FAILED = re.compile(r"^build failed in ([0-9.]+) s")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = Path(args.root).resolve()
    with tempfile.TemporaryDirectory(prefix="reload-latency-") as tmp:
        project = Path(tmp) / "project"
        _copy_project(root, project)
        figures = _measure(project, args.runs)
        figures["stages"] = _stage_seconds(project, min(args.runs, 5))
    if args.json:
        print(json.dumps(figures, indent=2, sort_keys=True))
    else:
        print(_table(figures))
    return 0 if statistics.median(figures["reload"]) <= TARGET_SECONDS else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reload_latency")
    parser.add_argument("--runs", type=int, default=7, help="edits to time (default 7)")
    parser.add_argument("--root", default=".", help="the project to copy (default: .)")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    return parser


def _copy_project(root: Path, project: Path) -> None:
    project.mkdir(parents=True)
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.is_file():
            shutil.copy(source, project / name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Server:
    """`python -m builder serve` in a child process, its output collected on a thread."""

    def __init__(self, project: Path):
        self.port = _free_port()
        command = [sys.executable, "-m", "builder", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "--root", str(project)],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_serving(self) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for line in self.lines:
                if line.startswith("Serving "):
                    return line.split()[1]
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise RuntimeError("the preview did not start:\n" + "\n".join(self.lines))

    def build_seconds(self) -> list[float]:
        found = (_BUILT.match(line) or _FAILED.match(line) for line in self.lines)
        return [float(m.group(1)) for m in found if m]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


class _Listener:
    """What livereload.js does: connect, say hello and info, then wait for `reload`."""

    def __init__(self, port: int):
        self.loop = asyncio.new_event_loop()
        self.conn = self.loop.run_until_complete(self._connect(port))

    async def _connect(self, port: int) -> object:
        from tornado.websocket import websocket_connect

        conn = await asyncio.wait_for(websocket_connect(f"ws://127.0.0.1:{port}/livereload"), WAIT)
        conn.write_message(json.dumps({"command": "hello", "protocols": []}))
        await asyncio.wait_for(conn.read_message(), WAIT)
        conn.write_message(json.dumps({"command": "info", "url": "benchmark"}))
        return conn

    async def _reload(self) -> None:
        while True:
            message = await asyncio.wait_for(self.conn.read_message(), WAIT)  # type: ignore[attr-defined]
            if message is None:
                raise RuntimeError("the server closed the connection")
            if json.loads(message).get("command") == "reload":
                return

    def wait_reload(self) -> None:
        self.loop.run_until_complete(self._reload())

    def close(self) -> None:
        self.conn.close()  # type: ignore[attr-defined]
        self.loop.close()


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=WAIT) as response:
        return response.read().decode("utf-8")


def _article_url(address: str, seed: str) -> str:
    """The page of the article read from `seed`, through the JSON export."""
    archive = json.loads(_fetch(address + "data/archive.json"))
    for entry in archive["articles"]:
        data = json.loads(_fetch(f"{address}data/articles/{entry['slug']}.json"))
        if data["source_file"] == seed:
            return address + data["url"]
    raise RuntimeError(f"no article page for {seed}")


def _edit(seed: Path, marker: str) -> None:
    """Append a sentence to the first paragraph after the title line."""
    lines = seed.read_text("utf-8").split("\n")
    body = next(i for i, line in enumerate(lines) if i > 0 and line.strip())
    lines[body] = lines[body].rstrip() + f" {marker}."
    seed.write_text("\n".join(lines), "utf-8")


def _measure(project: Path, runs: int) -> dict[str, list[float]]:
    seed = min((project / "seeds").glob("*.txt"))
    server = _Server(project)
    try:
        address = server.wait_serving()
        page = _article_url(address, f"seeds/{seed.name}")
        listener = _Listener(server.port)
        reload, served = [], []
        try:
            for run in range(runs):
                marker = f"Latency probe number {run + 1} was appended here"
                started = time.perf_counter()
                _edit(seed, marker)
                listener.wait_reload()
                reload.append(time.perf_counter() - started)
                if marker not in _fetch(page):
                    raise RuntimeError(f"run {run + 1}: the page does not show the edit")
                served.append(time.perf_counter() - started)
                time.sleep(0.3)  # let the server settle, as a person would between saves
        finally:
            listener.close()
        return {"reload": reload, "served": served, "build": server.build_seconds()[1:]}
    finally:
        server.stop()


def _stage_seconds(project: Path, runs: int) -> dict[str, list[float]]:
    """The preview's build (strict, base path only) in this process, per stage, each after
    one article is edited (an unchanged build would take the no-change shortcut)."""
    from builder.build import BuildOptions, build
    from builder.read.config import load_config

    config, _ = load_config(project / "site.yaml")
    out = project / ".latency-out" / "site"
    seed = min((project / "seeds").glob("*.txt"))
    stages: dict[str, list[float]] = {}
    for run in range(runs + 1):
        _edit(seed, f"In-process probe number {run + 1} was appended here")
        options = BuildOptions(project, config, out_dir=out, base_url="/", strict=True)
        report = build(options)
        for name, seconds in report.stage_seconds:
            stages.setdefault(name, []).append(seconds)
    return {name: values[1:] for name, values in stages.items()}  # the first run warms caches


def _spread(values: list[float]) -> str:
    if not values:
        return "n/a"
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):7.0f} ms  ({min(ms):.0f}-{max(ms):.0f})"


def _table(figures: dict) -> str:
    lines = [f"save-to-reload latency, {len(figures['reload'])} edits (median, min-max):"]
    for key in ("reload", "served", "build"):
        lines.append(f"  {key:<8}{_spread(figures[key])}")
    verdict = "meets" if statistics.median(figures["reload"]) <= TARGET_SECONDS else "misses"
    lines.append(f"  target  {TARGET_SECONDS * 1000:7.0f} ms: {verdict}")
    lines.append("one build in process, per stage (median, min-max; the first, which loads")
    lines.append("the knowledge, left out, as the preview keeps it between builds):")
    for name, values in figures["stages"].items():
        lines.append(f"  {name:<12}{_spread(values)}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
