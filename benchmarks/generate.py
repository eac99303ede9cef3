"""A deterministic synthetic corpus: N articles recombined from the seeds' paragraphs.

    python -m benchmarks.generate N OUT_DIR [--seed 7] [--from SEEDS_DIR] [--force]

OUT_DIR becomes a project folder the builder accepts: `OUT_DIR/seeds/` (the articles and a few
sidecars) and `OUT_DIR/site.yaml`, whose templates_dir and static_dir point back to this
project's real templates/ and static/. The site is built into `OUT_DIR/site/`.

Half the articles are Markdown with YAML front matter (title, published, outlet, author, tags);
the other half are plain .txt in the copied-from-a-web-page style of the seeds: a title line
(sometimes with an outlet or section suffix), the seeds' own furniture (sign-up notices, headline
lists, caption pairs with credits, "Most read in ..." blocks) mixed between body paragraphs, and a
byline on the last line. Every article has about 700 words of body text and a unique title.
The same N, seed and input seeds give byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BODY_WORDS = 700  # target words of body text per article
FIRST_DAY, LAST_DAY = dt.date(2022, 2, 24), dt.date(2023, 12, 31)

OUTLETS = (
    "The Sun",
    "Daily Express",
    "New York Post",
    "Newsweek",
    "The Independent",
    "Kyiv Post",
    "The Telegraph",
    "Daily Mirror",
)
SECTION_SUFFIXES = (" | World | News", " | World News", " | Europe | News")
FIRST_NAMES = (
    "Alice", "Tom", "Maria", "Oleh", "Sarah", "James", "Iryna", "David", "Emma", "Pavlo",
    "Grace", "Mark", "Olena", "Peter", "Hannah", "Ben",
)  # fmt: skip
LAST_NAMES = (
    "Carter", "Hughes", "Kovalenko", "Bennett", "Shevchuk", "Morgan", "Ellis", "Bondar",
    "Fletcher", "Walsh", "Tkachenko", "Reid", "Hayes", "Melnyk", "Price", "Doyle",
)  # fmt: skip
TAGS = (
    "ukraine", "russia", "kyiv", "kharkiv", "donbas", "crimea", "kherson", "nato",
    "zelensky", "putin", "counter-offensive", "drones", "missiles", "diplomacy", "sanctions",
)  # fmt: skip

_SENTENCE_END = re.compile(r"[.!?\"”’'…)]$")
_SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_QUOTES = "“”\"‘’'"
# Words a headline does not end on; trimmed from the end of a title's phrases.
_WEAK_ENDINGS = frozenset((
    "a", "an", "and", "as", "at", "be", "by", "for", "from", "had", "has", "have", "her", "his",
    "in", "is", "its", "of", "on", "or", "that", "the", "their", "to", "was", "were", "which",
    "who", "with",
))  # fmt: skip


# --- Reading the seeds ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pool:
    """What the seeds offer for recombination."""

    titles: tuple[str, ...]  # seed titles without their " | ..." suffix
    body: tuple[str, ...]  # real paragraphs (a block may span lines, as in the seeds)
    furniture: tuple[str, ...]  # runs of non-body blocks, kept together and in order
    leading: tuple[str, ...]  # furniture seen before a seed's first paragraph
    captions: tuple[str, ...]  # "caption / caption again / credit" blocks


def blocks_of(text: str) -> list[str]:
    """The blank-line separated blocks of a seed, each stripped of trailing spaces."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return [b.strip("\n") for b in "\n".join(lines).split("\n\n") if b.strip()]


def is_caption(block: str) -> bool:
    """A photo caption printed twice and followed by a credit line."""
    lines = block.split("\n")
    same = _fold(lines[0]) == _fold(lines[1]) if len(lines) >= 3 else False
    return len(lines) == 3 and same


def is_body(block: str) -> bool:
    """A real paragraph: ends like a sentence and is not a caption pair."""
    return bool(_SENTENCE_END.search(block)) and not is_caption(block)


def _fold(line: str) -> str:
    return "".join(c for c in line.lower() if c.isalnum())


def read_pool(seed_texts: Mapping[str, str]) -> Pool:
    """Split every seed into title, body paragraphs, furniture runs and captions."""
    titles, body, furniture, leading, captions = [], [], [], [], []
    for name in sorted(seed_texts):
        blocks = blocks_of(seed_texts[name])
        first = next((i for i, b in enumerate(blocks) if is_body(b)), len(blocks))
        head = blocks[:first]
        title = max((b for b in head if len(b.split()) <= 25), key=len, default="")
        if title:
            titles.append(title.split(" | ")[0].strip())
        leading += [b for b in head if b != title]
        run: list[str] = []
        for block in [*blocks[first:], ""]:
            if block and is_caption(block):
                captions.append(block)
            elif block and not is_body(block):
                run.append(block)
                continue
            elif block:
                body.append(block)
            if run:
                furniture.append("\n\n".join(run))
                run = []
    return Pool(*(tuple(x) for x in (titles, body, furniture, leading, captions)))


def read_seed_texts(folder: Path) -> dict[str, str]:
    """The .txt and .md seeds of a folder, by file name (the input is only read)."""
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    return {p.name: p.read_text(encoding="utf-8") for p in files}


# --- Making articles -----------------------------------------------------------------------


def _words(paragraph: str) -> int:
    return len(paragraph.split())


def pick_body(rng: random.Random, pool: Pool) -> list[str]:
    """Distinct paragraphs in a random order until about BODY_WORDS words."""
    order = rng.sample(range(len(pool.body)), len(pool.body))
    chosen, total = [], 0
    for index in order:
        if total >= BODY_WORDS - 15:
            break
        chosen.append(pool.body[index])
        total += _words(pool.body[index])
    return chosen


def _clean_word(word: str) -> str:
    return word.strip(_QUOTES).rstrip(",.;:!?…").strip(_QUOTES)


def _window(rng: random.Random, paragraph: str, at_sentence: bool, size: int) -> str:
    if at_sentence:
        sentence = rng.choice(_SENTENCE_START.split(paragraph))
        words = sentence.split()
    else:
        words = paragraph.split()
        start = rng.randrange(max(1, len(words) - size))
        words = words[start:]
    cleaned = [w for w in (_clean_word(w) for w in words[:size]) if w]
    while cleaned and cleaned[-1].lower() in _WEAK_ENDINGS:
        cleaned.pop()
    return " ".join(cleaned)


def make_title(rng: random.Random, pool: Pool, taken: set[str]) -> str:
    """A headline-like, unique title: "<sentence opening> as <phrase>"."""
    while True:
        lead = _window(rng, rng.choice(pool.body), True, rng.randint(4, 7))
        tail = _window(rng, rng.choice(pool.body), False, rng.randint(3, 6))
        title = f"{lead[:1].upper()}{lead[1:]} as {tail}"
        folded = _fold(title)
        if len(title.split()) >= 6 and folded not in taken and folded[:40] not in taken:
            taken.update((folded, folded[:40]))
            return title


def _author(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _published(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def make_markdown(rng: random.Random, pool: Pool, title: str) -> str:
    """An editor's Markdown article with front matter; a subheading now and then."""
    tags = sorted(rng.sample(TAGS, rng.randint(1, 4)))
    front = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"published: {_published(rng).isoformat()}",
        f"outlet: {rng.choice(OUTLETS)}",
        f"author: {_author(rng)}",
        f"tags: [{', '.join(tags)}]",
        "---",
    ]
    blocks = []
    for n, paragraph in enumerate(pick_body(rng, pool)):
        if n and n % 6 == 0 and rng.random() < 0.5:
            blocks.append(f"## {rng.choice(pool.titles)}")
        blocks.append(paragraph)
    return "\n".join(front) + "\n\n" + "\n\n".join(blocks) + "\n"


def make_text(rng: random.Random, pool: Pool, title: str) -> tuple[str, str | None]:
    """A page copied from the web, and sometimes a sidecar giving its publication date."""
    roll = rng.random()
    outlet = rng.choice(OUTLETS)
    suffix = f" | {outlet}" if roll < 0.3 else rng.choice(SECTION_SUFFIXES) if roll < 0.5 else ""
    blocks = [title + suffix]
    if pool.leading and rng.random() < 0.3:
        blocks.append(rng.choice(pool.leading))
    for n, paragraph in enumerate(pick_body(rng, pool)):
        if n and n % 5 == 0 and rng.random() < 0.6:
            extras = pool.captions if rng.random() < 0.3 and pool.captions else pool.furniture
            if extras:
                blocks.append(rng.choice(extras))
        blocks.append(paragraph)
    blocks.append(_author(rng))
    sidecar = None
    if rng.random() < 0.2:
        sidecar = f"published: {_published(rng).isoformat()}\noutlet: {outlet}\n"
    return "\n\n".join(blocks) + "\n", sidecar


def generate(seed_texts: Mapping[str, str], count: int, seed: int = 7) -> dict[str, str]:
    """The corpus as {path relative to the seeds folder: text}; the same inputs, the same output."""
    pool = read_pool(seed_texts)
    if not pool.body or not pool.titles:
        raise ValueError("the seeds hold no body paragraphs or titles to recombine")
    rng = random.Random(seed)
    files: dict[str, str] = {}
    taken: set[str] = set()
    for index in range(count):
        title = make_title(rng, pool, taken)
        stem = f"{index:05d}_{rng.getrandbits(64):016x}"
        if index % 2 == 0:
            files[f"{stem}.md"] = make_markdown(rng, pool, title)
            continue
        text, sidecar = make_text(rng, pool, title)
        files[f"{stem}.txt"] = text
        if sidecar is not None:
            files[f"{stem}.yaml"] = sidecar
    return files


def site_yaml(project_root: Path) -> str:
    """The corpus's site.yaml: this project's real templates and static files."""
    return "\n".join(
        [
            "# Synthetic benchmark corpus (benchmarks/generate.py); safe to delete.",
            "title: Benchmark Archive",
            "description: A synthetic corpus recombined from the seed articles.",
            "base_url: /",
            "language: en",
            f"templates_dir: {json.dumps(str(project_root / 'templates'))}",
            f"static_dir: {json.dumps(str(project_root / 'static'))}",
            "",
        ]
    )


# --- Writing -------------------------------------------------------------------------------


def write_corpus(out_dir: Path, files: Mapping[str, str], project_root: Path) -> None:
    """Write the corpus project folder; refuses to write into a non-empty seeds folder."""
    seeds = out_dir / "seeds"
    if seeds.resolve() == (project_root / "seeds").resolve():
        raise ValueError("refusing to write into the project's own seeds/")
    if seeds.exists() and any(seeds.iterdir()):
        raise FileExistsError(f"{seeds} is not empty (use --force to replace its files)")
    seeds.mkdir(parents=True, exist_ok=True)
    for name in sorted(files):
        (seeds / name).write_text(files[name], encoding="utf-8", newline="\n")
    (out_dir / "site.yaml").write_text(site_yaml(project_root), encoding="utf-8", newline="\n")


def _clear(seeds: Path) -> None:
    if seeds.is_dir():
        for path in seeds.iterdir():
            if path.is_file() and path.suffix in (".txt", ".md", ".yaml"):
                path.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; exit 0, or 2 on a usage problem."""
    cli = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    cli.add_argument("count", type=int, help="how many articles")
    cli.add_argument("out_dir", type=Path, help="the corpus project folder to create")
    cli.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    cli.add_argument(
        "--from", dest="source", type=Path, default=PROJECT_ROOT / "seeds", help="input seeds"
    )
    cli.add_argument("--force", action="store_true", help="replace articles already in OUT_DIR")
    args = cli.parse_args(argv)
    if args.count < 1:
        cli.error("count must be at least 1")
    files = generate(read_seed_texts(args.source), args.count, args.seed)
    if args.force:
        _clear(args.out_dir / "seeds")
    try:
        write_corpus(args.out_dir, files, PROJECT_ROOT)
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.count} articles ({len(files)} files) in {args.out_dir / 'seeds'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
