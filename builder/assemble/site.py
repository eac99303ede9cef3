"""Annotated articles → Site: final slugs, ordering, and the place, source and date indexes."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from builder import urls
from builder.diagnostics import Diagnostic, error, warning
from builder.model import (
    Annotations,
    Article,
    Claim,
    DateMention,
    Document,
    Place,
    PlaceMention,
    SiteConfig,
    Source,
)

NEARBY_ASKED = 40  # nearest places asked of the gazetteer ...
NEARBY_SHOWN = 8  # ... of which at most this many that have a page are listed

# --- The assembled site ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A claim together with the article it is in."""

    article: Article
    claim: Claim


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """One mention of a place, its article, and the claim whose span holds it (if any)."""

    article: Article
    mention: PlaceMention
    claim: Claim | None


@dataclass(frozen=True, slots=True)
class DateRef:
    """One date expression and its article."""

    article: Article
    mention: DateMention


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """A place across the archive. `place.mentions` is empty: the mentions are in `mentions`.

    mentions: literal mentions; metonymic: "Moscow said"-style mentions, listed apart.
    claims: claims whose span holds a literal mention of the place.
    group: the heading it is listed under on the places index (its oblast, its country, ...).
    """

    place: Place
    articles: tuple[Article, ...]
    mentions: tuple[PlaceRef, ...]
    metonymic: tuple[PlaceRef, ...]
    claims: tuple[ClaimRef, ...]
    children: tuple[str, ...]
    nearby: tuple[str, ...]
    group: str


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A source across the archive, merged by id; `relayed` are claims passed on via it."""

    source: Source
    articles: tuple[Article, ...]
    claims: tuple[ClaimRef, ...]
    relayed: tuple[ClaimRef, ...]


@dataclass(frozen=True, slots=True)
class DateEntry:
    """A calendar date ("YYYY-MM-DD", "YYYY-MM" or "YYYY") across the archive.

    published: articles published that day. mentions: every expression resolved to it.
    claims: claims that refer to it (see `claims_referring`).
    """

    date: str
    published: tuple[Article, ...]
    mentions: tuple[DateRef, ...]
    claims: tuple[ClaimRef, ...]

    @property
    def is_day(self) -> bool:
        return len(self.date) == 10


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the renderer needs. Articles newest first; every index sorted by its key.

    Its articles may be summaries (builder.assemble.summary): `whole` then gives one back whole, for
    its own page and data file (the build reads it from the article cache).
    """

    articles: tuple[Article, ...]
    by_place: tuple[PlaceEntry, ...]
    by_source: tuple[SourceEntry, ...]
    by_date: tuple[DateEntry, ...]
    whole: Callable[[Article], Article] | None = field(default=None, compare=False, repr=False)

    def article(self, article: Article) -> Article:
        """The article with all its own page shows (itself, unless a summary)."""
        return self.whole(article) if self.whole is not None else article

    def place_ids(self) -> frozenset[str]:
        return _ids("place", self.by_place, lambda: frozenset(e.place.id for e in self.by_place))

    def source_ids(self) -> frozenset[str]:
        return _ids(
            "source", self.by_source, lambda: frozenset(e.source.id for e in self.by_source)
        )

    def day_ids(self) -> frozenset[str]:
        days = self.by_date
        return _ids("day", days, lambda: frozenset(e.date for e in days if e.is_day))


# Per process: each kind's ids, with the tuple of entries they are the ids of (held, so its
# id is not reused): a build asks for them several times, and a preview's update of the
# Site, which replaces entries but keeps their keys, hands them on (keep_ids).
_IDS: dict[str, tuple[tuple[Any, ...], frozenset[str]]] = {}


def _ids(kind: str, entries: tuple[Any, ...], make: Callable[[], frozenset[str]]) -> frozenset[str]:
    found = _IDS.get(kind)
    if found is None or found[0] is not entries:
        found = _IDS[kind] = (entries, make())
    return found[1]


def keep_ids(old: Site, new: Site, kinds: Iterable[str] = ("place", "source", "day")) -> None:
    """Say that `new`'s entries of these kinds have the same keys as `old`'s (which the
    caller knows: it replaced entries, and added or removed none)."""
    tables = {"place": (old.by_place, new.by_place), "source": (old.by_source, new.by_source)}
    tables["day"] = (old.by_date, new.by_date)
    for kind in kinds:
        found = _IDS.get(kind)
        before, after = tables[kind]
        if found is not None and found[0] is before and len(before) == len(after):
            _IDS[kind] = (after, found[1])


# --- assemble ----------------------------------------------------------------------------


def assemble(
    items: Sequence[tuple[Document, Annotations]],
    config: SiteConfig,
    gazetteer: Any | None = None,
) -> tuple[Site, tuple[Diagnostic, ...]]:
    """Give every article its final slug and build the indexes; report collisions and bad ids.

    `gazetteer`, when given, is asked for places the articles do not mention themselves
    (`gazetteer.get(id)`, an entry with Place's fields or None, for parents) and for
    `gazetteer.nearby(id, n)` (entries or ids, nearest first); either method may be missing.
    """
    del config  # the assembled model does not depend on presentation settings
    ordered = sorted(items, key=lambda item: item[0].source_file)
    articles, diagnostics = assign_slugs(ordered)
    diagnostics += check_ids(articles)
    articles = tuple(sorted(articles, key=newest_first))
    refs = _ClaimRefs()
    site = Site(
        articles=articles,
        by_place=_index_places(articles, gazetteer, refs),
        by_source=_index_sources(articles, refs),
        by_date=_index_dates(articles, refs),
    )
    return site, diagnostics


def newest_first(article: Article) -> tuple[bool, int, str, str]:
    day = article.published
    return (
        day is None,
        -day.toordinal() if day else 0,
        article.meta.title.casefold(),
        article.slug,
    )


# --- Slugs -------------------------------------------------------------------------------


def assign_slugs(
    items: Sequence[tuple[Document, Annotations]],
) -> tuple[tuple[Article, ...], tuple[Diagnostic, ...]]:
    """Slug each article from Meta.slug or its title; a later file that collides gets "-2"."""
    owners: dict[str, str] = {}
    articles: list[Article] = []
    diagnostics: list[Diagnostic] = []
    for document, found in items:
        wanted = document.meta.slug or document.meta.title
        base = urls.slugify(wanted)
        if document.meta.slug and base != document.meta.slug:
            diagnostics.append(
                warning(
                    document.source_file,
                    1,
                    f"slug {document.meta.slug!r} is not a safe URL segment; using {base!r}",
                    "use lowercase ASCII letters, digits and '-'",
                )
            )
        slug = _free_slug(base, owners)
        if slug != base:
            diagnostics.append(
                warning(
                    document.source_file,
                    1,
                    f"slug {base!r} is already used by {owners[base]}; using {slug!r}",
                    "set `slug:` in front matter or sidecar",
                )
            )
        owners[slug] = document.source_file
        articles.append(Article(slug=slug, document=document, annotations=found))
    return tuple(articles), tuple(diagnostics)


def _free_slug(base: str, taken: dict[str, str]) -> str:
    slug, n = base, 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = base[: urls.SLUG_MAX - len(suffix)].rstrip("-") + suffix
    return slug


def check_ids(articles: Iterable[Article]) -> tuple[Diagnostic, ...]:
    """Ids become URL segments and HTML anchors: they must be safe and unique per article."""
    found: list[Diagnostic] = []
    for article in articles:
        path, a = article.document.source_file, article.annotations
        for kind, ids in (
            ("place", [p.id for p in a.places]),
            ("source", [s.id for s in a.sources]),
        ):
            found += [
                error(
                    path,
                    0,
                    f"{kind} id {i!r} is not a safe URL segment",
                    "ids are lowercase ASCII letters, digits and '-'",
                )
                for i in ids
                if not urls.is_safe_id(i)
            ]
        claim_ids = [c.id for c in a.claims]
        found += [
            warning(path, 0, f"claim id {i!r} is used twice")
            for i in sorted({i for i in claim_ids if claim_ids.count(i) > 1})
        ]
        known = {s.id for s in a.sources}
        found += [
            warning(
                path,
                0,
                f"claim {c.id} names source {c.source!r}, which is not among the article's sources",
            )
            for c in a.claims
            if c.source is not None and c.source not in known
        ]
    return tuple(found)


# --- Places ------------------------------------------------------------------------------


class _ClaimRefs(dict[tuple[int, int], ClaimRef]):
    """One ClaimRef per claim of the archive, however many entries list it (a place's, its
    source's, a day's): 10,000 articles hold ~400,000 of them otherwise."""

    def __call__(self, article: Article, claim: Claim) -> ClaimRef:
        key = (id(article), id(claim))
        found = self.get(key)
        if found is None:
            found = self[key] = ClaimRef(article, claim)
        return found


def _index_places(
    articles: Sequence[Article], gazetteer: Any | None, claim_ref: _ClaimRefs
) -> tuple[PlaceEntry, ...]:
    canonical: dict[str, Place] = {}
    refs: dict[str, list[PlaceRef]] = defaultdict(list)
    for article in articles:
        for place in article.annotations.places:
            if not urls.is_safe_id(place.id):
                continue
            canonical.setdefault(place.id, replace(place, mentions=()))
            for mention in place.mentions:
                claim = claim_holding(article.annotations.claims, mention.span.start)
                refs[place.id].append(PlaceRef(article, mention, claim))
    _add_ancestors(canonical, gazetteer)
    children: dict[str, list[str]] = defaultdict(list)
    for place in canonical.values():
        if place.parent in canonical:
            children[place.parent].append(place.id)
    return tuple(
        _place_entry(
            canonical[pid], refs[pid], sorted(children[pid]), canonical, gazetteer, claim_ref
        )
        for pid in sorted(canonical)
    )


def _place_entry(
    place: Place,
    refs: list[PlaceRef],
    children: list[str],
    canonical: dict[str, Place],
    gazetteer: Any | None,
    claim_ref: Callable[[Article, Claim], ClaimRef] = ClaimRef,
) -> PlaceEntry:
    literal = [r for r in refs if not r.mention.metonymic]
    claims = unique_claims(claim_ref(r.article, r.claim) for r in literal if r.claim is not None)
    return PlaceEntry(
        place=place,
        articles=unique_articles(r.article for r in refs),
        mentions=tuple(literal),
        metonymic=tuple(r for r in refs if r.mention.metonymic),
        claims=claims,
        children=tuple(children),
        nearby=tuple(i for i in _nearby(gazetteer, place.id) if i in canonical and i != place.id)[
            :NEARBY_SHOWN
        ],
        group=place_group(place, canonical),
    )


def _add_ancestors(canonical: dict[str, Place], gazetteer: Any | None) -> None:
    """Give every parent a page too, when the gazetteer knows it."""
    pending = sorted({p.parent for p in canonical.values() if p.parent})
    while pending:
        pid = pending.pop()
        if pid in canonical or not urls.is_safe_id(pid):
            continue
        found = _lookup(gazetteer, pid)
        if found is not None:
            canonical[pid] = replace(found, mentions=())
            if found.parent:
                pending.append(found.parent)


def _lookup(gazetteer: Any | None, place_id: str) -> Place | None:
    """The gazetteer's entry for an id, as a Place (any object with Place's fields will do)."""
    get = getattr(gazetteer, "get", None)
    found = get(place_id) if callable(get) else None
    if found is None:
        return None
    return Place(found.id, found.name, found.kind, found.parent, found.lat, found.lon)


def _nearby(gazetteer: Any | None, place_id: str) -> tuple[str, ...]:
    """Ids of the places nearest to one, nearest first (NEARBY_ASKED of them)."""
    nearby = getattr(gazetteer, "nearby", None)
    if not callable(nearby):
        return ()
    known = _nearby_memo(gazetteer)
    if place_id not in known:
        found = nearby(place_id, NEARBY_ASKED)
        known[place_id] = tuple(p if isinstance(p, str) else p.id for p in found)
    return known[place_id]


_NEARBY_MEMO: list[tuple[Any, dict[str, tuple[str, ...]]]] = []


def _nearby_memo(gazetteer: Any) -> dict[str, tuple[str, ...]]:
    """The nearest places already asked of this gazetteer (a preview rebuilds with the same
    one; each question scans thousands of places): the answers depend on the gazetteer only."""
    if not _NEARBY_MEMO or _NEARBY_MEMO[0][0] is not gazetteer:
        _NEARBY_MEMO[:] = [(gazetteer, {})]
    return _NEARBY_MEMO[0][1]


def place_group(place: Place, canonical: dict[str, Place]) -> str:
    """The places-index heading: its oblast; else its country; "Countries"; "Other places"."""
    if place.kind == "country":
        return "Countries"
    seen: set[str] = set()
    current: Place | None = place
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.kind == "oblast":
            return current.name
        if current.kind == "country":
            return current.name
        current = canonical.get(current.parent) if current.parent else None
    return "Other places"


# --- Sources -----------------------------------------------------------------------------


def _index_sources(articles: Sequence[Article], claim_ref: _ClaimRefs) -> tuple[SourceEntry, ...]:
    merged: dict[str, Source] = {}
    seen_in: dict[str, list[Article]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: a.document.source_file):
        for source in article.annotations.sources:
            if urls.is_safe_id(source.id):
                merged[source.id] = merge_source(merged.get(source.id), source)
    claims: dict[str, list[ClaimRef]] = defaultdict(list)
    relayed: dict[str, list[ClaimRef]] = defaultdict(list)
    for article in articles:
        for source in article.annotations.sources:
            seen_in[source.id].append(article)
        for claim in article.annotations.claims:
            if claim.source is not None:
                claims[claim.source].append(claim_ref(article, claim))
            for via in dict.fromkeys(claim.via):
                relayed[via].append(claim_ref(article, claim))
    return tuple(
        SourceEntry(
            merged[sid], unique_articles(seen_in[sid]), tuple(claims[sid]), tuple(relayed[sid])
        )
        for sid in sorted(merged)
    )


def merge_source(kept: Source | None, new: Source) -> Source:
    """First registered description wins (in source-file order); names and aliases are pooled."""
    base = new if kept is None or (new.registered and not kept.registered) else kept
    earlier = (kept.name, *kept.aliases) if kept else ()
    aliases = tuple(dict.fromkeys((*earlier, new.name, *new.aliases)))
    aliases = tuple(a for a in aliases if a != base.name)
    return replace(base, aliases=aliases, mentions=())


# --- Dates -------------------------------------------------------------------------------


def _index_dates(articles: Sequence[Article], claim_ref: _ClaimRefs) -> tuple[DateEntry, ...]:
    published: dict[str, list[Article]] = defaultdict(list)
    mentions: dict[str, list[DateRef]] = defaultdict(list)
    claims: dict[str, list[ClaimRef]] = defaultdict(list)
    for article in articles:
        if article.published is not None:
            published[article.published.isoformat()].append(article)
        for mention in article.annotations.dates:
            mentions[mention.date].append(DateRef(article, mention))
        for date, claim in claims_referring(article):
            claims[date].append(claim_ref(article, claim))
    keys = sorted({*published, *mentions})
    return tuple(
        DateEntry(k, tuple(published[k]), tuple(mentions[k]), tuple(claims[k])) for k in keys
    )


_SENTENCE_END = re.compile(r"[.!?…][\"”’»)\]]*\s+|\n\n")


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin: after . ! ? … (and closing quotes) plus white space, and
    at each paragraph. Approximate ("Mr. Smith" splits), which errs towards fewer links."""
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


def claims_referring(article: Article) -> list[tuple[str, Claim]]:
    """(date, claim) pairs: a claim refers to a date when one of that date's expressions lies
    in a sentence the claim's span overlaps (inside the claim, or in its attribution such as
    "X said on Sunday that ..."). Each pair is listed once, in text order."""
    a = article.annotations
    if not a.claims or not a.dates:
        return []
    starts = sentence_starts(article.document.text)
    dates = sorted(a.dates, key=lambda d: d.span.start)
    date_sentences = [bisect.bisect_right(starts, d.span.start) - 1 for d in dates]
    pairs: dict[tuple[str, str], tuple[str, Claim]] = {}
    for claim in a.claims:
        first = bisect.bisect_right(starts, claim.span.start) - 1
        last = bisect.bisect_right(starts, max(claim.span.end - 1, claim.span.start)) - 1
        lo = bisect.bisect_left(date_sentences, first)
        hi = bisect.bisect_right(date_sentences, last)
        for mention in dates[lo:hi]:
            pairs.setdefault((claim.id, mention.date), (mention.date, claim))
    return list(pairs.values())


# --- Helpers -----------------------------------------------------------------------------


def claim_holding(claims: Sequence[Claim], offset: int) -> Claim | None:
    """The first claim whose span holds `offset` (claims rarely overlap; lists are short).
    A plain loop: asked for every place mention of the archive when it is assembled."""
    for claim in claims:
        span = claim.span
        if span.start <= offset < span.end:
            return claim
    return None


def unique_articles(articles: Iterable[Article]) -> tuple[Article, ...]:
    return tuple({a.slug: a for a in articles}.values())


def unique_claims(refs: Iterable[ClaimRef]) -> tuple[ClaimRef, ...]:
    return tuple({(r.article.slug, r.claim.id): r for r in refs}.values())
