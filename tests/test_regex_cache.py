"""The builder's module-level patterns saved with their program: a new process's
`re.compile` of the same source and flags takes them from `re`'s cache, equal to a compiled
one; a damaged or foreign file puts nothing there."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from builder.incremental import regex_cache


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "patterns"
    regex_cache.save(path)
    return path


def test_the_annotators_patterns_are_taken_without_compiling(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = regex_cache.held()
    assert len(held) > 300, "every module of the annotator is imported before saving"
    calls = [(pattern, regex_cache.calls(pattern)) for pattern in held]
    re.purge()  # as in a new process
    assert regex_cache.prefill(saved) >= len(held)
    compiled: list[str] = []
    original = re._compiler.compile  # type: ignore[attr-defined]

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        made: re.Pattern[str] = original(pattern, flags)
        return made

    monkeypatch.setattr(re._compiler, "compile", counting)  # type: ignore[attr-defined]
    for pattern, flags in calls:
        assert flags, pattern.pattern
        for f in flags:
            assert re.compile(pattern.pattern, f) == pattern
    assert compiled == []


def test_flags_are_those_a_call_could_pass() -> None:
    assert 0 in regex_cache.calls(re.compile("(?i)said"))
    assert re.I in regex_cache.calls(re.compile("said", re.I))
    assert 0 not in regex_cache.calls(re.compile("said", re.I))
    assert re.X in regex_cache.calls(re.compile("a b  # two", re.X))


@pytest.mark.parametrize("damage", [b"", b"garbage", regex_cache.MAGIC + b"0" * 64 + b"\x80"])
def test_a_damaged_or_foreign_file_puts_nothing(tmp_path: Path, damage: bytes) -> None:
    path = tmp_path / "patterns"
    path.write_bytes(damage)
    assert regex_cache.prefill(path) == 0
    assert regex_cache.prefill(tmp_path / "missing") == 0


def test_a_cut_file_puts_nothing(saved: Path) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    re.purge()
    assert regex_cache.prefill(saved) == 0


def test_a_garbled_file_puts_nothing_and_is_written_again(saved: Path) -> None:
    """One changed byte inside a saved pattern would match otherwise than its source."""
    data = saved.read_bytes()
    source = max((p.pattern for p in regex_cache.held()), key=len).encode()
    assert source in data
    saved.write_bytes(data.replace(source, source[:-1] + b"\x00"))
    re.purge()
    assert regex_cache.prefill(saved) == 0
    regex_cache.save(saved)
    assert saved.read_bytes() == data


def test_a_file_of_another_python_release_puts_nothing(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`re`'s compiler may change in a patch release while the engine's MAGIC stays."""
    monkeypatch.setattr(sys, "version", sys.version + " (another patch release)")
    re.purge()
    assert regex_cache.prefill(saved) == 0


def test_a_file_holding_them_is_not_written_again(saved: Path) -> None:
    before = saved.stat().st_mtime_ns
    regex_cache.save(saved)
    assert saved.stat().st_mtime_ns == before


def test_a_process_takes_a_file_once(saved: Path) -> None:
    """A preview's next builds do not read the file again (~3.5 ms each)."""
    re.purge()
    assert regex_cache.prefill(saved) > 0
    re.purge()
    assert regex_cache.prefill(saved) == 0
