"""The JSON export follows docs/DATA.md: keys and order, offsets that match, stable bytes."""

from __future__ import annotations

import json

from builder.render import export
from tests.render_helpers import CONFIG, fixture_files, fixture_site

ARTICLE_KEYS = [
    "schema",
    "slug",
    "source_file",
    "url",
    "title",
    "outlet",
    "author",
    "original_url",
    "published",
    "published_inferred",
    "text",
    "claims",
    "sources",
    "places",
    "dates",
]
CLAIM_KEYS = ["id", "start", "end", "text", "kind", "source", "via", "source_mention"]
SOURCE_KEYS = ["id", "name", "kind", "affiliation", "aliases", "mentions"]
PLACE_KEYS = ["id", "name", "kind", "parent", "lat", "lon", "mentions"]


def articles() -> dict[str, dict]:  # type: ignore[type-arg]
    files = fixture_files()
    return {p: json.loads(files[p]) for p in files if p.startswith("data/articles/")}


def spans(data: dict) -> list[dict]:  # type: ignore[type-arg]
    found = [*data["claims"], *data["dates"]]
    found += [c["source_mention"] for c in data["claims"] if c["source_mention"]]
    found += [m for s in data["sources"] for m in s["mentions"]]
    found += [m for p in data["places"] for m in p["mentions"]]
    return found


def test_article_json_has_data_md_keys_in_order() -> None:
    for data in articles().values():
        assert list(data) == ARTICLE_KEYS
        assert data["schema"] == 1
        assert all(list(c) == CLAIM_KEYS for c in data["claims"])
        assert all(list(s) == SOURCE_KEYS for s in data["sources"])
        assert all(list(p) == PLACE_KEYS for p in data["places"])
        assert all(
            list(m) == ["start", "end", "text", "metonymic"]
            for p in data["places"]
            for m in p["mentions"]
        )
        assert all(list(d) == ["date", "start", "end", "text"] for d in data["dates"])
        assert not data["url"].startswith("/") and data["url"].endswith("/")


def test_every_span_matches_the_text_it_indexes() -> None:
    checked = 0
    for data in articles().values():
        for span in spans(data):
            assert data["text"][span["start"] : span["end"]] == span["text"]
            checked += 1
    assert checked > 20


def test_lists_are_in_text_order() -> None:
    for data in articles().values():
        for key in ("claims", "dates"):
            starts = [x["start"] for x in data[key]]
            assert starts == sorted(starts)
        firsts = [s["mentions"][0]["start"] for s in data["sources"] if s["mentions"]]
        assert firsts == sorted(firsts)


def test_values_follow_the_rules() -> None:
    data = articles()["data/articles/zaporizhzhia-script-alert-x-script-and-quotes.json"]
    assert data["published"] == "2022-05-15" and data["published_inferred"] is True
    assert data["source_file"] == "seeds/002_hostile.txt"
    relayed = [c for c in data["claims"] if c["via"]]
    assert relayed[0]["source"] == "raikovych" and relayed[0]["via"] == ["kyiv-independent"]
    assert {d["date"] for d in data["dates"]} == {"2022-05-14", "2022"}
    first = articles()[
        "data/articles/ukraine-retakes-balakliia-as-counteroffensive-gathers-pace.json"
    ]
    assert first["published_inferred"] is False
    figure = next(c for c in first["claims"] if c["kind"] == "figure")
    assert figure["source"] is None and figure["source_mention"] is None
    assert "\u201c" in first["text"]  # not escaped to \\u201c: ensure_ascii is off


def test_archive_json_indexes_the_site() -> None:
    data = json.loads(fixture_files()["data/archive.json"])
    assert list(data) == ["schema", "site", "articles", "places", "sources", "dates"]
    assert data["site"] == {"title": CONFIG.title, "base_url": CONFIG.base_url}
    assert [a["slug"] for a in data["articles"]] == [a.slug for a in fixture_site().articles]
    row = data["articles"][0]
    assert list(row) == [
        "slug",
        "url",
        "title",
        "outlet",
        "published",
        "published_inferred",
        "counts",
    ]
    assert row["counts"] == {"claims": 4, "sources": 3, "places": 3, "dates": 2}
    assert [p["id"] for p in data["places"]] == sorted(p["id"] for p in data["places"])
    assert list(data["sources"][0]) == ["id", "name", "kind", "affiliation", "claims", "articles"]
    day = {d["date"]: d for d in data["dates"]}["2022-09-10"]
    assert day == {
        "date": "2022-09-10",
        "mentions": 1,
        "articles": ["ukraine-retakes-balakliia-as-counteroffensive-gathers-pace"],
    }


def test_bytes_are_stable_and_end_with_a_newline() -> None:
    first = export.files(fixture_site(), CONFIG)
    second = export.files(fixture_site(), CONFIG)
    assert first == second
    assert all(b.endswith(b"}\n") for b in first.values())


def test_the_archive_index_encoded_again_for_an_updated_site_is_the_full_encoding() -> None:
    """archive_bytes() re-encodes only records of objects it has not seen; whatever it kept,
    the bytes are those of encoding the whole index, before and after an entry changes."""
    import dataclasses

    site = fixture_site()
    assert export.archive_bytes(site, CONFIG) == export.dumps(export.archive_json(site, CONFIG))
    first = site.by_place[0]
    changed = dataclasses.replace(first, articles=first.articles[:1])
    site = dataclasses.replace(site, by_place=(changed, *site.by_place[1:]))
    again = export.archive_bytes(site, CONFIG)
    assert again == export.dumps(export.archive_json(site, CONFIG))
    assert json.loads(again)["places"][0]["articles"] == [first.articles[0].slug]


def test_the_archive_index_of_an_empty_site_is_laid_out_as_dumps_lays_it_out() -> None:
    from builder.assemble.site import Site

    empty = Site((), (), (), ())
    assert export.archive_bytes(empty, CONFIG) == export.dumps(export.archive_json(empty, CONFIG))
    assert json.loads(export.archive_bytes(empty, CONFIG))["articles"] == []


def test_the_archive_index_stays_exact_when_its_records_move_or_go(monkeypatch) -> None:
    """Whatever the last index kept, an article or entry that left, moved or came back is
    where a full encoding puts it; only the records of objects not seen are encoded again."""
    import dataclasses

    from builder.render import export as module

    site = fixture_site()
    export.archive_bytes(site, CONFIG)
    shifted = dataclasses.replace(site, by_place=site.by_place[1:], by_date=site.by_date[::-1])
    assert export.archive_bytes(shifted, CONFIG) == export.dumps(
        export.archive_json(shifted, CONFIG)
    )
    encoded: list[object] = []
    real = module._place_row

    def place_row(entry):  # type: ignore[no-untyped-def]
        encoded.append(entry)
        return real(entry)

    first = site.by_place[0]
    changed = dataclasses.replace(first, articles=first.articles[:1])
    again = dataclasses.replace(site, by_place=(changed, *site.by_place[1:]))
    full = export.dumps(export.archive_json(again, CONFIG))
    monkeypatch.setattr(module, "_place_row", place_row)
    assert export.archive_bytes(again, CONFIG) == full
    assert encoded == [changed]


def test_an_entry_replaced_by_one_with_the_same_record_keeps_its_line(monkeypatch) -> None:
    """A place whose entry is a new object (an edited article that still names it) but whose
    record is the same is not encoded again; one whose record changed, or whose values only
    compare equal (50 == 50.0), is; the bytes are always those of encoding the whole index."""
    import dataclasses

    from builder.render import export as module

    site = fixture_site()
    export.archive_bytes(site, CONFIG)
    first = site.by_place[0]
    copy = dataclasses.replace(first)  # equal, another object
    site = dataclasses.replace(site, by_place=(copy, *site.by_place[1:]))
    encoded: list[object] = []
    real = module._compact

    def compact(value):  # type: ignore[no-untyped-def]
        encoded.append(value)
        return real(value)

    def archived(site):  # type: ignore[no-untyped-def]
        full = export.dumps(export.archive_json(site, CONFIG))
        encoded.clear()
        monkeypatch.setattr(module, "_compact", compact)
        found = export.archive_bytes(site, CONFIG)
        monkeypatch.setattr(module, "_compact", real)
        assert found == full
        return any(isinstance(v, dict) and v.get("id") == first.place.id for v in encoded)

    assert not archived(site)
    lat = first.place.lat
    retyped = float(lat) if isinstance(lat, int) else int(lat) if lat == int(lat) else lat + 1
    moved = dataclasses.replace(copy, place=dataclasses.replace(copy.place, lat=retyped))
    assert archived(dataclasses.replace(site, by_place=(moved, *site.by_place[1:])))


def test_a_date_that_named_an_article_now_gone_is_encoded_again() -> None:
    """The last index's record of a date is not asked of an article the site no longer has."""
    import dataclasses

    site = fixture_site()
    export.archive_bytes(site, CONFIG)
    gone = site.articles[0].slug
    articles = site.articles[1:]
    dates = tuple(
        dataclasses.replace(
            e,
            published=tuple(a for a in e.published if a.slug != gone),
            mentions=tuple(r for r in e.mentions if r.article.slug != gone),
        )
        for e in site.by_date
    )
    site = dataclasses.replace(site, articles=articles, by_date=dates)
    assert export.archive_bytes(site, CONFIG) == export.dumps(export.archive_json(site, CONFIG))
