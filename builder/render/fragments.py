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
        # By the code's identity, not its value: two macros of the same text in two templates
        # have equal code whatever they import. The code is held with the output, so its id
        # is not another's while the memo lasts.
        self._made: dict[tuple[object, ...], tuple[object, Any]] = {}

    @pass_context
    def memo(self, context: Context, macro: Macro, *args: object) -> Any:
        code = macro_code(macro)
        if code is None:
            return macro(*args)
        key = (id(code), current_page(context).link.form, args)
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = (code, macro(*args))
        return found[1]


def macro_code(macro: Macro) -> object | None:
    """What names one macro of one compiled template: its function's code. A template
    imported with context makes its macros anew for every page, so the Macro object does not
    name it, and Jinja's public API names no macro's template: its function is `_func`, an
    attribute of Jinja's own (3.0-3.1). Should Jinja drop it, nothing is remembered: every
    call renders (slower, the same bytes). tests/test_render.py checks both that the memo
    still finds a macro's output and that it tells two macros of one name apart, so a Jinja
    release that changes this fails there rather than in a site."""
    function = getattr(macro, "_func", None)
    return getattr(function, "__code__", None)


def current_page(context: Context) -> Any:
    """context["page"] without Context's two calls (asked ~250,000 times at 2,000 articles,
    by every link and memo()): the page is a variable the render was given, unless a
    template set one of its own."""
    found = context.vars
    return found["page"] if "page" in found else context.parent["page"]
