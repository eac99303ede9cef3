"""Golden pages: the rendered fixture archive, byte for byte.

After an intended change, run `pytest tests/test_render_golden.py --update-golden`, then
review `git diff tests/golden/expected/` before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.render_helpers import fixture_files

EXPECTED = Path(__file__).resolve().parent / "golden" / "expected"


def test_golden_pages(update_golden: bool) -> None:
    files = fixture_files()
    if update_golden:
        for old in EXPECTED.rglob("*"):
            if old.is_file() and old.relative_to(EXPECTED).as_posix() not in files:
                old.unlink()
        for path, content in files.items():
            target = EXPECTED / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        pytest.skip("golden pages rewritten; review the diff")
    stored = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()}
    assert stored == set(files), "pages added or removed: run with --update-golden"
    for path, content in files.items():
        expected = (EXPECTED / path).read_bytes()
        assert content.decode("utf-8") == expected.decode("utf-8"), f"{path} differs"
