"""Errors and warnings as values with a file:line location; only the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the input: `seeds/x.md:14: error: message (hint)`."""

    path: str
    line: int
    severity: str  # "error" | "warning"
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.severity}: {self.message}{hint}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, "error", message, hint)


def warning(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, "warning", message, hint)


class BuildFailed(Exception):
    """Raised by build() when errors forbid writing the site; carries the diagnostics."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]):
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics
