"""A small fixture archive built by hand, independent of the annotators, for render tests.

Article bodies are written in the case-file notation (tests/casefile.py): `{source:id}` marks a
source's mention, `{quote:id}` / `{reported:id via:other}` / `{figure}` a claim (the claim's
source mention is the nearest mention of that source), `{place:id}` (with `metonymic:true`)
and `{date:YYYY[-MM[-DD]]}` the rest. Paragraph kinds are given beside the text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.model import (
    Annotations,
    Claim,
    DateMention,
    Document,
    Mark,
    Meta,
    Paragraph,
    Place,
    PlaceMention,
    Published,
    Source,
    Span,
)
from tests.casefile import Expected, parse_marked

SOURCES = {
    "uk-mod": Source(
        "uk-mod",
        "UK Ministry of Defence",
        "government",
        "UK",
        aliases=("British military intelligence",),
    ),
    "hanna-maliar": Source(
        "hanna-maliar", "Hanna Maliar", "official", "Ukraine", aliases=("Hannah Maryal",)
    ),
    "kremlin": Source("kremlin", "Kremlin", "government", "Russia"),
    "kyiv-independent": Source("kyiv-independent", "The Kyiv Independent", "media", "Ukraine"),
    "raikovych": Source("raikovych", "Andriy Raikovych", "official", "Ukraine"),
    "hostile": Source(
        "hostile", '<img src=x onerror="alert(1)">', "witness", "unknown", registered=False
    ),
}

PLACES = {
    "ukraine": Place("ukraine", "Ukraine", "country", None, 49.0, 32.0),
    "russia": Place("russia", "Russia", "country", None, 61.5, 105.3),
    "kharkiv-oblast": Place("kharkiv-oblast", "Kharkiv Oblast", "oblast", "ukraine", 49.5, 36.5),
    "kharkiv": Place("kharkiv", "Kharkiv", "city", "kharkiv-oblast", 49.9935, 36.2304),
    "balakliia": Place("balakliia", "Balakliia", "town", "kharkiv-oblast", 49.4627, 36.8592),
    "kyiv": Place("kyiv", "Kyiv", "city", "ukraine", 50.4501, 30.5234),
    "moscow": Place("moscow", "Moscow", "city", "russia", 55.7558, 37.6173),
}


class FakeGazetteer:
    """The two questions assemble() asks a gazetteer."""

    def get(self, place_id: str) -> Place | None:
        return PLACES.get(place_id)

    def nearby(self, place_id: str, n: int) -> tuple[Place, ...]:
        near = {"kharkiv": ("balakliia", "kyiv"), "balakliia": ("kharkiv",)}.get(place_id, ())
        return tuple(PLACES[i] for i in near[:n])


@dataclass(frozen=True)
class FixtureArticle:
    source_file: str
    meta: Meta
    kinds: tuple[str, ...]  # one paragraph kind per paragraph
    marked: str
    published: Published | None = None
    marks: tuple[tuple[int, Mark], ...] = ()  # (paragraph index, mark)
    credits: tuple[tuple[int, str], ...] = ()


ARTICLES = (
    FixtureArticle(
        "seeds/001_counteroffensive.md",
        Meta(
            title="Ukraine retakes Balakliia as counteroffensive gathers pace",
            outlet="The Daily Example",
            author="Jane Reporter",
            original_url="https://news.example/ukraine-balakliia",
            published=dt.date(2022, 9, 10),
        ),
        ("p", "h2", "quote", "quote", "li", "li", "caption", "p"),
        "[Hanna Maliar]{source:hanna-maliar} said on [Saturday]{date:2022-09-10} that "
        "[Ukrainian troops had entered [Balakliia]{place:balakliia}]{reported:hanna-maliar}.\n\n"
        "What the ministry said\n\n"
        "“[The Russian forces are falling back towards [Kharkiv]{place:kharkiv}.\n\n"
        "They have lost the initiative,]{quote:uk-mod}” [British military intelligence]"
        "{source:uk-mod} said.\n\n"
        "Supply lines cut\n\n"
        "Morale low\n\n"
        "A destroyed tank near [Balakliia]{place:balakliia}\n\n"
        "[Moscow]{place:moscow metonymic:true} denied it, while [the [Kremlin]{source:kremlin}]"
        "{source:kremlin} said [fighting had stopped in [February]{date:2022-02}]{reported:kremlin}"
        ". Some [3,000 square kilometres]{figure} were retaken.",
        marks=((7, Mark(0, 13, "em")), (2, Mark(2, 30, "strong"))),
        credits=((6, "REUTERS"),),
    ),
    FixtureArticle(
        "seeds/002_hostile.txt",
        Meta(title='Zaporizhzhia: <script>alert("x")</script> & “quotes”', outlet="<b>Outlet</b>"),
        ("p", "p"),
        "[A witness]{source:hostile} said [<script>alert(1)</script> was seen in "
        "[Kyiv]{place:kyiv} on [14 May]{date:2022-05-14}]{reported:hostile}.\n\n"
        "[The Kyiv Independent]{source:kyiv-independent} tweeted: “[[Andriy Raikovych]"
        "{source:raikovych} said "
        "[the missile was shot down]{reported:raikovych via:kyiv-independent}"
        "]{reported:kyiv-independent}” in [2022]{date:2022}.",
        published=Published(
            dt.date(2022, 5, 15),
            inferred=True,
            reason="'Saturday May 14' and 'yesterday' in paragraph 1",
        ),
    ),
    FixtureArticle(
        "seeds/003_duplicate.txt",
        Meta(title="Ukraine retakes Balakliia as counteroffensive gathers pace"),
        ("p",),
        "An undated copy. See the original story for more.",
        marks=((0, Mark(21, 39, "a", "https://news.example/x")),),
    ),
)


def _paragraphs(item: FixtureArticle, text: str) -> tuple[Paragraph, ...]:
    parts = text.split("\n\n")
    assert len(parts) == len(item.kinds), item.source_file
    marks, credits = dict(item.marks), dict(item.credits)
    return tuple(
        Paragraph(
            part,
            line=2 * n + 3,
            kind=kind,
            marks=(marks[n],) if n in marks else (),
            credit=credits.get(n, ""),
        )
        for n, (part, kind) in enumerate(zip(parts, item.kinds, strict=True))
    )


def _span(e: Expected) -> Span:
    return Span(e.start, e.end, e.text)


def _annotations(item: FixtureArticle, found: list[Expected]) -> Annotations:
    mentions = {e.value: [] for e in found if e.kind == "source"}
    for e in found:
        if e.kind == "source":
            mentions[e.value].append(_span(e))
    claims = []
    for n, e in enumerate((e for e in found if e.kind in {"quote", "reported", "figure"}), 1):
        source = e.value or None
        near = sorted(mentions.get(source or "", []), key=lambda s: abs(s.start - e.start))
        via = tuple(e.extra["via"].split(",")) if "via" in e.extra else ()
        claims.append(Claim(f"c{n}", _span(e), e.kind, source, via, near[0] if near else None))
    places: dict[str, list[PlaceMention]] = {}
    for e in found:
        if e.kind == "place":
            places.setdefault(e.value, []).append(
                PlaceMention(_span(e), metonymic=e.extra.get("metonymic") == "true")
            )
    return Annotations(
        claims=tuple(claims),
        sources=tuple(
            Source(**{**_fields(SOURCES[sid]), "mentions": tuple(spans)})
            for sid, spans in mentions.items()
        ),
        places=tuple(
            Place(**{**_fields(PLACES[pid]), "mentions": tuple(ms)}) for pid, ms in places.items()
        ),
        dates=tuple(DateMention(e.value, _span(e)) for e in found if e.kind == "date"),
        published=item.published,
    )


def _fields(obj: object) -> dict[str, object]:
    return {name: getattr(obj, name) for name in obj.__slots__}  # type: ignore[attr-defined]


def fixture_items() -> list[tuple[Document, Annotations]]:
    """The fixture archive as (Document, Annotations) pairs, as the annotator would give."""
    items = []
    for item in ARTICLES:
        text, found = parse_marked(item.marked, item.source_file)
        doc = Document(item.source_file, item.meta, _paragraphs(item, text))
        assert doc.text == text
        items.append((doc, _annotations(item, found)))
    return items
