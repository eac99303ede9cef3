"""Reuse: the pages and data files a build takes from the previous one instead of rendering
them, keyed by everything they depend on."""

from __future__ import annotations

import hashlib
import itertools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from builder.assemble import site as site_stage
from builder.incremental import cache as article_cache
from builder.incremental import manifest
from builder.incremental.replaced import PATCH_MOST, replaced
from builder.model import Article
from builder.options import BuildOptions
from builder.process import data_path, linked_ids, page_path
from builder.render import pages as render_stage
from builder.render.highlight import Known
from builder.write import output as write_stage
from builder.write import search_index as build_search


@dataclass(slots=True)
class Reuse:
    """Pages and data files a build takes from the previous one instead of rendering them.

    An article page depends only on the article (its seed's cache key and slug), on which of
    the article's own place, date and source ids have pages, on the settings, the templates
    and the code; its data file only on the article: plan() keys them before rendering, and
    take() links the reusable ones, which are then not rendered at all. Every other page is
    keyed by the settings and a digest of its view (recall(), asked by the renderer), so a
    listing page whose content did not change is linked, not rendered. A file is reused when
    the last build wrote it under the same key and it is untouched since.
    """

    last: manifest.Manifest | None
    templates: str
    pages: dict[str, str]  # output path -> key, for every page and data file this build makes
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # slug -> (page, data)
    article_files: dict[str, str] = field(default_factory=dict)  # articles' pages, data -> key
    owners: dict[str, str] = field(default_factory=dict)  # ... -> the article's slug
    settings: str = ""
    tree: write_stage.Writer | None = None
    recalled: list[str] = field(default_factory=list)  # pages recall() took, in order
    entries: dict[int, tuple[object, tuple[str, ...]]] = field(default_factory=dict)
    page_parts: dict[str, tuple[tuple[object, ...], str]] = field(default_factory=dict)
    searchable: build_search.Searchable | None = None  # the pages given the search indexer
    files: manifest.Listing | None = None  # the output's listing after a patch, if one ran
    digests: dict[str, bytes] = field(default_factory=dict)  # indexed page -> content digest
    later: build_search.Later | None = None  # the search index, when left for after the pages
    basis: object = None  # the listings' cuts this build's render kept (render.kept_basis)

    def plan(self, options: BuildOptions, site: site_stage.Site, seed_keys: dict[str, str]) -> None:
        known = Known(site.place_ids(), site.day_ids(), site.source_ids())
        renderer = f"{render_stage.iter_site.__module__}.{render_stage.iter_site.__qualname__}"
        self.settings = f"{options.site_config!r}\n{self.templates}\n{renderer}"
        context = (self.settings, known)
        memo = _plan_memo.get("last")
        gained: frozenset[str] | None = None  # ids that got or lost a page since the memo
        if memo is not None and memo.context != context:
            was = memo.context[1]
            if memo.context[0] == self.settings:
                gained = (was.places ^ known.places) | (was.days ^ known.days)
                gained |= was.sources ^ known.sources
            else:
                memo = None
        articles = site.articles
        redo: Sequence[int] | None = (
            _replan(memo, articles, seed_keys) if memo is not None else None
        )
        if gained is not None and redo is not None:
            # An article's page key changes with the ids of its own that have pages: those
            # whose ids are among the ids that came or went are keyed again, with the edited.
            touched = (n for n, a in enumerate(articles) if names_any(a, gained))
            redo = sorted({*redo, *touched})
        elif gained is not None:
            memo = None  # every article is keyed again
        if memo is not None and redo is not None:  # a preview's edit: the changed articles
            keys, pages, owners, last = dict(memo.keys), dict(memo.pages), dict(memo.owners), {}
        else:
            keys, pages, owners, redo = {}, {}, {}, range(len(articles))
            last = {a.slug: a for a in memo.articles} if memo is not None else {}
        for n in redo:
            article = articles[n]
            seed = seed_keys[article.document.source_file]
            slug = article.slug
            if (
                memo is not None
                and last.get(slug) is article
                and memo.seeds.get(article.document.source_file) == seed
            ):
                page, data = memo.keys[slug]
            else:
                page, data = self._keys(article, seed, linked_ids(article, known))
            keys[slug] = (page, data)
            pages[page_path(slug)] = page
            pages[data_path(slug)] = data
            owners[page_path(slug)] = owners[data_path(slug)] = slug
        self.keys, self.article_files, self.owners = keys, pages, owners
        self.pages.update(pages)
        _plan_memo["last"] = _Planned(context, articles, seed_keys, keys, pages, owners)

    def _keys(self, article: Article, seed: str, linked: str) -> tuple[str, str]:
        page = article_cache.fingerprint_files(
            [("", x.encode()) for x in (seed, article.slug, linked, self.settings)]
        )
        data = article_cache.fingerprint_files([("", seed.encode()), ("", article.slug.encode())])
        return page, data

    def take(self, tree: write_stage.Writer) -> frozenset[str]:
        """Link every reusable article's page and data file into `tree`; their slugs."""
        self.tree = tree
        if self.last is None:
            return frozenset()
        if self.last.trusted and isinstance(tree, write_stage.PatchWriter):
            # Trusted: reusable() is the key's match. The files whose key differs are found
            # by comparing the two tables in C, not article by article (10,000 a build).
            files, last = self.article_files, self.last.pages
            keys_now = map(operator.ne, map(last.get, files), files.values())
            differ = itertools.compress(files, keys_now)
            bad = set(map(self.owners.__getitem__, differ))
            gone = {f(slug) for slug in bad for f in (page_path, data_path)}
            rels = self.article_files.keys() - gone
            if tree.reuse_all(list(rels)):
                return frozenset(self.keys.keys() - bad)
        taken: list[str] = []
        for slug, (page, data) in self.keys.items():
            pair = ((page_path(slug), page), (data_path(slug), data))
            if not all(self.last.reusable(rel, key, tree.out) for rel, key in pair):
                continue
            linked = [rel for rel, _ in pair if tree.reuse(rel)]
            if len(linked) == len(pair):
                taken.append(slug)
            else:
                for rel in linked:
                    tree.forget(rel)
        return frozenset(taken)

    def recall(self, rel: str, digest: str) -> bool:
        """Record the key of page `rel` from its view's digest; link the previous build's
        file into the tree instead of rendering it when that file was made for the same key.
        Article pages keep the key plan() gave them (they are rendered only when not taken)."""
        if rel in self.pages:
            return False
        key = article_cache.fingerprint_files([("", self.settings.encode()), ("", digest.encode())])
        self.pages[rel] = key
        tree = self.tree
        if self.last is None or tree is None or not self.last.reusable(rel, key, tree.out):
            return False
        if not tree.reuse(rel):
            return False
        self.recalled.append(rel)
        return True

    def groups(self) -> render_stage.Groups:
        """The renderer's Groups: an entry of the Site that is the very object this process
        rendered last time (a preview's update keeps the entries an edit does not touch, and
        with them every table their pages show) keeps all its pages without building a view."""
        return _EntryPages(self)


# Per process: the last build's article page keys by article (held, so ids are not reused),
# with the settings and ids with pages they were made for: a preview keys only what changed.
@dataclass(frozen=True, slots=True)
class _Planned:
    context: tuple[str, Known]
    articles: tuple[Article, ...]  # held, so unchanged ones are known by identity
    seeds: dict[str, str]  # seed file -> key
    keys: dict[str, tuple[str, str]]  # slug -> (page, data)
    pages: dict[str, str]  # the articles' pages and data files -> key
    owners: dict[str, str]  # the articles' pages and data files -> slug


_plan_memo: dict[str, _Planned] = {}


def _replan(
    memo: _Planned, articles: tuple[Article, ...], seeds: dict[str, str]
) -> list[int] | None:
    """Where `articles` differ from the last plan's (another object, or its seed's key
    changed); None when the order or count changed or too many did: plan them all."""
    last = memo.articles
    at = replaced(last, articles)
    if at is None:
        return None
    if seeds != memo.seeds:
        files = {f for f, key in seeds.items() if memo.seeds.get(f) != key}
        at += [n for n, a in enumerate(articles) if a.document.source_file in files]
    redo = sorted(set(at))
    if len(redo) > PATCH_MOST or any(last[n].slug != articles[n].slug for n in redo):
        return None
    return redo


# Per process: the pages of every entry the last build rendered, by the entry's identity
# (the entry is held, so its id is not reused), and the settings they were rendered with.
_entry_memo: dict[str, dict[int, tuple[object, tuple[str, ...]]]] = {}


@dataclass(frozen=True, slots=True)
class _EntryPages:
    reuse: Reuse

    def take(self, entry: object) -> bool:
        r = self.reuse
        memo = _entry_memo.get(r.settings, {})
        found = memo.get(id(entry))
        tree, last = r.tree, r.last
        if found is None or found[0] is not entry or tree is None or last is None:
            return False
        rels = found[1]
        keys = list(map(last.pages.get, rels, itertools.repeat("")))  # in C: asked per entry
        if not all(keys):
            return False
        if not last.trusted and not all(map(last.reusable, rels, keys, [tree.out] * len(rels))):
            return False
        if not _reuse_all(tree, list(rels)):
            return False
        r.pages.update(zip(rels, keys))
        r.recalled.extend(rels)
        r.entries[id(entry)] = (entry, found[1])
        parts = _page_memo.get(r.settings, {})
        kept = list(map(parts.get, rels))
        r.page_parts.update(itertools.compress(zip(rels, kept), kept))  # type: ignore[arg-type]
        return True

    def made(self, entry: object, pages: list[str]) -> None:
        self.reuse.entries[id(entry)] = (entry, tuple(pages))

    def take_page(self, rel: str, parts: tuple[object, ...]) -> bool:
        r = self.reuse
        found = _page_memo.get(r.settings, {}).get(rel)
        tree, last = r.tree, r.last
        if found is None or tree is None or last is None:
            return False
        if not render_stage.same_parts(found[0], parts):
            return False
        return self._take(rel, parts)

    def take_alike(
        self,
        rel: str,
        parts: tuple[object, ...],
        alike: Callable[[tuple[object, ...], tuple[object, ...]], bool],
        basis: object,
    ) -> bool:
        """Take listing page `rel` as the last build made it when `alike` finds its parts
        then and `parts` show the same (render_stage.take_alike); `basis` names the build
        whose tables alike compares with: the last build's, or nothing is taken."""
        r = self.reuse
        found = _page_memo.get(r.settings, {}).get(rel)
        if found is None or _page_basis.get(r.settings) is not basis:
            return False
        return alike(found[0], parts) and self._take(rel, parts)

    def _take(self, rel: str, parts: tuple[object, ...]) -> bool:
        """Take listing page `rel` as the last build wrote it, now made of `parts`."""
        r = self.reuse
        tree, last = r.tree, r.last
        if tree is None or last is None:
            return False
        key = last.pages.get(rel, "")
        if not key or not last.reusable(rel, key, tree.out) or not tree.reuse(rel):
            return False
        r.pages[rel] = key
        r.recalled.append(rel)
        r.page_parts[rel] = (parts, key)
        return True

    def take_pages(self, rels: list[str], basis: object) -> bool:
        """Take listing pages `rels` as the last build made them, with the parts it made them
        of (the renderer found them the same by the cuts the last build kept: `basis`)."""
        r = self.reuse
        memo = _page_memo.get(r.settings)
        tree, last = r.tree, r.last
        if memo is None or tree is None or last is None or _page_basis.get(r.settings) is not basis:
            return False
        parts = list(map(memo.get, rels))  # in C: a long listing has hundreds of pages
        keys = list(map(last.pages.get, rels, itertools.repeat("")))
        if None in parts or not all(keys):
            return False
        if not last.trusted and not all(map(last.reusable, rels, keys, [tree.out] * len(rels))):
            return False
        if not _reuse_all(tree, rels):
            return False
        r.pages.update(zip(rels, keys))
        r.recalled.extend(rels)
        r.page_parts.update(zip(rels, parts))  # type: ignore[arg-type]
        return True

    def changed_page(self, rel: str) -> bool:
        return rel in _page_memo.get(self.reuse.settings, {})

    def made_page(self, rel: str, parts: tuple[object, ...]) -> None:
        self.reuse.page_parts[rel] = (parts, self.reuse.pages.get(rel, ""))


def _reuse_all(tree: write_stage.Writer, rels: list[str]) -> bool:
    """Keep every one of `rels` as the output holds it, or none of them."""
    if isinstance(tree, write_stage.PatchWriter) and tree.reuse_all(rels):
        return True
    linked = [rel for rel in rels if tree.reuse(rel)]
    if len(linked) == len(rels):
        return True
    for rel in linked:
        tree.forget(rel)
    return False


def bytes_key(settings: str, data: bytes) -> str:
    """A page's key from its bytes (never equal to a key from a view's digest): the next
    build of this process takes the page by its parts; another process renders it again."""
    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    return article_cache.fingerprint_files([("bytes", settings.encode()), ("", digest.encode())])


# Per process: the parts each listing page of the last build was made of, and its key; and
# which cuts of the listings that build kept (render.kept_basis), by the same settings.
_page_memo: dict[str, dict[str, tuple[tuple[object, ...], str]]] = {}


_page_basis: dict[str, object] = {}


def remember_entries(reuse: Reuse) -> None:
    """After a build is written: its entries' and listing pages' parts are what the next
    build may take pages by."""
    _entry_memo.clear()
    _entry_memo[reuse.settings] = reuse.entries
    _page_memo.clear()
    _page_memo[reuse.settings] = reuse.page_parts
    _page_basis.clear()
    if reuse.basis is not None:
        _page_basis[reuse.settings] = reuse.basis


def names_any(article: Article, ids: frozenset[str]) -> bool:
    """Whether any of `ids` is among own_ids(article) (without making that set)."""
    a = article.annotations
    return (
        any(p.id in ids for p in a.places)
        or any(d.date in ids for d in a.dates)
        or any(s.id in ids for s in a.sources)
        or any(c.source in ids or not ids.isdisjoint(c.via) for c in a.claims)
    )
