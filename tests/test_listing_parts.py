"""A listing page made of the same objects as last time is the same page: the preview takes
such pages without building their views (views.LazyView.parts). An edit to one article in a
long listing builds only the page that holds it, and every page taken is the page a full
render of the edited site makes."""

from __future__ import annotations

import dataclasses

from builder import render
from builder.build import _same_parts
from builder.site import assemble
from builder.site_update import update
from tests.render_helpers import TEMPLATES
from tests.test_pagination import ARTICLES, CONFIG, _item


class Recorder:
    """Groups for render.iter_site: remembers each listing page's parts; with `last`, takes
    the pages whose parts are the same as there."""

    def __init__(self, last: dict[str, tuple[object, ...]] | None = None) -> None:
        self.last = last or {}
        self.parts: dict[str, tuple[object, ...]] = {}
        self.built: list[str] = []

    def take(self, entry: object) -> bool:
        return False

    def made(self, entry: object, pages: list[str]) -> None:
        pass

    def take_page(self, rel: str, parts: tuple[object, ...]) -> bool:
        self.parts[rel] = parts
        return rel in self.last and _same_parts(self.last[rel], parts)

    def made_page(self, rel: str, parts: tuple[object, ...]) -> None:
        self.built.append(rel)


def test_an_edit_builds_only_the_listing_pages_that_hold_it() -> None:
    items = [_item(i) for i in range(ARTICLES)]
    site, diagnostics = assemble(items, CONFIG, None)
    first = Recorder()
    before = dict(render.iter_site(site, CONFIG, TEMPLATES, groups=first))
    document, annotations = items[100]
    retold = dataclasses.replace(annotations.claims[0], kind="quote")
    edited = (document, dataclasses.replace(annotations, claims=(retold,)))
    updated = update(site, diagnostics, [edited])
    assert updated is not None
    second = Recorder(first.parts)
    after = dict(render.iter_site(updated[0], CONFIG, TEMPLATES, groups=second))
    full = dict(render.iter_site(updated[0], CONFIG, TEMPLATES))
    kyiv = [rel for rel in first.parts if rel.startswith("places/kyiv/")]
    assert len(kyiv) > 2
    assert [rel for rel in second.built if rel.startswith("places/kyiv/")] == [
        rel for rel in kyiv if rel in after and after[rel] != before[rel]
    ]
    assert len([rel for rel in second.built if rel.startswith("places/kyiv/")]) == 1
    for rel, data in full.items():
        assert after.get(rel, before.get(rel)) == data, rel
