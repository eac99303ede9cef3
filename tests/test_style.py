"""Style: the code passes the linter (pyflakes and pycodestyle's rules, lines of 100 at most)
and the type checker, and no module binds one top-level name twice."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_code_passes_ruff() -> None:
    pytest.importorskip("ruff", reason="ruff is in the test extra: pip install -e '.[test]'")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_code_passes_mypy() -> None:
    """Every module outside pyproject.toml's not-yet-clean list type-checks: a None where a
    value is needed, a wrong argument or return type is caught before it runs."""
    pytest.importorskip("mypy", reason="mypy is in the test extra: pip install -e '.[test]'")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", os.devnull],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_module_assigns_a_top_level_name_twice() -> None:
    """A second `_PATTERN = re.compile(...)` in a module silently replaces the first for every
    function that uses it (it happened twice in the annotator: a guard that never matched
    again). Neither ruff nor mypy reports it when both values have the same type."""
    twice = []
    for path in sorted((ROOT / "builder").rglob("*.py")):
        seen: dict[str, int] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, ast.AnnAssign) and node.value else [])
            for target in targets:
                if isinstance(target, ast.Name):
                    if target.id in seen:
                        twice.append(f"{path.relative_to(ROOT)}:{node.lineno} {target.id} "
                                     f"(first at line {seen[target.id]})")
                    seen.setdefault(target.id, node.lineno)
    assert not twice, "\n".join(twice)
