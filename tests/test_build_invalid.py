"""Bad inputs give `path:line: error: message`: one folder per case in tests/invalid/."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "invalid"
SHARED = ("site.yaml", "templates", "static")  # taken from the project unless the case has its own


@dataclass(frozen=True)
class Expected:
    exit: int
    written: bool
    messages: tuple[str, ...]


def expected(case: Path) -> Expected:
    exit_code, written, messages = 1, False, []
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("exit:"):
            exit_code = int(line.partition(":")[2])
        elif line.startswith("written:"):
            written = line.partition(":")[2].strip() == "yes"
        else:
            messages.append(line)
    return Expected(exit_code, written, tuple(messages))


def project_of(case: Path, tmp_path: Path) -> Path:
    """A throwaway project: the case's files, plus the real templates and static assets."""
    root = tmp_path / case.name
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("expected.txt"))
    for name in SHARED:
        source = ROOT / name
        if not (root / name).exists() and source.exists():
            copy = shutil.copytree if source.is_dir() else shutil.copy
            copy(source, root / name)
    return root


def seeds_hash(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "seeds").iterdir())}


CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "expected.txt").is_file())


def test_there_is_a_case_for_every_kind_of_bad_input() -> None:
    names = {p.name for p in CASE_DIRS}
    kinds = {
        "empty",
        "not-utf8",
        "binary",
        "broken-front-matter",
        "bad-site-yaml-key",
        "bad-sidecar",
    }
    assert kinds <= names


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_bad_input_is_reported_with_its_location(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    want = expected(case)
    root = project_of(case, tmp_path)
    before = seeds_hash(root)
    code = main(["build", "--root", str(root)])
    err = capsys.readouterr().err
    missing = [m for m in want.messages if m not in err]
    assert not missing, f"stderr was:\n{err}"
    assert code == want.exit, err
    assert (root / "site" / "index.html").is_file() == want.written, err
    assert seeds_hash(root) == before


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_strict_build_of_bad_input_writes_nothing(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project_of(case, tmp_path)
    code = main(["build", "--root", str(root), "--strict"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert not (root / "site").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [case.name]
