"""Full-text search: Pagefind indexes the rendered article pages into the site's pagefind/."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, MutableMapping
from pathlib import Path

from builder.diagnostics import Diagnostic, warning

BUNDLE = "pagefind"  # the bundle's folder in the output, next to the pages
BODY_MARK = b"data-pagefind-body"  # pages that carry it are the only ones Pagefind indexes
# Inline labels repeat the name of a claim's source after the claim; they are not article text.
EXCLUDE_SELECTORS = (".by",)
TIMEOUT = 600.0  # seconds: a hung indexer must not hang the build (1,000 articles take ~5 s)
_WHERE = "search"  # the diagnostic's "path": the step, as no input file is at fault
INSTALL_HINT = "pip install pagefind[extended]"


def add_index(files: MutableMapping[str, bytes], out_dir: Path) -> tuple[Diagnostic, ...]:
    """Run Pagefind over the rendered pages in `files` and add its bundle under `pagefind/`.

    The pages are indexed before anything is written to `out_dir`, so the bundle is swapped
    in together with the pages it describes. If the indexer cannot run, the site is left
    without search and one warning says why.
    """
    bundle, diagnostics = index_pages(pages_to_index(files), out_dir)
    files.update(bundle)
    return diagnostics


def index_pages(
    pages: Mapping[str, bytes], out_dir: Path
) -> tuple[dict[str, bytes], tuple[Diagnostic, ...]]:
    """Pagefind's bundle for `pages` (output path -> bytes, read lazily if the mapping is),
    by output path under `pagefind/`; or no bundle and one warning saying why.

    Pagefind reads files from disk, so the pages go to a scratch folder beside `out_dir`
    (same file system, removed afterwards); nothing is written to `out_dir` itself."""
    if not pages:
        return {}, ()  # no HTML document to search (a site of feeds and data only)
    binary = find_binary()
    if binary is None:
        return {}, (unavailable("the Pagefind binary is not installed", INSTALL_HINT),)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-search-", dir=out_dir.parent))
    try:
        bundle, problem = run_pagefind(binary, pages, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if problem:
        return {}, (unavailable(problem),)
    return bundle, ()


def pages_to_index(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The pages Pagefind should see: those marked data-pagefind-body (the articles), or every
    HTML document when a template set marks none (Pagefind then indexes whole pages)."""
    pages = {rel: data for rel, data in files.items() if rel.endswith(".html") and b"<html" in data}
    marked = {rel: data for rel, data in pages.items() if BODY_MARK in data}
    return marked or pages


def find_binary() -> Path | None:
    """The Pagefind executable: $PAGEFIND_BINARY_PATH, the one in the installed wheel
    (pagefind[extended] or pagefind[bin]), or one on PATH."""
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        return Path(env)
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found: Path = __import__(module).get_executable()
            return found
        except (ImportError, FileNotFoundError):
            continue
    on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(on_path) if on_path else None


def run_pagefind(
    binary: Path, pages: Mapping[str, bytes], scratch: Path
) -> tuple[dict[str, bytes], str]:
    """Index `pages` with the binary; the bundle's files by output path, or a reason it failed."""
    site, bundle = scratch / "site", scratch / BUNDLE
    for rel, data in pages.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    site.mkdir(exist_ok=True)
    command = [
        str(binary),
        "--site",
        str(site),
        "--output-path",
        str(bundle),
        "--exclude-selectors",
        ", ".join(EXCLUDE_SELECTORS),
        "--quiet",
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return {}, f"Pagefind could not run: {exc}"
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        return {}, f"Pagefind failed (exit {done.returncode}): {_last_line(done)}"
    return _read_tree(bundle, BUNDLE), ""


def _read_tree(folder: Path, prefix: str) -> dict[str, bytes]:
    return {
        f"{prefix}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _last_line(done: subprocess.CompletedProcess[bytes]) -> str:
    text = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip()
    return text.splitlines()[-1] if text else "no output"


def unavailable(reason: str, hint: str = "") -> Diagnostic:
    """The one warning a build gives when it has no search index, and why."""
    return warning(_WHERE, 0, f"{reason}; the site is built without search", hint)


_unavailable = unavailable  # the name builder.build used first
