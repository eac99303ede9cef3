"""Site → every output file in memory: HTML pages from Jinja templates, JSON, feed, sitemap."""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, pass_context
from jinja2.runtime import Context

from builder import urls
from builder.assemble.site import Site
from builder.incremental.replaced import replaced
from builder.model import Article, SiteConfig, Source
from builder.render import escape, export, feeds, views
from builder.render.fragments import Fragments, current_page
from builder.render.highlight import Known
from builder.render.views.article_page import ArticleView


@dataclass(frozen=True, slots=True)
class SiteMeta:
    """What every page shows about the site."""

    title: str
    description: str
    language: str
    author: str


@dataclass(frozen=True, slots=True)
class PageMeta:
    """One page: its site URL, its <title>, its section in the nav, and how it links."""

    url: str
    title: str
    description: str
    section: str
    canonical: str
    link: urls.Linker


# Asked before a page is rendered, with its output path and a digest of everything it shows
# (template, page metadata, view): True when the build took the previous build's file for
# that digest instead, so the page is not rendered again.
Recall = Callable[[str, str], bool]


class Groups(Protocol):
    """Asked for each entry of the Site that has pages of its own (a place, source, day or
    period): take() is True when every page of the entry was taken from the previous build,
    so that none of its views is even built; made() is told the pages of an entry that was
    not taken, once they are all rendered (or recalled). take_page() and made_page() do the
    same for one page of a listing (an entry's or the home page's)."""

    def take(self, entry: object) -> bool: ...

    def made(self, entry: object, pages: list[str]) -> None: ...

    def take_page(self, rel: str, parts: tuple[object, ...]) -> bool:
        """Whether listing page `rel`, made of `parts` (see views.LazyView), was taken from
        the previous build, so that its view is not built."""
        ...

    def made_page(self, rel: str, parts: tuple[object, ...]) -> None: ...


def take_pages(groups: Groups, rels: list[str], basis: object) -> bool:
    """Groups may also answer take_pages(rels, basis): take listing pages `rels` all at once
    as the previous build made them, with the parts it made them of, without being shown
    the parts: the renderer found them the same, page for page, by the listing's cut kept
    from that build (`basis`: KeptListings.basis, which says which build that was). False
    (none taken) when any cannot be."""
    method = getattr(groups, "take_pages", None)
    return bool(method(rels, basis)) if method is not None and rels else False


def take_alike(
    groups: Groups, rel: str, parts: tuple[object, ...], r: _Renderer, rows: bool
) -> bool:
    """Groups may also answer take_alike(rel, parts, alike, basis): take listing page `rel`
    as the previous build made it when `alike(its parts then, parts)` says the two show the
    same (see _Renderer.alike, and `rows` there; `basis`: KeptListings.basis, the build whose
    parts and tables are compared). False when the page cannot be taken so."""
    method = getattr(groups, "take_alike", None)
    if method is None:
        return False
    return bool(method(rel, parts, functools.partial(r.alike, rows=rows), r.listings.basis))


def changed_page(groups: Groups, rel: str) -> bool:
    """Groups may also answer changed_page(rel): whether the previous build of this process
    made listing page `rel` from other parts than it has now (asked when take_page() is
    False). Its page is then rendered without a digest of its view, which costs more than
    rendering it (and the write step leaves a file whose bytes did not change as it was)."""
    method = getattr(groups, "changed_page", None)
    return bool(method(rel)) if method is not None else False


def page_digest(template: str, page: PageMeta, view: Any) -> str:
    """A hash of what a page shows besides the site-wide settings and templates. Views are
    frozen dataclasses whose repr spells out every field, so equal digests mean equal pages
    (an object whose repr hides its state only costs a re-render: its repr is not stable)."""
    shown = repr((template, page, view)).encode()
    return hashlib.blake2b(shown, digest_size=20).hexdigest()


@pass_context
def _url_filter(context: Context, target: str) -> str:
    """`{{ "places/" | url }}`: a link from the current page to a site URL."""
    page: PageMeta = current_page(context)
    return page.link(target)


_environments: dict[str, Environment] = {}


def environment(templates_dir: Path) -> Environment:
    """make_environment(), built once per templates folder and process: a preview rebuilds in
    the same process, and Jinja recompiles only the templates whose files changed. They are
    checked here, when a build (or a worker's article page) asks for the environment, not
    each time a page names them (four or five times a page: a stat each)."""
    key = str(templates_dir)
    env = _environments.get(key)
    if env is None:
        env = _environments[key] = make_environment(templates_dir)
    elif env.cache is not None:
        for name in [name for name, t in env.cache.items() if not t.is_up_to_date]:
            del env.cache[name]
    return env


def compile_all(templates_dir: Path) -> None:
    """Compile every template of the folder into its environment now, not when a page first
    needs it: a preview does so once a build is complete, so that an edit whose pages use a
    template no earlier build of the process rendered (the article page, whose first pages the
    workers rendered) does not wait for it. A template that fails to compile is left for the
    build that uses it to report."""
    env = environment(templates_dir)
    for name in env.list_templates(extensions=("html",)):
        try:
            env.get_template(name)
        except TemplateError:
            continue


def make_environment(templates_dir: Path) -> Environment:
    """The one Jinja environment: autoescape everywhere (see escape.Environment), undefined
    names are errors."""
    env = escape.Environment(
        loader=FileSystemLoader(str(templates_dir)),
        auto_reload=False,  # environment() checks the files instead
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["url"] = _url_filter
    env.globals["paths"] = {
        "home": urls.HOME,
        "places": urls.PLACES,
        "dates": urls.DATES,
        "sources": urls.SOURCES,
        "feed": urls.FEED,
        "stylesheet": urls.STYLESHEET,
        "script": urls.SCRIPT,
        "search": urls.SEARCH,
        "search_ui": urls.SEARCH_UI,
        "archive": urls.ARTICLES_DATA,
    }
    return env


class _Pages:
    """Renders pages with one environment: what every page needs, whatever site it is in."""

    def __init__(
        self,
        config: SiteConfig,
        templates_dir: Path,
        explicit_index: bool,
        recall: Recall | None = None,
    ):
        self.recall = recall
        self.config = config
        self.env = environment(templates_dir)
        self.meta = SiteMeta(config.title, config.description, config.language, config.author)
        self.explicit_index = explicit_index
        self.fragments = Fragments()  # the templates' memo(), for this build's pages

    def page(
        self,
        template: str,
        url: str,
        title: str,
        section: str,
        view: Any,
        description: str = "",
        absolute_links: bool = False,
        digest: bool = True,
    ) -> tuple[str, bytes | None]:
        """The page's output path and bytes; None instead of bytes when `recall` took the
        previous build's file for it (it is not asked without `digest`)."""
        link = urls.Linker(url, self.config.base_url, absolute_links, self.explicit_index)
        page = PageMeta(
            url,
            title,
            description or self.config.description,
            section,
            urls.absolute(url, self.config.base_url),
            link,
        )
        rel = urls.output_path(url)
        recall = self.recall
        if digest and recall is not None and recall(rel, page_digest(template, page, view)):
            return rel, None
        html = self.env.get_template(template).render(
            site=self.meta, page=page, view=view, memo=self.fragments.memo
        )
        return rel, html.encode("utf-8")

    def linker(self, url: str) -> urls.Linker:
        return urls.Linker(url, self.config.base_url, False, self.explicit_index)


class _Renderer(_Pages):
    """_Pages with the site-wide lookups of one Site, built once."""

    def __init__(
        self,
        site: Site,
        config: SiteConfig,
        templates_dir: Path,
        explicit_index: bool,
        skip: frozenset[str] = frozenset(),
        recall: Recall | None = None,
        groups: Groups | None = None,
    ):
        super().__init__(config, templates_dir, explicit_index, recall)
        self.site = site
        self.skip = skip
        self.groups = groups
        self.known = Known(site.place_ids(), site.day_ids(), site.source_ids())
        self.sources: dict[str, Source] = {e.source.id: e.source for e in site.by_source}
        self.listings = KeptListings(site)
        self._same_tables: bool | None = None  # worked out when alike() is first asked

    def alike(self, old: tuple[object, ...], new: tuple[object, ...], rows: bool = False) -> bool:
        """Whether a listing page made of `old` parts by the build the kept listings are
        from (KeptListings.basis) shows what one made of `new` parts shows now: the tables
        every row is drawn from (the ids with pages, the sources) are equal to that build's,
        and the parts are the same but for items whose rows are equal (an edit that leaves
        what a listing shows of an article as it was: its title, its claims' words, the
        sentences around its mentions). Compared, not rendered: a row is a few small values.
        `rows`: the page shows its articles as rows with their counts (the home page)."""
        if self._same_tables is None:
            kept = _kept_tables[0] if _kept_tables else None
            self._same_tables = (
                kept is not None
                and kept[0] is self.listings.basis
                and kept[1] == self.known
                and kept[2] == self.sources
            )
        if not self._same_tables or len(old) != len(new):
            return False
        return all(x is y or self._alike(x, y, rows) for x, y in zip(old, new))

    def _alike(self, x: object, y: object, rows: bool) -> bool:
        """Two parts of a page (or two items of a part), as alike() compares them: counts and
        ids equal, tuples item by item, items (articles, claims, mentions) by their rows."""
        if type(x) is not type(y):
            return False
        if isinstance(x, tuple):
            assert isinstance(y, tuple)
            return len(x) == len(y) and all(a is b or self._alike(a, b, rows) for a, b in zip(x, y))
        if isinstance(x, (int, str, bool)) or x is None:
            return x == y
        shown = self.listings.shown(x, self.sources, self.known, rows)
        return shown is not None and shown == self.listings.shown(y, self.sources, self.known, rows)

    def keep(self) -> None:
        """This build's cuts and tables are the next build's to compare with."""
        self.listings.keep()
        _kept_tables[:] = [(self.listings.kept_basis, self.known, self.sources)]


# Per process: the tables the last render drew its rows from, with the basis its cuts were
# kept under (see _Renderer.alike).
_kept_tables: list[tuple[object, Known, dict[str, Source]]] = []


@dataclass(slots=True)
class _Cut:
    """How one listing was cut: its entry, its units (slugs in the site's order) with their
    weights, its pages, where each page starts among the units, and each group's items
    bucketed by page once split() was asked for them."""

    entry: object
    units: list[str]
    weights: list[int]
    pages: tuple[tuple[str, ...], ...]
    starts: list[int]
    buckets: list[tuple[tuple[object, ...], ...]] | None = None
    head: tuple[object, ...] | None = None  # what every page shows of the listing


def _new_cut(
    entry: object, units: list[str], weights: list[int], pages: tuple[tuple[str, ...], ...]
) -> _Cut:
    starts = [0, *itertools.accumulate(len(p) for p in pages)][:-1]
    return _Cut(entry, units, weights, pages, starts)


# Per process: how the last build cut each listing, by its kind and key, and the articles of
# the Site it was cut from (the objects a preview's update of the Site keeps).
_cuts: dict[tuple[str, str], _Cut] = {}
_last_articles: list[tuple[Article, ...]] = []
_basis: list[object] = [object()]  # names the build _cuts were kept from (see KeptListings.basis)
_last_claims: list[int] = []  # ... and how many claims they make


class KeptListings(views.Listings):
    """views.Listings keeping each listing's cut from this process's last build: a
    preview's edit leaves the listings of the entries it did not touch as the very objects
    they were (their cut is taken as it was), and in the listings it touched it changes a
    few articles: those are cut again from the page that holds the first of them until a
    page starts where one started before, past them all (the rest is the same pages, as
    paginate() would cut them), and the items of each unchanged page are taken as they were
    bucketed. keep() makes this build's cuts the next one's."""

    def __init__(self, site: Site) -> None:
        super().__init__(site)
        self.made: dict[tuple[str, str], _Cut] = {}
        self._changed: list[frozenset[str] | None] = []
        self._claims: list[int] = []  # the archive's count of claims, once asked
        self._names: dict[int, tuple[str, str]] = {}  # id(entry) -> its listing's name
        self._skipped: dict[tuple[str, str], frozenset[int]] = {}
        # The build the kept cuts were made by: unchanged() compares with its pages, so
        # whoever takes them must hold that build's pages (a build that failed after
        # rendering kept its cuts, but left the previous build's pages in place).
        self.basis = _basis[0]
        self.kept_basis = object()  # what basis the next build's listings will have

    def changed(self) -> frozenset[str] | None:
        """The slugs of the articles that are not the very objects the last build's Site
        had at the same place in its order; None when the order or the count changed, or
        too many did."""
        if not self._changed:
            found: frozenset[str] | None = None
            articles = self.site.articles
            last = _last_articles[0] if _last_articles else None
            at = replaced(last, articles)
            if last is not None and at is not None:
                pairs = [(last[n], articles[n]) for n in at]
                if all(a.slug == b.slug for a, b in pairs):
                    found = frozenset(b.slug for _, b in pairs)
            self._changed.append(found)
        return self._changed[0]

    def cut(
        self,
        kind: str,
        key: str,
        entry: object,
        articles: Sequence[Article],
        rows: Sequence[Sequence[views.Ref]],
    ) -> tuple[tuple[str, ...], ...]:
        name = (kind, key)
        self._names[id(entry)] = name
        found = self.made.get(name) or _cuts.get(name)
        if found is not None and found.entry is entry:
            self.made[name] = found
            return found.pages
        changed = self.changed() if found is not None else None
        if found is not None and changed is not None:
            made = self._recut(found, entry, articles, rows, changed)
        else:
            units, weights = self.units(articles, rows)
            pages = views.paginate(range(len(units)), weights.__getitem__, units)
            made = _new_cut(entry, units, weights, pages)
        self.made[name] = made
        return made.pages

    def _recut(
        self,
        last: _Cut,
        entry: object,
        articles: Sequence[Article],
        rows: Sequence[Sequence[views.Ref]],
        changed: frozenset[str],
    ) -> _Cut:
        """`last` with the changed articles' units and weights as `entry` has them, cut
        again around them."""
        rank = self.rank
        units, weights = last.units, last.weights
        edits: list[tuple[int, bool, int, str]] = []  # (position, present now, weight, slug)
        for slug in changed:
            r = rank[slug]
            weight = sum(_run(row, r, rank, _ref_rank) for row in rows)
            present = weight > 0 or _run(articles, r, rank, _article_rank) > 0
            i = bisect.bisect_left(units, r, key=rank.__getitem__)
            there = i < len(units) and units[i] == slug
            if there != present or (there and weights[i] != weight):
                edits.append((i, present, weight, slug))
        if not edits:  # the same pages (the items of those that hold a changed article may differ)
            return _Cut(entry, units, weights, last.pages, last.starts)
        units, weights = list(units), list(weights)
        for i, present, weight, slug in sorted(edits, reverse=True):
            if present and i < len(units) and units[i] == slug:
                weights[i] = weight
            elif present:
                units.insert(i, slug)
                weights.insert(i, weight)
            else:
                del units[i], weights[i]
        # Positions in the new units: a change is at or before its unit's position.
        at = rank.__getitem__
        last_change = max(bisect.bisect_left(units, rank[s], key=at) for *_, s in edits)
        first_change = min(i for i, *_ in edits)
        pages = _repaginate(last, units, weights, first_change, last_change)
        return _new_cut(entry, units, weights, pages)

    def split(
        self,
        kind: str,
        key: str,
        entry: object,
        pages: Sequence[Sequence[str]],
        *groups: tuple[Sequence[Any], Callable[[Any], str]],
    ) -> list[list[tuple[Any, ...]]]:
        made = self.made.get((kind, key))
        last = _cuts.get((kind, key))
        if made is None or made.pages is not pages:
            return super().split(kind, key, entry, pages, *groups)
        if made.buckets is not None and len(made.buckets) == len(groups):
            return [list(b) for b in made.buckets]
        kept: dict[int, int] = {}  # page k -> the same page object's number in the last cut
        old: list[tuple[tuple[object, ...], ...]] = []  # the last cut's buckets, when kept
        if last is not None and last.buckets is not None and len(last.buckets) == len(groups):
            old = last.buckets
            holding = self._holding(made)
            numbers = {id(page): j for j, page in enumerate(last.pages)}
            for k, page in enumerate(pages):
                j = numbers.get(id(page))
                if j is not None and last.pages[j] is page and k not in holding:
                    kept[k] = j
        buckets = []
        for g, (items, slug) in enumerate(groups):
            ordered = items if isinstance(items, (list, tuple)) else list(items)
            buckets.append(
                tuple(
                    old[g][kept[k]]
                    if k in kept
                    else views.split_page(pages, k, ordered, slug, self.rank)
                    for k in range(len(pages))
                )
            )
        made.buckets = buckets
        return [list(b) for b in buckets]

    def head(self, kind: str, key: str, head: tuple[object, ...]) -> None:
        made = self.made.get((kind, key))
        if made is not None and made.head is None:
            made.head = head

    def skipped(self, kind: str, key: str) -> frozenset[int]:
        return self._skipped.get((kind, key), frozenset())

    def skip(self, name: tuple[str, str], pages: Iterable[int]) -> None:
        """Pages (0-based) of listing `name` taken as they were: lazy_pages() skips them."""
        self._skipped[name] = frozenset(pages)

    def unchanged(self, entry: object) -> tuple[tuple[str, str], list[int]] | None:
        """The name of `entry`'s listing and the pages (0-based) that are, part for part,
        the pages of the last build's cut of it (see views.LazyView.parts): the same tuple
        of articles at the same place, each group's items the very bucket it was, the same
        head, and as many pages and articles in all. Never page 1 (it shows the listing's
        totals) nor a page holding a changed article. Found from the cuts, without a
        LazyView per page: a long listing an edit touches has hundreds of pages."""
        name = self._names.get(id(entry))
        if name is None:
            return None
        made = self.made.get(name)
        last = _cuts.get(name)
        if made is None or last is None or made is last or made.entry is not entry:
            return None
        if len(made.pages) != len(last.pages) or len(made.units) != len(last.units):
            return None
        new, old = made.buckets, last.buckets
        if new is None or old is None or len(new) != len(old):
            return None
        if made.head is None or last.head is None or not same_parts(made.head, last.head):
            return None
        holding = self._holding(made)
        pages, kept, starts, kept_starts = made.pages, last.pages, made.starts, last.starts
        return name, [
            k
            for k in range(1, len(pages))
            if pages[k] is kept[k]
            and starts[k] == kept_starts[k]
            and k not in holding
            and all(b[k] is c[k] for b, c in zip(new, old))
        ]

    def unchanged_home(self) -> list[int]:
        """The home page's pages (0-based) that are the last build's: the same articles in the
        same order but for the changed ones, so every page but the first (the archive's
        totals) and those holding a changed article; none when the order changed."""
        changed = self.changed()
        if changed is None:
            return []
        touched = {0, *(self.rank[slug] // views.PAGE_ARTICLES for slug in changed)}
        pages = len(self.home())
        return [k for k in range(pages) if k not in touched]

    def claims(self) -> int:
        """The last build's count, less the changed articles' claims then, plus theirs now."""
        changed = self.changed()
        if changed is None or not _last_claims:
            found = super().claims()
        else:
            last, now = _last_articles[0], self.site.articles
            at = [self.rank[slug] for slug in changed]
            found = _last_claims[0] + sum(
                len(now[n].annotations.claims) - len(last[n].annotations.claims) for n in at
            )
        self._claims = [found]
        return found

    def _holding(self, made: _Cut) -> set[int]:
        """The pages of a cut that hold a changed article (found by bisection)."""
        rank, units, holding = self.rank, made.units, set()
        for slug in self.changed() or ():
            i = bisect.bisect_left(units, rank[slug], key=rank.__getitem__)
            if i < len(units) and units[i] == slug:
                holding.add(bisect.bisect_right(made.starts, i) - 1)
        return holding

    def keep(self) -> None:
        _cuts.clear()
        _cuts.update(self.made)
        _last_articles[:] = [self.site.articles]
        _last_claims[:] = self._claims
        _basis[:] = [self.kept_basis]


def same_parts(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    """Whether two pages are made of the very same objects (and equal counts)."""
    plain = (int, str, tuple, type(None), bool)  # counts, ids and tuples: equal is the same
    return len(a) == len(b) and all(x is y or (type(x) in plain and x == y) for x, y in zip(a, b))


def _ref_rank(ref: views.Ref, rank: dict[str, int]) -> int:
    return rank[ref.article.slug]


def _article_rank(article: Article, rank: dict[str, int]) -> int:
    return rank[article.slug]


def _run(
    items: Sequence[Any], r: int, rank: dict[str, int], order: Callable[[Any, dict[str, int]], int]
) -> int:
    """How many of `items` (in the site's order) belong to the article of rank r."""

    def key(item: Any) -> int:
        return order(item, rank)

    return bisect.bisect_right(items, r, key=key) - bisect.bisect_left(items, r, key=key)


def _repaginate(
    last: _Cut, units: list[str], weights: list[int], first: int, final: int
) -> tuple[tuple[str, ...], ...]:
    """views.paginate(units) where `last` was cut from units that differ from these only at
    positions first..final: its pages before the one holding `first` are kept, the units are
    cut again from there until a page starts past `final` where one of `last` started, and
    its pages from there on are kept (a cut from a page's start depends only on what
    follows)."""
    p = max(bisect.bisect_right(last.starts, first) - 1, 0)
    pages = list(last.pages[:p])
    i, n = last.starts[p], len(units)
    delta = n - len(last.units)  # where a unit past `final` was in the last units: i - delta
    current: list[str] = []
    rows = 0
    while i < n:
        if not current and i > final:
            q = bisect.bisect_left(last.starts, i - delta)
            if q < len(last.starts) and last.starts[q] == i - delta:
                pages.extend(last.pages[q:])
                return tuple(pages)
        w = weights[i]
        if current and (len(current) >= views.PAGE_ARTICLES or rows + w > views.PAGE_ROWS):
            pages.append(tuple(current))
            current, rows = [], 0
            continue
        current.append(units[i])
        rows += w
        i += 1
    pages.append(tuple(current))
    return tuple(pages)


def article_files(
    article: Article, config: SiteConfig, templates_dir: Path, known: Known
) -> tuple[tuple[str, bytes], tuple[str, bytes], ArticleView]:
    """An article's page and data file on their own, byte for byte as iter_site() makes them
    in a site whose ids with pages are `known`: for rendering an article where it is
    annotated (a worker process) rather than after the whole archive is assembled; and the
    view the page was rendered from."""
    (rel, page), view = _article_page_and_view(_Pages(config, templates_dir, True), article, known)
    data = urls.article_data(article.slug), export.dumps(export.article_json(article))
    assert page is not None
    return (rel, page), data, view


def render_site(
    site: Site, config: SiteConfig, templates_dir: Path, explicit_index: bool = True
) -> dict[str, bytes]:
    """Every generated file, by output path relative to the output root, in sorted order."""
    return dict(sorted(iter_site(site, config, templates_dir, explicit_index)))


def iter_site(
    site: Site,
    config: SiteConfig,
    templates_dir: Path,
    explicit_index: bool = True,
    skip: frozenset[str] = frozenset(),
    recall: Recall | None = None,
    groups: Groups | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every generated file as (output path, bytes), one at a time and each path once, so
    that a build can write each page as it is rendered instead of holding them all.

    skip: slugs of articles whose page and data file are left out (the caller has them
    from a previous build: an article page depends only on its article, which of the
    article's own ids have pages, the settings and the templates).
    recall: asked for every other page before it is rendered (see Recall); the pages it
    takes from the previous build are not yielded.
    groups: asked for each place, source, day and period before its pages (see Groups).
    """
    r = _Renderer(site, config, templates_dir, explicit_index, skip, recall, groups)
    for rel, data in _html_pages(r):
        if data is not None:
            yield rel, data
    yield from export.iter_files(site, config, skip)
    yield from feeds.files(site, config, r.listings).items()
    yield urls.NOJEKYLL, b""
    r.keep()


def _html_pages(r: _Renderer) -> Iterator[Page]:
    site = r.site
    _take_unchanged(r, ("home", ""), urls.HOME, r.listings.unchanged_home)
    for lazy in views.index_pages(site, r.listings):
        yield _listing_page(r, "index.html", urls.HOME, r.config.title, "home", lazy)
    yield r.page("404.html", urls.NOT_FOUND, "Page not found", "", None, absolute_links=True)
    yield from _article_pages(r)
    yield r.page("places.html", urls.PLACES, "Places", "places", views.places_index_view(site))
    yield from _place_pages(r)
    yield r.page("sources.html", urls.SOURCES, "Sources", "sources", views.sources_index_view(site))
    yield from _source_pages(r)
    yield r.page(
        "dates.html", urls.DATES, "Dates", "dates", views.dates_index_view(site, r.listings)
    )
    yield from _date_pages(r)
    yield r.page(
        "search.html", urls.SEARCH, "Search", "search", None, "Search the archive's articles."
    )


def _listing_page(
    r: _Renderer,
    template: str,
    url: str,
    title: str,
    section: str,
    lazy: views.LazyView,
    description: str = "",
) -> Page:
    """One page of a listing: page 1 at the listing's URL, later ones at their own (from
    urls.paged), each titled with its number so no two pages share a title. Its view is not
    built when `r.groups` takes the page as the last build made it from the same parts."""
    if lazy.number > 1:
        url = urls.paged(url, lazy.number)
    rel = urls.output_path(url)
    if r.groups is not None and r.groups.take_page(rel, lazy.parts):
        return rel, None
    home = template == "index.html"  # the home page lists its articles as rows with counts
    if r.groups is not None and take_alike(r.groups, rel, lazy.parts, r, home):
        return rel, None
    if lazy.number > 1:
        title = f"{title}, page {lazy.number} of {lazy.count}"
        if description:
            description = f"{description} Page {lazy.number} of {lazy.count}."
    digest = r.groups is None or not changed_page(r.groups, rel)
    page = r.page(template, url, title, section, lazy.make(), description, digest=digest)
    if r.groups is not None:
        r.groups.made_page(rel, lazy.parts)
    return page


Page = tuple[str, bytes | None]


def _take_unchanged(
    r: _Renderer, name: tuple[str, str], url: str, unchanged: Callable[[], list[int]]
) -> list[str]:
    """Take the pages of listing `name` (at `url`) that `unchanged` says are the last build's,
    all at once (see take_pages); lazy_pages() then skips them. Their paths, or none."""
    if r.groups is None or not hasattr(r.groups, "take_pages"):
        return []
    numbers = unchanged()
    if not numbers:
        return []
    rels = list(map(_paged_paths(url, max(numbers) + 1).__getitem__, numbers))
    if not take_pages(r.groups, rels, r.listings.basis):
        return []
    r.listings.skip(name, numbers)
    return rels


# Per process: the output paths of the pages of each listing, by its URL, as far as asked.
_paths: dict[str, list[str]] = {}


def _paged_paths(url: str, count: int) -> list[str]:
    """The output paths of pages 1..count (at least) of the listing at `url`, made once per
    process: an edit takes hundreds of the pages of a long listing as they were."""
    paths = _paths.setdefault(url, [])
    paths += (urls.output_path(urls.paged(url, k)) for k in range(len(paths) + 1, count + 1))
    return paths


def _entry_pages(
    r: _Renderer, entry: object, pages: Iterable[Page], url: str = ""
) -> Iterator[Page]:
    """An entry's pages, unless `r.groups` takes them all from the previous build; those of
    its pages that are the last build's are taken at once (see _take_unchanged)."""
    if r.groups is not None and r.groups.take(entry):
        return
    made: list[str] = []
    found = r.listings.unchanged(entry) if url else None
    taken = _take_unchanged(r, found[0], url, lambda: found[1]) if found is not None else []
    for rel, data in pages:
        made.append(rel)
        yield rel, data
    if r.groups is not None:
        if taken:  # every page in the listing's order
            assert found is not None
            made = _merged(made, taken, found[1])
        r.groups.made(entry, made)


def _merged(made: list[str], taken: list[str], numbers: list[int]) -> list[str]:
    """The pages of a listing in order, from those rendered (`made`, in order) and those
    taken (`taken`, pages `numbers`, 0-based, in order)."""
    pages, rendered = [], iter(made)
    at = dict(zip(numbers, taken))
    for k in range(len(made) + len(taken)):
        pages.append(at[k] if k in at else next(rendered))
    return pages


def kept_basis() -> object:
    """Names the cuts the last render kept: a build that records its pages with it lets the
    next one take pages by them (see take_pages)."""
    return _basis[0]


def _article_pages(r: _Renderer) -> Iterator[Page]:
    for article in r.site.articles:
        if article.slug not in r.skip:
            yield _article_page(r, r.site.article(article), r.known)


def _article_page(r: _Pages, article: Article, known: Known) -> Page:
    return _article_page_and_view(r, article, known)[0]


def _article_page_and_view(r: _Pages, article: Article, known: Known) -> tuple[Page, ArticleView]:
    """An article's page and the view it was rendered from (the worker's search record is
    made from the view: see article_files)."""
    url = urls.article(article.slug)
    view = views.article_view(article, r.linker(url), known)
    page = r.page("article.html", url, article.meta.title, "articles", view, view.description)
    return page, view


def _entry_listing(
    r: _Renderer,
    entry: object,
    lazies: Iterable[views.LazyView],
    template: str,
    section: str,
    url: str,
    title: str,
    description: str,
) -> Iterator[Page]:
    """The pages of one place, source, day or period (see _listing_page and _entry_pages)."""
    pages = (_listing_page(r, template, url, title, section, lazy, description) for lazy in lazies)
    return _entry_pages(r, entry, pages, url)


def _place_pages(r: _Renderer) -> Iterator[Page]:
    by_id = {e.place.id: e for e in r.site.by_place}
    for entry in r.site.by_place:
        name = entry.place.name
        yield from _entry_listing(
            r,
            entry,
            views.place_pages(entry, by_id, r.sources, r.known, r.listings),
            "place.html",
            "places",
            urls.place(entry.place.id),
            name,
            f"Articles and claims that mention {name}.",
        )


def _source_pages(r: _Renderer) -> Iterator[Page]:
    for entry in r.site.by_source:
        name = entry.source.name
        yield from _entry_listing(
            r,
            entry,
            views.source_pages(entry, r.sources, r.known, r.listings),
            "source.html",
            "sources",
            urls.source(entry.source.id),
            name,
            f"Every claim the archive attributes to {name}.",
        )


def _date_pages(r: _Renderer) -> Iterator[Page]:
    days = [e for e in r.site.by_date if e.is_day]
    neighbours = views.day_neighbours([e.date for e in days])
    for entry in days:
        name = views.date_words(entry.date)
        yield from _entry_listing(
            r,
            entry,
            views.date_pages(entry, neighbours[entry.date], r.sources, r.known, r.listings),
            "date.html",
            "dates",
            urls.date(entry.date),
            name,
            f"Articles published on {name} and claims about that day.",
        )
    for entry in r.listings.periods():
        name = views.date_words(entry.date)
        yield from _entry_listing(
            r,
            entry,
            views.period_pages(entry, r.listings),
            "period.html",
            "dates",
            urls.period(entry.date),
            f"{name} as a whole",
            f"Every mention of {name} as a whole in the archive.",
        )
