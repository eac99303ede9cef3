"""Hands the memory a process has freed back to the operating system."""

from __future__ import annotations

import ctypes
import sys


def release_free_memory() -> None:
    """Hand the memory this process has freed back to the operating system where the C
    library allows it (glibc's malloc_trim, over every thread's arena); else nothing. Large
    short-lived buffers (pages read, search records, Pagefind's answers, a pickler's memo),
    many made on other threads, stay with the process (its RSS) when freed unless trimmed."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        pass
