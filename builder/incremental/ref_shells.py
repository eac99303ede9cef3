"""The state's claim, place and date references pickled as shells, filled in C at the end.

A Site's entries hold ~50 references an article (a claim, a place mention or a date, with its
article): ~500,000 at 10,000 articles. Rebuilt by a Python function each (the reference's
frozen dataclass `__init__` behind it), they cost about a third of loading a state. Here each
is pickled as an empty shell (NEWOBJ, made in C) where the pickle meets it, and noted in
columns: its article, and its claim's, mention's or date's place among all the results'
claims, place mentions or dates in the order the results are saved (an int in an array).
The columns are pickled after the value, as fills (see shells): `map(member.__set__, refs,
values)` drained in the unpickler, the values `map(flat.__getitem__, places)` over a flat list
of the loaded results' objects, all C calls. A reference whose claim, mention or date is not
its article's own result's (or whose article is not one of the results) is not collected
here: the caller pickles it its own way. A shell is filled only when the whole pickle has been
read: nothing may hash or compare a reference while the value loads (no state holds one in a
set or as a dict key; one that did would raise while loading, and the state be ignored).
"""

from __future__ import annotations

import itertools
import operator
from array import array
from typing import Any, Literal

from builder.assemble.site import ClaimRef, DateRef, PlaceRef
from builder.incremental import shells

_NEWOBJ = shells.NEWOBJ


def _claims_at(n: int) -> Any:
    raise RuntimeError("a state's claims are its loader's (see flat)")


def _mentions_at(n: int) -> Any:
    raise RuntimeError("a state's place mentions are its loader's (see flat)")


def _dates_at(n: int) -> Any:
    raise RuntimeError("a state's dates are its loader's (see flat)")


NAMES = frozenset({"_claims_at", "_mentions_at", "_dates_at"})


class Refs:
    """While a state's last pickle is written: the references made shells, by column."""

    def __init__(self, results: list[Any]) -> None:
        # id(annotations) -> (annotations, first claim, each place's first mention, first date);
        # none (no shells) unless every result has annotations with claims, places and dates
        self.bases: dict[int, tuple[Any, int, tuple[int, ...], int]] = {}
        claims = mentions = dates = 0
        try:
            for result in results:
                a = result.annotations
                marks = []
                for place in a.places:
                    marks.append(mentions)
                    mentions += len(place.mentions)
                self.bases[id(a)] = (a, claims, tuple(marks), dates)
                claims += len(a.claims)
                dates += len(a.dates)
        except (AttributeError, TypeError):
            self.bases.clear()
        self.claim_refs: tuple[list[Any], list[Any], array[int]] = ([], [], array("q"))
        self.date_refs: tuple[list[Any], list[Any], array[int]] = ([], [], array("q"))
        self.place_refs: tuple[list[Any], list[Any], array[int], array[int]] = (
            [],
            [],
            array("q"),
            array("q"),
        )

    def fills(self) -> list[Any]:
        """The fills to pickle after the value (their columns complete by then)."""
        c_refs, c_articles, c_claims = self.claim_refs
        d_refs, d_articles, d_dates = self.date_refs
        p_refs, p_articles, p_mentions, p_claims = self.place_refs
        return [
            shells.later_fill(ClaimRef, "article", c_refs, c_articles),
            shells.later_fill(ClaimRef, "claim", c_refs, _Lookup(_claims_at, c_claims)),
            shells.later_fill(DateRef, "article", d_refs, d_articles),
            shells.later_fill(DateRef, "mention", d_refs, _Lookup(_dates_at, d_dates)),
            shells.later_fill(PlaceRef, "article", p_refs, p_articles),
            shells.later_fill(PlaceRef, "mention", p_refs, _Lookup(_mentions_at, p_mentions)),
            shells.later_fill(PlaceRef, "claim", p_refs, _Lookup(_claims_at, p_claims)),
        ]

    def _base(self, ref: Any) -> tuple[Any, int, tuple[int, ...], int] | None:
        a = ref.article.annotations
        base = self.bases.get(id(a))
        return base if base is not None and base[0] is a else None

    def claim(self, ref: ClaimRef, n: int) -> Any:
        """The shell of a claim reference whose claim is its article's `n`th, or None."""
        return self._counted(ref, n, 1, self.claim_refs, ClaimRef)

    def date(self, ref: DateRef, n: int) -> Any:
        """The shell of a date reference whose date is its article's `n`th, or None."""
        return self._counted(ref, n, 3, self.date_refs, DateRef)

    def _counted(self, ref: Any, n: int, at: Literal[1, 3],
                 into: tuple[list[Any], list[Any], array[int]], cls: type) -> Any:
        """The shell of a reference to its article's `n`th claim or date: its place among
        every result's, from the article's base (`at`: which count of the base), or None."""
        base = self._base(ref)
        if base is None:
            return None
        refs, articles, places = into
        refs.append(ref)
        articles.append(ref.article)
        places.append(base[at] + n)
        return _NEWOBJ, (cls,)

    def place(self, ref: PlaceRef, p: int, m: int, c: int) -> Any:
        """The shell of a place reference: its mention the `m`th of its article's `p`th
        place, its claim the article's `c`th (-1: none). None: not a result's."""
        base = self._base(ref)
        if base is None:
            return None
        refs, articles, mentions, claims = self.place_refs
        refs.append(ref)
        articles.append(ref.article)
        mentions.append(base[2][p] + m)
        claims.append(base[1] + c if c >= 0 else -1)  # -1: the flat claims' last, None
        return _NEWOBJ, (PlaceRef,)


class _Lookup:
    """Pickled as map(<a flat list's __getitem__>, places): the objects at those places."""

    def __init__(self, at: Any, places: array[int]) -> None:
        self.at, self.places = at, places

    def reduce(self) -> Any:
        if not self.places:  # no flat list needed (nor made: a result may have no claims)
            return list, ()
        return map, (self.at, self.places)


REDUCERS = {**shells.FILL_REDUCERS, _Lookup: _Lookup.reduce}


def flat(name: str, results: list[Any]) -> Any:
    """What the loader gives for the placeholder `name` (one of NAMES): the __getitem__ of a
    list of the results' claims (and None last), place mentions or dates, in their order."""
    notes = map(operator.attrgetter("annotations"), results)
    chain = itertools.chain.from_iterable
    if name == "_claims_at":
        found = list(chain(map(operator.attrgetter("claims"), notes)))
        found.append(None)
    elif name == "_dates_at":
        found = list(chain(map(operator.attrgetter("dates"), notes)))
    else:
        places = chain(map(operator.attrgetter("places"), notes))
        found = list(chain(map(operator.attrgetter("mentions"), places)))
    return found.__getitem__
