"""Jinja's compiled templates saved under the output's cache, so a new process skips compiling.

A build in a new process compiled every template it rendered from source (~0.06 s of CPU for
the eight templates). The environment is given a bytecode cache held in memory, filled from
one file under `.cache/` when it was saved under the same key (the builder's code, which
sets the environment's options, and Jinja's version); Jinja takes a template's code from it
only while the template's source has the checksum it was compiled from (and Python and Jinja
the magic they wrote), else compiles it and hands the new code here. The file is written
again after a build only when a template was compiled that it did not hold, and taken only
whole (see keyed_file): a garbled code object would render otherwise than its source.
Templates are keyed by their names, so a moved project takes them; their code is renamed to
the template's path here, as failures are located by the code's file name.
"""

from __future__ import annotations

import marshal
import types
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from builder.incremental import cache as article_cache
from builder.incremental import keyed_file
from builder.render import pages

MAGIC = b"NATMPL3\n"  # bump the digit when the layout changes (3: keys by name alone)


class Saved(BytecodeCache):
    """The compiled templates of one folder, by Jinja's bucket key: each as Jinja writes it."""

    def __init__(self, path: Path, key: str, found: dict[str, bytes]) -> None:
        self.path = path  # the file it was filled from
        self.key = key
        self.found = found
        self.added = False  # a template compiled here that the file did not hold

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """Jinja's key of the template's name in its folder alone, not of its absolute path as
        well: a moved or copied project takes the templates it compiled. The source's digest
        is the bucket's own (Jinja's checksum): a changed source is compiled again and its
        entry replaced, where a key holding the digest would keep every edit's."""
        return super().get_cache_key(name)

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Bucket:
        """Jinja's bucket, its code naming the template's file here: code compiled in a
        project since moved names the old path, which a failure's file:line is read from."""
        bucket = super().get_bucket(environment, name, filename, source)
        code = bucket.code
        if filename and isinstance(code, types.CodeType) and code.co_filename != filename:
            bucket.code = _named(code, filename)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.found.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # reset (compiled again) on a stale checksum

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.found[bucket.key] = bucket.bytecode_to_string()
        self.added = True


def key() -> str:
    """What compiled templates depend on besides their source: the code and Jinja's version."""
    code = article_cache.code_fingerprint()
    parts = [("", code.encode()), ("", jinja2.__version__.encode())]
    return article_cache.fingerprint_files(parts)


def use(templates_dir: Path, path: Path) -> None:
    """Give the folder's environment the templates saved at `path`."""
    env = pages.environment(templates_dir)
    wanted = key()
    held = env.bytecode_cache  # an earlier build's of this process: what it compiled holds
    if isinstance(held, Saved) and held.key == wanted and held.path == path:
        return  # a preview's next build: the same file, read already
    found = _read(path, wanted)
    if isinstance(held, Saved) and held.key == wanted:
        found = {**held.found, **found}
    env.bytecode_cache = Saved(path, wanted, found)


def save(templates_dir: Path, path: Path) -> None:
    """Write the folder's compiled templates at `path` when the file lacks one (every
    template of the folder compiled first, so that the next process finds them all)."""
    saved = pages.environment(templates_dir).bytecode_cache
    if not isinstance(saved, Saved) or saved.key != key():
        return
    if saved.added or not path.is_file():
        pages.compile_all(templates_dir)  # those this build did not render (workers did)
        data = marshal.dumps(dict(sorted(saved.found.items())))
        keyed_file.write(path, MAGIC, saved.key, data)
        saved.added = False


def _named(code: types.CodeType, filename: str) -> types.CodeType:
    """`code` and the code objects it holds (its blocks' and macros' functions) compiled as
    from `filename`."""
    consts = tuple(
        _named(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts
    )
    return code.replace(co_filename=filename, co_consts=consts)


def _read(path: Path, wanted: str) -> dict[str, bytes]:
    """The compiled templates saved at `path` under `wanted`; none when the file is missing,
    another key's or damaged."""
    data = keyed_file.read(path, MAGIC, wanted)
    if data is None:
        return {}
    try:
        found = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, bytes)}
