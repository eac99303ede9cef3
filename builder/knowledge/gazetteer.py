"""Loads the gazetteer (places.yaml, places-*.yaml) into indexes compiled once per build."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder import yamlnodes
from builder.diagnostics import Diagnostic, error, warning
from builder.knowledge.fuzzy import FuzzyIndex, build_fuzzy_index
from builder.knowledge.russian_style import RussianStyle, compile_style, spellings

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

NEARBY_KM = 200.0  # "nearby" stops here: Berlin is not near Wales
KINDS = ("country", "capital", "oblast", "region", "city", "town", "village", "sea", "river")
# An abbreviation ("U.S.") or a word with its inner hyphens and apostrophes. Written to start
# with a character class, so the regex engine skips to the next letter in C: the same tokens as
# (?:[A-Z]\.){2,}|[^\W\d_]+(?:[-'’][^\W\d_]+)* (a capital, then a full stop, begins the first).
TOKEN = re.compile(r"[^\W\d_](?:(?<=[A-Z])\.(?:[A-Z]\.)+|[^\W\d_]*(?:[-'’][^\W\d_]+)*)")
Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One place of the gazetteer; `origin` is its `file:line`."""

    id: str
    name: str
    kind: str
    parent: str | None
    lat: float | None
    lon: float | None
    variants: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()
    seat: str | None = None
    origin: str = ""
    generated: bool = False  # from the generated long tail (TSV): exact names only, no fuzzy


@dataclass(frozen=True, slots=True)
class Rules:
    """Word lists the places pass reads (`rules:` in places.yaml), all lower-case."""

    region_words: frozenset[str] = frozenset()
    region_of_words: frozenset[str] = frozenset()
    oblast_before: frozenset[str] = frozenset()
    context_before: frozenset[str] = frozenset()
    context_after: frozenset[str] = frozenset()
    metonymy_nouns: frozenset[str] = frozenset()
    metonymy_verbs: frozenset[str] = frozenset()
    metonymy_aux: frozenset[str] = frozenset()
    metonymy_before: frozenset[str] = frozenset()
    stopwords: frozenset[str] = frozenset()
    english_words: frozenset[str] = frozenset()
    needs_context: frozenset[str] = frozenset()
    person_place_before: frozenset[str] = frozenset()  # "in Austin" is the city, not Lloyd Austin
    organisations: frozenset[Key] = frozenset()
    oblast_after: frozenset[str] = frozenset()
    facility_after: frozenset[Key] = frozenset()
    infrastructure_after: frozenset[Key] = frozenset()
    organisation_of_heads: frozenset[str] = frozenset()
    organisation_heads_after: frozenset[str] = frozenset()
    not_place_after: frozenset[str] = frozenset()
    unit_names: frozenset[Key] = frozenset()  # "Azov": a place that names an armed unit too
    unit_people_after: frozenset[str] = frozenset()  # "Azov fighters": the unit, not the sea
    vessel_before: frozenset[str] = frozenset()
    club_before: frozenset[str] = frozenset()  # "Legia" of "Legia Warsaw": a club, no place
    club_after: frozenset[str] = frozenset()  # "FC" of "Dnipro FC"
    acronym_noun_after: frozenset[str] = frozenset()
    axis_after: frozenset[str] = frozenset()
    oblast_after_phrases: frozenset[Key] = frozenset()
    demonym_endings: frozenset[str] = frozenset()  # "Israeli", "Hungarian": no misspellings
    name_hiding_source_kinds: frozenset[str] = frozenset()  # outlets: "France 24" is no France
    # real towns the gazetteer lacks, near a name it holds: "Harrow" is no misspelt "Kharkov"
    real_places_elsewhere: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Places by id, and the indexes the annotator matches text against."""

    entries: Mapping[str, PlaceEntry] = field(default_factory=dict)
    names: Mapping[Key, str] = field(default_factory=dict)
    stems: Mapping[Key, str] = field(default_factory=dict)
    acronyms: frozenset[str] = frozenset()
    lower_ok: frozenset[Key] = frozenset()  # canonical one-word names matched in lower case
    lower_words: frozenset[str] = frozenset()  # the words of lower_ok, to skip other words fast
    after_the: Mapping[Key, str] = field(default_factory=dict)  # "the Dnipro" is the river
    namesakes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # id -> all sharing
    weak: frozenset[Key] = frozenset()  # long-tail names and generated spellings
    possessive_names: frozenset[Key] = frozenset()  # "Simon's Town": a possessive inside it
    cells: Mapping[tuple[int, int], tuple[PlaceEntry, ...]] = field(default_factory=dict)
    lengths: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    org_lengths: Mapping[str, tuple[int, ...]] = field(
        default_factory=dict
    )
    # an organisation's first word -> the words that come second in the names it starts
    org_second_words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # the words rules.oblast_after_phrases end with; None if an empty phrase (always fits) is one
    oblast_after_last_words: frozenset[str] | None = None
    rules: Rules = field(default_factory=Rules)
    fuzzy: FuzzyIndex = field(default_factory=lambda: build_fuzzy_index({}))

    def get(self, place_id: str) -> PlaceEntry | None:
        return self.entries.get(place_id)

    def country_of(self, place_id: str) -> PlaceEntry | None:
        """The country a place lies in (itself, for a country), by its parents; None if none."""
        seen = set()
        entry = self.get(place_id)
        while entry is not None and entry.kind != "country" and entry.id not in seen:
            seen.add(entry.id)
            entry = self.get(entry.parent) if entry.parent else None
        return entry if entry is not None and entry.kind == "country" else None

    def nearby(
        self, place_id: str, n: int, max_km: float = NEARBY_KM
    ) -> tuple[PlaceEntry, ...]:
        """Settlements and oblasts within max_km of a place, nearest first: the n nearest
        written (curated) ones, and any long-tail village nearer than the last of them (so
        that a dense long tail never crowds out the towns a reader knows)."""
        here = self.entries.get(place_id)
        if here is None or here.lat is None or here.lon is None:
            return ()
        scored = sorted(
            (d, e.id, e) for e in self._cells_near(here)
            if e.id != here.id and (d := _flat_km(here, e)) <= max_km
        )
        written = [d for d, _, e in scored if not e.generated][:n]
        limit = written[-1] if len(written) == n else max_km
        return tuple(e for d, _, e in scored if d < limit or (d == limit and not e.generated))

    def _cells_near(self, here: PlaceEntry) -> list[PlaceEntry]:
        lat, lon = _cell(here.lat or 0.0, here.lon or 0.0)
        out: list[PlaceEntry] = []
        for dlat in range(-_CELL_REACH, _CELL_REACH + 1):
            for dlon in range(-2 * _CELL_REACH, 2 * _CELL_REACH + 1):
                out += self.cells.get((lat + dlat, lon + dlon), ())
        return out


_NEARBY_KINDS = frozenset({"capital", "city", "town", "village", "oblast"})
_CELL_REACH = 2  # cells of 1 degree: 2 of latitude (and 4 of longitude) > NEARBY_KM


def _flat_km(a: PlaceEntry, b: PlaceEntry) -> float:
    """Distance on a flat map around a (equirectangular): within 1% of the great circle at
    the few hundred km that "nearby" spans, and far cheaper."""
    dx = ((b.lon or 0.0) - (a.lon or 0.0)) * 111.32 * math.cos(math.radians(a.lat or 0.0))
    dy = ((b.lat or 0.0) - (a.lat or 0.0)) * 110.57
    return math.hypot(dx, dy)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat), math.floor(lon)


def _grid(entries: Iterable[PlaceEntry]) -> dict[tuple[int, int], tuple[PlaceEntry, ...]]:
    """Places that can be "nearby", by one-degree cell (a spatial index built once)."""
    cells: dict[tuple[int, int], list[PlaceEntry]] = {}
    for e in entries:
        if e.lat is not None and e.lon is not None and e.kind in _NEARBY_KINDS:
            cells.setdefault(_cell(e.lat, e.lon), []).append(e)
    return {k: tuple(v) for k, v in cells.items()}


def distance_km(a: PlaceEntry, b: PlaceEntry) -> float:
    """Great-circle distance between two places with coordinates."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat or 0, a.lon or 0, b.lat or 0, b.lon or 0))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


@functools.cache
def key_of(name: str) -> Key:
    """A name as the matcher sees it: its tokens folded, a possessive 's dropped."""
    folded = (fold(t) for t in TOKEN.findall(name))
    return tuple(t.removesuffix("'s") for t in folded)


def fold(token: str) -> str:
    return token.replace("’", "'").casefold()


# --- Loading -------------------------------------------------------------------------------


def load(dirs: tuple[Path, ...]) -> tuple[Gazetteer, tuple[Diagnostic, ...]]:
    """Read places.yaml, places-*.yaml and places-*.tsv of each dir in that order; later ids
    replace earlier, and earlier files keep a shared name (curated YAML before generated TSV)."""
    entries: dict[str, PlaceEntry] = {}
    raw_rules: dict[str, list[Any]] = {}
    diags: list[Diagnostic] = []
    for path in _files(dirs):
        data, d = _read(path)
        diags += d
        for name, words in (data.get("rules") or {}).items():
            raw_rules.setdefault(name, []).extend(words or [])
        diags += _add_places(entries, data.get("places") or [], path)
    diags += _validate(entries)
    return compile_gazetteer(entries, raw_rules), tuple(diags)


def _files(dirs: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for d in dirs:
        main = d / "places.yaml"
        found += [main] if main.is_file() else []
        found += sorted(d.glob("places-*.yaml"))
        found += sorted(d.glob("places-*.tsv"))
    return found


TSV_FIELDS = ("id", "name", "kind", "parent", "lat", "lon", "variants")


def read_tsv(text: str) -> list[dict[str, Any]]:
    """Places as tab-separated lines (the generated long tail: fast to load, easy to diff):
    `#` comment lines, then the TSV_FIELDS header, then one place a line; variants are
    separated by "; ". Each place records its line number under `_line`."""
    items: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith(("#", "id\t")):
            continue
        cells = dict(zip(TSV_FIELDS, line.split("\t"), strict=False))
        item: dict[str, Any] = {k: v for k, v in cells.items() if v}
        for coord in ("lat", "lon"):
            item[coord] = _number(item.get(coord))
        item["variants"] = [v for v in cells.get("variants", "").split("; ") if v]
        item["_line"] = n
        items.append(item)
    return items


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _read(path: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    if path.suffix == ".tsv":
        try:
            return {"places": read_tsv(path.read_text(encoding="utf-8"))}, []
        except (OSError, UnicodeDecodeError) as exc:
            return {}, [error(str(path), 0, f"cannot read gazetteer: {exc}")]
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
        if root is None:
            return {}, []
        root, unquoted = yamlnodes.words_only(root, str(path))  # a bare `on` rule word: left out
        data = yamlnodes.value(root) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        return {}, [error(str(path), line, f"cannot read gazetteer: {exc}")]
    if not isinstance(data, dict):
        return {}, [error(str(path), 1, "gazetteer must be a mapping with `places:`")]
    return data, list(unquoted)


def _id_lines(path: Path) -> dict[str, int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = (re.search(r"\bid:\s*([a-z0-9-]+)", ln) for ln in lines)
    return {m.group(1): n for n, m in enumerate(found, start=1) if m}


def _add_places(entries: dict[str, PlaceEntry], items: list[Any], path: Path) -> list[Diagnostic]:
    lines = {} if path.suffix == ".tsv" else _id_lines(path)
    diags: list[Diagnostic] = []
    for item in items:
        line = _get(item, "_line") or lines.get(str(_get(item, "id")), 0)
        entry, problem = _entry(item, f"{path}:{line}")
        if problem:
            diags.append(error(str(path), line, problem))
        if entry:
            entries[entry.id] = entry
    return diags


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else None


def _entry(item: Any, origin: str) -> tuple[PlaceEntry | None, str]:
    if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
        return None, "a place needs at least `id` and `name`"
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", str(item["id"])):
        return None, f"place id {item['id']!r} is not a lowercase ASCII slug"
    kind = str(item.get("kind", ""))
    if kind not in KINDS:
        return None, f"place {item['id']!r}: unknown kind {kind!r} (one of {', '.join(KINDS)})"
    return PlaceEntry(
        id=str(item["id"]), name=str(item["name"]), kind=kind,
        parent=str(item["parent"]) if item.get("parent") else None,
        lat=_coord(item.get("lat")), lon=_coord(item.get("lon")),
        variants=tuple(str(v) for v in item.get("variants") or ()),
        stems=tuple(str(v) for v in item.get("stems") or ()),
        seat=str(item["seat"]) if item.get("seat") else None, origin=origin,
        generated="_line" in item,
    ), ""


def _coord(value: Any) -> float | None:
    return round(float(value), 4) if isinstance(value, (int, float)) else None


def _validate(entries: Mapping[str, PlaceEntry]) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    for e in entries.values():
        path, _, line = e.origin.rpartition(":")
        for ref, what in ((e.parent, "parent"), (e.seat, "seat")):
            if ref and ref not in entries:
                diags.append(error(path, int(line or 0), f"{e.id}: {what} {ref!r} does not exist"))
        if e.lat is not None and not (-90 <= e.lat <= 90 and -180 <= (e.lon or 0) <= 180):
            diags.append(error(path, int(line or 0), f"{e.id}: coordinates out of range"))
    owners: dict[Key, PlaceEntry] = {}
    for e in _ranked(entries):
        for name in dict.fromkeys((e.name, *e.variants)):
            other = owners.setdefault(key_of(name), e)
            if other.id != e.id and not _namesakes(other, e):
                path, _, line = e.origin.rpartition(":")
                diags.append(warning(
                    path, int(line or 0), f"{e.id}: variant {name!r} already names {other.id}",
                    f"{other.origin} keeps it",
                ))
    return diags


def base_id(e: PlaceEntry) -> str:
    """The id without its namesake suffix: andriivka-donetsk -> andriivka."""
    suffix = "-" + (e.parent or "").removesuffix("-oblast")
    return e.id.removesuffix(suffix) if e.kind != "oblast" and e.id.endswith(suffix) else e.id


def _ranked(entries: Mapping[str, PlaceEntry]) -> list[PlaceEntry]:
    """Load order, except that a namesake with an oblast-suffixed id comes after the others."""
    return sorted(entries.values(), key=lambda e: base_id(e) != e.id)


def _namesakes(first: PlaceEntry, second: PlaceEntry) -> bool:
    """The documented rule: namesakes share an id up to the oblast suffix."""
    return base_id(first) == base_id(second)


# --- Compiling the matchers ----------------------------------------------------------------


def compile_gazetteer(
    entries: Mapping[str, PlaceEntry], raw_rules: Mapping[str, list[Any]]
) -> Gazetteer:
    """Index names, variants and oblast stems by their folded token keys."""
    names: dict[Key, str] = {}
    acronyms: set[str] = set()
    ranked = _ranked(entries)
    for e in ranked:  # canonical names first, namesakes with a suffixed id last
        names.setdefault(key_of(e.name), e.id)
    after_the: dict[Key, str] = {}
    for e in ranked:
        for name in e.variants:
            key = key_of(name)
            if len(key) > 1 and key[0] == "the":
                after_the.setdefault(key[1:], e.id)  # "the Dnipro": the name after "the"
                continue
            names.setdefault(key, e.id)
            if name.isupper() and len(name) <= 5:
                acronyms.add(name)
    stems = _stems(entries)
    rules = _rules(raw_rules)
    lower_ok = {
        key_of(e.name) for e in entries.values()
        if len(key_of(e.name)) == 1 and key_of(e.name)[0] not in rules.english_words
        and key_of(e.name)[0] not in rules.stopwords and not e.generated
    }
    fuzzy_targets = {k: v for k, v in names.items() if len(k) == 1 and not entries[v].generated}
    fuzzy_targets.update({k: v for k, v in stems.items() if len(k) == 1 and k not in names})
    written = set(names)
    _add_russian_style(names, ranked, entries, _russian_style(raw_rules), rules)
    weak = {k for k, v in names.items() if k not in written or entries[v].generated}
    return Gazetteer(
        entries=dict(sorted(entries.items())),
        names=names, stems=stems,  # plain dicts: looked up per token, never mutated
        acronyms=frozenset(acronyms), lower_ok=frozenset(lower_ok), after_the=after_the,
        lower_words=frozenset(k[0] for k in lower_ok),
        lengths=_lengths((*names, *stems, *after_the)), org_lengths=_lengths(rules.organisations),
        org_second_words=_second_words(rules.organisations),
        oblast_after_last_words=frozenset(p[-1] for p in rules.oblast_after_phrases)
        if all(rules.oblast_after_phrases) else None,
        rules=rules,
        fuzzy=build_fuzzy_index(
            {k[0]: v for k, v in fuzzy_targets.items()},
            {e.id: _KIND_RANK.get(e.kind, 0) for e in entries.values()},
        ),
        namesakes=_namesake_groups(entries), weak=frozenset(weak),
        possessive_names=frozenset(
            key_of(n) for e in entries.values() for n in (e.name, *e.variants)
            if any(fold(t).endswith("'s") for t in TOKEN.findall(n)[:-1])),
        cells=_grid(entries.values()),
    )


_KIND_RANK = {"town": 1, "village": 2}
_SETTLEMENTS = frozenset({"city", "town", "village"})


def _russian_style(raw: Mapping[str, list[Any]]) -> RussianStyle:
    return compile_style(
        raw.get("russian_endings", ()), raw.get("russian_letters", ()),
        raw.get("russian_morphemes", ()),
    )


def _add_russian_style(
    names: dict[Key, str], ranked: list[PlaceEntry], entries: Mapping[str, PlaceEntry],
    style: RussianStyle, rules: Rules,
) -> None:
    """Generated Russian-based spellings of Ukrainian settlements, ranked below every written
    name (setdefault after them all): they never take a name from another place."""
    if not style.endings and style.letters is None:
        return
    skip = rules.stopwords | rules.english_words
    for e in ranked:
        parent = entries.get(e.parent or "")
        if e.kind not in _SETTLEMENTS or parent is None or parent.parent != "ukraine":
            continue
        for spelt in spellings(e.name, style):
            key = tuple(w.casefold() for w in spelt.split(" "))
            if len(spelt) >= 5 and key[-1] not in skip:
                names.setdefault(key, e.id)


def _namesake_groups(entries: Mapping[str, PlaceEntry]) -> dict[str, tuple[str, ...]]:
    """For each place with namesakes (ids equal up to the oblast suffix), all of them."""
    groups: dict[str, list[str]] = {}
    for e in entries.values():
        groups.setdefault(base_id(e), []).append(e.id)
    return {i: tuple(sorted(g)) for g in groups.values() if len(g) > 1 for i in g}


def _second_words(keys: Iterable[Key]) -> dict[str, frozenset[str]]:
    """First word -> the words that come second in the keys it starts."""
    seconds: dict[str, set[str]] = {}
    for k in keys:
        if len(k) > 1:
            seconds.setdefault(k[0], set()).add(k[1])
    return {first: frozenset(words) for first, words in seconds.items()}


def _lengths(keys: Iterable[Key]) -> Mapping[str, tuple[int, ...]]:
    """For each first word, the token counts of the keys starting with it, longest first."""
    found: dict[str, set[int]] = {}
    for k in keys:
        if k:
            found.setdefault(k[0], set()).add(len(k))
    return {w: tuple(sorted(n, reverse=True)) for w, n in found.items()}


def _stems(entries: Mapping[str, PlaceEntry]) -> dict[Key, str]:
    """Words naming an oblast before "region": its stems, and its seat's name and variants."""
    stems: dict[Key, str] = {}
    for e in entries.values():
        seat = entries.get(e.seat) if e.seat else None
        seat_names = (seat.name, *seat.variants) if seat else ()
        for stem in (*e.stems, *seat_names):
            stems.setdefault(key_of(stem), e.id)
    return stems


def _rules(raw: Mapping[str, list[Any]]) -> Rules:
    def words(name: str) -> frozenset[str]:
        return frozenset(fold(str(w)) for w in raw.get(name, ()))

    return Rules(
        region_words=words("region_words"), region_of_words=words("region_of_words"),
        oblast_before=words("oblast_before"),
        context_before=words("context_before"), context_after=words("context_after"),
        metonymy_nouns=words("metonymy_nouns"), metonymy_verbs=words("metonymy_verbs"),
        metonymy_aux=words("metonymy_aux"), metonymy_before=words("metonymy_before"),
        stopwords=words("stopwords"), english_words=words("english_words"),
        needs_context=words("needs_context"), oblast_after=words("oblast_after"),
        person_place_before=words("person_place_before"),
        facility_after=frozenset(key_of(str(o)) for o in raw.get("facility_after", ())),
        infrastructure_after=frozenset(
            key_of(str(o)) for o in raw.get("infrastructure_after", ())
        ),
        acronym_noun_after=words("acronym_noun_after"),
        oblast_after_phrases=frozenset(
            key_of(str(o)) for o in raw.get("oblast_after_phrases", ())
        ),
        organisation_of_heads=words("organisation_of_heads"),
        organisation_heads_after=words("organisation_heads_after"),
        not_place_after=words("not_place_after"),
        unit_names=frozenset(key_of(str(o)) for o in raw.get("unit_names", ())),
        unit_people_after=words("unit_people_after"),
        vessel_before=words("vessel_before"),
        club_before=words("club_before"),
        club_after=words("club_after"),
        axis_after=words("axis_after"),
        organisations=frozenset(key_of(str(o)) for o in raw.get("organisations", ())),
        demonym_endings=words("demonym_endings"),
        name_hiding_source_kinds=words("name_hiding_source_kinds"),
        real_places_elsewhere=words("real_places_elsewhere"),
    )
