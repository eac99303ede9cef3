"""The builder's module-level patterns saved with their program, so a new process skips compiling.

The annotator's modules compile ~440 patterns when a build first annotates (~0.1 s of CPU in
`re`'s Python compiler, every new process). After a build, the patterns its modules hold are
saved under `.cache/` with their program (see patterns); a new process puts them in `re`'s
own cache before annotating, so that each module's `re.compile(source, flags)` finds its
pattern there. A pattern is put under the flags a call would pass only when compiling the
source with those flags makes an equal pattern (checked when saving); a pattern found nowhere
is compiled as before. The file is keyed by the builder's code and the compiler's version, and
taken only whole (see keyed_file): a garbled program would match otherwise than its source.
"""

from __future__ import annotations

import importlib
import io
import pickle
import pkgutil
import re
import sys
from pathlib import Path

from builder.incremental import cache as article_cache
from builder.incremental import keyed_file, patterns
from builder.memory import collector_paused

MAGIC = b"NAREGEX2\n"  # bump the digit when the layout changes (2: the payload's digest)
PACKAGE = "builder"  # whose modules' patterns are saved
EAGER = "builder.annotate"  # imported whole before saving: a build may annotate in workers only


# Per process: the files whose patterns were put in re's cache, with their key.
_prefilled: dict[Path, str] = {}


def key() -> str:
    """What the saved patterns depend on: the builder's code and the regex compiler's version."""
    code = article_cache.code_fingerprint()
    engine = patterns.compiler_version().encode()
    return article_cache.fingerprint_files([("", code.encode()), ("", engine)])


def held() -> list[re.Pattern[str]]:
    """The patterns the builder's loaded modules hold: module globals, and the members of
    tuples, lists, sets and dicts that are module globals (sorted, without duplicates)."""
    found: dict[tuple[str, int], re.Pattern[str]] = {}
    for name, module in list(sys.modules.items()):
        if name != PACKAGE and not name.startswith(PACKAGE + "."):
            continue
        for value in list(vars(module).values()):
            members = value.values() if isinstance(value, dict) else value
            if not isinstance(value, (tuple, list, set, frozenset, dict)):
                members = (value,)
            for item in members:
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                    found.setdefault((item.pattern, item.flags), item)
    return [found[k] for k in sorted(found)]


def calls(pattern: re.Pattern[str]) -> list[int]:
    """The flags a `re.compile(pattern.pattern, flags)` could have passed to make `pattern`
    (its own flags, without the Unicode flag the parser adds, and without its inline ones)."""
    compiler = patterns._compiler
    if compiler is None:
        return []
    try:
        inline = compiler.compile(pattern.pattern, 0).flags & ~re.UNICODE
    except re.error:  # a pattern only its flags make valid (verbose, say)
        inline = 0
    made = {pattern.flags, pattern.flags & ~re.UNICODE, pattern.flags & ~re.UNICODE & ~inline}
    found = []
    for flags in sorted(made):
        try:
            if compiler.compile(pattern.pattern, flags) == pattern:
                found.append(flags)
        except re.error:
            continue
    return found


def save(path: Path) -> None:
    """Save the patterns the builder's modules hold at `path`, unless it holds them already
    (whole: a damaged file is written again)."""
    wanted = key()
    if keyed_file.read(path, MAGIC, wanted) is not None:
        return
    _import_all(EAGER)
    entries = [(p, calls(p)) for p in held()]
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = patterns.reducers()  # each with its program (see patterns)
    pickler.dump([(p, f) for p, f in entries if f])
    keyed_file.write(path, MAGIC, wanted, buffer.getvalue())


def prefill(path: Path) -> int:
    """Put the patterns saved at `path` (under this code's key) in `re`'s cache, where no
    pattern of the same source and flags is yet; how many. Nothing when the file is missing,
    another key's or damaged, or this Python's `re` keeps no such cache."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict) or _prefilled.get(path) == key():
        return 0  # this process's patterns came from that file already (a preview's builds)
    data = keyed_file.read(path, MAGIC, key())
    if data is None:
        return 0
    try:
        with collector_paused():
            entries = pickle.loads(data)
    except Exception:  # noqa: BLE001 - unpickling can raise almost anything: compile instead
        return 0
    _prefilled[path] = key()
    put = 0
    for entry in entries if isinstance(entries, list) else ():
        pattern, flags = entry
        if not isinstance(pattern, re.Pattern):
            continue
        for f in flags:
            if (str, pattern.pattern, f) not in cache:
                cache[str, pattern.pattern, f] = pattern
                put += 1
    return put


def _import_all(package: str) -> None:
    """Import every module of `package` (its patterns are compiled at import)."""
    found = importlib.import_module(package)
    for module in pkgutil.walk_packages(found.__path__, package + "."):
        importlib.import_module(module.name)
