"""Shared pytest options and fixtures: `--update-golden` rewrites tests/golden/expected/ from
the renderer; `browser` is a headless Chromium for a module's browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden pages in tests/golden/expected/ instead of comparing them",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless system Chromium (skips when it or Playwright is missing), one per test module:
    Playwright's sync API keeps an event loop running while it is open, and the preview tests
    (livereload, tornado) need to run their own loop afterwards."""
    from tests.browser import chromium

    with chromium() as running:
        yield running


@pytest.fixture(autouse=True)
def _collector_unfrozen() -> Iterator[None]:
    """A test that runs the CLI's build in this process freezes what the build made for the
    garbage collector (builder/memory.keep_made), as the CLI's own process would, to its end:
    here that end is the test's, so later tests start with nothing frozen."""
    import gc

    yield
    gc.unfreeze()
