"""Compiled templates saved under the cache: a new process takes them instead of compiling,
and a template whose source changed, or a damaged file, is compiled from its source."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment

from builder.render import pages, template_cache

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    monkeypatch.setattr(pages, "_environments", {})
    return folder


def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The names of the templates Jinja compiles from now on."""
    names: list[str | None] = []
    original = Environment.compile

    def counting(self: Environment, source: Any, name: str | None = None, *a: Any) -> Any:
        names.append(name)
        return original(self, source, name, *a)

    monkeypatch.setattr(Environment, "compile", counting)
    return names


def new_process() -> None:
    pages._environments.clear()


def compiled_in_a_new_process(
    templates: Path, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str | None]:
    """The templates a new process compiles when it takes `saved` and renders every page
    template of `templates`."""
    new_process()
    names = compiled(monkeypatch)
    template_cache.use(templates, saved)
    for name in pages.environment(templates).list_templates(extensions=("html",)):
        pages.environment(templates).get_template(name)
    return names


def test_a_new_process_takes_every_template_compiled(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "cache" / "templates"
    template_cache.use(templates, saved)
    pages.environment(templates).get_template("base.html")
    template_cache.save(templates, saved)  # the others are compiled for it
    assert saved.is_file()
    assert compiled_in_a_new_process(templates, saved, monkeypatch) == []


def test_a_changed_template_is_compiled_again(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "templates.bin"
    source = "{% if x %}first {{ x }}{% endif %}\n"
    (templates / "probe.html").write_text(source, encoding="utf-8")
    template_cache.use(templates, saved)
    assert pages.environment(templates).get_template("probe.html").render(x=1) == "first 1"
    template_cache.save(templates, saved)
    (templates / "probe.html").write_text(source.replace("first", "second"), encoding="utf-8")
    new_process()
    names = compiled(monkeypatch)
    template_cache.use(templates, saved)
    assert pages.environment(templates).get_template("probe.html").render(x=1) == "second 1"
    assert names == ["probe.html"]


@pytest.mark.parametrize("damage", [b"", b"garbage", template_cache.MAGIC + b"0" * 64 + b"\x00"])
def test_a_damaged_or_foreign_file_means_compiling(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    saved = tmp_path / "templates.bin"
    saved.write_bytes(damage)
    names = compiled(monkeypatch)
    template_cache.use(templates, saved)
    assert pages.environment(templates).get_template("base.html") is not None
    assert names == ["base.html"]
    template_cache.save(templates, saved)
    assert saved.read_bytes().startswith(template_cache.MAGIC + template_cache.key().encode())


def test_a_garbled_file_is_compiled_from_source_and_written_again(
    templates: Path, tmp_path: Path
) -> None:
    """One changed byte inside a saved template's code would render other words."""
    saved = tmp_path / "templates.bin"
    (templates / "probe.html").write_text("{% if x %}first {{ x }}{% endif %}\n", "utf-8")
    template_cache.use(templates, saved)
    pages.environment(templates).get_template("probe.html")
    template_cache.save(templates, saved)
    data = saved.read_bytes()
    assert data.count(b"first ") == 1
    saved.write_bytes(data.replace(b"first ", b"fiRst "))
    new_process()
    template_cache.use(templates, saved)
    assert pages.environment(templates).get_template("probe.html").render(x=1) == "first 1"
    template_cache.save(templates, saved)
    assert saved.read_bytes() == data


def test_a_process_reads_a_file_once(templates: Path, tmp_path: Path) -> None:
    """A preview's next builds keep the cache they filled, what they compiled included."""
    saved = tmp_path / "templates.bin"
    template_cache.use(templates, saved)
    held = pages.environment(templates).bytecode_cache
    template_cache.use(templates, saved)
    assert pages.environment(templates).bytecode_cache is held


def compiled_saved_and_moved(templates: Path, tmp_path: Path, name: str) -> tuple[Path, Path]:
    """Compile `name`, save the compiled templates, and copy the project's templates elsewhere:
    the saved file and the moved templates folder."""
    saved = tmp_path / "templates.bin"
    template_cache.use(templates, saved)
    pages.environment(templates).get_template(name)
    template_cache.save(templates, saved)
    moved = tmp_path / "moved" / "templates"
    shutil.copytree(templates, moved)
    return saved, moved


def test_a_moved_project_takes_its_compiled_templates(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The saved templates are keyed by each template's name, not its absolute path."""
    saved, moved = compiled_saved_and_moved(templates, tmp_path, "base.html")
    assert compiled_in_a_new_process(moved, saved, monkeypatch) == []


def test_a_moved_projects_failure_names_its_own_template(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code compiled in the project before it moved is named by the template's path now: a
    failure while rendering is located in the moved project's file, at its line."""
    from builder.failures import template_diagnostic

    (templates / "failing.html").write_text("<p>\n{{ fail() }}\n", encoding="utf-8")
    saved, moved = compiled_saved_and_moved(templates, tmp_path, "failing.html")
    new_process()
    names = compiled(monkeypatch)
    template_cache.use(moved, saved)

    def fail() -> None:
        raise ValueError("no such page")

    with pytest.raises(ValueError) as raised:
        pages.environment(moved).get_template("failing.html").render(fail=fail)
    assert names == []
    found = template_diagnostic(raised.value, moved.parent)
    assert (found.path, found.line) == ("templates/failing.html", 2)
