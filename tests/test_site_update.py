"""Updating an assembled Site for edited articles gives exactly what assembling anew gives.

A preview updates the last Site after an edit (builder/assemble/site_update.py) instead of
assembling the archive again; every edit here is checked against a fresh assemble() of the same
articles.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from benchmarks import generate as gen
from builder.assemble.site import Site, assemble
from builder.assemble.site_update import update
from builder.build import process_seed
from builder.knowledge import Knowledge, load
from builder.model import Annotations, Document
from builder.read.seeds import SeedFile, read_seeds

ROOT = Path(__file__).resolve().parent.parent
Items = list[tuple[Document, Annotations]]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load(())[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, knowledge: Knowledge) -> list[SeedFile]:
    """The five seeds and forty synthetic articles recombined from them."""
    folder = tmp_path_factory.mktemp("corpus")
    files = gen.generate(gen.read_seed_texts(ROOT / "seeds"), 40, 11)
    gen.write_corpus(folder, files, ROOT)
    seeds, problems = read_seeds(folder / "seeds", folder)
    own, _ = read_seeds(ROOT / "seeds", ROOT)
    assert not problems
    return [*own, *seeds]


@pytest.fixture(scope="module")
def base(corpus: list[SeedFile], knowledge: Knowledge) -> tuple[Items, Site, tuple]:
    items = processed(corpus, knowledge)
    site, diagnostics = assemble(items, None, knowledge.gazetteer)  # type: ignore[arg-type]
    return items, site, diagnostics


def processed(seeds: list[SeedFile], knowledge: Knowledge) -> Items:
    done = [process_seed(seed, knowledge) for seed in seeds]
    return [(p.document, p.annotations) for p in done if p.document is not None]


def edited(seed: SeedFile, text: str | None) -> SeedFile:
    """The seed with `text` as a new last paragraph, or (None) without its last paragraph."""
    body = seed.data.decode("utf-8").rstrip("\n")
    data = body + "\n\n" + text + "\n" if text else body.rsplit("\n\n", 1)[0] + "\n"
    return dataclasses.replace(seed, data=data.encode("utf-8"))


NEW_SOURCE = "Hanna Kovalchuk, a teacher in the town, said the school had reopened."
EDITS = {
    # a sentence with no place, source or date: only the article itself changes
    "plain": "The rest of the report was not made public.",
    # places and a date the archive already has
    "date": "The talks were held on 24 February 2022 in Kyiv and Kharkiv.",
    # a new claim by a source (the source's record is folded anew: may assemble anew)
    "claim": 'Volodymyr Zelensky said: "Kyiv will stand." The shelling of Kharkiv went on.',
    # a place no article mentions: the places index gains an entry, so assemble anew
    "new place": "Residents of Zolotonosha said the night was quiet.",
    # the article's last paragraph goes
    "cut": None,
    # a person no article names: the sources index gains an entry
    "new source": NEW_SOURCE,
}
UPDATED = ("plain", "date", "new source")  # edits that must not need a fresh assemble


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("which", [0, 3, 17, 44])
def test_an_update_equals_a_fresh_assemble(
    corpus: list[SeedFile], knowledge: Knowledge, base: tuple, edit: str, which: int
) -> None:
    items, site, diagnostics = base
    changed = processed([edited(corpus[which], EDITS[edit])], knowledge)
    after = [changed[0] if d.source_file == changed[0][0].source_file else (d, a) for d, a in items]
    expected = assemble(after, None, knowledge.gazetteer)  # type: ignore[arg-type]
    got = update(site, diagnostics, changed)
    if got is None:
        assert edit not in UPDATED, "an edit inside one article updates the Site"
        return
    assert got[1] == expected[1]
    assert_same_site(got[0], expected[0])


def assert_same_site(got: Site, expected: Site) -> None:
    """Field by field, so that a failure names the index that differs."""
    assert [a.slug for a in got.articles] == [a.slug for a in expected.articles]
    assert got.articles == expected.articles
    for name in ("by_place", "by_source", "by_date"):
        ours, theirs = getattr(got, name), getattr(expected, name)
        assert len(ours) == len(theirs), name
        for a, b in zip(ours, theirs, strict=True):
            assert a == b, f"{name}: {a.__class__.__name__} differs"


def test_a_retitled_article_is_assembled_anew(knowledge: Knowledge, base: tuple) -> None:
    items, site, diagnostics = base
    document, annotations = items[0]
    retitled = dataclasses.replace(
        document, meta=dataclasses.replace(document.meta, title="A wholly different headline")
    )
    assert update(site, diagnostics, [(retitled, annotations)]) is None


def test_a_source_an_edit_adds_then_takes_away_is_updated_not_assembled(
    corpus: list[SeedFile], knowledge: Knowledge, base: tuple
) -> None:
    """An edit naming a source no article names gives it an entry (in its place among the
    sources); undoing the edit takes the entry away: each time the Site is updated, and it
    is what assembling anew gives."""
    items, site, diagnostics = base
    which = 17
    changed = processed([edited(corpus[which], NEW_SOURCE)], knowledge)
    after = [changed[0] if d.source_file == changed[0][0].source_file else (d, a) for d, a in items]
    expected = assemble(after, None, knowledge.gazetteer)  # type: ignore[arg-type]
    added = update(site, diagnostics, changed)
    assert added is not None
    assert_same_site(added[0], expected[0])
    new = added[0].source_ids() - site.source_ids()
    assert new and not site.source_ids() - added[0].source_ids()
    assert added[0].source_ids() == expected[0].source_ids()
    undone = update(added[0], added[1], processed([corpus[which]], knowledge))
    assert undone is not None
    assert_same_site(undone[0], site)
    assert undone[0].source_ids() == site.source_ids()
