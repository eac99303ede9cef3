"""Saved patterns (builder.incremental.patterns): loaded from their program, equal to them."""

from __future__ import annotations

import io
import pickle
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from builder.incremental import knowledge_cache, patterns

SAMPLES: tuple[re.Pattern[Any], ...] = (
    re.compile(r"(?P<who>\w+)\s+(?:said|told)\b(?=\s)", re.IGNORECASE),
    re.compile(r"(?x) \d{4} - \d{2}  # a month"),
    re.compile(rb"ab+c?"),
    re.compile(r"[А-Яа-я]+ (?:район|область)"),
)


def _saved(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = patterns.reducers()
    pickler.dump(value)
    return buffer.getvalue()


def test_a_saved_pattern_loads_equal_without_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _saved(SAMPLES)

    def refuse(*_: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(re._compiler, "compile", refuse)  # type: ignore[attr-defined]
    loaded: tuple[re.Pattern[Any], ...] = pickle.loads(data)
    for made, original in zip(loaded, SAMPLES, strict=True):
        assert made == original  # flags and program
        assert (made.pattern, made.flags, made.groups) == (
            original.pattern,
            original.flags,
            original.groups,
        )
        assert made.groupindex == original.groupindex
    found = loaded[0].search("Officials said so")
    assert found is not None and found.group("who") == "Officials"


def _engine(monkeypatch: pytest.MonkeyPatch, compile: Any) -> None:
    """patterns' engine (alone: re keeps the real one) with its private compile replaced."""
    real = patterns._sre
    monkeypatch.setattr(patterns, "_sre", SimpleNamespace(MAGIC=real.MAGIC, compile=compile))


def _refuse(*_: object) -> None:
    raise AssertionError("the engine was handed a program")


def test_a_program_for_another_engine_compiles_the_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made, program = patterns.reduce(SAMPLES[0])
    assert made is patterns.compiled
    _engine(monkeypatch, _refuse)
    assert patterns.compiled(program[0] + 1, *program[1:]) == SAMPLES[0]


def test_an_engine_whose_private_compile_changed_compiles_the_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Same MAGIC, but _sre.compile takes other arguments (or fails otherwise)."""
    data = _saved(SAMPLES)

    def changed(*_: object) -> None:
        raise TypeError("compile() takes 7 arguments")

    _engine(monkeypatch, changed)
    assert pickle.loads(data) == SAMPLES


@pytest.mark.parametrize("gone", ["_sre", "_parser", "_compiler"])
def test_a_python_without_the_engine_internals_saves_and_loads_the_source(
    monkeypatch: pytest.MonkeyPatch, gone: str
) -> None:
    """Where one of the private modules is missing (another Python), the module still loads,
    patterns are saved as their source (as pickle does) and load equal."""
    monkeypatch.setattr(patterns, gone, None)
    assert patterns._internal("re._no_such_module") is None
    assert all(patterns.reduce(p)[0] is re.compile for p in SAMPLES)
    assert pickle.loads(_saved(SAMPLES)) == SAMPLES


def test_a_compiler_whose_private_code_changed_saves_the_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(patterns, "_compiler", SimpleNamespace(_code=lambda *_: [0, 1, 2]))
    assert all(patterns.reduce(p)[0] is re.compile for p in SAMPLES)


def test_the_saved_knowledge_holds_programs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, key = tmp_path / "knowledge", "k" * 64
    knowledge_cache.write(path, key, {"cues": SAMPLES})
    assert knowledge_cache.saved_key(path) == key
    # Equal patterns load from their source too: what tells a program is that none compiles.
    compiled: list[object] = []
    compile_ = re._compiler.compile  # type: ignore[attr-defined]

    def spy(*args: object) -> object:
        compiled.append(args)
        return compile_(*args)

    monkeypatch.setattr(re._compiler, "compile", spy)  # type: ignore[attr-defined]
    re.purge()  # (else a pattern compiled before answers from re's cache)
    assert knowledge_cache.read(path, key) == {"cues": SAMPLES}
    monkeypatch.undo()
    assert not compiled
    assert knowledge_cache.read(path, "j" * 64) is None


def test_a_garbled_saved_knowledge_is_not_taken(tmp_path: Path) -> None:
    """One changed byte inside a saved pattern would match otherwise than its source."""
    path, key = tmp_path / "knowledge", "k" * 64
    knowledge_cache.write(path, key, {"cues": SAMPLES})
    data = path.read_bytes()
    source = max((p.pattern for p in SAMPLES), key=len).encode()
    assert data.count(source) == 1
    path.write_bytes(data.replace(source, source[:-1] + b"\x00"))
    assert knowledge_cache.read(path, key) is None
