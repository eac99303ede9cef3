"""The article cache: hits and misses, keys that follow every input, corruption, pruning."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from builder.incremental.cache import (
    ArticleCache,
    article_key,
    code_fingerprint,
    dumps,
    fingerprint_knowledge,
    knowledge_files,
)
from builder.diagnostics import error
from builder.model import (
    Annotations,
    Claim,
    Document,
    Meta,
    Paragraph,
    Published,
    Source,
    Span,
)

TEXT = "Hanna Maliar said the city was retaken."


def sample_result() -> tuple[Document, Annotations]:
    doc = Document(
        source_file="seeds/a.txt",
        meta=Meta(title="A title", outlet="The Sun", published=dt.date(2022, 9, 10)),
        paragraphs=(Paragraph(text=TEXT, line=3),),
    )
    claim = Claim(
        id="c1",
        span=Span(18, 38, TEXT[18:38]),
        kind="reported",
        source="hanna-maliar",
        source_mention=Span(0, 12, "Hanna Maliar"),
    )
    source = Source(
        id="hanna-maliar",
        name="Hanna Maliar",
        kind="official",
        affiliation="Ukraine",
        mentions=(Span(0, 12, "Hanna Maliar"),),
    )
    published = Published(date=dt.date(2022, 9, 10), inferred=False)
    return doc, Annotations(claims=(claim,), sources=(source,), published=published)


def key(**changes: object) -> str:
    parts: dict[str, object] = {
        "code": "code-v1",
        "knowledge": "knowledge-v1",
        "source_file": "seeds/a.txt",
        "seed": b"Title\n\nBody.\n",
        "sidecar": None,
    }
    parts.update(changes)
    return article_key(**parts)  # type: ignore[arg-type]


def entry_path(root: Path, k: str) -> Path:
    return root / k[:2] / k


# --- hits and misses ------------------------------------------------------------------------


def test_miss_then_hit_returns_an_equal_value(tmp_path: Path) -> None:
    cache: ArticleCache[tuple[Document, Annotations]] = ArticleCache(tmp_path / "c")
    k = key()
    assert cache.get(k) is None
    cache.put(k, sample_result())
    assert cache.get(k) == sample_result()
    assert (cache.hits, cache.misses) == (1, 1)


def test_a_new_cache_object_reads_what_an_earlier_build_stored(tmp_path: Path) -> None:
    ArticleCache(tmp_path).put(key(), sample_result())
    again: ArticleCache[tuple[Document, Annotations]] = ArticleCache(tmp_path)
    assert again.get(key()) == sample_result()


def test_put_replaces_an_existing_entry(tmp_path: Path) -> None:
    cache: ArticleCache[str] = ArticleCache(tmp_path)
    cache.put(key(), "old")
    cache.put(key(), "new")
    assert cache.get(key()) == "new"
    assert [p.name for p in (tmp_path / key()[:2]).iterdir()] == [key()]  # no temp file left


def test_a_malformed_key_is_refused_not_used_as_a_path(tmp_path: Path) -> None:
    cache: ArticleCache[str] = ArticleCache(tmp_path)
    with pytest.raises(ValueError):
        cache.get("../../etc/passwd")


@dataclass(frozen=True, slots=True)
class Derived:
    """A dataclass whose constructor does not take every field (pickled the default way)."""

    value: int
    double: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "double", self.value * 2)


@dataclass(frozen=True, slots=True)
class Single:
    only: tuple[str, ...]


def test_serialisation_round_trips_every_kind_of_value() -> None:
    values = [
        sample_result(),
        (Derived(4), Single(("x",)), error("seeds/a.txt", 3, "broken front matter")),
        {"plain": [1, 2.5, None, b"bytes"], "date": dt.date(2023, 1, 2)},
    ]
    for value in values:
        assert pickle.loads(dumps(value)) == value
    assert pickle.loads(dumps(Derived(4))).double == 8


# --- keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"code": "code-v2"},
        {"knowledge": "knowledge-v2"},
        {"source_file": "seeds/b.txt"},
        {"seed": b"Title\n\nBody!\n"},
        {"sidecar": b""},
        {"sidecar": b"title: Other\n"},
    ],
)
def test_the_key_changes_when_any_input_changes(change: dict[str, object]) -> None:
    assert key(**change) != key()


def test_the_key_is_stable_and_hex() -> None:
    assert key() == key()
    assert len(key()) == 64 and int(key(), 16) >= 0


def test_field_boundaries_cannot_be_shifted_to_forge_a_key() -> None:
    assert key(seed=b"ab", sidecar=b"c") != key(seed=b"a", sidecar=b"bc")


def test_knowledge_fingerprint_follows_bytes_names_and_load_order(tmp_path: Path) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    builtin.mkdir()
    user.mkdir()
    (builtin / "places.yaml").write_text("kyiv: {}\n")
    (builtin / "sources.yaml").write_text("tass: {}\n")
    (builtin / "notes.txt").write_text("not data\n")
    (user / "places.yaml").write_text("lviv: {}\n")
    files = knowledge_files((builtin, user))
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "builtin/places.yaml",
        "builtin/sources.yaml",
        "user/places.yaml",
    ]
    before = fingerprint_knowledge(files)
    assert fingerprint_knowledge(files) == before
    assert fingerprint_knowledge(tuple(reversed(files))) != before
    (user / "places.yaml").write_text("lviv: {kind: city}\n")
    assert fingerprint_knowledge(files) != before


def test_knowledge_files_skips_a_missing_folder(tmp_path: Path) -> None:
    assert knowledge_files((tmp_path / "absent",)) == ()


def test_code_fingerprint_follows_the_package_source(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "b.py").write_text("y = 2\n")
    before = code_fingerprint(package)
    (package / "sub" / "b.py").write_text("y = 3\n")
    code_fingerprint.cache_clear()
    assert code_fingerprint(package) != before
    assert len(code_fingerprint()) == 64  # the real builder package


# --- corruption -----------------------------------------------------------------------------


FLIPPED = lambda data: data[:-1] + bytes([data[-1] ^ 0xFF])  # noqa: E731 - same size
DAMAGE = [
    lambda data: b"",
    lambda data: data[:20],  # truncated inside the header
    lambda data: data[:-5],  # truncated payload
    FLIPPED,  # one flipped byte
    lambda data: b"GARBAGE!" + data[8:],  # wrong magic
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_entry_is_a_miss_not_a_crash(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache: ArticleCache[tuple[Document, Annotations]] = ArticleCache(tmp_path)
    cache.put(key(), sample_result())
    path = entry_path(tmp_path, key())
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get(key()) is None
    cache.put(key(), sample_result())  # and the next build repairs it
    assert cache.get(key()) == sample_result()


def test_an_entry_that_is_a_folder_is_a_miss(tmp_path: Path) -> None:
    cache: ArticleCache[str] = ArticleCache(tmp_path)
    entry_path(tmp_path, key()).mkdir(parents=True)
    assert cache.get(key()) is None


# --- summaries --------------------------------------------------------------------------------


def with_summary(root: Path) -> ArticleCache[str]:
    cache: ArticleCache[str] = ArticleCache(root)
    cache.put_payload(key(), dumps("whole value " * 100), dumps("brief"))
    return cache


def test_a_summary_is_read_without_reading_its_whole_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold start asks every article's summary: it costs the summary and the entry's header,
    not the entry's payload read and checksummed."""
    cache = with_summary(tmp_path)
    whole = entry_path(tmp_path, key())
    read: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real(self))
    assert ArticleCache(tmp_path).get_summary(key()) == "brief"
    assert whole not in read and read  # the summary itself was read, and checked
    assert cache.get(key()) == "whole value " * 100


@pytest.mark.parametrize("damage", [d for d in DAMAGE if d is not FLIPPED])
def test_no_summary_while_its_entry_is_damaged(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache = with_summary(tmp_path)
    path = entry_path(tmp_path, key())
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get_summary(key()) is None and cache.get(key()) is None


def test_no_summary_when_its_entry_is_missing_or_another_value(tmp_path: Path) -> None:
    cache = with_summary(tmp_path)
    entry_path(tmp_path, key()).unlink()
    assert cache.get_summary(key()) is None
    cache.put_payload(key(), dumps("whole value " * 100), dumps("brief"))
    cache.put(key(), "other value " * 100)  # same size, other digest: not the summary's entry
    assert cache.get_summary(key()) is None and cache.get(key()) == "other value " * 100


def test_an_entry_damaged_within_its_size_is_still_never_used(tmp_path: Path) -> None:
    """Not seen by the summary's cheap check, but get() checks the payload's digest before
    unpickling it: the whole value, when asked, is a miss, never the damaged bytes."""
    cache = with_summary(tmp_path)
    path = entry_path(tmp_path, key())
    path.write_bytes(FLIPPED(path.read_bytes()))
    assert cache.get_summary(key()) == "brief"
    assert cache.get(key()) is None


def test_a_damaged_summary_is_none_and_its_entry_still_whole(tmp_path: Path) -> None:
    cache = with_summary(tmp_path)
    brief = tmp_path / "summaries" / key()[:2] / key()
    brief.write_bytes(FLIPPED(brief.read_bytes()))
    assert cache.get_summary(key()) is None and cache.get(key()) == "whole value " * 100


def test_a_put_after_prune_emptied_its_shard_makes_the_shard_again(tmp_path: Path) -> None:
    cache: ArticleCache[str] = ArticleCache(tmp_path)
    cache.put(key(), "old")
    assert cache.prune(keep=()) == 1 and not (tmp_path / key()[:2]).exists()
    cache.put(key(), "new")
    assert ArticleCache(tmp_path).get(key()) == "new"


# --- pruning --------------------------------------------------------------------------------


def test_prune_keeps_only_the_entries_the_last_build_used(tmp_path: Path) -> None:
    first: ArticleCache[str] = ArticleCache(tmp_path)
    for n in range(3):
        first.put(key(seed=bytes([n])), f"v{n}")
    second: ArticleCache[str] = ArticleCache(tmp_path)  # the next build uses 0, adds 3
    assert second.get(key(seed=b"\x00")) == "v0"
    second.put(key(seed=b"\x03"), "v3")
    assert second.prune() == 2
    assert second.keys() == {key(seed=b"\x00"), key(seed=b"\x03")}
    assert ArticleCache(tmp_path).get(key(seed=b"\x01")) is None


def test_prune_with_explicit_keys_removes_stray_temp_files_and_empty_shards(
    tmp_path: Path,
) -> None:
    cache: ArticleCache[str] = ArticleCache(tmp_path)
    cache.put(key(), "kept")
    cache.put(key(seed=b"gone"), "gone")
    (tmp_path / key()[:2] / ".tmp-crashed").write_bytes(b"partial")
    cache.prune(keep={key()})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == sorted(
        [key()[:2], f"{key()[:2]}/{key()}"]
    )


def test_prune_of_a_cache_never_written_does_nothing(tmp_path: Path) -> None:
    assert ArticleCache(tmp_path / "none").prune(keep=()) == 0
