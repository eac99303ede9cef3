"""Saved patterns (builder.incremental.patterns): loaded from their program, equal to them."""

from __future__ import annotations

import io
import pickle
import re
from pathlib import Path
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


def test_a_program_for_another_engine_compiles_the_source() -> None:
    made, program = patterns.reduce(SAMPLES[0])
    assert made is patterns.compiled
    assert patterns.compiled(program[0] + 1, *program[1:]) == SAMPLES[0]


def test_the_saved_knowledge_holds_programs(tmp_path: Path) -> None:
    path, key = tmp_path / "knowledge", "k" * 64
    knowledge_cache.write(path, key, {"cues": SAMPLES})
    assert knowledge_cache.saved_key(path) == key
    assert knowledge_cache.read(path, key) == {"cues": SAMPLES}
    assert knowledge_cache.read(path, "j" * 64) is None
