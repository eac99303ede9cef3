"""The only reader of seeds/: article files and their sidecars, as bytes, in a stable order.

An article is a `.txt`, `.md` or `.markdown` file; its sidecar is `<stem>.yaml` (or `.yml`)
beside it. Hidden files (".x"), editor backups ("x~", "#x#", ".swp", ".bak", ".orig") and
other files are ignored. Sub-folders are read too, in sorted order.

`SeedFile.path` names the file for diagnostics and the JSON export: relative to the project
root when seeds_dir is inside it ("seeds/000_x.txt"), else relative to seeds_dir's parent
("my-seeds/000_x.txt"), always '/'-separated and never absolute.
"""

from __future__ import annotations

import functools
import operator
import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from builder.diagnostics import Diagnostic, error, warning

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
SIDECAR_SUFFIXES = (".yaml", ".yml")
_T = TypeVar("_T")
_BACKUP_SUFFIXES = ("~", ".swp", ".swo", ".bak", ".orig", ".tmp")


@dataclass(frozen=True, slots=True)
class SeedFile:
    """One article file and its optional sidecar, read but not decoded. `data` is None for a
    seed left unread because its result is known by its size and times (see read_seeds)."""

    path: str
    data: bytes | None
    sidecar_path: str | None = None
    sidecar: bytes | None = None


# Per process: every article read, by its path, sidecar and display base, with the size,
# modification time and inode of both files then. A preview's next build reads again only
# the files that changed by those (as make, and the build's no-change check, judge them),
# and gets the very SeedFile objects back for the others.
Signature = tuple[int, ...]
_read_memo: dict[tuple[Path, Path | None, Path], tuple[Signature, SeedFile]] = {}
# Per process: the folder and display base of the last read, and its problems that were not
# about one article (refused links, orphan sidecars): the same while no file comes or goes.
_scan_memo: list[tuple[Path, Path, tuple[Diagnostic, ...]]] = []
# The absolute path of every article and sidecar _read_memo holds -> its key there.
_known_memo: dict[str, tuple[Path, Path | None, Path]] = {}


# Asked of each article found (its shown path, its sidecar's, their signature): whether it
# may stay unread (see builder.incremental.seed_record).
Unread = Callable[[str, str | None, "Signature"], bool]


def read_seeds(
    seeds_dir: Path,
    root: Path,
    changed: Collection[str] | None = None,
    unread: Unread | None = None,
) -> tuple[tuple[SeedFile, ...], tuple[Diagnostic, ...]]:
    """Read every article under seeds_dir with its sidecar; problems become diagnostics.

    changed: the absolute paths of the files changed since this process last read the
    folder (a preview's watcher knows them). Only those are looked at again when they are
    all articles or sidecars read last time; a file that came, went or was never read
    means the whole folder is listed and every file's size and time checked. `unread`
    (a listing only) is asked of each article: one it allows comes back with no bytes (data
    and sidecar None), and is not remembered for the next read of this process."""
    if changed is not None:
        found = _reread(seeds_dir, root, changed)
        if found is not None:
            return found
    _resolved_folder.cache_clear()  # folders may have been moved or relinked since
    _scan_memo.clear()
    if not seeds_dir.is_dir():
        return (), (error(_display(seeds_dir, root), 0, "the seeds folder does not exist"),)
    base = _display_base(seeds_dir, root)
    files, problems = _list_files(seeds_dir, base)
    shown = _shown_prefix(seeds_dir, base)
    seeds: list[SeedFile] = []
    diagnostics = list(problems)
    sidecars = {f.path: f for f in files if _suffix(f.parts[-1]).lower() in SIDECAR_SUFFIXES}
    articles = [f for f in files if _suffix(f.parts[-1]).lower() in ARTICLE_SUFFIXES]
    memo: dict[tuple[Path, Path | None, Path], tuple[Signature, SeedFile]] = {}
    used: set[str] = set()
    ask = unread if not _read_memo else None  # a process that read the folder reads again
    for entry in articles:
        side = _sidecar_of(entry.path, sidecars.get)
        if side is not None:
            used.add(side.path)
        signature = _signature(entry.path, side.path if side else None)
        if signature is not None and ask is not None:
            name = shown + "/".join(entry.parts)
            side_name = shown + "/".join(side.parts) if side else None
            if ask(name, side_name, signature):
                # not remembered: `memo` then holds fewer than `seeds`, and the next read lists
                seeds.append(SeedFile(name, None, side_name, None))
                continue
        path, sidecar = Path(entry.path), Path(side.path) if side else None
        known = _read_memo.get((path, sidecar, base))
        seed: SeedFile | None
        seed_problems: Sequence[Diagnostic]
        if signature is not None and known is not None and known[0] == signature:
            seed, seed_problems = known[1], ()
        else:
            seed, seed_problems = _read_seed(path, sidecar, base)
        diagnostics.extend(seed_problems)
        if seed is not None:
            seeds.append(seed)
            if signature is not None:
                memo[(path, sidecar, base)] = (signature, seed)
    _read_memo.clear()
    _read_memo.update(memo)
    folder_problems = list(problems)
    for orphan in (Path(f.path) for f in sidecars.values() if f.path not in used):
        folder_problems.append(
            warning(
                _relative(orphan, base),
                0,
                "sidecar with no article beside it",
                f"expected {orphan.stem}.txt or {orphan.stem}.md",
            )
        )
    every_seed_read = len(diagnostics) == len(problems) and len(memo) == len(seeds)
    diagnostics += folder_problems[len(problems) :]
    _scan_memo.clear()
    _known_memo.clear()
    if every_seed_read:
        _scan_memo.append((seeds_dir, base, tuple(folder_problems)))
        for key in memo:
            for known_path in key[:2]:
                if known_path is not None:
                    _known_memo[os.path.abspath(known_path)] = key
    return tuple(seeds), tuple(diagnostics)


def forget() -> None:
    """Let go of every article this process read (a one-shot build, once each seed is
    processed: ~5 KB of bytes per article, ~50 MB at 10,000); the next read lists and
    reads the folder again."""
    _read_memo.clear()
    _scan_memo.clear()
    _known_memo.clear()


def read_one(seeds_dir: Path, root: Path, shown: str) -> SeedFile | None:
    """One article read again from disk by the path read_seeds() showed for it, with its
    sidecar; None when it is gone or cannot be read (for a build whose cached result of that
    article turned out damaged, so that it is processed again instead of lost)."""
    base = _display_base(seeds_dir, root)
    path = base / shown
    if not path.is_file() or not _resolved(path).is_relative_to(seeds_dir.resolve()):
        return None
    sidecar = _sidecar_of(str(path), lambda p: Path(p) if os.path.isfile(p) else None)
    seed, problems = _read_seed(path, sidecar, base)
    return None if problems else seed


def _reread(
    seeds_dir: Path, root: Path, changed: Collection[str]
) -> tuple[tuple[SeedFile, ...], tuple[Diagnostic, ...]] | None:
    """read_seeds() from the last read and the `changed` files alone; None when that cannot
    be told without listing the folder (a file came or went, or the last read had a file
    it could not read)."""
    if not _scan_memo or not seeds_dir.is_dir():
        return None
    folder, base, problems = _scan_memo[0]
    if folder != seeds_dir or base != _display_base(seeds_dir, root):
        return None
    top = os.path.abspath(seeds_dir) + os.sep
    touched = {os.path.abspath(p) for p in changed}
    touched = {p for p in touched if p.startswith(top)}
    known = _known_memo
    odd = any(os.path.islink(p) or not os.path.isfile(p) for p in touched)
    if not touched <= known.keys() or odd:
        return None
    for key in sorted({known[p] for p in touched}, key=str):
        held = _read_memo.get(key)
        if held is None:
            return None
        path, sidecar, _ = key
        now = _signature(path, sidecar)
        if now is None:
            return None
        if now != held[0]:
            fresh, read_problems = _read_seed(path, sidecar, base)
            if fresh is None or read_problems:
                return None
            _read_memo[key] = (now, fresh)  # in its place: the memo keeps the folder's order
    # Every seed in the memo's order, taken in C (not a look at each of 10,000 in Python).
    return tuple(map(operator.itemgetter(1), _read_memo.values())), problems


@dataclass(frozen=True, slots=True, order=True)
class _Found:
    """A file or folder under the seeds folder: its names below it (they sort it as its
    Path would sort), and its path."""

    parts: tuple[str, ...]
    path: str


def _list_files(seeds_dir: Path, base: Path) -> tuple[list[_Found], list[Diagnostic]]:
    """Every candidate file under seeds_dir in sorted order, refusing symlinks that lead out
    of it. As seeds_dir.rglob("*") finds them (a folder that is a link is not entered), but
    with a string each, not a Path (10,000 Paths and their look-ups cost ~0.5 s)."""
    inside = seeds_dir.resolve()
    files: list[_Found] = []
    problems: list[Diagnostic] = []
    for found, link, is_file in sorted(_walk(os.fspath(seeds_dir))):
        if link:
            path = Path(found.path)
            if not path.resolve().is_relative_to(inside):
                problems.append(
                    error(_relative(path, base), 0, "refused: a link that leaves the seeds folder")
                )
                continue
            if path.is_file():
                files.append(found)
        elif is_file:
            files.append(found)
    return files, problems


def _walk(top: str) -> list[tuple[_Found, bool, bool]]:
    """Every entry under `top` whose names are none ignored (see _ignored), whether it is a
    symbolic link and whether a file (not a link); folders that are links are not entered,
    unreadable ones skipped."""
    found: list[tuple[_Found, bool, bool]] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(top, ())]
    while pending:
        folder, parts = pending.pop()
        try:
            with os.scandir(folder) as listed:
                entries = list(listed)
        except PermissionError:
            continue
        for entry in entries:
            if _ignored(entry.name):
                continue
            below = (*parts, entry.name)
            link = entry.is_symlink()
            is_file = not link and entry.is_file(follow_symlinks=False)
            found.append((_Found(below, entry.path), link, is_file))
            try:
                folder_too = not link and entry.is_dir(follow_symlinks=False)
            except OSError:
                folder_too = False
            if folder_too:
                pending.append((entry.path, below))
    return found


def _suffix(name: str) -> str:
    """The suffix of a file name, as Path.suffix gives it."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _sidecar_of(article: str, found: Callable[[str], _T | None]) -> _T | None:
    """The sidecar of the article at path `article`: what `found` gives for the first path
    of it with a sidecar's suffix in place of its own (SIDECAR_SUFFIXES in order)."""
    stem = article[: len(article) - len(_suffix(os.path.basename(article)))]
    for suffix in SIDECAR_SUFFIXES:
        sidecar = found(stem + suffix)
        if sidecar is not None:
            return sidecar
    return None


def _shown_prefix(seeds_dir: Path, base: Path) -> str:
    """What a file's names below seeds_dir follow in the path it is shown by (see _relative:
    a file in a folder that is not a link is shown under its folder's resolved path)."""
    below = seeds_dir.resolve().relative_to(base).as_posix()
    return "" if below == "." else below + "/"


def _read_seed(
    path: Path, sidecar: Path | None, base: Path
) -> tuple[SeedFile | None, list[Diagnostic]]:
    try:
        data = path.read_bytes()
        sidecar_data = sidecar.read_bytes() if sidecar else None
    except OSError as exc:
        return None, [error(_relative(path, base), 0, f"cannot read: {exc.strerror}")]
    sidecar_name = _relative(sidecar, base) if sidecar else None
    return SeedFile(_relative(path, base), data, sidecar_name, sidecar_data), []


def _signature(path: Path | str, sidecar: Path | str | None) -> Signature | None:
    """Size, modification time, inode and change time of an article and its sidecar; None if
    unreadable. (The change time moves with any write or a copy over it that keeps the
    modification time.)"""
    try:
        stats = [os.stat(path)] + ([os.stat(sidecar)] if sidecar else [])
    except OSError:
        return None
    return tuple(
        n for st in stats for n in (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
    )


def signature_times(signature: Signature) -> tuple[int, ...]:
    """The modification and change times of each file in a signature (see _signature)."""
    return signature[1::4] + signature[3::4]


def _ignored(name: str) -> bool:
    """Hidden files and editor backups/lock files."""
    return name.startswith((".", "#", "~")) or name.endswith(_BACKUP_SUFFIXES)


def _display_base(seeds_dir: Path, root: Path) -> Path:
    """The folder paths are shown relative to: the root if seeds_dir is inside it."""
    resolved = seeds_dir.resolve()
    return root.resolve() if resolved.is_relative_to(root.resolve()) else resolved.parent


def _display(path: Path, root: Path) -> str:
    return _relative(path, _display_base(path, root)) if path.exists() else path.name


def _resolved(path: Path) -> Path:
    """path.resolve(), resolving each folder once: a file that is not a link resolves to its
    resolved folder plus its name (resolving every file costs a stat per path component)."""
    return path.resolve() if path.is_symlink() else _resolved_folder(path.parent) / path.name


@functools.lru_cache(maxsize=4096)
def _resolved_folder(folder: Path) -> Path:
    return folder.resolve()


def _relative(path: Path, base: Path) -> str:
    """'/'-separated path of `path` (not resolved: links keep their own name) under base."""
    absolute = _resolved_folder(path.parent) / path.name
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return path.name
