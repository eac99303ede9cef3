"""The only module that writes the output folder: build aside, then swap atomically."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from builder.diagnostics import Diagnostic, error

# A file every output folder we make holds; a non-empty folder without it is not ours.
MARKER = ".newsarchive-build"
MARKER_TEXT = b"Made by newsarchive (python -m builder build); replaced on every build.\n"


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
    out = out_dir.resolve()
    targets = {_safe_relpath(rel): data for rel, data in files.items()}
    if any(rel.parts[0] in keep for rel in targets):
        raise OutputError(error(str(out_dir), 0, f"a page would overwrite kept {sorted(keep)}"))
    targets[PurePosixPath(MARKER)] = MARKER_TEXT
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = _sibling(out, "new")
    try:
        changed = _fill(fresh, targets, out if out.is_dir() else None)
        _carry_over(out, fresh, keep)
        _swap(fresh, out)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return changed


def _fill(fresh: Path, targets: Mapping[PurePosixPath, bytes], previous: Path | None) -> int:
    """Write every target under `fresh`, reusing identical files of `previous`."""
    fresh.mkdir()
    changed = 0
    for rel in sorted(targets):
        dest = fresh.joinpath(*rel.parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        old = previous.joinpath(*rel.parts) if previous else None
        if old is not None and _same_bytes(old, targets[rel]) and _link(old, dest):
            continue
        dest.write_bytes(targets[rel])
        changed += 1
    return changed


def _carry_over(out: Path, fresh: Path, keep: Sequence[str]) -> None:
    """Move the kept entries of the previous tree into the new one (a rename each)."""
    for name in keep:
        if (out / name).exists() and not (out / name).is_symlink():
            os.rename(out / name, fresh / name)


def _swap(fresh: Path, out: Path) -> None:
    """Put `fresh` where `out` is; the previous tree, if any, is deleted afterwards."""
    if not out.exists():
        os.rename(fresh, out)
        return
    if _exchange(fresh, out):
        shutil.rmtree(fresh)  # now holds the previous tree
        return
    aside = _sibling(out, "old")
    os.rename(out, aside)
    os.rename(fresh, out)
    shutil.rmtree(aside)


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


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link(old: Path, dest: Path) -> bool:
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


def _safe_relpath(rel: str) -> PurePosixPath:
    """`rel` as a relative path that stays inside the output folder, or OutputError."""
    path = PurePosixPath(rel)
    bad = (
        not rel
        or "\\" in rel
        or "\0" in rel
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in rel.split("/"))
        or path.name == MARKER
    )
    if bad:
        raise OutputError(error(rel or "<empty path>", 0, "refusing to write outside the output"))
    return path


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _refuse(out_dir: Path, why: str, hint: str = "") -> Diagnostic:
    return error(str(out_dir), 0, f"output folder {why}", hint)
