"""How a listing is cut into pages, where a page sits among them, and lazy page views."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from builder import urls

# How big a page of a listing that grows with the archive may get (the home page, a place's,
# a source's or a day's page, every mention of a month or year). A page holds whole articles,
# newest first: at most PAGE_ARTICLES of them, and no more claims and quoted mentions than
# PAGE_ROWS (an article with more than that on its own still gets one page, unsplit).
PAGE_ARTICLES = 50
PAGE_ROWS = 100
PAGE_WINDOW = 2  # page links shown on either side of the current page; the ends always show

T = TypeVar("T")


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
    unit: Any  # with `names`, an index into them
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
    every page), where the page sits (see page_parts), and each group's items on page k (a tuple
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
        parts = (*shown, *page_parts(len(pages), k, before, len(page), total))
        parts += tuple(group[k] for group in groups)
        before += len(page)
        yield LazyView(k + 1, len(pages), parts, functools.partial(make, k))


def page_parts(count: int, k: int, before: int, size: int, total: int) -> tuple[int, ...]:
    """What page k's view depends on besides its items: how many pages the listing has (the
    links), k, and the articles before it, on it and in all (the numbering). Not the sizes of
    the other pages: a boundary that moves between two later pages leaves this one as it was."""
    return (count, k, before, size, total)


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
