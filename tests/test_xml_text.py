"""builder.render.xml_text escapes as xml.sax.saxutils does."""

from __future__ import annotations

import random
from xml.sax import saxutils

from builder.render import xml_text

PIECES = ("&", "<", ">", '"', "'", "\n", "\r", "\t", "&amp;", "a", " ", "é", "Київ", "]]>")


def test_escape_and_quoteattr_are_saxutils() -> None:
    draw = random.Random(13)
    samples = ["", *PIECES]
    samples += ["".join(draw.choices(PIECES, k=draw.randint(1, 12))) for _ in range(2000)]
    for text in samples:
        assert xml_text.escape(text) == saxutils.escape(text)
        assert xml_text.quoteattr(text) == saxutils.quoteattr(text)
