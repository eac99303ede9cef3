"""Sidecar corrections: the documented format becomes Corrections with their lines."""

from __future__ import annotations

import datetime as dt

from builder.model import Correction
from builder.read.sidecar import parse_sidecar

PATH = "seeds/x.yaml"

SIDECAR = """\
title: Corrected title
published: 2022-05-15
claims:
  add:
    - {text: "Kyiv is trying to persuade", source: hanna-maliar, kind: reported}
    - text: "up to 27,000 Russian troops"
      kind: figure
  remove: ["substring of a claim to drop", {text: "another one"}]
  attribute: [{text: "lost momentum", source: uk-ministry-of-defence}]
places:
  add: [{text: "Balakliia", place: balakliia}]
  remove: ["Wales"]
dates:
  set: [{text: "last Tuesday", date: 2022-05-10}, {text: "in March", date: 2022-03}]
  remove: ["six months ago"]
"""


def test_the_documented_format_becomes_corrections_with_lines() -> None:
    sidecar, problems = parse_sidecar(SIDECAR, PATH)
    assert problems == ()
    assert dict(sidecar.meta) == {"title": "Corrected title", "published": dt.date(2022, 5, 15)}
    c = Correction
    assert sidecar.corrections == (
        c("claim", "add", "Kyiv is trying to persuade", "hanna-maliar", PATH, 5, "reported"),
        c("claim", "add", "up to 27,000 Russian troops", "", PATH, 6, "figure"),
        c("claim", "remove", "substring of a claim to drop", "", PATH, 8),
        c("claim", "remove", "another one", "", PATH, 8),
        c("claim", "attribute", "lost momentum", "uk-ministry-of-defence", PATH, 9),
        c("place", "add", "Balakliia", "balakliia", PATH, 11),
        c("place", "remove", "Wales", "", PATH, 12),
        c("date", "set", "last Tuesday", "2022-05-10", PATH, 14),
        c("date", "set", "in March", "2022-03", PATH, 14),
        c("date", "remove", "six months ago", "", PATH, 15),
    )


def messages(text: str) -> list[str]:
    return [str(d) for d in parse_sidecar(text, PATH)[1]]


def test_unknown_keys_are_errors_with_a_hint() -> None:
    assert messages("titel: X\nclaims:\n  ad: []\nplaces:\n  add: [{text: a, plac: b}]\n") == [
        "seeds/x.yaml:1: error: unknown key 'titel' in sidecar (did you mean 'title'?)",
        "seeds/x.yaml:3: error: unknown key 'ad' in 'claims' (did you mean 'add'?)",
        "seeds/x.yaml:5: error: unknown key 'plac' in 'places.add' (did you mean 'place'?)",
    ]


def test_wrong_types_and_missing_values_are_errors_with_lines() -> None:
    text = (
        "claims: [a, b]\n"
        "places:\n  add: {text: a}\n"
        "dates:\n  set:\n    - {text: a, date: next week}\n    - {text: b}\n"
        "published: soon\n"
    )
    assert messages(text) == [
        "seeds/x.yaml:1: error: 'claims' must hold the keys add, remove, attribute",
        "seeds/x.yaml:3: error: 'places.add' must be a list",
        "seeds/x.yaml:6: error: 'date' in 'dates.set' must be YYYY-MM-DD, YYYY-MM or YYYY, "
        "found 'next week'",
        "seeds/x.yaml:7: error: 'dates.set' entry needs 'date'",
        "seeds/x.yaml:8: error: 'published' is not a date (YYYY-MM-DD): 'soon'",
    ]


def test_bad_ids_and_kinds_are_errors() -> None:
    text = "claims:\n  add: [{text: a, source: Hanna Maliar}, {text: b, kind: rumour}]\n"
    assert messages(text) == [
        (
            "seeds/x.yaml:2: error: 'source' in 'claims.add' must be an id "
            "(lowercase letters, digits, hyphens), found 'Hanna Maliar'"
        ),
        "seeds/x.yaml:2: error: 'kind' must be one of quote, reported, figure, found 'rumour'",
    ]


def test_an_empty_sidecar_is_fine() -> None:
    assert parse_sidecar("# nothing\n", PATH) == parse_sidecar("", PATH)
    assert parse_sidecar("", PATH)[1] == ()
