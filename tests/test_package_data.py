"""A non-editable install carries every knowledge file: each file in builder/data/ matches a
package-data pattern of pyproject.toml, so `pip install .` (not only `pip install -e .`) builds."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_knowledge_file_is_package_data() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["builder"]
    data = ROOT / "builder" / "data"
    files = [p.relative_to(ROOT / "builder").as_posix() for p in data.rglob("*") if p.is_file()]
    assert files
    left_out = [f for f in files if not any(fnmatch.fnmatch(f, p) for p in patterns)]
    assert not left_out, f"not in pyproject.toml's package-data, so not in a wheel: {left_out}"
