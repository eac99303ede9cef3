"""A Jinja environment whose templates escape a plain string they output in one call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
import markupsafe
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from markupsafe import Markup, escape

# MarkupSafe 3's escaping of a plain string (its C function, or its Python one where the C
# extension is not built); before 3, escape() itself (the same text, as Markup)
_escape_inner: Callable[[str], str] = getattr(markupsafe, "_escape_inner", escape)
escape_inner = _escape_inner  # for code that escapes plain strings itself (the highlighted body)


def escape_output(value: Any) -> Any:
    """What `{{ value }}` writes in an autoescaping template: a plain string escaped by
    MarkupSafe's own C function, as markupsafe.escape() does, but without wrapping it in
    Markup (two Python calls more per value: ~20% of the listing pages' rendering CPU), as
    nothing reads the value but the page's join; Markup as it is and an int as its digits
    (escape()'s text, without its look for __html__ and its copy of a whole highlighted
    paragraph); anything else (undefined names, other numbers) as markupsafe.escape() does."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:  # escaped already (the view's highlighted paragraphs): escape() would
        return value  # test for __html__ and copy the whole paragraph into a new Markup
    if kind is int:  # counts: escape() would look for __html__ first
        return str(value)
    return escape(value)


class _Generator(CodeGenerator):
    """Jinja's code generator, but an output expression of an autoescaping template calls
    escape_output() (as `environment.escape_output`) where Jinja's calls escape()."""

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        ctx = frame.eval_ctx
        if ctx.autoescape and not ctx.volatile and finalize.src is None:
            self.write("environment.escape_output(")
        else:
            super()._output_child_pre(node, frame, finalize)


class Environment(jinja2.Environment):
    """jinja2.Environment compiling with _Generator. Should a Jinja release rename the
    method it overrides, templates compile as Jinja's own (the same bytes, slower):
    tests/test_render.py checks that the generator still writes escape_output."""

    code_generator_class = _Generator
    escape_output = staticmethod(escape_output)
