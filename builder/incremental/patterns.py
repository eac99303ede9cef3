"""Compiled regular expressions pickled with their program, so a new process skips compiling.

Pickle saves a re.Pattern as its source and flags, and loading compiles it again: the parser
and compiler of `re` are Python, ~1 ms a pattern, ~0.2 s for the saved knowledge's 140. Here
a pattern is saved with the program `re` compiled it to, and loading hands that program to
the C engine (`_sre.compile`, as `re` itself does last). A program is only taken under the
engine version (`_sre.MAGIC`) it was made for, and only kept when the pattern it makes is equal
to the original (patterns compare by flags and program); otherwise the source is compiled.
"""

from __future__ import annotations

import copyreg
import importlib
import re
import sys
from collections.abc import Callable
from typing import Any


def _internal(name: str) -> Any:
    """One of the engine's private modules, or None where this Python has none of the name."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


_sre: Any = _internal("_sre")
_parser: Any = _internal("re._parser")
_compiler: Any = _internal("re._compiler")


def compiler_version() -> str:
    """What saved programs are keyed by besides the code: the engine's version and this
    Python's whole version (`re`'s compiler is Python code a patch release may change while
    the engine's MAGIC stays, so a program saved under another would differ from compiling)."""
    return f"{getattr(_sre, 'MAGIC', '')} {sys.version}"


def reducers() -> dict[type, Callable[[Any], Any]]:
    """A pickler dispatch table: copyreg's, with patterns saved with their program."""
    return {**copyreg.dispatch_table, re.Pattern: reduce}


def reduce(pattern: re.Pattern[Any]) -> tuple[Any, ...]:
    """How a pattern is pickled: its program when it makes the same pattern, else its source."""
    program = _program(pattern)
    if program is None:
        return re.compile, (pattern.pattern, pattern.flags)
    return compiled, program


def compiled(
    magic: int,
    source: Any,
    flags: int,
    code: list[int],
    groups: int,
    groupindex: dict[str, int],
    indexgroup: tuple[str | None, ...],
) -> re.Pattern[Any]:
    """The pattern of a saved program (compiled from its source under another engine)."""
    if _sre is not None and magic == getattr(_sre, "MAGIC", None):
        try:
            made: re.Pattern[Any] = _sre.compile(
                source, flags, code, groups, groupindex, indexgroup
            )
            return made
        except Exception:  # noqa: BLE001 - the engine's private call changed: compile
            pass
    return re.compile(source, flags)


def _program(pattern: re.Pattern[Any]) -> tuple[Any, ...] | None:
    """The arguments `compiled` makes `pattern` again from, or None (it would not)."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        code = _compiler._code(parsed, pattern.flags)
        state = parsed.state
        indexgroup: list[str | None] = [None] * state.groups
        for name, n in state.groupdict.items():
            indexgroup[n] = name
        program = (
            _sre.MAGIC,
            pattern.pattern,
            pattern.flags | state.flags,
            [int(c) for c in code],  # plain ints: the compiler names its opcodes
            state.groups - 1,
            dict(state.groupdict),
            tuple(indexgroup),
        )
        if _sre.compile(*program[1:]) != pattern:  # made by the engine, not compiled again
            return None
    except Exception:  # noqa: BLE001 - another engine's internals: save the source instead
        return None
    return program
