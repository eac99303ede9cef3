"""A build's failures as located diagnostics: a template's, a write's, a data file's path."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from builder import knowledge as knowledge_stage
from builder.diagnostics import Diagnostic, error
from builder.write import output as write_stage

_PACKAGE = Path(__file__).resolve().parent


def relative_to_project(root: Path, diagnostic: Diagnostic) -> Diagnostic:
    """Name a data file by its path in the project (or in the package) rather than as an
    absolute path of this machine."""
    path = Path(diagnostic.path)
    for base in (root, knowledge_stage.BUILTIN_DATA.parent.parent):
        if path.is_absolute() and path.is_relative_to(base):
            return dataclasses.replace(diagnostic, path=path.relative_to(base).as_posix())
    return diagnostic


def template_diagnostic(exc: Exception, root: Path) -> Diagnostic:
    """A rendering failure as `templates/x.html:12: error: ...`, located in the template."""
    import jinja2

    path, line = _template_location(exc)
    for base in (root.resolve(), _PACKAGE.parent):
        if path and Path(path).resolve().is_relative_to(base):
            path = Path(path).resolve().relative_to(base).as_posix()
            break
    kind = "template error" if isinstance(exc, jinja2.TemplateError) else "render failed"
    return error(path or "templates", line, f"{kind}: {type(exc).__name__}: {exc}")


def _template_location(exc: Exception) -> tuple[str, int]:
    """Where `exc` happened: its own fields, else the innermost template frame, else the
    innermost frame of the builder's own code (a bug in a view, not in a template)."""
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if filename and lineno:
        return filename, lineno
    template, code = ("", 0), ("", 0)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt", ".j2", ".jinja")):
            template = (name, tb.tb_lineno)
        elif Path(name).is_relative_to(_PACKAGE):
            code = (name, tb.tb_lineno)
        tb = tb.tb_next
    return template if template[0] else code


def write_diagnostic(exc: Exception, out: Path) -> Diagnostic:
    """A failure to write the site into `out`: the writer's own diagnostic, or one naming it."""
    if isinstance(exc, write_stage.OutputError):
        return exc.diagnostic
    return error(str(out), 0, f"could not write the site: {exc}")
