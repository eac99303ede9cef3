"""Fragments: a macro's output made once per build for each set of arguments and link form."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context, Macro


class Fragments:
    """`{{ memo(macro, args...) }}` in a template: the macro's output for those arguments,
    rendered the first time a page of this build asks for it and reused by every later page
    whose links have the same form (see urls.Linker.form). Only for a macro whose output
    depends on nothing but its arguments (frozen views, compared by value) and the page's
    links: an article's line, listed on every page that names the article."""

    def __init__(self) -> None:
        self._made: dict[tuple[object, ...], Any] = {}

    @pass_context
    def memo(self, context: Context, macro: Macro, *args: object) -> Any:
        # The macro's code, not the macro: a template imported with context makes its macros
        # anew for every page; the code changes only when the template is compiled again.
        key = (macro._func.__code__, context["page"].link.form, args)
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = macro(*args)
        return found
