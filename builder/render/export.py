"""The archive's annotations as open JSON, exactly as docs/DATA.md (schema 1) specifies.

Stable bytes: keys in DATA.md's order, lists in text order (per article) or sorted by key
(archive index), laid out as DATA.md shows them (see `dumps`), UTF-8, a final newline.
"""

from __future__ import annotations

import itertools
import json
import json.encoder
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from builder import urls
from builder.assemble.site import DateEntry, PlaceEntry, Site, SourceEntry
from builder.incremental.replaced import replaced
from builder.model import Article, Place, SiteConfig, Source, Span

SCHEMA = 1


_SLUG = operator.attrgetter("slug")
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)
# The C encoder JSONEncoder.encode() makes anew for every value, made once: the same text
# (a str on its own as encode() writes it too), with less work for each of ~50 records an
# article's data file encodes one by one. Where Python has no C encoder, encode() itself.
_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_MADE = _C_ENCODER and _C_ENCODER(
    None, _ENCODER.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
)


def _compact(value: Any) -> str:
    """`value` as JSON on one line, as JSONEncoder(ensure_ascii=False).encode() writes it."""
    if _MADE is None:
        return _ENCODER.encode(value)
    return "".join(_MADE(value, 0))


def dumps(value: Any) -> bytes:
    """JSON in DATA.md's layout: one top-level key per line, and a list of records one record
    per line, each record on a single line. Every value goes through the C encoder (an
    `indent` would force Python's pure-Python encoder, about ten times slower)."""
    if not isinstance(value, dict) or not value:
        return (_compact(value) + "\n").encode("utf-8")
    lines = [f"  {_compact(key)}: {_block(item)}" for key, item in value.items()]
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def _block(value: Any) -> str:
    """A top-level value: a non-empty list of records opens one line per record."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        lines = [_compact(v) for v in value]
    else:
        return _compact(value)
    return "[\n" + ",\n".join(f"    {line}" for line in lines) + "\n  ]" if lines else "[]"


def files(site: Site, config: SiteConfig) -> dict[str, bytes]:
    """data/articles/<slug>.json for every article, and data/archive.json."""
    return dict(iter_files(site, config))


def iter_files(
    site: Site, config: SiteConfig, skip: frozenset[str] = frozenset()
) -> Iterator[tuple[str, bytes]]:
    """files(), one file at a time, without the data files of the articles in `skip`."""
    for article in site.articles:
        if article.slug not in skip:
            yield urls.article_data(article.slug), dumps(article_json(site.article(article)))
    yield urls.ARTICLES_DATA, archive_bytes(site, config)


# Per process: for each block of the archive index (by its name), the objects (articles and
# entries, frozen) the last Site listed in it and the encoded record of each, in the same
# order. The objects are held here, so an id among them is not reused. A preview's update
# keeps most of them as the same objects at the same places: the block is the last one's lines
# with the records of the objects it replaced encoded anew, found by comparing the two lists in
# C, not record by record. (builder.incremental.state saves it with the other memos.)
_records: dict[str, tuple[list[object], list[bytes]]] = {}


def archive_bytes(site: Site, config: SiteConfig) -> bytes:
    """dumps(archive_json(site, config)), encoding only the records not encoded last time,
    and joined once from them (the index of 10,000 articles is ~25 MB: not copied line by
    line, block by block and again as a whole)."""
    orders: list[dict[str, int]] = []

    def order() -> dict[str, int]:  # only the dates whose records change need it
        if not orders:
            orders.append({a.slug: n for n, a in enumerate(site.articles)})
        return orders[0]

    blocks = {
        "articles": _lines("articles", site.articles, _article_row),
        "places": _lines("places", site.by_place, _place_row),
        "sources": _lines("sources", site.by_source, _source_row),
        "dates": _lines("dates", site.by_date, lambda e: _date_row(e, order())),
    }
    head = {"schema": SCHEMA, "site": {"title": config.title, "base_url": config.base_url}}
    values = [[_block(value).encode("utf-8")] for value in head.values()]
    values += [_records_block(lines) for lines in blocks.values()]
    parts = [b"{\n"]
    for n, (key, value) in enumerate(zip([*head, *blocks], values, strict=True)):
        if n:
            parts.append(b",\n")
        parts.append(f"  {_compact(key)}: ".encode("utf-8"))
        parts += value
    parts.append(b"\n}\n")
    return b"".join(parts)


def _lines(
    name: str, objects: Sequence[Any], record: Callable[[Any], dict[str, Any]]
) -> list[bytes]:
    """The encoded record of each object, in order, kept for the next call (see _records).
    An object that replaced one of the last call's whose record is the same (a place or
    source an edited article still names: its list of thousands of slugs unchanged) takes
    that one's line instead of being encoded again."""
    old_objects, old_lines = _records.get(name, ([], []))
    kept = list(objects)
    spliced = _spliced(old_objects, old_lines, kept, record)
    if spliced is not None:
        lines = spliced
    else:
        known = dict(zip(map(id, old_objects), old_lines, strict=True))
        found = list(map(known.get, map(id, kept)))
        missing = list(itertools.compress(range(len(found)), map(operator.not_, found)))
        replaced = _replaced(old_objects, old_lines, kept) if missing else {}
        for n in missing:
            was = replaced.get(_object_key(kept[n]))
            found[n] = _line(record, was, kept[n])
        lines = found  # type: ignore[assignment]
    _records[name] = (kept, lines)
    return lines


def _spliced(
    old_objects: Sequence[Any],
    old_lines: list[bytes],
    objects: Sequence[Any],
    record: Callable[[Any], dict[str, Any]],
) -> list[bytes] | None:
    """The lines of `objects` when they are the last call's but for a few replaced at the
    same places by objects of the same key (a preview's update of the Site): those found by
    one pass in C and encoded, or their old lines kept when their records are the same;
    None otherwise."""
    at = replaced(old_objects, objects)
    if at is None:
        return None
    if not at:
        return old_lines
    if any(_object_key(old_objects[n]) != _object_key(objects[n]) for n in at):
        return None
    lines = list(old_lines)
    for n in at:
        lines[n] = _line(record, (old_objects[n], old_lines[n]), objects[n])
    return lines


def _line(
    record: Callable[[Any], dict[str, Any]], was: tuple[Any, bytes] | None, obj: Any
) -> bytes:
    """The encoded record of `obj`; `was`, the object it replaced and its line, when any:
    that line when the two records are the same, found without encoding or even making
    them when the two objects differ only in articles of the same slugs (an entry an
    edited article is in, whose list of its articles' slugs may be thousands long)."""
    if was is not None and _same_row(was[0], obj):
        return was[1]
    now = record(obj)
    same = was is not None and _same_record(_old_record(record, was[0]), now)
    return was[1] if same else _compact(now).encode("utf-8")  # type: ignore[index]


def _same_row(old: Any, new: Any) -> bool:
    """Whether a place's or a source's record is the same for two entries, from their
    fields (same place or source, as many claims, articles of the same slugs), without
    making the records; False for other objects (compared by their records)."""
    if isinstance(old, PlaceEntry) and isinstance(new, PlaceEntry):
        return _same_place(old.place, new.place) and _same_slugs(old.articles, new.articles)
    if isinstance(old, SourceEntry) and isinstance(new, SourceEntry):
        shown = operator.attrgetter("id", "name", "kind", "affiliation")
        return (
            _same_values(shown(old.source), shown(new.source))
            and len(old.claims) == len(new.claims)
            and _same_slugs(old.articles, new.articles)
        )
    return False


def _same_place(old: Place, new: Place) -> bool:
    shown = operator.attrgetter("id", "name", "kind", "lat", "lon")
    return old is new or _same_values(shown(old), shown(new))


def _same_values(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Equal, and of the same types (1 == 1.0, yet they are written differently)."""
    return a == b and list(map(type, a)) == list(map(type, b))


def _same_slugs(old: Sequence[Article], new: Sequence[Article]) -> bool:
    """Whether two lists of articles have the same slugs, in order: a pass in C finds where
    they are not the very same articles, and only those are compared."""
    if len(old) != len(new):
        return False
    at = itertools.compress(range(len(old)), map(operator.is_not, old, new))
    return all(old[n].slug == new[n].slug for n in at)


def _replaced(
    old_objects: list[Any], old_lines: list[bytes], objects: list[Any]
) -> dict[object, tuple[Any, bytes]]:
    """The last call's objects that are not among `objects`, with their lines, by their
    record's key (found in C: an edit replaces a few of thousands)."""
    present = set(map(id, objects))
    gone = list(map(operator.not_, map(present.__contains__, map(id, old_objects))))
    pairs = zip(itertools.compress(old_objects, gone), itertools.compress(old_lines, gone))
    return {_object_key(obj): (obj, line) for obj, line in pairs}


def _object_key(obj: Any) -> object:
    """What names an object's record in its block: an article's slug, an entry's place or
    source id, or its date."""
    if isinstance(obj, Article):
        return obj.slug
    if isinstance(obj, PlaceEntry):
        return obj.place.id
    if isinstance(obj, SourceEntry):
        return obj.source.id
    return obj.date


def _old_record(record: Callable[[Any], dict[str, Any]], obj: Any) -> dict[str, Any] | None:
    """record(obj) for an object of the last call; None when it names an article the
    archive no longer has (a date's record orders its articles by their place now)."""
    try:
        return record(obj)
    except KeyError:
        return None


def _same_record(a: dict[str, Any] | None, b: dict[str, Any]) -> bool:
    """Whether two records encode to the same bytes: equal, with values of the same types
    (1 == 1.0 and True == 1, yet they are written differently). Lists hold slugs and nested
    dicts counts, by construction, so their items are not checked one by one."""
    if a is None or a != b:
        return False
    return list(map(type, a.values())) == list(map(type, b.values()))


def _records_block(lines: list[bytes]) -> list[bytes]:
    """A list of encoded records as _block() lays it out, as pieces to join."""
    if not lines:
        return [b"[]"]
    pieces = [b",\n    "] * (2 * len(lines) - 1)  # the records between their separators,
    pieces[::2] = lines  # placed in C: the whole index is then copied once, by one join
    return [b"[\n    ", *pieces, b"\n  ]"]


def _span(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _first_offset(spans: Iterable[Span]) -> float:
    return min((s.start for s in spans), default=float("inf"))


def article_json(article: Article) -> dict[str, Any]:
    a = article.annotations
    meta = article.meta
    published = article.published
    sources = sorted(a.sources, key=lambda s: _first_offset(s.mentions))
    places = sorted(a.places, key=lambda p: _first_offset(m.span for m in p.mentions))
    return {
        "schema": SCHEMA,
        "slug": article.slug,
        "source_file": article.document.source_file,
        "url": urls.article(article.slug),
        "title": meta.title,
        "outlet": meta.outlet,
        "author": meta.author,
        "original_url": meta.original_url,
        "published": published.isoformat() if published else None,
        "published_inferred": bool(a.published and a.published.inferred),
        "text": article.document.text,
        "claims": [_claim(c) for c in sorted(a.claims, key=lambda c: (c.span.start, c.span.end))],
        "sources": [_source(s) for s in sources],
        "places": [_place(p) for p in places],
        "dates": [
            {"date": d.date, **_span(d.span)}
            for d in sorted(a.dates, key=lambda d: (d.span.start, d.span.end))
        ],
    }


def _claim(claim: Any) -> dict[str, Any]:
    return {
        "id": claim.id,
        **_span(claim.span),
        "kind": claim.kind,
        "source": claim.source,
        "via": list(claim.via),
        "source_mention": _span(claim.source_mention) if claim.source_mention else None,
    }


def _source(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "name": source.name,
        "kind": source.kind,
        "affiliation": source.affiliation,
        "aliases": list(source.aliases),
        "mentions": [_span(m) for m in sorted(source.mentions, key=lambda m: m.start)],
    }


def _place(place: Place) -> dict[str, Any]:
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "parent": place.parent,
        "lat": place.lat,
        "lon": place.lon,
        "mentions": [
            {**_span(m.span), "metonymic": m.metonymic}
            for m in sorted(place.mentions, key=lambda m: m.span.start)
        ],
    }


def archive_json(site: Site, config: SiteConfig) -> dict[str, Any]:
    """The index: articles newest first; places and sources by id; dates ascending.

    A date's `articles` are those published that day or mentioning it (site order);
    `mentions` counts the expressions resolved to it across the archive.
    """
    order = {a.slug: n for n, a in enumerate(site.articles)}
    return {
        "schema": SCHEMA,
        "site": {"title": config.title, "base_url": config.base_url},
        "articles": [_article_row(a) for a in site.articles],
        "places": [_place_row(e) for e in site.by_place],
        "sources": [_source_row(e) for e in site.by_source],
        "dates": [_date_row(e, order) for e in site.by_date],
    }


def _place_row(e: PlaceEntry) -> dict[str, Any]:
    return {
        "id": e.place.id,
        "name": e.place.name,
        "kind": e.place.kind,
        "lat": e.place.lat,
        "lon": e.place.lon,
        "articles": list(map(_SLUG, e.articles)),
    }


def _source_row(e: SourceEntry) -> dict[str, Any]:
    return {
        "id": e.source.id,
        "name": e.source.name,
        "kind": e.source.kind,
        "affiliation": e.source.affiliation,
        "claims": len(e.claims),
        "articles": list(map(_SLUG, e.articles)),
    }


def _date_row(e: DateEntry, order: dict[str, int]) -> dict[str, Any]:
    return {"date": e.date, "articles": _date_articles(e, order), "mentions": len(e.mentions)}


def _date_articles(entry: DateEntry, order: dict[str, int]) -> list[str]:
    slugs = {a.slug for a in entry.published} | {r.article.slug for r in entry.mentions}
    return sorted(slugs, key=order.__getitem__)


def _article_row(article: Article) -> dict[str, Any]:
    a = article.annotations
    published = article.published
    return {
        "slug": article.slug,
        "url": urls.article(article.slug),
        "title": article.meta.title,
        "outlet": article.meta.outlet,
        "published": published.isoformat() if published else None,
        "published_inferred": bool(a.published and a.published.inferred),
        "counts": {
            "claims": len(a.claims),
            "sources": len(a.sources),
            "places": len(a.places),
            "dates": len(a.dates),
        },
    }
