"""Cleaning: furniture never reaches an article's text, and real paragraphs always do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.knowledge import BUILTIN_DATA, furniture
from builder.model import Document, Meta, Paragraph
from builder.read.clean import clean
from builder.read.parse import parse_seed
from builder.read.seeds import SeedFile, read_seeds

ROOT = Path(__file__).resolve().parent.parent
OUTLETS = Path(__file__).resolve().parent / "inputs" / "outlets"
FURNITURE, _ = furniture.load((BUILTIN_DATA,))


def cleaned(path: str, text: str) -> Document:
    document, problems = parse_seed(SeedFile(path, text.encode()), FURNITURE)
    assert document is not None, problems
    return clean(document, FURNITURE)


def seed_documents() -> dict[str, Document]:
    seeds, _ = read_seeds(ROOT / "seeds", ROOT)
    out = {}
    for seed in seeds:
        document, problems = parse_seed(seed, FURNITURE)
        assert document is not None, problems
        out[seed.path] = clean(document, FURNITURE)
    return out


SEEDS = seed_documents()

# Every piece of furniture the issue lists, as it appears in the seeds.
FURNITURE_IN_SEEDS = [
    "Skip to main content",
    "We use your sign-up to provide content",
    "Scroll to Continue",
    "READ MORE:",
    "[BREAKING]",
    "[WATCH]",
    "[LIVE]",
    "[INSIGHT]",
    "[REPORT]",
    "[REVEAL]",
    "Most read in The Sun",
    "Love Island’s Mary Bedford",
    "Harry hits out at uniform ban",
    "SAS Who Dares Wins",
    "Full list of businesses closed",
    "Read More on The Sun",
    "My neighbour’s too lazy",
    "Nobody can believe I have a 15-year-old daughter",
    "Putin may order a NUKE strike",
    "Russian ‘officials call for Putin to be removed’",
    "Related Articles",
    "Source: Read Full Article",
    "Shopping mall in Kyiv struck by Russian shelling",
    "via REUTERS",
    "UPI/Shutterstock",
]


@pytest.mark.parametrize("needle", FURNITURE_IN_SEEDS)
def test_no_listed_furniture_survives_in_any_seed(needle: str) -> None:
    for path, document in SEEDS.items():
        assert needle not in document.text, f"{path} still holds {needle!r}"


def _sentences(raw: str) -> list[str]:
    """Every line of a seed that reads like body text: long and ending a sentence."""
    out = []
    for line in raw.splitlines():
        line = " ".join(line.split())
        if len(line.split()) >= 8 and re.search(r"[.!?”\"]$", line) and "[" not in line:
            out.append(line)
    return out


def test_every_body_sentence_of_every_seed_survives() -> None:
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        document = SEEDS[f"seeds/{seed.name}"]
        text = " ".join(document.text.split())
        captions = [p.text for p in document.paragraphs if p.kind == "caption"]
        for sentence in _sentences(seed.read_text(encoding="utf-8")):
            if sentence in captions or any(_same(sentence, c) for c in captions):
                continue
            assert sentence[:60] in text or sentence[-60:] in text, f"{seed.name}: {sentence!r}"


def _same(a: str, b: str) -> bool:
    return a.replace("’", "'") == b.replace("’", "'")


def test_seed_paragraph_counts_and_subheading() -> None:
    counts = {path: len(d.paragraphs) for path, d in SEEDS.items()}
    assert counts == {
        "seeds/000_b4a03408000191fb.txt": 24,
        "seeds/001_474dacda6a1980da.txt": 22,
        "seeds/002_f9312d0882957ca9.txt": 20,
        "seeds/003_dd2113f5f7d29a02.txt": 19,
        "seeds/004_a27d26d7a007d44d.txt": 26,
    }
    heading = SEEDS["seeds/002_f9312d0882957ca9.txt"].paragraphs[16]
    assert (heading.kind, heading.text, heading.line) == ("h2", "MIlitary Withdrawal", 41)


def test_doubled_captions_are_kept_once_with_their_credit() -> None:
    document = SEEDS["seeds/003_dd2113f5f7d29a02.txt"]
    captions = [(p.line, p.credit, p.text[:30]) for p in document.paragraphs if p.kind == "caption"]
    assert captions == [
        (16, "REUTERS", "The main building at the Unive"),
        (20, "REUTERS", "A firefighter worked to put ou"),
        (24, "REUTERS", "A building in Kherson was left"),
        (35, "Ukrainian Presidential Press Off/UPI/Shutterstock", "Ukrainian President Volodymyr "),
        (39, "AP", "Russian President Vladimir Put"),
    ]
    assert document.text.count("A firefighter worked") == 1
    assert "REUTERS" not in document.text


def test_removed_furniture_is_recorded_with_its_line() -> None:
    removed = SEEDS["seeds/004_a27d26d7a007d44d.txt"].removed
    assert (28, "Most read in The Sun") in removed
    assert (80, "Source: Read Full Article") in removed
    assert (1, "Skip to main content") in SEEDS["seeds/002_f9312d0882957ca9.txt"].removed


def render(document: Document) -> str:
    """A document in the .expected notation: metadata, a blank line, `kind [credit]: text`."""
    meta = document.meta
    head = [
        f"title: {meta.title}",
        f"outlet: {meta.outlet or ''}".rstrip(),
        f"author: {meta.author or ''}".rstrip(),
    ]
    body = [
        f"{p.kind}{f' [{p.credit}]' if p.credit else ''}: {p.text}" for p in document.paragraphs
    ]
    return "\n".join([*head, "", *body]) + "\n"


@pytest.mark.parametrize("outlet", sorted(p.stem for p in OUTLETS.glob("*.txt")))
def test_furniture_in_other_outlets_styles(outlet: str) -> None:
    text = (OUTLETS / f"{outlet}.txt").read_text(encoding="utf-8")
    expected = (OUTLETS / f"{outlet}.expected").read_text(encoding="utf-8")
    assert render(cleaned(f"seeds/{outlet}.txt", text)) == expected


def doc(*texts: str) -> Document:
    paragraphs = tuple(Paragraph(t, line=i + 3) for i, t in enumerate(texts))
    return Document("seeds/x.txt", Meta(title="Kyiv repels attack"), paragraphs)


def test_a_lone_headline_shaped_line_is_kept() -> None:
    body = (
        "Russian forces shelled the city overnight, officials said.",
        "The strikes hit a school and a hospital in the east",
        "The mayor said rescuers were still searching the rubble.",
    )
    assert [p.text for p in clean(doc(*body), FURNITURE).paragraphs] == list(body)


def test_body_paragraphs_without_final_stop_are_not_taken_for_a_headline_run() -> None:
    body = (
        "He said: “We will not give up. We will win”",
        "She added: “The city is ours. It will stay ours”",
        "Officials gave no figures.",
    )
    assert [p.text for p in clean(doc(*body), FURNITURE).paragraphs] == list(body)


def test_video_title_that_echoes_the_article_is_kept() -> None:
    body = (
        "Kyiv: Russian attack repelled near the capital",
        "Ukrainian forces repelled a Russian attack near Kyiv, the army said.",
    )
    kept = clean(doc(*body), FURNITURE).paragraphs
    assert [p.text for p in kept] == list(body)


def test_markdown_caption_takes_the_credit_line_under_it() -> None:
    paragraphs = (
        Paragraph("Troops in Kharkiv", 3, "caption"),
        Paragraph("Getty Images", 4),
        Paragraph("The army advanced.", 6),
    )
    document = Document("seeds/x.md", Meta(title="T"), paragraphs)
    result = clean(document, FURNITURE)
    assert [(p.kind, p.credit) for p in result.paragraphs] == [
        ("caption", "Getty Images"),
        ("p", ""),
    ]
    assert result.removed == ((4, "Getty Images"),)


def test_a_furniture_word_yaml_reads_as_no_text_is_named_with_its_line(tmp_path: Path) -> None:
    """A bare `on` in a furniture list is a YAML boolean, as in every other knowledge file:
    named at its own line with the fix, quotes, and left out; the built-in rules load clean."""
    assert furniture.load((BUILTIN_DATA,))[1] == ()
    (tmp_path / "furniture.yaml").write_text(
        "layout:\n  continuation_words:\n    - thus\n    - on\n  section_words: [world, 24]\n",
        encoding="utf-8",
    )
    rules, problems = furniture.load((BUILTIN_DATA, tmp_path))
    shown = f"{tmp_path.name}/furniture.yaml"
    assert [(p.path, p.line) for p in problems] == [(shown, 4), (shown, 5)]
    assert 'YAML reads on as a boolean; write it in quotes, "on"' in problems[0].message
    assert "'section_words' must be a list of words or phrases: YAML reads 24" in (
        problems[1].message)
    assert rules.continuation_words >= {"thus", "on"}  # "on" from the built-in list
    assert "24" not in rules.section_words and "world" in rules.section_words
