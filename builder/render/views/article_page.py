"""An article's page: its body, legend, side filters and panel of sources and places."""

from __future__ import annotations

from dataclasses import dataclass

from builder import urls
from builder.assemble.site import ClaimRef
from builder.model import Article, Source
from builder.render.highlight import Block, Known, Link, affiliation_class, render_body
from builder.render.views.formatting import excerpt
from builder.render.views.rows import (
    ClaimRow,
    DateLabel,
    FilterOption,
    NamedLink,
    claim_row,
    published_label,
)


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
