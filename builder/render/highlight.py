"""An article's body as escaped HTML blocks: claims, sources, places and dates marked inline."""

from __future__ import annotations

import bisect
import functools
import heapq
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from builder import urls
from builder.model import Article, Claim, Mark, Paragraph, Source
from builder.render.escape import escape_inner as _escaped  # markupsafe.escape()'s text

Link = Callable[[str], str]

# Which span goes outside when two start at the same place and end at the same place.
_RANK = {"claim": 0, "link": 1, "source": 2, "place": 3, "date": 4, "mark": 5}
# Spans that render as links; one inside another renders as a plain <span> instead.
_LINKS = {"source", "place", "date", "link"}


# A span's tags and labels are plain strings of escaped HTML (made Markup once a paragraph
# is joined): a Markup object per tag and per escaped piece cost more than the rest.
_MARK_END, _SPAN_END, _A_END = "</mark>", "</span>", "</a>"
_DATE_PLAIN_END, _DATE_LINK_END = "</time></span>", "</time></a>"


@dataclass(frozen=True, slots=True)
class Span:
    """One inline annotation, in article offsets.

    Where a paragraph's nesting clips or splits it, a piece that does not begin at `start`
    is a continuation (a claim's later piece carries no id); the label follows the piece
    that ends at `end`.
    plain_open/plain_close: the tags to use inside another link (no nested <a>) or, for a
    claim, on a continuation.
    """

    start: int
    end: int
    kind: str
    open_tag: str
    close_tag: str
    plain_open: str
    plain_close: str
    label: str = ""
    plain_label: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """A rendered block of the body: tag is p, h2-h4, blockquote, ul, ol or caption."""

    tag: str
    items: tuple[Markup, ...]
    ids: tuple[str, ...]
    credit: str = ""


@dataclass(frozen=True, slots=True)
class Known:
    """The ids that have pages, so only those are linked, and a source's display data."""

    places: frozenset[str]
    days: frozenset[str]
    sources: frozenset[str]


@functools.lru_cache(maxsize=256)
def affiliation_class(affiliation: str | None) -> str:
    """The CSS class for a source's affiliation ("aff-ukraine"); unknown ones share one class."""
    return "aff-" + urls.slugify(affiliation or "unknown", fallback="unknown")


def render_body(article: Article, link: Link, known: Known) -> tuple[Block, ...]:
    """Every paragraph of the article with its annotations, grouped into blocks."""
    doc = article.document
    starts = doc.paragraph_starts
    buckets: list[list[Span]] = [[] for _ in starts]
    for span in _article_spans(article, link, known):
        first = max(bisect.bisect_right(starts, span.start) - 1, 0)
        last = bisect.bisect_right(starts, max(span.end - 1, span.start)) - 1
        for n in range(first, last + 1):
            buckets[n].append(span)
    rendered = [
        _paragraph_html(p, start, bucket)
        for p, start, bucket in zip(doc.paragraphs, starts, buckets, strict=True)
    ]
    return tuple(_group_blocks(doc.paragraphs, rendered))


# --- Spans in article offsets ----------------------------------------------------------------


def _article_spans(article: Article, link: Link, known: Known) -> list[Span]:
    a = article.annotations
    names = {s.id: s for s in a.sources}
    spans: list[Span] = []
    for claim in a.claims:
        relays = tuple(name for _, name in relay_names(claim, names))
        spans.append(_claim_span(claim, names.get(claim.source or ""), relays))
    mentions = {(m.start, m.end): s for s in a.sources for m in s.mentions}
    for claim in a.claims:
        if claim.source_mention and claim.source in names:
            m = claim.source_mention
            mentions.setdefault((m.start, m.end), names[claim.source])
    for (start, end), source in sorted(mentions.items()):
        href = link(urls.source(source.id)) if source.id in known.sources else ""
        spans.append(
            _link_span(
                start,
                end,
                "source",
                f"src {affiliation_class(source.affiliation)}",
                href,
                source.name,
            )
        )
    for place in a.places:
        href = link(urls.place(place.id)) if place.id in known.places else ""
        for pm in place.mentions:
            css = "place place--metonym" if pm.metonymic else "place"
            title = f"{place.name} (standing for its government or army)" if pm.metonymic else ""
            spans.append(_link_span(pm.span.start, pm.span.end, "place", css, href, title))
    for dm in a.dates:
        linked = dm.date in known.days or len(dm.date) < 10
        spans.append(
            _date_span(
                dm.span.start, dm.span.end, dm.date, link(urls.date(dm.date)) if linked else ""
            )
        )
    return sorted(spans, key=lambda s: s.start)


def relay_names(claim: Claim, sources: Mapping[str, Source]) -> Iterator[tuple[str, str]]:
    """Each source that relayed `claim` ("via TASS"), once and in order: its id and the name
    it is shown by (its own id when the article names no such source)."""
    for v in dict.fromkeys(claim.via):
        yield v, sources[v].name if v in sources else v


def _claim_span(claim: Claim, source: Source | None, relays: tuple[str, ...] = ()) -> Span:
    aff = affiliation_class(source.affiliation) if source else "aff-none"
    who = source.name if source else ("unattributed" if claim.source is None else claim.source)
    css = f"claim claim--{claim.kind} {aff}"
    aff, cid, who_html = _escaped(aff), _escaped(claim.id), _escaped(who)
    via = f" via {', '.join(relays)}" if relays else ""  # "quote from X via TASS"
    aria = _escaped(f"{claim.kind} from {who}{via}; go to the list of claims")
    label = f'<a class="by {aff}" href="#panel-{cid}" aria-label="{aria}">{who_html}</a>'
    plain_label = f'<span class="by {aff}">{who_html}</span>'
    css_html = _escaped(css)
    first = f'<mark class="{css_html}" id="claim-{cid}" data-claim="{cid}">'
    later = f'<mark class="{css_html}" data-claim="{cid}">'
    end = _MARK_END
    return Span(
        claim.span.start,
        claim.span.end,
        "claim",
        first,
        end,
        later,
        end,
        label,
        plain_label,
    )


def _link_span(start: int, end: int, kind: str, css: str, href: str, title: str) -> Span:
    attr = f' title="{_escaped(title)}"' if title else ""
    css_html = _escaped(css)
    plain = f'<span class="{css_html}"{attr}>'
    if not href:
        return Span(start, end, kind, plain, _SPAN_END, plain, _SPAN_END)
    tag = f'<a class="{css_html}" href="{_escaped(href)}"{attr}>'
    return Span(start, end, kind, tag, _A_END, plain, _SPAN_END)


def _date_span(start: int, end: int, date: str, href: str) -> Span:
    time = f'<time datetime="{_escaped(date)}">'
    plain, plain_end = f'<span class="date">{time}', _DATE_PLAIN_END
    if not href:
        return Span(start, end, "date", plain, plain_end, plain, plain_end)
    tag = f'<a class="date" href="{_escaped(href)}">{time}'
    return Span(start, end, "date", tag, _DATE_LINK_END, plain, plain_end)


def _mark_span(mark: Mark, offset: int) -> Span:
    """Markdown inline formatting (in article offsets: its paragraph starts at `offset`);
    only web and mail links stay links."""
    start, end = mark.start + offset, mark.end + offset
    plain, plain_end = "<span>", "</span>"
    if mark.tag == "a" and mark.href.startswith(("http://", "https://", "mailto:")):
        tag = f'<a href="{_escaped(mark.href)}" rel="nofollow noopener">'
        return Span(start, end, "link", tag, "</a>", plain, plain_end)
    name = mark.tag if mark.tag in {"em", "strong", "code"} else "span"
    tag, tag_end = f"<{name}>", f"</{name}>"
    return Span(start, end, "mark", tag, tag_end, tag, tag_end)


# --- One paragraph -------------------------------------------------------------------------


def _paragraph_html(paragraph: Paragraph, offset: int, spans: Sequence[Span]) -> Markup:
    """Nest the article's spans that reach into this paragraph with the paragraph's marks
    (each clipped to the paragraph where it is nested: no span is copied to clip it)."""
    marks = [_mark_span(m, offset) for m in paragraph.marks if m.end > m.start]
    return Markup("".join(_nest(paragraph.text, offset, [*spans, *marks] if marks else spans)))


def _nest(text: str, offset: int, spans: Sequence[Span]) -> list[str]:
    """Escaped text with the spans (in article offsets; `text` starts at `offset`) as properly
    nested tags, each clipped to the text. A span crossing the end of the one it opened
    inside is split in two there; a link inside a link renders as a plain span. One loop
    over plain strings: a paragraph holds a few dozen spans, an archive ~10^6."""
    stop = offset + len(text)
    heap = []
    for n, s in enumerate(spans):
        start = s.start if s.start > offset else offset
        end = s.end if s.end < stop else stop
        if end > start:
            heap.append((start, -end, _RANK[s.kind], n, s))
    heapq.heapify(heap)
    out: list[str] = []
    # Each open span as (where its piece ends, its closing tag, whether it is an open link,
    # its span).
    stack: list[tuple[int, str, bool, Span]] = []
    links = 0  # open links on the stack
    pos, counter = offset, len(heap)
    while heap:
        start, end, rank, _, span = heapq.heappop(heap)
        end = -end
        while stack and stack[-1][0] <= start:
            pos, links = _close(text, offset, out, stack, pos, links)
        if start > pos:
            out.append(_escaped(text[pos - offset : start - offset]))
            pos = start
        if stack and end > stack[-1][0]:
            cut = stack[-1][0]
            heapq.heappush(heap, (cut, -end, rank, counter, span))
            counter += 1
            end = cut
        kind = span.kind
        if kind == "claim":
            plain = start != span.start  # a continuation carries no id
        else:
            plain = links > 0 and kind in _LINKS
        is_link = not plain and kind in _LINKS
        stack.append((end, span.plain_close if plain else span.close_tag, is_link, span))
        links += is_link
        out.append(span.plain_open if plain else span.open_tag)
    while stack:
        pos, links = _close(text, offset, out, stack, pos, links)
    out.append(_escaped(text[pos - offset :]))
    return out


def _close(
    text: str,
    offset: int,
    out: list[str],
    stack: list[tuple[int, str, bool, Span]],
    pos: int,
    links: int,
) -> tuple[int, int]:
    """Close the innermost open span (its text up to its end first, its label after it, if
    the span ends there); returns the new position and the open links left."""
    end, close, is_link, span = stack.pop()
    links -= is_link
    if end > pos:
        out.append(_escaped(text[pos - offset : end - offset]))
        pos = end
    out.append(close)
    if end == span.end and span.label:
        out.append(span.plain_label if links else span.label)
    return pos, links


# --- Blocks ----------------------------------------------------------------------------------


_LIST_TAGS = {"li": "ul", "oli": "ol"}


def _group_blocks(paragraphs: Sequence[Paragraph], rendered: Sequence[Markup]) -> Iterator[Block]:
    """Consecutive list items become one list; consecutive quote paragraphs one blockquote."""
    group: list[tuple[int, Paragraph, Markup, str]] = []
    for n, (paragraph, html) in enumerate(zip(paragraphs, rendered, strict=True), 1):
        tag = _block_tag(paragraph.kind)
        if group and (tag != group[-1][3] or tag not in {"ul", "ol", "blockquote"}):
            yield _block(group)
            group = []
        group.append((n, paragraph, html, tag))
    if group:
        yield _block(group)


def _block_tag(kind: str) -> str:
    if kind in _LIST_TAGS:
        return _LIST_TAGS[kind]
    if kind == "quote":
        return "blockquote"
    if kind in {"h2", "h3", "h4", "caption"}:
        return kind
    return "p"


def _block(group: list[tuple[int, Paragraph, Markup, str]]) -> Block:
    """Paragraph anchors are "p<n>", n counting from 1 in the article."""
    first = group[0][1]
    return Block(
        tag=group[0][3],
        items=tuple(html for _, _, html, _ in group),
        ids=tuple(f"p{n}" for n, _, _, _ in group),
        credit=first.credit if first.kind == "caption" else "",
    )
