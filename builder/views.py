"""Typed views: the small frozen values each page template is given instead of the Site."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from builder import urls
from builder.highlight import Block, Known, Link, affiliation_class, render_body
from builder.model import Article, Claim, Source
from builder.site import ClaimRef, DateEntry, PlaceEntry, PlaceRef, Site, SourceEntry

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EXCERPT = 280

# --- Small shared views ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateLabel:
    """A date as shown: ISO value, words, and whether it was inferred (and why)."""

    iso: str
    text: str
    url: str
    inferred: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ArticleLink:
    title: str
    url: str
    date: DateLabel | None
    outlet: str


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of the home page."""

    link: ArticleLink
    claims: int
    sources: int
    places: int
    place_ids: tuple[str, ...] = ()  # places with pages, for narrowing the list by place
    month: str = ""  # YYYY-MM of publication, "" when undated


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim listed away from its article: excerpt, kind, source, link to its place."""

    id: str
    text: str
    kind: str
    url: str
    source: str
    source_url: str
    css: str


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """The claims of one article, under its link."""

    article: ArticleLink
    claims: tuple[ClaimRow, ...]


@dataclass(frozen=True, slots=True)
class MentionRow:
    """An expression in an article (a metonymic place, a month), with its sentence."""

    text: str
    context: str
    article: ArticleLink
    url: str


@dataclass(frozen=True, slots=True)
class FilterOption:
    """One choice of a client-side filter: its value, what it reads, how many items it keeps."""

    key: str
    label: str
    count: int
    css: str = ""


@dataclass(frozen=True, slots=True)
class NamedLink:
    name: str
    url: str
    note: str = ""


# --- Formatting ------------------------------------------------------------------------------


def date_words(iso: str) -> str:
    """ "2022-05-14" → "14 May 2022"; month and year precision likewise; no locale involved."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """White space collapsed, cut on a word boundary with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]; a long one is cut on word boundaries with '…'."""
    sentence = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    left, lead = sentence, ""
    if start - sentence > 160:  # too long before the mention: start at a word, say it is cut
        left = text.find(" ", start - 160, start) + 1 or start
        lead = "… "
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min([*stops, end + 160, len(text)])
    return lead + excerpt(text[left : right + 1], 320)


def published_label(article: Article) -> DateLabel | None:
    day = article.published
    if day is None:
        return None
    pub = article.annotations.published
    inferred = bool(pub and pub.inferred)
    return DateLabel(
        day.isoformat(),
        date_words(day.isoformat()),
        urls.date(day.isoformat()),
        inferred,
        pub.reason if pub and inferred else "",
    )


def article_link(article: Article) -> ArticleLink:
    return ArticleLink(
        article.meta.title,
        urls.article(article.slug),
        published_label(article),
        article.meta.outlet or "",
    )


def claim_row(ref: ClaimRef, sources: dict[str, Source], known: Known) -> ClaimRow:
    claim = ref.claim
    source = sources.get(claim.source or "")
    return ClaimRow(
        id=claim.id,
        text=excerpt(claim.span.text),
        kind=claim.kind,
        url=f"{urls.article(ref.article.slug)}#claim-{claim.id}",
        source=_source_name(claim, source),
        source_url=urls.source(claim.source) if claim.source in known.sources else "",
        css=affiliation_class(source.affiliation) if source else "aff-none",
    )


def _source_name(claim: Claim, source: Source | None) -> str:
    if source is not None:
        return source.name
    return claim.source or "unattributed"


def claim_groups(
    refs: Iterable[ClaimRef], sources: dict[str, Source], known: Known
) -> tuple[ClaimGroup, ...]:
    """Claims grouped by article, in the order the refs come (the site's, newest first)."""
    groups: dict[str, tuple[Article, list[ClaimRow]]] = {}
    for ref in refs:
        groups.setdefault(ref.article.slug, (ref.article, []))[1].append(
            claim_row(ref, sources, known)
        )
    return tuple(ClaimGroup(article_link(a), tuple(rows)) for a, rows in groups.values())


# --- Article page ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PanelGroup:
    """The claims one source made in this article (or the unattributed figures)."""

    name: str
    url: str
    kind: str
    affiliation: str
    css: str
    claims: tuple[ClaimRow, ...]
    key: str = "unattributed"  # the source's id: what the page's claim filter toggles


@dataclass(frozen=True, slots=True)
class LegendItem:
    css: str
    label: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    title: str
    slug: str
    outlet: str
    author: str
    original_url: str
    published: DateLabel | None
    description: str
    blocks: tuple[Block, ...]
    legend: tuple[LegendItem, ...]
    kinds: tuple[LegendItem, ...]
    panel: tuple[PanelGroup, ...]
    places: tuple[NamedLink, ...]
    data_url: str
    claim_count: int
    sides: tuple[FilterOption, ...] = ()  # claims per affiliation, for the highlight filter


KIND_LEGEND = (
    LegendItem("claim--quote", "direct quote"),
    LegendItem("claim--reported", "reported speech"),
    LegendItem("claim--figure", "figure to check"),
)


def article_view(article: Article, link: Link, known: Known) -> ArticleView:
    a = article.annotations
    meta = article.meta
    kinds_present = {c.kind for c in a.claims}
    return ArticleView(
        title=meta.title,
        slug=article.slug,
        outlet=meta.outlet or "",
        author=meta.author or "",
        original_url=_web_url(meta.original_url),
        published=published_label(article),
        description=meta.description or excerpt(article.document.text, 200),
        blocks=render_body(article, link, known),
        legend=_legend(article),
        kinds=tuple(k for k in KIND_LEGEND if k.css.removeprefix("claim--") in kinds_present),
        panel=_panel(article, known),
        places=tuple(NamedLink(p.name, urls.place(p.id)) for p in a.places if p.id in known.places),
        data_url=urls.article_data(article.slug),
        claim_count=len(a.claims),
        sides=_sides(article),
    )


def _web_url(url: str | None) -> str:
    return url if url and url.startswith(("http://", "https://")) else ""


def _legend(article: Article) -> tuple[LegendItem, ...]:
    a = article.annotations
    cited = {c.source for c in a.claims}
    seen = {
        s.affiliation or "unknown": affiliation_class(s.affiliation)
        for s in a.sources
        if s.id in cited
    }
    items = [LegendItem(css, name) for name, css in sorted(seen.items())]
    if None in cited:
        items.append(LegendItem("aff-none", "unattributed"))
    return tuple(items)


def _sides(article: Article) -> tuple[FilterOption, ...]:
    """Claims counted by their source's affiliation (the key is its CSS class), by name."""
    affiliations = {s.id: s.affiliation or "unknown" for s in article.annotations.sources}
    counts: dict[str, int] = {}
    for claim in article.annotations.claims:
        name = affiliations.get(claim.source or "", "unattributed")
        counts[name] = counts.get(name, 0) + 1
    return tuple(
        FilterOption(_side_key(name), name, n, _side_key(name))
        for name, n in sorted(counts.items(), key=lambda item: item[0].casefold())
    )


def _side_key(affiliation: str) -> str:
    return "aff-none" if affiliation == "unattributed" else affiliation_class(affiliation)


def _panel(article: Article, known: Known) -> tuple[PanelGroup, ...]:
    """Claims grouped by source, groups in order of each source's first claim; figures last."""
    sources = {s.id: s for s in article.annotations.sources}
    groups: dict[str | None, list[ClaimRow]] = {}
    for claim in article.annotations.claims:
        groups.setdefault(claim.source, []).append(
            claim_row(ClaimRef(article, claim), sources, known)
        )
    ordered = sorted(groups.items(), key=lambda item: item[0] is None)
    return tuple(_panel_group(sid, rows, sources, known) for sid, rows in ordered)


def _panel_group(
    sid: str | None, rows: list[ClaimRow], sources: dict[str, Source], known: Known
) -> PanelGroup:
    source = sources.get(sid or "")
    if source is None:
        name = sid or "Unattributed"
        return PanelGroup(name, "", "", "", "aff-none", tuple(rows), sid or "unattributed")
    url = urls.source(source.id) if source.id in known.sources else ""
    return PanelGroup(
        source.name,
        url,
        source.kind,
        source.affiliation,
        affiliation_class(source.affiliation),
        tuple(rows),
        source.id,
    )


# --- Home page ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexView:
    rows: tuple[ArticleRow, ...]
    claims: int
    places: int
    sources: int
    outlets: tuple[FilterOption, ...] = ()  # choices for narrowing the list in the browser
    place_options: tuple[FilterOption, ...] = ()
    months: tuple[FilterOption, ...] = ()


def index_view(site: Site) -> IndexView:
    known = {e.place.id for e in site.by_place}
    rows = tuple(
        ArticleRow(
            article_link(a),
            len(a.annotations.claims),
            len(a.annotations.sources),
            len(a.annotations.places),
            tuple(sorted({p.id for p in a.annotations.places if p.id in known})),
            a.published.isoformat()[:7] if a.published else "",
        )
        for a in site.articles
    )
    names = {e.place.id: e.place.name for e in site.by_place}
    return IndexView(
        rows,
        sum(r.claims for r in rows),
        len(site.by_place),
        len(site.by_source),
        outlets=_options(r.link.outlet for r in rows if r.link.outlet),
        place_options=_options((p for r in rows for p in r.place_ids), names),
        months=tuple(
            sorted(
                _options((r.month for r in rows if r.month), None, date_words),
                key=lambda o: o.key,
                reverse=True,
            )
        ),
    )


def _options(
    keys: Iterable[str],
    names: dict[str, str] | None = None,
    label: Callable[[str], str] | None = None,
) -> tuple[FilterOption, ...]:
    """Each distinct key with how often it occurs, sorted by its label."""
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1

    def shown(key: str) -> str:
        return label(key) if label else (names or {}).get(key, key)

    options = (FilterOption(k, shown(k), n) for k, n in counts.items())
    return tuple(sorted(options, key=lambda o: (o.label.casefold(), o.key)))


# --- Places -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceRow:
    name: str
    url: str
    kind: str
    articles: int


@dataclass(frozen=True, slots=True)
class PlaceGroupView:
    name: str
    anchor: str
    places: tuple[PlaceRow, ...]


@dataclass(frozen=True, slots=True)
class PlacesIndexView:
    groups: tuple[PlaceGroupView, ...]


def places_index_view(site: Site) -> PlacesIndexView:
    """Oblasts first (alphabetical), then countries' places, "Countries", "Other places"."""
    groups: dict[str, list[PlaceRow]] = {}
    for entry in site.by_place:
        p = entry.place
        groups.setdefault(entry.group, []).append(
            PlaceRow(p.name, urls.place(p.id), p.kind, len(entry.articles))
        )
    oblasts = {e.place.name for e in site.by_place if e.place.kind == "oblast"}

    def order(name: str) -> tuple[int, str]:
        rank = (
            0
            if name in oblasts
            else 2
            if name == "Countries"
            else 3
            if name == "Other places"
            else 1
        )
        return rank, name

    return PlacesIndexView(
        tuple(
            PlaceGroupView(
                name,
                "g-" + urls.slugify(name, "places"),
                tuple(sorted(groups[name], key=lambda r: (r.name.casefold(), r.url))),
            )
            for name in sorted(groups, key=order)
        )
    )


@dataclass(frozen=True, slots=True)
class PlaceView:
    name: str
    kind: str
    parent: NamedLink | None
    lat: float | None
    lon: float | None
    children: tuple[NamedLink, ...]
    nearby: tuple[NamedLink, ...]
    articles: tuple[ArticleLink, ...]
    claims: tuple[ClaimGroup, ...]
    metonymic: tuple[MentionRow, ...]


def place_view(
    entry: PlaceEntry, site_places: dict[str, PlaceEntry], sources: dict[str, Source], known: Known
) -> PlaceView:
    p = entry.place
    return PlaceView(
        name=p.name,
        kind=p.kind,
        parent=_place_link(p.parent, site_places) if p.parent else None,
        lat=p.lat,
        lon=p.lon,
        children=tuple(_place_link(i, site_places) for i in entry.children),
        nearby=tuple(_place_link(i, site_places) for i in entry.nearby),
        articles=tuple(article_link(a) for a in entry.articles),
        claims=claim_groups(entry.claims, sources, known),
        metonymic=tuple(_mention_row(r) for r in entry.metonymic),
    )


def _place_link(place_id: str, site_places: dict[str, PlaceEntry]) -> NamedLink:
    entry = site_places.get(place_id)
    if entry is None:
        return NamedLink(place_id, "")
    return NamedLink(entry.place.name, urls.place(place_id), entry.place.kind)


def _mention_row(ref: PlaceRef) -> MentionRow:
    span = ref.mention.span
    text = ref.article.document.text
    return MentionRow(
        span.text,
        _sentence_around(text, span.start, span.end),
        article_link(ref.article),
        urls.article(ref.article.slug),
    )


# --- Sources ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRow:
    name: str
    url: str
    kind: str
    claims: int
    articles: int


@dataclass(frozen=True, slots=True)
class SourceGroupView:
    name: str
    anchor: str
    css: str
    sources: tuple[SourceRow, ...]


@dataclass(frozen=True, slots=True)
class SourcesIndexView:
    groups: tuple[SourceGroupView, ...]


def sources_index_view(site: Site) -> SourcesIndexView:
    """Grouped by affiliation (alphabetical, "unknown" last); sources by name within."""
    groups: dict[str, list[SourceRow]] = {}
    for entry in site.by_source:
        s = entry.source
        groups.setdefault(s.affiliation or "unknown", []).append(
            SourceRow(s.name, urls.source(s.id), s.kind, len(entry.claims), len(entry.articles))
        )
    names = sorted(groups, key=lambda n: (n.casefold() == "unknown", n.casefold()))
    return SourcesIndexView(
        tuple(
            SourceGroupView(
                n,
                "g-" + urls.slugify(n, "unknown"),
                affiliation_class(n),
                tuple(sorted(groups[n], key=lambda r: (r.name.casefold(), r.url))),
            )
            for n in names
        )
    )


@dataclass(frozen=True, slots=True)
class SourceView:
    name: str
    kind: str
    affiliation: str
    css: str
    aliases: tuple[str, ...]
    registered: bool
    claims: tuple[ClaimGroup, ...]
    relayed: tuple[ClaimGroup, ...]
    claim_count: int


def source_view(entry: SourceEntry, sources: dict[str, Source], known: Known) -> SourceView:
    s = entry.source
    return SourceView(
        name=s.name,
        kind=s.kind,
        affiliation=s.affiliation,
        css=affiliation_class(s.affiliation),
        aliases=s.aliases,
        registered=s.registered,
        claims=claim_groups(entry.claims, sources, known),
        relayed=claim_groups(entry.relayed, sources, known),
        claim_count=len(entry.claims),
    )


# --- Dates ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayCell:
    day: int
    url: str
    label: str


@dataclass(frozen=True, slots=True)
class MonthView:
    name: str
    anchor: str
    weeks: tuple[tuple[DayCell | None, ...], ...]
    mentions: tuple[MentionRow, ...]  # expressions that name the whole month


@dataclass(frozen=True, slots=True)
class YearView:
    year: str
    anchor: str
    months: tuple[MonthView, ...]
    mentions: tuple[MentionRow, ...]  # expressions that name the whole year


@dataclass(frozen=True, slots=True)
class DatesIndexView:
    years: tuple[YearView, ...]
    weekdays: tuple[str, ...] = WEEKDAYS


def dates_index_view(site: Site) -> DatesIndexView:
    """A calendar per month that has a dated page or a month mention; years newest last."""
    by_key = {e.date: e for e in site.by_date}
    months = sorted({k[:7] for k in by_key if len(k) >= 7})
    years = sorted({k[:4] for k in by_key})
    return DatesIndexView(
        tuple(
            YearView(
                y,
                urls.year_anchor(y),
                tuple(_month_view(m, by_key) for m in months if m.startswith(y)),
                _date_mentions(by_key.get(y)),
            )
            for y in years
        )
    )


def _month_view(month: str, by_key: dict[str, DateEntry]) -> MonthView:
    year, number = int(month[:4]), int(month[5:])
    weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(year, number)
    return MonthView(
        name=f"{MONTHS[number - 1]} {year}",
        anchor=urls.month_anchor(month),
        weeks=tuple(tuple(_day_cell(month, d, by_key) for d in week) for week in weeks),
        mentions=_date_mentions(by_key.get(month)),
    )


def _day_cell(month: str, day: int, by_key: dict[str, DateEntry]) -> DayCell | None:
    if day == 0:
        return None
    iso = f"{month}-{day:02d}"
    entry = by_key.get(iso)
    if entry is None:
        return DayCell(day, "", "")
    label = (
        f"{date_words(iso)}: {_count(len(entry.published), 'article')} published, "
        f"{_count(len(entry.mentions), 'mention')}"
    )
    return DayCell(day, urls.date(iso), label)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _date_mentions(entry: DateEntry | None) -> tuple[MentionRow, ...]:
    if entry is None:
        return ()
    return tuple(
        MentionRow(
            r.mention.span.text,
            _sentence_around(r.article.document.text, r.mention.span.start, r.mention.span.end),
            article_link(r.article),
            urls.article(r.article.slug),
        )
        for r in entry.mentions
    )


@dataclass(frozen=True, slots=True)
class DateView:
    iso: str
    name: str
    weekday: str
    published: tuple[ArticleLink, ...]
    claims: tuple[ClaimGroup, ...]
    mentions: tuple[MentionRow, ...]
    month_url: str
    previous: NamedLink | None
    next: NamedLink | None


def date_view(
    entry: DateEntry,
    neighbours: tuple[str | None, str | None],
    sources: dict[str, Source],
    known: Known,
) -> DateView:
    day = dt.date.fromisoformat(entry.date)
    before, after = neighbours
    return DateView(
        iso=entry.date,
        name=date_words(entry.date),
        weekday=_WEEKDAY_NAMES[day.weekday()],
        published=tuple(article_link(a) for a in entry.published),
        claims=claim_groups(entry.claims, sources, known),
        mentions=_date_mentions(entry),
        month_url=urls.date(entry.date[:7]),
        previous=NamedLink(date_words(before), urls.date(before)) if before else None,
        next=NamedLink(date_words(after), urls.date(after)) if after else None,
    )


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_neighbours(days: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """For each day with a page, the previous and next days with pages."""
    return {
        d: (days[i - 1] if i > 0 else None, days[i + 1] if i + 1 < len(days) else None)
        for i, d in enumerate(days)
    }
