"""The only module that writes the output folder: build aside, then swap or patch it in."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import itertools
import os
import shutil
import stat
import threading
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Self

from builder.diagnostics import Diagnostic, error

# A file every output folder we make holds; a non-empty folder without it is not ours.
MARKER = ".newsarchive-build"
MARKER_TEXT = b"Made by newsarchive (python -m builder build); replaced on every build.\n"
_OLD_TREES = itertools.count()  # numbers the previous trees awaiting deletion
_STAGED = itertools.count()  # names the files a patch stages


class OutputError(Exception):
    """The output folder cannot be used or written; carries a diagnostic for the CLI."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def check_output_dir(out_dir: Path, root: Path, sources: Sequence[Path]) -> Diagnostic | None:
    """Why `out_dir` must not be replaced by a build, or None when it is safe to use.

    sources: the folders and files the build reads (seeds, templates, static, data, site.yaml).
    """
    out = out_dir.resolve()
    if out_dir.is_symlink():
        return _refuse(out_dir, "is a symbolic link; give the real folder")
    if _within(root.resolve(), out):
        return _refuse(out_dir, "is the project folder or contains it")
    for src in sources:
        src = src.resolve()
        if _within(src, out) or _within(out, src):
            return _refuse(out_dir, f"overlaps the build's input {src.name!r}")
    if out.exists() and not out.is_dir():
        return _refuse(out_dir, "exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        return _refuse(
            out_dir,
            "is a non-empty folder this builder did not make",
            f"empty it, remove it, or choose another --out; ours hold a {MARKER} file",
        )
    return None


def write_site(files: Mapping[str, bytes], out_dir: Path, keep: Sequence[str] = ()) -> int:
    """Replace `out_dir` by exactly `files` (relative path -> bytes); return how many changed.

    The new tree is built in a sibling folder and swapped in, so a crash leaves the previous
    site whole and no stale file survives. Files whose bytes are unchanged are hard-linked
    from the previous tree, keeping their inode and mtime. `keep` names top-level entries of
    the previous tree carried over as they are (a cache the build manages itself).
    Call check_output_dir() first.
    """
    with TreeWriter(out_dir, keep) as tree:
        for rel in sorted(files):
            tree.add(rel, files[rel])
        return tree.commit()


class _Writer:
    """What both writers share: the output folder, the entries kept as they are, a scratch
    folder beside the output (removed on leaving the block), and the paths of the new site
    (relative '/'-separated strings, checked by _safe_relpath)."""

    def __init__(self, out_dir: Path, keep: Sequence[str], role: str) -> None:
        self.out = out_dir.resolve()
        self.keep = tuple(keep)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.fresh = _sibling(self.out, role)
        self.fresh.mkdir()
        self.paths: set[str] = set()
        self.changed = 0
        self.background: threading.Thread | None = None
        self._folders: set[str] = {str(self.fresh)}
        self.only: str | None = None  # the one top-level folder this writer covers, if any

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.fresh, ignore_errors=True)

    def __contains__(self, rel: str) -> bool:
        return rel in self.paths

    def _scratch(self, path: str) -> str:
        """Where `path` goes in the scratch folder, its folder made."""
        dest = os.path.join(self.fresh, path)
        folder = os.path.dirname(dest)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return dest


class TreeWriter(_Writer):
    """write_site() one file at a time, so a build never holds its whole output in memory.

    Use as a context manager: add() each file (any order, each path once), then commit() to
    swap the new tree in; leaving the block without commit() discards the new tree.
    """

    def __init__(self, out_dir: Path, keep: Sequence[str] = ()) -> None:
        super().__init__(out_dir, keep, "new")
        self.previous = str(self.out) if self.out.is_dir() else None

    def path(self, rel: str) -> Path:
        """Where `rel` is written in the new tree (for tools that read the pages from disk)."""
        return self.fresh / rel

    def add(self, rel: str, data: bytes) -> None:
        """Write one file of the new tree, linking it to the previous one if unchanged."""
        self._put(_claim(self, rel), data)

    def adopt(self, rel: str, file: Path) -> None:
        """add() for a file already written beside the output (same file system): it is
        moved in, not read and written again."""
        path = _claim(self, rel)
        dest = self._scratch(path)
        old = os.path.join(self.previous, path) if self.previous else None
        if old is not None and _same_file(old, file) and _link(old, dest):
            file.unlink()
            return
        os.replace(file, dest)
        self.changed += 1

    def reuse(self, rel: str) -> bool:
        """Take `rel` as it is in the previous tree (a hard link); False if that cannot be."""
        path = _safe_relpath(rel)
        if path in self.paths or _top(path) in self.keep or self.previous is None:
            return False
        dest = self._scratch(path)
        if not _link(os.path.join(self.previous, path), dest):
            return False
        self.paths.add(path)
        return True

    def forget(self, rel: str) -> None:
        """Remove a file added to the new tree."""
        path = _safe_relpath(rel)
        self.paths.discard(path)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(self.fresh, path))

    def _put(self, rel: str, data: bytes) -> None:
        dest = self._scratch(rel)
        old = os.path.join(self.previous, rel) if self.previous else None
        if old is not None and _same_bytes(old, data) and _link(old, dest):
            return
        _write(dest, data)
        self.changed += 1

    def commit(self, wait: bool = True) -> int:
        """Carry over the kept entries and swap the new tree in; return how many files changed.

        The previous tree is deleted afterwards, in a background thread unless `wait`.
        """
        self._put(MARKER, MARKER_TEXT)
        _carry_over(self.out, self.fresh, self.keep)
        old = _swap(self.fresh, self.out)
        if old is not None:
            self.background = threading.Thread(target=shutil.rmtree, args=(old, True))
            self.background.start()
            if wait:
                self.background.join()
        return self.changed


class PatchWriter(_Writer):
    """TreeWriter's interface for a build over an output folder a previous build made: only
    the files whose bytes change are written, staged beside the folder until commit(), then
    each is renamed into place (one atomic step per file) and the files the new site no
    longer has are removed. A build that fails before commit() leaves the folder untouched.
    Unchanged files are never rewritten, so an edit costs what it changes, not the archive.

    A patch may cover part of the site: `hold` names top-level entries it leaves as they
    are (neither written nor removed: another patch brings them up to date), and `only`
    the one top-level folder it covers (files elsewhere are neither written nor removed).
    `listed`: every file the folder holds (outside the kept entries), when the caller knows
    it (a trusted folder, as the last build left it): stale files are then found from it
    rather than by walking the folder.
    """

    def __init__(
        self,
        out_dir: Path,
        keep: Sequence[str] = (),
        trusted: bool = False,
        hold: Sequence[str] = (),
        only: str | None = None,
        listed: Iterable[str] | None = None,
    ) -> None:
        super().__init__(out_dir, (*keep, *hold), "patch")
        self.trusted = trusted  # reuse() takes the folder's files as the last build left them
        self.only = only
        self.listed = listed if isinstance(listed, Collection) or listed is None else list(listed)
        # Written to `fresh`, in order: each under a number (no folders to make and remove).
        self.staged: dict[str, str] = {}
        self.removed: list[str] = []  # stale files commit() deleted
        self.checked: list[str] = []  # added with the bytes the folder held
        self._inside: dict[str, bool] = {}
        self._root = str(self.out)
        self._kept = frozenset(self.keep)
        self._kept_folders = tuple(f"{k}/" for k in self.keep)

    def path(self, rel: str) -> Path:
        """Where `rel` of the new site can be read now: staged, or in place if unchanged."""
        staged = self.staged.get(rel)
        return Path(staged) if staged is not None else self.out / rel

    def add(self, rel: str, data: bytes) -> None:
        """Stage one file of the new site unless the folder already holds these bytes."""
        path = _claim(self, rel)
        current = os.path.join(self._root, path)
        if self._holds(current) and _same_bytes(current, data):
            self.checked.append(path)
            return
        _write(self._stage(path), data)

    def adopt(self, rel: str, file: Path) -> None:
        """add() for a file already written beside the output: moved in, not rewritten."""
        path = _claim(self, rel)
        current = os.path.join(self._root, path)
        if self._holds(current) and _same_file(current, file):
            self.checked.append(path)
            file.unlink()
            return
        os.replace(file, self._stage(path))

    def touched(self) -> list[str]:
        """Every path whose file this patch wrote, or read to compare: after commit(), the
        only files whose size and time may differ from what they were before it (with
        `removed`, those now gone)."""
        return [MARKER, *self.staged, *self.checked]

    def _holds(self, current: str) -> bool:
        return self._inside_out(os.path.dirname(current)) and not os.path.islink(current)

    def _stage(self, path: str) -> str:
        """Where a changed file is staged; counted as changed."""
        dest = self.staged[path] = os.path.join(self.fresh, str(next(_STAGED)))
        self.changed += 1
        return dest

    def reuse(self, rel: str) -> bool:
        """Keep `rel` as the folder holds it; False if it is not a plain file there."""
        path = _safe_relpath(rel)
        if path in self.paths or _top(path) in self.keep:
            return False
        if self.trusted:
            self.paths.add(path)
            return True
        current = os.path.join(self._root, path)
        if not self._holds(current) or not os.path.isfile(current):
            return False
        self.paths.add(path)
        return True

    def reuse_all(self, rels: Sequence[str]) -> bool:
        """reuse() for every one of `rels` at once, in a trusted folder: True when all are
        kept as the folder holds them; False, keeping none, when any cannot be (or the
        folder is not trusted: ask reuse() for each)."""
        if not self.trusted:
            return False
        wanted = set(rels)
        for rel in wanted - _SAFE:  # the paths not let through before (a set difference in C)
            _safe_relpath(rel)
        if len(wanted) < len(rels) or not wanted.isdisjoint(self.paths):
            return False
        if not self.keep_free(wanted):
            return False
        self.paths |= wanted
        return True

    def keep_free(self, paths: Iterable[str]) -> bool:
        """Whether none of `paths` is inside a kept entry."""
        if not self.keep:
            return True
        paths = paths if isinstance(paths, (set, frozenset, list, tuple)) else list(paths)
        inside = itertools.repeat(self._kept_folders)
        # Both tests run in C: this is asked for the 20,000 files of 10,000 articles at once,
        # and for the pages of each of the ~800 entries a preview's edit takes as they were.
        return self._kept.isdisjoint(paths) and not any(map(str.startswith, paths, inside))

    def forget(self, rel: str) -> None:
        """Take back a file added or reused."""
        path = _safe_relpath(rel)
        self.paths.discard(path)
        if path in self.staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.staged.pop(path))
            self.changed -= 1

    def commit(self, wait: bool = True) -> int:
        """Rename the staged files into place and remove the stale ones; return how many
        files changed (written or removed)."""
        del wait  # nothing is left to delete in the background
        self.paths.add(MARKER)
        marker = os.path.join(self._root, MARKER)
        if not _same_bytes(marker, MARKER_TEXT):
            _write(marker, MARKER_TEXT)
        for path, staged in self.staged.items():
            target = os.path.join(self._root, path)
            folder = os.path.dirname(target)
            if not self._inside_out(folder):
                _replace_folder(Path(target), self.out)
                self._inside.clear()
            os.replace(staged, target)
        return self.changed + self._remove_stale()

    def _inside_out(self, folder: str) -> bool:
        """Whether `folder` is a real folder of the output (no symbolic link on the way)."""
        if folder == self._root:
            return True
        known = self._inside.get(folder)
        if known is None:
            known = (
                os.path.isdir(folder)
                and not os.path.islink(folder)
                and self._inside_out(os.path.dirname(folder))
            )
            self._inside[folder] = known
        return known

    def _remove_stale(self) -> int:
        """Delete every file of the folder the new site does not have (kept entries aside),
        and the folders that leaves empty; the paths removed are kept in `removed`."""
        wanted = self.paths
        emptied: set[str] = set()
        listed = self.listed
        if listed is not None:
            # A pass in C (no set made: most often none is stale), no look at each kept file.
            stale = () if wanted.issuperset(listed) else sorted(set(listed).difference(wanted))
            for rel in stale:
                if self._covers(rel):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(os.path.join(self._root, rel))
                    self.removed.append(rel)
                    emptied.add(os.path.dirname(os.path.join(self._root, rel)))
        else:
            self._walk_stale(wanted, emptied)
        for folder in sorted(emptied, key=len, reverse=True):
            while folder != self._root and folder.startswith(self._root):
                try:
                    os.rmdir(folder)  # only succeeds when empty
                except OSError:
                    break
                folder = os.path.dirname(folder)
        return len(self.removed)

    def _covers(self, rel: str) -> bool:
        top = _top(rel)
        return top not in self.keep and (self.only is None or top == self.only)

    def _walk_stale(self, wanted: set[str], emptied: set[str]) -> None:
        pending = [(self._root, "")]
        if self.only is not None:
            folder = os.path.join(self._root, self.only)
            pending = [(folder, self.only + "/")] if self._inside_out(folder) else []
        while pending:
            folder, prefix = pending.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if not prefix and entry.name in self.keep:
                        continue
                    rel = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, rel + "/"))
                    elif rel not in wanted:
                        os.unlink(entry.path)
                        self.removed.append(rel)
                        emptied.add(folder)


Writer = TreeWriter | PatchWriter  # how a build puts its files in the output folder


def _top(rel: str) -> str:
    """The top-level entry of relative path `rel`."""
    return rel.partition("/")[0]


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as file:
        file.write(data)


def _claim(writer: _Writer, rel: str) -> str:
    """`rel` as a new path of the writer's site: inside the output, not in a kept entry,
    and not added before."""
    path = _safe_relpath(rel)
    top = _top(path)
    if top in writer.keep:
        raise OutputError(error(rel, 0, f"a page would overwrite kept {sorted(writer.keep)}"))
    if writer.only is not None and top != writer.only:
        raise OutputError(error(rel, 0, f"this patch covers {writer.only}/ only"))
    if path in writer.paths:
        raise OutputError(error(rel, 0, "two output files have the same path"))
    writer.paths.add(path)
    return path


def _replace_folder(target: Path, out: Path) -> None:
    """Make every folder from `out` down to `target`'s a real folder: a symbolic link or a
    file standing where a folder of the site goes is removed (never followed)."""
    folder = out
    for part in target.relative_to(out).parts[:-1]:
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
        folder.mkdir(exist_ok=True)


def _carry_over(out: Path, fresh: Path, keep: Sequence[str]) -> None:
    """Move the kept entries of the previous tree into the new one (a rename each)."""
    for name in keep:
        if (out / name).exists() and not (out / name).is_symlink():
            os.rename(out / name, fresh / name)


def _swap(fresh: Path, out: Path) -> Path | None:
    """Put `fresh` where `out` is; returns where the previous tree now is (to be deleted)."""
    if not out.exists():
        os.rename(fresh, out)
        return None
    old = _sibling(out, f"old-{next(_OLD_TREES)}")
    if _exchange(fresh, out):
        os.rename(fresh, old)  # now holds the previous tree
        return old
    os.rename(out, old)
    os.rename(fresh, out)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where unsupported."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _same_bytes(path: str | Path, data: bytes) -> bool:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def _same_file(path: str | Path, other: Path) -> bool:
    """Whether `path` is a file holding the bytes of file `other`."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != other.stat().st_size:
            return False
        with open(path, "rb") as file:
            return file.read() == other.read_bytes()
    except OSError:
        return False


def _link(old: str, dest: str) -> bool:
    try:
        os.link(old, dest)
        return True
    except OSError:
        return False


def _sibling(out: Path, role: str) -> Path:
    """A fresh temporary folder beside `out` (same file system, so renames are atomic)."""
    path = out.parent / f".{out.name}-{role}-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    return path


# Per process: the paths _safe_relpath() let through (a preview asks again for the same
# paths every build: ~30,000 at 10,000 articles).
_SAFE: set[str] = set()
_SAFE_MOST = 1 << 20


def _safe_relpath(rel: str) -> str:
    """`rel` as a relative path that stays inside the output folder, or OutputError."""
    if rel in _SAFE:
        return rel
    bad = (
        not rel
        or "\\" in rel
        or "\0" in rel
        or rel.startswith("/")
        or _bad_part(rel.split("/"))
        or rel.rpartition("/")[2] == MARKER
    )
    if bad:
        raise OutputError(error(rel or "<empty path>", 0, "refusing to write outside the output"))
    if len(_SAFE) < _SAFE_MOST:
        _SAFE.add(rel)
    return rel


def _bad_part(parts: list[str]) -> bool:
    """Whether a path's parts hold an empty one, '.' or '..' (list lookups, run in C)."""
    return "" in parts or "." in parts or ".." in parts


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _refuse(out_dir: Path, why: str, hint: str = "") -> Diagnostic:
    return error(str(out_dir), 0, f"output folder {why}", hint)
