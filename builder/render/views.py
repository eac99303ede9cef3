"""Typed views: the small frozen values each page template is given instead of the Site."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import itertools
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from builder import urls
from builder.assemble.site import (
    ClaimRef,
    DateEntry,
    DateRef,
    PlaceEntry,
    PlaceRef,
    Site,
    SourceEntry,
)
from builder.model import Article, Claim, Source
from builder.render.highlight import Block, Known, Link, affiliation_class, render_body

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

# How big a page of a listing that grows with the archive may get (the home page, a place's,
# a source's or a day's page, every mention of a month or year). A page holds whole articles,
# newest first: at most PAGE_ARTICLES of them, and no more claims and quoted mentions than
# PAGE_ROWS (an article with more than that on its own still gets one page, unsplit).
PAGE_ARTICLES = 50
PAGE_ROWS = 100
PAGE_WINDOW = 2  # page links shown on either side of the current page; the ends always show
PERIOD_INLINE = 5  # mentions of a whole month or year shown beside the dates index's calendar

T = TypeVar("T")

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


def article_row(article: Article, places_known: frozenset[str], link: ArticleLink) -> ArticleRow:
    """An article's line on the home page (`places_known`: the places with pages)."""
    a = article.annotations
    return ArticleRow(
        link,
        len(a.claims),
        len(a.sources),
        len(a.places),
        tuple(sorted({p.id for p in a.places if p.id in places_known})),
        article.published.isoformat()[:7] if article.published else "",
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
    refs: Iterable[ClaimRef],
    sources: dict[str, Source],
    known: Known,
    link: Callable[[Article], ArticleLink] = article_link,
) -> tuple[ClaimGroup, ...]:
    """Claims grouped by article, in the order the refs come (the site's, newest first)."""
    groups: dict[str, tuple[Article, list[ClaimRow]]] = {}
    for ref in refs:
        groups.setdefault(ref.article.slug, (ref.article, []))[1].append(
            claim_row(ref, sources, known)
        )
    return tuple(ClaimGroup(link(a), tuple(rows)) for a, rows in groups.values())


# --- Pages of a listing ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageLink:
    number: int
    url: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where one page sits among its listing's pages, and the links between them.

    links: the first and last pages, and PAGE_WINDOW pages either side of this one; None
    stands for the pages left out between them. first/last/total count the listing's
    articles (1-based) so a page can say which of them it holds.
    """

    number: int
    count: int
    previous: str  # site URL of the page before, "" on the first
    next: str  # ... and after, "" on the last
    links: tuple[PageLink | None, ...]
    first: int
    last: int
    total: int


def paginate(
    units: Sequence[T],
    weight: Callable[[T], int] | None = None,
    names: Sequence[str] | None = None,
) -> tuple[tuple[Any, ...], ...]:
    """Consecutive units (articles) cut into pages of at most PAGE_ARTICLES units whose
    weights (their rows) add up to at most PAGE_ROWS; a unit is never split, so a page has
    at least one. No units still make one (empty) page: a listing always has its first.
    With `names`, units are indexes into it and pages hold the names."""
    pages: list[tuple[Any, ...]] = []
    current: list[Any] = []
    rows = 0
    for unit in units:
        w = weight(unit) if weight else 0
        if current and (len(current) >= PAGE_ARTICLES or rows + w > PAGE_ROWS):
            pages.append(tuple(current))
            current, rows = [], 0
        current.append(names[unit] if names is not None else unit)
        rows += w
    pages.append(tuple(current))
    return tuple(pages)


def pagination(url: str, pages: Sequence[Sequence[object]], number: int) -> Pagination:
    """Page `number` (1-based) of the listing at `url` cut into `pages`."""
    count = len(pages)
    shown = sorted(
        {1, count, *range(max(1, number - PAGE_WINDOW), min(count, number + PAGE_WINDOW) + 1)}
    )
    links: list[PageLink | None] = []
    for n in shown:
        if links and links[-1] is not None and n - links[-1].number == 2:
            links.append(PageLink(n - 1, urls.paged(url, n - 1)))  # a gap of one: show it
        elif links and links[-1] is not None and n - links[-1].number > 2:
            links.append(None)
        links.append(PageLink(n, urls.paged(url, n), n == number))
    before = sum(len(p) for p in pages[: number - 1])
    return Pagination(
        number=number,
        count=count,
        previous=urls.paged(url, number - 1) if number > 1 else "",
        next=urls.paged(url, number + 1) if number < count else "",
        links=tuple(links),
        first=before + 1 if pages[number - 1] else 0,
        last=before + len(pages[number - 1]),
        total=sum(len(p) for p in pages),
    )


@dataclass(frozen=True, slots=True)
class LazyView:
    """One page of a listing before its view is built. `parts` are the objects the view is
    made of, beyond the site-wide tables (frozen: the same objects make the same view, so a
    preview whose last build made this page from them need not build it); `make` builds it."""

    number: int  # 1-based
    count: int  # pages in the listing
    parts: tuple[object, ...]
    make: Callable[[], Any]


def lazy_pages(
    pages: Sequence[Sequence[object]],
    head: tuple[object, ...],
    groups: Sequence[Sequence[Sequence[object]]],
    make: Callable[[int], Any],
    first: tuple[object, ...] = (),
    skipped: Callable[[], Container[int]] | None = None,
) -> Iterator[LazyView]:
    """Each page k of a listing as a LazyView: its parts are `head` (what every page shows of
    the listing), `first` on page 1 only (the listing's totals, which later pages do not
    show: a claim added to a long listing changes its first page and the page holding it, not
    every page), where the page sits (see _parts), and each group's items on page k (a tuple
    each); make(k) builds its view. `skipped`, asked when the first page is wanted, gives the
    pages (0-based) the caller has taken as they were and wants no LazyView for (see
    Listings.skipped)."""
    skip = skipped() if skipped is not None else ()
    total = sum(len(p) for p in pages)  # once per listing, not once per page
    before = 0
    for k, page in enumerate(pages):
        if k in skip:
            before += len(page)
            continue
        shown = (*head, *first) if k == 0 else head
        parts = (*shown, *_parts(len(pages), k, before, len(page), total))
        parts += tuple(group[k] for group in groups)
        before += len(page)
        yield LazyView(k + 1, len(pages), parts, functools.partial(make, k))


def _parts(count: int, k: int, before: int, size: int, total: int) -> tuple[int, ...]:
    """What page k's view depends on besides its items: how many pages the listing has (the
    links), k, and the articles before it, on it and in all (the numbering). Not the sizes of
    the other pages: a boundary that moves between two later pages leaves this one as it was."""
    return (count, k, before, size, total)


class Listings:
    """How each growing listing of a site is cut into pages, and the small per-article
    summaries (link, counts) listing pages are built from, made once per article and build
    rather than once per page that lists the article.

    A listing's units are the articles it draws on, in the site's order (newest first); each
    method returns its pages as tuples of article slugs. cut() and split() are told which
    listing they work on (its kind and key, and its entry), so that a subclass can keep
    them from one build to the next (render.KeptListings).
    """

    def __init__(self, site: Site) -> None:
        self.site = site
        self.rank = {a.slug: i for i, a in enumerate(site.articles)}
        self.places_known = frozenset(e.place.id for e in site.by_place)
        self._links: dict[str, ArticleLink] = {}
        self._rows: dict[str, ArticleRow] = {}

    def link(self, article: Article) -> ArticleLink:
        found = self._links.get(article.slug)
        if found is None:
            found = self._links[article.slug] = article_link(article)
        return found

    def row(self, article: Article) -> ArticleRow:
        found = self._rows.get(article.slug)
        if found is None:
            found = self._rows[article.slug] = article_row(
                article, self.places_known, self.link(article)
            )
        return found

    def shown(
        self, item: object, sources: dict[str, Source], known: Known, rows: bool = False
    ) -> object:
        """What a listing page shows of one of its items, made afresh (not the row kept for
        its slug: `item` may be an article of the last build): an article's link (with
        `rows`, as on the home page: its row, link and counts), a claim's row with its
        article's link, a mention's row; None for anything else."""
        if isinstance(item, Article) and rows:
            return article_row(item, self.places_known, article_link(item))
        if isinstance(item, Article):
            return article_link(item)
        if isinstance(item, ClaimRef):
            return claim_row(item, sources, known), article_link(item.article)
        if isinstance(item, (PlaceRef, DateRef)):
            return _mention_row(item)
        return None

    def units(
        self, articles: Iterable[Article], rows: Sequence[Sequence[Ref]]
    ) -> tuple[list[str], list[int]]:
        """A listing's units (the slugs of `articles` and of the articles the rows are in,
        in the site's order) and each one's weight (its rows)."""
        weights = Counter(map(_ref_slug, itertools.chain.from_iterable(rows)))
        units = sorted({a.slug for a in articles}.union(weights), key=self.rank.__getitem__)
        return units, [weights[u] for u in units]

    def cut(
        self,
        kind: str,
        key: str,
        entry: object,
        articles: Sequence[Article],
        rows: Sequence[Sequence[Ref]],
    ) -> tuple[tuple[str, ...], ...]:
        """The pages of the listing `kind`/`key` (made from `entry`)."""
        units, weights = self.units(articles, rows)
        return paginate(range(len(units)), weights.__getitem__, units)

    def split(
        self,
        kind: str,
        key: str,
        entry: object,
        pages: Sequence[Sequence[str]],
        *groups: tuple[Sequence[Any], Callable[[Any], str]],
    ) -> list[list[tuple[Any, ...]]]:
        """Each group's items (with the slug of each one's article) bucketed by page."""
        return [split(pages, items, slug, self.rank) for items, slug in groups]

    def head(self, kind: str, key: str, head: tuple[object, ...]) -> None:
        """Told what every page of listing `kind`/`key` shows of it (LazyView.parts' head)."""

    def skipped(self, kind: str, key: str) -> Container[int]:
        """The pages (0-based) of listing `kind`/`key` the caller took as the last build made
        them, for which lazy_pages() yields no LazyView: none here (see render.KeptListings)."""
        return ()

    def home(self) -> tuple[tuple[str, ...], ...]:
        """Every article, PAGE_ARTICLES a page (paginate() without weights)."""
        slugs = [a.slug for a in self.site.articles]
        step = PAGE_ARTICLES
        return tuple(tuple(slugs[i : i + step]) for i in range(0, len(slugs), step)) or ((),)

    def claims(self) -> int:
        """How many claims the archive's articles make."""
        return sum(len(a.annotations.claims) for a in self.site.articles)

    def place(self, entry: PlaceEntry) -> tuple[tuple[str, ...], ...]:
        rows = (entry.claims, entry.metonymic)
        return self.cut("place", entry.place.id, entry, entry.articles, rows)

    def source(self, entry: SourceEntry) -> tuple[tuple[str, ...], ...]:
        return self.cut("source", entry.source.id, entry, (), (entry.claims, entry.relayed))

    def day(self, entry: DateEntry) -> tuple[tuple[str, ...], ...]:
        return self.cut("day", entry.date, entry, entry.published, (entry.claims, entry.mentions))

    def period(self, entry: DateEntry) -> tuple[tuple[str, ...], ...]:
        return self.cut("period", entry.date, entry, (), (entry.mentions,))

    def periods(self) -> tuple[DateEntry, ...]:
        """Months and years named as a whole more often than the dates index shows: each
        has pages of its own with all its mentions."""
        return tuple(e for e in self.site.by_date if has_period_pages(e))

    def page_urls(self) -> Iterator[tuple[str, int]]:
        """(first page's site URL, number of pages) of every listing, in a stable order."""
        yield urls.HOME, len(self.home())
        for p in self.site.by_place:
            yield urls.place(p.place.id), len(self.place(p))
        for s in self.site.by_source:
            yield urls.source(s.source.id), len(self.source(s))
        for d in self.site.by_date:
            if d.is_day:
                yield urls.date(d.date), len(self.day(d))
        for d in self.periods():
            yield urls.period(d.date), len(self.period(d))


Ref = ClaimRef | PlaceRef | DateRef


def has_period_pages(entry: DateEntry) -> bool:
    return len(entry.date) in (4, 7) and len(entry.mentions) > PERIOD_INLINE


def split(
    pages: Sequence[Sequence[str]],
    items: Iterable[T],
    slug: Callable[[T], str],
    rank: dict[str, int] | None = None,
) -> list[tuple[T, ...]]:
    """Items bucketed by the page their article is on, keeping their order. Items come in the
    site's order, as the pages cut it: each page's items are one run, found by bisection on
    the articles' `rank` in the site (a long listing holds tens of thousands of items; a look
    at each costs more)."""
    ordered = items if isinstance(items, (list, tuple)) else list(items)
    if rank is None:
        rank = {s: n for n, s in enumerate(s for page in pages for s in page)}
    return [split_page(pages, k, ordered, slug, rank) for k in range(len(pages))]


def split_page(
    pages: Sequence[Sequence[str]],
    k: int,
    ordered: Sequence[T],
    slug: Callable[[T], str],
    rank: dict[str, int],
) -> tuple[T, ...]:
    """The items of page k (see split)."""

    def order(item: T) -> int:
        return rank[slug(item)]

    page = pages[k]
    if not page:
        return ()
    start = bisect.bisect_left(ordered, rank[page[0]], key=order)
    following = pages[k + 1] if k + 1 < len(pages) else ()
    end = bisect.bisect_left(ordered, rank[following[0]], key=order) if following else len(ordered)
    bucket = tuple(ordered[start:end])
    if bucket and not (slug(bucket[0]) in page and slug(bucket[-1]) in page):
        wanted = set(page)  # not in the pages' order after all: one look at each
        bucket = tuple(item for item in ordered if slug(item) in wanted)
    return bucket


def _ref_slug(ref: ClaimRef | PlaceRef | DateRef) -> str:
    return ref.article.slug


def _slug(article: Article) -> str:
    return article.slug


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
    """One page of the home page's article list; the counts are the whole archive's."""

    rows: tuple[ArticleRow, ...]
    claims: int
    places: int
    sources: int
    outlets: tuple[FilterOption, ...] = ()  # choices for narrowing this page's list in the browser
    place_options: tuple[FilterOption, ...] = ()
    months: tuple[FilterOption, ...] = ()
    articles: int = 0
    pagination: Pagination | None = None


def index_pages(site: Site, listings: Listings) -> Iterator[LazyView]:
    """The home page's pages, each with the filter choices its own rows offer.
    Each view is built only when asked for (LazyView.make)."""
    names = {e.place.id: e.place.name for e in site.by_place}
    claims = listings.claims()
    pages = listings.home()
    totals = (claims, len(site.by_place), len(site.by_source), len(site.articles))
    total, before = sum(len(p) for p in pages), 0
    skip = listings.skipped("home", "")
    for number, page in enumerate(pages, 1):
        if number - 1 in skip:
            before += len(page)
            continue
        articles = site.articles[before : before + len(page)]  # the home page lists them all
        make = functools.partial(
            _index_view, articles, site, listings, names, claims, pages, number
        )
        shown = totals if number == 1 else totals[-1:]  # later pages count the articles only
        parts = (*shown, *_parts(len(pages), number - 1, before, len(page), total), articles)
        before += len(page)
        yield LazyView(number, len(pages), parts, make)


def _index_view(
    articles: Sequence[Article],
    site: Site,
    listings: Listings,
    names: dict[str, str],
    claims: int,
    pages: tuple[tuple[str, ...], ...],
    number: int,
) -> IndexView:
    rows = tuple(listings.row(a) for a in articles)
    first = number == 1  # later pages show the count of articles, not the other totals
    return IndexView(
        rows,
        claims if first else 0,
        len(site.by_place) if first else 0,
        len(site.by_source) if first else 0,
        outlets=_options(r.link.outlet for r in rows if r.link.outlet),
        place_options=_options((p for r in rows for p in r.place_ids), names),
        months=tuple(
            sorted(
                _options((r.month for r in rows if r.month), None, date_words),
                key=lambda o: o.key,
                reverse=True,
            )
        ),
        articles=len(site.articles),
        pagination=pagination(urls.HOME, pages, number),
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
    pagination: Pagination | None = None


def place_pages(
    entry: PlaceEntry,
    site_places: dict[str, PlaceEntry],
    sources: dict[str, Source],
    known: Known,
    listings: Listings,
) -> Iterator[LazyView]:
    """A place's pages: each holds some of the articles that name it, newest first, with the
    claims and metonymic mentions in those articles.
    Each view is built only when asked for (LazyView.make)."""
    p = entry.place
    pages = listings.place(entry)
    articles, claims, metonymic = listings.split(
        "place",
        p.id,
        entry,
        pages,
        (entry.articles, _slug),
        (entry.claims, _ref_slug),
        (entry.metonymic, _ref_slug),
    )
    head = (p, entry.children, entry.nearby)
    listings.head("place", p.id, head)

    def make(k: int) -> PlaceView:
        return PlaceView(
            name=p.name,
            kind=p.kind,
            parent=_place_link(p.parent, site_places) if p.parent else None,
            lat=p.lat,
            lon=p.lon,
            children=tuple(_place_link(i, site_places) for i in entry.children),
            nearby=tuple(_place_link(i, site_places) for i in entry.nearby),
            articles=tuple(listings.link(a) for a in articles[k]),
            claims=claim_groups(claims[k], sources, known, listings.link),
            metonymic=tuple(_mention_row(r, listings.link) for r in metonymic[k]),
            pagination=pagination(urls.place(p.id), pages, k + 1),
        )

    skipped = functools.partial(listings.skipped, "place", p.id)
    return lazy_pages(pages, head, (articles, claims, metonymic), make, skipped=skipped)


def _place_link(place_id: str, site_places: dict[str, PlaceEntry]) -> NamedLink:
    entry = site_places.get(place_id)
    if entry is None:
        return NamedLink(place_id, "")
    return NamedLink(entry.place.name, urls.place(place_id), entry.place.kind)


def _mention_row(
    ref: PlaceRef | DateRef, link: Callable[[Article], ArticleLink] = article_link
) -> MentionRow:
    """An expression with the sentence around it (cut from the article's plain text)."""
    span = ref.mention.span
    return MentionRow(
        span.text,
        _sentence_around(ref.article.document.text, span.start, span.end),
        link(ref.article),
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
    claim_count: int  # the whole archive's, on page 1 only (0 on later pages)
    relayed_count: int = 0  # likewise
    claimed: bool = False  # whether any page lists a claim of its own
    pagination: Pagination | None = None


def source_pages(
    entry: SourceEntry, sources: dict[str, Source], known: Known, listings: Listings
) -> Iterator[LazyView]:
    """A source's pages: each holds the claims it made or relayed in some of the articles,
    newest first; the counts are the whole archive's, shown on page 1 only (as the home
    page's), so a later page's view does not carry them.
    Each view is built only when asked for (LazyView.make)."""
    s = entry.source
    pages = listings.source(entry)
    claims, relayed = listings.split(
        "source", s.id, entry, pages, (entry.claims, _ref_slug), (entry.relayed, _ref_slug)
    )
    head = (s, bool(entry.claims))
    listings.head("source", s.id, head)
    totals = (len(entry.claims), len(entry.relayed))

    def make(k: int) -> SourceView:
        return SourceView(
            name=s.name,
            kind=s.kind,
            affiliation=s.affiliation,
            css=affiliation_class(s.affiliation),
            aliases=s.aliases,
            registered=s.registered,
            claims=claim_groups(claims[k], sources, known, listings.link),
            relayed=claim_groups(relayed[k], sources, known, listings.link),
            claim_count=totals[0] if k == 0 else 0,
            relayed_count=totals[1] if k == 0 else 0,
            claimed=bool(entry.claims),
            pagination=pagination(urls.source(s.id), pages, k + 1),
        )

    skipped = functools.partial(listings.skipped, "source", s.id)
    return lazy_pages(pages, head, (claims, relayed), make, totals, skipped)


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
    mentions: tuple[MentionRow, ...]  # expressions that name the whole month (the newest)
    more: NamedLink | None = None  # the page with all of them, when there are more


@dataclass(frozen=True, slots=True)
class YearView:
    year: str
    anchor: str
    months: tuple[MonthView, ...]
    mentions: tuple[MentionRow, ...]  # expressions that name the whole year (the newest)
    more: NamedLink | None = None


@dataclass(frozen=True, slots=True)
class DatesIndexView:
    years: tuple[YearView, ...]
    weekdays: tuple[str, ...] = WEEKDAYS


def dates_index_view(site: Site, listings: Listings | None = None) -> DatesIndexView:
    """A calendar per month that has a dated page or a month mention; years newest last.
    A month or year named as a whole shows its newest PERIOD_INLINE mentions and links to
    the pages with all of them."""
    listings = listings or Listings(site)
    by_key = {e.date: e for e in site.by_date}
    months = sorted({k[:7] for k in by_key if len(k) >= 7})
    years = sorted({k[:4] for k in by_key})
    return DatesIndexView(
        tuple(
            YearView(
                y,
                urls.year_anchor(y),
                tuple(_month_view(m, by_key, listings) for m in months if m.startswith(y)),
                *_period_mentions(by_key.get(y), listings),
            )
            for y in years
        )
    )


def _month_view(month: str, by_key: dict[str, DateEntry], listings: Listings) -> MonthView:
    year, number = int(month[:4]), int(month[5:])
    weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(year, number)
    return MonthView(
        f"{MONTHS[number - 1]} {year}",
        urls.month_anchor(month),
        tuple(tuple(_day_cell(month, d, by_key) for d in week) for week in weeks),
        *_period_mentions(by_key.get(month), listings),
    )


def _period_mentions(
    entry: DateEntry | None, listings: Listings
) -> tuple[tuple[MentionRow, ...], NamedLink | None]:
    """The mentions of a month or year shown on the index, and the link to all of them."""
    if entry is None:
        return (), None
    if not has_period_pages(entry):
        return tuple(_mention_row(r, listings.link) for r in entry.mentions), None
    shown = tuple(_mention_row(r, listings.link) for r in entry.mentions[:PERIOD_INLINE])
    name = date_words(entry.date)
    return shown, NamedLink(
        f"All {len(entry.mentions)} mentions of {name}", urls.period(entry.date), name
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


@dataclass(frozen=True, slots=True)
class PeriodView:
    """One page of the mentions of a whole month or year."""

    iso: str
    name: str
    calendar_url: str
    mentions: tuple[MentionRow, ...]
    total: int  # the whole archive's mentions, on page 1 only (0 on later pages)
    pagination: Pagination


def period_pages(entry: DateEntry, listings: Listings) -> Iterator[LazyView]:
    """A period's pages (a month or a year), each built only when asked for (LazyView.make)."""
    pages = listings.period(entry)
    (mentions,) = listings.split("period", entry.date, entry, pages, (entry.mentions, _ref_slug))

    def make(k: int) -> PeriodView:
        return PeriodView(
            entry.date,
            date_words(entry.date),
            urls.date(entry.date),
            tuple(_mention_row(r, listings.link) for r in mentions[k]),
            len(entry.mentions) if k == 0 else 0,
            pagination(urls.period(entry.date), pages, k + 1),
        )

    head = (entry.date,)
    listings.head("period", entry.date, head)
    skipped = functools.partial(listings.skipped, "period", entry.date)
    return lazy_pages(pages, head, (mentions,), make, (len(entry.mentions),), skipped)


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
    published_any: bool = False  # whether any article was published that day (not how many)
    pagination: Pagination | None = None


def date_pages(
    entry: DateEntry,
    neighbours: tuple[str | None, str | None],
    sources: dict[str, Source],
    known: Known,
    listings: Listings,
) -> Iterator[LazyView]:
    """A day's pages: each holds some of the articles published that day or referring to
    it, newest first, with their claims about the day and mentions of it.
    Each view is built only when asked for (LazyView.make)."""
    day = dt.date.fromisoformat(entry.date)
    before, after = neighbours
    pages = listings.day(entry)
    published, claims, mentions = listings.split(
        "day",
        entry.date,
        entry,
        pages,
        (entry.published, _slug),
        (entry.claims, _ref_slug),
        (entry.mentions, _ref_slug),
    )
    head = (entry.date, before, after, bool(entry.published))  # a page shows no total
    listings.head("day", entry.date, head)

    def make(k: int) -> DateView:
        return DateView(
            iso=entry.date,
            name=date_words(entry.date),
            weekday=_WEEKDAY_NAMES[day.weekday()],
            published=tuple(listings.link(a) for a in published[k]),
            claims=claim_groups(claims[k], sources, known, listings.link),
            mentions=tuple(_mention_row(r, listings.link) for r in mentions[k]),
            month_url=urls.date(entry.date[:7]),
            previous=NamedLink(date_words(before), urls.date(before)) if before else None,
            next=NamedLink(date_words(after), urls.date(after)) if after else None,
            published_any=bool(entry.published),
            pagination=pagination(urls.date(entry.date), pages, k + 1),
        )

    skipped = functools.partial(listings.skipped, "day", entry.date)
    return lazy_pages(pages, head, (published, claims, mentions), make, skipped=skipped)


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_neighbours(days: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """For each day with a page, the previous and next days with pages."""
    return {
        d: (days[i - 1] if i > 0 else None, days[i + 1] if i + 1 < len(days) else None)
        for i, d in enumerate(days)
    }
