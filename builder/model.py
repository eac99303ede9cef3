"""The archive's data model: frozen dataclasses only, no behaviour beyond derived views."""

from __future__ import annotations

import datetime as dt
import functools
import zlib
from dataclasses import dataclass, field

from builder.diagnostics import Diagnostic

# --- Spans -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's cleaned text: `text == article_text[start:end]`."""

    start: int
    end: int
    text: str


# --- Parsed and cleaned input ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """Inline formatting carried over from Markdown, in offsets relative to its paragraph."""

    start: int
    end: int
    tag: str  # "em" | "strong" | "code" | "a"
    href: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of an article's body, with the 1-based line it starts on in the seed file.

    kind: "p" (paragraph), "h2"/"h3"/"h4" (heading), "quote" (block quote),
    "li"/"oli" (item of a bulleted/numbered list), "caption" (a figure caption).
    """

    text: str
    line: int
    kind: str = "p"
    marks: tuple[Mark, ...] = ()
    credit: str = ""  # a caption's photo credit ("REUTERS"); not part of `text`


@dataclass(frozen=True, slots=True)
class Correction:
    """An editor's correction from a sidecar `<stem>.yaml`, applied after annotation.

    target: "claim" | "place" | "date"; action: "add" | "remove" | "attribute" | "set";
    match: a substring of the article text that locates the annotation;
    value: the new source id / place id / date, where the action needs one.
    kind: for an added claim, its kind ("quote" | "reported" | "figure"), else "".
    sidecar, line: where the correction is written, for diagnostics.
    """

    target: str
    action: str
    match: str
    value: str
    sidecar: str
    line: int
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Meta:
    """An article's metadata, merged from the file, its front matter and its sidecar."""

    title: str
    outlet: str | None = None
    author: str | None = None
    original_url: str | None = None
    published: dt.date | None = None  # as given; the dates pass may infer one
    tags: tuple[str, ...] = ()
    description: str | None = None
    language: str | None = None
    slug: str | None = None  # an explicit slug from front matter or sidecar


@dataclass(frozen=True, slots=True)
class Document:
    """A seed after parse and clean: metadata and body paragraphs, ready to annotate.

    source_file is the seed's path relative to the project root, `/`-separated.
    """

    source_file: str
    meta: Meta
    paragraphs: tuple[Paragraph, ...]
    corrections: tuple[Correction, ...] = ()
    removed: tuple[tuple[int, str], ...] = ()  # (line, text) of furniture removed, for the report

    @property
    def text(self) -> str:
        """The cleaned body: paragraphs joined by a blank line (DATA.md's `text`)."""
        return PARAGRAPH_SEPARATOR.join(p.text for p in self.paragraphs)

    @property
    def paragraph_starts(self) -> tuple[int, ...]:
        """Offset of each paragraph in `text`."""
        starts, pos = [], 0
        for p in self.paragraphs:
            starts.append(pos)
            pos += len(p.text) + len(PARAGRAPH_SEPARATOR)
        return tuple(starts)


PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class DocumentSummary(Document):
    """A Document cut down by builder.assemble.summary: no paragraphs, its text kept compressed (the
    listings quote a mention's sentence from it). Enough for the listings, not for the
    article's own page."""

    packed: bytes = b""  # the text, UTF-8, zlib-compressed

    @property
    def text(self) -> str:
        return _unpacked(self.packed) if self.packed else ""


@functools.lru_cache(maxsize=16)
def _unpacked(packed: bytes) -> str:
    """A summary's text (a listing quotes several mentions of one article in a row)."""
    return zlib.decompress(packed).decode("utf-8")


# --- Annotations -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement the article attributes to someone (or an unattributed figure).

    kind: "quote" | "reported" | "figure". source: a source id or None.
    via: ids of intermediaries that relayed the claim, outermost first.
    source_mention: where the text names the source for this claim (may be a pronoun
    or a later reference such as "the ministry"), or None.
    """

    id: str
    span: Span
    kind: str
    source: str | None
    via: tuple[str, ...] = ()
    source_mention: Span | None = None
    rule: str = ""  # which rule found/attributed it, for the check report


@dataclass(frozen=True, slots=True)
class Source:
    """Who is credited with statements in one article, with where the text names them.

    kind: government | military | official | media | analyst | witness | anonymous | person ...
    affiliation: Ukraine | Russia | UK | US | NATO | EU | UN | independent | unknown ...
    """

    id: str
    name: str
    kind: str
    affiliation: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    registered: bool = True  # False when built from the text (name + apposition)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One occurrence of a place in the text."""

    span: Span
    metonymic: bool = False  # "Moscow said", "Kyiv's army"
    confidence: float = 1.0  # < 1.0 for a fuzzy (misspelt) match
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry as mentioned in one article."""

    id: str
    name: str
    kind: str  # city | town | village | oblast | region | country | sea | ...
    parent: str | None
    lat: float | None
    lon: float | None
    mentions: tuple[PlaceMention, ...] = ()


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression resolved to the calendar: date is YYYY-MM-DD, YYYY-MM or YYYY."""

    date: str
    span: Span
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Published:
    """The publication date used for an article, and how it was found."""

    date: dt.date
    inferred: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """Something an editor may want to check: unresolved, fuzzy or inferred.

    kind: "unresolved" | "fuzzy" | "inferred" | "correction" | ...; span may be None.
    """

    kind: str
    message: str
    span: Span | None = None
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything the annotator passes found in one article; every list in text order."""

    claims: tuple[Claim, ...] = ()
    sources: tuple[Source, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[DateMention, ...] = ()
    published: Published | None = None
    notes: tuple[Note, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()  # e.g. a sidecar correction that no longer matches


# --- Assembled site ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article:
    """An annotated article with its final, collision-free slug."""

    slug: str
    document: Document
    annotations: Annotations

    @property
    def meta(self) -> Meta:
        return self.document.meta

    @property
    def published(self) -> dt.date | None:
        p = self.annotations.published
        return p.date if p else self.document.meta.published


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """site.yaml, validated. Folders are relative to the project root."""

    title: str = "Ukraine War Archive"
    description: str = "Annotated news coverage of the war in Ukraine, 2022-2023."
    base_url: str = "/"
    language: str = "en"
    seeds_dir: str = "seeds"
    output_dir: str = "site"
    templates_dir: str = "templates"
    static_dir: str = "static"
    data_dirs: tuple[str, ...] = field(default_factory=tuple)  # user registries/rules
    author: str = ""
