"""Article pages rendered by the worker processes that annotate them are the pages a serial
build renders, byte for byte; and the build takes them instead of rendering them again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks import generate as gen
from builder import process
from builder.incremental import results
from builder.build import BuildOptions, build
from builder.read.config import load_config
from builder.render import views

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seeds and thirty synthetic articles, with the project's templates and static."""
    root = tmp_path / "corpus"
    gen.write_corpus(root, gen.generate(gen.read_seed_texts(ROOT / "seeds"), 30, 5), ROOT)
    for seed in (ROOT / "seeds").iterdir():
        shutil.copy(seed, root / "seeds" / seed.name)
    return root


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != ".cache"
    }


def test_worker_rendered_article_pages_equal_the_serial_build(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, problems = load_config(corpus / "site.yaml")
    assert not problems
    serial = build(BuildOptions(root=corpus, config=config, out_dir=corpus / "one", jobs=1))
    drawn: list[str] = []  # article views built in this process (workers count in their own)
    real = views.article_view

    def article_view(article, *args):  # type: ignore[no-untyped-def]
        drawn.append(article.slug)
        return real(article, *args)

    monkeypatch.setattr(views, "article_view", article_view)
    monkeypatch.setattr(process, "PARALLEL_MIN_SEEDS", 2)
    monkeypatch.setattr(results, "_processed_memo", {})
    parallel = build(BuildOptions(root=corpus, config=config, out_dir=corpus / "two", jobs=2))
    assert serial.written and parallel.written and parallel.articles == serial.articles == 35
    assert len(drawn) < parallel.articles / 2, "the workers rendered the article pages"
    assert site_files(corpus / "two") == site_files(corpus / "one"), "search bundle too"
    assert not list(corpus.glob(".*pages*")), "no scratch folder is left beside the output"
