"""A body a noun brings in ("the partisan legion X said") keeps its noun's kind, and is a body."""

from __future__ import annotations

import pytest

from tests.casefile import Case
from tests.claimcheck import annotate

TEXTS = [
    ("Shelling hit the town overnight. The partisan legion Vorona said it had destroyed two"
     " trucks. It wrote on a forum that its fighters had crossed the river.", "military"),
    ("Prices rose again in March. The research institute Navlyx said prices would keep"
     " rising. It said on its website that wages lagged behind.", "analyst"),
]


@pytest.mark.parametrize(("text", "kind"), TEXTS)
def test_the_noun_gives_the_kind_and_it_stands_for_the_body(text, kind):
    ann = annotate(Case("noun_body_kinds", 1, text, (), {}).document())
    [source] = ann.sources
    assert source.kind == kind
    assert [text[m.start:m.end] for m in source.mentions] == [source.name, "It"]
